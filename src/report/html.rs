//! The report as one self-contained HTML page (`saml-inspect --format html`, and the
//! redacted HTML export): inline CSS, no scripts, no external resource, laid out to
//! print cleanly. Errors come first.
//!
//! Every text is escaped with [`escape`]; text a person reads is first made visible with
//! [`escape_terminal`] ([`shown`]), so a bidi override or a zero-width character in a
//! value shows as its escape instead of reordering or hiding what is around it. Each
//! message's XML is escaped exactly (control characters as numeric references), so
//! `input::export` reads it back as received.

pub use crate::text::escape_html as escape;

use super::words::{
    FLOW_NUMBERING, ReceiptLines, describe_also_captured, describe_error_text, flow_row, quote,
    request_number,
};
use super::{MessageReport, Report};
use crate::checks::{Finding, Severity};
use crate::text::escape_terminal;
use std::fmt::Write;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}\
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\
code{font:13px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}\
.error{color:#a00}.warning{color:#850}.info{color:#035}.pass{color:#060}\
li{margin:.2em 0}section{break-inside:avoid}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}";

/// Text a person reads, in HTML: invisible and control characters shown as escapes
/// ([`escape_terminal`]), then HTML-escaped.
fn shown(text: &str) -> String {
    escape(&escape_terminal(text))
}

/// A redacted report as an HTML page, with its receipt at the end.
pub fn redacted(report: &Report, receipt: &ReceiptLines) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<section class=\"receipt\"><h2>Redaction receipt</h2><ul>"
    );
    for (count, label) in &receipt.replaced {
        let _ = write!(html, "<li>replaced {count} {}</li>", shown(label));
    }
    if !receipt.unread.is_empty() {
        let _ = write!(
            html,
            "</ul><h3>Could not be read, so not passed through</h3><ul>"
        );
        for line in &receipt.unread {
            let _ = write!(html, "<li>{}</li>", shown(line));
        }
    }
    let _ = write!(html, "</ul><h3>Kept on purpose</h3><ul>");
    for kept in &receipt.kept {
        let _ = write!(html, "<li>{}</li>", shown(kept));
    }
    let _ = write!(html, "</ul><p>{}</p></section>", shown(&receipt.method));
    page(report, "SAML Inspector report (redacted)", &html)
}

/// The report as an HTML page titled `title`; `appendix` is our own HTML placed at the
/// end (the redaction receipt of [`redacted`]), never a message's text.
pub fn page(report: &Report, title: &str, appendix: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    );
    let [errors, warnings, _, passes] = report.severity_counts();
    let _ = writeln!(
        out,
        "<p>{} input(s), {} SAML message(s): <strong>{errors} error(s)</strong>, {warnings} warning(s), {passes} check(s) passed. Reference time {}.</p>",
        report.inputs.len(),
        report.messages.len(),
        escape(&report.reference_time.value.to_string())
    );
    if let Some(seen) = report.error_text.as_ref().map(describe_error_text) {
        let _ = writeln!(out, "<p><strong>{}</strong></p>", shown(&seen));
    }
    let errors = report.message_errors();
    if !errors.is_empty() {
        let _ = write!(out, "<section><h2>Errors</h2><ul>");
        for (number, finding) in errors {
            let _ = write!(out, "<li>Message {number}: ");
            finding_html(&mut out, finding);
            out.push_str("</li>");
        }
        let _ = writeln!(out, "</ul></section>");
    }
    let steps: Vec<_> = report.next_steps().collect();
    if !steps.is_empty() {
        let _ = write!(out, "<section><h2>Next steps</h2><ul>");
        for step in steps {
            let _ = write!(
                out,
                "<li><strong>{}</strong>: {}",
                shown(&step.title),
                shown(&step.detail)
            );
            if let Some(command) = &step.command {
                let _ = write!(out, "<br><code>{}</code>", shown(command));
            }
            out.push_str("</li>");
        }
        let _ = writeln!(out, "</ul></section>");
    }
    for (number, message) in report.messages.iter().enumerate() {
        message_html(&mut out, number + 1, message);
    }
    for input in report.inputs.iter().filter(|input| !input.flow.is_empty()) {
        let _ = write!(
            out,
            "<section><h2>Flow of input {}</h2><p>{}</p><table><tr><th>request (har_entry + 1)</th><th>method</th><th>URL</th><th>status</th><th>SAML</th></tr>",
            crate::input::input_number(input.index),
            shown(FLOW_NUMBERING)
        );
        for entry in &input.flow {
            let [number, method, url, status, saml] = flow_row(entry).map(|cell| shown(&cell));
            let _ = write!(
                out,
                "<tr><td>{number}</td><td>{method}</td><td><code>{url}</code></td><td>{status}</td><td>{saml}</td></tr>"
            );
        }
        let _ = writeln!(out, "</table></section>");
    }
    // Each message's XML as received (as redacted, in a redacted export), so the page and
    // `saml-inspect` can read this report back (`input::export`).
    for (number, message) in report.messages.iter().enumerate() {
        if let Some(xml) = &message.xml {
            let captured = message
                .origin
                .captured_at
                .map(|at| format!(" data-{}=\"{at}\"", crate::input::export::CAPTURED_AT))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<details><summary>XML of message {}</summary><pre class=\"{}\"{captured}>{}</pre></details>",
                number + 1,
                crate::input::export::HTML_XML_CLASS,
                escape(xml)
            );
        }
    }
    out.push_str(appendix);
    out.push_str("\n</body></html>\n");
    out
}

fn message_html(out: &mut String, number: usize, message: &MessageReport) {
    let _ = write!(
        out,
        "<section><h2>Message {number}: {}</h2>{}<table>",
        escape(message.kind.as_str()),
        message
            .read_back
            .as_ref()
            .map(|read_back| format!("<p><em>{}</em></p>", escape(&read_back.verdict())))
            .unwrap_or_default()
    );
    if let Some(entry) = message.origin.har_entry {
        let _ = write!(
            out,
            "<tr><th>Request</th><td>{}</td></tr>",
            request_number(entry)
        );
    }
    // The same message captured twice (the IdP's auto-post page and the POST of it).
    if let Some(also) = describe_also_captured(message) {
        let _ = write!(out, "<tr><th>Captured</th><td>{}</td></tr>", escape(&also));
    }
    let mut row = |label: &str, value: Option<&str>| {
        if let Some(value) = value {
            let _ = write!(
                out,
                "<tr><th>{label}</th><td><code>{}</code></td></tr>",
                escape(&quote(value))
            );
        }
    };
    row("URL", message.origin.url.as_deref());
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
    row("RelayState", message.relay_state.as_deref());
    for attribute in &message.attributes {
        let values: Vec<String> = attribute.values.iter().map(|value| quote(value)).collect();
        let _ = write!(
            out,
            "<tr><th><code>{}</code></th><td><code>{}</code></td></tr>",
            shown(&attribute.name),
            escape(&values.join(", "))
        );
    }
    out.push_str("</table>");
    if !message.signatures.is_empty() {
        out.push_str("<h3>Signatures</h3><ul>");
        for signature in &message.signatures {
            let _ = write!(
                out,
                "<li>on {}: {}; {}</li>",
                shown(&signature.target),
                signature.status,
                shown(&signature.reason)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("<h3>Findings</h3><ul>");
    // What explains the user's error first, then by severity (a stable sort keeps the
    // checks' order within each).
    let mut findings: Vec<&Finding> = message.findings.iter().collect();
    findings.sort_by_key(|finding| (!finding.explains_error, finding.severity));
    for finding in findings {
        out.push_str("<li>");
        finding_html(out, finding);
        out.push_str("</li>");
    }
    let _ = writeln!(out, "</ul></section>");
}

fn finding_html(out: &mut String, finding: &Finding) {
    let label = finding.severity.label();
    let _ = write!(
        out,
        "<strong class=\"{label}\">{label}</strong> <code>{}</code>: {}",
        finding.id,
        shown(&finding.title)
    );
    if finding.explains_error {
        out.push_str(" — <em>explains your error</em>");
    }
    if finding.severity != Severity::Pass {
        let _ = write!(out, "<br>{}", shown(&finding.detail));
        if !finding.fix.is_empty() {
            let _ = write!(out, "<br><em>Fix:</em> {}", shown(&finding.fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn a_page_has_no_script_and_escapes_values() {
        let xml = crate::testing::ResponseSpec {
            name_id: Some("&lt;script&gt;alert(1)&lt;/script&gt;".to_owned()),
            ..Default::default()
        }
        .xml();
        let report = crate::testing::analyze_texts(&[&xml], &Default::default());
        let page = page(&report, "t", "");
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
    }
}
