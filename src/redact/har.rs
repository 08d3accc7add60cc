//! The sanitized HAR: the original HAR 1.2 file with every secret replaced, still a
//! HAR that browsers' HAR viewers and this tool open.
//!
//! The walk knows the HAR 1.2 schema and gives every field its rule; what it does not
//! know is never passed through:
//!
//! - SAML messages are replaced by their redacted XML ([`super::xml`]), re-encoded in
//!   the same parameter the same way (POST and HTML forms: base64; Redirect: DEFLATE,
//!   base64 and percent-encoding), so the HAR still shows the same messages. A SAML
//!   value that does not decode becomes [`super::REDACTED_SAML`].
//! - URLs (`url`, `redirectURL`, URL headers, page titles that are URLs): host kept,
//!   path words, parameter names and values by [`super::url`].
//! - Cookies (`Cookie`, `Set-Cookie`, the `cookies` arrays), `Authorization` and other
//!   credential headers, IP-carrying headers and `serverIPAddress`: tokens. Standard
//!   headers keep their names and the protocol words and numbers of their values; a
//!   custom header's name keeps only its protocol words, its value is a token.
//! - Bodies, by what they are: a form body (or any body the HAR reader would read SAML
//!   from) by its parameters; JSON with its keys' protocol words and every value a
//!   token; XML by [`super::xml`]; an HTML page that carries a SAML form is rebuilt as
//!   that form alone; an HTML page showing a text of our catalogue (AWS's "Your request
//!   included an invalid SAML response"...) becomes a page of that text alone, so the
//!   HAR read back still explains the failure (the text is ours, not the page's). Any
//!   other body (another type, an encoding other than base64, base64 that does not
//!   decode, bytes that are not UTF-8, JSON or XML that does not parse as such) is
//!   dropped whole, and the receipt in `log.comment` says which and why.
//! - WebSocket frames (`_webSocketMessages`): JSON text frames as JSON bodies, other
//!   text frames word by word, binary frames dropped whole.
//! - Page titles, `comment` fields, and every field outside HAR 1.2 (`_initiator`,
//!   `_priority` and any other `_` field, at any level): names and strings keep only
//!   their protocol words ([`super::words`]); numbers and booleans are kept.
//! - `log.comment` becomes the receipt: what was replaced, what could not be read.

use super::url::{self, SamlValues};
use super::words::{self, Numbers};
use super::{Category, REDACTED_SAML, Redactor, UnreadAction};
use crate::decode::DecodeError;
use crate::input::{Binding, request_label};
use crate::limits::Limits;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// JSON string values shorter than this are replaced where they stand only.
const SHORT_JSON_VALUE: usize = 10;

/// What replaces a body that may hold anything.
pub const REMOVED_BODY: &str = "[body removed by SAML Inspector's redaction]";

/// What replaces a WebSocket frame that is not text.
pub const REMOVED_FRAME: &str = "[WebSocket frame removed by SAML Inspector's redaction]";

/// Why a HAR could not be sanitized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HarError {
    /// The input is not a JSON document.
    NotJson(String),
}

impl std::fmt::Display for HarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HarError::NotJson(reason) => write!(f, "the HAR is not valid JSON: {reason}"),
        }
    }
}

/// A SAML form of an HTML page, rebuilt from what the HAR reader found in it.
#[derive(Debug, Clone)]
struct Form {
    action: Option<String>,
    /// (parameter, re-encoded redacted value or the marker)
    message: (&'static str, String),
    relay_state: Option<String>,
}

/// Sanitizes the HAR `bytes`. `redactor` should already know the secrets of the
/// analysis of this HAR (from [`super::redact_report`]).
pub fn sanitize(redactor: &mut Redactor, bytes: &[u8]) -> Result<String, HarError> {
    let limits = Limits::default();
    let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut value: Value =
        serde_json::from_slice(json).map_err(|error| HarError::NotJson(error.to_string()))?;
    let mut saml = BTreeMap::new();
    let mut forms: BTreeMap<usize, Vec<Form>> = BTreeMap::new();
    if let Ok(extracted) = crate::input::extract(0, bytes, &limits) {
        for capture in &extracted.captures {
            let entry = capture.origin.har_entry.unwrap_or_default();
            let parameter = capture
                .origin
                .parameter
                .map_or("SAML", |parameter| parameter.as_str());
            let reencoded = match &capture.payload {
                Ok(payload) => {
                    let xml = String::from_utf8_lossy(payload);
                    let place = format!("{}, {parameter}", request_label(entry));
                    let redacted = super::xml::redact_message_xml(redactor, &xml, &place);
                    Some(match capture.origin.binding {
                        Binding::Redirect => STANDARD.encode(
                            miniz_oxide::deflate::compress_to_vec(redacted.as_bytes(), 6),
                        ),
                        _ => STANDARD.encode(redacted.as_bytes()),
                    })
                }
                Err(error) => {
                    redactor.unreadable(
                        &format!("{parameter} value"),
                        &request_label(entry),
                        decode_reason(error),
                        UnreadAction::DroppedWhole,
                    );
                    None
                }
            };
            if capture.origin.binding == Binding::HtmlForm {
                let relay_state = capture
                    .relay_state
                    .as_deref()
                    .map(|relay_state| url::relay_state(redactor, relay_state));
                let action = capture
                    .form_action
                    .as_deref()
                    .map(|action| url::sanitize(redactor, action, &SamlValues::Marker));
                forms.entry(entry).or_default().push(Form {
                    action,
                    message: (
                        parameter,
                        reencoded
                            .clone()
                            .unwrap_or_else(|| REDACTED_SAML.to_owned()),
                    ),
                    relay_state,
                });
            }
            let Some(plain) = reencoded else {
                continue;
            };
            if capture.encoded.is_empty() {
                continue;
            }
            let same_style = if capture.encoded.contains('%') {
                url::percent_encode(&plain, false)
            } else {
                plain.clone()
            };
            let decoded = crate::decode::percent_decode(&capture.encoded, false)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            saml.insert(decoded, plain);
            saml.insert(capture.encoded.clone(), same_style);
        }
    }
    // Twice: the first pass only finds every secret (a cookie may appear in a body
    // before the entry that sets it), the second replaces them all.
    let mut sanitizer = Sanitizer {
        saml,
        forms,
        collecting: true,
    };
    let mut first = value.clone();
    sanitizer.root(redactor, &mut first);
    sanitizer.collecting = false;
    sanitizer.root(redactor, &mut value);
    if let Some(log) = value.get_mut("log").and_then(Value::as_object_mut) {
        log.insert(
            "comment".to_owned(),
            Value::String(receipt_text(&redactor.receipt())),
        );
    }
    // Values kept exactly, but no control or bidi character raw in the text.
    serde_json::to_string_pretty(&value)
        .map(|json| crate::text::harden_json(&json))
        .map_err(|error| HarError::NotJson(error.to_string()))
}

/// The receipt, as one text for `log.comment`.
fn receipt_text(receipt: &super::Receipt) -> String {
    let mut out = String::from("Sanitized by SAML Inspector.");
    for line in &receipt.replaced {
        out.push_str(&format!(" Replaced {} {}.", line.count, line.label));
    }
    for line in &receipt.unread {
        out.push_str(&format!(
            " Could not be read, {}: {} ({}{}): {}.",
            line.action.label(),
            line.what,
            line.places.join(", "),
            if line.more > 0 {
                format!(" and {} more", line.more)
            } else {
                String::new()
            },
            line.reason
        ));
    }
    out
}

/// Why a SAML value did not decode, in our words (the decoder's own message may quote
/// the value's first bytes).
pub fn decode_reason(error: &DecodeError) -> &'static str {
    match error {
        DecodeError::Percent { .. } => "bad percent-encoding",
        DecodeError::Base64 { .. } => "not base64",
        DecodeError::Base64Length { .. } => "base64 cut short (truncated?)",
        DecodeError::Empty => "empty",
        DecodeError::Inflate { .. } => "DEFLATE data that does not inflate",
        DecodeError::TooLarge { .. } | DecodeError::InflatedTooLarge { .. } => {
            "over the decoded-size limit"
        }
        DecodeError::NotXml { .. } => "it decodes to something that is not XML",
    }
}

struct Sanitizer {
    /// Original SAML value as found (and percent-decoded) → redacted, re-encoded.
    saml: BTreeMap<String, String>,
    /// The SAML forms of HTML pages, by HAR entry.
    forms: BTreeMap<usize, Vec<Form>>,
    /// The first pass: register secrets, replace nothing in free text.
    collecting: bool,
}

const CREDENTIAL_WORDS: &[&str] = &[
    "auth",
    "token",
    "secret",
    "session",
    "csrf",
    "xsrf",
    "api-key",
    "apikey",
    "password",
    "signature",
    "credential",
    "security",
    "jwt",
    "key",
];
const IP_HEADERS: &[&str] = &[
    "x-forwarded-for",
    "x-real-ip",
    "forwarded",
    "true-client-ip",
    "cf-connecting-ip",
    "x-client-ip",
    "x-cluster-client-ip",
];
const URL_HEADERS: &[&str] = &[
    "location",
    "referer",
    "origin",
    "content-location",
    "access-control-allow-origin",
    ":path",
];

/// Standard headers (lower case): name kept, value by the vocabulary with every
/// number kept (sizes, ages, dates, versions).
const STANDARD_HEADERS: &[&str] = &[
    ":authority",
    ":method",
    ":scheme",
    ":status",
    "accept",
    "accept-encoding",
    "accept-language",
    "accept-ranges",
    "access-control-allow-credentials",
    "access-control-allow-headers",
    "access-control-allow-methods",
    "access-control-expose-headers",
    "access-control-max-age",
    "access-control-request-headers",
    "access-control-request-method",
    "age",
    "alt-svc",
    "cache-control",
    "connection",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-length",
    "content-range",
    "content-security-policy",
    "content-type",
    "cross-origin-embedder-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
    "date",
    "dnt",
    "etag",
    "expires",
    "host",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "keep-alive",
    "last-modified",
    "permissions-policy",
    "pragma",
    "priority",
    "range",
    "referrer-policy",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "sec-fetch-dest",
    "sec-fetch-mode",
    "sec-fetch-site",
    "sec-fetch-user",
    "server",
    "strict-transport-security",
    "te",
    "timing-allow-origin",
    "transfer-encoding",
    "upgrade",
    "upgrade-insecure-requests",
    "user-agent",
    "vary",
    "via",
    "x-content-type-options",
    "x-frame-options",
    "x-xss-protection",
];

/// The HAR 1.2 fields of each object the walk knows, with their rules.
#[derive(Clone, Copy)]
enum Rule {
    /// A number, boolean or null kept; a string by its words.
    Scalar,
    /// A time (`startedDateTime`, `expires`).
    Time,
    /// A URL.
    Url,
    /// A short text by its words (`method`, `httpVersion`, `statusText`, `mimeType`).
    Words,
    /// A HAR `comment`.
    Comment,
}

impl Sanitizer {
    fn saml_values(&self) -> SamlValues<'_> {
        SamlValues::Map(&self.saml)
    }

    /// Replaces known secrets in what a rule kept (hosts, protocol words), leaving the
    /// re-encoded SAML messages in it intact.
    fn replace(&self, redactor: &mut Redactor, text: &str) -> String {
        if self.collecting {
            return text.to_owned();
        }
        let mut protected = Vec::new();
        let mut shielded = text.to_owned();
        for new in self.saml.values() {
            if new.len() > 16 && shielded.contains(new.as_str()) {
                shielded =
                    shielded.replace(new.as_str(), &format!("\u{1}{}\u{1}", protected.len()));
                protected.push(new.clone());
            }
        }
        let mut out = redactor.replace(&shielded);
        for (index, new) in protected.iter().enumerate().rev() {
            out = out.replace(&format!("\u{1}{index}\u{1}"), new);
        }
        out
    }

    fn root(&self, redactor: &mut Redactor, value: &mut Value) {
        let Value::Object(map) = value else {
            return self.unknown(redactor, value);
        };
        self.object(
            redactor,
            map,
            &|sanitizer, redactor, key, value| match key {
                "log" => {
                    if let Value::Object(log) = value {
                        sanitizer.log(redactor, log);
                    } else {
                        sanitizer.unknown(redactor, value);
                    }
                    true
                }
                _ => false,
            },
        );
    }

    /// Walks an object: `known` handles the fields it knows (returning `true`); every
    /// other field is an extension: its name by its words, its value by
    /// [`Sanitizer::unknown`].
    fn object(
        &self,
        redactor: &mut Redactor,
        map: &mut Map<String, Value>,
        known: &dyn Fn(&Self, &mut Redactor, &str, &mut Value) -> bool,
    ) {
        let fields = std::mem::take(map);
        for (key, mut value) in fields {
            if known(self, redactor, &key, &mut value) {
                map.insert(key, value);
                continue;
            }
            let name = extension_name(redactor, &key);
            self.unknown(redactor, &mut value);
            map.insert(name, value);
        }
    }

    /// A field the walk has a simple rule for.
    fn field(&self, redactor: &mut Redactor, value: &mut Value, rule: Rule) {
        let Value::String(text) = value else {
            return self.unknown(redactor, value);
        };
        *text = match rule {
            Rule::Scalar | Rule::Words => {
                let redacted = words::words(redactor, text, Category::Identifier, Numbers::Small);
                self.replace(redactor, &redacted)
            }
            Rule::Time => words::time(redactor, text, Category::Identifier),
            Rule::Url => {
                let sanitized = url::sanitize(redactor, text, &self.saml_values());
                self.replace(redactor, &sanitized)
            }
            Rule::Comment => {
                if text.trim().is_empty() {
                    return;
                }
                if !redactor.policy.tokens {
                    let redacted = url::text(redactor, text, Category::Identifier);
                    self.replace(redactor, &redacted)
                } else {
                    redactor.count(text, Category::Comment);
                    "redacted".to_owned()
                }
            }
        };
    }

    /// A value outside HAR 1.2 (or of a type the schema does not give it): strings by
    /// their words (a URL keeps its structure), numbers, booleans and null kept, names
    /// of object fields by their words.
    fn unknown(&self, redactor: &mut Redactor, value: &mut Value) {
        match value {
            Value::String(text) => {
                let redacted = url::text(redactor, text, Category::Extension);
                *text = self.replace(redactor, &redacted);
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|item| self.unknown(redactor, item)),
            Value::Object(map) => self.object(redactor, map, &|_, _, _, _| false),
            Value::Number(_) | Value::Bool(_) | Value::Null => {}
        }
    }

    fn log(&self, redactor: &mut Redactor, log: &mut Map<String, Value>) {
        self.object(redactor, log, &|sanitizer, redactor, key, value| {
            match (key, &mut *value) {
                ("version", _) => sanitizer.field(redactor, value, Rule::Words),
                ("creator" | "browser", Value::Object(map)) => {
                    sanitizer.object(redactor, map, &|sanitizer, redactor, key, value| {
                        match key {
                            "name" | "version" => sanitizer.field(redactor, value, Rule::Words),
                            "comment" => sanitizer.field(redactor, value, Rule::Comment),
                            _ => return false,
                        }
                        true
                    })
                }
                ("pages", Value::Array(pages)) => {
                    for page in pages {
                        sanitizer.page(redactor, page);
                    }
                }
                ("entries", Value::Array(entries)) => {
                    for (index, entry) in entries.iter_mut().enumerate() {
                        sanitizer.entry(redactor, index, entry);
                    }
                }
                // Replaced by the receipt at the end.
                ("comment", _) => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    fn page(&self, redactor: &mut Redactor, page: &mut Value) {
        let Value::Object(map) = page else {
            return self.unknown(redactor, page);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match key {
                "startedDateTime" => sanitizer.field(redactor, value, Rule::Time),
                "id" => sanitizer.field(redactor, value, Rule::Words),
                // Browsers write the page's URL; anything else by its words.
                "title" => match value.as_str() {
                    Some(title) if url_like(title) => sanitizer.field(redactor, value, Rule::Url),
                    _ => sanitizer.unknown(redactor, value),
                },
                "pageTimings" => sanitizer.timings(redactor, value),
                "comment" => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    /// `timings`, `pageTimings`, `cache`: numbers kept, the rest by its rule.
    fn timings(&self, redactor: &mut Redactor, value: &mut Value) {
        let Value::Object(map) = value else {
            return self.unknown(redactor, value);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match key {
                "comment" => sanitizer.field(redactor, value, Rule::Comment),
                "expires" | "lastAccess" => sanitizer.field(redactor, value, Rule::Time),
                "beforeRequest" | "afterRequest" => sanitizer.timings(redactor, value),
                "eTag" => sanitizer.field(redactor, value, Rule::Words),
                _ if value.is_number() || value.is_null() => {}
                _ => return false,
            }
            true
        });
    }

    fn entry(&self, redactor: &mut Redactor, index: usize, entry: &mut Value) {
        let Value::Object(map) = entry else {
            return self.unknown(redactor, entry);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match key {
                "pageref" => sanitizer.field(redactor, value, Rule::Words),
                "startedDateTime" => sanitizer.field(redactor, value, Rule::Time),
                "time" | "connection" => sanitizer.field(redactor, value, Rule::Scalar),
                "request" => sanitizer.message(redactor, index, value, false),
                "response" => sanitizer.message(redactor, index, value, true),
                "cache" | "timings" => sanitizer.timings(redactor, value),
                "serverIPAddress" => {
                    if let Value::String(text) = value {
                        let address = text.trim_start_matches('[').trim_end_matches(']');
                        *text = redactor.secret(address, Category::IpAddress);
                    } else {
                        sanitizer.unknown(redactor, value);
                    }
                }
                "comment" => sanitizer.field(redactor, value, Rule::Comment),
                "_webSocketMessages" => sanitizer.frames(redactor, index, value),
                _ => return false,
            }
            true
        });
    }

    /// A `request` or `response` object.
    fn message(&self, redactor: &mut Redactor, index: usize, value: &mut Value, response: bool) {
        let Value::Object(map) = value else {
            return self.unknown(redactor, value);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match (key, &mut *value) {
                ("method", Value::String(text)) => *text = words::method(redactor, text),
                ("url" | "redirectURL", _) => sanitizer.field(redactor, value, Rule::Url),
                ("httpVersion" | "statusText", _) => sanitizer.field(redactor, value, Rule::Words),
                ("status" | "headersSize" | "bodySize", _) => {
                    sanitizer.field(redactor, value, Rule::Scalar)
                }
                ("headers", Value::Array(items)) => {
                    for item in items {
                        sanitizer.header(redactor, item);
                    }
                }
                ("cookies", Value::Array(items)) => {
                    for item in items {
                        sanitizer.cookie(redactor, item);
                    }
                }
                ("queryString", Value::Array(items)) => {
                    for item in items {
                        sanitizer.parameter(redactor, item, false);
                    }
                }
                ("postData", Value::Object(body)) if !response => {
                    sanitizer.body(redactor, index, body, false)
                }
                ("content", Value::Object(body)) if response => {
                    sanitizer.body(redactor, index, body, true)
                }
                ("comment", _) => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    fn header(&self, redactor: &mut Redactor, item: &mut Value) {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Value::Object(map) = item else {
            return self.unknown(redactor, item);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match (key, &mut *value) {
                ("name", Value::String(text)) => {
                    if !STANDARD_HEADERS.contains(&name.as_str()) && !is_special_header(&name) {
                        let redacted =
                            words::words(redactor, text, Category::Identifier, Numbers::Small);
                        *text = sanitizer.replace(redactor, &redacted);
                    }
                }
                ("value", Value::String(text)) => {
                    *text = sanitizer.header_value(redactor, &name, text);
                }
                ("comment", _) => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    fn header_value(&self, redactor: &mut Redactor, name: &str, value: &str) -> String {
        if name == "cookie" {
            return cookie_pairs(redactor, value);
        }
        if name == "set-cookie" {
            return value
                .split('\n')
                .map(|line| match line.split_once(';') {
                    Some((pair, attributes)) => {
                        let attributes =
                            words::words(redactor, attributes, Category::Cookie, Numbers::All);
                        format!("{};{attributes}", cookie_pairs(redactor, pair))
                    }
                    None => cookie_pairs(redactor, line),
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        if name == "authorization" || name == "proxy-authorization" {
            return match value.split_once(' ') {
                Some((scheme, credentials)) => format!(
                    "{} {}",
                    words::words(redactor, scheme, Category::CredentialHeader, Numbers::Small),
                    redactor.secret(credentials, Category::CredentialHeader)
                ),
                None => redactor.secret(value, Category::CredentialHeader),
            };
        }
        if IP_HEADERS.contains(&name) {
            return value
                .split(',')
                .map(|part| redactor.secret(part, Category::IpAddress))
                .collect::<Vec<_>>()
                .join(",");
        }
        if URL_HEADERS.contains(&name) {
            let sanitized = url::sanitize(redactor, value, &self.saml_values());
            return self.replace(redactor, &sanitized);
        }
        if CREDENTIAL_WORDS.iter().any(|word| name.contains(word)) {
            return redactor.secret(value, Category::CredentialHeader);
        }
        if STANDARD_HEADERS.contains(&name) {
            let redacted = words::words(redactor, value, Category::Header, Numbers::All);
            return self.replace(redactor, &redacted);
        }
        // A custom header: its value is whatever the site put there.
        redactor.secret(value, Category::Header)
    }

    fn cookie(&self, redactor: &mut Redactor, item: &mut Value) {
        let Value::Object(map) = item else {
            return self.unknown(redactor, item);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match (key, &mut *value) {
                ("value", Value::String(text)) => *text = redactor.secret(text, Category::Cookie),
                ("name" | "sameSite", _) => sanitizer.field(redactor, value, Rule::Words),
                ("path", Value::String(text)) => {
                    let sanitized = url::sanitize(redactor, text, &SamlValues::Marker);
                    *text = sanitizer.replace(redactor, &sanitized);
                }
                ("domain", Value::String(text)) => *text = sanitizer.replace(redactor, text),
                ("expires", _) => sanitizer.field(redactor, value, Rule::Time),
                ("httpOnly" | "secure", Value::Bool(_)) => {}
                ("comment", _) => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    fn parameter(&self, redactor: &mut Redactor, item: &mut Value, form: bool) {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Value::Object(map) = item else {
            return self.unknown(redactor, item);
        };
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match (key, &mut *value) {
                ("name", Value::String(text)) => *text = url::parameter_name(redactor, text, form),
                ("value", Value::String(text)) => {
                    let encoded =
                        url::parameter(redactor, &name, text, &sanitizer.saml_values(), 0, form);
                    *text = if text.contains('%') || encoded == *text {
                        encoded
                    } else {
                        // The HAR held it decoded: keep it that way.
                        crate::decode::percent_decode(&encoded, form)
                            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                            .unwrap_or(encoded)
                    };
                    *text = sanitizer.replace(redactor, text);
                }
                ("fileName", Value::String(text)) => *text = words::file_name(redactor, text),
                ("contentType", _) => sanitizer.field(redactor, value, Rule::Words),
                ("comment", _) => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    /// `_webSocketMessages`: each frame's `data` by what it is.
    fn frames(&self, redactor: &mut Redactor, index: usize, value: &mut Value) {
        let Value::Array(frames) = value else {
            return self.unknown(redactor, value);
        };
        for frame in frames {
            let binary = frame.get("opcode").and_then(Value::as_u64) == Some(2);
            let Value::Object(map) = frame else {
                self.unknown(redactor, frame);
                continue;
            };
            self.object(redactor, map, &|sanitizer, redactor, key, value| {
                match (key, &mut *value) {
                    ("type", _) => sanitizer.field(redactor, value, Rule::Words),
                    ("time" | "opcode", _) => sanitizer.field(redactor, value, Rule::Scalar),
                    ("data", Value::String(data)) => {
                        *data = if binary {
                            redactor.count(data, Category::Extension);
                            redactor.unreadable(
                                "WebSocket frame",
                                &request_label(index),
                                "binary data",
                                UnreadAction::DroppedWhole,
                            );
                            REMOVED_FRAME.to_owned()
                        } else if let Ok(mut json) = serde_json::from_str::<Value>(data) {
                            sanitizer.json_body(redactor, &mut json);
                            serde_json::to_string(&json).unwrap_or_default()
                        } else {
                            let redacted = url::text(redactor, data, Category::Extension);
                            sanitizer.replace(redactor, &redacted)
                        };
                    }
                    _ => return false,
                }
                true
            });
        }
    }

    /// A `postData` or `content` object: its text by what it is, everything else by
    /// its rule.
    fn body(
        &self,
        redactor: &mut Redactor,
        index: usize,
        map: &mut Map<String, Value>,
        response: bool,
    ) {
        let mime = map
            .get("mimeType")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let encoding = map
            .get("encoding")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let what = if response {
            "response body"
        } else {
            "request body"
        };
        let place = request_label(index);
        if let Some(Value::String(text)) = map.get_mut("text") {
            *text =
                match self.body_text(redactor, index, &mime, encoding.as_deref(), text, response) {
                    Ok(sanitized) => sanitized,
                    Err(reason) => {
                        redactor.count(text, Category::Body);
                        let reason = format!("{reason} ({})", mime_label(redactor, &mime));
                        redactor.unreadable(what, &place, &reason, UnreadAction::DroppedWhole);
                        if encoding.is_some() {
                            STANDARD.encode(REMOVED_BODY)
                        } else {
                            REMOVED_BODY.to_owned()
                        }
                    }
                };
        }
        self.object(redactor, map, &|sanitizer, redactor, key, value| {
            match key {
                // Done above.
                "text" => {}
                "encoding" => {
                    if !matches!(value.as_str(), Some("base64") | None) {
                        *value = Value::String("base64".to_owned());
                    }
                }
                "mimeType" | "compression" | "size" => {
                    sanitizer.field(redactor, value, Rule::Words)
                }
                "params" => {
                    if let Value::Array(items) = value {
                        for item in items {
                            sanitizer.parameter(redactor, item, true);
                        }
                    } else {
                        sanitizer.unknown(redactor, value);
                    }
                }
                "comment" => sanitizer.field(redactor, value, Rule::Comment),
                _ => return false,
            }
            true
        });
    }

    /// A body's new text (encoded as it was), or why it was dropped.
    fn body_text(
        &self,
        redactor: &mut Redactor,
        index: usize,
        mime: &str,
        encoding: Option<&str>,
        text: &str,
        response: bool,
    ) -> Result<String, &'static str> {
        if text.is_empty() {
            return Ok(String::new());
        }
        let decoded = match encoding {
            None => text.to_owned(),
            Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
                let bytes =
                    crate::decode::base64_lenient(text.as_bytes(), Limits::default().input_bytes)
                        .map_err(|_| "base64 that does not decode")?;
                String::from_utf8(bytes).map_err(|_| "binary content")?
            }
            Some(_) => return Err("an encoding redaction does not read"),
        };
        let sanitized = self.decoded_body(redactor, index, mime, &decoded, response)?;
        Ok(if encoding.is_some() {
            STANDARD.encode(sanitized.as_bytes())
        } else {
            sanitized
        })
    }

    fn decoded_body(
        &self,
        redactor: &mut Redactor,
        index: usize,
        mime: &str,
        text: &str,
        response: bool,
    ) -> Result<String, &'static str> {
        if !response && (mime.contains("x-www-form-urlencoded") || reads_saml_from(text)) {
            let sanitized = url::pairs(redactor, text, &self.saml_values(), 0, true);
            return Ok(self.replace(redactor, &sanitized));
        }
        if response && let Some(forms) = self.forms.get(&index) {
            redactor.count(text, Category::Body);
            return Ok(form_page(forms));
        }
        if mime.contains("json") {
            let mut json =
                serde_json::from_str::<Value>(text).map_err(|_| "JSON that does not parse")?;
            self.json_body(redactor, &mut json);
            return Ok(serde_json::to_string(&json).unwrap_or_default());
        }
        if response
            && crate::input::har::is_html(mime)
            && let Some(known) = known_error_page(mime, text)
        {
            redactor.count(text, Category::Body);
            return Ok(known);
        }
        if mime.contains("xml") && !crate::input::har::is_html(mime) {
            crate::xml::parse(text.as_bytes(), &Limits::default())
                .map_err(|_| "XML that does not parse")?;
            let redacted = super::xml::redact_xml(redactor, text);
            return Ok(self.replace(redactor, &redacted));
        }
        if mime.contains("x-www-form-urlencoded") {
            let sanitized = url::pairs(redactor, text, &self.saml_values(), 0, true);
            return Ok(self.replace(redactor, &sanitized));
        }
        if crate::input::har::is_html(mime) {
            return Err("a page redaction does not read field by field");
        }
        Err("a type redaction does not read")
    }

    /// A JSON body: keys by their words, numbers and booleans kept, every string a
    /// token (a URL keeps its structure).
    fn json_body(&self, redactor: &mut Redactor, value: &mut Value) {
        match value {
            Value::String(text) => {
                *text = if url_like(text) {
                    url::sanitize(redactor, text, &self.saml_values())
                } else if text.len() < SHORT_JSON_VALUE {
                    // Replaced here, but not looked for elsewhere: short values such as
                    // `success` or `enabled` would garble every other string.
                    redactor.count(text, Category::Token);
                    redactor.token(text)
                } else {
                    redactor.secret(text, Category::Token)
                };
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|item| self.json_body(redactor, item)),
            Value::Object(map) => {
                let fields = std::mem::take(map);
                for (key, mut item) in fields {
                    self.json_body(redactor, &mut item);
                    let key = words::words(redactor, &key, Category::Identifier, Numbers::Small);
                    map.insert(key, item);
                }
            }
            Value::Number(_) | Value::Bool(_) | Value::Null => {}
        }
    }
}

/// Whether the HAR reader would read a SAML message from this request body (it reads
/// any body with a SAML form field, whatever its type).
fn reads_saml_from(text: &str) -> bool {
    crate::input::parse_query(text)
        .iter()
        .any(|field| field.name_is("SAMLRequest") || field.name_is("SAMLResponse"))
}

fn url_like(text: &str) -> bool {
    let lower = text
        .trim_start()
        .get(..8)
        .unwrap_or_default()
        .to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A MIME type for the receipt: its protocol words only.
fn mime_label(redactor: &mut Redactor, mime: &str) -> String {
    if mime.is_empty() {
        return "no type".to_owned();
    }
    words::words(redactor, mime, Category::Identifier, Numbers::Small)
}

/// The name of a field outside HAR 1.2: a leading `_` kept, the rest by its words.
fn extension_name(redactor: &mut Redactor, key: &str) -> String {
    let (underscore, rest) = match key.strip_prefix('_') {
        Some(rest) => ("_", rest),
        None => ("", key),
    };
    format!(
        "{underscore}{}",
        words::words(redactor, rest, Category::Extension, Numbers::Small)
    )
}

/// Headers handled by name in [`Sanitizer::header_value`]: their names are kept.
fn is_special_header(name: &str) -> bool {
    [
        "cookie",
        "set-cookie",
        "authorization",
        "proxy-authorization",
    ]
    .contains(&name)
        || IP_HEADERS.contains(&name)
        || URL_HEADERS.contains(&name)
}

/// An HTML page holding only the SAML forms the HAR reader found in it (action,
/// message re-encoded, RelayState redacted), and a note of what was removed.
fn form_page(forms: &[Form]) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let mut page = String::from("<!DOCTYPE html><html><body>");
    for form in forms {
        page.push_str("<form method=\"post\"");
        if let Some(action) = &form.action {
            page.push_str(&format!(" action=\"{}\"", escape(action)));
        }
        page.push('>');
        let (parameter, value) = &form.message;
        page.push_str(&format!(
            "<input type=\"hidden\" name=\"{parameter}\" value=\"{}\"/>",
            escape(value)
        ));
        if let Some(relay_state) = &form.relay_state {
            page.push_str(&format!(
                "<input type=\"hidden\" name=\"RelayState\" value=\"{}\"/>",
                escape(relay_state)
            ));
        }
        page.push_str("</form>");
    }
    page.push_str(&format!(
        "<!-- {REMOVED_BODY}: only the SAML form is kept --></body></html>"
    ));
    page
}

/// An HTML page holding only the catalogue text `text` shows (as the HAR reader looks
/// for it: an HTML body within [`Limits::error_page_bytes`]), and a note of what was
/// removed; `None` when it shows none.
fn known_error_page(mime: &str, text: &str) -> Option<String> {
    if !crate::input::har::is_html(mime) || text.len() > Limits::default().error_page_bytes {
        return None;
    }
    let known = crate::rules::error_text::find_in_page(text)?;
    let escaped = known
        .text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Some(format!(
        "<!doctype html><p>{escaped}</p><!-- {REMOVED_BODY}: only the error text it showed is kept -->"
    ))
}

/// `a=1; b=2` with every name by its words and every value a token.
fn cookie_pairs(redactor: &mut Redactor, text: &str) -> String {
    text.split(';')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => format!(
                "{}={}",
                words::words(redactor, name, Category::Cookie, Numbers::Small),
                redactor.secret(value, Category::Cookie)
            ),
            None => redactor.secret(pair, Category::Cookie),
        })
        .collect::<Vec<_>>()
        .join(";")
}
