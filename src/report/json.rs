//! The report as JSON: the CLI's contract (`saml-inspector/report/v1`, see
//! `../shared/CLI.md`), and the redacted JSON export (the contract's fields, each
//! message's `details` redacted, and `redaction`, the receipt).
//!
//! Values are kept exactly, as the contract says. `serde_json` escapes C0 control
//! characters itself but writes DEL, C1 controls, bidi controls and the line and
//! paragraph separators as they are, which a terminal showing the JSON acts on; the
//! output goes through [`harden_json`], which writes those as `\u` escapes too, so
//! the text carries none of them and every value reads back the same.

use super::Report;
use crate::text::harden_json;
use serde::Serialize;

/// The report as pretty-printed JSON with a final newline.
pub fn json(report: &Report) -> String {
    pretty(report)
}

/// A redacted report as JSON: the contract's fields with each message's `details`
/// replaced by `details` (its redacted form), and `redaction` added.
pub fn redacted(
    report: &Report,
    details: &[serde_json::Value],
    redaction: &impl Serialize,
) -> String {
    pretty(&redacted_value(report, details, redaction))
}

/// [`redacted`] as a JSON value.
pub fn redacted_value(
    report: &Report,
    details: &[serde_json::Value],
    redaction: &impl Serialize,
) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    if let Some(messages) = value.get_mut("messages").and_then(|m| m.as_array_mut()) {
        for (message, details) in messages.iter_mut().zip(details) {
            if let Some(object) = message.as_object_mut() {
                object.insert("details".to_owned(), details.clone());
            }
        }
    }
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "redaction".to_owned(),
            serde_json::to_value(redaction).unwrap_or_default(),
        );
    }
    value
}

/// `value` pretty-printed, hardened, with a final newline. Serialising plain data with
/// string keys cannot fail; were it to, the output would be empty rather than partial.
fn pretty(value: &impl Serialize) -> String {
    let mut json = harden_json(&serde_json::to_string_pretty(value).unwrap_or_default());
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_carries_no_raw_control_character_and_keeps_values() {
        let xml = crate::testing::ResponseSpec {
            name_id: Some("a\u{7f}\u{9b}2J\u{202e}\u{2028}b".to_owned()),
            ..Default::default()
        }
        .xml();
        let report = crate::testing::analyze_texts(&[&xml], &Default::default());
        let json = json(&report);
        assert!(
            !json
                .chars()
                .any(|c| crate::text::is_hidden_or_control(c) && c != '\n'),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(
            back["messages"][0]["subject"]["name_id"],
            "a\u{7f}\u{9b}2J\u{202e}\u{2028}b"
        );
    }
}
