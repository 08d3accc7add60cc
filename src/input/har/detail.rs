//! The details of one HAR entry ([`RequestDetail`]), read the way the scan reads the
//! file (in place, lenient with types) but only as far as that entry.
//!
//! What browsers write differs, and each shape gives the same details: cookies from the
//! `cookies` arrays, or from the `Cookie` and `Set-Cookie` headers when an exporter left
//! the arrays empty (Safari); form fields from a form body's `postData.text`, or from
//! `postData.params` without text (values percent-decoded when they hold escapes:
//! Chrome writes them as sent, Firefox decoded); bodies as text or base64
//! (`content.encoding`), only the start of them decoded. A HAR reduced by
//! [`super::reduce`](fn@super::reduce) carries what was cut in fields of its own (`_size`, `_nameSize`,
//! `_headersTotal`..., `content._preview`, `_previewCut`, `_binary`), read here so the
//! details of a reduced entry say what the original's say, within
//! [`Limits::har_kept_preview_bytes`] for bodies.

use super::super::detail::{
    BodyKind, BodyPreview, Cookie, DetailError, Field, Listed, RequestBody, RequestDetail,
    SamlField, Timing, base64_decoded_len, base64_prefix, bytes_preview, cookie_header, cut,
    form_fields, is_form, kind_of, query_fields, set_cookie_header, text_preview,
};
use super::entry::{
    Content, Cookie as CookieObject, Entry, Lenient, NameValue, Number, PostData, Request,
    Response, Text, Timings, count, flag, number, text,
};
use super::{EntryReader, raw_string, walk_entries};
use crate::decode;
use crate::input::FormField;
use crate::input::{InputError, InputKind};
use crate::limits::{LimitKind, Limits};
use crate::timestamp::Timestamp;
use serde_json::value::RawValue;

/// The details of entry `index` (0-based, `log.entries`) of HAR `bytes`.
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
    if index >= limits.har_entries {
        return Err(InputError::Limit {
            kind: LimitKind::HarEntries,
            limit: limits.har_entries,
        }
        .into());
    }
    let raw = find_entry(bytes, index, limits)?;
    let entry = serde_json::from_str::<Lenient<Entry<'_>>>(raw.get()).map_err(|error| {
        InputError::InvalidHar {
            message: format!("entry {index}: {error}"),
        }
    })?;
    let mut detail = match entry {
        Lenient::Value(entry) => read_entry(index, &entry, limits),
        Lenient::Wrong(found) => {
            let mut detail = empty_detail(index);
            detail
                .notes
                .push(format!("The entry is {found}, not an object."));
            detail
        }
    };
    // The SAML messages, found by the scan itself on this entry alone: the same
    // captures, in the same order, as in the whole file.
    let single = format!(r#"{{"log":{{"entries":[{}]}}}}"#, raw.get());
    if let Ok(extracted) = super::scan(0, single.as_bytes(), limits) {
        detail.saml = extracted
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
    }
    Ok(detail)
}

/// The raw JSON of entry `index`, read no further than it.
fn find_entry<'de>(
    bytes: &'de [u8],
    index: usize,
    limits: &Limits,
) -> Result<&'de RawValue, DetailError> {
    let mut finder = FindEntry {
        wanted: index,
        found: None,
    };
    let walk = walk_entries(bytes, limits, &mut finder);
    if let Some(raw) = finder.found {
        return Ok(raw);
    }
    let walk = walk?;
    walk.found.entries_or_error()?;
    Err(DetailError::NoSuchRequest {
        index,
        count: walk.entries,
    })
}

/// Skips entries until the wanted one, takes it and stops the walk (by an error that the
/// caller recognises by `found` being set).
struct FindEntry<'de> {
    wanted: usize,
    found: Option<&'de RawValue>,
}

impl<'de> EntryReader<'de> for FindEntry<'de> {
    type Entry = &'de RawValue;

    fn wants(&self, index: usize) -> bool {
        index == self.wanted
    }

    fn entry(&mut self, _index: usize, entry: &'de RawValue) -> Result<(), String> {
        self.found = Some(entry);
        Err("found".to_owned())
    }
}

fn empty_detail(index: usize) -> RequestDetail {
    RequestDetail {
        source: InputKind::Har,
        index,
        started_at: None,
        method: String::new(),
        url: String::new(),
        http_version: None,
        query: Listed::default(),
        status: None,
        status_text: String::new(),
        response_http_version: None,
        request_headers: Listed::default(),
        response_headers: Listed::default(),
        request_cookies: Listed::default(),
        response_cookies: Listed::default(),
        request_body: None,
        response_body: None,
        timing: None,
        saml: Vec::new(),
        notes: Vec::new(),
    }
}

fn read_entry(index: usize, entry: &Entry<'_>, limits: &Limits) -> RequestDetail {
    let mut detail = empty_detail(index);
    detail.started_at = text(&entry.started_date_time).and_then(Timestamp::parse);
    let timings = entry.timings.as_ref().and_then(Lenient::value);
    let total_ms = number(&entry.time);
    if total_ms.is_some() || timings.is_some() {
        let phase = |pick: fn(&Timings) -> &Option<Number>| timings.and_then(|t| number(pick(t)));
        detail.timing = Some(Timing {
            total_ms,
            blocked_ms: phase(|t| &t.blocked),
            dns_ms: phase(|t| &t.dns),
            connect_ms: phase(|t| &t.connect),
            ssl_ms: phase(|t| &t.ssl),
            send_ms: phase(|t| &t.send),
            wait_ms: phase(|t| &t.wait),
            receive_ms: phase(|t| &t.receive),
        });
    }
    match &entry.request {
        Some(Lenient::Value(request)) => read_request(&mut detail, request, limits),
        Some(Lenient::Wrong(found)) => detail.notes.push(format!(
            "The entry's \"request\" is {found}, not an object."
        )),
        None => {}
    }
    match &entry.response {
        Some(Lenient::Value(response)) => read_response(&mut detail, response, limits),
        Some(Lenient::Wrong(found)) => detail.notes.push(format!(
            "The entry's \"response\" is {found}, not an object."
        )),
        None => {}
    }
    detail
}

fn read_request(detail: &mut RequestDetail, request: &Request<'_>, limits: &Limits) {
    detail.method = text(&request.method).unwrap_or_default().to_owned();
    detail.url = text(&request.url).unwrap_or_default().to_owned();
    detail.http_version = text(&request.http_version).map(str::to_owned);
    // The URL's query is what was sent; `queryString` only when the URL has none.
    detail.query = query_fields(&detail.url, limits).unwrap_or_else(|| {
        request.query_string.map_or_else(Listed::default, |raw| {
            fields(raw, count(&request.query_string_total), false, limits)
        })
    });
    detail.request_headers = request.headers.map_or_else(Listed::default, |raw| {
        fields(raw, count(&request.headers_total), false, limits)
    });
    detail.request_cookies = cookies(
        request.cookies,
        count(&request.cookies_total),
        &detail.request_headers,
        "cookie",
        |value, limit| cookie_header(value, limit).collect(),
        limits,
    );
    match &request.post_data {
        Some(Lenient::Value(post_data)) => {
            detail.request_body = Some(request_body(post_data, limits));
        }
        Some(Lenient::Wrong(found)) => detail.notes.push(format!(
            "The request's \"postData\" is {found}, not an object."
        )),
        None => {}
    }
}

fn request_body(post_data: &PostData<'_>, limits: &Limits) -> RequestBody {
    let mime_type = text(&post_data.mime_type).unwrap_or_default().to_owned();
    let body = post_data
        .text
        .and_then(raw_string)
        .filter(|text| !text.is_empty());
    let cut_from =
        count(&post_data.size).filter(|size| body.as_ref().is_some_and(|body| *size > body.len()));
    let mut request_body = RequestBody {
        mime_type,
        fields: Listed::default(),
        text: None,
        cut_from,
    };
    match body {
        Some(body) if is_form(&request_body.mime_type) || looks_like_form(&body) => {
            request_body.fields = form_fields(&body, limits);
        }
        Some(body) => {
            let mut preview = text_preview(
                &request_body.mime_type,
                &body,
                cut_from.map(|size| size as u64),
                limits.body_preview_bytes,
            );
            preview.truncated |= cut_from.is_some();
            request_body.text = Some(preview);
        }
        None => {
            if let Some(raw) = post_data.params {
                request_body.fields = fields(raw, count(&post_data.params_total), true, limits);
            }
        }
    }
    request_body
}

/// A body without a form type that still reads as one (`a=1&b=2`): exporters drop the
/// type of some posts.
fn looks_like_form(body: &str) -> bool {
    let first = body.split('&').next().unwrap_or_default();
    first.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"_-.%[]".contains(&byte))
    }) && !body.contains(['\n', '{', '<'])
}

fn read_response(detail: &mut RequestDetail, response: &Response<'_>, limits: &Limits) {
    detail.status = match &response.status {
        Some(Number::Value(status)) if (1.0..=999.0).contains(status) => Some(*status as u16),
        _ => None,
    };
    detail.status_text = text(&response.status_text).unwrap_or_default().to_owned();
    detail.response_http_version = text(&response.http_version).map(str::to_owned);
    detail.response_headers = response.headers.map_or_else(Listed::default, |raw| {
        fields(raw, count(&response.headers_total), false, limits)
    });
    detail.response_cookies = cookies(
        response.cookies,
        count(&response.cookies_total),
        &detail.response_headers,
        "set-cookie",
        |value, limit| set_cookie_header(value, limit).collect(),
        limits,
    );
    match &response.content {
        Some(Lenient::Value(content)) => {
            let (preview, note) = response_body(content, limits);
            detail.response_body = Some(preview);
            detail.notes.extend(note);
        }
        Some(Lenient::Wrong(found)) => detail.notes.push(format!(
            "The response's \"content\" is {found}, not an object."
        )),
        None => {}
    }
}

/// The preview of a response body, with a note when it could not be read.
fn response_body(content: &Content<'_>, limits: &Limits) -> (BodyPreview, Option<String>) {
    let mime_type = text(&content.mime_type).unwrap_or_default();
    let stated = count(&content.size).map(|size| size as u64);
    let is_base64 =
        text(&content.encoding).is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64"));
    if let Some(body) = content.text.and_then(raw_string) {
        if !is_base64 {
            return (
                text_preview(mime_type, &body, stated, limits.body_preview_bytes),
                None,
            );
        }
        let size = stated.or(Some(base64_decoded_len(&body)));
        if matches!(kind_of(mime_type), Some(BodyKind::Image | BodyKind::Binary)) {
            // Never decoded: only its type and size are shown.
            return (
                bytes_preview(mime_type, &[], size, limits.body_preview_bytes, true),
                None,
            );
        }
        return match base64_prefix(&body, limits.body_preview_bytes.saturating_add(4)) {
            Some((start, complete)) => {
                let partial = !complete;
                (
                    bytes_preview(mime_type, &start, size, limits.body_preview_bytes, partial),
                    None,
                )
            }
            None => (
                BodyPreview {
                    kind: BodyKind::Binary,
                    mime_type: mime_type.to_owned(),
                    size,
                    text: None,
                    truncated: false,
                },
                Some("The response body is marked base64 but does not decode.".to_owned()),
            ),
        };
    }
    if let Some(preview) = content.preview.and_then(raw_string) {
        let partial = flag(&content.preview_cut) == Some(true);
        let body = bytes_preview(
            mime_type,
            preview.as_bytes(),
            stated,
            limits.body_preview_bytes,
            partial,
        );
        return (body, None);
    }
    let kind = match kind_of(mime_type) {
        Some(kind @ (BodyKind::Image | BodyKind::Binary)) => kind,
        _ if flag(&content.binary) == Some(true) => BodyKind::Binary,
        _ if stated == Some(0) => BodyKind::Empty,
        _ => BodyKind::NotRecorded,
    };
    (
        BodyPreview {
            kind,
            mime_type: mime_type.to_owned(),
            size: stated,
            text: None,
            truncated: false,
        },
        None,
    )
}

/// The items of a `name`/`value` array (`headers`, `queryString`, `params`), cut at the
/// limits. With `decode`, names and values holding percent escapes are decoded (form
/// parameters as Chrome writes them).
fn fields(raw: &RawValue, total: Option<usize>, decode: bool, limits: &Limits) -> Listed<Field> {
    let Ok(items) = serde_json::from_str::<Vec<Lenient<NameValue<'_>>>>(raw.get()) else {
        return Listed::default();
    };
    let limit = limits.detail_value_bytes;
    let fields = items.iter().filter_map(Lenient::value).map(|item| {
        let name = text(&item.name).unwrap_or_default();
        let value = text(&item.value).unwrap_or_default();
        let mut field =
            if decode && (decode::has_percent_escape(name) || decode::has_percent_escape(value)) {
                let form = FormField { name, value };
                Field::new(&form.decoded_name(), &form.decoded_value(), limit)
            } else {
                Field::new(name, value, limit)
            };
        // A reduced HAR says how long what it cut was.
        if let Some(size) = count(&item.size).filter(|size| *size > field.value.len()) {
            field.cut_from = Some(size);
        }
        if let Some(size) = count(&item.name_size).filter(|size| *size > field.name.len()) {
            field.name_cut_from = Some(size);
        }
        field
    });
    Listed::cut(fields.collect::<Vec<_>>(), limits.detail_fields, total)
}

/// The items of a `cookies` array, cut at the limits; when it has none (Safari), those
/// that `read` finds in the `headers` called `header`.
fn cookies(
    raw: Option<&RawValue>,
    total: Option<usize>,
    headers: &Listed<Field>,
    header: &str,
    read: fn(&str, usize) -> Vec<Cookie>,
    limits: &Limits,
) -> Listed<Cookie> {
    let listed = raw.map_or_else(Listed::default, |raw| cookie_objects(raw, total, limits));
    if !listed.items.is_empty() || listed.more != 0 {
        return listed;
    }
    let from_headers = headers
        .items
        .iter()
        .filter(|item| item.name.eq_ignore_ascii_case(header))
        .flat_map(|item| read(&item.value, limits.detail_value_bytes));
    Listed::cut(from_headers.collect::<Vec<_>>(), limits.detail_fields, None)
}

/// The items of a `cookies` array, cut at the limits.
fn cookie_objects(raw: &RawValue, total: Option<usize>, limits: &Limits) -> Listed<Cookie> {
    let Ok(items) = serde_json::from_str::<Vec<Lenient<CookieObject<'_>>>>(raw.get()) else {
        return Listed::default();
    };
    let limit = limits.detail_value_bytes;
    let cookies = items.iter().filter_map(Lenient::value).map(|item| {
        let mut cookie = Cookie::new(
            text(&item.name).unwrap_or_default(),
            text(&item.value).unwrap_or_default(),
            limit,
        );
        if let Some(size) = count(&item.size).filter(|size| *size > cookie.value.len()) {
            cookie.cut_from = Some(size);
        }
        if let Some(size) = count(&item.name_size).filter(|size| *size > cookie.name.len()) {
            cookie.name_cut_from = Some(size);
        }
        let attribute = |value: &Option<Text<'_>>| text(value).map(|value| cut(value, limit).0);
        cookie.path = attribute(&item.path);
        cookie.domain = attribute(&item.domain);
        cookie.expires = attribute(&item.expires);
        cookie.same_site = attribute(&item.same_site);
        cookie.http_only = flag(&item.http_only);
        cookie.secure = flag(&item.secure);
        cookie
    });
    Listed::cut(cookies.collect::<Vec<_>>(), limits.detail_fields, total)
}
