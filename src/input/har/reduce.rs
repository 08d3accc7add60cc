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
//! the scan. The types and lenient readers are the scan's own ([`super`]).

use super::{
    Found, Lenient, RootSeed, Text, base64_may_mention_saml, mentions_saml, name_values, raw_string,
};
use crate::input::InputError;
use crate::limits::{LimitKind, Limits};
use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::fmt;

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
    let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut state = ReduceState {
        base: json.as_ptr() as usize,
        total_bytes: bytes.len(),
        limits,
        progress,
        out: Vec::with_capacity(json.len().min(1 << 20)),
        entries: 0,
        reported_bytes: 0,
        reported_entries: 0,
        limit_reached: false,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    // The top level and `log` are found as the scan finds them (`RootSeed`); only the
    // entries are read differently.
    let found = match RootSeed(ReduceEntries(&mut state)).deserialize(&mut deserializer) {
        Ok(found) => found,
        Err(_) if state.limit_reached => {
            return Err(InputError::Limit {
                kind: LimitKind::HarEntries,
                limit: limits.har_entries,
            });
        }
        Err(error) => {
            return Err(InputError::InvalidHar {
                message: error.to_string(),
            });
        }
    };
    let mut out = match found {
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
    if deserializer.end().is_err() {
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
    /// Address of the first byte of the JSON, to tell how far a borrowed value is.
    base: usize,
    total_bytes: usize,
    limits: &'l Limits,
    progress: &'p mut dyn FnMut(Progress),
    /// The reduced entries, separated by commas.
    out: Vec<u8>,
    entries: usize,
    reported_bytes: usize,
    reported_entries: usize,
    limit_reached: bool,
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

/// `log.entries`: each entry is taken as its raw JSON, reduced, and written out before
/// the next is read. The entry limit is the scan's, checked the same way.
struct ReduceEntries<'s, 'l, 'p>(&'s mut ReduceState<'l, 'p>);

impl<'de> DeserializeSeed<'de> for ReduceEntries<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ReduceEntries<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("the log.entries array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            if state.entries == state.limits.har_entries {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    state.limit_reached = true;
                    return Err(de::Error::custom(format_args!(
                        "more than {} HAR entries",
                        state.limits.har_entries
                    )));
                }
                return Ok(());
            }
            let Some(raw) = seq.next_element::<&'de RawValue>()? else {
                return Ok(());
            };
            let entry = serde_json::from_str::<Lenient<RawEntry<'de>>>(raw.get())
                .map_err(de::Error::custom)?;
            if state.entries > 0 {
                state.out.push(b',');
            }
            write_entry(&mut state.out, &entry, state.limits);
            let end = (raw.get().as_ptr() as usize + raw.get().len()).saturating_sub(state.base);
            state.entry_done(end);
        }
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
    #[serde(borrow, default)]
    headers: Option<&'a RawValue>,
    #[serde(borrow, default)]
    content: Option<Lenient<RawContent<'a>>>,
    #[serde(rename = "redirectURL", borrow, default)]
    redirect_url: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawContent<'a> {
    #[serde(rename = "mimeType", borrow, default)]
    mime_type: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    encoding: Option<&'a RawValue>,
}

/// The response headers the analysis reads (server clock, redirect target, type).
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
    match &entry.request {
        Some(Lenient::Value(request)) => write_request(object.key("request"), request),
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

fn write_request(out: &mut Vec<u8>, request: &RawRequest<'_>) {
    let mut object = ObjectWriter::open(out);
    object.raw("method", request.method);
    object.raw("url", request.url);
    object.raw("httpVersion", request.http_version);
    // As the scan: `queryString` is read only when the URL has no query.
    let url = text_of(request.url);
    let url = url.as_ref().and_then(Text::as_str).unwrap_or_default();
    let has_query = url.split('#').next().unwrap_or(url).contains('?');
    if !has_query {
        object.raw(
            "queryString",
            request
                .query_string
                .filter(|raw| mentions_saml(raw.get().as_bytes())),
        );
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
                // A body without SAML: something non-empty and just as SAML-free.
                Some(_) => post.key("text").extend_from_slice(b"\"-\""),
                None => post.raw(
                    "params",
                    post_data
                        .params
                        .filter(|raw| mentions_saml(raw.get().as_bytes())),
                ),
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
    if let Some(headers) = response.headers {
        let out = object.key("headers");
        out.push(b'[');
        let mut first = true;
        for (name, value) in name_values(headers) {
            if !KEPT_HEADERS
                .iter()
                .any(|kept| name.eq_ignore_ascii_case(kept))
            {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(br#"{"name":"#);
            write_json_string(out, &name);
            out.extend_from_slice(br#","value":"#);
            match value {
                Some(value) => write_json_string(out, &value),
                None => out.extend_from_slice(b"null"),
            }
            out.push(b'}');
        }
        out.push(b']');
    }
    match &response.content {
        Some(Lenient::Value(content)) => {
            let out = object.key("content");
            let mut fields = ObjectWriter::open(out);
            fields.raw("mimeType", content.mime_type);
            fields.raw("encoding", content.encoding);
            if keep_body(content, limits) {
                fields.raw("text", content.text);
            }
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
    let Some(text) = content.text else {
        return false;
    };
    let mime_type = text_of(content.mime_type);
    if !is_html(
        mime_type
            .as_ref()
            .and_then(Text::as_str)
            .unwrap_or_default(),
    ) {
        return false;
    }
    if text.get().len() <= limits.har_kept_html_bytes {
        return true;
    }
    let encoding = text_of(content.encoding);
    let is_base64 = encoding
        .as_ref()
        .and_then(Text::as_str)
        .is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    if is_base64 {
        raw_string(text).is_some_and(|encoded| base64_may_mention_saml(encoded.as_bytes()))
    } else {
        mentions_saml(text.get().as_bytes())
    }
}

fn write_json_string(out: &mut Vec<u8>, text: &str) {
    // Writing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let cases: &[(&str, String, &str)] = &[
            (
                "request headers, cookies and timings go",
                r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","time":1.5,"request":{"method":"GET","url":"https://a/","httpVersion":"h2","headers":[{"name":"x","value":"y"}],"cookies":[]},"timings":{"wait":1}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","time":1.5,"request":{"method":"GET","url":"https://a/","httpVersion":"h2"}}]}}"#,
            ),
            (
                "a SAML form body stays, byte for byte",
                r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://a/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=PHg%2B&RelayState=r","params":[{"name":"SAMLResponse","value":"PHg%2B"}]}}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://a/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=PHg%2B&RelayState=r"}}}]}}"#,
            ),
            (
                "a body without SAML is replaced, its params dropped",
                r#"{"log":{"entries":[{"request":{"url":"https://a/","postData":{"text":"a=1","params":[{"name":"SAMLResponse","value":"x"}]}}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"request":{"url":"https://a/","postData":{"text":"-"}}}]}}"#,
            ),
            (
                "queryString only as the fallback for a URL without query",
                r#"{"log":{"entries":[{"request":{"url":"https://a/?v=1","queryString":[{"name":"SAMLRequest","value":"x"}]}},{"request":{"url":"https://a/","queryString":[{"name":"SAMLRequest","value":"x"}]}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"request":{"url":"https://a/?v=1"}},{"request":{"url":"https://a/","queryString":[{"name":"SAMLRequest","value":"x"}]}}]}}"#,
            ),
            (
                "response headers: only Date, Location, Content-Type",
                r#"{"log":{"entries":[{"response":{"status":302,"statusText":"Found","headers":[{"name":"Date","value":"d"},{"name":"server","value":"s"},{"name":"location","value":"https://b/"},{"name":"Content-Type"}],"content":{"mimeType":"text/plain","text":"hello"},"redirectURL":""}}]}}"#.to_owned(),
                r#"{"log":{"entries":[{"response":{"status":302,"statusText":"Found","headers":[{"name":"Date","value":"d"},{"name":"location","value":"https://b/"},{"name":"Content-Type","value":null}],"content":{"mimeType":"text/plain"},"redirectURL":""}}]}}"#,
            ),
            (
                "small HTML stays (error pages), big HTML without SAML goes",
                format!(r#"{{"log":{{"entries":[{{"response":{{"content":{{"mimeType":"text/html","text":"<h1>Error</h1>"}}}}}},{{"response":{{"content":{{"mimeType":"text/html","text":"{big}"}}}}}}]}}}}"#),
                r#"{"log":{"entries":[{"response":{"content":{"mimeType":"text/html","text":"<h1>Error</h1>"}}},{"response":{"content":{"mimeType":"text/html"}}}]}}"#,
            ),
            (
                "big HTML with an auto-post form stays",
                format!(r#"{{"log":{{"entries":[{{"response":{{"content":{{"mimeType":"text/html","text":"{big}<input name=\"SAMLResponse\">"}}}}}}]}}}}"#),
                "",
            ),
            (
                "values of the wrong type become empty values of that type",
                r#"{"log":{"entries":[[1,2],{"request":"GET /","response":{"content":true}}]}}"#.to_owned(),
                r#"{"log":{"entries":[[],{"request":"","response":{"content":false}}]}}"#,
            ),
            (
                "no entries, no log",
                r#"{"log":{"version":"1.2"}}"#.to_owned(),
                r#"{"log":{}}"#,
            ),
        ];
        for (name, input, expected) in cases {
            let output = reduced(input);
            let expected = if expected.is_empty() {
                input
            } else {
                *expected
            };
            assert_eq!(output, expected, "{name}");
        }
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
