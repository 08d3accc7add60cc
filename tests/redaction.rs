//! Redaction: no planted secret survives any export, the diagnosis survives, tokens are
//! deterministic per salt and unlinkable across salts, and the sanitized HAR reads back
//! as the same messages with the same findings.
//!
//! Every fixture is generated here from `testing::ResponseSpec`; the secrets are
//! unique "canaries" planted in every place a secret can hide.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use saml_inspector::redact::{self, Policy, export, har};
use saml_inspector::testing::{AttributeSpec, ResponseSpec, SESSION_NAME_ATTRIBUTE, analyze_texts};
use saml_inspector::{Options, Report};
use std::collections::BTreeSet;

const SALT: &[u8] = b"fixed test salt";

/// A unique secret for place `name`.
fn canary(name: &str) -> String {
    format!("Kanary{name}Zq8x")
}

/// Every place a canary is planted.
const PLACES: &[&str] = &[
    "NameId",
    "SessionName",
    "SourceIdentity",
    "Department",
    "SessionIndex",
    "SignatureValue",
    "DigestValue",
    "RelayStatePost",
    "RelayStateRedirect",
    "RedirectSignature",
    "QueryToken",
    "QueryUser",
    "Fragment",
    "CookieHeader",
    "CookieArray",
    "SetCookie",
    "Bearer",
    "ApiKey",
    "JsonRequest",
    "JsonNested",
    "JsonResponse",
    "HtmlBody",
    "EntryComment",
    "LogComment",
    "UrlUserInfo",
    "FormField",
];

fn percent(text: &str) -> String {
    saml_inspector::redact::url::percent_encode(text, false)
}

/// The planted Response: every value a canary, plus a (fake) signature.
fn planted_response() -> String {
    let mut spec = ResponseSpec {
        name_id: Some(format!("{}@example.com", canary("NameId"))),
        ..Default::default()
    };
    spec.attributes[1] = AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &[&canary("SessionName")]);
    spec.attributes.push(AttributeSpec::new(
        "https://aws.amazon.com/SAML/Attributes/SourceIdentity",
        &[&canary("SourceIdentity")],
    ));
    spec.attributes
        .push(AttributeSpec::new("department", &[&canary("Department")]));
    let xml = spec.xml();
    let signature = format!(
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>\
<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\
<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
<ds:Reference URI=\"#_a1b2c3d4e5f6\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\
<ds:DigestValue>{}</ds:DigestValue></ds:Reference></ds:SignedInfo>\
<ds:SignatureValue>{}</ds:SignatureValue></ds:Signature>",
        canary("DigestValue"),
        canary("SignatureValue")
    );
    let xml = xml.replacen(
        "</saml:Issuer><saml:Subject>",
        &format!("</saml:Issuer>{signature}<saml:Subject>"),
        1,
    );
    let xml = xml.replace(
        "SessionIndex=\"",
        &format!("SessionIndex=\"{}", canary("SessionIndex")),
    );
    assert!(xml.contains(&canary("SessionIndex")), "{xml}");
    xml
}

fn authn_request() -> String {
    "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_req1\" Version=\"2.0\" \
IssueInstant=\"2024-05-01T11:59:58Z\" Destination=\"https://idp.example/sso\" \
AssertionConsumerServiceURL=\"https://signin.aws.amazon.com/saml\">\
<saml:Issuer>urn:amazon:webservices</saml:Issuer></samlp:AuthnRequest>"
        .to_owned()
}

fn header(name: &str, value: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "value": value })
}

/// A HAR with a canary in every place one can hide.
fn planted_har() -> String {
    let response = STANDARD.encode(planted_response());
    let form = format!(
        "SAMLResponse={}&RelayState={}&extra={}",
        percent(&response),
        canary("RelayStatePost"),
        canary("FormField")
    );
    let deflated = STANDARD.encode(miniz_oxide::deflate::compress_to_vec(
        authn_request().as_bytes(),
        6,
    ));
    let redirect = format!(
        "https://idp.example/sso?SAMLRequest={}&RelayState={}&SigAlg={}&Signature={}",
        percent(&deflated),
        canary("RelayStateRedirect"),
        percent("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
        canary("RedirectSignature")
    );
    let json_response =
        STANDARD.encode(serde_json::json!({ "session": canary("JsonResponse") }).to_string());
    let entry = |started: &str,
                 method: &str,
                 url: &str,
                 request: serde_json::Value,
                 response: serde_json::Value| {
        serde_json::json!({
            "startedDateTime": started,
            "time": 10.0,
            "serverIPAddress": "10.1.2.3",
            "comment": canary("EntryComment"),
            "request": {
                "method": method, "url": url, "httpVersion": "HTTP/1.1",
                "headers": request["headers"].clone(),
                "cookies": request["cookies"].clone(),
                "queryString": request["queryString"].clone(),
                "postData": request["postData"].clone(),
                "headersSize": -1, "bodySize": -1
            },
            "response": {
                "status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                "headers": response["headers"].clone(),
                "cookies": response["cookies"].clone(),
                "content": response["content"].clone(),
                "redirectURL": "", "headersSize": -1, "bodySize": -1
            },
            "cache": {}, "timings": { "send": 0, "wait": 10, "receive": 0 }
        })
    };
    let har = serde_json::json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "test", "version": "1" },
            "comment": canary("LogComment"),
            "pages": [],
            "entries": [
                entry(
                    "2024-05-01T11:59:57.000Z",
                    "GET",
                    &format!(
                        "https://{}@idp.example/login?token={}&user={}#access_token={}",
                        canary("UrlUserInfo"),
                        canary("QueryToken"),
                        canary("QueryUser"),
                        canary("Fragment")
                    ),
                    serde_json::json!({
                        "headers": [
                            header("Cookie", &format!("sid={}", canary("CookieHeader"))),
                            header("Authorization", &format!("Bearer {}", canary("Bearer"))),
                            header("X-Api-Key", &canary("ApiKey")),
                            header("X-Forwarded-For", "10.9.8.7"),
                        ],
                        "cookies": [{ "name": "sid", "value": canary("CookieArray") }],
                        "queryString": [
                            { "name": "token", "value": canary("QueryToken") },
                            { "name": "user", "value": canary("QueryUser") },
                        ],
                    }),
                    serde_json::json!({
                        "headers": [header("Set-Cookie", &format!("sess={}; Path=/; Secure", canary("SetCookie")))],
                        "cookies": [{ "name": "sess", "value": canary("SetCookie") }],
                        "content": { "mimeType": "text/html", "size": 10, "text": format!("<p>Hello {}</p>", canary("HtmlBody")) },
                    }),
                ),
                entry(
                    "2024-05-01T11:59:57.500Z",
                    "POST",
                    "https://idp.example/api/authn",
                    serde_json::json!({
                        "headers": [], "cookies": [], "queryString": [],
                        "postData": {
                            "mimeType": "application/json",
                            "text": serde_json::json!({ "password": canary("JsonRequest"), "nested": { "note": canary("JsonNested") } }).to_string(),
                        },
                    }),
                    serde_json::json!({
                        "headers": [], "cookies": [],
                        "content": { "mimeType": "application/json", "size": 10, "encoding": "base64", "text": json_response },
                    }),
                ),
                entry(
                    "2024-05-01T11:59:58.000Z",
                    "GET",
                    &redirect,
                    serde_json::json!({ "headers": [], "cookies": [], "queryString": [] }),
                    serde_json::json!({ "headers": [], "cookies": [], "content": { "mimeType": "text/html", "size": 0, "text": "" } }),
                ),
                entry(
                    "2024-05-01T12:00:00.000Z",
                    "POST",
                    "https://signin.aws.amazon.com/saml",
                    serde_json::json!({
                        "headers": [header("Content-Type", "application/x-www-form-urlencoded")],
                        "cookies": [], "queryString": [],
                        "postData": { "mimeType": "application/x-www-form-urlencoded", "text": form },
                    }),
                    serde_json::json!({ "headers": [], "cookies": [], "content": { "mimeType": "text/html", "size": 0, "text": "" } }),
                ),
            ]
        }
    });
    serde_json::to_string_pretty(&har).unwrap()
}

/// Every form a canary could survive in: clear, case-changed, percent-encoded, and
/// base64 at each of the three alignments.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![
        secret.to_owned(),
        secret.to_lowercase(),
        secret.to_uppercase(),
        percent(secret),
    ];
    for alignment in 0..3 {
        let encoded = STANDARD.encode(format!("{}{secret}", "A".repeat(alignment)));
        // The characters that depend only on the secret's bytes.
        let start = alignment.div_ceil(3) * 4;
        let end = (alignment + secret.len()) / 3 * 4;
        forms.push(encoded[start..end].to_owned());
    }
    forms
}

fn assert_no_canary(label: &str, output: &str) {
    for place in PLACES {
        for form in forms(&canary(place)) {
            assert!(
                !output.contains(&form),
                "{label}: the {place} canary survives as {form:?}"
            );
        }
    }
    for address in ["10.1.2.3", "10.9.8.7"] {
        assert!(!output.contains(address), "{label}: {address} survives");
    }
}

fn analyse(texts: &[&str]) -> Report {
    analyze_texts(texts, &Options::default())
}

#[test]
fn the_canary_corpus_plants_what_it_claims() {
    let har = planted_har();
    let report = analyse(&[&har]);
    let kinds: Vec<&str> = report.messages.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(kinds, ["AuthnRequest", "Response"], "{report:#?}");
    let markdown = saml_inspector::report::render::markdown(&report);
    // Without redaction the canaries are there: the test can fail.
    assert!(markdown.contains(&canary("NameId")));
    assert!(markdown.contains(&canary("RelayStatePost")));
    assert!(har.contains(&canary("JsonNested")));
}

#[test]
fn no_canary_survives_any_export() {
    let har = planted_har();
    let xml = planted_response();
    let base64 = STANDARD.encode(&xml);
    for (label, inputs) in [
        ("har", vec![har.as_str()]),
        ("xml", vec![xml.as_str()]),
        ("base64", vec![base64.as_str()]),
    ] {
        let report = analyse(&inputs);
        let mut redacted = redact::redact_report(&report, Policy::default(), SALT);
        assert_no_canary(&format!("{label} markdown"), &export::markdown(&redacted));
        assert_no_canary(&format!("{label} json"), &export::json(&redacted));
        assert_no_canary(&format!("{label} html"), &export::html(&redacted));
        assert_no_canary(&format!("{label} text"), &export::text(&redacted));
        if label == "har" {
            let sanitized = har::sanitize(&mut redacted.redactor, har.as_bytes()).unwrap();
            assert_no_canary("sanitized har", &sanitized);
            // Base64 bodies decoded: nothing there either.
            let value: serde_json::Value = serde_json::from_str(&sanitized).unwrap();
            let body = value["log"]["entries"][1]["response"]["content"]["text"]
                .as_str()
                .unwrap();
            let body = String::from_utf8(STANDARD.decode(body).unwrap()).unwrap();
            assert_no_canary("sanitized har body", &body);
        }
    }
}

fn run_cli(arguments: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_saml-inspect"))
        .args(arguments)
        .output()
        .unwrap()
}

#[test]
fn the_cli_redacts_every_format() {
    let directory = std::env::temp_dir().join(format!("redaction-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join("planted.har");
    std::fs::write(&path, planted_har()).unwrap();
    let path = path.to_str().unwrap();
    for format in ["text", "json", "markdown", "html", "har"] {
        let output = run_cli(&["--redact", "--salt", "s", "--format", format, path]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_no_canary(&format!("cli {format}"), &stdout);
        let receipt = match format {
            "har" => "log",
            "json" => "\"redaction\"",
            _ => "eceipt",
        };
        assert!(stdout.contains(receipt), "{format}: no receipt");
    }
    // The sanitized HAR is itself an input the CLI reads.
    let har = run_cli(&["--format", "har", "--salt", "s", path]);
    let sanitized = directory.join("sanitized.har");
    std::fs::write(&sanitized, &har.stdout).unwrap();
    let again = run_cli(&["--format", "json", sanitized.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["messages"].as_array().unwrap().len(), 2);
    // --format har without a HAR is refused.
    let xml = directory.join("message.xml");
    std::fs::write(&xml, planted_response()).unwrap();
    let refused = run_cli(&["--format", "har", xml.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&directory);
}

fn finding_ids(report: &Report, keep_signature: bool) -> Vec<BTreeSet<String>> {
    report
        .messages
        .iter()
        .map(|message| {
            message
                .findings
                .iter()
                .map(|finding| finding.id.as_str().to_owned())
                .filter(|id| {
                    keep_signature || !(id.starts_with("core.sig.") || id.starts_with("core.cert."))
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_sanitized_har_reads_back_as_the_same_messages() {
    let har = planted_har();
    let report = analyse(&[&har]);
    let mut redacted = redact::redact_report(&report, Policy::default(), SALT);
    let sanitized = har::sanitize(&mut redacted.redactor, har.as_bytes()).unwrap();
    let again = analyse(&[&sanitized]);
    let kinds = |report: &Report| -> Vec<String> {
        report
            .messages
            .iter()
            .map(|m| m.kind.as_str().to_owned())
            .collect()
    };
    assert_eq!(kinds(&again), kinds(&report));
    assert_eq!(finding_ids(&again, false), finding_ids(&report, false));
    // Same pseudonyms in the report and in the HAR read back.
    let response = |report: &Report| {
        report
            .messages
            .iter()
            .find(|m| m.kind.as_str() == "Response")
            .and_then(|m| m.subject.clone())
            .unwrap()
            .name_id
    };
    assert_eq!(response(&again), response(&redacted.report));
    // The signature says why it cannot be checked.
    let signature = &again.messages[1].signatures[0];
    assert!(
        signature.reason.contains("not verifiable: redacted"),
        "{signature:?}"
    );
}

/// (what the fault is, the spec, the attribute or field that shows it, what must hold
/// of the redacted value)
type Fault = (&'static str, ResponseSpec, &'static str, fn(&str) -> bool);

#[test]
fn the_diagnosis_survives_redaction() {
    let with_session_name = |value: &str| {
        let mut spec = ResponseSpec::default();
        spec.attributes[1] = AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &[value]);
        spec
    };
    let role = "https://aws.amazon.com/SAML/Attributes/Role";
    let mut comma_space = ResponseSpec::default();
    comma_space.attributes[0] = AttributeSpec::new(
        role,
        &["arn:aws:iam::123456789012:role/R, arn:aws:iam::123456789012:saml-provider/P"],
    );
    let faults: Vec<Fault> = vec![
        (
            "trailing space in RoleSessionName",
            with_session_name("jdoe "),
            SESSION_NAME_ATTRIBUTE,
            |v| v.ends_with(' ') && !v.starts_with("jdoe"),
        ),
        (
            "leading tab",
            with_session_name("\tjdoe"),
            SESSION_NAME_ATTRIBUTE,
            |v| v.starts_with('\t'),
        ),
        (
            "slash in session name",
            with_session_name("corp/jdoe"),
            SESSION_NAME_ATTRIBUTE,
            |v| v.contains('/') && !v.contains("jdoe"),
        ),
        (
            "upper case",
            with_session_name("JDoe"),
            SESSION_NAME_ATTRIBUTE,
            |v| v.starts_with("ANon-"),
        ),
        ("space after the comma in Role", comma_space, role, |v| {
            v.contains(", arn:")
        }),
    ];
    for (fault, spec, attribute, holds) in faults {
        let xml = spec.xml();
        let report = analyse(&[&xml]);
        let redacted = redact::redact_report(&report, Policy::default(), SALT);
        let message = &redacted.report.messages[0];
        let value = &message
            .attributes
            .iter()
            .find(|a| a.name == attribute)
            .unwrap()
            .values[0];
        assert!(holds(value), "{fault}: redacted to {value:?}");
        assert_eq!(
            finding_ids(&redacted.report, true),
            finding_ids(&report, true),
            "{fault}"
        );
        // The redacted XML, analysed again, gives the same findings.
        let again = analyse(&[message.xml.as_deref().unwrap()]);
        assert_eq!(
            finding_ids(&again, false),
            finding_ids(&report, false),
            "{fault}"
        );
        // The shape shows in the Markdown too (quoted with its whitespace).
        let markdown = export::markdown(&redacted);
        let quoted = saml_inspector::report::render::quote(value);
        assert!(
            markdown.contains(&quoted.replace('|', "\\|")),
            "{fault}: {markdown}"
        );
    }
    // JDoe and jdoe: tokens that differ in case only, like the values.
    let mut options = Options::default();
    options.expect.set("username", "jdoe").unwrap();
    let xml = with_session_name("JDoe").xml();
    let report = analyze_texts(&[&xml], &options);
    let redacted = redact::redact_report(&report, Policy::default(), SALT);
    let session = &redacted.report.messages[0].attributes[1].values[0];
    let expected = redacted.report.expect.username.clone().unwrap();
    assert_ne!(session, &expected);
    assert_eq!(session.to_lowercase(), expected);
}

#[test]
fn redaction_is_deterministic_per_salt_and_unlinkable_across_salts() {
    // A small seeded generator: values of every shape.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let alphabet: Vec<char> = "abcdefghijKLMNOP0123456789 ._-@/".chars().collect();
    for round in 0..40 {
        let length = 4 + next() % 20;
        let value: String = (0..length)
            .map(|_| alphabet[next() % alphabet.len()])
            .collect();
        let value = format!("u{value}x");
        let xml = ResponseSpec {
            name_id: Some(value.replace('&', "&amp;").replace('<', "&lt;")),
            ..Default::default()
        }
        .xml();
        let report = analyse(&[&xml]);
        let one = redact::redact_report(
            &report,
            Policy::default(),
            format!("salt {round}").as_bytes(),
        );
        let again = redact::redact_report(
            &report,
            Policy::default(),
            format!("salt {round}").as_bytes(),
        );
        let other = redact::redact_report(
            &report,
            Policy::default(),
            format!("other {round}").as_bytes(),
        );
        assert_eq!(
            export::markdown(&one),
            export::markdown(&again),
            "{value:?}"
        );
        assert_eq!(export::json(&one), export::json(&again), "{value:?}");
        let name_id = |redacted: &redact::Redacted| {
            redacted.report.messages[0].subject.clone().unwrap().name_id
        };
        assert_ne!(name_id(&one), value, "{value:?} was kept");
        assert_ne!(
            name_id(&one),
            name_id(&other),
            "{value:?}: same token under two salts"
        );
    }
}

#[test]
fn toggles_change_what_is_replaced() {
    let xml = ResponseSpec::default().xml();
    let report = analyse(&[&xml]);
    let account = "111122223333";
    // (toggles, value, whether the export may still contain the value)
    type Toggles = &'static [(&'static str, bool)];
    let cases: [(Toggles, &str, bool); 5] = [
        (&[], account, true),
        (&[("account_ids", true)], account, false),
        (&[], "jdoe@example.com", false),
        // The NameID toggle still covers the NameID, and so every copy of its value.
        (&[("emails", false)], "jdoe@example.com", false),
        (
            &[
                ("emails", false),
                ("name_ids", false),
                ("role_session_names", false),
            ],
            "jdoe@example.com",
            true,
        ),
    ];
    for (toggles, value, kept) in cases {
        let mut policy = Policy::default();
        for (name, on) in toggles {
            assert!(policy.set(name, *on));
        }
        let redacted = redact::redact_report(&report, policy, SALT);
        let markdown = export::markdown(&redacted);
        assert_eq!(
            markdown.contains(value),
            kept,
            "{toggles:?} {value}: {markdown}"
        );
        if toggles.contains(&("account_ids", true)) {
            // The ARN keeps its form: a 12-digit account id.
            let role = &redacted.report.messages[0].attributes[0].values[0];
            let ids = redact::account_ids(role);
            assert_eq!(ids.len(), 2, "{role}");
            assert_eq!(ids[0], ids[1], "{role}");
        }
    }
    // The receipt counts each value once.
    let redacted = redact::redact_report(&report, Policy::default(), SALT);
    let emails = redacted
        .receipt
        .replaced
        .iter()
        .find(|line| line.category == redact::Category::Email)
        .unwrap();
    assert_eq!(emails.count, 1, "{:?}", redacted.receipt);
}

#[test]
fn hostile_input_does_not_panic() {
    let mut redactor = redact::Redactor::new(Policy::default(), SALT);
    redactor.secret("jdoe@example.com", redact::Category::Email);
    // Every prefix of a message, and of a HAR: cut anywhere, including inside a
    // multi-byte character.
    let xml = planted_response().replace("Kanary", "Känary€");
    for end in (0..xml.len()).step_by(7) {
        let cut = String::from_utf8_lossy(&xml.as_bytes()[..end]);
        let _ = redact::xml::redact_xml(&mut redactor, &cut);
        let _ = redactor.replace(&cut);
    }
    let har = planted_har();
    for end in (0..har.len()).step_by(997) {
        assert!(har::sanitize(&mut redactor, &har.as_bytes()[..end]).is_err());
    }
    for text in [
        "",
        "\u{0}",
        "%",
        "%%41",
        "?&=#",
        "https://@/?=&#=",
        "\"\\u{1}\"",
    ] {
        let _ = redact::url::sanitize(&mut redactor, text, &redact::url::SamlValues::Marker);
        let _ = redactor.replace(text);
        let _ = redactor.token(text);
    }
}

#[test]
fn every_redacted_export_reads_back_as_the_same_messages() {
    let har = planted_har();
    let report = analyse(&[&har]);
    let redacted = redact::redact_report(&report, Policy::default(), SALT);
    for (format, text) in [
        ("json", export::json(&redacted)),
        ("markdown", export::markdown(&redacted)),
        ("html", export::html(&redacted)),
    ] {
        let again = analyse(&[&text]);
        assert_eq!(
            again.inputs[0].kind,
            Some(saml_inspector::input::InputKind::Report),
            "{format}"
        );
        let kinds = |report: &Report| -> Vec<&'static str> {
            report.messages.iter().map(|m| m.kind.as_str()).collect()
        };
        assert_eq!(kinds(&again), kinds(&report), "{format}");
        assert_eq!(
            finding_ids(&again, false)
                .into_iter()
                .map(|ids| ids
                    .into_iter()
                    .filter(|id| !id.starts_with("core.time") && !id.starts_with("core.subject"))
                    .collect::<BTreeSet<_>>())
                .collect::<Vec<_>>(),
            finding_ids(&report, false)
                .into_iter()
                .map(|ids| ids
                    .into_iter()
                    .filter(|id| !id.starts_with("core.time") && !id.starts_with("core.subject"))
                    .collect::<BTreeSet<_>>())
                .collect::<Vec<_>>(),
            "{format}"
        );
        let response = again
            .messages
            .iter()
            .find(|m| m.kind.as_str() == "Response")
            .unwrap();
        assert!(
            response
                .signatures
                .iter()
                .all(|signature| signature.reason.contains("not verifiable: redacted")),
            "{format}: {:?}",
            response.signatures
        );
        // And nothing planted comes back through the round trip.
        assert_no_canary(
            format,
            &export::json(&redact::redact_report(&again, Policy::default(), SALT)),
        );
    }
}
