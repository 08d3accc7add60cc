//! Captured requests one at a time: a single HAR entry (JSON) appended to a HAR-like
//! flow the session holds, or the first entry of a new one. The browser extension will
//! feed the engine a sign-in this way, one request as it happens, and the flow is
//! analysed again after each.
//!
//! The HAR keeps its bytes: the entry is spliced in before the closing bracket of
//! `log.entries`, found by reading the HAR as JSON (so a `]` inside a string or an
//! earlier array is never taken for it), and nothing else is rewritten.

use crate::input::{InputKind, sniff};
use crate::limits::Limits;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// Why a captured request could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CaptureError {
    /// The capture is not JSON (`reason` is the JSON reader's).
    NotJson { reason: String },
    /// The capture is JSON, but not an object (a HAR entry is one).
    NotAnEntry { found: &'static str },
    /// The flow to append to is not a HAR (`kind` is what it is).
    NotAHar { kind: InputKind },
    /// The flow reads as a HAR but has no `log.entries` array.
    NoEntries { reason: String },
    /// The flow with the capture would be over the input-size limit.
    TooLarge { size: usize, limit: usize },
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::NotJson { reason } => {
                write!(f, "the captured request is not JSON ({reason})")
            }
            CaptureError::NotAnEntry { found } => write!(
                f,
                "the captured request is {found}, not a HAR entry (a JSON object)"
            ),
            CaptureError::NotAHar { kind } => write!(
                f,
                "captured requests are added to a HAR flow, and this input is a {}",
                kind.describe()
            ),
            CaptureError::NoEntries { reason } => {
                write!(f, "the flow has no log.entries array to add to ({reason})")
            }
            CaptureError::TooLarge { size, limit } => write!(
                f,
                "the flow with this request would be {size} bytes, over the limit of {limit}"
            ),
        }
    }
}

impl std::error::Error for CaptureError {}

/// The entry as its JSON text, checked to be one JSON object.
fn entry_text(entry: &[u8]) -> Result<&str, CaptureError> {
    let raw: &RawValue = serde_json::from_slice(entry).map_err(|error| CaptureError::NotJson {
        reason: error.to_string(),
    })?;
    let text = raw.get();
    if !text.starts_with('{') {
        let found = match text.as_bytes().first() {
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        };
        return Err(CaptureError::NotAnEntry { found });
    }
    Ok(text)
}

/// A new HAR (1.2) holding `entry` only.
pub fn new_flow(entry: &[u8], limits: &Limits) -> Result<Vec<u8>, CaptureError> {
    let entry = entry_text(entry)?;
    let har = format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"SAML Inspector capture","version":"1"}},"entries":[{entry}]}}}}"#
    );
    check_size(har.len(), limits)?;
    Ok(har.into_bytes())
}

/// HAR `har` with `entry` appended to its `log.entries`.
pub fn append(har: &[u8], entry: &[u8], limits: &Limits) -> Result<Vec<u8>, CaptureError> {
    let entry = entry_text(entry)?;
    let kind = sniff(har);
    if kind != InputKind::Har {
        return Err(CaptureError::NotAHar { kind });
    }
    check_size(
        har.len().saturating_add(entry.len()).saturating_add(1),
        limits,
    )?;
    let bom = if har.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let json = &har[bom..];
    let shell: Shell<'_> =
        serde_json::from_slice(json).map_err(|error| CaptureError::NoEntries {
            reason: error.to_string(),
        })?;
    let entries = shell.log.entries.get();
    if !entries.starts_with('[') {
        return Err(CaptureError::NoEntries {
            reason: "log.entries is not an array".to_owned(),
        });
    }
    // The raw value borrows from `json`: its place in it is where it starts.
    let start = entries.as_ptr() as usize - json.as_ptr() as usize;
    let close = bom + start + entries.len() - 1;
    let empty = entries[1..entries.len() - 1].trim().is_empty();
    let mut out = Vec::with_capacity(har.len() + entry.len() + 1);
    out.extend_from_slice(&har[..close]);
    if !empty {
        out.push(b',');
    }
    out.extend_from_slice(entry.as_bytes());
    out.extend_from_slice(&har[close..]);
    Ok(out)
}

fn check_size(size: usize, limits: &Limits) -> Result<(), CaptureError> {
    if size > limits.input_bytes {
        return Err(CaptureError::TooLarge {
            size,
            limit: limits.input_bytes,
        });
    }
    Ok(())
}

/// What of a HAR the splice needs: where `log.entries` is.
#[derive(Deserialize)]
struct Shell<'a> {
    #[serde(borrow)]
    log: Log<'a>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: &'a RawValue,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &[u8] = br#"{"request":{"method":"GET","url":"https://a.example/]"}}"#;

    #[test]
    fn entries_are_spliced_in_and_nothing_else_changes() {
        let limits = Limits::default();
        let cases: &[(&str, &str)] = &[
            (
                r#"{"log":{"entries":[]}}"#,
                r#"{"log":{"entries":[ENTRY]}}"#,
            ),
            (
                r#"{"log":{"entries":[ {"x":"]"} ],"pages":[]}}"#,
                r#"{"log":{"entries":[ {"x":"]"} ,ENTRY],"pages":[]}}"#,
            ),
            (
                "\u{feff}{\"log\":{\"pages\":[1],\"entries\":[\n]}}",
                "\u{feff}{\"log\":{\"pages\":[1],\"entries\":[\nENTRY]}}",
            ),
        ];
        let entry = std::str::from_utf8(ENTRY).expect("UTF-8");
        for (har, expected) in cases {
            let out = append(har.as_bytes(), ENTRY, &limits).expect("appended");
            assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                expected.replace("ENTRY", entry),
                "{har}"
            );
        }
    }

    #[test]
    fn what_is_not_an_entry_or_a_har_is_refused_with_a_reason() {
        let limits = Limits::default();
        let har = br#"{"log":{"entries":[]}}"#;
        for (entry, word) in [
            (&b"[1]"[..], "an array"),
            (b"\"x\"", "a string"),
            (b"{", "not JSON"),
            (b"", "not JSON"),
        ] {
            let error = append(har, entry, &limits).expect_err("refused");
            assert!(error.to_string().contains(word), "{error}");
        }
        let error = append(b"<xml/>", ENTRY, &limits).expect_err("not a HAR");
        assert!(matches!(error, CaptureError::NotAHar { .. }), "{error}");
        let error = append(br#"{"log":{"entries":{}}}"#, ENTRY, &limits).expect_err("no array");
        assert!(matches!(error, CaptureError::NoEntries { .. }), "{error}");
        let small = Limits {
            input_bytes: 40,
            ..Limits::default()
        };
        let error = append(har, ENTRY, &small).expect_err("too large");
        assert!(matches!(error, CaptureError::TooLarge { .. }), "{error}");
    }

    #[test]
    fn a_new_flow_is_a_har() {
        let har = new_flow(ENTRY, &Limits::default()).expect("a HAR");
        assert_eq!(sniff(&har), InputKind::Har);
        let again = append(&har, ENTRY, &Limits::default()).expect("appended");
        let value: serde_json::Value = serde_json::from_slice(&again).expect("JSON");
        assert_eq!(value["log"]["entries"].as_array().map(Vec::len), Some(2));
    }
}
