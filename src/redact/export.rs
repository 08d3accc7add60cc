//! The exports of a redacted report, each ending with the receipt: Markdown for a
//! support ticket (errors first, next steps, the messages, the flow), JSON (the CLI
//! contract's schema plus `redaction`), a self-contained HTML page, and plain text.

use super::{Receipt, Redacted, UnreadLine};
use crate::report::render::{self, escape_md, md_code};
use crate::report::{Report, flow_row, html};
use std::fmt::Write;

/// The redacted report as Markdown: a summary of the errors and next steps first, then
/// each message, the HAR flow, and the receipt.
pub fn markdown(redacted: &Redacted) -> String {
    let report = &redacted.report;
    let mut out = String::new();
    let _ = writeln!(out, "# SAML Inspector report (redacted)\n");
    let errors = report.message_errors();
    if errors.is_empty() {
        let _ = writeln!(out, "No finding is an error.\n");
    } else {
        let _ = writeln!(out, "## Errors\n");
        for (number, finding) in &errors {
            let _ = writeln!(
                out,
                "- Message {number}, `{}`: {}  \n  {}",
                finding.id,
                escape_md(&finding.title),
                escape_md(&finding.detail)
            );
            if !finding.fix.is_empty() {
                let _ = writeln!(out, "  *Fix:* {}", escape_md(&finding.fix));
            }
        }
        out.push('\n');
    }
    let steps: Vec<_> = report.next_steps().collect();
    if !steps.is_empty() {
        let _ = writeln!(out, "## Next steps\n");
        for step in steps {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                escape_md(&step.title),
                escape_md(&step.detail)
            );
            if let Some(command) = &step.command {
                let _ = writeln!(out, "\n  ```\n  {}\n  ```", command.replace('\n', "\n  "));
            }
        }
        out.push('\n');
    }
    // The full report, without its title.
    let body = render::markdown(report);
    for line in body
        .lines()
        .skip_while(|line| line.starts_with("# ") || line.is_empty())
    {
        out.push_str(line);
        out.push('\n');
    }
    flow_markdown(&mut out, report);
    xml_markdown(&mut out, report);
    receipt_markdown(&mut out, &redacted.receipt);
    out
}

/// Each message's redacted XML in a fence `input::export` reads back, so the report can
/// be dropped into the page again; the fence's info string carries the capture time
/// (`~~~~~~~~xml captured-at=2024-05-01T12:00:02Z`), so the message is judged at it.
fn xml_markdown(out: &mut String, report: &Report) {
    for (number, message) in report.messages.iter().enumerate() {
        if let Some(xml) = &message.xml {
            let _ = writeln!(out, "\n## XML of message {} (redacted)\n", number + 1);
            let fence = crate::input::export::MARKDOWN_FENCE;
            let captured = message
                .origin
                .captured_at
                .map(|at| format!(" {}={at}", crate::input::export::CAPTURED_AT))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{fence}xml{captured}\n{}\n{fence}",
                xml.trim_end_matches('\n')
            );
        }
    }
}

fn flow_markdown(out: &mut String, report: &Report) {
    for input in report.inputs.iter().filter(|input| !input.flow.is_empty()) {
        let _ = writeln!(out, "\n## Flow of input {}\n", input.index);
        let _ = writeln!(
            out,
            "| # | method | URL | status | SAML |\n|---|---|---|---|---|"
        );
        for entry in &input.flow {
            let [index, method, url, status, saml] = flow_row(entry);
            let _ = writeln!(
                out,
                "| {index} | {} | `{}` | {status} | {saml} |",
                md_code(&method),
                md_code(&url)
            );
        }
    }
}

/// One line of [`Receipt::unread`] in words: `dropped whole: request body (HAR entry
/// 3, HAR entry 5 and 2 more): a type redaction does not read (text/plain)`.
pub fn unread_line(line: &UnreadLine) -> String {
    let more = if line.more > 0 {
        format!(" and {} more", line.more)
    } else {
        String::new()
    };
    format!(
        "{}: {} ({}{more}): {}",
        line.action.label(),
        line.what,
        line.places.join(", "),
        line.reason
    )
}

fn receipt_markdown(out: &mut String, receipt: &Receipt) {
    let _ = writeln!(out, "\n## Redaction receipt\n");
    if receipt.replaced.is_empty() && receipt.unread.is_empty() {
        let _ = writeln!(out, "Nothing needed replacing.");
    }
    for line in &receipt.replaced {
        let _ = writeln!(out, "- replaced {} {}", line.count, line.label);
    }
    if !receipt.unread.is_empty() {
        let _ = writeln!(
            out,
            "\nCould not be read, so not passed through (what, where, why):\n"
        );
        for line in &receipt.unread {
            let _ = writeln!(out, "- {}", escape_md(&unread_line(line)));
        }
    }
    let _ = writeln!(out, "\nKept on purpose:\n");
    for kept in &receipt.kept {
        let _ = writeln!(out, "- {}", escape_md(kept));
    }
    let _ = writeln!(out, "\n{}", escape_md(receipt.method));
}

/// The redacted report as plain text, with the receipt.
pub fn text(redacted: &Redacted) -> String {
    let mut out = render::text(&redacted.report);
    let _ = writeln!(out, "\nRedaction receipt");
    for line in &redacted.receipt.replaced {
        let _ = writeln!(out, "  replaced {} {}", line.count, line.label);
    }
    if !redacted.receipt.unread.is_empty() {
        let _ = writeln!(out, "  could not be read, so not passed through:");
        for line in &redacted.receipt.unread {
            let _ = writeln!(out, "    {}", unread_line(line));
        }
    }
    let _ = writeln!(out, "  kept on purpose:");
    for kept in &redacted.receipt.kept {
        let _ = writeln!(out, "    {kept}");
    }
    let _ = writeln!(out, "  {}", redacted.receipt.method);
    out
}

/// The redacted report as JSON: the contract's fields (`saml-inspector/report/v1`),
/// each message's `details` redacted, and `redaction` (the receipt).
pub fn json_value(redacted: &Redacted) -> serde_json::Value {
    let mut value = serde_json::to_value(&redacted.report).unwrap_or_default();
    if let Some(messages) = value.get_mut("messages").and_then(|m| m.as_array_mut()) {
        for (message, details) in messages.iter_mut().zip(&redacted.details) {
            if let Some(object) = message.as_object_mut() {
                object.insert("details".to_owned(), details.clone());
            }
        }
    }
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "redaction".to_owned(),
            serde_json::to_value(&redacted.receipt).unwrap_or_default(),
        );
    }
    value
}

/// [`json_value`], pretty-printed with a final newline.
pub fn json(redacted: &Redacted) -> String {
    let mut json = serde_json::to_string_pretty(&json_value(redacted)).unwrap_or_default();
    json.push('\n');
    json
}

/// The redacted report as a self-contained HTML page, with the receipt.
pub fn html(redacted: &Redacted) -> String {
    let mut receipt = String::new();
    let _ = write!(
        receipt,
        "<section class=\"receipt\"><h2>Redaction receipt</h2><ul>"
    );
    for line in &redacted.receipt.replaced {
        let _ = write!(
            receipt,
            "<li>replaced {} {}</li>",
            line.count,
            html::escape(line.label)
        );
    }
    if !redacted.receipt.unread.is_empty() {
        let _ = write!(
            receipt,
            "</ul><h3>Could not be read, so not passed through</h3><ul>"
        );
        for line in &redacted.receipt.unread {
            let _ = write!(receipt, "<li>{}</li>", html::escape(&unread_line(line)));
        }
    }
    let _ = write!(receipt, "</ul><h3>Kept on purpose</h3><ul>");
    for kept in &redacted.receipt.kept {
        let _ = write!(receipt, "<li>{}</li>", html::escape(kept));
    }
    let _ = write!(
        receipt,
        "</ul><p>{}</p></section>",
        html::escape(redacted.receipt.method)
    );
    html::page(
        &redacted.report,
        "SAML Inspector report (redacted)",
        &receipt,
    )
}
