//! Reading our own reports back: a JSON, Markdown or HTML report exported by the page
//! or `saml-inspect` (typically redacted, to send to support) carries each message's XML,
//! so dropping it into the page analyses those messages again. A redacted report also
//! says it is one, and carries the findings computed before redaction: those are what the
//! read-back shows (a redacted message's signatures cannot be checked again, their values
//! were replaced, and its pseudonyms are not the values that were judged).

use crate::rules::{RuleId, Severity};
use crate::text::unescape_markdown;
use crate::timestamp::Timestamp;
use serde::Deserialize;

/// The schema identifier at the top of every JSON report of ours
/// (`saml-inspector/report/v1`): what this reader recognises, and what `report` writes
/// (it re-exports this constant as `report::SCHEMA`).
pub const REPORT_SCHEMA: &str = "saml-inspector/report/v1";
const SCHEMA: &str = REPORT_SCHEMA;
/// The fence around a message's XML in a Markdown export: long enough that no XML line
/// is mistaken for it.
pub const MARKDOWN_FENCE: &str = "~~~~~~~~";
/// The class of the `<pre>` holding a message's XML in an HTML export.
pub const HTML_XML_CLASS: &str = "saml-inspector-xml";

/// The name the Markdown fence (`captured-at=…` in its info string) and the HTML `pre`
/// (`data-captured-at="…"`) give a message's capture time.
pub const CAPTURED_AT: &str = "captured-at";
/// What replaces a `SignatureValue`, `DigestValue` or Redirect `Signature` in a report
/// exported with redaction: valid base64, so a redacted message still reads, and
/// recognisable, so the signature status of a report read back can say "not
/// verifiable: redacted".
pub const REDACTED_SIGNATURE: &str = "REDACTED";

/// Whether a `SignatureValue` text is the redaction marker.
pub fn is_redacted_signature(text: &str) -> bool {
    text.trim() == REDACTED_SIGNATURE
}

/// The first line of our Markdown reports ("# SAML Inspector report" and
/// "# SAML Inspector report (redacted)").
const MARKDOWN_TITLE: &str = "# SAML Inspector report";

#[derive(Deserialize)]
struct JsonReport {
    schema: String,
    #[serde(default)]
    messages: Vec<JsonMessage>,
    /// The receipt of a redacted export (`redact::export::json`); its presence is what
    /// says the report is redacted.
    #[serde(default)]
    redaction: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct JsonMessage {
    #[serde(default)]
    xml: Option<String>,
    #[serde(default)]
    origin: Option<JsonOrigin>,
    /// Read leniently: a finding of an unknown rule or severity is left out.
    #[serde(default)]
    findings: Vec<JsonFinding>,
}

#[derive(Deserialize)]
struct JsonFinding {
    #[serde(default)]
    id: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    fix: String,
}

impl JsonFinding {
    fn exported(self) -> Option<ExportedFinding> {
        Some(ExportedFinding {
            id: RuleId::from_id(&self.id)?,
            severity: severity(&self.severity)?,
            title: self.title,
            detail: self.detail,
            fix: self.fix,
        })
    }
}

/// A severity as the reports write it (`error`, `warning`, `info`, `pass`).
fn severity(label: &str) -> Option<Severity> {
    [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Pass,
    ]
    .into_iter()
    .find(|severity| severity.label() == label)
}

/// A finding as a report carries it: what the analysis that made the report said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFinding {
    pub id: RuleId,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub fix: String,
}

#[derive(Deserialize)]
struct JsonOrigin {
    /// Read leniently: a capture time that does not parse is left out, not an error.
    #[serde(default)]
    captured_at: Option<String>,
}

/// One message of a report: its XML, where the report says when it was captured, and the
/// findings the report lists for it (computed before any redaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedMessage {
    pub xml: String,
    pub captured_at: Option<Timestamp>,
    pub findings: Vec<ExportedFinding>,
}

#[cfg(test)]
impl ExportedMessage {
    fn xml(xml: String) -> ExportedMessage {
        ExportedMessage {
            xml,
            captured_at: None,
            findings: Vec::new(),
        }
    }
}

/// Which export format a report was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Markdown,
    Html,
}

impl ExportFormat {
    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Json => "JSON",
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "HTML",
        }
    }
}

/// A report of ours: its format, whether it was exported with redaction, and each
/// message it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportExport {
    pub format: ExportFormat,
    pub redacted: bool,
    pub messages: Vec<ExportedMessage>,
}

/// The title our Markdown and HTML reports carry when exported with redaction.
const REDACTED_TITLE: &str = "SAML Inspector report (redacted)";

/// Reads one of our reports from an input's bytes (a UTF-8 byte order mark and
/// surrounding whitespace allowed, as input recognition allows them).
pub fn read(bytes: &[u8]) -> Option<ReportExport> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii();
    if !may_be_report(bytes) {
        return None;
    }
    recognise(std::str::from_utf8(bytes).ok()?)
}

/// A cheap look at the first bytes (and, for JSON, a search for the schema id): whether
/// `bytes` may be one of our reports, before the whole input is checked as UTF-8.
pub fn may_be_report(bytes: &[u8]) -> bool {
    match bytes.first() {
        Some(b'{') => memchr::memmem::find(bytes, SCHEMA.as_bytes()).is_some(),
        Some(b'#') => bytes.starts_with(MARKDOWN_TITLE.as_bytes()),
        Some(b'<') => bytes.starts_with(b"<!DOCTYPE html>"),
        _ => false,
    }
}

/// Recognises one of our exported reports (trimmed input text) and takes out each
/// message's XML. `None` when the text is not one of ours.
pub fn recognise(text: &str) -> Option<ReportExport> {
    if text.starts_with('{') {
        if !text.contains(SCHEMA) {
            return None;
        }
        let report: JsonReport = serde_json::from_str(text).ok()?;
        return (report.schema == SCHEMA).then(|| ReportExport {
            format: ExportFormat::Json,
            redacted: report.redaction.is_some(),
            messages: report
                .messages
                .into_iter()
                .filter_map(|message| {
                    Some(ExportedMessage {
                        xml: message.xml?,
                        captured_at: message
                            .origin
                            .and_then(|origin| origin.captured_at)
                            .and_then(|text| Timestamp::parse(&text)),
                        findings: message
                            .findings
                            .into_iter()
                            .filter_map(JsonFinding::exported)
                            .collect(),
                    })
                })
                .collect(),
        });
    }
    if text.starts_with(MARKDOWN_TITLE) {
        let first_line = text.lines().next().unwrap_or_default();
        return Some(ReportExport {
            format: ExportFormat::Markdown,
            redacted: first_line.trim_end() == format!("# {REDACTED_TITLE}"),
            messages: markdown_blocks(text),
        });
    }
    if text.starts_with("<!DOCTYPE html>") && text.contains("<title>SAML Inspector report") {
        return Some(ReportExport {
            format: ExportFormat::Html,
            redacted: text.contains(&format!("<title>{REDACTED_TITLE}</title>")),
            messages: html_blocks(text),
        });
    }
    None
}

/// The number in a heading such as `## Message 2: Response …` or `## XML of message 2`
/// after `prefix`.
fn numbered(line: &str, prefix: &str) -> Option<usize> {
    let rest = line.strip_prefix(prefix)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    rest.get(..digits)?.parse().ok()
}

/// The findings of each `## Message N:` section of a Markdown report, by N: the list
/// under `**Findings**`, each `- **severity** `id`: title` with its detail and
/// `*Fix:*` lines.
fn markdown_findings(text: &str) -> Vec<(usize, Vec<ExportedFinding>)> {
    let mut sections: Vec<(usize, Vec<ExportedFinding>)> = Vec::new();
    let mut in_findings = false;
    for line in text.lines() {
        if let Some(number) = numbered(line, "## Message ") {
            sections.push((number, Vec::new()));
            in_findings = false;
            continue;
        }
        if line.starts_with("## ") || line.starts_with("**") {
            in_findings = line == "**Findings**" && !sections.is_empty();
            continue;
        }
        if !in_findings {
            continue;
        }
        let Some((_, findings)) = sections.last_mut() else {
            continue;
        };
        if let Some(item) = line.strip_prefix("- **") {
            let Some((label, rest)) = item.split_once("** `") else {
                continue;
            };
            let Some((id, title)) = rest.split_once("`: ") else {
                continue;
            };
            let (Some(severity), Some(id)) = (severity(label), RuleId::from_id(id)) else {
                continue;
            };
            let title = title
                .strip_suffix(" — *explains your error*")
                .unwrap_or(title);
            findings.push(ExportedFinding {
                id,
                severity,
                title: unescape_markdown(title),
                detail: String::new(),
                fix: String::new(),
            });
        } else if let Some(continued) = line.strip_prefix("  ")
            && let Some(finding) = findings.last_mut()
        {
            match continued.strip_prefix("*Fix:* ") {
                Some(fix) => finding.fix = unescape_markdown(fix),
                None => finding.detail = unescape_markdown(continued),
            }
        }
    }
    sections
}

/// The findings of each `<section><h2>Message N: …` of an HTML report, by N: the items of
/// the list after `<h3>Findings</h3>`.
fn html_findings(text: &str) -> Vec<(usize, Vec<ExportedFinding>)> {
    let mut sections = Vec::new();
    for section in text.split("<section><h2>Message ").skip(1) {
        let Some(number) = numbered(section, "") else {
            continue;
        };
        let Some(list) = section
            .split_once("<h3>Findings</h3><ul>")
            .and_then(|(_, rest)| rest.split_once("</ul>"))
            .map(|(list, _)| list)
        else {
            continue;
        };
        let findings = list
            .split("<li>")
            .filter_map(|item| {
                let item = item.strip_suffix("</li>").unwrap_or(item);
                let rest = item.strip_prefix("<strong class=\"")?;
                let (label, rest) = rest.split_once('"')?;
                let rest = rest.split_once("</strong> <code>")?.1;
                let (id, rest) = rest.split_once("</code>: ")?;
                let mut parts = rest.split("<br>");
                let title = parts.next().unwrap_or_default();
                let mut finding = ExportedFinding {
                    id: RuleId::from_id(id)?,
                    severity: severity(label)?,
                    title: unescape_html(title),
                    detail: String::new(),
                    fix: String::new(),
                };
                for part in parts {
                    match part.strip_prefix("<em>Fix:</em> ") {
                        Some(fix) => finding.fix = unescape_html(fix),
                        None => finding.detail = unescape_html(part),
                    }
                }
                Some(finding)
            })
            .collect();
        sections.push((number, findings));
    }
    sections
}

/// The findings listed for message `number` (from 1).
fn findings_of(sections: &[(usize, Vec<ExportedFinding>)], number: usize) -> Vec<ExportedFinding> {
    sections
        .iter()
        .find(|(at, _)| *at == number)
        .map(|(_, findings)| findings.clone())
        .unwrap_or_default()
}

/// The contents of every `~~~~~~~~xml` ... `~~~~~~~~` block, with the capture time its
/// info string gives (`~~~~~~~~xml captured-at=…`) and the findings of its message (the
/// `## XML of message N` heading before it names N). The fence is at least
/// [`MARKDOWN_FENCE`] long, longer when the XML holds a run of tildes that long, and the
/// block ends at the same fence.
fn markdown_blocks(text: &str) -> Vec<ExportedMessage> {
    let sections = markdown_findings(text);
    let mut blocks = Vec::new();
    let mut current: Option<(&str, Vec<&str>, Option<Timestamp>)> = None;
    let mut number = None;
    for line in text.lines() {
        match &mut current {
            None => {
                if let Some(heading) = numbered(line, "## XML of message ") {
                    number = Some(heading);
                }
                let tildes = line.len() - line.trim_start_matches('~').len();
                let Some(info) = line[tildes..].strip_prefix("xml") else {
                    continue;
                };
                if tildes < MARKDOWN_FENCE.len() || (!info.is_empty() && !info.starts_with(' ')) {
                    continue;
                }
                let captured_at = info.split_ascii_whitespace().find_map(|word| {
                    let value = word.strip_prefix(CAPTURED_AT)?.strip_prefix('=')?;
                    Timestamp::parse(value)
                });
                current = Some((&line[..tildes], Vec::new(), captured_at));
            }
            Some((fence, lines, captured_at)) if line == *fence => {
                blocks.push(ExportedMessage {
                    xml: lines.join("\n"),
                    captured_at: *captured_at,
                    findings: number
                        .take()
                        .map(|number| findings_of(&sections, number))
                        .unwrap_or_default(),
                });
                current = None;
            }
            Some((_, lines, _)) => lines.push(line),
        }
    }
    blocks
}

/// The unescaped contents of every `<pre class="saml-inspector-xml">` element, with the
/// capture time of its `data-captured-at` attribute.
fn html_blocks(text: &str) -> Vec<ExportedMessage> {
    let opening = format!("<pre class=\"{HTML_XML_CLASS}\"");
    let attribute = format!(" data-{CAPTURED_AT}=\"");
    let sections = html_findings(text);
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&opening) {
        // `<summary>XML of message N</summary>` just before the `pre` names its message.
        let number = rest[..start]
            .rsplit_once("<summary>XML of message ")
            .and_then(|(_, heading)| numbered(heading, ""));
        let after = &rest[start + opening.len()..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let attributes = &after[..tag_end];
        let captured_at = attributes
            .strip_prefix(attribute.as_str())
            .and_then(|value| value.strip_suffix('"'))
            .and_then(Timestamp::parse);
        if !attributes.is_empty() && captured_at.is_none() {
            // Not a `pre` we write.
            rest = &after[tag_end..];
            continue;
        }
        let after = &after[tag_end + 1..];
        let Some(end) = after.find("</pre>") else {
            break;
        };
        blocks.push(ExportedMessage {
            xml: unescape_html(&after[..end]),
            captured_at,
            findings: number
                .map(|number| findings_of(&sections, number))
                .unwrap_or_default(),
        });
        rest = &after[end..];
    }
    blocks
}

/// Undoes `report::html::escape` (`&amp; &lt; &gt; &quot; &#39;`, and `&#x1b;` for a
/// control or invisible character).
fn unescape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((character, length)) = hex_reference(rest) {
            out.push(character);
            rest = &rest[length..];
            continue;
        }
        let (replacement, length) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
        ]
        .iter()
        .find(|(entity, _)| rest.starts_with(entity))
        .map_or(('&', 1), |(entity, character)| (*character, entity.len()));
        out.push(replacement);
        rest = &rest[length..];
    }
    out.push_str(rest);
    out
}

/// A hexadecimal character reference at the start of `text` (`&#x202e;`): the character
/// and the reference's length.
fn hex_reference(text: &str) -> Option<(char, usize)> {
    let digits = text.strip_prefix("&#x")?;
    let end = digits.find(';').filter(|&end| (1..=6).contains(&end))?;
    let code = u32::from_str_radix(&digits[..end], 16).ok()?;
    Some((char::from_u32(code)?, "&#x".len() + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_our_reports() {
        assert!(!may_be_report(b"<samlp:Response/>"));
        assert!(!may_be_report(b"{\"log\": {}}"));
        assert!(may_be_report(b"# SAML Inspector report (redacted)"));
        assert_eq!(recognise("{\"log\": {}}"), None);
        assert_eq!(recognise("{\"schema\": \"other\"}"), None);
        assert_eq!(recognise("# Some other report"), None);
        assert_eq!(recognise("<!DOCTYPE html><title>x</title>"), None);
        let json = format!(
            "{{\"schema\": \"{SCHEMA}\", \"messages\": [{{\"xml\": \"<a>&amp;</a>\", \"origin\": {{\"captured_at\": \"2024-05-01T12:00:02Z\"}}}}, {{\"xml\": null}}, {{\"xml\": \"<b/>\", \"origin\": {{\"captured_at\": \"yesterday\"}}}}, {{\"xml\": \"<c/>\", \"origin\": {{\"captured_at\": null}}}}]}}"
        );
        assert_eq!(
            recognise(&json),
            Some(ReportExport {
                format: ExportFormat::Json,
                redacted: false,
                messages: vec![
                    ExportedMessage {
                        xml: "<a>&amp;</a>".to_owned(),
                        captured_at: Timestamp::parse("2024-05-01T12:00:02Z"),
                        findings: Vec::new(),
                    },
                    ExportedMessage::xml("<b/>".to_owned()),
                    ExportedMessage::xml("<c/>".to_owned()),
                ]
            })
        );
    }

    #[test]
    fn takes_the_xml_out_of_markdown_and_html() {
        let markdown = format!(
            "# SAML Inspector report (redacted)\n\ntext\n\n{MARKDOWN_FENCE}xml\n<a>\n  b ~~~\n</a>\n{MARKDOWN_FENCE}\n\n{MARKDOWN_FENCE}xml\n<c/>\n{MARKDOWN_FENCE}\n"
        );
        let xml = |export: ReportExport| -> Vec<String> {
            export
                .messages
                .into_iter()
                .map(|message| message.xml)
                .collect()
        };
        assert_eq!(
            xml(recognise(&markdown).unwrap()),
            ["<a>\n  b ~~~\n</a>", "<c/>"]
        );
        let html = format!(
            "<!DOCTYPE html>\n<html><head><title>SAML Inspector report (redacted)</title></head><body><pre class=\"{HTML_XML_CLASS}\">&lt;a x=&quot;1&quot;&gt;&amp;amp; &amp; &#39;&lt;/a&gt;</pre><pre class=\"{HTML_XML_CLASS}\">unclosed"
        );
        assert_eq!(xml(recognise(&html).unwrap()), ["<a x=\"1\">&amp; & '</a>"]);
        // XML holding a run of tildes as long as the fence gets a longer one; control
        // characters come back from their references.
        let fenced = format!(
            "# SAML Inspector report (redacted)\n\n{MARKDOWN_FENCE}~~xml\n<a>\n{MARKDOWN_FENCE}\n</a>\n{MARKDOWN_FENCE}~~\n"
        );
        assert_eq!(
            xml(recognise(&fenced).unwrap()),
            [format!("<a>\n{MARKDOWN_FENCE}\n</a>")]
        );
        let referenced = format!(
            "<!DOCTYPE html>\n<title>SAML Inspector report</title><pre class=\"{HTML_XML_CLASS}\">&lt;a&gt;&#x1b;[2J&#x202e;&#xd;&#x110000;&#x;&lt;/a&gt;</pre>"
        );
        assert_eq!(
            xml(recognise(&referenced).unwrap()),
            ["<a>\u{1b}[2J\u{202e}\r&#x110000;&#x;</a>"]
        );
    }

    #[test]
    fn markdown_and_html_carry_the_findings_of_their_messages() {
        let finding = |id: &str, severity, title: &str, detail: &str, fix: &str| ExportedFinding {
            id: RuleId::from_id(id).unwrap(),
            severity,
            title: title.to_owned(),
            detail: detail.to_owned(),
            fix: fix.to_owned(),
        };
        let markdown = format!(
            "# SAML Inspector report (redacted)\n\n## Errors\n\n- Message 2, `aws.session.name`: x\n\n## Message 1: Response\n\n**Findings**\n\n- **pass** `core.status`: Fine\n\n## Message 2: Response (via post)\n\n**Signatures**\n\n- on Assertion: valid\n\n**Findings**\n\n- **error** `aws.session.name`: RoleSessionName \\[bad\\] — *explains your error*\n  Value \\\"a b\\\" \\*x\\*.\n  *Fix:* Send \\_it\\_.\n- **pass** `made.up`: skipped\n\n**Next steps**\n\n- **not** `a finding`: no\n\n## XML of message 2 (redacted)\n\n{MARKDOWN_FENCE}xml\n<b/>\n{MARKDOWN_FENCE}\n"
        );
        let export = recognise(&markdown).unwrap();
        assert!(export.redacted);
        assert_eq!(export.messages.len(), 1);
        assert_eq!(
            export.messages[0].findings,
            [finding(
                "aws.session.name",
                Severity::Error,
                "RoleSessionName [bad]",
                "Value \"a b\" *x*.",
                "Send _it_."
            )]
        );
        let html = format!(
            "<!DOCTYPE html>\n<html><head><title>SAML Inspector report</title></head><body><section><h2>Errors</h2><ul><li>Message 1: <strong class=\"error\">error</strong> <code>core.audience</code>: no</li></ul></section><section><h2>Message 1: Response</h2><h3>Findings</h3><ul><li><strong class=\"error\">error</strong> <code>core.audience</code>: Wrong &amp; odd<br>It is &quot;x&quot;.<br><em>Fix:</em> Set &lt;it&gt;.</li><li><strong class=\"pass\">pass</strong> <code>core.status</code>: Fine</li></ul></section><details><summary>XML of message 1</summary><pre class=\"{HTML_XML_CLASS}\">&lt;a/&gt;</pre></details>"
        );
        let export = recognise(&html).unwrap();
        assert!(!export.redacted);
        assert_eq!(
            export.messages[0].findings,
            [
                finding(
                    "core.audience",
                    Severity::Error,
                    "Wrong & odd",
                    "It is \"x\".",
                    "Set <it>."
                ),
                finding("core.status", Severity::Pass, "Fine", "", ""),
            ]
        );
    }

    #[test]
    fn markdown_and_html_carry_the_capture_time() {
        let at = Timestamp::parse("2024-05-01T12:00:02Z");
        let markdown = format!(
            "# SAML Inspector report\n\n{MARKDOWN_FENCE}xml captured-at=2024-05-01T12:00:02Z\n<a/>\n{MARKDOWN_FENCE}\n{MARKDOWN_FENCE}xml captured-at=soon\n<b/>\n{MARKDOWN_FENCE}\n{MARKDOWN_FENCE}xmlish\n<not/>\n{MARKDOWN_FENCE}\n"
        );
        assert_eq!(
            recognise(&markdown).unwrap().messages,
            [
                ExportedMessage {
                    xml: "<a/>".to_owned(),
                    captured_at: at,
                    findings: Vec::new(),
                },
                ExportedMessage::xml("<b/>".to_owned()),
            ]
        );
        let html = format!(
            "<!DOCTYPE html>\n<title>SAML Inspector report</title><pre class=\"{HTML_XML_CLASS}\" data-captured-at=\"2024-05-01T12:00:02Z\">&lt;a/&gt;</pre><pre class=\"{HTML_XML_CLASS}\" onclick=\"x\">&lt;not/&gt;</pre><pre class=\"{HTML_XML_CLASS}\">&lt;b/&gt;</pre>"
        );
        assert_eq!(
            recognise(&html).unwrap().messages,
            [
                ExportedMessage {
                    xml: "<a/>".to_owned(),
                    captured_at: at,
                    findings: Vec::new(),
                },
                ExportedMessage::xml("<b/>".to_owned()),
            ]
        );
    }
}
