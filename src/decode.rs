//! Transfer encodings of SAML bindings: percent-encoding, base64 and raw DEFLATE.
//!
//! Strict where strictness protects (DEFLATE output capped at
//! [`crate::limits::Limits::decoded_bytes`], checked here while inflating, so a bomb
//! stops at the cap instead of filling memory), lenient where users' copies are messy
//! (base64 with line breaks, URL-safe alphabet, missing padding, `+` turned into space
//! by a form decoder).
//!
//! Also owns the [`Binding`]s themselves (which encodings a value went through) and the
//! splitting of `application/x-www-form-urlencoded` text into [`FormField`]s, the form
//! every query string and form body is read in.

use std::borrow::Cow;
use std::fmt;

/// Why a value could not be decoded. Offsets are into the value being decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A `%` not followed by two hex digits.
    Percent { offset: usize },
    /// A byte outside the base64 alphabets (after whitespace was removed).
    Base64 { offset: usize, byte: u8 },
    /// Base64 of a length no encoder produces, or with bits set after the end.
    Base64Length { length: usize },
    /// The value is empty.
    Empty,
    /// Not valid raw DEFLATE (RFC 1951) data.
    Inflate { message: String },
    /// The base64 value is longer than any message within the limit (computed from its
    /// length, before decoding).
    TooLarge { limit: usize },
    /// Inflating would produce more than the limit: stopped there, so a DEFLATE bomb
    /// costs at most `limit` bytes.
    InflatedTooLarge { limit: usize },
    /// Decoded fine, but the result is not XML (first bytes shown, escaped).
    NotXml { start: String },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Percent { offset } => {
                write!(
                    f,
                    "a '%' at offset {offset} is not followed by two hex digits"
                )
            }
            DecodeError::Base64 { offset, byte } => write!(
                f,
                "not base64: the byte {:?} at offset {offset} is outside the base64 alphabet",
                char::from(*byte)
            ),
            DecodeError::Base64Length { length } => write!(
                f,
                "not base64: {length} characters cannot be a complete base64 value (truncated copy?)"
            ),
            DecodeError::Empty => f.write_str("the value is empty"),
            DecodeError::Inflate { message } => {
                write!(f, "not valid DEFLATE data (Redirect binding): {message}")
            }
            DecodeError::TooLarge { limit } => write!(
                f,
                "the decoded message would exceed the limit of {limit} bytes"
            ),
            DecodeError::InflatedTooLarge { limit } => write!(
                f,
                "the DEFLATE data inflates to more than the inflated-size limit of {limit} bytes; \
                 inflating was stopped there (a DEFLATE bomb?)"
            ),
            DecodeError::NotXml { start } => {
                write!(f, "the decoded value is not XML (it starts with {start})")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

use miniz_oxide::inflate::{self, TINFLStatus};

/// How many bytes of an undecodable value [`DecodeError::NotXml`] shows.
const NOT_XML_PREVIEW: usize = 16;

/// Decodes `%XX` escapes (RFC 3986 §2.1). With `plus_as_space`, `+` is a space, as in
/// `application/x-www-form-urlencoded` bodies and query strings (HTML §4.10.21.7), which
/// is how SAML Bindings §3.4.4 and §3.5.4 send their values.
///
/// A `%` not followed by two hex digits is [`DecodeError::Percent`]. The output is bytes:
/// a SAML value percent-decodes to base64, and anything else is the caller's to judge.
pub fn percent_decode(value: &str, plus_as_space: bool) -> Result<Vec<u8>, DecodeError> {
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut position = 0;
    while position < bytes.len() {
        match bytes[position] {
            b'%' => {
                let high = bytes.get(position + 1).and_then(|&byte| hex_value(byte));
                let low = bytes.get(position + 2).and_then(|&byte| hex_value(byte));
                match (high, low) {
                    (Some(high), Some(low)) => decoded.push(high << 4 | low),
                    _ => return Err(DecodeError::Percent { offset: position }),
                }
                position += 3;
            }
            b'+' if plus_as_space => {
                decoded.push(b' ');
                position += 1;
            }
            byte => {
                decoded.push(byte);
                position += 1;
            }
        }
    }
    Ok(decoded)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Whether `value` holds at least one `%XX` escape, i.e. is (probably) percent-encoded.
pub fn has_percent_escape(value: &str) -> bool {
    memchr::memchr_iter(b'%', value.as_bytes()).any(|position| {
        let bytes = value.as_bytes();
        bytes.get(position + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(position + 2).is_some_and(u8::is_ascii_hexdigit)
    })
}

/// How a SAML message travelled (SAML Bindings §3.4, §3.5), and so which encodings its
/// value went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    /// HTTP-POST: base64 in a form body.
    Post,
    /// HTTP-Redirect: DEFLATE + base64 + percent-encoding in a query string.
    Redirect,
    /// An HTML page holding an auto-submitting form with the message in a hidden input
    /// (the IdP's response page, before the browser posts it).
    HtmlForm,
    /// Given directly: XML or a base64 value outside any request.
    Raw,
}

/// A `name=value` pair exactly as it appeared (still percent-encoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

impl<'a> FormField<'a> {
    /// The name percent-decoded (`+` as space); the raw name when it does not decode.
    pub fn decoded_name(&self) -> Cow<'a, str> {
        decode_component(self.name)
    }

    /// Whether the name is `wanted`, as written or percent-decoded. A name over three
    /// times as long as `wanted` is not decoded, since it cannot decode to it (an escape
    /// is three bytes for one): a pasted base64 value reads as one long field name, and
    /// decoding it for every name asked about was most of the work of recognising it.
    pub fn name_is(&self, wanted: &str) -> bool {
        self.name == wanted
            || (self.name.len() <= wanted.len().saturating_mul(3) && self.decoded_name() == wanted)
    }

    /// The value percent-decoded (`+` as space) as text, invalid UTF-8 replaced; the raw
    /// value when it does not percent-decode.
    pub fn decoded_value(&self) -> Cow<'a, str> {
        decode_component(self.value)
    }
}

fn decode_component(text: &str) -> Cow<'_, str> {
    if !text.contains(['%', '+']) {
        return Cow::Borrowed(text);
    }
    match percent_decode(text, true) {
        Ok(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => Cow::Borrowed(text),
    }
}

/// Splits a query string or `application/x-www-form-urlencoded` body into raw fields,
/// in order. Fields are separated by `&` only; a field without `=` has an empty value;
/// empty fields are skipped; one leading `?` is ignored.
pub fn parse_query(query: &str) -> Vec<FormField<'_>> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|field| !field.is_empty())
        .map(|field| match field.split_once('=') {
            Some((name, value)) => FormField { name, value },
            None => FormField {
                name: field,
                value: "",
            },
        })
        .collect()
}

/// Marks bytes that are not base64 digits in [`BASE64_VALUES`].
const NOT_BASE64: u8 = 0xFF;
/// Marks whitespace (skipped) in [`BASE64_VALUES`].
const BASE64_SPACE: u8 = 0xFE;
/// Marks the padding character `=` in [`BASE64_VALUES`].
const BASE64_PAD: u8 = 0xFD;

/// The value of each byte in base64: both the standard alphabet (RFC 4648 §4, `+` `/`)
/// and the URL-safe one (RFC 4648 §5, `-` `_`), so a value in either decodes.
const BASE64_VALUES: [u8; 256] = {
    let mut table = [NOT_BASE64; 256];
    let mut index = 0;
    while index < 26 {
        table[b'A' as usize + index] = index as u8;
        table[b'a' as usize + index] = 26 + index as u8;
        index += 1;
    }
    let mut digit = 0;
    while digit < 10 {
        table[b'0' as usize + digit] = 52 + digit as u8;
        digit += 1;
    }
    table[b'+' as usize] = 62;
    table[b'-' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b'_' as usize] = 63;
    table[b'=' as usize] = BASE64_PAD;
    table[b' ' as usize] = BASE64_SPACE;
    table[b'\t' as usize] = BASE64_SPACE;
    table[b'\r' as usize] = BASE64_SPACE;
    table[b'\n' as usize] = BASE64_SPACE;
    table[0x0B] = BASE64_SPACE;
    table[0x0C] = BASE64_SPACE;
    table
};

/// Decodes base64 the way users' copies need (RFC 4648): the standard (§4) and URL-safe
/// (§5) alphabets, even mixed; whitespace and line breaks anywhere ignored (MIME-style
/// wrapping at 64 or 76 columns); padding optional, but only at the end.
///
/// Refused: a byte outside the alphabets ([`DecodeError::Base64`], offset into `text`),
/// a length no encoder produces (`len % 4 == 1`) or bits set after the last whole byte
/// ([`DecodeError::Base64Length`], usually a truncated copy), no digits at all
/// ([`DecodeError::Empty`]), and an output over `limit` bytes ([`DecodeError::TooLarge`],
/// computed from the input length before anything is allocated).
pub fn base64_lenient(text: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    base64_decode(text, limit, false)
}

/// [`base64_lenient`], optionally reading a space as `+` (see [`decode_saml_value`]).
///
/// Values are usually one unbroken run of digits, so both passes have a fast path for
/// that: the first screens the whole text without branches, the second decodes four
/// digits at a time wherever it can; anything else (whitespace, padding, a byte outside
/// the alphabets) goes through the byte-by-byte path, which alone decides errors.
fn base64_decode(text: &[u8], limit: usize, space_is_plus: bool) -> Result<Vec<u8>, DecodeError> {
    let value_of = |byte: u8| {
        if space_is_plus && byte == b' ' {
            62
        } else {
            BASE64_VALUES[usize::from(byte)]
        }
    };
    // First pass: validate and count digits, so the output size is known before any
    // allocation and the error offsets refer to `text` as given.
    let unpadded = text
        .iter()
        .rposition(|&byte| byte != b'=')
        .map_or(&text[..0], |last| &text[..=last]);
    // Every special value (whitespace, padding, not base64) has a high bit that no digit
    // has, so one OR over the text says whether it is all digits.
    let all_digits = unpadded
        .iter()
        .fold(0u8, |seen, &byte| seen | BASE64_VALUES[usize::from(byte)])
        < 64;
    let digits = if all_digits {
        unpadded.len()
    } else {
        count_base64_digits(text, &value_of)?
    };
    if digits == 0 {
        return Err(DecodeError::Empty);
    }
    if digits % 4 == 1 {
        return Err(DecodeError::Base64Length { length: digits });
    }
    let output_length = digits / 4 * 3 + (digits % 4).saturating_sub(1);
    if output_length > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    let mut output = Vec::with_capacity(output_length);
    if all_digits {
        // Only digits: whole groups straight into place, then the last partial group.
        let groups = unpadded.chunks_exact(4);
        let tail = groups.remainder();
        output.resize(unpadded.len() / 4 * 3, 0);
        for (group, out) in groups.zip(output.chunks_exact_mut(3)) {
            let bits = group.iter().fold(0u32, |bits, &byte| {
                bits << 6 | u32::from(BASE64_VALUES[usize::from(byte)])
            });
            out.copy_from_slice(&bits.to_be_bytes()[1..]);
        }
        let bits = tail.iter().fold(0u32, |bits, &byte| {
            bits << 6 | u32::from(BASE64_VALUES[usize::from(byte)])
        });
        push_last_group(&mut output, bits, tail.len(), digits)?;
        return Ok(output);
    }
    let mut accumulator: u32 = 0;
    let mut pending = 0;
    let mut position = 0;
    while let Some(&byte) = text.get(position) {
        if pending == 0
            && let Some(&[a, b, c, d]) = text.get(position..position + 4)
        {
            let values = [a, b, c, d].map(&value_of);
            if values.iter().fold(0, |seen, &value| seen | value) < 64 {
                let bits = values
                    .iter()
                    .fold(0u32, |bits, &value| bits << 6 | u32::from(value));
                output.extend_from_slice(&bits.to_be_bytes()[1..]);
                position += 4;
                continue;
            }
        }
        position += 1;
        let value = value_of(byte);
        if value >= 64 {
            continue;
        }
        accumulator = accumulator << 6 | u32::from(value);
        pending += 1;
        if pending == 4 {
            output.extend_from_slice(&accumulator.to_be_bytes()[1..]);
            accumulator = 0;
            pending = 0;
        }
    }
    push_last_group(&mut output, accumulator, pending, digits)?;
    Ok(output)
}

/// Appends the bytes of a last group of `pending` digits (their values in `bits`): 2
/// digits carry 1 byte (+4 unused bits), 3 digits carry 2 (+2 bits). Unused bits that
/// are set mean a value no encoder wrote (`digits` is the total, for the error).
fn push_last_group(
    output: &mut Vec<u8>,
    bits: u32,
    pending: usize,
    digits: usize,
) -> Result<(), DecodeError> {
    match pending {
        2 => {
            if bits & 0xF != 0 {
                return Err(DecodeError::Base64Length { length: digits });
            }
            output.push((bits >> 4) as u8);
        }
        3 => {
            if bits & 0x3 != 0 {
                return Err(DecodeError::Base64Length { length: digits });
            }
            let bits = bits >> 2;
            output.push((bits >> 8) as u8);
            output.push(bits as u8);
        }
        _ => {}
    }
    Ok(())
}

/// The digits of base64 `text`, refusing a byte outside the alphabets and a digit after
/// padding, with their offsets.
fn count_base64_digits(text: &[u8], value_of: &impl Fn(u8) -> u8) -> Result<usize, DecodeError> {
    let mut digits = 0usize;
    let mut padding_at = None;
    for (offset, &byte) in text.iter().enumerate() {
        match value_of(byte) {
            BASE64_SPACE => {}
            BASE64_PAD => {
                padding_at.get_or_insert(offset);
            }
            NOT_BASE64 => return Err(DecodeError::Base64 { offset, byte }),
            _ => {
                if let Some(padding) = padding_at {
                    // A digit after padding: two values glued together, or garbage.
                    return Err(DecodeError::Base64 {
                        offset: padding,
                        byte: b'=',
                    });
                }
                digits += 1;
            }
        }
    }
    Ok(digits)
}

/// Inflates raw DEFLATE data (RFC 1951, no zlib or gzip header), as the HTTP-Redirect
/// binding requires (SAML Bindings §3.4.4.1). Output is capped at `limit` bytes while
/// inflating, so a bomb stops at the cap ([`DecodeError::InflatedTooLarge`]) after
/// producing at most `limit` bytes.
///
/// Some implementations wrongly send zlib-wrapped data (RFC 1950): when raw inflation
/// fails and the data starts with a valid zlib header, it is inflated as zlib.
pub fn inflate_raw(data: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    inflate_with_partial(data, limit).map_err(|(error, _)| error)
}

/// [`inflate_raw`], also returning on failure whether the partial output looked like
/// XML (a truncated message rather than something that never was DEFLATE).
fn inflate_with_partial(data: &[u8], limit: usize) -> Result<Vec<u8>, (DecodeError, bool)> {
    if data.is_empty() {
        return Err((DecodeError::Empty, false));
    }
    let raw_error = match inflate::decompress_to_vec_with_limit(data, limit) {
        Ok(output) => return Ok(output),
        Err(error) => error,
    };
    if raw_error.status == TINFLStatus::HasMoreOutput {
        return Err((DecodeError::InflatedTooLarge { limit }, false));
    }
    if has_zlib_header(data) {
        match inflate::decompress_to_vec_zlib_with_limit(data, limit) {
            Ok(output) => return Ok(output),
            Err(error) if error.status == TINFLStatus::HasMoreOutput => {
                return Err((DecodeError::InflatedTooLarge { limit }, false));
            }
            Err(_) => {}
        }
    }
    let partial_is_xml = looks_like_xml(&raw_error.output);
    let message = match raw_error.status {
        TINFLStatus::FailedCannotMakeProgress => {
            "the data ends before the compressed stream does (truncated copy?)"
        }
        TINFLStatus::Adler32Mismatch => "the zlib checksum does not match",
        _ => "the bytes are not a valid compressed stream",
    };
    Err((
        DecodeError::Inflate {
            message: message.to_owned(),
        },
        partial_is_xml,
    ))
}

/// A zlib header (RFC 1950 §2.2): method 8 (DEFLATE), window ≤ 32K, check bits valid.
fn has_zlib_header(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => {
            cmf & 0x0F == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// Whether `bytes` starts like an XML document: after an optional byte order mark and
/// whitespace, a `<`. UTF-16 documents count (the XML parser then says why it refuses
/// them, which is clearer than "not XML").
pub fn looks_like_xml(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, b'<', 0, ..] | [0xFE, 0xFF, 0, b'<', ..] => true,
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            bytes
                .iter()
                .find(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
                .is_some_and(|&byte| byte == b'<')
        }
    }
}

/// How a SAML value reached us, which decides the first decoding step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    /// From a query string or form body, still percent-encoded (`+` is a space).
    FormEncoded,
    /// Not URL-encoded (an HTML attribute value, a value a HAR exporter already decoded).
    Plain,
    /// Pasted by a user: percent-decoded only when it holds `%XX` escapes, and then
    /// without reading `+` as a space.
    Pasted,
}

/// What [`decode_value`] did to get the XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub xml: Vec<u8>,
    /// Whether DEFLATE had to be undone (the Redirect binding's encoding).
    pub inflated: bool,
}

/// Decodes a SAML protocol message value as its binding encodes it, to XML bytes.
///
/// - `Redirect` (SAML Bindings §3.4.4.1): percent-decoding (`+` is a space), base64,
///   raw DEFLATE. Some SPs skip DEFLATE: a base64 value that already is XML is accepted.
/// - `Post` (§3.5.4): percent-decoding of the form body, base64. Some senders deflate
///   POSTed values too: a base64 result that is not XML is inflated.
/// - `HtmlForm`: the value of a hidden input (HTML entities already decoded), base64,
///   inflated if that is not XML.
/// - `Raw`: a pasted value; percent-decoded only if it holds `%XX` escapes (then `+`
///   stays `+`), base64, inflated if that is not XML.
///
/// **Spaces.** base64 has no space, but a sloppy client that posts a raw `+` has it read
/// as a space by the form decoder. So when the value (after percent-decoding) contains
/// spaces but no line breaks or tabs (which would mean wrapped base64), spaces are first
/// read as `+`; if that does not decode to XML, spaces are ignored instead, and the
/// first attempt's error is reported when both fail.
///
/// The result is XML (per [`looks_like_xml`]) or an error; [`DecodeError::NotXml`]
/// shows the first bytes of what the value decoded to.
pub fn decode_saml_value(
    value: &str,
    binding: Binding,
    limit: usize,
) -> Result<Vec<u8>, DecodeError> {
    let transport = match binding {
        Binding::Redirect | Binding::Post => Transport::FormEncoded,
        Binding::HtmlForm => Transport::Plain,
        Binding::Raw => Transport::Pasted,
    };
    decode_value(value, transport, binding == Binding::Redirect, limit).map(|decoded| decoded.xml)
}

/// The chain behind [`decode_saml_value`]; `expect_deflate` is true for the Redirect
/// binding, where inflation is the rule rather than the fallback.
pub(crate) fn decode_value(
    value: &str,
    transport: Transport,
    expect_deflate: bool,
    limit: usize,
) -> Result<Decoded, DecodeError> {
    let text: std::borrow::Cow<'_, [u8]> = match transport {
        Transport::FormEncoded => percent_decode(value, true)?.into(),
        Transport::Plain => value.as_bytes().into(),
        Transport::Pasted if has_percent_escape(value) => percent_decode(value, false)?.into(),
        Transport::Pasted => value.as_bytes().into(),
    };
    let has_space = memchr::memchr(b' ', &text).is_some();
    let is_wrapped = memchr::memchr3(b'\n', b'\r', b'\t', &text).is_some();
    if has_space && !is_wrapped {
        match decode_base64_then_message(&text, true, expect_deflate, limit) {
            Ok(decoded) => Ok(decoded),
            Err(first_error) => decode_base64_then_message(&text, false, expect_deflate, limit)
                .map_err(|_| first_error),
        }
    } else {
        decode_base64_then_message(&text, false, expect_deflate, limit)
    }
}

fn decode_base64_then_message(
    text: &[u8],
    space_is_plus: bool,
    expect_deflate: bool,
    limit: usize,
) -> Result<Decoded, DecodeError> {
    let bytes = base64_decode(text, limit, space_is_plus)?;
    if looks_like_xml(&bytes) {
        return Ok(Decoded {
            xml: bytes,
            inflated: false,
        });
    }
    match inflate_with_partial(&bytes, limit) {
        Ok(inflated) if looks_like_xml(&inflated) => Ok(Decoded {
            xml: inflated,
            inflated: true,
        }),
        Ok(inflated) => Err(not_xml(&inflated)),
        Err((error @ DecodeError::InflatedTooLarge { .. }, _)) => Err(error),
        Err((error, partial_is_xml)) if expect_deflate || partial_is_xml => Err(error),
        Err(_) => Err(not_xml(&bytes)),
    }
}

/// [`DecodeError::NotXml`] showing the first bytes of `bytes`, escaped.
pub fn not_xml(bytes: &[u8]) -> DecodeError {
    let shown = &bytes[..bytes.len().min(NOT_XML_PREVIEW)];
    let ellipsis = if bytes.len() > NOT_XML_PREVIEW {
        "…"
    } else {
        ""
    };
    DecodeError::NotXml {
        start: format!("\"{}\"{ellipsis}", shown.escape_ascii()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    type Decoding = Result<Vec<u8>, DecodeError>;

    #[test]
    fn base64_lenient_reads_what_users_paste() {
        let ok = |bytes: &[u8]| Ok(bytes.to_vec());
        // (text, space read as '+', result)
        let cases: &[(&str, bool, Decoding)] = &[
            ("QUJD", false, ok(b"ABC")),
            ("QUJDRA==", false, ok(b"ABCD")),
            ("QUJDRA", false, ok(b"ABCD")),
            ("QUJDREU=", false, ok(b"ABCDE")),
            ("QUJDREU", false, ok(b"ABCDE")),
            // Both alphabets, even mixed.
            ("-_+/", false, ok(&[0xFB, 0xFF, 0xBF])),
            // Whitespace anywhere, line breaks of any kind, and after the padding.
            ("QU\r\nJD\tRA= =\n", false, ok(b"ABCD")),
            (" QUJD ", false, ok(b"ABC")),
            // A space as '+' (a '+' posted unencoded and read back as a space).
            ("QU D", true, ok(&[0x41, 0x4F, 0x83])),
            ("QU D", false, Err(DecodeError::Base64Length { length: 3 })),
            ("", false, Err(DecodeError::Empty)),
            ("==", false, Err(DecodeError::Empty)),
            (" \n", false, Err(DecodeError::Empty)),
            ("QUJDR", false, Err(DecodeError::Base64Length { length: 5 })),
            // Bits left over after the last byte: a truncated or edited value.
            (
                "QUJDRB",
                false,
                Err(DecodeError::Base64Length { length: 6 }),
            ),
            (
                "QUJDREV",
                false,
                Err(DecodeError::Base64Length { length: 7 }),
            ),
            (
                "QUJD*A==",
                false,
                Err(DecodeError::Base64 {
                    offset: 4,
                    byte: b'*',
                }),
            ),
            (
                "QQ==QUJD",
                false,
                Err(DecodeError::Base64 {
                    offset: 2,
                    byte: b'=',
                }),
            ),
            (
                "QUJDRA==%",
                false,
                Err(DecodeError::Base64 {
                    offset: 8,
                    byte: b'%',
                }),
            ),
        ];
        for (text, space_is_plus, expected) in cases {
            assert_eq!(
                &base64_decode(text.as_bytes(), usize::MAX, *space_is_plus),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn base64_limit_is_checked_before_decoding() {
        assert_eq!(base64_lenient(b"QUJDRA==", 4), Ok(b"ABCD".to_vec()));
        assert_eq!(
            base64_lenient(b"QUJDRA==", 3),
            Err(DecodeError::TooLarge { limit: 3 })
        );
        assert_eq!(
            base64_lenient(b"QU\nJDRA", 3),
            Err(DecodeError::TooLarge { limit: 3 })
        );
    }

    /// Agrees with a strict encoder on every length and both alphabets, unbroken and
    /// wrapped at 76 columns.
    #[test]
    fn base64_lenient_decodes_what_encoders_write() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for length in 0..300 {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let standard = STANDARD.encode(&bytes);
            let wrapped = standard
                .as_bytes()
                .chunks(76)
                .map(|line| String::from_utf8_lossy(line).into_owned())
                .collect::<Vec<_>>()
                .join("\r\n");
            for text in [standard, wrapped, URL_SAFE_NO_PAD.encode(&bytes)] {
                let decoded = base64_lenient(text.as_bytes(), usize::MAX);
                if bytes.is_empty() {
                    assert_eq!(decoded, Err(DecodeError::Empty));
                } else {
                    assert_eq!(decoded.as_ref(), Ok(&bytes), "{text:?}");
                }
            }
        }
    }
    use miniz_oxide::deflate::{compress_to_vec, compress_to_vec_zlib};

    #[test]
    fn inflation_stops_at_the_limit() {
        const LIMIT: usize = 64 << 10;
        let bomb = compress_to_vec(&vec![0u8; 4 << 20], 10);
        let xml_bomb = compress_to_vec(&[b"<a>".as_slice(), &vec![b' '; 4 << 20]].concat(), 10);
        let zlib_bomb = compress_to_vec_zlib(&vec![0u8; 4 << 20], 10);
        let at_limit = compress_to_vec(&vec![b'<'; LIMIT], 10);
        let cases: [(&[u8], Result<usize, DecodeError>); 4] = [
            (&bomb, Err(DecodeError::InflatedTooLarge { limit: LIMIT })),
            (
                &xml_bomb,
                Err(DecodeError::InflatedTooLarge { limit: LIMIT }),
            ),
            (
                &zlib_bomb,
                Err(DecodeError::InflatedTooLarge { limit: LIMIT }),
            ),
            (&at_limit, Ok(LIMIT)),
        ];
        for (index, (data, expected)) in cases.into_iter().enumerate() {
            let inflated = inflate_raw(data, LIMIT).map(|bytes| bytes.len());
            assert_eq!(inflated, expected, "case {index}");
        }
    }

    #[test]
    fn a_deflate_bomb_in_a_redirect_value_names_the_inflated_size_limit() {
        let bomb = compress_to_vec(&[b"<a>".as_slice(), &vec![b' '; 4 << 20]].concat(), 10);
        let value: String =
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bomb)
                .replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D");
        for binding in [Binding::Redirect, Binding::Post, Binding::Raw] {
            let error = decode_saml_value(&value, binding, 1 << 20).unwrap_err();
            assert_eq!(
                error,
                DecodeError::InflatedTooLarge { limit: 1 << 20 },
                "{binding:?}"
            );
            assert!(
                error
                    .to_string()
                    .contains("inflated-size limit of 1048576 bytes")
            );
        }
    }
}
