//! The `core` pack over whole made-up sign-ins: HARs in which the SP sends an
//! AuthnRequest (HTTP-Redirect) and the browser then posts the IdP's Response (HTTP-POST),
//! checked for the flow correlation (InResponseTo, RelayState, the requested ACS), the
//! clock skew against the capture time and the SP's `Date`, and one signed fixture.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::report::{MessageReport, TimeSource};
use saml_inspector::saml::MessageKind;
use saml_inspector::testing::{ResponseSpec, analyze_texts, finding, severity};
use saml_inspector::{Input, Options, Timestamp, analyze};

const ACS: &str = "https://signin.aws.amazon.com/saml";
const IDP_SSO: &str = "https://idp.example.com/app/aws/sso/saml";
const RELAY_STATE: &str = "https://console.aws.amazon.com/ec2/home";

/// An AuthnRequest from the SP for a Response at `acs`.
fn authn_request(id: &str, acs: &str) -> String {
    format!(
        r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{id}" Version="2.0" IssueInstant="2024-05-01T11:59:58Z" Destination="{IDP_SSO}" AssertionConsumerServiceURL="{acs}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>urn:amazon:webservices</saml:Issuer></samlp:AuthnRequest>"#
    )
}

/// `application/x-www-form-urlencoded` / query encoding of a value.
fn percent_encode(value: &str) -> String {
    let mut encoded = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The HTTP-Redirect encoding (SAML Bindings §3.4.4.1): raw DEFLATE, base64, URL-encoded.
fn redirect_url(request: &str, relay_state: Option<&str>) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(request.as_bytes(), 6);
    let mut url = format!(
        "{IDP_SSO}?SAMLRequest={}",
        percent_encode(&STANDARD.encode(deflated))
    );
    if let Some(relay_state) = relay_state {
        url.push_str(&format!("&RelayState={}", percent_encode(relay_state)));
    }
    url
}

/// One HAR entry.
struct Entry {
    started: &'static str,
    method: &'static str,
    url: String,
    /// A form body for a POST.
    body: Option<String>,
    /// The response's `Date` header.
    date: Option<&'static str>,
}

fn har(entries: &[Entry]) -> String {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|entry| {
            let mut request = serde_json::json!({
                "method": entry.method,
                "url": entry.url,
                "httpVersion": "HTTP/1.1",
                "headers": [],
                "queryString": [],
                "cookies": [],
                "headersSize": -1,
                "bodySize": entry.body.as_ref().map_or(0, String::len),
            });
            if let Some(body) = &entry.body {
                request["postData"] = serde_json::json!({
                    "mimeType": "application/x-www-form-urlencoded",
                    "text": body,
                });
            }
            let headers: Vec<serde_json::Value> = entry
                .date
                .iter()
                .map(|date| serde_json::json!({ "name": "Date", "value": date }))
                .collect();
            serde_json::json!({
                "startedDateTime": entry.started,
                "time": 100,
                "request": request,
                "response": {
                    "status": 302,
                    "statusText": "Found",
                    "httpVersion": "HTTP/1.1",
                    "headers": headers,
                    "cookies": [],
                    "content": { "size": 0, "mimeType": "text/html" },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": 0,
                },
                "cache": {},
                "timings": { "send": 1, "wait": 98, "receive": 1 },
            })
        })
        .collect();
    serde_json::json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "rules_core test", "version": "1" },
            "entries": entries,
        }
    })
    .to_string()
}

/// The SP's redirect to the IdP with `request_id`, then the posted Response.
struct SignIn {
    request_id: &'static str,
    requested_acs: &'static str,
    request_relay_state: Option<&'static str>,
    response: ResponseSpec,
    response_relay_state: Option<&'static str>,
    posted_to: &'static str,
    posted_at: &'static str,
    sp_date: Option<&'static str>,
}

impl Default for SignIn {
    /// A clean SP-initiated sign-in: request at 11:59:58, Response (issued 12:00:00)
    /// posted at 12:00:01 and answered by the SP at 12:00:01.
    fn default() -> SignIn {
        SignIn {
            request_id: "_req7f3a",
            requested_acs: ACS,
            request_relay_state: Some(RELAY_STATE),
            response: ResponseSpec {
                in_response_to: Some("_req7f3a".to_owned()),
                confirmation_in_response_to: Some("_req7f3a".to_owned()),
                ..ResponseSpec::default()
            },
            response_relay_state: Some(RELAY_STATE),
            posted_to: ACS,
            posted_at: "2024-05-01T12:00:01.250Z",
            sp_date: Some("Wed, 01 May 2024 12:00:01 GMT"),
        }
    }
}

impl SignIn {
    fn har(&self) -> String {
        let mut body = format!(
            "SAMLResponse={}",
            percent_encode(&STANDARD.encode(self.response.xml()))
        );
        if let Some(relay_state) = self.response_relay_state {
            body.push_str(&format!("&RelayState={}", percent_encode(relay_state)));
        }
        har(&[
            Entry {
                started: "2024-05-01T11:59:58.000Z",
                method: "GET",
                url: redirect_url(
                    &authn_request(self.request_id, self.requested_acs),
                    self.request_relay_state,
                ),
                body: None,
                date: Some("Wed, 01 May 2024 11:59:58 GMT"),
            },
            Entry {
                started: self.posted_at,
                method: "POST",
                url: self.posted_to.to_owned(),
                body: Some(body),
                date: self.sp_date,
            },
        ])
    }

    /// The analysed Response (the second message of the HAR).
    fn response(&self) -> MessageReport {
        // No --at: each message is judged at its own capture time.
        let har = self.har();
        let input = Input {
            name: "sign-in.har",
            bytes: har.as_bytes(),
        };
        let clock = Timestamp::parse("2030-01-01T00:00:00Z").expect("a valid literal");
        let report = analyze(&[input], &Options::default(), clock);
        let kinds: Vec<MessageKind> = report.messages.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [MessageKind::AuthnRequest, MessageKind::Response],
            "the HAR reads back as a request then a response"
        );
        report.messages.into_iter().nth(1).expect("two messages")
    }
}

struct Case {
    name: &'static str,
    sign_in: SignIn,
    rule: RuleId,
    severity: Option<Severity>,
    mentions: &'static str,
}

fn cases() -> Vec<Case> {
    let response = |change: fn(&mut ResponseSpec)| {
        let mut sign_in = SignIn::default();
        change(&mut sign_in.response);
        sign_in
    };
    vec![
        Case {
            name: "sp-initiated, answered and relay state returned",
            sign_in: SignIn::default(),
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Pass),
            mentions: "RelayState the SP sent came back",
        },
        Case {
            name: "answers another request",
            sign_in: SignIn {
                request_id: "_req0000",
                ..SignIn::default()
            },
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Error),
            mentions: "\"_req0000\"",
        },
        Case {
            name: "unsolicited after an AuthnRequest",
            sign_in: response(|spec| {
                spec.in_response_to = None;
                spec.confirmation_in_response_to = None;
            }),
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Warning),
            mentions: "unsolicited",
        },
        Case {
            name: "relay state dropped",
            sign_in: SignIn {
                response_relay_state: None,
                ..SignIn::default()
            },
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Warning),
            mentions: "RelayState was not returned",
        },
        Case {
            name: "relay state changed",
            sign_in: SignIn {
                response_relay_state: Some("https://console.aws.amazon.com/"),
                ..SignIn::default()
            },
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Warning),
            mentions: "RelayState changed",
        },
        Case {
            name: "destination is the requested acs",
            sign_in: SignIn::default(),
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Pass),
            mentions: "HAR entry 0",
        },
        Case {
            name: "destination is not the requested acs",
            sign_in: SignIn {
                requested_acs: "https://eu-west-1.signin.aws.amazon.com/saml",
                ..SignIn::default()
            },
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Error),
            mentions: "\"eu-west-1.signin.aws.amazon.com\"",
        },
        Case {
            name: "an unsolicited response is not held to an earlier request's acs",
            sign_in: SignIn {
                requested_acs: "https://eu-west-1.signin.aws.amazon.com/saml",
                ..response(|spec| {
                    spec.in_response_to = None;
                    spec.confirmation_in_response_to = None;
                })
            },
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Pass),
            mentions: "Destination \"https://signin.aws.amazon.com/saml\"",
        },
        Case {
            name: "posted somewhere other than the destination",
            sign_in: SignIn {
                posted_to: "https://signin.aws.amazon.com/saml/acs",
                ..SignIn::default()
            },
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Error),
            mentions: "posted it to",
        },
        Case {
            name: "posted to the destination with the host recorded in lower case",
            sign_in: SignIn {
                requested_acs: "https://Signin.aws.amazon.com/saml",
                ..response(|spec| {
                    spec.destination = Some("https://Signin.aws.amazon.com/saml".to_owned());
                    spec.recipient = Some("https://Signin.aws.amazon.com/saml".to_owned());
                })
            },
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Warning),
            mentions: "letter case",
        },
        Case {
            name: "clocks agree",
            sign_in: SignIn::default(),
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Pass),
            mentions: "the SP's HTTP Date",
        },
        Case {
            name: "idp half a minute behind",
            sign_in: SignIn {
                posted_at: "2024-05-01T12:00:31.000Z",
                sp_date: Some("Wed, 01 May 2024 12:00:31 GMT"),
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Info),
            mentions: "31 s behind",
        },
        Case {
            name: "idp eight minutes ahead of the sp",
            sign_in: SignIn {
                posted_at: "2024-05-01T11:52:00.000Z",
                sp_date: Some("Wed, 01 May 2024 11:52:00 GMT"),
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Warning),
            mentions: "8 min 0 s ahead of the SP's HTTP Date",
        },
        Case {
            name: "only the sp's clock disagrees",
            sign_in: SignIn {
                sp_date: Some("Wed, 01 May 2024 12:07:00 GMT"),
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Warning),
            mentions: "7 min 0 s behind the SP's HTTP Date",
        },
        Case {
            name: "the recording browser's clock is off, not the idp's",
            sign_in: SignIn {
                posted_at: "2024-05-01T12:09:00.000Z",
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Info),
            mentions: "recording browser's clock",
        },
        Case {
            name: "no date header: the capture time alone",
            sign_in: SignIn {
                sp_date: None,
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Pass),
            mentions: "HAR capture time",
        },
        Case {
            name: "posted after the window closed",
            sign_in: SignIn {
                posted_at: "2024-05-01T12:30:00.000Z",
                sp_date: Some("Wed, 01 May 2024 12:30:00 GMT"),
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeWindow,
            severity: Some(Severity::Error),
            mentions: "HAR capture time",
        },
    ]
}

#[test]
fn flow_correlation_and_skew_in_a_har() {
    let mut failures = Vec::new();
    for case in cases() {
        let message = case.sign_in.response();
        assert_eq!(
            message.reference_time.source,
            TimeSource::Har,
            "{}",
            case.name
        );
        let got = severity(&message, case.rule);
        if got != case.severity {
            failures.push(format!(
                "{}: {} expected {:?}, got {:?}: {:?}",
                case.name,
                case.rule,
                case.severity,
                got,
                message.findings.iter().find(|f| f.id == case.rule)
            ));
            continue;
        }
        let found = finding(&message, case.rule);
        let text = format!("{} | {} | {}", found.title, found.detail, found.fix);
        if !text.contains(case.mentions) {
            failures.push(format!(
                "{}: {} does not mention {:?}: {text}",
                case.name, case.rule, case.mentions
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_clean_sign_in_has_no_core_error() {
    let message = SignIn::default().response();
    let errors: Vec<_> = message
        .findings
        .iter()
        .filter(|f| {
            // Unsigned by construction: core.sig.present and its AWS twin aws.signing
            // are not this pack's to judge here.
            f.severity == Severity::Error
                && f.id.as_str().starts_with("core.")
                && !f.id.as_str().starts_with("core.sig")
        })
        .map(|f| format!("{}: {}", f.id, f.detail))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/signed/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A signed Response must carry Destination (SAML Bindings §3.5.5.2): removing it is an
/// error even though the signature then also breaks.
#[test]
fn a_signed_response_needs_its_destination() {
    let signed = fixture("response-response-signed.xml");
    let at = Options {
        reference_time: Timestamp::parse("2025-03-04T09:15:30Z"),
        ..Options::default()
    };
    let report = analyze_texts(&[&signed], &at);
    let message = &report.messages[0];
    assert_eq!(
        severity(message, RuleId::CoreDestination),
        Some(Severity::Pass),
        "{:#?}",
        message.findings
    );
    assert_eq!(severity(message, RuleId::CoreVersion), Some(Severity::Pass));
    assert_eq!(
        severity(message, RuleId::CoreTimeWindow),
        Some(Severity::Pass)
    );

    let stripped = signed.replacen(" Destination=\"https://signin.aws.amazon.com/saml\"", "", 1);
    assert_ne!(stripped, signed);
    let report = analyze_texts(&[&stripped], &at);
    let found = finding(&report.messages[0], RuleId::CoreDestination);
    assert_eq!(found.severity, Severity::Error, "{found:?}");
    assert!(found.title.contains("signed"), "{found:?}");
}
