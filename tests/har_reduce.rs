//! `input::har::reduce` keeps everything the analysis reads: for the example HAR, a
//! generated big HAR and HARs with the odd shapes browsers export, the whole JSON report
//! of `analyze(reduce(har))` equals that of `analyze(har)` (messages with their kind,
//! origin, issuer, subject, attributes, signatures and findings; the flow; the notes),
//! apart from the input's size in bytes; and so does what `input::extract` takes out of
//! it (the origin's server `Date`, which the report does not show). A request's details
//! (`input::request_detail`) are the same from the reduced HAR, but for the start of a
//! body kept only in part (`Limits::har_kept_preview_bytes`).

#[allow(dead_code)]
#[path = "../benches/support/generate.rs"]
mod generate;

#[allow(dead_code)]
#[path = "support/browsers.rs"]
mod browsers;

use saml_inspector::input::detail::{BodyPreview, RequestDetail};
use saml_inspector::input::har::{Progress, reduce};
use saml_inspector::input::request_detail;
use saml_inspector::{Input, Limits, Options, Timestamp, analyze, input};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

fn report_json(bytes: &[u8]) -> serde_json::Value {
    let options = Options::default();
    let clock = Timestamp::parse("2024-05-01T12:00:30Z").expect("a valid literal");
    let report = analyze(
        &[Input {
            name: "login.har",
            bytes,
        }],
        &options,
        clock,
    );
    let mut json = serde_json::to_value(&report).expect("the report serializes");
    for input in json["inputs"].as_array_mut().expect("inputs") {
        input
            .as_object_mut()
            .expect("an input report")
            .remove("bytes");
    }
    json
}

/// Reduces `har` and checks that it analyses the same; returns the reduced size and the
/// progress reports.
fn assert_same_analysis(name: &str, har: &[u8]) -> (usize, Vec<Progress>) {
    let mut reports = Vec::new();
    let reduced = reduce(har, &Limits::default(), &mut |progress| {
        reports.push(progress)
    })
    .unwrap_or_else(|error| panic!("{name}: {error}"));
    // What the scan takes out (captures with their origin and server Date, flow,
    // notes), compared first: the report does not show all of it.
    let limits = Limits::default();
    assert_eq!(
        input::extract(0, &reduced, &limits).map_err(|error| error.to_string()),
        input::extract(0, har, &limits).map_err(|error| error.to_string()),
        "{name}: the reduced HAR is read differently"
    );
    let original = report_json(har);
    let from_reduced = report_json(&reduced);
    assert_eq!(
        serde_json::to_string_pretty(&from_reduced).expect("JSON"),
        serde_json::to_string_pretty(&original).expect("JSON"),
        "{name}: the reduced HAR analyses differently"
    );
    (reduced.len(), reports)
}

#[test]
fn the_example_har_analyses_the_same() {
    let har = std::fs::read(format!("{EXAMPLES}/aws-login.har")).expect("the example exists");
    assert_same_analysis("aws-login.har", &har);
    let report = report_json(&har);
    assert!(
        !report["messages"].as_array().expect("messages").is_empty(),
        "the example has messages, so the comparison means something"
    );
}

#[test]
fn a_generated_big_har_analyses_the_same_and_shrinks() {
    let har = generate::har(24 << 20);
    let (reduced, reports) = assert_same_analysis("generated", &har);
    let report = report_json(&har);
    assert_eq!(report["messages"].as_array().expect("messages").len(), 1);
    assert!(
        reduced * 3 < har.len(),
        "{reduced} bytes left of {}",
        har.len()
    );
    assert!(reports.len() >= 5, "progress reported while reading");
    let last = reports.last().expect("a final report");
    assert_eq!(last.bytes_scanned, har.len());
    assert!(
        reports
            .windows(2)
            .all(|pair| pair[0].bytes_scanned <= pair[1].bytes_scanned
                && pair[0].entries_scanned <= pair[1].entries_scanned)
    );
}

/// HARs in the shapes the scan is lenient with: each must analyse the same reduced.
#[test]
fn odd_shapes_analyse_the_same() {
    let response = generate::saml_response(2_000);
    let base64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&response)
    };
    let form = format!(
        "<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"https://signin.aws.amazon.com/saml\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{base64}\"/><input type=\"hidden\" name=\"RelayState\" value=\"r\"/></form></body></html>"
    );
    let padding = "<p>padding</p>".repeat(30_000);
    let big_form = format!("{padding}{form}");
    let big_form_base64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&big_form)
    };
    let json = |text: &str| serde_json::to_string(text).expect("JSON");
    let cases: Vec<(&str, String)> = vec![
        (
            "an auto-post page, big, in base64",
            format!(
                r#"{{"log":{{"entries":[{{"startedDateTime":"2024-05-01T12:00:01Z","request":{{"method":"GET","url":"https://idp.example.com/sso"}},"response":{{"status":200,"headers":[{{"name":"Date","value":"Wed, 01 May 2024 12:00:02 GMT"}}],"content":{{"mimeType":"text/html; charset=utf-8","encoding":"base64","text":"{big_form_base64}"}}}}}}]}}}}"#
            ),
        ),
        (
            "an auto-post page, big, as text",
            format!(
                r#"{{"log":{{"entries":[{{"startedDateTime":"2024-05-01T12:00:01Z","request":{{"method":"GET","url":"https://idp.example.com/sso"}},"response":{{"status":200,"content":{{"mimeType":"text/html","text":{}}}}}}}]}}}}"#,
                json(&big_form)
            ),
        ),
        (
            "params only (Chrome without text), names only (Firefox), a redirect by Location",
            format!(
                r#"{{"log":{{"entries":[{{"startedDateTime":"2024-05-01T12:00:01Z","request":{{"method":"POST","url":"https://signin.aws.amazon.com/saml","postData":{{"mimeType":"application/x-www-form-urlencoded","params":[{{"name":"SAMLResponse","value":{}}}]}}}},"response":{{"status":302,"headers":[{{"name":"location","value":"https://console.aws.amazon.com/"}},{{"name":"server","value":"x"}}]}}}},{{"startedDateTime":"2024-05-01T12:00:02Z","request":{{"method":"POST","url":"https://signin.aws.amazon.com/saml","postData":{{"params":[{{"name":"SAMLResponse"}}]}}}}}}]}}}}"#,
                json(&base64)
            ),
        ),
        (
            "wrong types everywhere, and text after the document",
            r#"{"log":{"entries":[7,{"startedDateTime":5,"time":"12","request":{"url":["x"],"method":1,"postData":"x"},"response":{"status":"302","content":[1],"headers":{"a":1}}},{"request":[],"response":null}]}} trailing"#.to_owned(),
        ),
        ("no log", r#"{"version":"1.2"}"#.to_owned()),
        ("no entries", r#"{"log":{"pages":[]}}"#.to_owned()),
    ];
    for (name, har) in cases {
        assert_same_analysis(name, har.as_bytes());
    }
}

/// The details of entry `index` of `reduced` are those of `original`, except that a
/// body the reducer kept only the start of shows that start: a prefix of the original's
/// preview, marked truncated, with the same kind, type and size.
fn assert_same_details(name: &str, original: &[u8], reduced: &[u8], index: usize) {
    let limits = Limits::default();
    let from_original = request_detail(original, index, &limits)
        .unwrap_or_else(|error| panic!("{name} entry {index}: {error}"));
    let mut from_reduced = request_detail(reduced, index, &limits)
        .unwrap_or_else(|error| panic!("{name} entry {index} reduced: {error}"));
    let text = |body: &Option<BodyPreview>| body.as_ref().and_then(|body| body.text.clone());
    // HTML is kept whole when it is small or may hold an auto-post form.
    let kept_whole = text(&from_original.response_body) == text(&from_reduced.response_body);
    let length = text(&from_original.response_body).map(|text| text.len());
    if !kept_whole && length > Some(limits.har_kept_preview_bytes) {
        let (Some(original_body), Some(reduced_body)) = (
            &from_original.response_body,
            &mut from_reduced.response_body,
        ) else {
            panic!("{name} entry {index}: a body on both sides");
        };
        let (original_text, reduced_text) = (
            original_body.text.as_deref().unwrap_or_default(),
            reduced_body.text.clone().unwrap_or_default(),
        );
        assert!(
            reduced_text.len() <= limits.har_kept_preview_bytes,
            "{name} entry {index}"
        );
        assert!(
            reduced_text.len() + 4 > limits.har_kept_preview_bytes,
            "{name} entry {index}: cut at the limit"
        );
        assert!(
            original_text.starts_with(&reduced_text),
            "{name} entry {index}: the start of the body"
        );
        assert!(reduced_body.truncated, "{name} entry {index}");
        reduced_body.text = original_body.text.clone();
        reduced_body.truncated = original_body.truncated;
    }
    assert_eq!(
        serde_json::to_string_pretty(&from_reduced).expect("JSON"),
        serde_json::to_string_pretty(&from_original).expect("JSON"),
        "{name} entry {index}: the reduced HAR's details differ"
    );
}

fn reduced(har: &[u8]) -> Vec<u8> {
    reduce(har, &Limits::default(), &mut |_| {}).expect("reduces")
}

#[test]
fn details_are_the_same_from_a_reduced_har() {
    for browser in browsers::BROWSERS {
        let har = browsers::har(browser);
        let name = format!("{browser:?}");
        assert_same_analysis(&name, &har);
        let small = reduced(&har);
        for index in 0..5 {
            assert_same_details(&name, &har, &small, index);
        }
    }
    let example = std::fs::read(format!("{EXAMPLES}/aws-login.har")).expect("the example exists");
    let small = reduced(&example);
    let count = input::extract(0, &example, &Limits::default())
        .expect("reads")
        .flow
        .len();
    for index in 0..count {
        assert_same_details("aws-login.har", &example, &small, index);
    }
}

/// A generated HAR of big bodies: every sampled entry (and the SAML POST) opens the same,
/// with the start of each big body, headers, cookies and timings.
#[test]
fn details_of_a_generated_big_har_survive_reduction() {
    let har = generate::har(4 << 20);
    let small = reduced(&har);
    let flow = input::extract(0, &har, &Limits::default())
        .expect("reads")
        .flow;
    let saml_entry = flow
        .iter()
        .position(|entry| !entry.saml.is_empty())
        .expect("the SAML POST");
    let mut cut_bodies = 0;
    for index in (0..flow.len()).step_by(3).chain([saml_entry]) {
        assert_same_details("generated", &har, &small, index);
        let opened: RequestDetail =
            request_detail(&small, index, &Limits::default()).expect("details");
        assert!(
            !opened.request_headers.items.is_empty() && opened.timing.is_some(),
            "entry {index}"
        );
        cut_bodies += usize::from(opened.response_body.is_some_and(|body| body.truncated));
    }
    assert!(cut_bodies > 3, "big bodies were sampled: {cut_bodies}");
    let post = request_detail(&small, saml_entry, &Limits::default()).expect("details");
    assert_eq!(post.saml.len(), 1);
    assert_eq!(
        post.request_body.expect("the form").fields.items[0].name,
        "SAMLResponse"
    );
}

/// Caps hold in the reduced HAR as in the details: a hostile entry with a megabyte
/// header and thousands of cookies reduces to the limits, and opens the same.
#[test]
fn hostile_entries_reduce_to_the_limits() {
    let limits = Limits::default();
    let huge = "h".repeat(1 << 20);
    let cookies: Vec<serde_json::Value> = (0..limits.detail_fields * 3)
        .map(|number| serde_json::json!({"name": format!("c{number}"), "value": "v".repeat(100)}))
        .collect();
    let har = serde_json::json!({"log": {"entries": [{
        "startedDateTime": "2024-05-01T12:00:00Z",
        "request": {"method": "GET", "url": "https://a.example/", "headers": [{"name": "X-Big", "value": huge}], "cookies": cookies},
        "response": {"status": 200, "headers": [{"name": "Date", "value": "Wed, 01 May 2024 12:00:01 GMT"}, {"name": "X-Big", "value": huge}], "content": {"mimeType": "application/javascript", "text": huge}},
    }]}});
    let har = serde_json::to_vec(&har).expect("JSON");
    assert_same_analysis("hostile", &har);
    let small = reduced(&har);
    assert!(small.len() < 128 << 10, "{} bytes", small.len());
    assert_same_details("hostile", &har, &small, 0);
    let opened = request_detail(&small, 0, &limits).expect("details");
    assert_eq!(opened.request_cookies.more, limits.detail_fields * 2);
    assert_eq!(opened.request_headers.items[0].cut_from, Some(1 << 20));
}
