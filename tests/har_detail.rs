//! `input::request_detail` on HARs: one sign-in exported by Chrome, Firefox and Safari
//! (their shapes differ in cookies, `postData.params` and `text`, `_` fields, timings,
//! and base64 bodies; see `tests/support/browsers.rs`) gives the same details; binary
//! bodies give their type and size, never their bytes; hostile values are bounded and
//! kept as data; SAML parameters link to the messages the analysis made of them.

#[allow(dead_code)]
#[path = "support/browsers.rs"]
mod browsers;

use browsers::{BROWSERS, Browser, LOGIN_PAGE, LOGO, PASSWORD, PROFILE_JSON};
use saml_inspector::input::detail::{BodyKind, Cookie, DetailError, Field};
use saml_inspector::input::{
    Binding, InputError, InputKind, RequestDetail, SamlParameter, request_detail,
};
use saml_inspector::{Input, Limits, Options, Timestamp, analyze};

fn detail(har: &[u8], index: usize) -> RequestDetail {
    request_detail(har, index, &Limits::default())
        .unwrap_or_else(|error| panic!("entry {index}: {error}"))
}

fn pairs(fields: &[Field]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|field| (field.name.as_str(), field.value.as_str()))
        .collect()
}

fn cookies(cookies: &[Cookie]) -> Vec<(&str, &str)> {
    cookies
        .iter()
        .map(|cookie| (cookie.name.as_str(), cookie.value.as_str()))
        .collect()
}

#[test]
fn every_browser_shape_gives_the_same_details() {
    for browser in BROWSERS {
        let har = browsers::har(browser);
        let name = format!("{browser:?}");

        let page = detail(&har, 0);
        assert_eq!(page.source, InputKind::Har, "{name}");
        assert_eq!(
            (page.method.as_str(), page.status),
            ("GET", Some(200)),
            "{name}"
        );
        assert_eq!(
            pairs(&page.query.items),
            [("next", "/app"), ("lang", "en")],
            "{name}: decoded"
        );
        assert_eq!(
            page.started_at,
            Timestamp::parse("2024-05-01T12:00:00.250Z"),
            "{name}"
        );
        let timing = page.timing.expect("timings");
        assert_eq!(
            (timing.total_ms, timing.wait_ms, timing.receive_ms),
            (Some(44.0), Some(40.5), Some(2.2)),
            "{name}"
        );
        let body = page.response_body.as_ref().expect("a body");
        assert_eq!(
            (body.kind, body.text.as_deref(), body.truncated),
            (BodyKind::Html, Some(LOGIN_PAGE), false),
            "{name}"
        );
        assert_eq!(body.size, Some(LOGIN_PAGE.len() as u64), "{name}");
        let set = &page.response_cookies.items;
        assert_eq!(cookies(set), [("idp_flow", "7c2e9b41a0")], "{name}");
        assert_eq!(
            (set[0].path.as_deref(), set[0].http_only, set[0].secure),
            (Some("/"), Some(true), Some(true)),
            "{name}"
        );
        assert_eq!(set[0].same_site.as_deref(), Some("Lax"), "{name}");

        let login = detail(&har, 1);
        assert_eq!(
            cookies(&login.request_cookies.items),
            [("idp_flow", "7c2e9b41a0"), ("idp_lang", "en")],
            "{name}"
        );
        let form = login.request_body.as_ref().expect("a form body");
        assert_eq!(
            form.mime_type, "application/x-www-form-urlencoded",
            "{name}"
        );
        assert_eq!(
            pairs(&form.fields.items),
            [("username", "alice@example.org"), ("password", PASSWORD)],
            "{name}"
        );
        // The auto-post page the login answered with: its message, and its source.
        assert_eq!(login.saml.len(), 1, "{name}");
        assert_eq!(
            (login.saml[0].parameter, login.saml[0].binding),
            (SamlParameter::SamlResponse, Binding::HtmlForm),
            "{name}"
        );
        let page_source = login
            .response_body
            .as_ref()
            .and_then(|body| body.text.as_deref())
            .expect("HTML source");
        assert!(page_source.contains("name=\"SAMLResponse\""), "{name}");

        let acs = detail(&har, 2);
        assert_eq!((acs.status, acs.saml.len()), (Some(302), 1), "{name}");
        assert_eq!(acs.saml[0].binding, Binding::Post, "{name}");
        let fields = &acs.request_body.as_ref().expect("a form").fields.items;
        assert_eq!(fields[1].name, "RelayState");
        assert_eq!(fields[1].value, "/app", "{name}");
        assert!(
            acs.response_headers
                .items
                .iter()
                .any(|header| header.name == "Location"),
            "{name}"
        );
        assert_eq!(
            acs.response_body.as_ref().map(|body| body.kind),
            Some(BodyKind::Empty),
            "{name}"
        );

        let logo = detail(&har, 3);
        let image = logo.response_body.as_ref().expect("a body");
        assert_eq!(
            (
                image.kind,
                image.mime_type.as_str(),
                image.size,
                image.text.as_deref()
            ),
            (BodyKind::Image, "image/png", Some(LOGO.len() as u64), None),
            "{name}: type and size, never bytes"
        );

        let api = detail(&har, 4);
        let json = api.response_body.as_ref().expect("a body");
        assert_eq!(
            (json.kind, json.text.as_deref(), json.size),
            (
                BodyKind::Text,
                Some(PROFILE_JSON),
                Some(PROFILE_JSON.len() as u64)
            ),
            "{name}"
        );
        assert_eq!(
            cookies(&api.request_cookies.items),
            [("sp_session", "5e0a7d3f91c4")],
            "{name}"
        );

        // Plain data for the page, read back the same.
        let back: RequestDetail =
            serde_json::from_str(&serde_json::to_string(&login).expect("serializes"))
                .expect("reads back");
        assert_eq!(back, login, "{name}");
    }
    // Where exporters differ, the details say what the export holds.
    let chrome = detail(&browsers::har(Browser::Chrome), 0);
    assert!(
        chrome
            .request_headers
            .items
            .iter()
            .any(|header| header.name == ":authority")
    );
    assert_eq!(chrome.request_cookies.items.len(), 0);
    assert_eq!(
        chrome.timing.and_then(|timing| timing.dns_ms),
        None,
        "-1: does not apply"
    );
    assert_eq!(chrome.status_text, "", "HTTP/2 has no reason phrase");
    assert_eq!(
        detail(&browsers::har(Browser::Firefox), 0).status_text,
        "OK"
    );
    assert_eq!(
        detail(&browsers::har(Browser::Chrome), 1)
            .request_cookies
            .items[0]
            .domain
            .as_deref(),
        Some("idp.example.org")
    );
}

#[test]
fn saml_parameters_link_to_their_messages() {
    let har = browsers::har(Browser::Chrome);
    let report = analyze(
        &[Input {
            name: "login.har",
            bytes: &har,
        }],
        &Options::default(),
        Timestamp::parse("2024-05-01T12:00:04Z").expect("a valid literal"),
    );
    assert_eq!(
        report.messages.len(),
        1,
        "the auto-post page and the POST of it are one message"
    );
    let origins = || {
        report
            .messages
            .iter()
            .enumerate()
            .flat_map(|(index, message)| {
                message
                    .origins()
                    .map(move |origin| (index, origin.input, origin.har_entry))
            })
    };
    // Both requests that carried it open the one message.
    for (entry, message) in [(1, 0), (2, 0)] {
        let mut opened = detail(&har, entry);
        opened.link_messages(0, origins());
        assert_eq!(opened.saml[0].message, Some(message), "entry {entry}");
    }
    let mut logo = detail(&har, 3);
    logo.link_messages(0, origins());
    assert!(logo.saml.is_empty());
}

#[test]
fn form_parameters_without_text() {
    // Chrome's `params` are as sent (percent-encoded), Firefox's decoded: both read as
    // the values sent.
    let har = r#"{"log":{"entries":[
        {"request":{"method":"POST","url":"https://a.example/f","postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"user","value":"alice%40example.org"},{"name":"q","value":"a+b%2Bc"}]}}},
        {"request":{"method":"POST","url":"https://a.example/f","postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"user","value":"alice@example.org"},{"name":"q","value":"100%"}]}}},
        {"request":{"method":"POST","url":"https://a.example/j","postData":{"mimeType":"application/json","text":"{\"a\":1}"}}},
        {"request":{"method":"POST","url":"https://a.example/f","postData":{"mimeType":"","text":"a=1&b=%C3%A9"}}}
    ]}}"#;
    let chrome = detail(har.as_bytes(), 0);
    assert_eq!(
        pairs(&chrome.request_body.expect("a body").fields.items),
        [("user", "alice@example.org"), ("q", "a b+c")]
    );
    let firefox = detail(har.as_bytes(), 1);
    assert_eq!(
        pairs(&firefox.request_body.expect("a body").fields.items),
        [("user", "alice@example.org"), ("q", "100%")]
    );
    let json = detail(har.as_bytes(), 2).request_body.expect("a body");
    assert!(json.fields.items.is_empty());
    let text = json.text.expect("a preview");
    assert_eq!(
        (text.kind, text.text.as_deref()),
        (BodyKind::Text, Some("{\"a\":1}"))
    );
    let untyped = detail(har.as_bytes(), 3).request_body.expect("a body");
    assert_eq!(
        pairs(&untyped.fields.items),
        [("a", "1"), ("b", "é")],
        "a form without its type"
    );
}

#[test]
fn bodies_are_previewed_within_the_limit() {
    let long = "<p>0123456789</p>".repeat(10_000);
    let binary_as_text = "\u{0}\u{1}\u{2}binary";
    let har = serde_json::json!({"log": {"entries": [
        {"response": {"status": 200, "content": {"mimeType": "text/html", "text": long}}},
        {"response": {"status": 200, "content": {"mimeType": "text/html", "encoding": "base64", "text": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &long)}}},
        {"response": {"status": 200, "content": {"mimeType": "application/octet-stream", "size": 5000}}},
        {"response": {"status": 200, "content": {"mimeType": "text/plain", "text": binary_as_text}}},
        {"response": {"status": 304, "content": {"mimeType": "text/css", "size": 0}}},
        {"response": {"status": 200, "content": {"mimeType": "text/css", "size": 12}}},
        {"response": {"status": 200, "content": {"mimeType": "text/plain", "encoding": "base64", "text": "!!!!"}}},
    ]}});
    let har = serde_json::to_vec(&har).expect("JSON");
    let limit = Limits::default().body_preview_bytes;
    for index in [0, 1] {
        let body = detail(&har, index).response_body.expect("a body");
        let text = body.text.expect("text");
        assert_eq!(
            (body.kind, text.len(), body.truncated, body.size),
            (BodyKind::Html, limit, true, Some(long.len() as u64)),
            "entry {index}"
        );
        assert!(long.starts_with(&text));
    }
    let kinds: Vec<(BodyKind, Option<u64>)> = (2..7)
        .map(|index| {
            let body = detail(&har, index).response_body.expect("a body");
            assert_eq!(body.text, None, "entry {index}");
            (body.kind, body.size)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (BodyKind::Binary, Some(5000)),
            (BodyKind::Binary, Some(binary_as_text.len() as u64)),
            (BodyKind::Empty, Some(0)),
            (BodyKind::NotRecorded, Some(12)),
            (BodyKind::Binary, Some(3)),
        ]
    );
    assert!(
        detail(&har, 6)
            .notes
            .iter()
            .any(|note| note.contains("does not decode"))
    );
}

/// Headers of a megabyte, control characters, thousands of headers, wrong types: the
/// details stay within their limits and keep the values as data.
#[test]
fn hostile_entries_are_bounded() {
    let limits = Limits::default();
    let huge = "x".repeat(1 << 20);
    let many: Vec<serde_json::Value> = (0..limits.detail_fields + 250)
        .map(|number| serde_json::json!({"name": format!("h{number}"), "value": "v"}))
        .collect();
    let har = serde_json::json!({"log": {"entries": [
        {"request": {"method": "GET", "url": "https://a.example/?x=%1b%5B31m", "headers": [{"name": "X-Big", "value": huge}, {"name": huge, "value": "n"}, {"name": "X-Ctl", "value": "a\u{0}\r\n\u{7f}\u{202e}b"}, {"name": 7, "value": true}, 3], "cookies": [{"name": "c", "value": huge, "httpOnly": "yes"}]},
         "response": {"status": "200", "headers": many, "content": {"mimeType": "text/plain", "text": "\u{1b}[2J"}}},
        {"request": ["GET", "/"], "response": {"content": "x"}},
        [1, 2],
    ]}});
    let har = serde_json::to_vec(&har).expect("JSON");
    let opened = detail(&har, 0);
    let headers = &opened.request_headers.items;
    assert_eq!(
        (headers[0].value.len(), headers[0].cut_from),
        (limits.detail_value_bytes, Some(1 << 20))
    );
    assert_eq!(
        (headers[1].name.len(), headers[1].name_cut_from),
        (limits.detail_value_bytes, Some(1 << 20))
    );
    assert_eq!(
        headers[2].value, "a\u{0}\r\n\u{7f}\u{202e}b",
        "control characters are data"
    );
    assert_eq!(
        (headers[3].name.as_str(), headers[3].value.as_str()),
        ("", ""),
        "wrong types read as empty"
    );
    assert_eq!(headers.len(), 4, "a number is not a header");
    assert_eq!(opened.query.items[0].value, "\u{1b}[31m");
    assert_eq!(
        (
            opened.request_cookies.items[0].cut_from,
            opened.request_cookies.items[0].http_only
        ),
        (Some(1 << 20), None)
    );
    assert_eq!(
        opened.status,
        Some(200),
        "a numeric string is read as its number"
    );
    assert_eq!(
        (
            opened.response_headers.items.len(),
            opened.response_headers.more
        ),
        (limits.detail_fields, 250)
    );
    assert_eq!(
        opened.response_body.and_then(|body| body.text).as_deref(),
        Some("\u{1b}[2J")
    );
    let odd = detail(&har, 1);
    assert!(
        odd.notes
            .iter()
            .any(|note| note.contains("\"request\" is an array")),
        "{:?}",
        odd.notes
    );
    assert!(
        odd.notes
            .iter()
            .any(|note| note.contains("\"content\" is a string")),
        "{:?}",
        odd.notes
    );
    assert!(
        detail(&har, 2)
            .notes
            .iter()
            .any(|note| note.contains("is an array, not an object"))
    );
}

#[test]
fn errors_say_what_is_wrong() {
    let har = browsers::har(Browser::Firefox);
    let limits = Limits::default();
    assert_eq!(
        request_detail(&har, 5, &limits),
        Err(DetailError::NoSuchRequest { index: 5, count: 5 })
    );
    assert!(matches!(
        request_detail(br#"{"log": {"entries": [{}, "#, 7, &limits),
        Err(DetailError::Input(InputError::InvalidHar { .. }))
    ));
    assert!(matches!(
        request_detail(br#"{"log": {"version": "1.2"}}"#, 0, &limits),
        Err(DetailError::Input(InputError::InvalidHar { .. }))
    ));
    assert_eq!(
        request_detail(b"   ", 0, &limits),
        Err(DetailError::Input(InputError::Empty))
    );
    assert_eq!(
        request_detail(b"https://idp.example/sso?SAMLRequest=abc", 0, &limits),
        Err(DetailError::NoRequests {
            kind: InputKind::Url
        })
    );
    let small = Limits {
        input_bytes: 10,
        ..Limits::default()
    };
    assert!(matches!(
        request_detail(&har, 0, &small),
        Err(DetailError::Input(InputError::TooLarge { limit: 10, .. }))
    ));
    // An entry is found without reading what follows it: a broken tail does not matter.
    let mut truncated = har.clone();
    let cut = truncated.len() - 200;
    truncated.truncate(cut);
    assert_eq!(
        request_detail(&truncated, 0, &limits).map(|found| found.url),
        Ok(detail(&har, 0).url)
    );
    for error in [
        DetailError::NoSuchRequest { index: 5, count: 5 },
        DetailError::NoRequests {
            kind: InputKind::Xml,
        },
    ] {
        assert!(!error.to_string().is_empty());
    }
}
