//! Reading our own reports back: a JSON, Markdown or HTML report exported by the page
//! or `saml-inspect` (typically redacted, to send to support) carries each message's XML,
//! so dropping it into the page analyses those messages again. A redacted message's
//! signatures then fail naturally (their values were replaced), and say so.

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
}

#[derive(Deserialize)]
struct JsonMessage {
    #[serde(default)]
    xml: Option<String>,
    #[serde(default)]
    origin: Option<JsonOrigin>,
}

#[derive(Deserialize)]
struct JsonOrigin {
    /// Read leniently: a capture time that does not parse is left out, not an error.
    #[serde(default)]
    captured_at: Option<String>,
}

/// One message of a report: its XML and, where the report says, when it was captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedMessage {
    pub xml: String,
    pub captured_at: Option<Timestamp>,
}

#[cfg(test)]
impl ExportedMessage {
    fn xml(xml: String) -> ExportedMessage {
        ExportedMessage {
            xml,
            captured_at: None,
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

/// A report of ours: its format and each message it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportExport {
    pub format: ExportFormat,
    pub messages: Vec<ExportedMessage>,
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
                    })
                })
                .collect(),
        });
    }
    if text.starts_with(MARKDOWN_TITLE) {
        return Some(ReportExport {
            format: ExportFormat::Markdown,
            messages: markdown_blocks(text),
        });
    }
    if text.starts_with("<!DOCTYPE html>") && text.contains("<title>SAML Inspector report") {
        return Some(ReportExport {
            format: ExportFormat::Html,
            messages: html_blocks(text),
        });
    }
    None
}

/// The contents of every `~~~~~~~~xml` ... `~~~~~~~~` block, with the capture time its
/// info string gives (`~~~~~~~~xml captured-at=…`). The fence is at least
/// [`MARKDOWN_FENCE`] long, longer when the XML holds a run of tildes that long, and the
/// block ends at the same fence.
fn markdown_blocks(text: &str) -> Vec<ExportedMessage> {
    let mut blocks = Vec::new();
    let mut current: Option<(&str, Vec<&str>, Option<Timestamp>)> = None;
    for line in text.lines() {
        match &mut current {
            None => {
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
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&opening) {
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
                messages: vec![
                    ExportedMessage {
                        xml: "<a>&amp;</a>".to_owned(),
                        captured_at: Timestamp::parse("2024-05-01T12:00:02Z"),
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
                },
                ExportedMessage::xml("<b/>".to_owned()),
            ]
        );
    }
}
