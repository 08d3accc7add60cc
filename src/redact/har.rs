//! The sanitized HAR: the original HAR 1.2 file with every secret replaced, still a
//! HAR that browsers' HAR viewers and this tool open.
//!
//! - SAML messages are replaced by their redacted XML ([`super::xml`]), re-encoded in
//!   the same parameter the same way (POST and HTML forms: base64; Redirect: DEFLATE,
//!   base64 and percent-encoding), so the HAR still shows the same messages.
//! - Cookies (`Cookie`, `Set-Cookie`, the `cookies` arrays), `Authorization` and other
//!   credential headers, IP-carrying headers and `serverIPAddress`: tokens.
//! - URLs, query strings and form bodies: names kept, values redacted ([`super::url`]).
//! - JSON bodies: keys kept, every string value a token (URLs keep their structure).
//! - Other response bodies are kept only when they carry a SAML message (the IdP's
//!   auto-post page); any other HTML, text or binary body is removed, since it may hold
//!   anything. An error page showing a text of our catalogue (AWS's "Your request
//!   included an invalid SAML response"...) becomes a page of that text alone, so the
//!   HAR read back still explains the failure: the text is ours, not the page's.
//! - `comment` fields: replaced.
//! - Every other string: every secret known from the analysis replaced.

use super::url::{self, SamlValues};
use super::{Category, Redactor};
use crate::input::Binding;
use crate::limits::Limits;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use std::collections::BTreeMap;

/// JSON string values shorter than this are replaced where they stand only.
const SHORT_JSON_VALUE: usize = 10;

/// What replaces a response body that may hold anything.
pub const REMOVED_BODY: &str = "[response body removed by SAML Inspector's redaction]";

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

/// Sanitizes the HAR `bytes`. `redactor` should already know the secrets of the
/// analysis of this HAR (from [`super::redact_report`]).
pub fn sanitize(redactor: &mut Redactor, bytes: &[u8]) -> Result<String, HarError> {
    let limits = Limits::default();
    let mut value: Value =
        serde_json::from_slice(bytes).map_err(|error| HarError::NotJson(error.to_string()))?;
    let mut saml = BTreeMap::new();
    if let Ok(extracted) = crate::input::extract(0, bytes, &limits) {
        for capture in &extracted.captures {
            let Ok(payload) = &capture.payload else {
                continue;
            };
            if capture.encoded.is_empty() {
                continue;
            }
            let xml = String::from_utf8_lossy(payload);
            let redacted = super::xml::redact_xml(redactor, &xml);
            let plain = match capture.origin.binding {
                Binding::Redirect => STANDARD.encode(miniz_oxide::deflate::compress_to_vec(
                    redacted.as_bytes(),
                    6,
                )),
                _ => STANDARD.encode(redacted.as_bytes()),
            };
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
        collecting: true,
    };
    let mut first = value.clone();
    sanitizer.walk(redactor, &mut first, "");
    sanitizer.collecting = false;
    sanitizer.walk(redactor, &mut value, "");
    serde_json::to_string_pretty(&value).map_err(|error| HarError::NotJson(error.to_string()))
}

struct Sanitizer {
    /// Original SAML value as found (and percent-decoded) → redacted, re-encoded.
    saml: BTreeMap<String, String>,
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
const URL_HEADERS: &[&str] = &["location", "referer", "origin", "content-location"];

impl Sanitizer {
    fn saml_values(&self) -> SamlValues<'_> {
        SamlValues::Map(&self.saml)
    }

    /// Replaces secrets in `text`, leaving the re-encoded SAML messages in it intact.
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

    /// Replaces the original SAML values found in free text (an auto-post page).
    fn swap_saml(&self, text: &str) -> String {
        let mut out = text.to_owned();
        let mut originals: Vec<(&String, &String)> = self.saml.iter().collect();
        originals.sort_by_key(|(original, _)| std::cmp::Reverse(original.len()));
        for (original, new) in originals {
            if original.len() > 16 && out.contains(original.as_str()) {
                out = out.replace(original.as_str(), new);
            }
        }
        out
    }

    fn walk(&self, redactor: &mut Redactor, value: &mut Value, key: &str) {
        match value {
            Value::String(text) => *text = self.string(redactor, key, text),
            Value::Array(items) => {
                for item in items {
                    match key {
                        "headers" => self.header(redactor, item),
                        "cookies" => self.cookie(redactor, item),
                        "queryString" | "params" => self.parameter(redactor, item, key == "params"),
                        _ => self.walk(redactor, item, key),
                    }
                }
            }
            Value::Object(map) => {
                if key == "postData" || key == "content" {
                    self.body(redactor, map, key == "content");
                }
                for (name, item) in map.iter_mut() {
                    if (key == "postData" || key == "content") && name == "text" {
                        continue;
                    }
                    self.walk(redactor, item, name);
                }
            }
            _ => {}
        }
    }

    fn string(&self, redactor: &mut Redactor, key: &str, text: &str) -> String {
        match key {
            "url" | "redirectURL" => {
                let sanitized = url::sanitize(redactor, text, &self.saml_values());
                self.replace(redactor, &sanitized)
            }
            "comment" if !text.trim().is_empty() => {
                if !redactor.policy.tokens {
                    return self.replace(redactor, text);
                }
                redactor.count(text, Category::Comment);
                "redacted".to_owned()
            }
            "serverIPAddress" => {
                let address = text.trim_start_matches('[').trim_end_matches(']');
                redactor.secret(address, Category::IpAddress)
            }
            _ => self.replace(redactor, text),
        }
    }

    fn header(&self, redactor: &mut Redactor, item: &mut Value) {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(Value::String(value)) = item.get_mut("value") else {
            return self.walk(redactor, item, "header");
        };
        *value = if name == "cookie" {
            cookie_pairs(redactor, value)
        } else if name == "set-cookie" {
            value
                .split('\n')
                .map(|line| match line.split_once(';') {
                    Some((pair, attributes)) => {
                        format!("{};{attributes}", cookie_pairs(redactor, pair))
                    }
                    None => cookie_pairs(redactor, line),
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else if name == "authorization" || name == "proxy-authorization" {
            match value.split_once(' ') {
                Some((scheme, credentials)) => format!(
                    "{scheme} {}",
                    redactor.secret(credentials, Category::CredentialHeader)
                ),
                None => redactor.secret(value, Category::CredentialHeader),
            }
        } else if IP_HEADERS.contains(&name.as_str()) {
            value
                .split(',')
                .map(|part| redactor.secret(part, Category::IpAddress))
                .collect::<Vec<_>>()
                .join(",")
        } else if URL_HEADERS.contains(&name.as_str()) {
            let sanitized = url::sanitize(redactor, value, &self.saml_values());
            self.replace(redactor, &sanitized)
        } else if CREDENTIAL_WORDS.iter().any(|word| name.contains(word)) {
            redactor.secret(value, Category::CredentialHeader)
        } else {
            self.replace(redactor, value)
        };
        if let Some(Value::String(comment)) = item.get_mut("comment") {
            *comment = self.string(redactor, "comment", comment);
        }
    }

    fn cookie(&self, redactor: &mut Redactor, item: &mut Value) {
        if let Some(Value::String(value)) = item.get_mut("value") {
            *value = redactor.secret(value, Category::Cookie);
        }
        if let Value::Object(map) = item {
            for (name, field) in map.iter_mut() {
                if name != "value" {
                    self.walk(redactor, field, name);
                }
            }
        }
    }

    fn parameter(&self, redactor: &mut Redactor, item: &mut Value, form: bool) {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(Value::String(value)) = item.get_mut("value") {
            let encoded = url::parameter(redactor, &name, value, &self.saml_values(), 0, form);
            *value = if value.contains('%') || encoded == *value {
                encoded
            } else {
                // The HAR held it decoded: keep it that way.
                crate::decode::percent_decode(&encoded, form)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or(encoded)
            };
        }
        if let Value::Object(map) = item {
            for (key, field) in map.iter_mut() {
                if key != "value" {
                    self.walk(redactor, field, key);
                }
            }
        }
    }

    /// A `postData` or `content` object's `text`, by its MIME type and encoding.
    fn body(
        &self,
        redactor: &mut Redactor,
        map: &mut serde_json::Map<String, Value>,
        response: bool,
    ) {
        let mime = map
            .get("mimeType")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let base64 = map.get("encoding").and_then(Value::as_str) == Some("base64");
        let Some(Value::String(text)) = map.get_mut("text") else {
            return;
        };
        let decoded = if base64 {
            match crate::decode::base64_lenient(text.as_bytes(), Limits::default().input_bytes) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(_) => {
                    redactor.count(text, Category::Body);
                    *text = STANDARD.encode(REMOVED_BODY);
                    return;
                }
            }
        } else {
            text.clone()
        };
        let sanitized = self.body_text(redactor, &mime, &decoded, response);
        *text = if base64 {
            STANDARD.encode(sanitized.as_bytes())
        } else {
            sanitized
        };
    }

    fn body_text(&self, redactor: &mut Redactor, mime: &str, text: &str, response: bool) -> String {
        if text.is_empty() {
            return String::new();
        }
        if mime.contains("x-www-form-urlencoded") {
            let sanitized = url::pairs(redactor, text, &self.saml_values(), 0, true);
            return self.replace(redactor, &sanitized);
        }
        if mime.contains("json")
            && let Ok(mut json) = serde_json::from_str::<Value>(text)
        {
            self.json_body(redactor, &mut json);
            return serde_json::to_string(&json).unwrap_or_default();
        }
        let swapped = self.swap_saml(text);
        let carries_saml = swapped != text;
        if response && !carries_saml {
            redactor.count(text, Category::Body);
            if let Some(known) = known_error_page(mime, text) {
                return known;
            }
            return REMOVED_BODY.to_owned();
        }
        let replaced = self.replace(redactor, &swapped);
        if carries_saml {
            replaced
        } else {
            super::xml::redact_long_base64(redactor, &replaced)
        }
    }

    /// A JSON body: keys kept, numbers and booleans kept, every string a token (a URL
    /// keeps its structure).
    fn json_body(&self, redactor: &mut Redactor, value: &mut Value) {
        match value {
            Value::String(text) => {
                *text = if text.starts_with("http://") || text.starts_with("https://") {
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
            Value::Object(map) => map
                .values_mut()
                .for_each(|item| self.json_body(redactor, item)),
            _ => {}
        }
    }
}

/// `a=1; b=2` with every value a token.
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

fn cookie_pairs(redactor: &mut Redactor, text: &str) -> String {
    text.split(';')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => format!("{name}={}", redactor.secret(value, Category::Cookie)),
            None => redactor.secret(pair, Category::Cookie),
        })
        .collect::<Vec<_>>()
        .join(";")
}
