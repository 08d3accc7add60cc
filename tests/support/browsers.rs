//! One made-up sign-in exported as a HAR by each browser family, in the shapes they
//! write (HAR 1.2 plus their own habits), for the tests of request details
//! (`tests/har_detail.rs`) and of HAR reduction (`tests/har_reduce.rs`), which include
//! this file with `#[path]`.
//!
//! Where the exporters differ, as seen in their exports:
//! - Chrome: `_initiator`, `_priority`, `_resourceType` on entries; HTTP/2 pseudo-headers
//!   (`:authority`...); `cookies` arrays with every attribute; `postData` with both
//!   `text` and `params` (values as sent, percent-encoded); `timings` with `_` extras
//!   (`_blocked_queueing`); an empty `statusText` over HTTP/2; some text bodies in base64.
//! - Firefox: `cookies` with name and value (and attributes for set cookies);
//!   `postData.params` with decoded values beside `text`; only the seven HAR timings;
//!   binary bodies in base64.
//! - Safari: empty `cookies` arrays (the cookies are only in the headers); `postData`
//!   with `text` and empty `params`; -1 for the phases that did not happen; `_fetchType`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chrome,
    Firefox,
    Safari,
}

pub const BROWSERS: [Browser; 3] = [Browser::Chrome, Browser::Firefox, Browser::Safari];

/// The login page's HTML.
pub const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method=\"post\" action=\"/login\"><input name=\"username\"><input type=\"password\" name=\"password\"></form></body></html>";
/// The JSON the SP's API answers once signed in.
pub const PROFILE_JSON: &str =
    r#"{"user":"alice@example.org","groups":["reports-readers"],"note":"é ✓"}"#;
/// A PNG's first bytes and some more: 67 bytes.
pub const LOGO: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\nIDATx\x9cc\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xaeB`\x82";
pub const PASSWORD: &str = "correct horse+battery";

/// A small unsigned Response, as the IdP's auto-post page carries it.
pub fn response_xml() -> String {
    r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2024-05-01T12:00:03Z" Destination="https://sp.example.net/saml/acs"><saml:Issuer>https://idp.example.org/saml2/idp</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>"#.to_owned()
}

fn form_encode(value: &str) -> String {
    let mut encoded = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                encoded.push(char::from(byte));
            }
            b' ' => encoded.push('+'),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

fn headers(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect(),
    )
}

/// The sign-in as `browser` exports it: the login page, the login form POST answered
/// by the auto-post page, the POST to the SP's ACS, the SP's logo, its API.
pub fn har(browser: Browser) -> Vec<u8> {
    let saml = BASE64.encode(response_xml());
    let auto_post = format!(
        "<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"https://sp.example.net/saml/acs\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{saml}\"/><input type=\"hidden\" name=\"RelayState\" value=\"/app\"/></form></body></html>"
    );
    let login_body = format!(
        "username=alice%40example.org&password={}",
        form_encode(PASSWORD)
    );
    let acs_body = format!("SAMLResponse={}&RelayState=%2Fapp", form_encode(&saml));
    let h2 = browser == Browser::Chrome;
    let version = match browser {
        Browser::Chrome => "http/2.0",
        Browser::Firefox => "HTTP/2",
        Browser::Safari => "h2",
    };
    let status_text = |text: &'static str| if h2 { "" } else { text };

    struct Request {
        method: &'static str,
        url: &'static str,
        cookie: Option<&'static str>,
        body: Option<String>,
        status: u16,
        status_text: &'static str,
        set_cookie: Option<&'static str>,
        location: Option<&'static str>,
        mime_type: &'static str,
        content: Vec<u8>,
    }
    let requests = [
        Request {
            method: "GET",
            url: "https://idp.example.org/login?next=%2Fapp&lang=en",
            cookie: None,
            body: None,
            status: 200,
            status_text: status_text("OK"),
            set_cookie: Some("idp_flow=7c2e9b41a0; Path=/; Secure; HttpOnly; SameSite=Lax"),
            location: None,
            mime_type: "text/html; charset=utf-8",
            content: LOGIN_PAGE.as_bytes().to_vec(),
        },
        Request {
            method: "POST",
            url: "https://idp.example.org/login",
            cookie: Some("idp_flow=7c2e9b41a0; idp_lang=en"),
            body: Some(login_body),
            status: 200,
            status_text: status_text("OK"),
            set_cookie: Some("idp_session=a81f3e6c5d2b; Path=/; Secure; HttpOnly"),
            location: None,
            mime_type: "text/html",
            content: auto_post.into_bytes(),
        },
        Request {
            method: "POST",
            url: "https://sp.example.net/saml/acs",
            cookie: None,
            body: Some(acs_body),
            status: 302,
            status_text: status_text("Found"),
            set_cookie: Some("sp_session=5e0a7d3f91c4; Path=/; Secure; HttpOnly; SameSite=Lax"),
            location: Some("https://sp.example.net/app"),
            mime_type: "text/html",
            content: Vec::new(),
        },
        Request {
            method: "GET",
            url: "https://sp.example.net/logo.png",
            cookie: Some("sp_session=5e0a7d3f91c4"),
            body: None,
            status: 200,
            status_text: status_text("OK"),
            set_cookie: None,
            location: None,
            mime_type: "image/png",
            content: LOGO.to_vec(),
        },
        Request {
            method: "GET",
            url: "https://sp.example.net/api/me",
            cookie: Some("sp_session=5e0a7d3f91c4"),
            body: None,
            status: 200,
            status_text: status_text("OK"),
            set_cookie: None,
            location: None,
            mime_type: "application/json",
            content: PROFILE_JSON.as_bytes().to_vec(),
        },
    ];

    let mut entries = Vec::new();
    for (number, request) in requests.iter().enumerate() {
        let host = request.url.split('/').nth(2).unwrap_or_default();
        let mut request_headers: Vec<(&str, &str)> = Vec::new();
        if h2 {
            request_headers.extend([
                (":authority", host),
                (":method", request.method),
                (":scheme", "https"),
            ]);
        } else {
            request_headers.push(("Host", host));
        }
        request_headers.push(("User-Agent", "Mozilla/5.0 (made up)"));
        if let Some(cookie) = request.cookie {
            request_headers.push((if h2 { "cookie" } else { "Cookie" }, cookie));
        }
        if request.body.is_some() {
            request_headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        }
        let mut response_headers: Vec<(&str, &str)> = vec![
            ("Date", "Wed, 01 May 2024 12:00:03 GMT"),
            ("Content-Type", request.mime_type),
        ];
        if let Some(location) = request.location {
            response_headers.push(("Location", location));
        }
        if let Some(set_cookie) = request.set_cookie {
            response_headers.push(("Set-Cookie", set_cookie));
        }
        let request_cookies: Vec<Value> = match (browser, request.cookie) {
            (Browser::Safari, _) | (_, None) => Vec::new(),
            (_, Some(cookie)) => cookie
                .split("; ")
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    if browser == Browser::Chrome {
                        json!({"name": name, "value": value, "path": "/", "domain": host, "expires": "2024-06-01T12:00:00.000Z", "httpOnly": true, "secure": true, "sameSite": "Lax"})
                    } else {
                        json!({"name": name, "value": value})
                    }
                })
                .collect(),
        };
        let response_cookies: Vec<Value> = match (browser, request.set_cookie) {
            (Browser::Safari, _) | (_, None) => Vec::new(),
            (_, Some(set_cookie)) => {
                let (pair, _) = set_cookie.split_once(';').unwrap_or((set_cookie, ""));
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let same_site = set_cookie.split("SameSite=").nth(1);
                let mut cookie = json!({"name": name, "value": value, "path": "/", "httpOnly": true, "secure": true});
                if let Some(same_site) = same_site {
                    cookie["sameSite"] = json!(same_site);
                }
                vec![cookie]
            }
        };
        let text_body = std::str::from_utf8(&request.content).ok();
        let base64 = match browser {
            Browser::Chrome => {
                request.mime_type.starts_with("image/") || request.mime_type == "application/json"
            }
            Browser::Firefox | Browser::Safari => text_body.is_none(),
        };
        let mut content = json!({"size": request.content.len(), "mimeType": request.mime_type});
        if !request.content.is_empty() {
            if base64 {
                content["text"] = json!(BASE64.encode(&request.content));
                content["encoding"] = json!("base64");
            } else {
                content["text"] = json!(text_body.unwrap_or_default());
            }
        }
        if browser == Browser::Chrome {
            content["compression"] = json!(0);
        }
        let query: Vec<Value> = request
            .url
            .split_once('?')
            .map(|(_, query)| {
                query
                    .split('&')
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        json!({"name": name, "value": value})
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut har_request = json!({
            "method": request.method,
            "url": request.url,
            "httpVersion": version,
            "headers": headers(&request_headers),
            "queryString": query,
            "cookies": request_cookies,
            "headersSize": -1,
            "bodySize": request.body.as_ref().map_or(0, String::len),
        });
        if let Some(body) = &request.body {
            let params: Vec<Value> = match browser {
                Browser::Safari => Vec::new(),
                _ => body
                    .split('&')
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        let value = if browser == Browser::Firefox {
                            // Firefox lists the values decoded.
                            String::from_utf8(percent_decode(value)).unwrap_or_default()
                        } else {
                            value.to_owned()
                        };
                        json!({"name": name, "value": value})
                    })
                    .collect(),
            };
            har_request["postData"] = json!({
                "mimeType": "application/x-www-form-urlencoded",
                "text": body,
                "params": params,
            });
        }
        let timings = match browser {
            Browser::Chrome => {
                json!({"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 40.5, "receive": 2.2, "_blocked_queueing": 0.9, "_workerStart": -1})
            }
            Browser::Firefox => {
                json!({"blocked": 1.2, "dns": 0, "connect": 0, "ssl": 0, "send": 0.1, "wait": 40.5, "receive": 2.2})
            }
            Browser::Safari => {
                json!({"blocked": 1.2, "dns": -1, "connect": -1, "ssl": -1, "send": 0.1, "wait": 40.5, "receive": 2.2})
            }
        };
        let mut entry = json!({
            "startedDateTime": format!("2024-05-01T12:00:0{number}.250Z"),
            "time": 44.0,
            "request": har_request,
            "response": {
                "status": request.status,
                "statusText": request.status_text,
                "httpVersion": version,
                "headers": headers(&response_headers),
                "cookies": response_cookies,
                "content": content,
                "redirectURL": request.location.unwrap_or_default(),
                "headersSize": -1,
                "bodySize": request.content.len(),
            },
            "cache": {},
            "timings": timings,
        });
        match browser {
            Browser::Chrome => {
                entry["_initiator"] = json!({"type": "other"});
                entry["_priority"] = json!("VeryHigh");
                entry["_resourceType"] = json!("document");
            }
            Browser::Firefox => entry["_securityState"] = json!("secure"),
            Browser::Safari => entry["_fetchType"] = json!("Network Load"),
        }
        entries.push(entry);
    }
    let creator = match browser {
        Browser::Chrome => "WebInspector",
        Browser::Firefox => "Firefox",
        Browser::Safari => "WebKit Web Inspector",
    };
    serde_json::to_vec_pretty(&json!({"log": {"version": "1.2", "creator": {"name": creator, "version": "1"}, "pages": [], "entries": entries}}))
        .expect("JSON")
}

fn percent_decode(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut decoded = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        match bytes[position] {
            b'+' => decoded.push(b' '),
            b'%' if position + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[position + 1..position + 3]).unwrap_or("00");
                decoded.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                position += 2;
            }
            byte => decoded.push(byte),
        }
        position += 1;
    }
    decoded
}
