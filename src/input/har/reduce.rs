//! Reducing a big HAR to a small one that analyses the same.
//!
//! The page reads a dropped HAR of hundreds of megabytes in a Web Worker: [`reduce`]
//! runs there, keeps what [`super::scan`] (and the checks after it) read and drops the
//! rest, and the main thread analyses the few megabytes left. Every entry is kept, in
//! order, with `startedDateTime`, `time`, the request's `method`, `url` and
//! `httpVersion`, and the response's `status`, `statusText`, `redirectURL`,
//! `content.mimeType`/`encoding` and its `Date`, `Location` and `Content-Type` headers.
//! Bodies are kept only where they matter:
//!
//! - a request's `queryString` when the URL has no query and it mentions a SAML
//!   parameter (the scan's fallback), its `postData.text` when it mentions one (the
//!   whole form: `RelayState`, `SigAlg`, `Signature` come with it) and `postData.params`
//!   when there is no text and they mention one;
//! - an HTML response body that may hold an auto-post form (the scan's own tests,
//!   [`mentions_saml`] and [`base64_may_mention_saml`]) or that is at most
//!   [`Limits::har_kept_html_bytes`] long, so error pages can still be recognised.
//!
//! Values are copied as the raw JSON they were, so the scan reads the same strings with
//! the same escapes. A value of the wrong type becomes an empty value of that type (its
//! note names only the type). The input-size and entry limits give the same errors as
//! the scan. The lenient readers, and the `name`/`value` and cookie items, are the scan's
//! and the details' own ([`super::entry`]).

use super::super::detail::{base64_prefix, cut, floor_char_boundary, kind_of, looks_like_text};
use super::entry::{Cookie, Lenient, NameValue, Number, Text, flag, number, text};
use super::{EntryReader, Found, base64_may_mention_saml, mentions_saml, raw_string, walk_entries};
use crate::input::InputError;
use crate::input::detail::{BodyKind, base64_decoded_len};
use crate::limits::Limits;
use serde::Deserialize;
use serde_json::value::RawValue;

/// How far [`reduce`] has read, reported while it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input read so far.
    pub bytes_scanned: usize,
    /// The input's size in bytes.
    pub total_bytes: usize,
    /// HAR entries read so far.
    pub entries_scanned: usize,
}

/// Progress is reported after this many entries at most...
pub const PROGRESS_EVERY_ENTRIES: usize = 2_000;
/// ... or after this many bytes, whichever comes first (entries can be megabytes each).
pub const PROGRESS_EVERY_BYTES: usize = 4 << 20;

/// Reduces HAR `bytes` to a HAR that [`crate::analysis::run`] reads to the same messages, flow
/// and findings; see the module documentation for what is kept. `progress` is called at
/// most every [`PROGRESS_EVERY_ENTRIES`] entries or [`PROGRESS_EVERY_BYTES`] bytes, and
/// once at the end. Errors are the ones the scan would give for the same input.
pub fn reduce(
    bytes: &[u8],
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, InputError> {
    if bytes.len() > limits.input_bytes {
        return Err(InputError::TooLarge {
            size: bytes.len(),
            limit: limits.input_bytes,
        });
    }
    let mut state = ReduceState {
        base: bytes.as_ptr() as usize,
        total_bytes: bytes.len(),
        limits,
        progress,
        out: Vec::with_capacity(bytes.len().min(1 << 20)),
        entries: 0,
        reported_bytes: 0,
        reported_entries: 0,
    };
    // The top level and `log` are found as the scan finds them; only the entries are
    // read differently.
    let walk = walk_entries(bytes, limits, &mut state)?;
    let mut out = match walk.found {
        Found::Nothing => b"{}".to_vec(),
        Found::LogWithoutEntries => br#"{"log":{}}"#.to_vec(),
        Found::Entries => {
            let mut out = Vec::with_capacity(state.out.len() + 24);
            out.extend_from_slice(br#"{"log":{"entries":["#);
            out.extend_from_slice(&state.out);
            out.extend_from_slice(b"]}}");
            out
        }
    };
    if walk.trailing_text {
        // The scan notes text after the document; so it still does.
        out.extend_from_slice(b"\n(text after the end of the JSON document)");
    }
    (state.progress)(Progress {
        bytes_scanned: bytes.len(),
        total_bytes: bytes.len(),
        entries_scanned: state.entries,
    });
    Ok(out)
}

struct ReduceState<'l, 'p> {
    /// Address of the first byte of the file, to tell how far a borrowed value is.
    base: usize,
    total_bytes: usize,
    limits: &'l Limits,
    progress: &'p mut dyn FnMut(Progress),
    /// The reduced entries, separated by commas.
    out: Vec<u8>,
    entries: usize,
    reported_bytes: usize,
    reported_entries: usize,
}

impl ReduceState<'_, '_> {
    /// Reports progress when enough was read since the last report; `end` is where the
    /// entry just read ends in the JSON.
    fn entry_done(&mut self, end: usize) {
        self.entries += 1;
        if self.entries - self.reported_entries >= PROGRESS_EVERY_ENTRIES
            || end.saturating_sub(self.reported_bytes) >= PROGRESS_EVERY_BYTES
        {
            self.reported_entries = self.entries;
            self.reported_bytes = end;
            (self.progress)(Progress {
                bytes_scanned: end.min(self.total_bytes),
                total_bytes: self.total_bytes,
                entries_scanned: self.entries,
            });
        }
    }
}

/// The reducer's entries: each is taken as its raw JSON, reduced, and written out before
/// the next is read.
impl<'de> EntryReader<'de> for ReduceState<'_, '_> {
    type Entry = &'de RawValue;

    fn entry(&mut self, index: usize, raw: &'de RawValue) -> Result<(), String> {
        let entry = serde_json::from_str::<Lenient<RawEntry<'de>>>(raw.get())
            .map_err(|error| error.to_string())?;
        if index > 0 {
            self.out.push(b',');
        }
        write_entry(&mut self.out, &entry, self.limits);
        let end = (raw.get().as_ptr() as usize + raw.get().len()).saturating_sub(self.base);
        self.entry_done(end);
        Ok(())
    }
}

// --- An entry as raw JSON values: what the scan reads, copied byte for byte.

#[derive(Deserialize)]
struct RawEntry<'a> {
    #[serde(rename = "startedDateTime", borrow, default)]
    started_date_time: Option<&'a RawValue>,
    #[serde(borrow, default)]
    time: Option<&'a RawValue>,
    #[serde(borrow, default)]
    timings: Option<Lenient<RawTimings<'a>>>,
    #[serde(borrow, default)]
    request: Option<Lenient<RawRequest<'a>>>,
    #[serde(borrow, default)]
    response: Option<Lenient<RawResponse<'a>>>,
}

#[derive(Deserialize)]
struct RawRequest<'a> {
    #[serde(borrow, default)]
    method: Option<&'a RawValue>,
    #[serde(borrow, default)]
    url: Option<&'a RawValue>,
    #[serde(rename = "httpVersion", borrow, default)]
    http_version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    headers: Option<&'a RawValue>,
    #[serde(borrow, default)]
    cookies: Option<&'a RawValue>,
    #[serde(rename = "queryString", borrow, default)]
    query_string: Option<&'a RawValue>,
    #[serde(rename = "postData", borrow, default)]
    post_data: Option<Lenient<RawPostData<'a>>>,
}

#[derive(Deserialize)]
struct RawPostData<'a> {
    #[serde(rename = "mimeType", borrow, default)]
    mime_type: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    params: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawResponse<'a> {
    #[serde(borrow, default)]
    status: Option<&'a RawValue>,
    #[serde(rename = "statusText", borrow, default)]
    status_text: Option<&'a RawValue>,
    #[serde(rename = "httpVersion", borrow, default)]
    http_version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    headers: Option<&'a RawValue>,
    #[serde(borrow, default)]
    cookies: Option<&'a RawValue>,
    #[serde(borrow, default)]
    content: Option<Lenient<RawContent<'a>>>,
    #[serde(rename = "redirectURL", borrow, default)]
    redirect_url: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawContent<'a> {
    #[serde(default)]
    size: Option<Number>,
    #[serde(rename = "mimeType", borrow, default)]
    mime_type: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    encoding: Option<&'a RawValue>,
}

/// The phases of HAR 1.2 `timings` the details show (the browsers' `_` extras go).
#[derive(Deserialize)]
struct RawTimings<'a> {
    #[serde(borrow, default)]
    blocked: Option<&'a RawValue>,
    #[serde(borrow, default)]
    dns: Option<&'a RawValue>,
    #[serde(borrow, default)]
    connect: Option<&'a RawValue>,
    #[serde(borrow, default)]
    ssl: Option<&'a RawValue>,
    #[serde(borrow, default)]
    send: Option<&'a RawValue>,
    #[serde(borrow, default)]
    wait: Option<&'a RawValue>,
    #[serde(borrow, default)]
    receive: Option<&'a RawValue>,
}

/// The response headers the analysis reads (server clock, redirect target, type):
/// kept whole, whatever the limits of the details.
const KEPT_HEADERS: [&str; 3] = ["date", "location", "content-type"];

/// Writes `{"key":value,...}` from the fields present, separated by commas.
struct ObjectWriter<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    fn open(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    fn raw(&mut self, key: &str, value: Option<&RawValue>) {
        if let Some(value) = value {
            self.key(key).extend_from_slice(value.get().as_bytes());
        }
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

/// An empty value of the type a lenient field had instead of an object; the scan's
/// note about it names only the type.
fn placeholder(found: &str) -> &'static [u8] {
    match found {
        "an array" => b"[]",
        "a boolean" => b"false",
        "a number" => b"0",
        "a string" => b"\"\"",
        _ => b"null",
    }
}

fn text_of(raw: Option<&RawValue>) -> Option<Text<'_>> {
    raw.and_then(|raw| serde_json::from_str::<Text<'_>>(raw.get()).ok())
}

fn is_html(mime_type: &str) -> bool {
    mime_type
        .as_bytes()
        .windows(4)
        .any(|word| word.eq_ignore_ascii_case(b"html"))
}

fn write_entry(out: &mut Vec<u8>, entry: &Lenient<RawEntry<'_>>, limits: &Limits) {
    let entry = match entry {
        Lenient::Value(entry) => entry,
        Lenient::Wrong(found) => {
            out.extend_from_slice(placeholder(found));
            return;
        }
    };
    let mut object = ObjectWriter::open(out);
    object.raw("startedDateTime", entry.started_date_time);
    object.raw("time", entry.time);
    if let Some(Lenient::Value(timings)) = &entry.timings {
        let mut phases = ObjectWriter::open(object.key("timings"));
        phases.raw("blocked", timings.blocked);
        phases.raw("dns", timings.dns);
        phases.raw("connect", timings.connect);
        phases.raw("ssl", timings.ssl);
        phases.raw("send", timings.send);
        phases.raw("wait", timings.wait);
        phases.raw("receive", timings.receive);
        phases.close();
    }
    match &entry.request {
        Some(Lenient::Value(request)) => write_request(object.key("request"), request, limits),
        Some(Lenient::Wrong(found)) => object.key("request").extend_from_slice(placeholder(found)),
        None => {}
    }
    match &entry.response {
        Some(Lenient::Value(response)) => {
            write_response(object.key("response"), response, limits);
        }
        Some(Lenient::Wrong(found)) => {
            object.key("response").extend_from_slice(placeholder(found));
        }
        None => {}
    }
    object.close();
}

fn write_request(out: &mut Vec<u8>, request: &RawRequest<'_>, limits: &Limits) {
    let mut object = ObjectWriter::open(out);
    object.raw("method", request.method);
    object.raw("url", request.url);
    object.raw("httpVersion", request.http_version);
    if let Some(headers) = request.headers {
        write_fields(&mut object, "headers", headers, limits, |_| false);
    }
    if let Some(cookies) = request.cookies {
        write_cookies(&mut object, cookies, limits);
    }
    // As the scan: `queryString` is read only when the URL has no query (the details
    // too); it is kept whole when it may carry a message.
    let url = text_of(request.url);
    let url = text(&url).unwrap_or_default();
    let has_query = url.split('#').next().unwrap_or(url).contains('?');
    match request.query_string {
        Some(raw) if !has_query && mentions_saml(raw.get().as_bytes()) => {
            object.raw("queryString", Some(raw));
        }
        Some(raw) if !has_query => write_fields(&mut object, "queryString", raw, limits, |_| false),
        _ => {}
    }
    match &request.post_data {
        Some(Lenient::Value(post_data)) => {
            let out = object.key("postData");
            let mut post = ObjectWriter::open(out);
            post.raw("mimeType", post_data.mime_type);
            // As the scan: a non-empty text body is read and `params` are not; without
            // one, `params` are.
            let body = post_data
                .text
                .and_then(raw_string)
                .filter(|text| !text.is_empty());
            match body {
                Some(body) if mentions_saml(body.as_bytes()) => post.raw("text", post_data.text),
                // A body without SAML: its start, as non-empty and as SAML-free as it.
                Some(body) => {
                    let (mut start, size) = cut(&body, limits.har_kept_preview_bytes);
                    if start.is_empty() {
                        start = body.chars().take(1).collect();
                    }
                    write_json_string(post.key("text"), &start);
                    if let Some(size) = size.filter(|_| start.len() < body.len()) {
                        post.key("_size")
                            .extend_from_slice(size.to_string().as_bytes());
                    }
                }
                None => match post_data.params {
                    Some(raw) if mentions_saml(raw.get().as_bytes()) => {
                        post.raw("params", Some(raw))
                    }
                    Some(raw) => write_fields(&mut post, "params", raw, limits, |_| false),
                    None => {}
                },
            }
            post.close();
        }
        Some(Lenient::Wrong(found)) => object.key("postData").extend_from_slice(placeholder(found)),
        None => {}
    }
    object.close();
}

fn write_response(out: &mut Vec<u8>, response: &RawResponse<'_>, limits: &Limits) {
    let mut object = ObjectWriter::open(out);
    object.raw("status", response.status);
    object.raw("statusText", response.status_text);
    object.raw("httpVersion", response.http_version);
    if let Some(headers) = response.headers {
        write_fields(&mut object, "headers", headers, limits, |name| {
            KEPT_HEADERS
                .iter()
                .any(|kept| name.eq_ignore_ascii_case(kept))
        });
    }
    if let Some(cookies) = response.cookies {
        write_cookies(&mut object, cookies, limits);
    }
    match &response.content {
        Some(Lenient::Value(content)) => {
            let out = object.key("content");
            let mut fields = ObjectWriter::open(out);
            fields.raw("mimeType", content.mime_type);
            fields.raw("encoding", content.encoding);
            write_body(&mut fields, content, limits);
            fields.close();
        }
        Some(Lenient::Wrong(found)) => object.key("content").extend_from_slice(placeholder(found)),
        None => {}
    }
    object.raw("redirectURL", response.redirect_url);
    object.close();
}

/// Whether a response body is kept: HTML that is small enough to be recognised as an
/// error page, or that may hold an auto-post form by the scan's own tests.
fn keep_body(content: &RawContent<'_>, limits: &Limits) -> bool {
    let Some(body) = content.text else {
        return false;
    };
    let mime_type = text_of(content.mime_type);
    if !is_html(text(&mime_type).unwrap_or_default()) {
        return false;
    }
    if body.get().len() <= limits.har_kept_html_bytes {
        return true;
    }
    let encoding = text_of(content.encoding);
    let is_base64 = text(&encoding).is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    if is_base64 {
        raw_string(body).is_some_and(|encoded| base64_may_mention_saml(encoded.as_bytes()))
    } else {
        mentions_saml(body.get().as_bytes())
    }
}

/// A response body: whole when the analysis reads it ([`keep_body`]); otherwise its
/// size, and the start of it when it is text (`_preview`, `_previewCut` when that is
/// not all of it) or `_binary` when it is not, as the details would judge it.
fn write_body(fields: &mut ObjectWriter<'_>, content: &RawContent<'_>, limits: &Limits) {
    let encoding = text_of(content.encoding);
    let is_base64 = text(&encoding).is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    let stated = number(&content.size).map(|size| size as u64);
    // The body's length, when the HAR does not state it: the only case where a whole
    // text body is decoded here.
    let size = stated.or_else(|| {
        let body = raw_string(content.text?)?;
        Some(if is_base64 {
            base64_decoded_len(&body)
        } else {
            body.len() as u64
        })
    });
    if let Some(size) = size {
        fields
            .key("size")
            .extend_from_slice(size.to_string().as_bytes());
    }
    if keep_body(content, limits) {
        fields.raw("text", content.text);
        return;
    }
    let Some(raw) = content.text else {
        return;
    };
    let mime_type = text_of(content.mime_type);
    let mime_type = text(&mime_type).unwrap_or_default();
    if matches!(kind_of(mime_type), Some(BodyKind::Image | BodyKind::Binary)) {
        return;
    }
    let wanted = limits.har_kept_preview_bytes;
    // Only the start of the body is decoded, however long it is: for base64, twice the
    // digits needed, room for line breaks.
    let characters = if is_base64 {
        wanted.div_ceil(3).saturating_add(2).saturating_mul(8)
    } else {
        wanted.saturating_add(8)
    };
    let Some((text, text_complete)) = string_start(raw, characters) else {
        return;
    };
    let (start, complete): (std::borrow::Cow<'_, [u8]>, bool) = if is_base64 {
        match base64_prefix(&text, wanted.saturating_add(4)) {
            Some((start, complete)) => (start.into(), complete && text_complete),
            None => {
                fields.key("_binary").extend_from_slice(b"true");
                return;
            }
        }
    } else {
        (text.as_bytes().to_vec().into(), text_complete)
    };
    if !looks_like_text(&start) {
        fields.key("_binary").extend_from_slice(b"true");
        return;
    }
    let shown = &start[..start.len().min(wanted)];
    let valid = match std::str::from_utf8(shown) {
        Ok(text) => text.len(),
        Err(error) => error.valid_up_to(),
    };
    // Valid UTF-8 up to `valid`, by the check just made.
    let preview = std::str::from_utf8(&shown[..valid]).unwrap_or_default();
    write_json_string(fields.key("_preview"), preview);
    if !complete || preview.len() < start.len() {
        fields.key("_previewCut").extend_from_slice(b"true");
    }
}

/// The start of the string a raw JSON value holds: at least `wanted` bytes of it when
/// it has that many (a JSON escape is at most 6 bytes for one, or 12 for a pair making
/// 4), and whether that is all of it. Decodes no more of a long string than that.
fn string_start(raw: &RawValue, wanted: usize) -> Option<(std::borrow::Cow<'_, str>, bool)> {
    let json = raw.get();
    let inner = json.strip_prefix('"')?.strip_suffix('"')?;
    let window = wanted.saturating_mul(6);
    if inner.len() <= window {
        return raw_string(raw).map(|text| (text, true));
    }
    // Cut before any escape that the window would split, and before a high surrogate
    // whose low half would be cut off.
    let bytes = inner.as_bytes();
    let mut end = 0;
    let mut position = 0;
    while position < window {
        if bytes[position] != b'\\' {
            position += 1;
            end = position;
            continue;
        }
        let length = if bytes.get(position + 1) == Some(&b'u') {
            6
        } else {
            2
        };
        let is_high_surrogate = length == 6
            && bytes.get(position + 2..position + 4).is_some_and(|digits| {
                digits.eq_ignore_ascii_case(b"d8")
                    || digits.eq_ignore_ascii_case(b"d9")
                    || digits.eq_ignore_ascii_case(b"da")
                    || digits.eq_ignore_ascii_case(b"db")
            });
        let length = if is_high_surrogate { 12 } else { length };
        if position + length > window {
            break;
        }
        position += length;
        end = position;
    }
    let end = floor_char_boundary(inner, end);
    let text = serde_json::from_str::<String>(&format!("\"{}\"", &inner[..end])).ok()?;
    Some((text.into(), false))
}

/// Writes a `name`/`value` array as the details read it: the object items, at most
/// [`Limits::detail_fields`] of them (and past that only those `keep` names, which the
/// analysis reads and which are kept whole), each name and value cut at
/// [`Limits::detail_value_bytes`] with `_nameSize` and `_size` giving what it was; then
/// `_<key>Total` when items were left out.
fn write_fields(
    object: &mut ObjectWriter<'_>,
    key: &str,
    raw: &RawValue,
    limits: &Limits,
    keep: impl Fn(&str) -> bool,
) {
    let items = serde_json::from_str::<Vec<Lenient<NameValue<'_>>>>(raw.get()).unwrap_or_default();
    let out = object.key(key);
    out.push(b'[');
    let mut total = 0usize;
    let mut first = true;
    for item in items.iter().filter_map(Lenient::value) {
        let position = total;
        total += 1;
        let name = text(&item.name);
        let kept = name.is_some_and(&keep);
        if position >= limits.detail_fields && !kept {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        let limit = if kept {
            usize::MAX
        } else {
            limits.detail_value_bytes
        };
        out.extend_from_slice(br#"{"name":"#);
        let name_size = write_cut(out, name.unwrap_or_default(), limit);
        out.extend_from_slice(br#","value":"#);
        let value_size = match text(&item.value) {
            Some(value) => write_cut(out, value, limit),
            None => {
                out.extend_from_slice(b"null");
                None
            }
        };
        if let Some(size) = name_size {
            out.extend_from_slice(format!(r#","_nameSize":{size}"#).as_bytes());
        }
        if let Some(size) = value_size {
            out.extend_from_slice(format!(r#","_size":{size}"#).as_bytes());
        }
        out.push(b'}');
    }
    out.push(b']');
    if total > limits.detail_fields {
        object
            .key(&format!("_{key}Total"))
            .extend_from_slice(total.to_string().as_bytes());
    }
}

/// Writes a `cookies` array as the details read it (see [`write_fields`]).
fn write_cookies(object: &mut ObjectWriter<'_>, raw: &RawValue, limits: &Limits) {
    let items = serde_json::from_str::<Vec<Lenient<Cookie<'_>>>>(raw.get()).unwrap_or_default();
    let out = object.key("cookies");
    out.push(b'[');
    let mut total = 0usize;
    for item in items.iter().filter_map(Lenient::value) {
        total += 1;
        if total > limits.detail_fields {
            continue;
        }
        if total > 1 {
            out.push(b',');
        }
        let limit = limits.detail_value_bytes;
        let mut cookie = ObjectWriter::open(out);
        let name_size = write_cut(
            cookie.key("name"),
            text(&item.name).unwrap_or_default(),
            limit,
        );
        let value_size = write_cut(
            cookie.key("value"),
            text(&item.value).unwrap_or_default(),
            limit,
        );
        for (key, value) in [
            ("path", &item.path),
            ("domain", &item.domain),
            ("expires", &item.expires),
            ("sameSite", &item.same_site),
        ] {
            if let Some(value) = text(value) {
                write_cut(cookie.key(key), value, limit);
            }
        }
        for (key, value) in [("httpOnly", &item.http_only), ("secure", &item.secure)] {
            if let Some(value) = flag(value) {
                let value: &[u8] = if value { b"true" } else { b"false" };
                cookie.key(key).extend_from_slice(value);
            }
        }
        if let Some(size) = name_size {
            cookie
                .key("_nameSize")
                .extend_from_slice(size.to_string().as_bytes());
        }
        if let Some(size) = value_size {
            cookie
                .key("_size")
                .extend_from_slice(size.to_string().as_bytes());
        }
        cookie.close();
    }
    out.push(b']');
    if total > limits.detail_fields {
        object
            .key("_cookiesTotal")
            .extend_from_slice(total.to_string().as_bytes());
    }
}

/// Writes `text` cut at `limit` bytes as a JSON string; its full length when cut.
fn write_cut(out: &mut Vec<u8>, text: &str, limit: usize) -> Option<usize> {
    if text.len() <= limit {
        write_json_string(out, text);
        return None;
    }
    write_json_string(out, &text[..floor_char_boundary(text, limit)]);
    Some(text.len())
}

fn write_json_string(out: &mut Vec<u8>, text: &str) {
    // Writing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::LimitKind;

    fn reduced(json: &str) -> String {
        let mut reports = Vec::new();
        let out = reduce(json.as_bytes(), &Limits::default(), &mut |progress| {
            reports.push(progress)
        })
        .expect("reduces");
        assert_eq!(reports.last().map(|p| p.bytes_scanned), Some(json.len()));
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn keeps_what_is_read_and_drops_the_rest() {
        let big = "x".repeat(Limits::default().har_kept_html_bytes + 10);
        let big_size = big.len();
        let preview = "x".repeat(Limits::default().har_kept_preview_bytes);
        let long_form = format!("a={}", "b".repeat(5000));
        let form_start = &long_form[..Limits::default().har_kept_preview_bytes];
        let cases: &[(&str, String, String)] = &[
            (
                "headers, cookies and the HAR timings stay for the details; browsers' extras go",
                r#"{"log":{"entries":[{"_initiator":{"type":"other"},"startedDateTime":"2024-05-01T12:00:00Z","time":1.5,"request":{"method":"GET","url":"https://a/","httpVersion":"h2","headers":[{"name":"x","value":"y","comment":"c"}],"cookies":[{"name":"s","value":"1","path":"/","httpOnly":true,"secure":"yes","_x":1}],"headersSize":-1},"timings":{"blocked":-1,"wait":1,"_blocked_queueing":0.5}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","time":1.5,"timings":{"blocked":-1,"wait":1},"request":{"method":"GET","url":"https://a/","httpVersion":"h2","headers":[{"name":"x","value":"y"}],"cookies":[{"name":"s","value":"1","path":"/","httpOnly":true}]}}]}}"#.to_owned(),
            ),
            (
                "a SAML form body stays, byte for byte",
                r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://a/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=PHg%2B&RelayState=r","params":[{"name":"SAMLResponse","value":"PHg%2B"}]}}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://a/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=PHg%2B&RelayState=r"}}}]}}"#.to_owned(),
            ),
            (
                "a body without SAML keeps its start, its params go",
                format!(r#"{{"log":{{"entries":[{{"request":{{"url":"https://a/","postData":{{"text":"a=1","params":[{{"name":"SAMLResponse","value":"x"}}]}}}}}},{{"request":{{"url":"https://a/","postData":{{"text":"{long_form}"}}}}}}]}}}}"#),
                format!(r#"{{"log":{{"entries":[{{"request":{{"url":"https://a/","postData":{{"text":"a=1"}}}}}},{{"request":{{"url":"https://a/","postData":{{"text":"{form_start}","_size":5002}}}}}}]}}}}"#),
            ),
            (
                "params without text: whole with SAML, cut without",
                r#"{"log":{"entries":[{"request":{"url":"https://a/","postData":{"params":[{"name":"SAMLResponse","value":"x"}]}}},{"request":{"url":"https://a/","postData":{"params":[{"name":"user","value":"alice"},7]}}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"request":{"url":"https://a/","postData":{"params":[{"name":"SAMLResponse","value":"x"}]}}},{"request":{"url":"https://a/","postData":{"params":[{"name":"user","value":"alice"}]}}}]}}"#.to_owned(),
            ),
            (
                "queryString only for a URL without query",
                r#"{"log":{"entries":[{"request":{"url":"https://a/?v=1","queryString":[{"name":"SAMLRequest","value":"x"}]}},{"request":{"url":"https://a/","queryString":[{"name":"SAMLRequest","value":"x"}]}},{"request":{"url":"https://a/","queryString":[{"name":"v","value":"1"}]}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"request":{"url":"https://a/?v=1"}},{"request":{"url":"https://a/","queryString":[{"name":"SAMLRequest","value":"x"}]}},{"request":{"url":"https://a/","queryString":[{"name":"v","value":"1"}]}}]}}"#.to_owned(),
            ),
            (
                "response headers and cookies stay; a text body's start stays",
                r#"{"log":{"entries":[{"response":{"status":302,"statusText":"Found","httpVersion":"HTTP/1.1","headers":[{"name":"Date","value":"d"},{"name":"server","value":"s"},{"name":"location","value":"https://b/"},{"name":"Content-Type"}],"cookies":[],"content":{"mimeType":"text/plain","text":"hello"},"redirectURL":""}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"response":{"status":302,"statusText":"Found","httpVersion":"HTTP/1.1","headers":[{"name":"Date","value":"d"},{"name":"server","value":"s"},{"name":"location","value":"https://b/"},{"name":"Content-Type","value":null}],"cookies":[],"content":{"mimeType":"text/plain","size":5,"_preview":"hello"},"redirectURL":""}}]}}"#.to_owned(),
            ),
            (
                "images keep their type and size; undecodable or binary bodies say so",
                r#"{"log":{"entries":[{"response":{"content":{"mimeType":"image/png","size":9,"encoding":"base64","text":"iVBORw0KGgoA"}}},{"response":{"content":{"mimeType":"x-unknown","encoding":"base64","text":"AAECAw=="}}},{"response":{"content":{"mimeType":"text/plain","encoding":"base64","text":"!!!!"}}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"response":{"content":{"mimeType":"image/png","encoding":"base64","size":9}}},{"response":{"content":{"mimeType":"x-unknown","encoding":"base64","size":4,"_binary":true}}},{"response":{"content":{"mimeType":"text/plain","encoding":"base64","size":3,"_binary":true}}}]}}"#.to_owned(),
            ),
            (
                "small HTML stays (error pages), big HTML without SAML keeps its start",
                format!(r#"{{"log":{{"entries":[{{"response":{{"content":{{"mimeType":"text/html","text":"<h1>Error</h1>"}}}}}},{{"response":{{"content":{{"mimeType":"text/html","text":"{big}"}}}}}}]}}}}"#),
                format!(r#"{{"log":{{"entries":[{{"response":{{"content":{{"mimeType":"text/html","size":14,"text":"<h1>Error</h1>"}}}}}},{{"response":{{"content":{{"mimeType":"text/html","size":{big_size},"_preview":"{preview}","_previewCut":true}}}}}}]}}}}"#),
            ),
            (
                "big HTML with an auto-post form stays",
                format!(r#"{{"log":{{"entries":[{{"response":{{"content":{{"mimeType":"text/html","size":1,"text":"{big}<input name=\"SAMLResponse\">"}}}}}}]}}}}"#),
                String::new(),
            ),
            (
                "values of the wrong type become empty values of that type",
                r#"{"log":{"entries":[[1,2],{"request":"GET /","response":{"content":true}}]}}"#.to_owned(),
                r#"{"log":{"entries":[[],{"request":"","response":{"content":false}}]}}"#.to_owned(),
            ),
            (
                "no entries, no log",
                r#"{"log":{"version":"1.2"}}"#.to_owned(),
                r#"{"log":{}}"#.to_owned(),
            ),
        ];
        for (name, input, expected) in cases {
            let output = reduced(input);
            let expected = if expected.is_empty() { input } else { expected };
            assert_eq!(&output, expected, "{name}");
        }
    }

    #[test]
    fn only_the_start_of_a_long_string_is_decoded() {
        let raw = |json: &str| {
            serde_json::from_str::<&RawValue>(json)
                .map(|raw| raw.get().to_owned())
                .expect("JSON")
        };
        let start = |json: &str, wanted: usize| {
            let owned = raw(json);
            let value = serde_json::from_str::<&RawValue>(&owned).expect("JSON");
            string_start(value, wanted).map(|(text, complete)| (text.into_owned(), complete))
        };
        // Short: all of it.
        assert_eq!(start(r#""a\nb""#, 10), Some(("a\nb".to_owned(), true)));
        // Long: at least what was wanted, never a split escape or surrogate pair.
        let long = format!("\"{}\"", "\\u00e9".repeat(100));
        let (text, complete) = start(&long, 3).expect("decodes");
        assert!(
            !complete && text.chars().all(|c| c == 'é') && text.len() >= 3,
            "{text}"
        );
        let pairs = format!("\"{}\"", "\\ud83d\\ude00".repeat(100));
        let (text, complete) = start(&pairs, 2).expect("decodes");
        assert!(
            !complete && !text.is_empty() && text.chars().all(|c| c == '😀'),
            "{text}"
        );
        let mixed = format!("\"{}\"", "a\\\\b\\\"é€😀".repeat(100));
        for wanted in 1..40 {
            let (text, _) = start(&mixed, wanted).expect("decodes");
            assert!(text.len() >= wanted, "{wanted}: {text}");
            assert!(
                "a\\b\"é€😀".repeat(100).starts_with(&text),
                "{wanted}: {text}"
            );
        }
        assert_eq!(start("5", 10), None);
    }

    #[test]
    fn lists_and_values_are_cut_for_the_details_but_not_what_the_scan_reads() {
        let limits = Limits {
            detail_fields: 2,
            detail_value_bytes: 4,
            ..Limits::default()
        };
        let har = r#"{"log":{"entries":[{"request":{"url":"https://a/","headers":[{"name":"a","value":"123456"},{"name":"bbbbbb","value":"2"},{"name":"c","value":"3"}],"cookies":[{"name":"s","value":"éééé"},{"name":"t","value":"1"},{"name":"u","value":"2"}]},"response":{"headers":[{"name":"x","value":"1"},{"name":"y","value":"2"},{"name":"z","value":"3"},{"name":"Location","value":"https://b/long"}]}}]}}"#;
        let out = reduce(har.as_bytes(), &limits, &mut |_| {}).expect("reduces");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            r#"{"log":{"entries":[{"request":{"url":"https://a/","headers":[{"name":"a","value":"1234","_size":6},{"name":"bbbb","value":"2","_nameSize":6}],"_headersTotal":3,"cookies":[{"name":"s","value":"éé","_size":8},{"name":"t","value":"1"}],"_cookiesTotal":3},"response":{"headers":[{"name":"x","value":"1"},{"name":"y","value":"2"},{"name":"Location","value":"https://b/long"}],"_headersTotal":4}}]}}"#
        );
    }

    type IsExpected = fn(&InputError) -> bool;

    #[test]
    fn errors_are_the_scans() {
        let limits = Limits {
            har_entries: 2,
            input_bytes: 100,
            ..Limits::default()
        };
        let too_big = format!("{{}}{}", " ".repeat(100));
        let cases: &[(&str, &str, IsExpected)] = &[
            ("not JSON", "{\"log\":", |error| {
                matches!(error, InputError::InvalidHar { .. })
            }),
            (
                "over the entry limit",
                r#"{"log":{"entries":[{},{},{}]}}"#,
                |error| {
                    matches!(
                        error,
                        InputError::Limit {
                            kind: LimitKind::HarEntries,
                            limit: 2
                        }
                    )
                },
            ),
            ("over the size limit", &too_big, |error| {
                matches!(
                    error,
                    InputError::TooLarge {
                        size: 102,
                        limit: 100
                    }
                )
            }),
        ];
        for (name, input, expected) in cases {
            let error = reduce(input.as_bytes(), &limits, &mut |_| {}).expect_err(name);
            assert!(expected(&error), "{name}: {error:?}");
            let scanned = crate::input::extract(0, input.as_bytes(), &limits).expect_err(name);
            assert!(expected(&scanned), "{name}: the scan gives {scanned:?}");
        }
    }

    #[test]
    fn progress_is_reported_in_steps() {
        let entry = r#"{"request":{"url":"https://a/"}}"#;
        let entries = vec![entry; PROGRESS_EVERY_ENTRIES * 2 + 5].join(",");
        let json = format!(r#"{{"log":{{"entries":[{entries}]}}}}"#);
        let mut reports = Vec::new();
        reduce(json.as_bytes(), &Limits::default(), &mut |progress| {
            reports.push(progress)
        })
        .expect("reduces");
        let counts: Vec<usize> = reports.iter().map(|p| p.entries_scanned).collect();
        assert_eq!(
            counts,
            [
                PROGRESS_EVERY_ENTRIES,
                PROGRESS_EVERY_ENTRIES * 2,
                PROGRESS_EVERY_ENTRIES * 2 + 5
            ]
        );
        assert!(
            reports
                .windows(2)
                .all(|pair| pair[0].bytes_scanned < pair[1].bytes_scanned)
        );
        assert!(reports.iter().all(|p| p.total_bytes == json.len()));
    }
}
