//! The report as plain text for a terminal (`saml-inspect`'s default output, and the
//! redacted text export).
//!
//! Values are shown [`quote`]d (`"alice "` shows its trailing space, a tab is `\t`),
//! because invisible characters are a common reason a login fails. Every line goes out
//! through [`Lines::line`], which escapes it for a terminal ([`escape_terminal`]): no
//! value, quoted or not (a file name, a URL, a certificate's subject, a finding's
//! detail), can send an escape sequence, start a line of its own or reorder the line
//! it is on.

use super::words::{
    FORGED, ReceiptLines, describe_error_text, describe_input, describe_origin, describe_source,
    quote, short_algorithm, short_urn,
};
use super::{MessageReport, Report};
use crate::checks::{Finding, Severity};
use crate::input::request_label;
use crate::text::escape_terminal;

/// The report as plain text for a terminal.
pub fn text(report: &Report) -> String {
    let mut lines = Lines::default();
    report_lines(&mut lines, report);
    lines.0
}

/// A redacted report as plain text, with its receipt at the end.
pub fn redacted(report: &Report, receipt: &ReceiptLines) -> String {
    let mut lines = Lines::default();
    report_lines(&mut lines, report);
    lines.blank();
    lines.line("Redaction receipt");
    for (count, label) in &receipt.replaced {
        lines.line(format!("  replaced {count} {label}"));
    }
    if !receipt.unread.is_empty() {
        lines.line("  could not be read, so not passed through:");
        for line in &receipt.unread {
            lines.line(format!("    {line}"));
        }
    }
    lines.line("  kept on purpose:");
    for kept in &receipt.kept {
        lines.line(format!("    {kept}"));
    }
    lines.line(format!("  {}", receipt.method));
    lines.0
}

/// Text made of lines, each escaped for a terminal as it is added.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// Adds `text` as one line: every control, invisible or line-breaking character in
    /// it is written as its escape ([`escape_terminal`]).
    fn line(&mut self, text: impl AsRef<str>) {
        self.0.push_str(&escape_terminal(text.as_ref()));
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }
}

fn report_lines(lines: &mut Lines, report: &Report) {
    let [errors, warnings, _, _] = report.severity_counts();
    lines.line(format!(
        "SAML Inspector: {} input(s), {} SAML message(s), {errors} error(s), {warnings} warning(s)",
        report.inputs.len(),
        report.messages.len()
    ));
    lines.line(format!(
        "Reference time: {} ({})",
        report.reference_time.value,
        describe_source(report.reference_time.source)
    ));
    if let Some(seen) = report.error_text.as_ref().map(describe_error_text) {
        lines.line(seen);
    }
    for input in &report.inputs {
        lines.blank();
        lines.line(format!(
            "Input {}: {}",
            crate::input::input_number(input.index),
            describe_input(input)
        ));
        for finding in &input.findings {
            finding_lines(lines, finding, "  ");
        }
        for note in &input.notes {
            let entry = note
                .har_entry
                .map(|entry| format!("{}: ", request_label(entry)))
                .unwrap_or_default();
            lines.line(format!("  note: {entry}{}", note.message));
        }
        for certificate in &input.certificates {
            lines.line(format!(
                "  certificate: {} ({}), valid {} to {}, SHA-256 {}",
                certificate.subject,
                certificate.key,
                certificate.not_before,
                certificate.not_after,
                certificate.sha256_fingerprint
            ));
        }
    }
    for (number, message) in report.messages.iter().enumerate() {
        lines.blank();
        message_lines(lines, number + 1, report.messages.len(), message);
    }
}

fn message_lines(lines: &mut Lines, number: usize, count: usize, message: &MessageReport) {
    lines.line(format!(
        "Message {number} of {count}: {} {}",
        message.kind.as_str(),
        describe_origin(message)
    ));
    if let Some(read_back) = &message.read_back {
        lines.line(format!("  {}", read_back.verdict()));
    }
    if message.forged_or_altered() {
        lines.line(format!("  {FORGED}"));
    }
    let mut field = |label: &str, value: Option<&str>| {
        if let Some(value) = value {
            lines.line(format!("  {label:<13}{}", quote(value)));
        }
    };
    field("ID", message.id.as_deref());
    field("Issuer", message.issuer.as_deref());
    field("Destination", message.destination.as_deref());
    if let Some(subject) = &message.subject {
        let format = subject
            .format
            .as_deref()
            .map(|format| format!(" (format {})", short_urn(format)))
            .unwrap_or_default();
        lines.line(format!(
            "  {:<13}{}{format}",
            "NameID",
            quote(&subject.name_id)
        ));
    }
    if let Some(relay_state) = message.relay_state.as_deref() {
        lines.line(format!("  {:<13}{}", "RelayState", quote(relay_state)));
    }
    if !message.attributes.is_empty() {
        lines.line("  Attributes");
        for attribute in &message.attributes {
            let values: Vec<String> = attribute.values.iter().map(|v| quote(v)).collect();
            lines.line(format!("    {} = {}", attribute.name, values.join(", ")));
        }
    }
    if !message.signatures.is_empty() {
        lines.line("  Signatures");
        for signature in &message.signatures {
            let algorithm = signature
                .signature_method
                .as_deref()
                .map(short_algorithm)
                .unwrap_or("no SignatureMethod");
            lines.line(format!(
                "    on {}: {}, {algorithm}; {}",
                signature.target, signature.status, signature.reason
            ));
            if let Some(certificate) = &signature.certificate {
                lines.line(format!(
                    "      certificate {} ({}), valid {} to {}, SHA-256 {}",
                    certificate.subject,
                    certificate.key,
                    certificate.not_before,
                    certificate.not_after,
                    certificate.sha256_fingerprint
                ));
            }
        }
    }
    lines.line("  Findings");
    for finding in &message.findings {
        finding_lines(lines, finding, "    ");
    }
    if !message.next_steps.is_empty() {
        lines.line("  Next steps");
        for step in &message.next_steps {
            lines.line(format!("    - {}", step.title));
            if let Some(command) = &step.command {
                lines.line(format!("        $ {command}"));
            }
            if !step.detail.is_empty() {
                lines.line(format!("      {}", step.detail));
            }
        }
    }
}

fn finding_lines(lines: &mut Lines, finding: &Finding, indent: &str) {
    lines.line(format!(
        "{indent}[{}] {}: {}{}",
        finding.severity.label(),
        finding.id,
        finding.title,
        if finding.explains_error {
            "  <- explains your error"
        } else {
            ""
        }
    ));
    if finding.severity != Severity::Pass {
        lines.line(format!("{indent}    {}", finding.detail));
        if !finding.fix.is_empty() {
            lines.line(format!("{indent}    Fix: {}", finding.fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cannot_break_or_escape() {
        let mut lines = Lines::default();
        lines.line("a\nfake line\u{1b}[2J\u{1b}]52;c;eA==\u{7}\u{202e}x");
        lines.blank();
        assert_eq!(
            lines.0,
            "a\\nfake line\\u{1b}[2J\\u{1b}]52;c;eA==\\u{7}\\u{202e}x\n\n"
        );
    }
}
