//! The words the renderers for people share: how an input, a message's origin, the
//! reference time, the user's error text, a HAR's flow and a redaction receipt are put
//! into words, before any escaping. Each renderer ([`super::text`], [`super::markdown`],
//! [`super::html`]) escapes these words for its format through [`crate::text`], and
//! nothing else.
//!
//! Requests of a HAR are numbered for people with [`request_number`] (`har_entry + 1`,
//! "request 13"), everywhere but the JSON, which keeps the 0-based `har_entry` that
//! outside tools parse.

pub use crate::input::request_number;
pub use crate::text::{is_invisible, quote};

use super::{InputReport, MessageReport, TimeSource};
use crate::checks::error_text::{ErrorTextMatch, ErrorTextSource, KNOWN};
use crate::input::{Binding, FlowEntry, request_label};
use crate::timestamp::describe_duration;
use std::fmt::Write;

/// What a message whose first finding says it was forged or altered shows first.
pub const FORGED: &str = "Forged or altered: do not trust this message (see the first finding).";

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

/// Where the reference time came from.
pub fn describe_source(source: TimeSource) -> &'static str {
    match source {
        TimeSource::Har => "HAR capture time",
        TimeSource::User => "chosen by the user",
        TimeSource::Clock => "current time",
        TimeSource::IssueInstant => "the message's IssueInstant",
    }
}

/// An input: `aws-login.har (HAR file, 5120 bytes, 7 requests, captured …)`.
pub fn describe_input(input: &InputReport) -> String {
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

/// Where a message was found: `(via post, SAMLResponse, request 5, POST https://…,
/// HTTP 302, at …)`.
pub fn describe_origin(message: &MessageReport) -> String {
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
        parts.push(request_label(entry));
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
    if let Some(also) = describe_also_captured(message) {
        parts.push(also);
    }
    format!("({})", parts.join(", "))
}

/// The other places the same message was captured, for people: `also in the IdP's
/// auto-post page at request 4`; `None` for a message captured once.
pub fn describe_also_captured(message: &MessageReport) -> Option<String> {
    describe_other_captures(
        message
            .also_captured
            .iter()
            .map(|origin| (origin.input, origin.har_entry, origin.binding)),
    )
}

/// "also in request 3; the IdP's auto-post page at request 2" for the other places a
/// message was captured, each given as (input, HAR entry, binding); `None` for none.
pub fn describe_other_captures(
    places: impl Iterator<Item = (usize, Option<usize>, Binding)>,
) -> Option<String> {
    let places: Vec<String> = places
        .map(|(input, har_entry, binding)| {
            let place = match har_entry {
                Some(entry) => request_label(entry),
                None => format!("input {}", crate::input::input_number(input)),
            };
            match binding {
                Binding::HtmlForm => format!("the IdP's auto-post page at {place}"),
                _ => place,
            }
        })
        .collect();
    (!places.is_empty()).then(|| format!("also in {}", places.join("; ")))
}

/// What a flow table's request column is called, and what its numbers are.
pub const FLOW_NUMBERING: &str = "Requests are numbered from 1 (request 13 is the HAR's 13th entry); the JSON report's har_entry counts from 0 (request 13 is har_entry 12).";

/// One row of a HAR's flow as the reports print it, before escaping: the request number
/// ([`request_number`]), method, URL, status (empty when none) and the SAML parameters
/// carried.
pub fn flow_row(entry: &FlowEntry) -> [String; 5] {
    let saml: Vec<&str> = entry
        .saml
        .iter()
        .map(|parameter| parameter.as_str())
        .collect();
    [
        request_number(entry.index).to_string(),
        entry.method.clone(),
        entry.url.clone(),
        entry
            .status
            .map(|status| status.to_string())
            .unwrap_or_default(),
        saml.join(", "),
    ]
}

/// A redaction receipt as the exports print it: what was replaced, what could not be
/// read, what was kept and how the tokens were made. `redact` fills it in from its
/// receipt; the renderers escape every line of it like any other text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptLines {
    /// `(count, label)`: "replaced 3 NameID values".
    pub replaced: Vec<(usize, String)>,
    /// One sentence per thing that could not be read ([`unread_line`]).
    pub unread: Vec<String>,
    pub kept: Vec<String>,
    pub method: String,
}

/// One line of what redaction could not read, in words: `dropped whole: request body
/// (HAR entry 3, HAR entry 5 and 2 more): a type redaction does not read (text/plain)`.
pub fn unread_line(
    action: &str,
    what: &str,
    places: &[String],
    more: usize,
    reason: &str,
) -> String {
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{action}: {what} ({}{more}): {reason}", places.join(", "))
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

    #[test]
    fn flow_rows_number_requests_from_one() {
        let entry = FlowEntry {
            index: 12,
            started_at: None,
            method: "POST".to_owned(),
            url: "https://signin.aws.amazon.com/saml".to_owned(),
            status: Some(302),
            status_text: String::new(),
            mime_type: String::new(),
            time_ms: None,
            redirect_url: None,
            saml: vec![crate::input::SamlParameter::SamlResponse],
        };
        assert_eq!(
            flow_row(&entry),
            [
                "13",
                "POST",
                "https://signin.aws.amazon.com/saml",
                "302",
                "SAMLResponse"
            ]
        );
        assert_eq!(
            unread_line(
                "dropped whole",
                "request body",
                &["request 4".to_owned()],
                2,
                "why"
            ),
            "dropped whole: request body (request 4 and 2 more): why"
        );
    }
}
