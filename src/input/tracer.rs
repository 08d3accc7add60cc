//! SAML-tracer exports: the JSON file that the SAML-tracer browser extension's "Export"
//! button writes, read as a flow of requests with every SAML message in it, as a HAR is.
//!
//! The format (described with an example in the README, "SAML-tracer exports"): an
//! object `{"requests": [...], "timestamp": "<export time>"}`; each request has
//! `method`, `url`, `requestHeaders` (`{name, value}` objects; `[name, value]` pairs in
//! exports older than SAML-tracer 1.0, which also lack `requestId`), `get` and `post`
//! (`[name, value]` pairs, values already percent-decoded), `postData` (the browser's
//! form data, `{name: [values]}`), `protocol` (`SAML-P`, `WS-Fed`), `saml` (the first
//! SAML message of the request as SAML-tracer decoded it, XML text) or `samlart`,
//! `responseStatus`, `responseStatusText` (the status line, `HTTP/1.1 302 Found`) and
//! `responseHeaders`. No response bodies, no time per request.
//!
//! Masking: the export dialog's "Mask values" replaces every `post` value and every
//! cookie value in `Cookie` and `Set-Cookie` headers by `{hash:<hex digest>}`,
//! "Remove values" by `{obf:alternative_<n>}`, and both replace `postData` by
//! `{overwritten}`; URLs (so Redirect-binding messages), other headers and the `saml`
//! field are left as they were. A masked `SAMLResponse` is therefore read from the
//! `saml` field when that is its copy, and said so; when no copy exists, a note says
//! the message cannot be read (never a decode error about `{hash:…}`).
//!
//! Messages become the same [`Capture`]s, with the same [`Origin`]s, as in a HAR:
//! `har_entry` is the index in `requests`, the binding is where the value was (the
//! URL's query: `redirect`; the form body: `post`), `server_date` is the response's
//! `Date` header. SAML-tracer records no capture time, so `captured_at` stays empty and
//! the input's time is the first response's `Date` (the export time when no response
//! has one), which a note states.
//!
//! Limits: the input size (checked by [`super::extract`]) and the number of requests,
//! which is [`Limits::har_entries`], checked in one place (`EntriesSeed`, the HAR's entry reader). Wrong types
//! are tolerated as in a HAR; serde_json's recursion limit bounds nesting.

use super::detail::{
    Cookie, DetailError, Field, Listed, Masking, RequestBody, RequestDetail, SamlField,
    cookie_header, masking, query_fields, set_cookie_header,
};
use super::har::{
    EntriesSeed, EntryReader, Lenient, Number, Text, mentions_saml, parse_http_date, raw_string,
    text,
};
use super::params::{FieldMessage, capture_at, field_messages, flow_parameters};
use super::parse_query;
use super::{
    Binding, Capture, Extracted, FlowEntry, InputError, InputKind, InputNote, Origin, SamlParameter,
};
use crate::decode::{self, DecodeError, Transport};
use crate::limits::{LimitKind, Limits};
use crate::timestamp::Timestamp;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::ops::ControlFlow;

/// Most notes kept for one export, as for a HAR; past this one note counts the rest.
const MAX_NOTES: usize = 100;

/// Longest `timestamp` value looked past when recognising an export by its first keys.
const MAX_TIMESTAMP_LENGTH: usize = 256;

/// Whether `json` (trimmed, without a byte order mark) is a SAML-tracer export, judged
/// from its first keys only: the object's first key is `"requests"` holding an array
/// that is empty or starts with an object, or `"timestamp"` with a string and then
/// `"requests"` so. Cheap on any size of input, and a HAR (`"log"`) never matches.
pub(crate) fn looks_like_export(json: &[u8]) -> bool {
    let Some(mut rest) = json.strip_prefix(b"{") else {
        return false;
    };
    for _ in 0..2 {
        let Some((key, after)) = plain_string(skip_space(rest)) else {
            return false;
        };
        let Some(value) = skip_space(after).strip_prefix(b":") else {
            return false;
        };
        let value = skip_space(value);
        match key {
            b"requests" => {
                return value
                    .strip_prefix(b"[")
                    .is_some_and(|items| matches!(skip_space(items).first(), Some(b'{' | b']')));
            }
            b"timestamp" => {
                let Some((_, after)) = plain_string(value) else {
                    return false;
                };
                let Some(next) = skip_space(after).strip_prefix(b",") else {
                    return false;
                };
                rest = next;
            }
            _ => return false,
        }
    }
    false
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// A JSON string without escapes at the start of `bytes`, short enough to be a key or a
/// time: its contents and what follows it.
fn plain_string(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let body = bytes.strip_prefix(b"\"")?;
    let end = body
        .iter()
        .take(MAX_TIMESTAMP_LENGTH)
        .position(|&byte| byte == b'"' || byte == b'\\')?;
    (body[end] == b'"').then(|| (&body[..end], &body[end + 1..]))
}

/// Reads SAML-tracer export number `index`. `bytes` must be the whole file.
pub fn scan(index: usize, bytes: &[u8], limits: &Limits) -> Result<Extracted, InputError> {
    let (export, trailing) = read_export(bytes)?;
    let mut state = ScanState::new(index, limits);
    if trailing {
        state.note(
            None,
            "text after the end of the JSON document was ignored".to_owned(),
        );
    }
    let count = each_request(export.requests, limits, |number, raw| {
        read_raw_request(&mut state, number, raw);
        ControlFlow::Continue(())
    })?;
    state.finish(count, text(&export.timestamp));
    Ok(state.extracted)
}

/// The details of request `index` (0-based, as `har_entry`) of SAML-tracer export
/// `bytes`: its headers, cookies (from the `Cookie` and `Set-Cookie` headers), form
/// fields (as SAML-tracer decoded them), status, and the messages it carried. Masked
/// values are marked, never unmasked. There is no body and no timing: SAML-tracer
/// records neither.
pub fn request_detail(
    bytes: &[u8],
    index: usize,
    limits: &Limits,
) -> Result<RequestDetail, DetailError> {
    if bytes.len() > limits.input_bytes {
        return Err(InputError::TooLarge {
            size: bytes.len(),
            limit: limits.input_bytes,
        }
        .into());
    }
    let (export, _) = read_export(bytes)?;
    let mut found = None;
    let count = each_request(export.requests, limits, |number, raw| {
        if number == index {
            found = Some(raw);
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    let Some(raw) = found else {
        return Err(DetailError::NoSuchRequest { index, count });
    };
    let mut state = ScanState::new(0, limits);
    read_raw_request(&mut state, index, raw);
    let mut detail = match serde_json::from_str::<Lenient<Request<'_>>>(raw.get()) {
        Ok(Lenient::Value(request)) => request_fields(index, &request, limits),
        _ => request_fields(index, &Request::default(), limits),
    };
    detail.saml = state
        .extracted
        .captures
        .iter()
        .filter_map(|capture| {
            Some(SamlField {
                parameter: capture.origin.parameter?,
                binding: capture.origin.binding,
                message: None,
            })
        })
        .collect();
    detail
        .notes
        .extend(state.extracted.notes.into_iter().map(|note| note.message));
    if let Some(masking) = state.masking {
        detail.notes.push(format!(
            "Values marked masked were replaced by SAML-tracer's export option \"{}\"; the originals are not in the file.",
            masking.describe()
        ));
    }
    Ok(detail)
}

// --- The export's shape.

#[derive(Deserialize)]
struct Export<'a> {
    #[serde(borrow, default)]
    requests: Option<&'a RawValue>,
    #[serde(borrow, default)]
    timestamp: Option<Text<'a>>,
}

/// One request as SAML-tracer writes it (`SAMLTrace.Request` serialized).
#[derive(Deserialize, Default)]
struct Request<'a> {
    #[serde(borrow, default)]
    method: Option<Text<'a>>,
    #[serde(borrow, default)]
    url: Option<Text<'a>>,
    #[serde(rename = "requestHeaders", borrow, default)]
    request_headers: Option<&'a RawValue>,
    #[serde(borrow, default)]
    get: Option<&'a RawValue>,
    #[serde(borrow, default)]
    post: Option<&'a RawValue>,
    #[serde(rename = "postData", borrow, default)]
    post_data: Option<&'a RawValue>,
    #[serde(borrow, default)]
    protocol: Option<Text<'a>>,
    #[serde(borrow, default)]
    saml: Option<&'a RawValue>,
    #[serde(borrow, default)]
    samlart: Option<&'a RawValue>,
    #[serde(rename = "responseStatus", default)]
    response_status: Option<Number>,
    #[serde(rename = "responseStatusText", borrow, default)]
    response_status_text: Option<Text<'a>>,
    #[serde(rename = "responseHeaders", borrow, default)]
    response_headers: Option<&'a RawValue>,
}

/// The export's top level, and whether text followed it.
fn read_export(bytes: &[u8]) -> Result<(Export<'_>, bool), InputError> {
    let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let export =
        Export::deserialize(&mut deserializer).map_err(|error| InputError::Unrecognized {
            hint: format!("it starts like a SAML-tracer export but is not one: {error}"),
        })?;
    if export.requests.is_none() {
        return Err(InputError::Unrecognized {
            hint: "it starts like a SAML-tracer export but has no \"requests\" array".to_owned(),
        });
    }
    let trailing = deserializer.end().is_err();
    Ok((export, trailing))
}

/// Calls `visit` with each request's number and raw JSON until it breaks; returns how
/// many requests were visited. The request limit (the HAR entry limit) is checked where
/// a HAR's entries are: [`EntriesSeed`].
fn each_request<'a>(
    requests: Option<&'a RawValue>,
    limits: &Limits,
    visit: impl FnMut(usize, &'a RawValue) -> ControlFlow<()>,
) -> Result<usize, InputError> {
    let Some(requests) = requests else {
        return Ok(0);
    };
    let mut reader = Visit {
        visit,
        stopped: false,
    };
    let mut seed = EntriesSeed::new(&mut reader, "the \"requests\" array", limits.har_entries);
    let mut deserializer = serde_json::Deserializer::from_str(requests.get());
    match (&mut seed).deserialize(&mut deserializer) {
        Ok(()) => Ok(seed.entries),
        Err(_) if seed.reader.stopped => Ok(seed.entries),
        Err(_) if seed.limit_reached => Err(InputError::Limit {
            kind: LimitKind::HarEntries,
            limit: limits.har_entries,
        }),
        Err(error) => Err(InputError::Unrecognized {
            hint: format!("a SAML-tracer export whose \"requests\" cannot be read: {error}"),
        }),
    }
}

/// The `requests` array, element by element (the HAR's array reader, [`EntriesSeed`]),
/// never holding more than one.
struct Visit<F> {
    visit: F,
    /// Set when `visit` broke off (the error that stops serde_json is then ours).
    stopped: bool,
}

impl<'de, F: FnMut(usize, &'de RawValue) -> ControlFlow<()>> EntryReader<'de> for Visit<F> {
    type Entry = &'de RawValue;

    fn entry(&mut self, number: usize, raw: &'de RawValue) -> Result<(), String> {
        if (self.visit)(number, raw).is_break() {
            self.stopped = true;
            return Err("stopped".to_owned());
        }
        Ok(())
    }
}

/// A `name`/`value` pair: an object `{"name": ..., "value": ...}` (headers) or an array
/// `[name, value]` (`get`, `post`, and headers in old exports). Anything else is skipped.
struct Pair<'a>(Option<(Cow<'a, str>, Option<Cow<'a, str>>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pair<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairVisitor;
        impl<'de> Visitor<'de> for PairVisitor {
            type Value = Pair<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a name and a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pair<'de>, A::Error> {
                let (mut name, mut value) = (None, None);
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    match key.as_str() {
                        Some("name") if name.is_none() => {
                            name = Some(map.next_value::<Text<'de>>()?)
                        }
                        Some("value") if value.is_none() => {
                            value = Some(map.next_value::<Text<'de>>()?);
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Pair::from_texts(name, value))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pair<'de>, A::Error> {
                let name = seq.next_element::<Text<'de>>()?;
                let value = match name {
                    Some(_) => seq.next_element::<Text<'de>>()?,
                    None => None,
                };
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Pair::from_texts(name, value))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Pair<'de>, E> {
                Ok(Pair(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Pair<'de>, E> {
                Ok(Pair(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Pair<'de>, E> {
                Ok(Pair(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Pair<'de>, E> {
                Ok(Pair(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Pair<'de>, E> {
                Ok(Pair(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Pair<'de>, E> {
                Ok(Pair(None))
            }
        }
        deserializer.deserialize_any(PairVisitor)
    }
}

impl<'a> Pair<'a> {
    fn from_texts(name: Option<Text<'a>>, value: Option<Text<'a>>) -> Pair<'a> {
        let name = match name {
            Some(Text::Value(name)) => name,
            _ => return Pair(None),
        };
        let value = match value {
            Some(Text::Value(value)) => Some(value),
            _ => None,
        };
        Pair(Some((name, value)))
    }
}

type Pairs<'a> = Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>;

/// The pairs of a raw JSON array; not an array: none.
fn pairs(raw: Option<&RawValue>) -> Pairs<'_> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    serde_json::from_str::<Vec<Pair<'_>>>(raw.get())
        .map(|pairs| pairs.into_iter().filter_map(|pair| pair.0).collect())
        .unwrap_or_default()
}

/// `postData` as the browser's form data, `{name: [values]}`, in pairs; `{overwritten}`
/// (masked) or anything else: none.
fn form_data(raw: Option<&RawValue>) -> Pairs<'_> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let Ok(object) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get())
    else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for (name, values) in object {
        let values = match values {
            serde_json::Value::Array(values) => values,
            other => vec![other],
        };
        for value in values {
            if let serde_json::Value::String(value) = value {
                pairs.push((Cow::Owned(name.clone()), Some(Cow::Owned(value))));
            }
        }
    }
    pairs
}

/// The form fields of a request: `post`, or the form data when `post` is missing.
fn post_pairs<'a>(request: &Request<'a>) -> Pairs<'a> {
    if request.post.is_some() {
        pairs(request.post)
    } else {
        form_data(request.post_data)
    }
}

fn header<'p>(pairs: &'p Pairs<'_>, name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|(header, _)| header.eq_ignore_ascii_case(name))
        .and_then(|(_, value)| value.as_deref())
}

/// `HTTP/1.1 302 Found` as its version and reason phrase; a text that is not a status
/// line is all reason.
fn status_line(line: &str) -> (Option<&str>, &str) {
    let line = line.trim();
    let Some(rest) = line.strip_prefix("HTTP/") else {
        return (None, line);
    };
    let mut parts = rest.splitn(3, ' ');
    let version_length = "HTTP/".len() + parts.next().unwrap_or_default().len();
    let _code = parts.next();
    (
        Some(&line[..version_length]),
        parts.next().unwrap_or_default().trim(),
    )
}

// --- Turning requests into flow and captures.

struct ScanState<'l> {
    input: usize,
    limits: &'l Limits,
    extracted: Extracted,
    notes_dropped: usize,
    /// The first masking seen, for the note about it.
    masking: Option<Masking>,
    /// Messages read from SAML-tracer's decoded copy because their value was masked.
    copies_used: usize,
    relay_state_masked: bool,
    /// Masked RelayStates recognised by their hash (see [`ScanState::unmask_relay_states`]).
    relay_states_recognised: usize,
    /// The first response `Date`, the input's time.
    first_date: Option<Timestamp>,
}

impl<'l> ScanState<'l> {
    fn new(input: usize, limits: &'l Limits) -> Self {
        ScanState {
            input,
            limits,
            extracted: Extracted {
                kind: Some(InputKind::SamlTracer),
                ..Extracted::default()
            },
            notes_dropped: 0,
            masking: None,
            copies_used: 0,
            relay_state_masked: false,
            relay_states_recognised: 0,
            first_date: None,
        }
    }

    fn note(&mut self, har_entry: Option<usize>, message: String) {
        if self.extracted.notes.len() < MAX_NOTES {
            self.extracted.notes.push(InputNote { har_entry, message });
        } else {
            self.notes_dropped += 1;
        }
    }

    fn saw_masking(&mut self, value: &str) -> bool {
        match masking(value) {
            Some(found) => {
                self.masking.get_or_insert(found);
                true
            }
            None => false,
        }
    }

    /// Gives masked RelayStates (`{hash:…}`) their value where the same value was sent
    /// in clear elsewhere in the export (typically in the AuthnRequest's redirect URL,
    /// which SAML-tracer never masks) and hashes to it: the comparison of RelayState
    /// between AuthnRequest and Response then stays true. Nothing else is unmasked.
    fn unmask_relay_states(&mut self) {
        let clear: Vec<String> = self
            .extracted
            .captures
            .iter()
            .filter_map(|capture| capture.relay_state.clone())
            .filter(|value| masking(value).is_none())
            .collect();
        for capture in &mut self.extracted.captures {
            let Some(masked) = capture.relay_state.as_deref() else {
                continue;
            };
            if let Some(value) = clear.iter().find(|value| hash_matches(masked, value)) {
                capture.relay_state = Some(value.clone());
                self.relay_states_recognised += 1;
            }
        }
    }

    /// The notes about the whole export, and its time.
    fn finish(&mut self, count: usize, timestamp: Option<&str>) {
        self.unmask_relay_states();
        let exported_at = timestamp.and_then(Timestamp::parse);
        let mut front = Vec::new();
        let time = match (self.first_date, exported_at) {
            (Some(date), _) => format!(
                "messages are judged at {date}, the HTTP Date of the first response"
            ),
            (None, Some(exported)) => format!(
                "no response has an HTTP Date, so messages are judged at the export time {exported}, which may be long after the sign-in: give the sign-in's time as the time to judge at"
            ),
            (None, None) => "it has no time at all, so messages are judged now: give the sign-in's time as the time to judge at".to_owned(),
        };
        front.push(format!(
            "A SAML-tracer export of {count} requests. SAML-tracer records no time per request: {time}."
        ));
        if let Some(masking) = self.masking {
            let mut text = format!(
                "SAML-tracer's export option \"{}\" replaced the form values and cookie values in this file.",
                masking.describe()
            );
            if self.copies_used > 0 {
                text.push_str(&format!(
                    " {} masked SAML message value(s) were read from the XML SAML-tracer decoded when it recorded them (its \"saml\" field).",
                    self.copies_used
                ));
            }
            if self.relay_states_recognised > 0 {
                text.push_str(&format!(
                    " {} masked RelayState value(s) were recognised by their hash as one sent in clear elsewhere in the export.",
                    self.relay_states_recognised
                ));
            } else if self.relay_state_masked {
                text.push_str(" RelayState values are masked too, so checks that compare them see the masked value.");
            }
            front.push(text);
        }
        if self.extracted.captures.is_empty() && count > 0 {
            front.push(format!(
                "None of the {count} requests carries a SAMLRequest or SAMLResponse: record the sign-in again with SAML-tracer open from the start."
            ));
        }
        let notes = std::mem::take(&mut self.extracted.notes);
        self.extracted.notes = front
            .into_iter()
            .map(|message| InputNote {
                har_entry: None,
                message,
            })
            .chain(notes)
            .collect();
        if self.notes_dropped > 0 {
            let dropped = self.notes_dropped;
            self.extracted.notes.push(InputNote {
                har_entry: None,
                message: format!("{dropped} more notes like these were left out"),
            });
        }
        self.extracted.captured_at = self.first_date.or(exported_at);
    }
}

fn read_raw_request(state: &mut ScanState<'_>, index: usize, raw: &RawValue) {
    match serde_json::from_str::<Lenient<Request<'_>>>(raw.get()) {
        Ok(Lenient::Value(request)) => read_request(state, index, &request),
        Ok(Lenient::Wrong(found)) => {
            state.note(
                Some(index),
                format!("the request is {found}, not an object; skipped"),
            );
            push_empty_flow(state, index);
        }
        Err(error) => {
            state.note(
                Some(index),
                format!("the request cannot be read ({error}); skipped"),
            );
            push_empty_flow(state, index);
        }
    }
}

fn push_empty_flow(state: &mut ScanState<'_>, index: usize) {
    state.extracted.flow.push(FlowEntry::unread(index));
}

fn read_request(state: &mut ScanState<'_>, index: usize, request: &Request<'_>) {
    let method = text(&request.method).unwrap_or_default().to_owned();
    let url = text(&request.url).unwrap_or_default();
    if let Some(Text::Wrong(found)) = &request.url {
        state.note(Some(index), format!("the \"url\" is {found}, not a string"));
    }
    // SAML-tracer writes "" as the status of a request without a response.
    let status = match &request.response_status {
        Some(Number::Value(status)) if (1.0..=999.0).contains(status) => Some(*status as u16),
        _ => None,
    };
    let (_, reason) = status_line(text(&request.response_status_text).unwrap_or_default());
    let response_headers = pairs(request.response_headers);
    let server_date = header(&response_headers, "date").and_then(parse_http_date);
    if state.first_date.is_none() {
        state.first_date = server_date;
    }
    let mime_type = header(&response_headers, "content-type").unwrap_or_default();
    let redirect_url = status
        .filter(|status| (300..400).contains(status))
        .and_then(|_| header(&response_headers, "location"))
        .map(str::to_owned);
    let request_headers = pairs(request.request_headers);
    let masked_cookie = response_headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.as_deref())
        .flat_map(|value| set_cookie_header(value, usize::MAX))
        .chain(
            request_headers
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
                .filter_map(|(_, value)| value.as_deref())
                .flat_map(|value| cookie_header(value, usize::MAX)),
        )
        .find_map(|cookie| cookie.masked);
    if let Some(found) = masked_cookie {
        state.masking.get_or_insert(found);
    }

    let origin = Origin {
        input: state.input,
        har_entry: Some(index),
        url: Some(url.to_owned()),
        method: Some(method.clone()),
        binding: Binding::Raw,
        parameter: None,
        captured_at: None,
        http_status: status,
        server_date,
    };
    let mut captures = Vec::new();
    let mut names_only = Vec::new();
    query_captures(url, &origin, state.limits, &mut captures);
    post_captures(
        state,
        index,
        request,
        &origin,
        &mut captures,
        &mut names_only,
    );

    let artifact = request
        .samlart
        .and_then(raw_string)
        .is_some_and(|value| !value.is_empty());
    if artifact {
        state.note(
            Some(index),
            "the request carries a SAML artifact (SAMLart): the message itself is fetched by the SP over a back channel and is not in the export".to_owned(),
        );
    }
    if text(&request.protocol) == Some("WS-Fed") {
        state.note(
            Some(index),
            "the request is a WS-Federation sign-in: only SAML 2.0 protocol messages are analysed"
                .to_owned(),
        );
    }

    let saml = flow_parameters(&captures, names_only);
    state.extracted.flow.push(FlowEntry {
        index,
        started_at: None,
        method,
        url: url.to_owned(),
        status,
        status_text: reason.to_owned(),
        mime_type: mime_type.to_owned(),
        time_ms: None,
        redirect_url,
        saml,
    });
    state.extracted.captures.append(&mut captures);
}

/// Messages in the URL's query (the Redirect binding), read from the URL exactly as
/// sent, so a query signature can be checked over its octets.
fn query_captures(url: &str, origin: &Origin, limits: &Limits, captures: &mut Vec<Capture>) {
    let Some((_, query)) = url.split('#').next().unwrap_or(url).split_once('?') else {
        return;
    };
    if !mentions_saml(query.as_bytes()) {
        return;
    }
    for message in field_messages(&parse_query(query)) {
        captures.push(capture_at(
            message,
            origin,
            Binding::Redirect,
            Transport::FormEncoded,
            limits,
        ));
    }
}

/// Messages in the form body (the POST binding). Values are as the browser decoded
/// them; a masked value is read from SAML-tracer's decoded copy when that is its copy.
fn post_captures(
    state: &mut ScanState<'_>,
    index: usize,
    request: &Request<'_>,
    origin: &Origin,
    captures: &mut Vec<Capture>,
    names_only: &mut Vec<SamlParameter>,
) {
    let fields = post_pairs(request);
    if let Some(post_data) = request.post_data.and_then(raw_string) {
        state.saw_masking(&post_data);
    }
    let mut relay_state = None;
    for (name, value) in &fields {
        let Some(value) = value.as_deref() else {
            continue;
        };
        let masked = state.saw_masking(value);
        if name == "RelayState" && relay_state.is_none() {
            // A masked one stays masked here; `finish` recognises it by its hash when
            // the same value was sent in clear elsewhere in the export.
            state.relay_state_masked |= masked;
            relay_state = Some(value.to_owned());
        }
    }
    // SAML-tracer keeps a decoded copy of one message per request: the first of the
    // query's SAMLRequest, SAMLResponse, SAMLart (of a GET), then the form's
    // SAMLRequest, SAMLResponse.
    let query_has_saml = pairs(request.get)
        .iter()
        .any(|(name, _)| ["SAMLRequest", "SAMLResponse", "SAMLart"].contains(&name.as_ref()));
    let copy_for = [SamlParameter::SamlRequest, SamlParameter::SamlResponse]
        .into_iter()
        .find(|parameter| fields.iter().any(|(name, _)| name == parameter.as_str()))
        .filter(|_| !query_has_saml);
    let copy = request
        .saml
        .and_then(raw_string)
        .filter(|xml| !xml.trim().is_empty());
    for (name, value) in &fields {
        let Some(parameter) = SamlParameter::from_name(name) else {
            continue;
        };
        let value = value.as_deref().unwrap_or_default();
        if value.is_empty() {
            names_only.push(parameter);
            state.note(
                Some(index),
                format!("the POST parameter {name} is listed without its value"),
            );
            continue;
        }
        if let Some(masked) = masking(value) {
            match copy.as_deref().filter(|_| copy_for == Some(parameter)) {
                Some(xml) => {
                    state.copies_used += 1;
                    captures.push(copy_capture(
                        xml,
                        parameter,
                        origin,
                        relay_state.clone(),
                        state.limits,
                    ));
                }
                None => {
                    names_only.push(parameter);
                    state.note(
                        Some(index),
                        format!(
                            "the {name} value was masked by SAML-tracer's export option \"{}\" and the export holds no decoded copy of it, so this message cannot be read; export again with the cookie-filter profile \"None\", or record a HAR",
                            masked.describe()
                        ),
                    );
                }
            }
            continue;
        }
        let message = FieldMessage {
            parameter,
            value,
            relay_state: relay_state.clone(),
            redirect_signature: None,
        };
        captures.push(capture_at(
            message,
            origin,
            Binding::Post,
            Transport::Plain,
            state.limits,
        ));
    }
}

/// Whether `masked` is what "Mask values" makes of `value`: `{hash:<hex>}` of the
/// SHA-256 of its UTF-8 bytes (SHA-1, 40 digits, accepted for older exports).
fn hash_matches(masked: &str, value: &str) -> bool {
    use sha2::Digest;
    let Some(digest) = masked
        .strip_prefix("{hash:")
        .and_then(|rest| rest.strip_suffix('}'))
    else {
        return false;
    };
    let computed: Vec<u8> = match digest.len() {
        64 => sha2::Sha256::digest(value.as_bytes()).to_vec(),
        40 => sha1::Sha1::digest(value.as_bytes()).to_vec(),
        _ => return false,
    };
    let hex: String = computed.iter().map(|byte| format!("{byte:02x}")).collect();
    hex.eq_ignore_ascii_case(digest)
}

/// A capture from SAML-tracer's decoded copy of a message (the `saml` field).
fn copy_capture(
    xml: &str,
    parameter: SamlParameter,
    origin: &Origin,
    relay_state: Option<String>,
    limits: &Limits,
) -> Capture {
    let mut origin = origin.clone();
    origin.binding = Binding::Post;
    origin.parameter = Some(parameter);
    let payload = if xml.len() > limits.decoded_bytes {
        Err(DecodeError::TooLarge {
            limit: limits.decoded_bytes,
        })
    } else {
        let bytes = copy_bytes(xml);
        if decode::looks_like_xml(&bytes) {
            Ok(bytes)
        } else {
            Err(decode::not_xml(&bytes))
        }
    };
    Capture {
        origin,
        payload,
        encoded: String::new(),
        relay_state,
        redirect_signature: None,
        form_action: None,
    }
}

/// The bytes of SAML-tracer's decoded copy of a message. Some versions keep it as a
/// "binary string" (one character per byte, from `atob` or from inflating): when every
/// character fits in a byte and those bytes are UTF-8 beyond ASCII, they are the
/// message's bytes; otherwise the text is, in UTF-8.
fn copy_bytes(text: &str) -> Vec<u8> {
    let fits_bytes = text.chars().all(|character| u32::from(character) <= 0xFF);
    let beyond_ascii = !text.is_ascii();
    if fits_bytes && beyond_ascii {
        // Every character is at most U+00FF, so the cast keeps it whole.
        let bytes: Vec<u8> = text.chars().map(|character| character as u8).collect();
        if std::str::from_utf8(&bytes).is_ok() {
            return bytes;
        }
    }
    text.as_bytes().to_vec()
}

/// Everything but the SAML messages of a request's details.
fn request_fields(index: usize, request: &Request<'_>, limits: &Limits) -> RequestDetail {
    let limit = limits.detail_value_bytes;
    let url = text(&request.url).unwrap_or_default().to_owned();
    let (version, reason) = status_line(text(&request.response_status_text).unwrap_or_default());
    let request_headers = pairs(request.request_headers);
    let response_headers = pairs(request.response_headers);
    let to_fields = |pairs: &Pairs<'_>| {
        Listed::cut(
            pairs
                .iter()
                .map(|(name, value)| Field::new(name, value.as_deref().unwrap_or_default(), limit))
                .collect::<Vec<_>>(),
            limits.detail_fields,
            None,
        )
    };
    let request_cookies: Vec<Cookie> = request_headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .filter_map(|(_, value)| value.as_deref())
        .flat_map(|value| cookie_header(value, limit))
        .collect();
    let response_cookies: Vec<Cookie> = response_headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.as_deref())
        .flat_map(|value| set_cookie_header(value, limit))
        .collect();
    let form = post_pairs(request);
    let request_body = (!form.is_empty() || request.post_data.is_some()).then(|| RequestBody {
        mime_type: header(&request_headers, "content-type")
            .unwrap_or_default()
            .to_owned(),
        fields: to_fields(&form),
        text: None,
        cut_from: None,
    });
    RequestDetail {
        source: InputKind::SamlTracer,
        index,
        started_at: None,
        method: text(&request.method).unwrap_or_default().to_owned(),
        query: query_fields(&url, limits).unwrap_or_default(),
        url,
        http_version: None,
        status: match &request.response_status {
            Some(Number::Value(status)) if (1.0..=999.0).contains(status) => Some(*status as u16),
            _ => None,
        },
        status_text: reason.to_owned(),
        response_http_version: version.map(str::to_owned),
        request_headers: to_fields(&request_headers),
        response_headers: to_fields(&response_headers),
        request_cookies: Listed::cut(request_cookies, limits.detail_fields, None),
        response_cookies: Listed::cut(response_cookies, limits.detail_fields, None),
        request_body,
        response_body: None,
        timing: None,
        saml: Vec::new(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_the_first_keys() {
        let cases: &[(&str, bool)] = &[
            (r#"{"requests": [], "timestamp": "x"}"#, true),
            (
                "{\n  \"requests\": [\n    {\n      \"method\": \"GET\"",
                true,
            ),
            (
                r#"{"timestamp":"2024-05-01T12:00:00.000Z","requests":[{}]}"#,
                true,
            ),
            (r#"{"requests": {}}"#, false),
            (r#"{"requests": [1]}"#, false),
            (r#"{"requests": ["x"]}"#, false),
            (r#"{"log": {"entries": []}}"#, false),
            (r#"{"schema": "x", "requests": []}"#, false),
            (r#"{"timestamp": 5, "requests": []}"#, false),
            (r#"{"timestamp": "a\"b", "requests": []}"#, false),
            (r#"{"req\u0075ests": []}"#, false),
            (r#"{"requests""#, false),
            ("{", false),
            ("", false),
        ];
        for &(json, expected) in cases {
            assert_eq!(looks_like_export(json.as_bytes()), expected, "{json}");
        }
    }

    #[test]
    fn hashes_are_matched_as_mask_values_makes_them() {
        // printf %s /app | sha256sum; printf %s /app | sha1sum
        let sha256 = "{hash:f53b52ad6d21cceb72dfa78fb67614fe14f110c58e68412b01508d6a485501c3}";
        let sha1 = "{hash:0c35eebf403cf91fe77a64921d76aa1ca6411d20}";
        assert!(hash_matches(sha256, "/app"));
        assert!(hash_matches(
            &sha256.to_ascii_uppercase().replace("{HASH:", "{hash:"),
            "/app"
        ));
        assert!(hash_matches(sha1, "/app"));
        assert!(!hash_matches(sha256, "/app/"));
        assert!(!hash_matches("{obf:alternative_0}", "/app"));
        assert!(!hash_matches("{hash:abc}", "/app"));
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line("HTTP/1.1 302 Found"),
            (Some("HTTP/1.1"), "Found")
        );
        assert_eq!(status_line("HTTP/2 200 "), (Some("HTTP/2"), ""));
        assert_eq!(
            status_line("HTTP/1.1 500 Internal Server Error"),
            (Some("HTTP/1.1"), "Internal Server Error")
        );
        assert_eq!(status_line("OK"), (None, "OK"));
        assert_eq!(status_line(""), (None, ""));
    }

    #[test]
    fn decoded_copies_as_bytes() {
        // A binary string (UTF-8 bytes one per character) becomes those bytes.
        let binary: String = "<a>é</a>".bytes().map(char::from).collect();
        assert_eq!(copy_bytes(&binary), "<a>é</a>".as_bytes());
        // Text already decoded stays as it is.
        assert_eq!(copy_bytes("<a>é</a>"), "<a>é</a>".as_bytes());
        assert_eq!(copy_bytes("<a>€</a>"), "<a>€</a>".as_bytes());
        // Latin-1 characters that are not UTF-8 as bytes are text.
        assert_eq!(copy_bytes("<a>é!</a>"), "<a>é!</a>".as_bytes());
    }

    #[test]
    fn pairs_in_both_shapes() {
        let raw = serde_json::from_str::<&RawValue>(
            r#"[{"name":"a","value":"1"},["b","2"],["c"],{"name":"d"},7,{"value":"x"},[1,"y"],{"name":"e","value":null,"extra":[]}]"#,
        )
        .expect("JSON");
        let found: Vec<(String, Option<String>)> = pairs(Some(raw))
            .into_iter()
            .map(|(name, value)| (name.into_owned(), value.map(Cow::into_owned)))
            .collect();
        let expected: Vec<(String, Option<String>)> = [
            ("a", Some("1")),
            ("b", Some("2")),
            ("c", None),
            ("d", None),
            ("e", None),
        ]
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.map(str::to_owned)))
        .collect();
        assert_eq!(found, expected);
    }
}
