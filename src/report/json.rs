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
//! [`write`](fn@write) streams the report into any writer (the CLI's buffered standard output):
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
    while let Some(offset) = first_del_or_non_ascii(&bytes[at..]) {
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

/// The offset of the first byte of `bytes` that is DEL (0x7F) or above, eight bytes at a
/// time: adding 1 to every byte carries into its top bit exactly when the byte is 0x7F,
/// and a byte at 0x80 or above has it set already (a carry out of such a byte only
/// flags a word that is flagged anyway, and such a word is then searched byte by byte).
fn first_del_or_non_ascii(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(word);
        if (word | word.wrapping_add(ONES)) & TOPS != 0 {
            break;
        }
        offset += 8;
    }
    bytes[offset..]
        .iter()
        .position(|&byte| byte >= 0x7F)
        .map(|position| offset + position)
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
        for layout in [Layout::Compact, Layout::Pretty] {
            let mut json = Vec::new();
            write(&report, layout, &mut json).unwrap();
            let json = String::from_utf8(json).unwrap();
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
            // The XML, which carries them too, reads back exactly.
            assert_eq!(back["messages"][0]["xml"], xml.as_str());
        }
    }

    #[test]
    fn finds_the_first_del_or_non_ascii_byte() {
        let cases: [(&[u8], Option<usize>); 9] = [
            (b"", None),
            (b"plain ascii text, longer than a word", None),
            (b"\x7f", Some(0)),
            (b"abcdefgh\x7f", Some(8)),
            (b"abcdefg\x7fh", Some(7)),
            (b"~~~~~~~~~~~~~~~~\x80", Some(16)),
            ("ab\u{e9}".as_bytes(), Some(2)),
            (b"\xff\x00\x00\x00\x00\x00\x00\x00", Some(0)),
            (b"\x00\x01\x7e\x7e\x7e\x7e\x7e\x7e\x7e\x7f", Some(9)),
        ];
        for (bytes, expected) in cases {
            assert_eq!(first_del_or_non_ascii(bytes), expected, "{bytes:?}");
        }
        // Every byte value at every position of a two-word buffer.
        for byte in 0..=255u8 {
            for position in 0..16 {
                let mut bytes = [b'a'; 16];
                bytes[position] = byte;
                let expected = (byte >= 0x7F).then_some(position);
                assert_eq!(
                    first_del_or_non_ascii(&bytes),
                    expected,
                    "{byte} at {position}"
                );
            }
        }
    }

    #[test]
    fn compact_and_pretty_read_back_the_same() {
        let report = crate::testing::analyze_texts(
            &[&crate::testing::ResponseSpec::default().xml()],
            &Default::default(),
        );
        let mut compact = Vec::new();
        write(&report, Layout::Compact, &mut compact).unwrap();
        let pretty = json(&report);
        assert!(compact.ends_with(b"}\n") && !compact[..compact.len() - 1].contains(&b'\n'));
        let compact: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        let pretty: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(compact, pretty);
    }
}
