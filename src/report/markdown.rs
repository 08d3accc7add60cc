//! The report as Markdown for a support ticket (`saml-inspect --format markdown`), and
//! the redacted Markdown export the page copies and downloads.
//!
//! Written for CommonMark and GitHub Flavored Markdown, and safe in both: every value
//! is either code ([`markdown_code`] in tables, [`markdown_fence`] around commands and
//! XML) or running text escaped by [`escape_markdown`], so no value can open a link, an
//! image (GFM's autolinks included), raw HTML or a block of its own, or close the code
//! it is in. Nothing here ever makes a link or an image. `tests/hostile_outputs.rs`
//! renders the Markdown of hostile messages with `cmark-gfm` to check it.

use super::words::{
    FLOW_NUMBERING, FORGED, ReceiptLines, describe_error_text, describe_input, describe_origin,
    describe_source, flow_row, quote, short_algorithm,
};
use super::{MessageReport, Report};
use crate::checks::{Finding, Severity};
use crate::input::export::{CAPTURED_AT, MARKDOWN_FENCE};
use crate::text::{
    escape_markdown, escape_terminal, escape_terminal_lines, markdown_code, markdown_fence,
    xml_char_references,
};
use std::fmt::Write;

/// The report as Markdown, for a support ticket: errors first.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# SAML Inspector report\n");
    body(&mut out, report);
    escape_terminal_lines(&out)
}

/// A redacted report as Markdown: a summary of the errors and next steps first, then
/// each message, the HAR flow, each message's redacted XML (which the page and
/// `saml-inspect` read back) and the receipt.
pub fn redacted(report: &Report, receipt: &ReceiptLines) -> String {
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
                "- Message {number}, {}: {}  \n  {}",
                markdown_code(finding.id.as_str()),
                escape_markdown(&finding.title),
                escape_markdown(&finding.detail)
            );
            if !finding.fix.is_empty() {
                let _ = writeln!(out, "  *Fix:* {}", escape_markdown(&finding.fix));
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
                escape_markdown(&step.title),
                escape_markdown(&step.detail)
            );
            if let Some(command) = &step.command {
                command_block(&mut out, command, "");
            }
        }
        out.push('\n');
    }
    body(&mut out, report);
    flow(&mut out, report);
    xml(&mut out, report);
    receipt_markdown(&mut out, receipt);
    escape_terminal_lines(&out)
}

/// Everything after the title: the summary, the inputs and each message.
fn body(out: &mut String, report: &Report) {
    let [errors, warnings, _, passes] = report.severity_counts();
    let _ = writeln!(
        out,
        "{} input(s), {} SAML message(s): **{errors} error(s)**, {warnings} warning(s), {passes} check(s) passed. Reference time {} ({}).\n",
        report.inputs.len(),
        report.messages.len(),
        report.reference_time.value,
        describe_source(report.reference_time.source)
    );
    if let Some(seen) = report.error_text.as_ref().map(describe_error_text) {
        let _ = writeln!(out, "{}\n", escape_markdown(&seen));
    }
    let _ = writeln!(out, "## Inputs\n");
    for input in &report.inputs {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            crate::input::input_number(input.index),
            escape_markdown(&describe_input(input))
        );
        for finding in &input.findings {
            finding_markdown(out, finding, "  ");
        }
    }
    for (number, message) in report.messages.iter().enumerate() {
        message_markdown(out, number + 1, message);
    }
}

fn message_markdown(out: &mut String, number: usize, message: &MessageReport) {
    let _ = writeln!(
        out,
        "\n## Message {number}: {} {}\n",
        message.kind.as_str(),
        escape_markdown(&describe_origin(message))
    );
    if let Some(read_back) = &message.read_back {
        let _ = writeln!(out, "*{}*\n", escape_markdown(&read_back.verdict()));
    }
    if message.forged_or_altered() {
        let _ = writeln!(out, "**{}**\n", escape_markdown(FORGED));
    }
    let _ = writeln!(out, "| field | value |\n|---|---|");
    let mut row = |label: &str, value: Option<&str>| {
        if let Some(value) = value {
            let _ = writeln!(out, "| {label} | {} |", markdown_code(&quote(value)));
        }
    };
    row("ID", message.id.as_deref());
    row("Issuer", message.issuer.as_deref());
    row("Destination", message.destination.as_deref());
    row(
        "NameID",
        message
            .subject
            .as_ref()
            .map(|subject| subject.name_id.as_str()),
    );
    row(
        "NameID format",
        message
            .subject
            .as_ref()
            .and_then(|subject| subject.format.as_deref()),
    );
    row("RelayState", message.relay_state.as_deref());
    if !message.attributes.is_empty() {
        let _ = writeln!(out, "\n| attribute | value(s) |\n|---|---|");
        for attribute in &message.attributes {
            let values: Vec<String> = attribute
                .values
                .iter()
                .map(|value| markdown_code(&quote(value)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                markdown_code(&attribute.name),
                values.join("<br>")
            );
        }
    }
    if !message.signatures.is_empty() {
        let _ = writeln!(out, "\n**Signatures**\n");
        for signature in &message.signatures {
            let _ = writeln!(
                out,
                "- on {}: {} ({}); {}",
                escape_markdown(&signature.target),
                signature.status,
                escape_markdown(
                    signature
                        .signature_method
                        .as_deref()
                        .map(short_algorithm)
                        .unwrap_or("no SignatureMethod")
                ),
                escape_markdown(&signature.reason)
            );
        }
    }
    let _ = writeln!(out, "\n**Findings**\n");
    for finding in &message.findings {
        finding_markdown(out, finding, "");
    }
    if !message.next_steps.is_empty() {
        let _ = writeln!(out, "\n**Next steps**\n");
        for step in &message.next_steps {
            let _ = writeln!(out, "- {}", escape_markdown(&step.title));
            if !step.detail.is_empty() {
                let _ = writeln!(out, "  {}", escape_markdown(&step.detail));
            }
            if let Some(command) = &step.command {
                command_block(out, command, "sh");
            }
        }
    }
}

/// A command in a fenced code block inside a list item: one line, the fence longer
/// than any run of backticks or tildes in it.
fn command_block(out: &mut String, command: &str, info: &str) {
    let command = escape_terminal(command);
    let fence = markdown_fence(&command, '`', 3);
    let _ = writeln!(out, "\n  {fence}{info}\n  {command}\n  {fence}");
}

fn finding_markdown(out: &mut String, finding: &Finding, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}- **{}** {}: {}{}",
        finding.severity.label(),
        markdown_code(finding.id.as_str()),
        escape_markdown(&finding.title),
        if finding.explains_error {
            " — *explains your error*"
        } else {
            ""
        }
    );
    if finding.severity != Severity::Pass {
        let _ = writeln!(out, "{indent}  {}", escape_markdown(&finding.detail));
        if !finding.fix.is_empty() {
            let _ = writeln!(out, "{indent}  *Fix:* {}", escape_markdown(&finding.fix));
        }
    }
}

/// Each HAR's requests in a table, numbered as people count them.
fn flow(out: &mut String, report: &Report) {
    for input in report.inputs.iter().filter(|input| !input.flow.is_empty()) {
        let _ = writeln!(
            out,
            "\n## Flow of input {}\n",
            crate::input::input_number(input.index)
        );
        let _ = writeln!(out, "{}\n", escape_markdown(FLOW_NUMBERING));
        let _ = writeln!(
            out,
            "| request (har_entry + 1) | method | URL | status | SAML |\n|---|---|---|---|---|"
        );
        for entry in &input.flow {
            let [number, method, url, status, saml] = flow_row(entry);
            let _ = writeln!(
                out,
                "| {number} | {} | {} | {} | {} |",
                markdown_code(&method),
                markdown_code(&url),
                escape_markdown(&status),
                escape_markdown(&saml)
            );
        }
    }
}

/// Each message's redacted XML in a fence `input::export` reads back, so the report can
/// be dropped into the page again; the fence's info string carries the capture time
/// (`~~~~~~~~xml captured-at=2024-05-01T12:00:02Z`), so the message is judged at it.
/// The fence is longer than any run of tildes or backticks in the XML, and control
/// and invisible characters are written as XML character references.
fn xml(out: &mut String, report: &Report) {
    for (number, message) in report.messages.iter().enumerate() {
        let Some(xml) = &message.xml else {
            continue;
        };
        let _ = writeln!(
            out,
            "\n## XML of message {number} (redacted)\n",
            number = number + 1
        );
        let xml = xml_char_references(xml.trim_end_matches('\n'));
        let fence = markdown_fence(&xml, '~', MARKDOWN_FENCE.len());
        let captured = message
            .origin
            .captured_at
            .map(|at| format!(" {CAPTURED_AT}={at}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{fence}xml{captured}\n{xml}\n{fence}");
    }
}

fn receipt_markdown(out: &mut String, receipt: &ReceiptLines) {
    let _ = writeln!(out, "\n## Redaction receipt\n");
    if receipt.replaced.is_empty() && receipt.unread.is_empty() {
        let _ = writeln!(out, "Nothing needed replacing.");
    }
    for (count, label) in &receipt.replaced {
        let _ = writeln!(out, "- replaced {count} {}", escape_markdown(label));
    }
    if !receipt.unread.is_empty() {
        let _ = writeln!(
            out,
            "\nCould not be read, so not passed through (what, where, why):\n"
        );
        for line in &receipt.unread {
            let _ = writeln!(out, "- {}", escape_markdown(line));
        }
    }
    let _ = writeln!(out, "\nKept on purpose:\n");
    for kept in &receipt.kept {
        let _ = writeln!(out, "- {}", escape_markdown(kept));
    }
    let _ = writeln!(out, "\n{}", escape_markdown(&receipt.method));
}
