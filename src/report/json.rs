//! The report as JSON: the CLI's contract (`saml-inspector/report/v1`, see
//! `../shared/CLI.md`), and the redacted JSON export (the contract's fields, each
//! message's `details` redacted, and `redaction`, the receipt).
//!
//! Values are kept exactly, as the contract says. `serde_json` escapes C0 control
//! characters itself but writes DEL, C1 controls, bidi controls and the line and
//! paragraph separators as they are, which a terminal showing the JSON acts on; every
//! string goes through [`Hardened`], a formatter that writes those as `\u` escapes too,
//! so the text carries none of them and every value reads back the same.
//!
//! [`write`] streams the report into any writer (the CLI's buffered standard output):
//! no intermediate `String` of the whole document, and no second pass over it. It
//! writes compact JSON or pretty-printed ([`Layout`]); the two parse to the same value.

use super::Report;
use crate::text::is_hidden_or_control;
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};
use std::io;

/// How the JSON text is laid out; the value is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One line, no space between tokens: what programs read, and the smallest.
    Compact,
    /// Two-space indentation, one key per line: for people.
    Pretty,
}

/// The report as pretty-printed JSON with a final newline.
pub fn json(report: &Report) -> String {
    to_string(report, Layout::Pretty)
}

/// Writes `report` as JSON laid out as `layout`, with a final newline, into `out`.
/// Buffering is the caller's: give it a `BufWriter` (or a `Vec`).
pub fn write(report: &Report, layout: Layout, out: &mut impl io::Write) -> io::Result<()> {
    write_value(report, layout, out)
}

/// A redacted report as JSON: the contract's fields with each message's `details`
/// replaced by `details` (its redacted form), and `redaction` added.
pub fn redacted(
    report: &Report,
    details: &[serde_json::Value],
    redaction: &impl Serialize,
) -> String {
    to_string(&redacted_value(report, details, redaction), Layout::Pretty)
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

/// `value` as JSON text laid out as `layout`, hardened, with a final newline.
/// Serialising plain data with string keys into memory cannot fail; were it to, the
/// output would be empty rather than partial.
fn to_string(value: &impl Serialize, layout: Layout) -> String {
    let mut bytes = Vec::with_capacity(4096);
    if write_value(value, layout, &mut bytes).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 and `Hardened` only ASCII escapes.
    String::from_utf8(bytes).unwrap_or_default()
}

fn write_value(value: &impl Serialize, layout: Layout, out: &mut impl io::Write) -> io::Result<()> {
    match layout {
        Layout::Compact => {
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut *out, Hardened(CompactFormatter));
            value.serialize(&mut serializer).map_err(io::Error::from)?;
        }
        Layout::Pretty => {
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut *out, Hardened(PrettyFormatter::new()));
            value.serialize(&mut serializer).map_err(io::Error::from)?;
        }
    }
    out.write_all(b"\n")
}

/// A `serde_json` formatter (compact or pretty, the inner one) that writes every
/// [`is_hidden_or_control`] character `serde_json` leaves raw in a string as a `\uXXXX`
/// escape (a surrogate pair above U+FFFF). Outside strings JSON text is ASCII
/// punctuation, digits, letters and whitespace, so only strings (keys included) can hold
/// one, and the escape reads back as the same character: the values stay exact.
struct Hardened<F>(F);

impl<F: Formatter> Formatter for Hardened<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_hardened(writer, fragment)
    }

    fn write_raw_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_hardened(writer, fragment)
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        self.0.write_char_escape(writer, char_escape)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Writes `text` with every [`is_hidden_or_control`] character as `\uXXXX` escapes.
/// ASCII below DEL is never one of them (serde_json has escaped C0 already), so runs of
/// it are copied as they are and only DEL and non-ASCII characters are looked at.
fn write_hardened<W: ?Sized + io::Write>(writer: &mut W, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    let mut written = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&byte| byte >= 0x7F) {
        at += offset;
        // `at` is at a character boundary: DEL, or the lead byte of a non-ASCII
        // character (runs of ASCII end only there).
        let Some(character) = text[at..].chars().next() else {
            break;
        };
        let next = at + character.len_utf8();
        if is_hidden_or_control(character) {
            writer.write_all(&bytes[written..at])?;
            let mut units = [0u16; 2];
            for unit in character.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            written = next;
        }
        at = next;
    }
    writer.write_all(&bytes[written..])
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
