//! Recognising an input from its content alone, and extracting from every kind but HAR
//! and SAML-tracer exports (which [`super::har`] and [`super::tracer`] read): XML, base64 values, URLs, query strings and form
//! bodies, certificates (PEM, DER, bare base64).
//!
//! Owns the order in which shapes are tried and the hint given when none fits. The
//! order matters where shapes overlap: a bare base64 value is first decoded as a SAML
//! message (XML, or DEFLATE of XML) and only then tried as a DER certificate, because a
//! certificate never decodes to XML while a message can start with any bytes.

use super::params::{field_capture, field_messages};
use super::{
    Binding, Capture, CertificateInput, Extracted, InputError, InputKind, InputNote, Origin,
    parse_query,
};
use crate::decode::{self, DecodeError, Decoded, Transport};
use crate::limits::Limits;

/// How far into a JSON document the top-level `"log"` key of a HAR is looked for. HAR
/// writers put it first; a large prefix keeps the check cheap on a 500 MB file.
const HAR_KEY_WINDOW: usize = 64 << 10;
/// Fewest base64 digits taken as a base64 value: a SAML message is hundreds at least, and
/// a short word that happens to use only base64 letters is not one.
const MIN_BASE64_DIGITS: usize = 16;
/// The PEM labels read as certificates (RFC 7468 §5; the others are legacy OpenSSL).
const PEM_CERTIFICATE_LABELS: [&str; 3] =
    ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];

/// What an input was recognised as, with what recognising it already computed.
enum Sniffed<'a> {
    Har,
    SamlTracer,
    Xml,
    Url(&'a str),
    Parameters(&'a str),
    Pem(&'a str),
    Der,
    Base64Certificate(Vec<u8>),
    Report(super::export::ReportExport),
    Base64 {
        text: &'a str,
        decoded: Result<Decoded, DecodeError>,
    },
    Empty,
    Unknown(String),
}

impl Sniffed<'_> {
    fn kind(&self) -> InputKind {
        match self {
            Sniffed::Har => InputKind::Har,
            Sniffed::SamlTracer => InputKind::SamlTracer,
            Sniffed::Xml => InputKind::Xml,
            Sniffed::Url(_) => InputKind::Url,
            Sniffed::Parameters(_) => InputKind::Parameters,
            Sniffed::Pem(_) | Sniffed::Der | Sniffed::Base64Certificate(_) => {
                InputKind::Certificate
            }
            Sniffed::Base64 { .. } => InputKind::Base64,
            Sniffed::Report(_) => InputKind::Report,
            Sniffed::Empty | Sniffed::Unknown(_) => InputKind::Unknown,
        }
    }
}

/// What `bytes` looks like, judged from the content only (never a file name).
///
/// HAR: a JSON object with a `"log"` key near its start. SAML-tracer export: a JSON
/// object whose first key is `"requests"` (after `"timestamp"` at most). XML: `<` after an optional
/// byte order mark and whitespace. URL: `http(s)://` with `SAMLRequest` or
/// `SAMLResponse` in its query. Parameters: a query string or form body with one of
/// them. Certificate: PEM, DER, or base64 of DER that is not a SAML message. Base64: a
/// base64 (possibly percent-encoded) value that is, or was meant to be, a SAML message.
pub fn sniff(bytes: &[u8]) -> InputKind {
    classify(bytes, &Limits::default()).kind()
}

/// The input's bytes without a UTF-8 byte order mark and surrounding ASCII whitespace.
fn trim(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.trim_ascii()
}

fn classify<'a>(bytes: &'a [u8], limits: &Limits) -> Sniffed<'a> {
    let trimmed = trim(bytes);
    let Some(&first) = trimmed.first() else {
        return Sniffed::Empty;
    };
    if looks_like_certificate_der(bytes) {
        return Sniffed::Der;
    }
    if first == b'{' && has_har_log_key(trimmed) {
        return Sniffed::Har;
    }
    if first == b'{' && super::tracer::looks_like_export(trimmed) {
        return Sniffed::SamlTracer;
    }
    // One of our own exported reports (JSON, Markdown, HTML), read back for its messages.
    if super::export::may_be_report(trimmed)
        && let Some(export) = std::str::from_utf8(trimmed)
            .ok()
            .and_then(super::export::recognise)
    {
        return Sniffed::Report(export);
    }
    if first == b'{' {
        return Sniffed::Unknown(
            "it looks like JSON but has no top-level \"log\" object, so it is not a HAR export, \
             nor a \"requests\" array first, as a SAML-tracer export has"
                .to_owned(),
        );
    }
    if first == b'[' && trimmed.last() == Some(&b']') {
        return Sniffed::Unknown(
            "it looks like a JSON array; a HAR export is a JSON object with a \"log\" member"
                .to_owned(),
        );
    }
    if decode::looks_like_xml(bytes) {
        return Sniffed::Xml;
    }
    let Ok(text) = std::str::from_utf8(trimmed) else {
        return Sniffed::Unknown(binary_hint(trimmed));
    };
    if starts_with_ignore_case(text, "http://") || starts_with_ignore_case(text, "https://") {
        return classify_url(text);
    }
    if let Some(label) = pem_label(text) {
        return if PEM_CERTIFICATE_LABELS.contains(&label) {
            Sniffed::Pem(text)
        } else {
            Sniffed::Unknown(format!(
                "it is a PEM block of type {label:?}, not a certificate (never paste a private key anywhere)"
            ))
        };
    }
    if !field_messages(&parse_query(text)).is_empty() {
        return Sniffed::Parameters(text);
    }
    if let Some(sniffed) = classify_base64(text, limits) {
        return sniffed;
    }
    Sniffed::Unknown(text_hint(text))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A `"log"` key followed by `:` within the first [`HAR_KEY_WINDOW`] bytes.
fn has_har_log_key(json: &[u8]) -> bool {
    let window = &json[..json.len().min(HAR_KEY_WINDOW)];
    memchr::memmem::find_iter(window, b"\"log\"").any(|position| {
        window[position + 5..]
            .iter()
            .find(|byte| !byte.is_ascii_whitespace())
            .is_some_and(|&byte| byte == b':')
    })
}

fn classify_url(text: &str) -> Sniffed<'_> {
    let query = url_query(text).unwrap_or_default();
    let fields = parse_query(query);
    if !field_messages(&fields).is_empty() {
        return Sniffed::Url(text);
    }
    let hint = if fields.iter().any(|field| field.name_is("SAMLart")) {
        "it is a URL carrying a SAML artifact (SAMLart): the message itself is fetched by the \
         SP over a back channel and is not in the URL; a HAR of the login or the SP's logs hold it"
    } else if text.split_ascii_whitespace().nth(1).is_some() {
        "it starts with a URL but goes on after whitespace; paste only the URL, or the whole HAR file"
    } else {
        "it is a URL without a SAMLRequest or SAMLResponse parameter; in the HTTP-POST binding \
         the message is in the form body, which a HAR export of the login holds"
    };
    Sniffed::Unknown(hint.to_owned())
}

/// The query of a URL: after the first `?`, before any `#`.
fn url_query(url: &str) -> Option<&str> {
    let without_fragment = url.split('#').next().unwrap_or(url);
    without_fragment.split_once('?').map(|(_, query)| query)
}

/// The label of the first PEM boundary `-----BEGIN label-----`, if any.
fn pem_label(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let length = text[start..].find("-----")?;
    Some(&text[start..start + length])
}

fn classify_base64<'a>(text: &'a str, limits: &Limits) -> Option<Sniffed<'a>> {
    let digits = base64_digits(text.as_bytes())?;
    if digits < MIN_BASE64_DIGITS {
        return None;
    }
    let decoded = decode::decode_value(text, Transport::Pasted, false, limits.decoded_bytes);
    match decoded {
        Err(DecodeError::NotXml { start }) => {
            let certificate = pasted_base64(text)
                .and_then(|bytes| decode::base64_lenient(&bytes, limits.decoded_bytes).ok())
                .filter(|der| looks_like_certificate_der(der));
            Some(match certificate {
                Some(der) => Sniffed::Base64Certificate(der),
                None => Sniffed::Unknown(format!(
                    "it looks like base64 but decodes to something that is not XML, nor DEFLATE \
                     of XML, nor a certificate: it starts with {start}"
                )),
            })
        }
        decoded => Some(Sniffed::Base64 { text, decoded }),
    }
}

/// How many base64 digits (either alphabet) `bytes` holds, or `None` when it holds
/// anything but digits, padding, whitespace and `%XX` escapes.
fn base64_digits(bytes: &[u8]) -> Option<usize> {
    let is_digit =
        |byte: u8| byte.is_ascii_alphanumeric() | matches!(byte, b'+' | b'/' | b'-' | b'_');
    // A pasted value is usually digits and final padding only: checked in blocks
    // without branches first (the compiler vectorizes them).
    let unpadded = bytes
        .iter()
        .rposition(|&byte| byte != b'=')
        .map_or(&bytes[..0], |last| &bytes[..=last]);
    let all_digits = unpadded.chunks(64).all(|block| {
        block
            .iter()
            .fold(0u8, |other, &byte| other | u8::from(!is_digit(byte)))
            == 0
    });
    if all_digits {
        return Some(unpadded.len());
    }
    let mut digits = 0usize;
    for (position, &byte) in bytes.iter().enumerate() {
        match byte {
            _ if is_digit(byte) => digits += 1,
            b'=' | b' ' | b'\t' | b'\r' | b'\n' => {}
            b'%' if bytes.get(position + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(position + 2).is_some_and(u8::is_ascii_hexdigit) => {}
            _ => return None,
        }
    }
    Some(digits)
}

/// The base64 text of a pasted value, percent-decoded if it holds `%XX` escapes.
fn pasted_base64(text: &str) -> Option<Vec<u8>> {
    if decode::has_percent_escape(text) {
        decode::percent_decode(text, false).ok()
    } else {
        Some(text.as_bytes().to_vec())
    }
}

fn binary_hint(bytes: &[u8]) -> String {
    let what = match bytes {
        [0x1F, 0x8B, ..] => "it is gzip-compressed data: decompress it first (a .har.gz export?)",
        [b'P', b'K', 3, 4, ..] => "it is a ZIP archive: extract the HAR or XML file from it first",
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => "it is UTF-16 text; save it as UTF-8 and try again",
        _ => "it is binary data, not text, and not a DER certificate",
    };
    let shown = &bytes[..bytes.len().min(16)];
    format!("{what} (it starts with \"{}\")", shown.escape_ascii())
}

fn text_hint(text: &str) -> String {
    if text.contains("SAMLResponse") || text.contains("SAMLRequest") {
        return "it mentions SAMLRequest or SAMLResponse but is not a URL, form body or HAR; \
                paste the whole URL, the form body (SAMLResponse=...), or the value alone"
            .to_owned();
    }
    let digits = text
        .bytes()
        .filter(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'-' | b'_'))
        .count();
    if digits > text.len() * 9 / 10 && text.len() >= MIN_BASE64_DIGITS {
        let odd = text
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || "+/-_=% \t\r\n".contains(*c)));
        if let Some((offset, character)) = odd {
            return format!(
                "it looks like base64 but has {character:?} at offset {offset}, which base64 never contains"
            );
        }
    }
    if text.len() < MIN_BASE64_DIGITS {
        return "it is too short to be a SAML message or a certificate".to_owned();
    }
    "it is text, but not XML, JSON, a URL, a form body, base64 or PEM".to_owned()
}

/// A DER certificate's outline (RFC 5280 §4.1): a SEQUENCE spanning exactly the input,
/// holding a SEQUENCE (tbsCertificate), a SEQUENCE (signatureAlgorithm) and a BIT STRING
/// (signatureValue) that ends where the outer one does.
pub(crate) fn looks_like_certificate_der(bytes: &[u8]) -> bool {
    let Some((0x30, outer_header, outer_length)) = der_header(bytes) else {
        return false;
    };
    if outer_header + outer_length != bytes.len() {
        return false;
    }
    let mut position = outer_header;
    for expected_tag in [0x30, 0x30, 0x03] {
        match der_header(&bytes[position..]) {
            Some((tag, header, length)) if tag == expected_tag => {
                position = match position
                    .checked_add(header)
                    .and_then(|p| p.checked_add(length))
                {
                    Some(end) if end <= bytes.len() => end,
                    _ => return false,
                };
            }
            _ => return false,
        }
    }
    position == bytes.len()
}

/// Tag, header length and content length of the DER element at the start of `bytes`
/// (definite lengths of up to 4 bytes only, as certificates use).
fn der_header(bytes: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *bytes.first()?;
    let first_length = *bytes.get(1)?;
    if first_length < 0x80 {
        return Some((tag, 2, usize::from(first_length)));
    }
    let count = usize::from(first_length & 0x7F);
    if count == 0 || count > 4 {
        return None;
    }
    let length_bytes = bytes.get(2..2 + count)?;
    let length = length_bytes
        .iter()
        .fold(0usize, |length, &byte| length << 8 | usize::from(byte));
    Some((tag, 2 + count, length))
}

/// Extracts from input number `index`, dispatching on what it is (see [`sniff`]).
pub(super) fn extract(
    index: usize,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, InputError> {
    let sniffed = classify(bytes, limits);
    let mut extracted = Extracted {
        kind: Some(sniffed.kind()),
        ..Extracted::default()
    };
    match sniffed {
        Sniffed::Empty => return Err(InputError::Empty),
        Sniffed::Unknown(hint) => return Err(InputError::Unrecognized { hint }),
        Sniffed::Har => return super::har::scan(index, bytes, limits),
        Sniffed::SamlTracer => return super::tracer::scan(index, bytes, limits),
        Sniffed::Xml => extracted.captures.push(Capture {
            origin: raw_origin(index, Binding::Raw),
            payload: Ok(bytes.to_vec()),
            encoded: String::new(),
            relay_state: None,
            redirect_signature: None,
            form_action: None,
        }),
        Sniffed::Base64 { text, decoded } => {
            let xml = decoded.map_err(InputError::Decode)?.xml;
            extracted.captures.push(Capture {
                origin: raw_origin(index, Binding::Raw),
                payload: Ok(xml),
                encoded: text.to_owned(),
                relay_state: None,
                redirect_signature: None,
                form_action: None,
            });
        }
        Sniffed::Url(url) => {
            let query = url_query(url).unwrap_or_default();
            for message in field_messages(&parse_query(query)) {
                let mut origin = raw_origin(index, Binding::Redirect);
                origin.url = Some(url.to_owned());
                extracted
                    .captures
                    .push(field_capture(message, origin, true, limits));
            }
        }
        Sniffed::Parameters(text) => {
            // A leading `?` or a signature means a query string (Redirect); otherwise the
            // encoding tells: DEFLATE is the Redirect binding's, plain base64 the POST's.
            let is_query = text.starts_with('?');
            for message in field_messages(&parse_query(text)) {
                let redirect = is_query || message.redirect_signature.is_some();
                let binding = if redirect {
                    Binding::Redirect
                } else {
                    Binding::Post
                };
                extracted.captures.push(field_capture(
                    message,
                    raw_origin(index, binding),
                    redirect,
                    limits,
                ));
            }
        }
        Sniffed::Pem(text) => {
            let (certificates, notes) = pem_certificates(text, limits);
            if certificates.is_empty() {
                let message = notes
                    .first()
                    .map(|note| note.message.clone())
                    .unwrap_or_else(|| "no certificate could be read".to_owned());
                return Err(InputError::Unrecognized { hint: message });
            }
            extracted.certificates = certificates
                .into_iter()
                .map(|der| CertificateInput { input: index, der })
                .collect();
            extracted.notes = notes;
        }
        Sniffed::Der => extracted.certificates.push(CertificateInput {
            input: index,
            der: bytes.to_vec(),
        }),
        Sniffed::Base64Certificate(der) => {
            extracted
                .certificates
                .push(CertificateInput { input: index, der });
        }
        Sniffed::Report(export) => {
            extracted.notes.push(InputNote {
                har_entry: None,
                message: format!(
                    "a SAML Inspector report ({}) carrying {} message(s): they are analysed again from their XML; in a redacted report, replaced values cannot be verified, so its signatures are not checked and the findings shown are those it lists",
                    export.format.describe(),
                    export.messages.len()
                ),
            });
            for message in export.messages.into_iter().take(limits.messages) {
                let mut origin = raw_origin(index, Binding::Raw);
                origin.captured_at = message.captured_at;
                extracted.captures.push(Capture {
                    origin,
                    payload: Ok(message.xml.into_bytes()),
                    encoded: String::new(),
                    relay_state: None,
                    redirect_signature: None,
                    form_action: None,
                });
            }
        }
    }
    Ok(extracted)
}

fn raw_origin(index: usize, binding: Binding) -> Origin {
    Origin {
        input: index,
        har_entry: None,
        url: None,
        method: None,
        binding,
        parameter: None,
        captured_at: None,
        http_status: None,
        server_date: None,
    }
}

/// Every certificate of a PEM text (RFC 7468), in order, with a note for each block
/// that could not be read.
fn pem_certificates(text: &str, limits: &Limits) -> (Vec<Vec<u8>>, Vec<InputNote>) {
    let mut certificates = Vec::new();
    let mut notes = Vec::new();
    let mut rest = text;
    let mut block = 0usize;
    while let Some(begin) = rest.find("-----BEGIN ") {
        let after_begin = &rest[begin + "-----BEGIN ".len()..];
        let Some(label_end) = after_begin.find("-----") else {
            break;
        };
        let label = &after_begin[..label_end];
        let body_and_rest = &after_begin[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let (body, next) = match body_and_rest.find(&end_marker) {
            Some(end) => (
                &body_and_rest[..end],
                &body_and_rest[end + end_marker.len()..],
            ),
            None => {
                notes.push(InputNote {
                    har_entry: None,
                    message: format!(
                        "PEM block {} ({label}) has no \"{end_marker}\" line",
                        block + 1
                    ),
                });
                (body_and_rest, "")
            }
        };
        block += 1;
        rest = next;
        if !PEM_CERTIFICATE_LABELS.contains(&label) {
            notes.push(InputNote {
                har_entry: None,
                message: format!("PEM block {block} is a {label}, not a certificate; skipped"),
            });
            continue;
        }
        // RFC 7468 §5.2 allows no headers, but legacy files carry `Name: value` lines.
        let body: String = body
            .lines()
            .filter(|line| !line.contains(':'))
            .collect::<Vec<_>>()
            .join("\n");
        match decode::base64_lenient(body.as_bytes(), limits.decoded_bytes) {
            Ok(der) => certificates.push(der),
            Err(error) => notes.push(InputNote {
                har_entry: None,
                message: format!("PEM block {block} could not be decoded: {error}"),
            }),
        }
    }
    (certificates, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_outline_rejects_near_misses() {
        // SEQUENCE { SEQUENCE {}, SEQUENCE {}, BIT STRING {0} }
        let minimal = [0x30, 0x07, 0x30, 0x00, 0x30, 0x00, 0x03, 0x01, 0x00];
        assert!(looks_like_certificate_der(&minimal));
        assert!(!looks_like_certificate_der(&minimal[..8]));
        let mut longer = minimal.to_vec();
        longer.push(0);
        assert!(!looks_like_certificate_der(&longer));
        assert!(!looks_like_certificate_der(&[
            0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF
        ]));
        assert!(!looks_like_certificate_der(&[0x30, 0x85]));
        assert!(!looks_like_certificate_der(&[0x30]));
        assert!(!looks_like_certificate_der(&[]));
    }

    #[test]
    fn base64_digits_are_counted_in_any_shape() {
        let long = "QUJD".repeat(40);
        let cases: &[(&str, Option<usize>)] = &[
            ("", Some(0)),
            ("QUJD", Some(4)),
            ("QUJDRA==", Some(6)),
            ("-_+/", Some(4)),
            (&long, Some(160)),
            ("QUJD\r\nRA==\n", Some(6)),
            // The hex digits of an escape count too: the count only has to tell
            // values from short words.
            ("QU%2BD%3D", Some(7)),
            ("QUJD%2", None),
            ("QUJD!", None),
            ("QU=JD", Some(4)),
        ];
        for &(text, expected) in cases {
            assert_eq!(base64_digits(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn sniffs_shapes() {
        let cases: [(&[u8], InputKind); 9] = [
            (b"  {\n \"log\" : {\"entries\": []}}", InputKind::Har),
            (b"{\"data\": 1}", InputKind::Unknown),
            (b"\xEF\xBB\xBF <samlp:Response/>", InputKind::Xml),
            (
                b"https://idp.example.com/sso?SAMLRequest=abc",
                InputKind::Url,
            ),
            (b"https://idp.example.com/sso?x=1", InputKind::Unknown),
            (b"?SAMLResponse=abc&RelayState=x", InputKind::Parameters),
            (b"SAMLResponse=abc", InputKind::Parameters),
            (
                b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                InputKind::Certificate,
            ),
            (b"\x00\x01\x02\x03", InputKind::Unknown),
        ];
        for (bytes, kind) in cases {
            assert_eq!(sniff(bytes), kind, "{}", bytes.escape_ascii());
        }
    }
}
