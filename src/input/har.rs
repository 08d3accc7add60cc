//! HAR 1.2 scanning: every entry of `log.entries` becomes a [`FlowEntry`], and every
//! SAML message in a request query string, a request form body or an HTML auto-post
//! page of a response becomes a [`Capture`].
//!
//! Owns the HAR entry limit ([`Limits::har_entries`], checked in one place: the visitor
//! of the entries array, which stops reading as soon as it is passed) and tolerance of
//! what browsers really export (Chrome and Edge: `postData.params` and `postData.text`;
//! Firefox: `postData.text`, sometimes `params` with names only; Safari: fields missing
//! or of other types).
//!
//! Speed and memory: a HAR can be hundreds of megabytes, nearly all of it response
//! bodies. The file is read once, in place, by serde_json into typed structures that
//! borrow from it; bodies are taken as raw JSON slices ([`RawValue`]), never copied, and
//! only decoded when the response is HTML and mentions `SAMLRequest`/`SAMLResponse` (a
//! base64 body is searched in its base64 form first: `base64_may_mention_saml`).
//! Fields of the wrong type that are not essential (a `status` given as a string, a
//! missing `response`) are tolerated, noted when they matter, and never reject the file.
//! serde_json's recursion limit (128 levels) bounds nesting, skipped fields included.
//!
//! Why no HAR crate: the HAR crates parse a whole file into owned structures (every
//! body copied), and refuse the files browsers really write; this scan borrows, skips
//! and tolerates, in one pass, within the entry limit.

mod detail;
mod entry;
mod reduce;

pub use detail::request_detail;
pub use reduce::{PROGRESS_EVERY_BYTES, PROGRESS_EVERY_ENTRIES, Progress, reduce};

use super::params::{FieldMessage, capture_at, field_messages, flow_parameters, html_form_fields};
use super::{
    Binding, Capture, ErrorPage, Extracted, FlowEntry, FormField, InputError, InputKind, InputNote,
    Origin, SamlParameter, parse_query,
};
use crate::aws;
use crate::decode::{self, DecodeError, Transport};
use crate::limits::{LimitKind, Limits};
use crate::timestamp::Timestamp;
use entry::{Content, Entry, NameValue, Request, Response};
pub(super) use entry::{Lenient, Number, Text, text};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// Most notes kept for one HAR; past this one note says how many more there were, so a
/// file with a broken field in every entry does not drown the report.
const MAX_NOTES: usize = 100;

/// The names whose presence makes a body or URL worth parsing. Bodies without either
/// are skipped without being decoded.
const SAML_NAMES: [&[u8]; 2] = [b"SAMLResponse", b"SAMLRequest"];

/// How both [`SAML_NAMES`] start: one search for it finds every candidate.
const SAML_NAME_START: &[u8] = b"SAMLRe";

/// [`SAML_NAME_START`] as it appears in base64, for each of its three possible places in
/// a group of three bytes: only the characters that depend on its bytes alone (RFC 4648
/// §4: `SAMLRe` at a multiple of three, then after one and after two other bytes).
const SAML_NAME_START_BASE64: [&[u8]; 3] = [b"U0FNTFJl", b"NBTUxSZ", b"TQU1MUm"];

/// Scans HAR input number `index`. `bytes` must be the whole file.
pub fn scan(index: usize, bytes: &[u8], limits: &Limits) -> Result<Extracted, InputError> {
    let mut state = ScanState {
        input: index,
        limits,
        extracted: Extracted {
            kind: Some(InputKind::Har),
            ..Extracted::default()
        },
        notes_dropped: 0,
    };
    let walk = walk_entries(bytes, limits, &mut state)?;
    walk.found.entries_or_error()?;
    if walk.trailing_text {
        state.note(
            None,
            "text after the end of the JSON document was ignored".to_owned(),
        );
    }
    if state.notes_dropped > 0 {
        let dropped = state.notes_dropped;
        state.extracted.notes.push(InputNote {
            har_entry: None,
            message: format!("{dropped} more notes like these were left out"),
        });
    }
    state.extracted.captured_at = state
        .extracted
        .flow
        .first()
        .and_then(|entry| entry.started_at);
    Ok(state.extracted)
}

struct ScanState<'l> {
    input: usize,
    limits: &'l Limits,
    extracted: Extracted,
    notes_dropped: usize,
}

impl ScanState<'_> {
    fn note(&mut self, har_entry: Option<usize>, message: String) {
        if self.extracted.notes.len() < MAX_NOTES {
            self.extracted.notes.push(InputNote { har_entry, message });
        } else {
            self.notes_dropped += 1;
        }
    }
}

/// The scan's entries: each is read, turned into flow and captures, and dropped before
/// the next, so memory does not grow with the number of entries beyond their results.
impl<'de> EntryReader<'de> for ScanState<'_> {
    type Entry = Lenient<Entry<'de>>;

    fn entry(&mut self, index: usize, entry: Lenient<Entry<'de>>) -> Result<(), String> {
        match entry {
            Lenient::Value(entry) => read_entry(self, index, entry),
            Lenient::Wrong(found) => {
                self.note(
                    Some(index),
                    format!("the entry is {found}, not an object; skipped"),
                );
                self.extracted.flow.push(FlowEntry::unread(index));
            }
        }
        Ok(())
    }
}

// --- The walk to `log.entries`, shared by the scan, the reducer and the details.

/// A reader of `log.entries`, one entry at a time: the scan, the reducer
/// ([`reduce`](fn@reduce)) and the details ([`request_detail`]) find the entries the same way
/// ([`walk_entries`]) and differ only in what they do with each. The SAML-tracer reader
/// reads its `requests` array with the same [`EntriesSeed`], under the same limit.
pub(super) trait EntryReader<'de> {
    /// What an entry is read as, borrowing from the file.
    type Entry: Deserialize<'de>;

    /// Whether entry `index` is read; the others are skipped without being read.
    fn wants(&self, _index: usize) -> bool {
        true
    }

    /// Takes entry `index`. An `Err` stops the walk: its message becomes the error's.
    fn entry(&mut self, index: usize, entry: Self::Entry) -> Result<(), String>;
}

/// What a walk over `log.entries` found.
pub(super) struct Walk {
    pub(super) found: Found,
    /// Entries in the array (all of it, unless a reader stopped the walk).
    pub(super) entries: usize,
    /// Whether text follows the end of the JSON document.
    pub(super) trailing_text: bool,
}

/// What the top level held.
pub(super) enum Found {
    Nothing,
    LogWithoutEntries,
    Entries,
}

impl Found {
    /// The error of a HAR without `log.entries`.
    pub(super) fn entries_or_error(self) -> Result<(), InputError> {
        let message = match self {
            Found::Entries => return Ok(()),
            Found::Nothing => "the JSON object has no \"log\" member",
            Found::LogWithoutEntries => "\"log\" has no \"entries\" array",
        };
        Err(InputError::InvalidHar {
            message: message.to_owned(),
        })
    }
}

/// Reads HAR `bytes` (the whole file; a UTF-8 byte order mark is skipped) in place,
/// giving each entry of `log.entries` to `reader` and skipping everything else. The entry
/// limit ([`Limits::har_entries`]) is checked by [`EntriesSeed`], the one reader of entry
/// arrays: an array longer than it stops the reading as soon as it is passed.
pub(super) fn walk_entries<'de, R: EntryReader<'de>>(
    bytes: &'de [u8],
    limits: &Limits,
    reader: &mut R,
) -> Result<Walk, InputError> {
    let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut entries = EntriesSeed::new(reader, "the log.entries array", limits.har_entries);
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let root = MemberSeed {
        name: "log",
        expecting: "a HAR object with a \"log\" member",
        seed: MemberSeed {
            name: "entries",
            expecting: "the \"log\" object",
            seed: &mut entries,
        },
    };
    let found = match root.deserialize(&mut deserializer) {
        Ok(None) => Found::Nothing,
        Ok(Some(None)) => Found::LogWithoutEntries,
        Ok(Some(Some(()))) => Found::Entries,
        Err(_) if entries.limit_reached => {
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
    Ok(Walk {
        found,
        entries: entries.entries,
        trailing_text: deserializer.end().is_err(),
    })
}

/// An object of which only the first member called `name` is read, with `seed`; the
/// others are skipped. `None` when there is no such member. The top level (`log`) and
/// `log` (`entries`) are read this way.
struct MemberSeed<S> {
    name: &'static str,
    /// What the object is, for the error when the value is not an object.
    expecting: &'static str,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for MemberSeed<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for MemberSeed<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seed = Some(self.seed);
        let mut value = None;
        while let Some(key) = map.next_key::<Key>()? {
            match seed.take() {
                Some(unread) if key.0 == self.name => value = Some(map.next_value_seed(unread)?),
                unused => {
                    seed = unused;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(value)
    }
}

/// An object key, compared without allocating when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Text::deserialize(deserializer).map(|text| Key(text.into_cow()))
    }
}

/// An array of entries (`log.entries`, a SAML-tracer export's `requests`): each entry
/// the reader wants is read as its `Entry` and given to it; the entry limit is checked
/// here.
pub(super) struct EntriesSeed<'r, R> {
    pub(super) reader: &'r mut R,
    /// What the array is, for the error when the value is not an array.
    expecting: &'static str,
    limit: usize,
    /// Entries passed so far.
    pub(super) entries: usize,
    /// Set when the array is longer than the limit (the error that stops serde_json is
    /// then ours).
    pub(super) limit_reached: bool,
}

impl<'r, R> EntriesSeed<'r, R> {
    pub(super) fn new(reader: &'r mut R, expecting: &'static str, limit: usize) -> Self {
        EntriesSeed {
            reader,
            expecting,
            limit,
            entries: 0,
            limit_reached: false,
        }
    }
}

impl<'de, R: EntryReader<'de>> DeserializeSeed<'de> for &mut EntriesSeed<'_, R> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, R: EntryReader<'de>> Visitor<'de> for &mut EntriesSeed<'_, R> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let index = self.entries;
            if index == self.limit {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    self.limit_reached = true;
                    return Err(de::Error::custom(format_args!(
                        "more than {} HAR entries",
                        self.limit
                    )));
                }
                return Ok(());
            }
            if !self.reader.wants(index) {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                self.entries += 1;
                continue;
            }
            let Some(entry) = seq.next_element::<R::Entry>()? else {
                return Ok(());
            };
            self.entries += 1;
            self.reader.entry(index, entry).map_err(de::Error::custom)?;
        }
    }
}

/// The string a raw JSON value holds, borrowed when it has no escapes; `None` when the
/// value is not a string.
pub(super) fn raw_string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let json = raw.get();
    if !json.starts_with('"') {
        return None;
    }
    if let Ok(text) = serde_json::from_str::<&str>(json) {
        return Some(Cow::Borrowed(text));
    }
    serde_json::from_str::<String>(json).ok().map(Cow::Owned)
}

pub(super) fn mentions_saml(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, SAML_NAME_START).any(|start| {
        let rest = bytes.get(start..).unwrap_or_default();
        SAML_NAMES.iter().any(|name| rest.starts_with(name))
    })
}

/// Whether base64 `text` can decode to something that mentions a SAML parameter, found
/// without decoding it. For base64 as exporters write it (standard alphabet, unbroken,
/// padding only at the end) every decoded byte keeps its place in a group of three, so
/// the body holds `SAMLRe` only if the text holds one of [`SAML_NAME_START_BASE64`].
/// Other text (wrapped, URL-safe) is answered `true`: decoding it is the way to know.
fn base64_may_mention_saml(text: &[u8]) -> bool {
    let digits = text
        .iter()
        .rposition(|&byte| byte != b'=')
        .map_or(&text[..0], |last| &text[..=last]);
    let is_digit = |byte: u8| byte.is_ascii_alphanumeric() | (byte == b'+') | (byte == b'/');
    // In blocks without branches, which the compiler vectorizes: bodies are large.
    let unbroken = digits.chunks(64).all(|block| {
        block
            .iter()
            .fold(0u8, |other, &byte| other | u8::from(!is_digit(byte)))
            == 0
    });
    !unbroken
        || SAML_NAME_START_BASE64
            .iter()
            .any(|pattern| memchr::memmem::find(text, pattern).is_some())
}

/// `name`/`value` pairs of a raw JSON array (`queryString`, `params`, `headers`);
/// elements of the wrong shape are skipped.
fn name_values(raw: &RawValue) -> Vec<(Cow<'_, str>, Option<Cow<'_, str>>)> {
    let Ok(items) = serde_json::from_str::<Vec<Lenient<NameValue<'_>>>>(raw.get()) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Lenient::Value(NameValue {
                name: Some(Text::Value(name)),
                value,
                ..
            }) => Some((
                name,
                value.and_then(|value| match value {
                    Text::Value(value) => Some(value),
                    Text::Wrong(_) => None,
                }),
            )),
            _ => None,
        })
        .collect()
}

fn header<'a>(headers: &[(Cow<'a, str>, Option<Cow<'a, str>>)], name: &str) -> Option<&'a str>
where
    'a: 'a,
{
    headers.iter().find_map(|(header_name, value)| {
        if header_name.eq_ignore_ascii_case(name) {
            match value {
                Some(Cow::Borrowed(value)) => Some(*value),
                _ => None,
            }
        } else {
            None
        }
    })
}

fn header_value(headers: &[(Cow<'_, str>, Option<Cow<'_, str>>)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(header_name, _)| header_name.eq_ignore_ascii_case(name))
        .and_then(|(_, value)| value.as_ref().map(|value| value.to_string()))
}

/// Turns one entry into its flow line and captures.
fn read_entry(state: &mut ScanState<'_>, index: usize, entry: Entry<'_>) {
    let started_text = entry.started_date_time.as_ref().and_then(Text::as_str);
    let started_at = started_text.and_then(Timestamp::parse);
    let request = entry.request.as_ref().and_then(Lenient::value);
    let response = entry.response.as_ref().and_then(Lenient::value);
    if let Some(Lenient::Wrong(found)) = &entry.request {
        state.note(
            Some(index),
            format!("\"request\" is {found}, not an object"),
        );
    }
    if let Some(Lenient::Wrong(found)) = &entry.response {
        state.note(
            Some(index),
            format!("\"response\" is {found}, not an object"),
        );
    }
    let method = request
        .and_then(|request| request.method.as_ref())
        .and_then(Text::as_str)
        .unwrap_or_default()
        .to_owned();
    let url = request
        .and_then(|request| request.url.as_ref())
        .and_then(Text::as_str)
        .unwrap_or_default();
    if let Some(Text::Wrong(found)) = request.and_then(|request| request.url.as_ref()) {
        state.note(
            Some(index),
            format!("the request \"url\" is {found}, not a string"),
        );
    }
    let status = match response.and_then(|response| response.status.as_ref()) {
        Some(Number::Value(status)) if *status >= 1.0 && *status <= 999.0 => Some(*status as u16),
        Some(Number::Value(_)) | None => None,
        Some(Number::Wrong(found)) => {
            state.note(
                Some(index),
                format!("the response \"status\" is {found}, not a number"),
            );
            None
        }
    };
    let content = response
        .and_then(|response| response.content.as_ref())
        .and_then(Lenient::value);
    let mime_type = content
        .and_then(|content| content.mime_type.as_ref())
        .and_then(Text::as_str)
        .unwrap_or_default();
    let time_ms = match entry.time {
        Some(Number::Value(time)) if time >= 0.0 => Some(time),
        _ => None,
    };

    // Response headers are parsed only when something needs them.
    let redirect_field = response
        .and_then(|response| response.redirect_url.as_ref())
        .and_then(Text::as_str)
        .filter(|url| !url.is_empty());
    let is_redirect = status.is_some_and(|status| (300..400).contains(&status));
    let mut headers = None;
    let redirect_url = match redirect_field {
        Some(url) => Some(url.to_owned()),
        None if is_redirect => {
            let parsed = headers.get_or_insert_with(|| response_headers(response));
            header_value(parsed, "location")
        }
        None => None,
    };

    let origin = Origin {
        input: state.input,
        har_entry: Some(index),
        url: Some(url.to_owned()),
        method: Some(method.clone()),
        binding: Binding::Raw,
        parameter: None,
        captured_at: started_at,
        http_status: status,
        server_date: None,
    };
    let limits = state.limits;
    let mut captures = Vec::new();
    let mut names_only = Vec::new();
    if let Some(request) = request {
        request_captures(
            state,
            index,
            request,
            url,
            &origin,
            limits,
            &mut captures,
            &mut names_only,
        );
    }
    if let Some(content) = content {
        response_captures(
            state,
            index,
            content,
            mime_type,
            &origin,
            limits,
            &mut captures,
        );
        if let Some(text) = error_page(content, mime_type, url, limits) {
            state.extracted.error_pages.push(ErrorPage {
                har_entry: index,
                url: url.to_owned(),
                text,
            });
        }
    }

    if !captures.is_empty() {
        let parsed = headers.get_or_insert_with(|| response_headers(response));
        let server_date = header(parsed, "date")
            .map(Cow::Borrowed)
            .or_else(|| header_value(parsed, "date").map(Cow::Owned))
            .and_then(|date| parse_http_date(&date));
        for capture in &mut captures {
            capture.origin.server_date = server_date;
        }
        if started_at.is_none() {
            let shown = started_text.unwrap_or("(missing)");
            state.note(
                Some(index),
                format!("startedDateTime {shown:?} is not a valid time"),
            );
        }
    }

    let saml = flow_parameters(&captures, names_only);
    state.extracted.flow.push(FlowEntry {
        index,
        started_at,
        method,
        url: url.to_owned(),
        status,
        status_text: response
            .and_then(|response| response.status_text.as_ref())
            .and_then(Text::as_str)
            .unwrap_or_default()
            .to_owned(),
        mime_type: mime_type.to_owned(),
        time_ms,
        redirect_url,
        saml,
    });
    state.extracted.captures.append(&mut captures);
}

fn response_headers<'a>(
    response: Option<&Response<'a>>,
) -> Vec<(Cow<'a, str>, Option<Cow<'a, str>>)> {
    response
        .and_then(|response| response.headers)
        .map(name_values)
        .unwrap_or_default()
}

/// Messages in the request: the URL's query (Redirect binding) and the form body (POST
/// binding).
#[allow(clippy::too_many_arguments)]
fn request_captures(
    state: &mut ScanState<'_>,
    index: usize,
    request: &Request<'_>,
    url: &str,
    origin: &Origin,
    limits: &Limits,
    captures: &mut Vec<Capture>,
    names_only: &mut Vec<SamlParameter>,
) {
    let query = url
        .split('#')
        .next()
        .unwrap_or(url)
        .split_once('?')
        .map(|(_, query)| query);
    match query {
        Some(query) => {
            if mentions_saml(query.as_bytes()) {
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
        }
        None => {
            // No query in the URL: an exporter that keeps it only in `queryString`.
            if let Some(raw) = request
                .query_string
                .filter(|raw| mentions_saml(raw.get().as_bytes()))
            {
                let pairs = name_values(raw);
                let fields: Vec<FormField<'_>> = pairs
                    .iter()
                    .map(|(name, value)| FormField {
                        name,
                        value: value.as_deref().unwrap_or_default(),
                    })
                    .collect();
                let messages = field_messages(&fields);
                if !messages.is_empty() {
                    state.note(
                        Some(index),
                        "the URL has no query; SAML parameters were taken from \
                             \"queryString\", whose values may differ from what was sent"
                            .to_owned(),
                    );
                }
                for message in messages {
                    captures.push(capture_at(
                        message,
                        origin,
                        Binding::Redirect,
                        Transport::FormEncoded,
                        limits,
                    ));
                }
            }
        }
    }

    let Some(post_data) = request.post_data.as_ref().and_then(Lenient::value) else {
        return;
    };
    let body = post_data
        .text
        .and_then(raw_string)
        .filter(|text| !text.is_empty());
    if let Some(body) = &body {
        if !mentions_saml(body.as_bytes()) {
            return;
        }
        let mime_type = post_data
            .mime_type
            .as_ref()
            .and_then(Text::as_str)
            .unwrap_or_default();
        let messages = field_messages(&parse_query(body));
        if messages.is_empty() {
            state.note(
                Some(index),
                format!(
                    "the request body ({}) mentions SAMLRequest or SAMLResponse \
                     but is not a form body; it was not read",
                    if mime_type.is_empty() {
                        "no type".to_owned()
                    } else {
                        format!("{mime_type:?}")
                    }
                ),
            );
        }
        for message in messages {
            captures.push(capture_at(
                message,
                origin,
                Binding::Post,
                Transport::FormEncoded,
                limits,
            ));
        }
        return;
    }
    // No body text: Chrome's `params` (values as sent) or Firefox's (sometimes decoded,
    // sometimes names only).
    let Some(raw) = post_data
        .params
        .filter(|raw| mentions_saml(raw.get().as_bytes()))
    else {
        return;
    };
    let pairs = name_values(raw);
    for (name, value) in &pairs {
        let Some(parameter) = SamlParameter::from_name(name) else {
            continue;
        };
        let Some(value) = value.as_deref().filter(|value| !value.is_empty()) else {
            names_only.push(parameter);
            state.note(
                Some(index),
                format!(
                    "the POST parameter {name} is listed without its value (the \
                     browser did not record the request body); export the HAR again with \
                     content, or copy the value from the browser's network panel"
                ),
            );
            continue;
        };
        let relay_state = pairs
            .iter()
            .find(|(name, _)| name == "RelayState")
            .and_then(|(_, value)| value.as_deref())
            .map(|value| {
                if decode::has_percent_escape(value) {
                    FormField {
                        name: "RelayState",
                        value,
                    }
                    .decoded_value()
                    .into_owned()
                } else {
                    value.to_owned()
                }
            });
        let transport = if decode::has_percent_escape(value) {
            Transport::FormEncoded
        } else {
            Transport::Plain
        };
        let message = FieldMessage {
            parameter,
            value,
            relay_state,
            redirect_signature: None,
        };
        captures.push(capture_at(
            message,
            origin,
            Binding::Post,
            transport,
            limits,
        ));
    }
}

/// Messages in an HTML response: the hidden inputs of an auto-post form (SAML Bindings
/// §3.5.4). Bodies that are not HTML, or do not mention a SAML parameter, are skipped
/// without being decoded.
fn response_captures(
    state: &mut ScanState<'_>,
    index: usize,
    content: &Content<'_>,
    mime_type: &str,
    origin: &Origin,
    limits: &Limits,
    captures: &mut Vec<Capture>,
) {
    if !is_html(mime_type) {
        return;
    }
    let Some(raw) = content.text else {
        return;
    };
    let is_base64 = content
        .encoding
        .as_ref()
        .and_then(Text::as_str)
        .is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    let decoded_body;
    let html: Cow<'_, str> = if is_base64 {
        let Some(encoded) = raw_string(raw) else {
            return;
        };
        if !base64_may_mention_saml(encoded.as_bytes()) {
            return;
        }
        decoded_body = match decode::base64_lenient(encoded.as_bytes(), limits.decoded_bytes) {
            Ok(body) => body,
            Err(DecodeError::TooLarge { limit }) => {
                state.note(
                    Some(index),
                    format!(
                        "the base64 HTML body is over {limit} bytes decoded and was not searched"
                    ),
                );
                return;
            }
            Err(error) => {
                state.note(
                    Some(index),
                    format!("the base64 HTML body does not decode: {error}"),
                );
                return;
            }
        };
        if !mentions_saml(&decoded_body) {
            return;
        }
        String::from_utf8_lossy(&decoded_body)
    } else {
        if !mentions_saml(raw.get().as_bytes()) {
            return;
        }
        match raw_string(raw) {
            Some(text) => text,
            None => return,
        }
    };
    let fields = html_form_fields(&html);
    for field in &fields {
        let Some(parameter) = SamlParameter::from_name(&field.name) else {
            continue;
        };
        let relay_state = fields
            .iter()
            .find(|other| other.form == field.form && other.name == "RelayState")
            .map(|other| other.value.clone());
        let message = FieldMessage {
            parameter,
            value: &field.value,
            relay_state,
            redirect_signature: None,
        };
        let mut capture = capture_at(message, origin, Binding::HtmlForm, Transport::Plain, limits);
        capture.form_action = field.action.clone();
        captures.push(capture);
    }
}

/// Whether `mime_type` is an HTML type.
pub(crate) fn is_html(mime_type: &str) -> bool {
    mime_type
        .as_bytes()
        .windows(4)
        .any(|word| word.eq_ignore_ascii_case(b"html"))
}

/// The catalogue text of a known AWS error page in an HTML response from an AWS sign-in
/// page (`rules::error_text::find_in_page`). Bodies over [`Limits::error_page_bytes`] are
/// not searched: AWS's error pages are small.
fn error_page(
    content: &Content<'_>,
    mime_type: &str,
    url: &str,
    limits: &Limits,
) -> Option<&'static str> {
    if !is_html(mime_type) || !aws::shows_sign_in_errors(url) {
        return None;
    }
    let raw = content.text?;
    let is_base64 = content
        .encoding
        .as_ref()
        .and_then(Text::as_str)
        .is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    // A JSON string is at least as long as its text; base64 is 4/3 of its bytes.
    let longest = if is_base64 {
        limits.error_page_bytes / 3 * 4 + 4
    } else {
        limits.error_page_bytes
    };
    // JSON escapes make the raw string up to six times its text (`\u00e9`).
    if raw.get().len() > longest.saturating_mul(6) {
        return None;
    }
    // Most pages hold none of the catalogue's words: skip them undecoded.
    if !is_base64 && !crate::rules::error_text::may_appear_in(raw.get().as_bytes()) {
        return None;
    }
    let text = raw_string(raw)?;
    let html: Cow<'_, str> = if is_base64 {
        let decoded = decode::base64_lenient(text.as_bytes(), limits.error_page_bytes).ok()?;
        Cow::Owned(String::from_utf8_lossy(&decoded).into_owned())
    } else {
        if text.len() > limits.error_page_bytes {
            return None;
        }
        text
    };
    crate::rules::error_text::find_in_page(&html).map(|known| known.text)
}

/// Parses an HTTP date (RFC 9110 §5.6.7) with the `time` crate: the preferred
/// IMF-fixdate `Wed, 01 May 2024 12:00:03 GMT`, and the obsolete RFC 850
/// (`Wednesday, 01-May-24 12:00:03 GMT`) and asctime (`Wed May  1 12:00:03 2024`) forms
/// that recipients must also accept. As the RFC says, the format is case-sensitive; a
/// day name that is not the date's is let pass (the date is what is used). RFC 850's
/// two-digit year is read as 1970–2069: the RFC's "more than 50 years in the future"
/// rule needs a clock, and the core reads none.
pub fn parse_http_date(text: &str) -> Option<Timestamp> {
    use time::format_description::BorrowedFormatItem;
    use time::macros::format_description;
    use time::parsing::Parsed;
    const IMF_FIXDATE: &[BorrowedFormatItem<'_>] = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    const RFC_850: &[BorrowedFormatItem<'_>] = format_description!(
        "[weekday], [day]-[month repr:short]-[year repr:last_two] [hour]:[minute]:[second] GMT"
    );
    const ASCTIME: &[BorrowedFormatItem<'_>] = format_description!(
        "[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]"
    );
    let text = text.trim_matches([' ', '\t']).as_bytes();
    let read = |format| {
        let mut parsed = Parsed::new();
        let rest = parsed.parse_items(text, format).ok()?;
        rest.is_empty().then_some(parsed)
    };
    let parsed = match read(IMF_FIXDATE).or_else(|| read(ASCTIME)) {
        Some(parsed) => parsed,
        None => {
            let mut parsed = read(RFC_850)?;
            let short_year = i32::from(parsed.year_last_two()?);
            parsed.set_year(if short_year < 70 {
                2000 + short_year
            } else {
                1900 + short_year
            })?;
            parsed
        }
    };
    let date_time = time::PrimitiveDateTime::try_from(parsed).ok()?;
    Some(Timestamp::from_offset_date_time(date_time.assume_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};

    #[test]
    fn files_without_entries_are_named_for_what_they_lack() {
        let cases = [
            ("{}", "the JSON object has no \"log\" member"),
            (
                r#"{"log":{"version":"1.2"}}"#,
                "\"log\" has no \"entries\" array",
            ),
            (
                "[]",
                "invalid type: sequence, expected a HAR object with a \"log\" member",
            ),
            (r#"{"log":5}"#, "expected the \"log\" object"),
            (
                r#"{"log":{"entries":{}}}"#,
                "expected the log.entries array",
            ),
        ];
        for (json, expected) in cases {
            match scan(0, json.as_bytes(), &Limits::default()) {
                Err(InputError::InvalidHar { message }) => {
                    assert!(message.contains(expected), "{json}: {message}")
                }
                other => panic!("{json}: {:?}", other.map(|_| ())),
            }
        }
    }

    #[test]
    fn saml_names_are_found_in_base64_without_decoding() {
        // SAMLRe encoded at each place in a group of three, as a standard encoder does.
        for (place, pattern) in SAML_NAME_START_BASE64.iter().enumerate() {
            let mut bytes = vec![0u8; place];
            bytes.extend_from_slice(SAML_NAME_START);
            bytes.resize(9, 0);
            let encoded = STANDARD.encode(&bytes);
            let start = place * 4 / 3 + usize::from(place > 0);
            assert_eq!(&encoded.as_bytes()[start..start + pattern.len()], *pattern);
        }
        let page = |before: &str, name: &str| {
            format!("{before}<form method=post><input type=hidden name={name} value=PD94></form>")
        };
        for before in [
            "",
            "a",
            "ab",
            "abc",
            "<html>\n",
            "<html>\r\n",
            "<!DOCTYPE html>",
        ] {
            for name in ["SAMLResponse", "SAMLRequest"] {
                let body = page(before, name);
                assert!(mentions_saml(body.as_bytes()), "{body}");
                for encoded in [STANDARD.encode(&body), URL_SAFE.encode(&body)] {
                    assert!(base64_may_mention_saml(encoded.as_bytes()), "{body}");
                }
            }
            for name in ["RelayState", "SAMLart"] {
                let body = page(before, name);
                assert!(!mentions_saml(body.as_bytes()), "{body}");
                let encoded = STANDARD.encode(&body);
                assert!(!base64_may_mention_saml(encoded.as_bytes()), "{body}");
            }
            // Only a first look: the start of the names is enough to be decoded.
            let body = page(before, "SAMLRedirect");
            assert!(!mentions_saml(body.as_bytes()), "{body}");
            assert!(base64_may_mention_saml(STANDARD.encode(&body).as_bytes()));
        }
        // Wrapped or URL-safe text is decoded to know.
        let body = page("<p>?>?>?>", "RelayState");
        let wrapped = STANDARD.encode(&body).into_bytes();
        let wrapped = wrapped.chunks(16).collect::<Vec<_>>().join(&b"\r\n"[..]);
        assert!(base64_may_mention_saml(&wrapped));
        let url_safe = URL_SAFE.encode(&body);
        assert!(url_safe.contains(['-', '_']), "{url_safe}");
        assert!(base64_may_mention_saml(url_safe.as_bytes()));
    }

    /// Entries and their parts given as arrays are noted and skipped, never read by
    /// position, however deep (found by scripts/measure-hostile-inputs: a million nested
    /// arrays passed for one empty entry).
    #[test]
    fn arrays_are_not_objects() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let redirect = r#"["2024-05-01T12:00:00Z", 1, {"method": "GET", "url": "https://idp.example.test/sso?SAMLRequest=PGEvPg%3D%3D"}]"#;
        let cases = [
            (
                deep.as_str(),
                "the entry is an array, not an object; skipped",
            ),
            (redirect, "the entry is an array, not an object; skipped"),
            (
                r#"{"request": [], "response": {}}"#,
                "\"request\" is an array, not an object",
            ),
            (
                r#"{"request": {}, "response": [200]}"#,
                "\"response\" is an array, not an object",
            ),
        ];
        for (entry, note) in cases {
            let har = format!(r#"{{"log": {{"entries": [{entry}]}}}}"#);
            let extracted = scan(0, har.as_bytes(), &Limits::default()).unwrap();
            assert!(extracted.captures.is_empty(), "{note}");
            assert_eq!(extracted.flow.len(), 1, "{note}");
            let notes: Vec<(Option<usize>, &str)> = extracted
                .notes
                .iter()
                .map(|n| (n.har_entry, n.message.as_str()))
                .collect();
            assert_eq!(notes, [(Some(0), note)]);
        }
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        let expected = Some("2024-05-01T12:00:03Z".to_owned());
        for text in [
            "Wed, 01 May 2024 12:00:03 GMT",
            "Wednesday, 01-May-24 12:00:03 GMT",
            "Wed May  1 12:00:03 2024",
            " Wed, 01 May 2024 12:00:03 GMT\t",
            // The wrong day name for the date: the date counts.
            "Thu, 01 May 2024 12:00:03 GMT",
        ] {
            assert_eq!(
                parse_http_date(text).map(|t| t.to_string()),
                expected,
                "{text}"
            );
        }
        // RFC 850 years: 70 and later are the 1900s.
        assert_eq!(
            parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT").map(|t| t.to_string()),
            Some("1970-01-01T00:00:00Z".to_owned())
        );
        assert_eq!(
            parse_http_date("Thursday, 31-Dec-69 23:59:59 GMT").map(|t| t.to_string()),
            Some("2069-12-31T23:59:59Z".to_owned())
        );
        assert_eq!(
            parse_http_date("Wed Nov 13 09:05:07 2024").map(|t| t.to_string()),
            Some("2024-11-13T09:05:07Z".to_owned())
        );
        for text in [
            "",
            "Wed, 32 May 2024 12:00:03 GMT",
            "Wed, 01 Foo 2024 12:00:03 GMT",
            "Wed, 01 May 2024 25:00:03 GMT",
            "Wed, 01 May 2024 12:00 GMT",
            // Case-sensitive (RFC 9110 §5.6.7), GMT only, a day name.
            "Wed, 01 may 2024 12:00:03 GMT",
            "Wed, 01 May 2024 12:00:03 UTC",
            "Wes, 01 May 2024 12:00:03 GMT",
            "Wed, 01 May 2024 12:00:03 GMT and more",
            "Wed, 1 May 2024 12:00:03 GMT",
            "Wed May 1 12:00:03 2024",
        ] {
            assert_eq!(parse_http_date(text), None, "{text}");
        }
    }
}
