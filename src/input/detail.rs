//! One request opened as a browser's network panel shows it: method, URL and its query
//! parameters, status, request and response headers, cookies sent and set, form fields,
//! timing, a preview of the body, and the SAML parameters it carried with the message
//! each became.
//!
//! Owns [`RequestDetail`] (plain data a view can draw, serializable) and the bounds on
//! it: every value and name is cut at [`Limits::detail_value_bytes`], every list at
//! [`Limits::detail_fields`], a body preview at [`Limits::body_preview_bytes`], and what
//! was cut is said (`cut_from`, `more`, `truncated`). Values are kept as data, control
//! characters included: escaping them is the renderer's job. Images and other binary
//! bodies give their type and size, never their bytes.
//!
//! The details are fetched on demand, one request at a time ([`super::request_detail`]); they
//! are never part of the report, so secrets in them (cookies, passwords in a login
//! form: the user's own data, in their own tab) reach no export.
//!
//! HAR entries are read by [`super::har::request_detail`], SAML-tracer requests by
//! [`super::tracer::request_detail`]; a HAR reduced by [`super::har::reduce`] keeps what
//! the details read, within the same limits.

use super::parse_query;
use super::{Binding, InputError, InputKind, SamlParameter};
use crate::decode;
use crate::limits::Limits;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One request with everything a details pane shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    /// What the input is: [`InputKind::Har`] or [`InputKind::SamlTracer`].
    pub source: InputKind,
    /// The request's index in the input (HAR `log.entries`, SAML-tracer `requests`),
    /// 0-based: the `har_entry` of the messages it carried and of its flow line.
    pub index: usize,
    pub started_at: Option<Timestamp>,
    pub method: String,
    pub url: String,
    /// The request's HTTP version as the export gives it (`http/2.0`, `HTTP/1.1`).
    pub http_version: Option<String>,
    /// The URL's query parameters, in order, percent-decoded.
    pub query: Listed<Field>,
    /// HTTP status; `None` when there was no response (blocked, cancelled).
    pub status: Option<u16>,
    pub status_text: String,
    /// The response's HTTP version.
    pub response_http_version: Option<String>,
    pub request_headers: Listed<Field>,
    pub response_headers: Listed<Field>,
    /// Cookies the request sent.
    pub request_cookies: Listed<Cookie>,
    /// Cookies the response set.
    pub response_cookies: Listed<Cookie>,
    /// The request body: form fields, or a preview of other content.
    pub request_body: Option<RequestBody>,
    /// The response body; `None` when the input records none (SAML-tracer never does).
    pub response_body: Option<BodyPreview>,
    pub timing: Option<Timing>,
    /// The SAML messages this request carried, in the order the analysis found them.
    pub saml: Vec<SamlField>,
    /// What a reader should know about these details (masked values, a body cut when a
    /// big HAR was reduced...), as sentences.
    pub notes: Vec<String>,
}

/// A list cut at [`Limits::detail_fields`]: the first items, and how many more there were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed<T> {
    pub items: Vec<T>,
    /// Items left out after the first [`Limits::detail_fields`].
    pub more: usize,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: Vec::new(),
            more: 0,
        }
    }
}

impl<T> Listed<T> {
    /// Builds a list from `items`, keeping at most `limit`; `total` is how many there
    /// were in all when the source said so (a reduced HAR), else the count of `items`.
    pub(crate) fn cut(
        items: impl IntoIterator<Item = T>,
        limit: usize,
        total: Option<usize>,
    ) -> Self {
        let mut kept = Vec::new();
        let mut count = 0usize;
        for item in items {
            if kept.len() < limit {
                kept.push(item);
            }
            count += 1;
        }
        let total = total.unwrap_or(count).max(count);
        Listed {
            more: total - kept.len(),
            items: kept,
        }
    }
}

/// A header, query parameter or form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    /// The name's full length in bytes, when `name` was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_cut_from: Option<usize>,
    /// The value's full length in bytes, when `value` was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_from: Option<usize>,
    /// How the exporter masked the value (SAML-tracer's export options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked: Option<Masking>,
}

impl Field {
    /// A field from its full name and value, cut at `limit` bytes each.
    pub(crate) fn new(name: &str, value: &str, limit: usize) -> Field {
        let (name, name_cut_from) = cut(name, limit);
        let masked = masking(value);
        let (value, cut_from) = cut(value, limit);
        Field {
            name,
            value,
            name_cut_from,
            cut_from,
            masked,
        }
    }
}

/// A cookie sent or set, with the attributes the export gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_cut_from: Option<usize>,
    /// The value's full length in bytes, when `value` was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_from: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked: Option<Masking>,
    pub domain: Option<String>,
    pub path: Option<String>,
    /// `Expires` (or `Max-Age=<seconds>`) as written.
    pub expires: Option<String>,
    pub http_only: Option<bool>,
    pub secure: Option<bool>,
    pub same_site: Option<String>,
}

impl Cookie {
    pub(crate) fn new(name: &str, value: &str, limit: usize) -> Cookie {
        let field = Field::new(name, value, limit);
        Cookie {
            name: field.name,
            value: field.value,
            name_cut_from: field.name_cut_from,
            cut_from: field.cut_from,
            masked: field.masked,
            domain: None,
            path: None,
            expires: None,
            http_only: None,
            secure: None,
            same_site: None,
        }
    }
}

/// The body a request sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBody {
    /// Its `Content-Type` (HAR `postData.mimeType`).
    pub mime_type: String,
    /// The fields of a form body (`application/x-www-form-urlencoded`, or the exporter's
    /// parsed parameters), values decoded, in order.
    pub fields: Listed<Field>,
    /// The body as text when it is not a form (JSON, XML, multipart...).
    pub text: Option<BodyPreview>,
    /// The body's full length in bytes, when a reduced HAR kept only its start (the
    /// fields after it are not listed then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_from: Option<usize>,
}

/// What a body is, for how a view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// HTML: shown as source, never rendered.
    Html,
    /// Other text: JSON, XML, scripts, styles, plain text.
    Text,
    /// An image: type and size only, never loaded.
    Image,
    /// Anything else that is not text (fonts, archives, WebAssembly...): type and size.
    Binary,
    /// A body of zero bytes.
    Empty,
    /// The export did not record the body (exported without content, or a cached
    /// response).
    NotRecorded,
}

/// A body: its type and size, and for text the start of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyPreview {
    pub kind: BodyKind,
    pub mime_type: String,
    /// The body's length in bytes (decoded), when known.
    pub size: Option<u64>,
    /// The start of the text, at most [`Limits::body_preview_bytes`]; `None` for images
    /// and binary bodies.
    pub text: Option<String>,
    /// Whether `text` is only the start of the body.
    pub truncated: bool,
}

/// Where the time of a request went, in milliseconds (HAR 1.2 `timings`); a phase that
/// does not apply (-1 in the HAR) is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// The whole request (HAR entry `time`).
    pub total_ms: Option<f64>,
    pub blocked_ms: Option<f64>,
    pub dns_ms: Option<f64>,
    /// Connecting, TLS included.
    pub connect_ms: Option<f64>,
    /// The TLS handshake alone.
    pub ssl_ms: Option<f64>,
    pub send_ms: Option<f64>,
    /// Waiting for the first byte of the response.
    pub wait_ms: Option<f64>,
    pub receive_ms: Option<f64>,
}

/// A SAML message a request carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlField {
    pub parameter: SamlParameter,
    /// Where it was: the URL's query (`redirect`), the form body (`post`), or an
    /// auto-post form in the response page (`html-form`).
    pub binding: Binding,
    /// Its index in the analysis' messages, once [`RequestDetail::link_messages`] has
    /// matched it; `None` before, or when the analysis left it out (message limit).
    pub message: Option<usize>,
}

/// How SAML-tracer's export replaced a value (its "Mask values" and "Remove values"
/// options, which apply to form values and to cookie values in `Cookie` and
/// `Set-Cookie` headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Masking {
    /// "Mask values": `{hash:<hex digest of the value>}`.
    Hashed,
    /// "Remove values": `{obf:alternative_<n>}`, the same `n` for the same value.
    Removed,
    /// `{overwritten}`, SAML-tracer's placeholder for a replaced object.
    Overwritten,
}

impl Masking {
    /// The option's name in SAML-tracer's export dialog.
    pub fn describe(self) -> &'static str {
        match self {
            Masking::Hashed => "Mask values",
            Masking::Removed => "Remove values",
            Masking::Overwritten => "a masking option",
        }
    }
}

/// How `value` was masked by a SAML-tracer export, if it is one of its placeholders:
/// `{hash:` hex digits `}`, `{obf:` ... `}`, or `{overwritten}`.
pub fn masking(value: &str) -> Option<Masking> {
    if value == "{overwritten}" {
        return Some(Masking::Overwritten);
    }
    let inner = value.strip_suffix('}')?;
    if let Some(digest) = inner.strip_prefix("{hash:") {
        return (!digest.is_empty() && digest.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .then_some(Masking::Hashed);
    }
    let replacement = inner.strip_prefix("{obf:")?;
    (!replacement.is_empty() && !replacement.contains(['{', '}'])).then_some(Masking::Removed)
}

impl RequestDetail {
    /// Fills [`SamlField::message`] from the analysis' messages: `origins` yields, for
    /// each message in order, `(message index, input index, har_entry)` (a message seen
    /// at several places may yield several). The messages of input `input` at this
    /// request are matched to [`RequestDetail::saml`] in order, as the analysis found
    /// them in the same order.
    pub fn link_messages(
        &mut self,
        input: usize,
        origins: impl IntoIterator<Item = (usize, usize, Option<usize>)>,
    ) {
        let mut fields = self.saml.iter_mut();
        for (message, message_input, har_entry) in origins {
            if message_input != input || har_entry != Some(self.index) {
                continue;
            }
            match fields.next() {
                Some(field) => field.message = Some(message),
                None => return,
            }
        }
    }
}

/// Why the details of a request could not be given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DetailError {
    /// The input could not be read at all (as [`super::extract`] would say).
    Input(InputError),
    /// The input is something without requests (an XML message, a certificate...).
    NoRequests { kind: InputKind },
    /// There is no request `index`; the input has `count`.
    NoSuchRequest { index: usize, count: usize },
}

impl fmt::Display for DetailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DetailError::Input(error) => write!(f, "{error}"),
            DetailError::NoRequests { kind } => write!(
                f,
                "a {} holds no requests; only HAR files and SAML-tracer exports do",
                kind.describe()
            ),
            DetailError::NoSuchRequest { index, count } => write!(
                f,
                "there is no request {index}: the input has {count} (numbered from 0)"
            ),
        }
    }
}

impl std::error::Error for DetailError {}

impl From<InputError> for DetailError {
    fn from(error: InputError) -> Self {
        DetailError::Input(error)
    }
}

// --- Helpers shared by the HAR and SAML-tracer readers.

/// `text` cut to at most `limit` bytes at a character boundary, and its full length
/// when it was cut.
pub(crate) fn cut(text: &str, limit: usize) -> (String, Option<usize>) {
    if text.len() <= limit {
        return (text.to_owned(), None);
    }
    let end = floor_char_boundary(text, limit);
    (text[..end].to_owned(), Some(text.len()))
}

/// The largest character boundary of `text` at or below `index`.
pub(crate) fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    // A UTF-8 character is at most 4 bytes, so a boundary is at most 3 bytes back.
    (index.saturating_sub(3)..=index)
        .rev()
        .find(|&candidate| text.is_char_boundary(candidate))
        .unwrap_or(0)
}

/// The query parameters of `url` (after the first `?`, before any `#`), decoded.
pub(crate) fn query_fields(url: &str, limits: &Limits) -> Option<Listed<Field>> {
    let query = url.split('#').next().unwrap_or(url).split_once('?')?.1;
    Some(form_fields(query, limits))
}

/// The fields of a query string or form body, names and values percent-decoded (`+` as
/// a space).
pub(crate) fn form_fields(text: &str, limits: &Limits) -> Listed<Field> {
    Listed::cut(
        parse_query(text).into_iter().map(|field| {
            Field::new(
                &field.decoded_name(),
                &field.decoded_value(),
                limits.detail_value_bytes,
            )
        }),
        limits.detail_fields,
        None,
    )
}

/// Whether a `Content-Type` is a form body.
pub(crate) fn is_form(mime_type: &str) -> bool {
    mime_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// The cookies of a `Cookie` request header: `name=value` pairs separated by `;`.
pub(crate) fn cookie_header(value: &str, limit: usize) -> impl Iterator<Item = Cookie> + '_ {
    value
        .split(';')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(move |pair| {
            let (name, value) = pair.split_once('=').unwrap_or(("", pair));
            Cookie::new(name.trim(), value.trim(), limit)
        })
}

/// The cookie of one `Set-Cookie` header line (RFC 6265 §5.2): `name=value` then
/// attributes separated by `;`. Several lines joined by newlines (as Firefox reports
/// them) are several cookies.
pub(crate) fn set_cookie_header(value: &str, limit: usize) -> impl Iterator<Item = Cookie> + '_ {
    value
        .split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(move |line| {
            let mut parts = line.split(';');
            let first = parts.next().unwrap_or_default();
            let (name, value) = first.split_once('=').unwrap_or(("", first));
            let mut cookie = Cookie::new(name.trim(), value.trim(), limit);
            for attribute in parts {
                let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                let value = cut(value.trim(), limit).0;
                match key.trim().to_ascii_lowercase().as_str() {
                    "domain" => cookie.domain = Some(value),
                    "path" => cookie.path = Some(value),
                    "expires" => cookie.expires = Some(value),
                    "max-age" if cookie.expires.is_none() => {
                        cookie.expires = Some(format!("Max-Age={value}"));
                    }
                    "httponly" => cookie.http_only = Some(true),
                    "secure" => cookie.secure = Some(true),
                    "samesite" => cookie.same_site = Some(value),
                    _ => {}
                }
            }
            cookie
        })
}

/// What a body of this `Content-Type` is, before looking at its bytes.
pub(crate) fn kind_of(mime_type: &str) -> Option<BodyKind> {
    let essence = mime_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    if sub.contains("html") {
        return Some(BodyKind::Html);
    }
    match top {
        "image" => return Some(BodyKind::Image),
        "audio" | "video" | "font" => return Some(BodyKind::Binary),
        "text" => return Some(BodyKind::Text),
        _ => {}
    }
    let textual = [
        "json",
        "xml",
        "javascript",
        "ecmascript",
        "x-www-form-urlencoded",
        "csv",
    ];
    if textual.iter().any(|word| sub.contains(word)) {
        return Some(BodyKind::Text);
    }
    let binary = [
        "octet-stream",
        "wasm",
        "pdf",
        "zip",
        "gzip",
        "protobuf",
        "font",
        "ms-",
        "vnd.",
    ];
    if binary.iter().any(|word| sub.contains(word)) {
        return Some(BodyKind::Binary);
    }
    None
}

/// A preview of a body given as `text` (decoded already) with the type the export
/// states. `size` is the stated size, if any.
pub(crate) fn text_preview(
    mime_type: &str,
    text: &str,
    size: Option<u64>,
    limit: usize,
) -> BodyPreview {
    bytes_preview(
        mime_type,
        text.as_bytes(),
        size.or(Some(text.len() as u64)),
        limit,
        false,
    )
}

/// A preview of a body whose first bytes are `bytes` (all of it unless `partial`).
pub(crate) fn bytes_preview(
    mime_type: &str,
    bytes: &[u8],
    size: Option<u64>,
    limit: usize,
    partial: bool,
) -> BodyPreview {
    let size = size.or((!partial).then_some(bytes.len() as u64));
    let stated = kind_of(mime_type);
    let kind = match stated {
        _ if bytes.is_empty() && !partial && size.is_none_or(|size| size == 0) => BodyKind::Empty,
        Some(BodyKind::Image | BodyKind::Binary) => stated.unwrap_or(BodyKind::Binary),
        Some(kind) if looks_like_text(bytes) => kind,
        None if looks_like_text(bytes) => BodyKind::Text,
        _ => BodyKind::Binary,
    };
    if !matches!(kind, BodyKind::Html | BodyKind::Text) {
        return BodyPreview {
            kind,
            mime_type: mime_type.to_owned(),
            size,
            text: None,
            truncated: false,
        };
    }
    let shown = &bytes[..bytes.len().min(limit)];
    // Cut at a character boundary: drop a partial character at the end.
    let valid = match std::str::from_utf8(shown) {
        Ok(text) => text.len(),
        Err(error) => error.valid_up_to(),
    };
    let text = String::from_utf8_lossy(&shown[..valid]).into_owned();
    let truncated = partial || valid < bytes.len();
    BodyPreview {
        kind,
        mime_type: mime_type.to_owned(),
        size,
        text: Some(text),
        truncated,
    }
}

/// Whether the start of a body reads as text: valid UTF-8 (a character cut at the end
/// allowed) without NUL bytes.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    if memchr::memchr(0, sample).is_some() {
        return false;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none(),
    }
}

/// The decoded length of base64 `text` (whitespace and padding ignored).
pub(crate) fn base64_decoded_len(text: &str) -> u64 {
    let digits = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace() && *byte != b'=')
        .count() as u64;
    digits / 4 * 3 + (digits % 4).saturating_sub(1)
}

/// The first bytes of base64 `text`, at least `wanted` of them when the body has that
/// many, and whether they are all of it; `None` when the start does not decode. Reads
/// no further into `text` than it needs.
pub(crate) fn base64_prefix(text: &str, wanted: usize) -> Option<(Vec<u8>, bool)> {
    let digits_wanted = wanted.div_ceil(3).saturating_add(1).saturating_mul(4);
    let mut digits: Vec<u8> = Vec::with_capacity(digits_wanted.min(text.len()));
    let mut complete = true;
    for byte in text.bytes() {
        if byte == b'=' {
            break;
        }
        if byte.is_ascii_whitespace() {
            continue;
        }
        if digits.len() == digits_wanted {
            complete = false;
            break;
        }
        digits.push(byte);
    }
    if !complete {
        // Only the start: whole groups of four.
        digits.truncate(digits.len() / 4 * 4);
    }
    if digits.is_empty() {
        return Some((Vec::new(), complete));
    }
    decode::base64_lenient(&digits, usize::MAX)
        .ok()
        .map(|bytes| (bytes, complete))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_placeholders_are_recognised_exactly() {
        let cases: &[(&str, Option<Masking>)] = &[
            (
                "{hash:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}",
                Some(Masking::Hashed),
            ),
            ("{hash:ABCDEF0123}", Some(Masking::Hashed)),
            ("{obf:alternative_0}", Some(Masking::Removed)),
            ("{obf:alternative_12}", Some(Masking::Removed)),
            ("{overwritten}", Some(Masking::Overwritten)),
            ("{hash:}", None),
            ("{hash:xyz}", None),
            ("{hash:abc", None),
            ("{obf:}", None),
            ("{obf:a}b}", None),
            ("hash:abc}", None),
            ("PHNhbWxwOlJlc3BvbnNlLz4=", None),
            ("", None),
        ];
        for &(value, expected) in cases {
            assert_eq!(masking(value), expected, "{value:?}");
        }
    }

    #[test]
    fn values_are_cut_at_character_boundaries() {
        assert_eq!(cut("abc", 3), ("abc".to_owned(), None));
        assert_eq!(cut("abcd", 3), ("abc".to_owned(), Some(4)));
        // "é" is two bytes: a cut inside it drops it whole.
        assert_eq!(cut("aé", 2), ("a".to_owned(), Some(3)));
        assert_eq!(cut("€€", 4), ("€".to_owned(), Some(6)));
        assert_eq!(cut("\u{1F600}", 3), (String::new(), Some(4)));
        // Control characters are data.
        assert_eq!(cut("a\u{0}\u{1b}[31m", 64).0, "a\u{0}\u{1b}[31m");
    }

    #[test]
    fn lists_are_cut_and_counted() {
        let listed = Listed::cut(0..10, 3, None);
        assert_eq!((listed.items, listed.more), (vec![0, 1, 2], 7));
        let listed = Listed::cut(0..3, 3, Some(50));
        assert_eq!((listed.items, listed.more), (vec![0, 1, 2], 47));
        let listed = Listed::cut(0..2, 3, Some(1));
        assert_eq!((listed.items, listed.more), (vec![0, 1], 0));
    }

    #[test]
    fn cookies_from_headers() {
        let sent: Vec<Cookie> = cookie_header("a=1; b={hash:00ff}; flag; c=x=y", 64).collect();
        let names: Vec<(&str, &str, Option<Masking>)> = sent
            .iter()
            .map(|cookie| (cookie.name.as_str(), cookie.value.as_str(), cookie.masked))
            .collect();
        assert_eq!(
            names,
            [
                ("a", "1", None),
                ("b", "{hash:00ff}", Some(Masking::Hashed)),
                ("", "flag", None),
                ("c", "x=y", None),
            ]
        );
        let set: Vec<Cookie> = set_cookie_header(
            "sid=abc; Path=/; Domain=.example.org; Secure; HttpOnly; SameSite=None\nlang=en; Max-Age=60",
            64,
        )
        .collect();
        assert_eq!(set.len(), 2);
        assert_eq!(set[0].path.as_deref(), Some("/"));
        assert_eq!(set[0].domain.as_deref(), Some(".example.org"));
        assert_eq!((set[0].secure, set[0].http_only), (Some(true), Some(true)));
        assert_eq!(set[0].same_site.as_deref(), Some("None"));
        assert_eq!(set[1].expires.as_deref(), Some("Max-Age=60"));
        assert_eq!(set[1].http_only, None);
    }

    #[test]
    fn bodies_are_classified_and_bounded() {
        let html = text_preview("text/html; charset=utf-8", "<p>hi</p>", None, 64);
        assert_eq!(
            (html.kind, html.text.as_deref(), html.truncated),
            (BodyKind::Html, Some("<p>hi</p>"), false)
        );
        let long = text_preview("application/json", &"x".repeat(100), None, 10);
        assert_eq!(
            (long.kind, long.text.as_deref(), long.truncated, long.size),
            (BodyKind::Text, Some("xxxxxxxxxx"), true, Some(100))
        );
        // A stated size is reported, but only what was cut is called truncated.
        let stated = text_preview("text/plain", "abc", Some(10), 64);
        assert_eq!((stated.truncated, stated.size), (false, Some(10)));
        let image = bytes_preview("image/png", b"\x89PNG\r\n\x1a\n\0\0", None, 64, false);
        assert_eq!(
            (image.kind, image.text, image.size),
            (BodyKind::Image, None, Some(10))
        );
        let svg = text_preview("image/svg+xml", "<svg/>", None, 64);
        assert_eq!((svg.kind, svg.text), (BodyKind::Image, None));
        let unknown = bytes_preview("", b"\0\x01\x02", None, 64, false);
        assert_eq!(unknown.kind, BodyKind::Binary);
        let plain = bytes_preview("x-unknown", b"hello", None, 64, false);
        assert_eq!(plain.kind, BodyKind::Text);
        let empty = bytes_preview("text/plain", b"", None, 64, false);
        assert_eq!(empty.kind, BodyKind::Empty);
        // A cut inside a character drops the partial character.
        let cut = text_preview("text/plain", "aé", None, 2);
        assert_eq!((cut.text.as_deref(), cut.truncated), (Some("a"), true));
    }

    #[test]
    fn base64_bodies_decode_only_their_start() {
        use base64::Engine;
        let body = "0123456789".repeat(100);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&body);
        assert_eq!(base64_decoded_len(&encoded), 1000);
        let (start, complete) = base64_prefix(&encoded, 10).expect("decodes");
        assert!(
            start.len() >= 10 && start.len() < 40 && !complete,
            "{}",
            start.len()
        );
        assert!(body.as_bytes().starts_with(&start));
        let wrapped = encoded
            .as_bytes()
            .chunks(76)
            .map(|line| std::str::from_utf8(line).expect("ASCII"))
            .collect::<Vec<_>>()
            .join("\r\n");
        assert_eq!(
            base64_prefix(&wrapped, 2000),
            Some((body.as_bytes().to_vec(), true))
        );
        assert_eq!(
            base64_prefix(&wrapped, 999),
            Some((body.as_bytes().to_vec(), true)),
            "the last group"
        );
        assert_eq!(base64_prefix("", 10), Some((Vec::new(), true)));
        assert_eq!(base64_decoded_len(&wrapped), 1000);
        assert_eq!(base64_prefix("!!!!", 10), None);
    }
}
