//! SAML-tracer exports (`input::tracer`): recognised by content, read into the same
//! flow, captures and origins as a HAR of the same sign-in, with and without the
//! export's masking, and every request opened to its details. Fixtures:
//! `tests/fixtures/tracer/` (made by its `make.py`, the Response signed and checked with
//! xmlsec1), and the example in the README's "SAML-tracer exports" section.

use base64::Engine;
use saml_inspector::input::detail::{DetailError, Masking};
use saml_inspector::input::{
    self, Binding, InputError, InputKind, RequestDetail, SamlParameter, request_detail,
};
use saml_inspector::limits::LimitKind;
use saml_inspector::{Input, Limits, Options, Timestamp, analyze, load_trust};
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tracer");
const RELAY_STATE: &str = "/app/reports?view=week";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn clock() -> Timestamp {
    Timestamp::parse("2030-01-01T00:00:00Z").expect("a valid literal")
}

/// The JSON report of `bytes` analysed alone, with the IdP's test certificate trusted.
fn report(name: &str, bytes: &[u8]) -> Value {
    let mut options = Options::default();
    let certificate = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/signed/idp.pem"
    ))
    .expect("the test certificate");
    load_trust(
        &mut options,
        Input {
            name: "idp.pem",
            bytes: &certificate,
        },
    )
    .expect("the certificate loads");
    let report = analyze(&[Input { name, bytes }], &options, clock());
    serde_json::to_value(&report).expect("the report serializes")
}

/// What a message is, stripped of what differs between a HAR and a SAML-tracer export
/// of the same requests (the capture time; the wording of time findings).
fn essence(message: &Value) -> Value {
    let origin = &message["origin"];
    let findings: Vec<Value> = message["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| serde_json::json!([finding["id"], finding["severity"], finding["title"]]))
        .collect();
    serde_json::json!({
        "kind": message["kind"],
        "origin": [origin["input"], origin["har_entry"], origin["url"], origin["binding"], origin["parameter"], origin["method"], origin["http_status"]],
        "id": message["id"],
        "issuer": message["issuer"],
        "subject": message["subject"],
        "attributes": message["attributes"],
        "signatures": message["signatures"],
        "assertion_signature": message["assertion_signature"],
        "relay_state": message["relay_state"],
        "xml": message["xml"],
        "findings": findings,
    })
}

fn messages(report: &Value) -> Vec<Value> {
    report["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(essence)
        .collect()
}

/// A flow entry's index, method, status, status text, type, the start of where it
/// redirects, and its SAML parameters.
type FlowLine<'a> = (
    usize,
    &'a str,
    Option<u16>,
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a [SamlParameter],
);

fn notes(extracted: &input::Extracted) -> Vec<&str> {
    extracted
        .notes
        .iter()
        .map(|note| note.message.as_str())
        .collect()
}

#[test]
fn exports_are_recognised_by_their_content() {
    for name in ["login.json", "login-masked.json", "login-removed.json"] {
        assert_eq!(
            input::sniff(&fixture(name)),
            InputKind::SamlTracer,
            "{name}"
        );
    }
    assert_eq!(input::sniff(&fixture("login.har")), InputKind::Har);
    let cases: &[(&str, InputKind)] = &[
        (
            r#"{"requests":[],"timestamp":"2024-05-01T12:00:00Z"}"#,
            InputKind::SamlTracer,
        ),
        (
            "\u{feff}  {\"timestamp\": \"x\",\n \"requests\": [ {} ]}",
            InputKind::SamlTracer,
        ),
        (r#"{"requests":[1,2]}"#, InputKind::Unknown),
        (r#"{"data":{"requests":[]}}"#, InputKind::Unknown),
    ];
    for &(json, kind) in cases {
        assert_eq!(input::sniff(json.as_bytes()), kind, "{json}");
    }
    let error =
        input::extract(0, br#"{"requests": 5}"#, &Limits::default()).expect_err("not an export");
    assert!(
        matches!(error, InputError::Unrecognized { .. }),
        "{error:?}"
    );
}

#[test]
fn an_export_gives_the_flow_and_every_message() {
    let bytes = fixture("login.json");
    let extracted = input::extract(0, &bytes, &Limits::default()).expect("reads");
    assert_eq!(extracted.kind, Some(InputKind::SamlTracer));
    let flow: Vec<FlowLine<'_>> = extracted
        .flow
        .iter()
        .map(|entry| {
            (
                entry.index,
                entry.method.as_str(),
                entry.status,
                entry.status_text.as_str(),
                entry.mime_type.as_str(),
                entry
                    .redirect_url
                    .as_deref()
                    .map(|url| &url[..url.len().min(36)]),
                entry.saml.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        flow,
        [
            (
                0,
                "GET",
                Some(302),
                "Found",
                "",
                Some("https://idp.example.org/saml2/sso?SA"),
                &[][..]
            ),
            (
                1,
                "GET",
                Some(200),
                "OK",
                "text/html; charset=utf-8",
                None,
                &[SamlParameter::SamlRequest][..]
            ),
            (
                2,
                "POST",
                Some(200),
                "OK",
                "text/html; charset=utf-8",
                None,
                &[][..]
            ),
            (
                3,
                "POST",
                Some(302),
                "Found",
                "",
                Some("https://sp.example.net/app/reports?v"),
                &[SamlParameter::SamlResponse][..]
            ),
            (
                4,
                "GET",
                Some(200),
                "OK",
                "text/html; charset=utf-8",
                None,
                &[][..]
            ),
        ]
    );
    assert!(
        extracted
            .flow
            .iter()
            .all(|entry| entry.started_at.is_none() && entry.time_ms.is_none())
    );
    assert_eq!(extracted.captures.len(), 2);
    let request = &extracted.captures[0];
    assert_eq!(
        (
            request.origin.binding,
            request.origin.parameter,
            request.origin.har_entry,
            request.origin.method.as_deref(),
            request.origin.http_status
        ),
        (
            Binding::Redirect,
            Some(SamlParameter::SamlRequest),
            Some(1),
            Some("GET"),
            Some(200)
        )
    );
    assert!(
        request
            .origin
            .url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://idp.example.org/saml2/sso?SAMLRequest="))
    );
    assert_eq!(request.relay_state.as_deref(), Some(RELAY_STATE));
    assert_eq!(
        request.origin.server_date,
        Timestamp::parse("2024-05-01T12:00:01Z")
    );
    assert_eq!(request.origin.captured_at, None);
    let xml = request.payload.as_ref().expect("the AuthnRequest inflates");
    assert!(
        xml.starts_with(b"<samlp:AuthnRequest "),
        "{}",
        String::from_utf8_lossy(xml)
    );

    let response = &extracted.captures[1];
    assert_eq!(
        (
            response.origin.binding,
            response.origin.parameter,
            response.origin.har_entry,
            response.origin.method.as_deref(),
            response.origin.http_status
        ),
        (
            Binding::Post,
            Some(SamlParameter::SamlResponse),
            Some(3),
            Some("POST"),
            Some(302)
        )
    );
    assert_eq!(response.relay_state.as_deref(), Some(RELAY_STATE));
    assert_eq!(
        response.origin.server_date,
        Timestamp::parse("2024-05-01T12:00:04Z")
    );
    // The value exactly as posted, and the XML it decodes to.
    let json: Value = serde_json::from_slice(&bytes).expect("JSON");
    let posted = json["requests"][3]["post"][0][1]
        .as_str()
        .expect("the posted value");
    assert_eq!(response.encoded, posted);
    assert_eq!(
        response.payload.as_deref().ok(),
        Some(
            base64::engine::general_purpose::STANDARD
                .decode(posted)
                .expect("base64")
                .as_slice()
        )
    );

    assert_eq!(
        extracted.captured_at,
        Timestamp::parse("2024-05-01T12:00:01Z")
    );
    let notes = notes(&extracted);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("SAML-tracer export of 5 requests")
            && notes[0].contains("HTTP Date of the first response"),
        "{notes:?}"
    );
}

/// The same requests as a HAR and as a SAML-tracer export give the same messages, from
/// the same places, with the same findings: every check downstream (InResponseTo and
/// RelayState correlation, signatures, packs) works the same.
#[test]
fn an_export_and_a_har_of_one_sign_in_analyse_alike() {
    let har = report("login.har", &fixture("login.har"));
    let tracer = report("login.json", &fixture("login.json"));
    assert_eq!(tracer["inputs"][0]["kind"], "saml-tracer");
    let (from_har, from_tracer) = (messages(&har), messages(&tracer));
    assert_eq!(from_har.len(), 2);
    assert_eq!(
        serde_json::to_string_pretty(&from_tracer).expect("JSON"),
        serde_json::to_string_pretty(&from_har).expect("JSON")
    );
    let response = &tracer["messages"][1];
    assert_eq!(response["assertion_signature"], "trusted");
    let findings = response["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .all(|finding| finding["severity"] != "error" && finding["severity"] != "warning"),
        "{findings:#?}"
    );
    let confirmation = findings
        .iter()
        .find(|finding| finding["id"] == "core.subject.confirmation")
        .expect("the confirmation finding");
    let detail = confirmation["detail"].as_str().expect("detail");
    assert!(
        detail.contains("answers the AuthnRequest of request 2"),
        "{detail}"
    );
    // Judged at the SP's HTTP Date, the export having no capture time.
    assert_eq!(tracer["reference_time"]["value"], "2024-05-01T12:00:01Z");
}

#[test]
fn masked_exports_read_the_same_messages_and_say_so() {
    let plain = input::extract(0, &fixture("login.json"), &Limits::default()).expect("reads");
    for (name, option, relay_state) in [
        ("login-masked.json", "Mask values", RELAY_STATE),
        (
            "login-removed.json",
            "Remove values",
            "{obf:alternative_11}",
        ),
    ] {
        let masked = input::extract(0, &fixture(name), &Limits::default()).expect(name);
        assert_eq!(masked.flow, plain.flow, "{name}");
        assert_eq!(masked.captures.len(), 2, "{name}");
        // The AuthnRequest is in the URL, which no option masks.
        assert_eq!(masked.captures[0], plain.captures[0], "{name}");
        // The Response comes from SAML-tracer's decoded copy: the same bytes, so its
        // signature still verifies.
        let response = &masked.captures[1];
        assert_eq!(response.payload, plain.captures[1].payload, "{name}");
        assert_eq!(response.origin, plain.captures[1].origin, "{name}");
        assert_eq!(
            response.encoded, "",
            "{name}: the encoded value is not known"
        );
        // "Mask values" hashes: the RelayState is recognised as the one sent in clear.
        assert_eq!(response.relay_state.as_deref(), Some(relay_state), "{name}");
        let notes = notes(&masked);
        assert!(
            notes
                .iter()
                .any(|note| note.contains(&format!("\"{option}\""))
                    && note.contains("its \"saml\" field")),
            "{name}: {notes:?}"
        );

        let analysed = report(name, &fixture(name));
        let findings: Vec<(&str, &str)> = analysed["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .flat_map(|message| message["findings"].as_array().expect("findings"))
            .filter(|finding| finding["severity"] == "error" || finding["severity"] == "warning")
            .map(|finding| {
                (
                    finding["id"].as_str().unwrap_or_default(),
                    finding["title"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(findings, [], "{name}: masking makes no problem appear");
        assert_eq!(
            analysed["messages"][1]["assertion_signature"], "trusted",
            "{name}"
        );
    }
    // With the RelayState recognised, the masked export analyses exactly as the plain.
    assert_eq!(
        messages(&report("login-masked.json", &fixture("login-masked.json")))[0],
        messages(&report("login.json", &fixture("login.json")))[0]
    );
    let masked = report("login-masked.json", &fixture("login-masked.json"));
    let plain = report("login.json", &fixture("login.json"));
    let findings = |report: &Value| report["messages"][1]["findings"].clone();
    assert_eq!(findings(&masked), findings(&plain));
}

#[test]
fn a_masked_message_without_its_copy_is_a_note_not_a_decode_error() {
    let mut json: Value = serde_json::from_slice(&fixture("login-masked.json")).expect("JSON");
    json["requests"][3]
        .as_object_mut()
        .expect("a request")
        .remove("saml");
    let bytes = serde_json::to_vec_pretty(&json).expect("JSON");
    let extracted = input::extract(0, &bytes, &Limits::default()).expect("reads");
    assert_eq!(
        extracted.captures.len(),
        1,
        "only the AuthnRequest can be read"
    );
    assert_eq!(
        extracted.flow[3].saml,
        [SamlParameter::SamlResponse],
        "the flow still shows it"
    );
    let notes = notes(&extracted);
    assert!(
        notes.iter().any(|note| note.starts_with(
            "the SAMLResponse value was masked by SAML-tracer's export option \"Mask values\""
        ) && note.contains("cannot be read")),
        "{notes:?}"
    );
    let analysed = report("masked.json", &bytes);
    let all: Vec<&Value> = analysed["inputs"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .chain(
            analysed["messages"]
                .as_array()
                .expect("messages")
                .iter()
                .flat_map(|m| m["findings"].as_array().expect("findings")),
        )
        .collect();
    assert!(
        all.iter().all(|finding| finding["severity"] != "error"),
        "{all:#?}"
    );
    assert!(
        !all.iter().any(|finding| finding["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("{hash:")),
        "no decode error about the placeholder"
    );
}

/// Exports written before SAML-tracer 1.0: headers as `[name, value]` pairs, `id`
/// instead of `requestId`.
#[test]
fn old_exports_with_pairs_for_headers() {
    let response = base64::engine::general_purpose::STANDARD.encode(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"/>"#,
    );
    let export = format!(
        r#"{{"requests":[{{"method":"POST","url":"https://sp.example.net/acs","id":"7","requestHeaders":[["Host","sp.example.net"],["Cookie","a=1"]],"get":[],"postData":{{"SAMLResponse":["{response}"]}},"post":[["SAMLResponse","{response}"],["RelayState","r"]],"saml":"ignored when the value is there","responseStatus":200,"responseStatusText":"HTTP/1.1 200 OK","responseHeaders":[["Date","Wed, 01 May 2024 12:00:05 GMT"],["Content-Type","text/html"]]}}],"timestamp":"2024-05-01T13:00:00.000Z"}}"#
    );
    let extracted = input::extract(0, export.as_bytes(), &Limits::default()).expect("reads");
    assert_eq!(extracted.captures.len(), 1);
    let capture = &extracted.captures[0];
    assert!(
        capture
            .payload
            .as_ref()
            .is_ok_and(|xml| xml.starts_with(b"<samlp:Response"))
    );
    assert_eq!(capture.relay_state.as_deref(), Some("r"));
    assert_eq!(
        capture.origin.server_date,
        Timestamp::parse("2024-05-01T12:00:05Z")
    );
    assert_eq!(extracted.flow[0].mime_type, "text/html");
    let detail = request_detail(export.as_bytes(), 0, &Limits::default()).expect("details");
    assert_eq!(detail.request_cookies.items[0].name, "a");
    assert_eq!(detail.request_headers.items.len(), 2);
}

#[test]
fn the_export_time_is_used_only_without_any_date() {
    let export = r#"{"requests":[{"method":"GET","url":"https://a.example/","responseStatus":"","responseStatusText":"","responseHeaders":[]}],"timestamp":"2024-05-01T13:00:00.000Z"}"#;
    let extracted = input::extract(0, export.as_bytes(), &Limits::default()).expect("reads");
    assert_eq!(
        extracted.captured_at,
        Timestamp::parse("2024-05-01T13:00:00Z")
    );
    assert_eq!(
        extracted.flow[0].status, None,
        "SAML-tracer's empty status of a request without response"
    );
    let notes = notes(&extracted);
    assert!(
        notes[0].contains("judged at the export time 2024-05-01T13:00:00Z"),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|note| note.starts_with("None of the 1 requests carries")),
        "{notes:?}"
    );
}

#[test]
fn every_request_opens_to_its_details() {
    let bytes = fixture("login.json");
    let limits = Limits::default();
    let login = request_detail(&bytes, 2, &limits).expect("request 2");
    assert_eq!(login.source, InputKind::SamlTracer);
    assert_eq!(
        (login.index, login.method.as_str(), login.url.as_str()),
        (2, "POST", "https://idp.example.org/saml2/login")
    );
    assert_eq!(
        (
            login.status,
            login.status_text.as_str(),
            login.response_http_version.as_deref()
        ),
        (Some(200), "OK", Some("HTTP/1.1"))
    );
    let body = login.request_body.as_ref().expect("a form body");
    assert_eq!(body.mime_type, "application/x-www-form-urlencoded");
    let fields: Vec<(&str, &str)> = body
        .fields
        .items
        .iter()
        .map(|field| (field.name.as_str(), field.value.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("username", "alice@example.org"),
            ("password", "correct horse battery"),
            ("csrf", "9d1b0c7e")
        ]
    );
    let sent: Vec<(&str, &str)> = login
        .request_cookies
        .items
        .iter()
        .map(|cookie| (cookie.name.as_str(), cookie.value.as_str()))
        .collect();
    assert_eq!(sent, [("idp_flow", "7c2e9b41a0"), ("idp_lang", "en")]);
    let set = &login.response_cookies.items;
    assert_eq!(set.len(), 1);
    assert_eq!(
        (
            set[0].name.as_str(),
            set[0].path.as_deref(),
            set[0].secure,
            set[0].http_only
        ),
        ("idp_session", Some("/"), Some(true), Some(true))
    );
    assert!(
        login
            .request_headers
            .items
            .iter()
            .any(|header| header.name == "Origin")
    );
    assert!(
        login
            .response_headers
            .items
            .iter()
            .any(|header| header.name == "Date")
    );
    assert_eq!(
        (login.response_body.as_ref(), login.timing),
        (None, None),
        "SAML-tracer records neither"
    );
    assert!(login.saml.is_empty());

    let redirect = request_detail(&bytes, 1, &limits).expect("request 1");
    let query: Vec<&str> = redirect
        .query
        .items
        .iter()
        .map(|field| field.name.as_str())
        .collect();
    assert_eq!(query, ["SAMLRequest", "RelayState"]);
    assert_eq!(redirect.query.items[1].value, RELAY_STATE, "decoded");
    assert_eq!(redirect.saml.len(), 1);
    assert_eq!(
        (redirect.saml[0].parameter, redirect.saml[0].binding),
        (SamlParameter::SamlRequest, Binding::Redirect)
    );

    // Each SAML parameter links to the message it became.
    let analysed = analyze(
        &[Input {
            name: "login.json",
            bytes: &bytes,
        }],
        &Options::default(),
        clock(),
    );
    let origins = || {
        analysed
            .messages
            .iter()
            .enumerate()
            .map(|(index, message)| (index, message.origin.input, message.origin.har_entry))
    };
    let mut post = request_detail(&bytes, 3, &limits).expect("request 3");
    assert_eq!(post.saml.len(), 1);
    assert_eq!(post.saml[0].message, None);
    post.link_messages(0, origins());
    assert_eq!(post.saml[0].message, Some(1));
    let mut redirect = redirect;
    redirect.link_messages(0, origins());
    assert_eq!(redirect.saml[0].message, Some(0));
    let mut other_input = request_detail(&bytes, 3, &limits).expect("request 3");
    other_input.link_messages(1, origins());
    assert_eq!(
        other_input.saml[0].message, None,
        "messages of another input are not linked"
    );

    assert_eq!(
        request_detail(&bytes, 5, &limits),
        Err(DetailError::NoSuchRequest { index: 5, count: 5 })
    );
    assert_eq!(
        request_detail(b"<samlp:Response/>", 0, &limits),
        Err(DetailError::NoRequests {
            kind: InputKind::Xml
        })
    );
    // The details are plain data a view can draw, and read back.
    let json = serde_json::to_string(&post).expect("serializes");
    let back: RequestDetail = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, post);
}

#[test]
fn masked_values_are_marked_in_the_details() {
    let bytes = fixture("login-masked.json");
    let login = request_detail(&bytes, 2, &Limits::default()).expect("request 2");
    let body = login.request_body.as_ref().expect("a form body");
    assert!(body.fields.items.iter().all(|field| field.masked == Some(Masking::Hashed) && field.value.starts_with("{hash:")));
    assert!(
        login
            .request_cookies
            .items
            .iter()
            .all(|cookie| cookie.masked == Some(Masking::Hashed))
    );
    assert_eq!(
        login.response_cookies.items[0].masked,
        Some(Masking::Hashed)
    );
    let host = login
        .request_headers
        .items
        .iter()
        .find(|header| header.name == "Host")
        .expect("Host");
    assert_eq!(
        (host.value.as_str(), host.masked),
        ("idp.example.org", None)
    );
    assert!(
        login
            .notes
            .iter()
            .any(|note| note.contains("\"Mask values\"")),
        "{:?}",
        login.notes
    );
    let post = request_detail(&bytes, 3, &Limits::default()).expect("request 3");
    assert_eq!(post.saml.len(), 1, "read from the decoded copy");
    let removed =
        request_detail(&fixture("login-removed.json"), 2, &Limits::default()).expect("request 2");
    assert!(
        removed
            .request_cookies
            .items
            .iter()
            .all(|cookie| cookie.masked == Some(Masking::Removed))
    );
}

#[test]
fn limits_hold() {
    let bytes = fixture("login.json");
    let few = Limits {
        har_entries: 4,
        ..Limits::default()
    };
    assert_eq!(
        input::extract(0, &bytes, &few).map(|_| ()),
        Err(InputError::Limit {
            kind: LimitKind::HarEntries,
            limit: 4
        })
    );
    assert!(
        request_detail(&bytes, 3, &few).is_ok(),
        "read only as far as the request"
    );
    assert_eq!(
        request_detail(&bytes, 4, &few).map(|_| ()),
        Err(DetailError::Input(InputError::Limit {
            kind: LimitKind::HarEntries,
            limit: 4
        }))
    );
    let small = Limits {
        input_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        input::extract(0, &bytes, &small),
        Err(InputError::TooLarge { limit: 100, .. })
    ));
    assert!(matches!(
        request_detail(&bytes, 0, &small),
        Err(DetailError::Input(InputError::TooLarge { limit: 100, .. }))
    ));
    let tight = Limits {
        detail_fields: 2,
        detail_value_bytes: 5,
        ..Limits::default()
    };
    let login = request_detail(&bytes, 2, &tight).expect("request 2");
    let body = login.request_body.expect("a form body");
    assert_eq!((body.fields.items.len(), body.fields.more), (2, 1));
    assert_eq!(
        (
            body.fields.items[0].value.as_str(),
            body.fields.items[0].cut_from
        ),
        ("alice", Some(17))
    );
    assert_eq!(
        (
            body.fields.items[0].name.as_str(),
            body.fields.items[0].name_cut_from
        ),
        ("usern", Some(8))
    );
}

/// A hostile request: a header of a megabyte, control characters, a value of the wrong
/// type. Bounded in the details, kept as data (escaping is the renderer's).
#[test]
fn hostile_values_are_bounded_and_kept_as_data() {
    let huge = "A".repeat(1 << 20);
    let export = serde_json::json!({
        "requests": [{
            "method": "GET",
            "url": "https://a.example/?q=%00%1b[31m&x",
            "requestHeaders": [{"name": "X-Big", "value": huge}, {"name": "X-Ctl", "value": "a\u{0}b\u{1b}[2J\r\nSet-Cookie: x"}, {"name": 5, "value": "v"}],
            "responseStatus": 200,
            "responseStatusText": "HTTP/1.1 200 OK",
            "responseHeaders": [["Set-Cookie", "s=1\nt=2; Path=/"]],
        }],
        "timestamp": "2024-05-01T12:00:00Z",
    });
    let bytes = serde_json::to_vec(&export).expect("JSON");
    let detail = request_detail(&bytes, 0, &Limits::default()).expect("details");
    let limit = Limits::default().detail_value_bytes;
    let big = &detail.request_headers.items[0];
    assert_eq!((big.value.len(), big.cut_from), (limit, Some(1 << 20)));
    assert_eq!(
        detail.request_headers.items[1].value,
        "a\u{0}b\u{1b}[2J\r\nSet-Cookie: x"
    );
    assert_eq!(
        detail.request_headers.items.len(),
        2,
        "the pair with a number for a name is skipped"
    );
    assert_eq!(detail.query.items[0].value, "\u{0}\u{1b}[31m");
    let set: Vec<&str> = detail
        .response_cookies
        .items
        .iter()
        .map(|cookie| cookie.name.as_str())
        .collect();
    assert_eq!(
        set,
        ["s", "t"],
        "Set-Cookie lines joined by a newline are two cookies"
    );
}

/// No bytes make the reader panic: every prefix of an export, and single-byte
/// changes all through it, through recognition, extraction and every request's details.
#[test]
fn truncated_and_altered_exports_never_panic() {
    let bytes = fixture("login-masked.json");
    let limits = Limits::default();
    let exercise = |data: &[u8]| {
        let kind = input::sniff(data);
        match input::extract(0, data, &limits) {
            Ok(extracted) => assert_eq!(extracted.kind, Some(kind)),
            Err(error) => {
                let _ = error.to_string();
            }
        }
        for index in 0..6 {
            if let Err(error) = request_detail(data, index, &limits) {
                let _ = error.to_string();
            }
        }
    };
    for end in (0..bytes.len()).step_by(97) {
        exercise(&bytes[..end]);
    }
    let mut state = 0x5EED_u64;
    for _ in 0..200 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let position = (state >> 33) as usize % bytes.len();
        let mut altered = bytes.clone();
        let replacements = b"\"{}[],:0\\\x00\xff";
        altered[position] = replacements[(state >> 20) as usize % replacements.len()];
        exercise(&altered);
    }
}

/// The example of the README's "SAML-tracer exports" section is an export this reader
/// takes as the README says.
#[test]
fn the_readme_example_reads_as_documented() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = readme
        .split("## SAML-tracer exports")
        .nth(1)
        .expect("the section");
    let example = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a JSON example in the section");
    let extracted =
        input::extract(0, example.as_bytes(), &Limits::default()).expect("the example reads");
    assert_eq!(extracted.kind, Some(InputKind::SamlTracer));
    assert_eq!(extracted.flow.len(), 1);
    assert_eq!(extracted.captures.len(), 1);
    let capture = &extracted.captures[0];
    assert_eq!(
        (capture.origin.binding, capture.origin.parameter),
        (Binding::Post, Some(SamlParameter::SamlResponse))
    );
    assert!(
        capture
            .payload
            .as_ref()
            .is_ok_and(|xml| xml.starts_with(b"<samlp:Response")),
        "{:?}",
        capture.payload
    );
    let detail = request_detail(example.as_bytes(), 0, &Limits::default()).expect("details");
    assert!(
        detail
            .request_cookies
            .items
            .iter()
            .any(|cookie| cookie.masked == Some(Masking::Hashed))
    );
}

/// A redacted export of a SAML-tracer import carries none of the user's values, masked
/// or not: the details (cookies, form fields) never enter the report in the first place.
#[test]
fn redacted_exports_of_an_import_hold_no_secret() {
    use saml_inspector::redact::{self, Policy};
    for name in ["login.json", "login-masked.json"] {
        let bytes = fixture(name);
        let report = analyze(
            &[Input {
                name,
                bytes: &bytes,
            }],
            &Options::default(),
            clock(),
        );
        let plain = serde_json::to_string(&report).expect("JSON");
        assert!(
            plain.contains("alice@example.org") && plain.contains("Alice Zoë"),
            "{name}: the report has them before redaction"
        );
        let redacted = redact::redact_report(&report, Policy::default(), b"test salt");
        for export in [
            redact::export::json(&redacted),
            redact::export::markdown(&redacted),
            redact::export::text(&redacted),
            redact::export::html(&redacted),
        ] {
            for secret in [
                "alice@example.org",
                "Alice Zoë",
                "correct horse",
                "7c2e9b41a0",
                "5e0a7d3f91c4",
                "a81f3e6c5d2b",
                "{hash:",
            ] {
                assert!(!export.contains(secret), "{name}: {secret:?} in an export");
            }
        }
    }
}
