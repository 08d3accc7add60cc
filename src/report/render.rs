//! Reports for people: plain text for terminals and Markdown for tickets.
//!
//! Values are shown quoted with escapes (`"alice "` shows its trailing space, a tab is
//! `\t`), because invisible characters are a common reason a login fails: through
//! [`crate::text::quote`], re-exported here.

pub use crate::text::{is_invisible, quote};

use super::{InputReport, MessageReport, Report, TimeSource};
use crate::checks::error_text::{ErrorTextMatch, ErrorTextSource, KNOWN};
use crate::checks::{Finding, Severity};
use crate::timestamp::describe_duration;
use std::fmt::Write;

/// What a message whose first finding says it was forged or altered shows first.
const FORGED: &str = "Forged or altered: do not trust this message (see the first finding).";

/// The report as plain text for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let [errors, warnings, _, _] = report.severity_counts();
    let _ = writeln!(
        out,
        "SAML Inspector: {} input(s), {} SAML message(s), {errors} error(s), {warnings} warning(s)",
        report.inputs.len(),
        report.messages.len()
    );
    let _ = writeln!(
        out,
        "Reference time: {} ({})",
        report.reference_time.value,
        describe_source(report.reference_time.source)
    );
    if let Some(seen) = report.error_text.as_ref().map(describe_error_text) {
        let _ = writeln!(out, "{}", one_line(&seen));
    }
    for input in &report.inputs {
        out.push('\n');
        let _ = writeln!(out, "Input {}: {}", input.index, describe_input(input));
        for finding in &input.findings {
            text_finding(&mut out, finding, "  ");
        }
        for note in &input.notes {
            let entry = note
                .har_entry
                .map(|entry| format!("entry {entry}: "))
                .unwrap_or_default();
            let _ = writeln!(out, "  note: {entry}{}", note.message);
        }
        for certificate in &input.certificates {
            let _ = writeln!(
                out,
                "  certificate: {} ({}), valid {} to {}, SHA-256 {}",
                certificate.subject,
                certificate.key,
                certificate.not_before,
                certificate.not_after,
                certificate.sha256_fingerprint
            );
        }
    }
    for (number, message) in report.messages.iter().enumerate() {
        out.push('\n');
        let _ = writeln!(
            out,
            "Message {} of {}: {} {}",
            number + 1,
            report.messages.len(),
            message.kind.as_str(),
            describe_origin(message)
        );
        if let Some(read_back) = &message.read_back {
            let _ = writeln!(out, "  {}", read_back.verdict());
        }
        if message.forged_or_altered() {
            let _ = writeln!(out, "  {FORGED}");
        }
        let field = |out: &mut String, label: &str, value: Option<&str>| {
            if let Some(value) = value {
                let _ = writeln!(out, "  {label:<13}{}", quote(value));
            }
        };
        field(&mut out, "ID", message.id.as_deref());
        field(&mut out, "Issuer", message.issuer.as_deref());
        field(&mut out, "Destination", message.destination.as_deref());
        if let Some(subject) = &message.subject {
            let format = subject
                .format
                .as_deref()
                .map(|format| format!(" (format {})", short_urn(format)))
                .unwrap_or_default();
            let _ = writeln!(out, "  {:<13}{}{format}", "NameID", quote(&subject.name_id));
        }
        field(&mut out, "RelayState", message.relay_state.as_deref());
        if !message.attributes.is_empty() {
            let _ = writeln!(out, "  Attributes");
            for attribute in &message.attributes {
                let values: Vec<String> = attribute.values.iter().map(|v| quote(v)).collect();
                let _ = writeln!(out, "    {} = {}", attribute.name, values.join(", "));
            }
        }
        if !message.signatures.is_empty() {
            let _ = writeln!(out, "  Signatures");
            for signature in &message.signatures {
                let algorithm = signature
                    .signature_method
                    .as_deref()
                    .map(short_algorithm)
                    .unwrap_or("no SignatureMethod");
                let _ = writeln!(
                    out,
                    "    on {}: {}, {algorithm}; {}",
                    signature.target, signature.status, signature.reason
                );
                if let Some(certificate) = &signature.certificate {
                    let _ = writeln!(
                        out,
                        "      certificate {} ({}), valid {} to {}, SHA-256 {}",
                        certificate.subject,
                        certificate.key,
                        certificate.not_before,
                        certificate.not_after,
                        certificate.sha256_fingerprint
                    );
                }
            }
        }
        let _ = writeln!(out, "  Findings");
        for finding in &message.findings {
            text_finding(&mut out, finding, "    ");
        }
        if !message.next_steps.is_empty() {
            let _ = writeln!(out, "  Next steps");
            for step in &message.next_steps {
                let _ = writeln!(out, "    - {}", step.title);
                if let Some(command) = &step.command {
                    let _ = writeln!(out, "        $ {}", one_line(command));
                }
                if !step.detail.is_empty() {
                    let _ = writeln!(out, "      {}", one_line(&step.detail));
                }
            }
        }
    }
    out
}

/// The error the user saw, where it came from, and what it usually means: "Error seen
/// (found in the HAR): "Your request included an invalid SAML response." The findings
/// marked as explaining it come first."
pub fn describe_error_text(matched: &ErrorTextMatch) -> String {
    let source = match matched.source {
        ErrorTextSource::Har => "found in the HAR",
        ErrorTextSource::User => "as you gave it",
    };
    let known = matched
        .known
        .and_then(|text| KNOWN.iter().find(|known| known.text == text));
    match known {
        Some(known) => format!(
            "Error seen ({source}): {}. {} The findings that explain it come first.",
            quote(&matched.text),
            known.explanation
        ),
        None => format!(
            "Error seen ({source}): {}. It is not one of the error texts we know, so the findings keep their usual order.",
            quote(&matched.text)
        ),
    }
}

/// Keeps a value on one line (a command or detail is never allowed to fake a new line
/// of the report).
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

fn text_finding(out: &mut String, finding: &Finding, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}[{}] {}: {}{}",
        finding.severity.label(),
        finding.id,
        finding.title,
        if finding.explains_error {
            "  <- explains your error"
        } else {
            ""
        }
    );
    if finding.severity != Severity::Pass {
        let _ = writeln!(out, "{indent}    {}", finding.detail);
        if !finding.fix.is_empty() {
            let _ = writeln!(out, "{indent}    Fix: {}", finding.fix);
        }
    }
}

/// The report as Markdown, for a support ticket: errors first.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let [errors, warnings, _, passes] = report.severity_counts();
    let _ = writeln!(out, "# SAML Inspector report\n");
    let _ = writeln!(
        out,
        "{} input(s), {} SAML message(s): **{errors} error(s)**, {warnings} warning(s), {passes} check(s) passed. Reference time {} ({}).\n",
        report.inputs.len(),
        report.messages.len(),
        report.reference_time.value,
        describe_source(report.reference_time.source)
    );
    if let Some(seen) = report.error_text.as_ref().map(describe_error_text) {
        let _ = writeln!(out, "{}\n", escape_md(&one_line(&seen)));
    }
    let _ = writeln!(out, "## Inputs\n");
    for input in &report.inputs {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            input.index,
            escape_md(&describe_input(input))
        );
        for finding in &input.findings {
            md_finding(&mut out, finding, "  ");
        }
    }
    for (number, message) in report.messages.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n## Message {}: {} {}\n",
            number + 1,
            message.kind.as_str(),
            escape_md(&describe_origin(message))
        );
        if let Some(read_back) = &message.read_back {
            let _ = writeln!(out, "*{}*\n", escape_md(&read_back.verdict()));
        }
        if message.forged_or_altered() {
            let _ = writeln!(out, "**{}**\n", escape_md(FORGED));
        }
        let _ = writeln!(out, "| field | value |\n|---|---|");
        let mut row = |label: &str, value: Option<&str>| {
            if let Some(value) = value {
                let _ = writeln!(out, "| {label} | `{}` |", md_code(&quote(value)));
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
                    .map(|value| format!("`{}`", md_code(&quote(value))))
                    .collect();
                let _ = writeln!(
                    out,
                    "| `{}` | {} |",
                    md_code(&attribute.name),
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
                    signature.target,
                    signature.status,
                    signature
                        .signature_method
                        .as_deref()
                        .map(short_algorithm)
                        .unwrap_or("no SignatureMethod"),
                    escape_md(&signature.reason)
                );
            }
        }
        let _ = writeln!(out, "\n**Findings**\n");
        for finding in &message.findings {
            md_finding(&mut out, finding, "");
        }
        if !message.next_steps.is_empty() {
            let _ = writeln!(out, "\n**Next steps**\n");
            for step in &message.next_steps {
                let _ = writeln!(out, "- {}", escape_md(&step.title));
                if !step.detail.is_empty() {
                    let _ = writeln!(out, "  {}", escape_md(&step.detail));
                }
                if let Some(command) = &step.command {
                    let fence = code_fence(command);
                    let _ = writeln!(out, "\n  {fence}sh\n  {}\n  {fence}", one_line(command));
                }
            }
        }
    }
    out
}

/// A backtick fence longer than any run of backticks in `code`, so the code cannot close
/// it (CommonMark §4.5).
fn code_fence(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn md_finding(out: &mut String, finding: &Finding, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}- **{}** `{}`: {}{}",
        finding.severity.label(),
        finding.id,
        escape_md(&finding.title),
        if finding.explains_error {
            " — *explains your error*"
        } else {
            ""
        }
    );
    if finding.severity != Severity::Pass {
        let _ = writeln!(out, "{indent}  {}", escape_md(&finding.detail));
        if !finding.fix.is_empty() {
            let _ = writeln!(out, "{indent}  *Fix:* {}", escape_md(&finding.fix));
        }
    }
}

/// Escapes Markdown's active characters in running text (and HTML, so a value cannot
/// inject markup into a rendered ticket).
pub(crate) fn escape_md(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\n' | '\r' => escaped.push(' '),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Makes text safe inside a single-backtick code span in a table cell.
pub(crate) fn md_code(text: &str) -> String {
    text.replace('`', "'")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

pub(crate) fn describe_source(source: TimeSource) -> &'static str {
    match source {
        TimeSource::Har => "HAR capture time",
        TimeSource::User => "chosen by the user",
        TimeSource::Clock => "current time",
    }
}

fn describe_input(input: &InputReport) -> String {
    let kind = crate::checks::decoding::describe_kind(input.kind);
    let mut text = format!("{} ({kind}, {} bytes", input.name, input.bytes);
    if !input.flow.is_empty() {
        let _ = write!(text, ", {} requests", input.flow.len());
    }
    if let Some(captured_at) = input.captured_at {
        let _ = write!(text, ", captured {captured_at}");
    }
    text.push(')');
    if let Some(error) = &input.error {
        let _ = write!(text, ": {error}");
    }
    text
}

fn describe_origin(message: &MessageReport) -> String {
    let origin = &message.origin;
    let mut parts = vec![format!(
        "via {}",
        serde_json::to_value(origin.binding)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    )];
    if let Some(parameter) = origin.parameter {
        parts.push(parameter.to_owned());
    }
    if let Some(entry) = origin.har_entry {
        parts.push(format!("HAR entry {entry}"));
    }
    if let (Some(method), Some(url)) = (&origin.method, &origin.url) {
        parts.push(format!("{method} {url}"));
    } else if let Some(url) = &origin.url {
        parts.push(url.clone());
    }
    if let Some(status) = origin.http_status {
        parts.push(format!("HTTP {status}"));
    }
    if let Some(captured_at) = origin.captured_at {
        let offset = message.reference_time.value.millis_since(captured_at);
        if offset == 0 {
            parts.push(format!("at {captured_at}"));
        } else {
            parts.push(format!("at {captured_at} ({})", describe_duration(offset)));
        }
    }
    format!("({})", parts.join(", "))
}

/// The last part of a SAML URN, e.g. `emailAddress`.
pub fn short_urn(urn: &str) -> &str {
    urn.rsplit(':').next().unwrap_or(urn)
}

/// The fragment of an XML-DSig algorithm URI, e.g. `rsa-sha256`.
pub fn short_algorithm(uri: &str) -> &str {
    uri.rsplit(['#', '/'])
        .next()
        .filter(|tail| !tail.is_empty())
        .unwrap_or(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(escape_md("a|b <script>"), "a\\|b \\<script\\>");
        assert_eq!(md_code("x`y|z"), "x'y\\|z");
    }

    #[test]
    fn code_fences_outlast_backticks_in_the_code() {
        assert_eq!(code_fence("aws iam list-saml-providers"), "```");
        assert_eq!(code_fence("a````b"), "`````");
        assert_eq!(one_line("a\nb\rc"), "a b c");
    }

    #[test]
    fn short_names() {
        assert_eq!(
            short_urn("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"),
            "emailAddress"
        );
        assert_eq!(
            short_algorithm("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
            "rsa-sha256"
        );
    }
}
