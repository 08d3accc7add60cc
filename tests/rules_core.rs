//! Pack `core` (`core.*` but the decoding and signature rules): any SAML 2.0 message,
//! end to end.
//!
//! - One table of made-up messages, one fault per case, for a pass and the failures of
//!   every rule (`message_cases`); requests, metadata, a lone Assertion and a
//!   LogoutResponse get the rules that apply to them; odd values never panic.
//! - Whole made-up sign-ins: HARs in which the SP sends an AuthnRequest (HTTP-Redirect)
//!   and the browser then posts the IdP's Response (HTTP-POST), checked for the flow
//!   correlation (InResponseTo, RelayState, the requested ACS), the clock skew against
//!   the capture time and the SP's `Date` (`flow_cases`); and one signed fixture.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use saml_inspector::checks::context::{MetadataRole, MetadataSeen};
use saml_inspector::checks::idp::Idp;
use saml_inspector::checks::{Pack, RuleId, Severity};
use saml_inspector::report::{MessageReport, TimeSource};
use saml_inspector::saml::MessageKind;
use saml_inspector::testing::{
    AttributeSpec, ROLE_ARN, ROLE_ATTRIBUTE, ResponseSpec, analyze_texts, analyze_with, errors,
    finding, run_pack_as, severity,
};
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

struct FlowCase {
    name: &'static str,
    sign_in: SignIn,
    rule: RuleId,
    severity: Option<Severity>,
    mentions: &'static str,
}

fn flow_cases() -> Vec<FlowCase> {
    let response = |change: fn(&mut ResponseSpec)| {
        let mut sign_in = SignIn::default();
        change(&mut sign_in.response);
        sign_in
    };
    vec![
        FlowCase {
            name: "sp-initiated, answered and relay state returned",
            sign_in: SignIn::default(),
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Pass),
            mentions: "RelayState the SP sent came back",
        },
        FlowCase {
            name: "answers another request",
            sign_in: SignIn {
                request_id: "_req0000",
                ..SignIn::default()
            },
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Error),
            mentions: "\"_req0000\"",
        },
        FlowCase {
            name: "unsolicited after an AuthnRequest",
            sign_in: response(|spec| {
                spec.in_response_to = None;
                spec.confirmation_in_response_to = None;
            }),
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Warning),
            mentions: "unsolicited",
        },
        FlowCase {
            name: "relay state dropped",
            sign_in: SignIn {
                response_relay_state: None,
                ..SignIn::default()
            },
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Warning),
            mentions: "RelayState was not returned",
        },
        FlowCase {
            name: "relay state changed",
            sign_in: SignIn {
                response_relay_state: Some("https://console.aws.amazon.com/"),
                ..SignIn::default()
            },
            rule: RuleId::CoreSubjectConfirmation,
            severity: Some(Severity::Warning),
            mentions: "RelayState changed",
        },
        FlowCase {
            name: "destination is the requested acs",
            sign_in: SignIn::default(),
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Pass),
            mentions: "the AuthnRequest of request 1",
        },
        FlowCase {
            name: "destination is not the requested acs",
            sign_in: SignIn {
                requested_acs: "https://eu-west-1.signin.aws.amazon.com/saml",
                ..SignIn::default()
            },
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Error),
            mentions: "\"eu-west-1.signin.aws.amazon.com\"",
        },
        FlowCase {
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
        FlowCase {
            name: "posted somewhere other than the destination",
            sign_in: SignIn {
                posted_to: "https://signin.aws.amazon.com/saml/acs",
                ..SignIn::default()
            },
            rule: RuleId::CoreDestination,
            severity: Some(Severity::Error),
            mentions: "posted it to",
        },
        FlowCase {
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
        FlowCase {
            name: "clocks agree",
            sign_in: SignIn::default(),
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Pass),
            mentions: "the SP's HTTP Date",
        },
        FlowCase {
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
        FlowCase {
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
        FlowCase {
            name: "only the sp's clock disagrees",
            sign_in: SignIn {
                sp_date: Some("Wed, 01 May 2024 12:07:00 GMT"),
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Warning),
            mentions: "7 min 0 s behind the SP's HTTP Date",
        },
        FlowCase {
            name: "the recording browser's clock is off, not the idp's",
            sign_in: SignIn {
                posted_at: "2024-05-01T12:09:00.000Z",
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Info),
            mentions: "recording browser's clock",
        },
        FlowCase {
            name: "no date header: the capture time alone",
            sign_in: SignIn {
                sp_date: None,
                ..SignIn::default()
            },
            rule: RuleId::CoreTimeSkew,
            severity: Some(Severity::Pass),
            mentions: "HAR capture time",
        },
        FlowCase {
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
    for case in flow_cases() {
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

// --- one message, one fault --------------------------------------------------------

const OKTA: &str = "http://www.okta.com/exk1example2idp3";

fn at(text: &str) -> Options {
    Options {
        reference_time: Timestamp::parse(text),
        ..Options::default()
    }
}

fn expect(pairs: &[&str]) -> Options {
    let mut options = Options::default();
    for pair in pairs {
        options.expect.set_pair(pair).expect("a valid pair");
    }
    options
}

fn metadata(role: MetadataRole, entity_id: &str, acs: &[&str]) -> Options {
    Options {
        trusted_metadata: vec![MetadataSeen {
            role,
            entity_id: Some(entity_id.to_owned()),
            acs_urls: acs.iter().map(|url| (*url).to_owned()).collect(),
            name_id_formats: Vec::new(),
            source: "metadata.xml".to_owned(),
        }],
        ..Options::default()
    }
}

fn spec(change: impl FnOnce(&mut ResponseSpec)) -> ResponseSpec {
    let mut spec = ResponseSpec::default();
    change(&mut spec);
    spec
}

const GENERIC_ACS: &str = "https://sp.example.test/saml/acs";

/// The clean Response, sent to a SAML SP no pack knows (so only `core` runs), changed.
fn generic(change: impl FnOnce(&mut ResponseSpec)) -> ResponseSpec {
    spec(|s| {
        s.destination = Some(GENERIC_ACS.into());
        s.recipient = Some(GENERIC_ACS.into());
        s.audiences = vec![vec!["https://sp.example.test/".into()]];
        change(s);
    })
}

struct MessageCase {
    name: &'static str,
    spec: ResponseSpec,
    options: Options,
    rule: RuleId,
    severity: Option<Severity>,
    /// Text the finding's title, detail or fix must contain.
    mentions: &'static str,
}

fn case(
    name: &'static str,
    spec: ResponseSpec,
    rule: RuleId,
    severity: Option<Severity>,
    mentions: &'static str,
) -> MessageCase {
    MessageCase {
        name,
        spec,
        options: Options::default(),
        rule,
        severity,
        mentions,
    }
}

fn with(options: Options, mut case: MessageCase) -> MessageCase {
    case.options = options;
    case
}

use RuleId::*;
use Severity::{Error, Info, Pass, Warning};

fn message_cases() -> Vec<MessageCase> {
    let clean = ResponseSpec::default;
    vec![
        // core.status
        case("success", clean(), CoreStatus, Some(Pass), "Success"),
        case(
            "authn failed",
            spec(|s| {
                s.status_code = Some("urn:oasis:names:tc:SAML:2.0:status:Responder".into());
                s.sub_status_code = Some("urn:oasis:names:tc:SAML:2.0:status:AuthnFailed".into());
                s.status_message = Some("MFA denied ".into());
                s.assertions = 0;
            }),
            CoreStatus,
            Some(Error),
            "\"MFA denied \"",
        ),
        case(
            "requester / invalid name id policy",
            spec(|s| {
                s.status_code = Some("urn:oasis:names:tc:SAML:2.0:status:Requester".into());
                s.sub_status_code =
                    Some("urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy".into());
                s.assertions = 0;
            }),
            CoreStatus,
            Some(Error),
            "Requester / InvalidNameIDPolicy",
        ),
        case(
            "no status",
            spec(|s| s.status_code = None),
            CoreStatus,
            Some(Error),
            "no Status",
        ),
        case(
            "unknown status code",
            spec(|s| s.status_code = Some("urn:example:ok".into())),
            CoreStatus,
            Some(Error),
            "not a SAML status code",
        ),
        // core.version
        case(
            "version clean",
            clean(),
            CoreVersion,
            Some(Pass),
            "_r1a2b3c4d5e6f",
        ),
        case(
            "version 1.1",
            spec(|s| s.version = Some("1.1".into())),
            CoreVersion,
            Some(Error),
            "not SAML 2.0",
        ),
        case(
            "no response id",
            spec(|s| s.response_id = None),
            CoreVersion,
            Some(Error),
            "Response has no ID",
        ),
        case(
            "id starts with a digit",
            spec(|s| s.response_id = Some("1f2e3d".into())),
            CoreVersion,
            Some(Warning),
            "NCName",
        ),
        case(
            "no assertion id",
            spec(|s| s.assertion_id = None),
            CoreVersion,
            Some(Error),
            "Assertion has no ID",
        ),
        case(
            "response and assertion share an id",
            spec(|s| s.assertion_id = s.response_id.clone()),
            CoreVersion,
            Some(Warning),
            "more than one element",
        ),
        case(
            "issue instant not a time",
            spec(|s| s.issue_instant = Some("01/05/2024 12:00".into())),
            CoreVersion,
            Some(Error),
            "not a valid time",
        ),
        case(
            "assertion instants without a zone: its IssueInstant and AuthnInstant",
            spec(|s| s.assertion_issue_instant = Some("2024-05-01T11:59:58".into())),
            CoreVersion,
            Some(Error),
            "AuthnStatement AuthnInstant \"2024-05-01T11:59:58\" is not an xs:dateTime with a time zone",
        ),
        case(
            "issue instant with a space for the T",
            spec(|s| s.issue_instant = Some("2024-05-01 12:00:00".into())),
            CoreVersion,
            Some(Error),
            "Response IssueInstant \"2024-05-01 12:00:00\" is not an xs:dateTime",
        ),
        // core.issuer
        case("issuer clean", clean(), CoreIssuer, Some(Pass), OKTA),
        case(
            "no assertion issuer",
            spec(|s| s.assertion_issuer = None),
            CoreIssuer,
            Some(Error),
            "Assertion has no Issuer",
        ),
        case(
            "issuers differ",
            spec(|s| s.issuer = Some("http://www.okta.com/exk9other".into())),
            CoreIssuer,
            Some(Warning),
            "differ",
        ),
        case(
            "issuer padded",
            spec(|s| s.assertion_issuer = Some(format!("{OKTA}\n"))),
            CoreIssuer,
            Some(Error),
            "\\n\"",
        ),
        with(
            metadata(MetadataRole::IdentityProvider, OKTA, &[]),
            case(
                "issuer is the metadata entity id",
                clean(),
                CoreIssuer,
                Some(Pass),
                "metadata.xml",
            ),
        ),
        with(
            metadata(MetadataRole::IdentityProvider, &format!("{OKTA}/"), &[]),
            case(
                "issuer lacks the metadata's trailing slash",
                clean(),
                CoreIssuer,
                Some(Error),
                "trailing slash",
            ),
        ),
        with(
            metadata(
                MetadataRole::IdentityProvider,
                "https://www.okta.com/exk1example2idp3",
                &[],
            ),
            case(
                "issuer scheme differs from metadata",
                clean(),
                CoreIssuer,
                Some(Error),
                "scheme is http instead of https",
            ),
        ),
        // core.destination
        case(
            "destination without anything to compare",
            generic(|_| {}),
            CoreDestination,
            Some(Pass),
            "to compare it with",
        ),
        case(
            "destination is an aws sign-in endpoint, which the pack knows",
            clean(),
            CoreDestination,
            Some(Pass),
            "Destination \"https://signin.aws.amazon.com/saml\"",
        ),
        with(
            expect(&["profile=aws-iam"]),
            case(
                "destination is aws's entity id under aws-iam",
                spec(|s| s.destination = Some("urn:amazon:webservices".into())),
                CoreDestination,
                Some(Error),
                "not IAM SAML federation's ACS",
            ),
        ),
        with(
            expect(&["profile=aws-iam"]),
            case(
                "destination is another host under aws-iam",
                spec(|s| s.destination = Some("https://sp.example.net/saml/acs".into())),
                CoreDestination,
                Some(Error),
                "\"https://sp.example.net/saml/acs\" is not",
            ),
        ),
        with(
            expect(&["profile=aws-iam"]),
            case(
                "destination with a trailing slash under aws-iam",
                spec(|s| s.destination = Some(format!("{ACS}/"))),
                CoreDestination,
                Some(Error),
                "trailing slash",
            ),
        ),
        with(
            expect(&["profile=aws-iam"]),
            case(
                "the right recipient is not blamed for a wrong destination",
                spec(|s| s.destination = Some("urn:amazon:webservices".into())),
                CoreSubjectConfirmation,
                Some(Pass),
                "aws.recipient",
            ),
        ),
        with(
            expect(&["acs=https://signin.aws.amazon.com/saml"]),
            case(
                "destination expected",
                clean(),
                CoreDestination,
                Some(Pass),
                ACS,
            ),
        ),
        with(
            expect(&["acs=https://eu-west-1.signin.aws.amazon.com/saml"]),
            case(
                "destination not the expected acs",
                clean(),
                CoreDestination,
                Some(Error),
                "the host is",
            ),
        ),
        with(
            metadata(
                MetadataRole::ServiceProvider,
                "urn:amazon:webservices",
                &["https://example.net/other", ACS],
            ),
            case(
                "destination one of the sp metadata acs",
                clean(),
                CoreDestination,
                Some(Pass),
                ACS,
            ),
        ),
        with(
            metadata(
                MetadataRole::ServiceProvider,
                "urn:amazon:webservices",
                &["https://signin.aws.amazon.com/saml/"],
            ),
            case(
                "destination lacks the sp metadata's slash",
                clean(),
                CoreDestination,
                Some(Error),
                "trailing slash",
            ),
        ),
        with(
            metadata(
                MetadataRole::ServiceProvider,
                "urn:amazon:webservices",
                &[
                    "https://example.net/other",
                    "https://signin.aws.amazon.com/saml/",
                ],
            ),
            case(
                "destination explained against the closest acs",
                clean(),
                CoreDestination,
                Some(Error),
                "trailing slash",
            ),
        ),
        case(
            "no destination on an unsigned response",
            spec(|s| s.destination = None),
            CoreDestination,
            Some(Info),
            "no Destination",
        ),
        case(
            "destination padded",
            spec(|s| {
                s.destination = Some(format!("{ACS}\u{a0}"));
                s.recipient = Some(format!("{ACS}\u{a0}"));
            }),
            CoreDestination,
            Some(Error),
            "\\u{a0}",
        ),
        // core.assertion.count
        case(
            "one assertion",
            clean(),
            CoreAssertionCount,
            Some(Pass),
            "One",
        ),
        case(
            "no assertion",
            spec(|s| s.assertions = 0),
            CoreAssertionCount,
            Some(Error),
            "no assertion",
        ),
        case(
            "no assertion with a failure status",
            spec(|s| {
                s.assertions = 0;
                s.status_code = Some("urn:oasis:names:tc:SAML:2.0:status:Requester".into());
            }),
            CoreAssertionCount,
            Some(Info),
            "as expected",
        ),
        case(
            "two assertions",
            spec(|s| s.assertions = 2),
            CoreAssertionCount,
            Some(Warning),
            "2 assertions",
        ),
        // core.assertion.encrypted
        case(
            "plain assertion",
            clean(),
            CoreAssertionEncrypted,
            Some(Pass),
            "not encrypted",
        ),
        case(
            "encrypted assertion",
            generic(|s| {
                s.assertions = 0;
                s.encrypted_assertions = 1;
            }),
            CoreAssertionEncrypted,
            Some(Warning),
            "Identity Center does not accept",
        ),
        case(
            "encrypted assertion sent to iam: the aws rule says whether it is accepted",
            spec(|s| {
                s.assertions = 0;
                s.encrypted_assertions = 1;
            }),
            CoreAssertionEncrypted,
            Some(Info),
            "aws.encryption",
        ),
        // core.subject.confirmation
        case(
            "bearer clean, idp-initiated",
            clean(),
            CoreSubjectConfirmation,
            Some(Pass),
            "IdP-initiated",
        ),
        case(
            "holder of key only",
            spec(|s| {
                s.confirmation_method = Some("urn:oasis:names:tc:SAML:2.0:cm:holder-of-key".into())
            }),
            CoreSubjectConfirmation,
            Some(Error),
            "holder-of-key",
        ),
        case(
            "recipient differs from destination, no acs known",
            generic(|s| s.recipient = Some("https://sp.example.test/acs".into())),
            CoreSubjectConfirmation,
            Some(Error),
            "Recipient and the Destination name different URLs",
        ),
        with(
            expect(&[&format!("acs={GENERIC_ACS}")]),
            case(
                "recipient is the expected acs while the destination is not",
                generic(|s| s.destination = Some("https://sp.example.test/acs".into())),
                CoreSubjectConfirmation,
                Some(Pass),
                GENERIC_ACS,
            ),
        ),
        with(
            expect(&[&format!("acs={GENERIC_ACS}")]),
            case(
                "recipient is not the expected acs",
                generic(|s| s.recipient = Some("https://sp.example.test/acs".into())),
                CoreSubjectConfirmation,
                Some(Error),
                "the ACS URL you expected",
            ),
        ),
        case(
            "no recipient",
            generic(|s| s.recipient = None),
            CoreSubjectConfirmation,
            Some(Warning),
            "no Recipient",
        ),
        case(
            "no recipient: aws needs one",
            spec(|s| s.recipient = None),
            CoreSubjectConfirmation,
            Some(Error),
            "AWS sign-in requires it",
        ),
        case(
            "no confirmation not-on-or-after",
            generic(|s| s.confirmation_not_on_or_after = None),
            CoreSubjectConfirmation,
            Some(Warning),
            "no NotOnOrAfter",
        ),
        case(
            "no confirmation not-on-or-after: aws needs one",
            spec(|s| s.confirmation_not_on_or_after = None),
            CoreSubjectConfirmation,
            Some(Error),
            "AWS sign-in requires it",
        ),
        case(
            "in-response-to values differ",
            spec(|s| {
                s.in_response_to = Some("_req1".into());
                s.confirmation_in_response_to = Some("_req2".into());
            }),
            CoreSubjectConfirmation,
            Some(Error),
            "\"_req2\"",
        ),
        case(
            "answers a request not in the inputs",
            spec(|s| {
                s.in_response_to = Some("_req1".into());
                s.confirmation_in_response_to = Some("_req1".into());
            }),
            CoreSubjectConfirmation,
            Some(Info),
            "SP-initiated",
        ),
        // core.time.window
        case(
            "inside the window",
            clean(),
            CoreTimeWindow,
            Some(Pass),
            "5 min 0 s before the end",
        ),
        with(
            at("2024-05-01T12:20:00Z"),
            case(
                "expired",
                clean(),
                CoreTimeWindow,
                Some(Error),
                "15 min 0 s after the end",
            ),
        ),
        with(
            at("2024-05-01T12:06:00Z"),
            case(
                "just expired, within tolerance",
                clean(),
                CoreTimeWindow,
                Some(Warning),
                "tolerance",
            ),
        ),
        with(
            at("2024-05-01T11:40:00Z"),
            case(
                "not yet valid",
                clean(),
                CoreTimeWindow,
                Some(Error),
                "not valid yet",
            ),
        ),
        case(
            "session already over",
            spec(|s| s.session_not_on_or_after = Some("2024-05-01T11:00:00Z".into())),
            CoreTimeWindow,
            Some(Error),
            "session",
        ),
        case(
            "not a time",
            spec(|s| s.not_on_or_after = Some("tomorrow".into())),
            CoreTimeWindow,
            Some(Error),
            "\"tomorrow\"",
        ),
        case(
            "a time without a zone is malformed, named by its element",
            spec(|s| s.not_on_or_after = Some("2024-05-01T12:05:00".into())),
            CoreTimeWindow,
            Some(Error),
            "Conditions NotOnOrAfter \"2024-05-01T12:05:00\" is not an xs:dateTime with a time zone",
        ),
        case(
            "a time with a space for the T is malformed",
            spec(|s| s.session_not_on_or_after = Some("2024-05-01 20:00:00".into())),
            CoreTimeWindow,
            Some(Error),
            "a space separates the date and the time",
        ),
        case(
            "times are shown exactly as written",
            spec(|s| s.not_on_or_after = Some("2024-05-01T14:05:00.000+02:00".into())),
            CoreTimeWindow,
            Some(Pass),
            "2024-05-01T14:05:00.000+02:00 (Conditions NotOnOrAfter)",
        ),
        case(
            "empty window",
            spec(|s| {
                s.not_before = Some("2024-05-01T11:59:00Z".into());
                s.not_on_or_after = Some("2024-05-01T11:59:00Z".into());
            }),
            CoreTimeWindow,
            Some(Error),
            "empty",
        ),
        // core.time.skew: only with a capture time (see tests/rules_core.rs).
        case("no skew without a HAR", clean(), CoreTimeSkew, None, ""),
        // core.audience
        case(
            "audience present",
            clean(),
            CoreAudience,
            Some(Pass),
            "no SP metadata",
        ),
        case(
            "no audience",
            generic(|s| s.audiences.clear()),
            CoreAudience,
            Some(Error),
            "no audience",
        ),
        case(
            "no audience, sent to aws: aws.audience's error, which core.audience points at",
            spec(|s| s.audiences.clear()),
            CoreAudience,
            Some(Info),
            "The error is aws.audience's",
        ),
        with(
            expect(&["audience=https://signin.aws.amazon.com/saml"]),
            case(
                "audience as expected",
                clean(),
                CoreAudience,
                Some(Pass),
                ACS,
            ),
        ),
        with(
            expect(&["audience=urn:amazon:webservices"]),
            case(
                "audience not the expected one",
                clean(),
                CoreAudience,
                Some(Error),
                "urn:amazon:webservices",
            ),
        ),
        with(
            metadata(
                MetadataRole::ServiceProvider,
                "urn:amazon:webservices",
                &[ACS],
            ),
            case(
                "audience not the sp metadata entity id",
                clean(),
                CoreAudience,
                Some(Error),
                "metadata.xml",
            ),
        ),
        with(
            metadata(
                MetadataRole::ServiceProvider,
                "https://sp.example.test/",
                &[GENERIC_ACS],
            ),
            case(
                "every restriction must name the sp",
                generic(|s| s.audiences.push(vec!["urn:example:other".into()])),
                CoreAudience,
                Some(Error),
                "AudienceRestriction 2",
            ),
        ),
        case(
            "audience padded",
            generic(|s| s.audiences = vec![vec![" https://sp.example.test/".into()]]),
            CoreAudience,
            Some(Error),
            "invisible",
        ),
        // core.nameid
        case(
            "name id clean",
            clean(),
            CoreNameId,
            Some(Pass),
            "jdoe@example.com",
        ),
        case(
            "no name id",
            spec(|s| s.name_id = None),
            CoreNameId,
            Some(Error),
            "no NameID",
        ),
        case(
            "empty name id",
            spec(|s| s.name_id = Some(String::new())),
            CoreNameId,
            Some(Error),
            "empty",
        ),
        case(
            "name id with trailing space",
            spec(|s| s.name_id = Some("jdoe@example.com ".into())),
            CoreNameId,
            Some(Warning),
            "\"jdoe@example.com \"",
        ),
        case(
            "name id with a zero-width space",
            spec(|s| s.name_id = Some("\u{200b}jdoe@example.com".into())),
            CoreNameId,
            Some(Warning),
            "\\u{200b}",
        ),
        case(
            "comment splitting the name id: what a first-piece reader sees",
            spec(|s| s.name_id = Some("jdoe@example.com<!---->.evil.example ".into())),
            CoreNameId,
            Some(Warning),
            "first text piece sees \"jdoe@example.com\"",
        ),
        case(
            "cdata splitting the name id",
            spec(|s| s.name_id = Some("jdoe@example.com<![CDATA[.evil.example]]>".into())),
            CoreNameId,
            Some(Warning),
            "A CDATA section splits the NameID",
        ),
        case(
            "one cdata section holding the whole name id is no split",
            spec(|s| s.name_id = Some("<![CDATA[jdoe@example.com]]>".into())),
            CoreNameId,
            Some(Pass),
            "\"jdoe@example.com\"",
        ),
        case(
            "processing instruction splitting the name id",
            spec(|s| s.name_id = Some("jdoe@example.com<?x y?>.evil.example".into())),
            CoreNameId,
            Some(Warning),
            "A processing instruction splits the NameID",
        ),
        // core.attr.whitespace
        case(
            "attributes clean",
            clean(),
            CoreAttrWhitespace,
            Some(Pass),
            "",
        ),
        case(
            "role with a trailing space",
            clean().with_attribute(AttributeSpec::new(
                ROLE_ATTRIBUTE,
                &[&format!(
                    "{ROLE_ARN},arn:aws:iam::111122223333:saml-provider/ExampleIdP "
                )],
            )),
            CoreAttrWhitespace,
            Some(Info),
            "aws.role.format",
        ),
        case(
            "role with a trailing space, not addressed to aws",
            generic(|_| {}).with_attribute(AttributeSpec::new(
                ROLE_ATTRIBUTE,
                &[&format!(
                    "{ROLE_ARN},arn:aws:iam::111122223333:saml-provider/ExampleIdP "
                )],
            )),
            CoreAttrWhitespace,
            Some(Error),
            "ExampleIdP \"",
        ),
        case(
            "other attribute with a nbsp",
            clean().with_attribute(AttributeSpec::new("department", &["\u{a0}Sales"])),
            CoreAttrWhitespace,
            Some(Warning),
            "\\u{a0}Sales",
        ),
        case(
            "tag value with a trailing space is only a warning",
            clean().with_attribute(AttributeSpec::new(
                "https://aws.amazon.com/SAML/Attributes/PrincipalTag:team",
                &["blue "],
            )),
            CoreAttrWhitespace,
            Some(Warning),
            "\"blue \"",
        ),
        // core.attr.duplicate
        case("no duplicate", clean(), CoreAttrDuplicate, Some(Pass), ""),
        case(
            "duplicate attribute",
            spec(|s| {
                s.attributes
                    .push(AttributeSpec::new(ROLE_ATTRIBUTE, &["x"]))
            }),
            CoreAttrDuplicate,
            Some(Warning),
            "2 separate",
        ),
        // core.attr.empty
        case("no empty attribute", clean(), CoreAttrEmpty, Some(Pass), ""),
        case(
            "attribute without value",
            clean().with_attribute(AttributeSpec::new("groups", &[])),
            CoreAttrEmpty,
            Some(Warning),
            "no AttributeValue",
        ),
        case(
            "attribute with an empty value",
            clean().with_attribute(AttributeSpec::new("groups", &[" "])),
            CoreAttrEmpty,
            Some(Warning),
            "\" \"",
        ),
    ]
}

#[test]
fn each_rule_passes_and_fails() {
    let mut failures = Vec::new();
    for case in message_cases() {
        let message = analyze_with(&case.spec.xml(), &case.options);
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
        if got.is_some() {
            let found = finding(&message, case.rule);
            let text = format!("{} | {} | {}", found.title, found.detail, found.fix);
            if !text.contains(case.mentions) {
                failures.push(format!(
                    "{}: {} does not mention {:?}: {text}",
                    case.name, case.rule, case.mentions
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_core_rule_has_a_pass_and_a_fail_case() {
    let cases = message_cases();
    for rule in [
        CoreStatus,
        CoreVersion,
        CoreIssuer,
        CoreDestination,
        CoreAssertionCount,
        CoreAssertionEncrypted,
        CoreSubjectConfirmation,
        CoreTimeWindow,
        CoreAudience,
        CoreNameId,
        CoreAttrWhitespace,
        CoreAttrDuplicate,
        CoreAttrEmpty,
    ] {
        let of_rule: Vec<_> = cases.iter().filter(|case| case.rule == rule).collect();
        assert!(
            of_rule.iter().any(|case| case.severity == Some(Pass)),
            "{rule} has no pass case"
        );
        assert!(
            of_rule
                .iter()
                .any(|case| matches!(case.severity, Some(Error | Warning))),
            "{rule} has no fail case"
        );
    }
}

#[test]
fn clean_messages_have_no_error_and_one_finding_per_rule() {
    for spec in [ResponseSpec::default(), ResponseSpec::identity_center()] {
        let message = analyze_with(&spec.xml(), &Options::default());
        // The made-up messages are unsigned: core.sig.present (and aws.signing, its
        // AWS twin) are not this pack's.
        let own: Vec<_> = errors(&message)
            .into_iter()
            .filter(|id| id.as_str().starts_with("core.") && !id.as_str().starts_with("core.sig"))
            .collect();
        assert_eq!(own, [], "{:#?}", message.findings);
        let mut ids: Vec<_> = message.findings.iter().map(|f| f.id).collect();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count);
        for rule in [
            CoreStatus,
            CoreVersion,
            CoreIssuer,
            CoreAudience,
            CoreTimeWindow,
        ] {
            assert_eq!(severity(&message, rule), Some(Pass), "{rule}");
        }
    }
}

#[test]
fn judged_against_the_clock_an_old_message_is_only_a_warning() {
    let xml = ResponseSpec::default().xml();
    let input = Input {
        name: "pasted",
        bytes: xml.as_bytes(),
    };
    let clock = Timestamp::parse("2024-06-01T00:00:00Z").unwrap();
    let report = analyze(&[input], &Options::default(), clock);
    let message = &report.messages[0];
    let window = finding(message, CoreTimeWindow);
    assert_eq!(window.severity, Warning);
    assert!(
        window.detail.contains("this computer's clock"),
        "{}",
        window.detail
    );
}

const AUTHN_REQUEST: &str = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_req1" Version="2.0" IssueInstant="2024-05-01T11:59:50Z" Destination="https://idp.example.com/sso" AssertionConsumerServiceURL="https://signin.aws.amazon.com/saml"><saml:Issuer>urn:amazon:webservices</saml:Issuer></samlp:AuthnRequest>"#;

const IDP_METADATA: &str = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk1example2idp3"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#;

#[test]
fn requests_get_header_rules_and_metadata_gets_none() {
    let report = analyze_texts(&[AUTHN_REQUEST, IDP_METADATA], &Options::default());
    let request = &report.messages[0];
    for rule in [CoreVersion, CoreIssuer, CoreDestination] {
        assert_eq!(
            severity(request, rule),
            Some(Pass),
            "{rule}: {:#?}",
            request.findings
        );
    }
    for rule in [
        CoreStatus,
        CoreAudience,
        CoreNameId,
        CoreTimeWindow,
        CoreAssertionCount,
    ] {
        assert_eq!(severity(request, rule), None, "{rule}");
    }
    let metadata = &report.messages[1];
    assert!(
        metadata
            .findings
            .iter()
            .all(|f| !f.id.as_str().starts_with("core.")
                || f.id.as_str().starts_with("core.cert")
                || f.id.as_str().starts_with("core.sig")
                || f.id.as_str().starts_with("core.xml")),
        "{:#?}",
        metadata.findings
    );

    let broken = AUTHN_REQUEST.replace("<saml:Issuer>urn:amazon:webservices</saml:Issuer>", "");
    let report = analyze_texts(&[&broken], &Options::default());
    assert_eq!(severity(&report.messages[0], CoreIssuer), Some(Error));
}

#[test]
fn a_request_in_another_input_is_not_taken_for_the_one_answered() {
    // Correlation is within one input (one HAR): a request given separately may belong
    // to another sign-in, so the answer is only noted.
    let response = spec(|s| {
        s.in_response_to = Some("_req1".into());
        s.confirmation_in_response_to = Some("_req1".into());
    })
    .xml();
    let report = analyze_texts(&[AUTHN_REQUEST, &response], &Options::default());
    let found = finding(&report.messages[1], CoreSubjectConfirmation);
    assert_eq!(found.severity, Info, "{found:?}");
    assert!(
        found.detail.contains("not among the inputs"),
        "{}",
        found.detail
    );
}

#[test]
fn a_fault_repeated_thousands_of_times_gives_a_bounded_finding() {
    let mut spec = ResponseSpec::default();
    for index in 0..5_000 {
        spec.attributes.push(AttributeSpec::new(
            if index % 2 == 0 {
                ROLE_ATTRIBUTE
            } else {
                "department"
            },
            &[" padded "],
        ));
    }
    let message = analyze_with(&spec.xml(), &Options::default());
    for (rule, expected) in [
        // The Role's padding is aws.role.format's; the department's is a warning.
        (CoreAttrWhitespace, Warning),
        (CoreAttrDuplicate, Warning),
        (CoreAttrEmpty, Pass),
    ] {
        let found = finding(&message, rule);
        assert_eq!(found.severity, expected, "{rule}");
        assert!(
            found.detail.len() < 4_000,
            "{rule}: {} bytes",
            found.detail.len()
        );
    }
    assert!(
        finding(&message, CoreAttrWhitespace)
            .detail
            .contains("more like these")
    );
}

#[test]
fn fixes_speak_the_recognised_idps_terms() {
    let faulty = spec(|s| s.audiences.clear());
    let cases = [
        (None, "SP entity ID / identifier"),
        (Some(Idp::Okta), "Audience URI (SP Entity ID)"),
        (Some(Idp::EntraId), "Identifier (Entity ID)"),
        (Some(Idp::Adfs), "relying party identifier"),
        (Some(Idp::OneLogin), "Audience (EntityID)"),
    ];
    for (idp, mentions) in cases {
        let findings = run_pack_as(Pack::Core, idp, &faulty);
        let audience = findings
            .iter()
            .find(|f| f.id == CoreAudience)
            .expect("an audience finding");
        assert_eq!(audience.severity, Error);
        assert!(audience.fix.contains(mentions), "{idp:?}: {}", audience.fix);
    }
    // Exactly one finding per rule from the pack itself.
    let findings = run_pack_as(Pack::Core, Some(Idp::Okta), &ResponseSpec::default());
    let mut ids: Vec<_> = findings.iter().map(|f| f.id).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count);
}

#[test]
fn a_lone_assertion_gets_the_assertion_rules() {
    let xml = ResponseSpec::default().xml();
    let start = xml.find("<saml:Assertion").unwrap();
    let end = xml.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    let message = analyze_with(&xml[start..end], &Options::default());
    for rule in [
        CoreVersion,
        CoreAudience,
        CoreNameId,
        CoreTimeWindow,
        CoreSubjectConfirmation,
    ] {
        assert_eq!(severity(&message, rule), Some(Pass), "{rule}");
    }
    assert_eq!(severity(&message, CoreStatus), None);
    assert_eq!(severity(&message, CoreAssertionCount), None);
}

#[test]
fn a_logout_response_gets_its_status_explained() {
    let xml = r#"<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" InResponseTo="_lr1"><saml:Issuer>http://www.okta.com/exk1example2idp3</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:PartialLogout"/></samlp:StatusCode></samlp:Status></samlp:LogoutResponse>"#;
    let message = analyze_with(xml, &Options::default());
    let status = finding(&message, CoreStatus);
    assert_eq!(status.severity, Warning);
    assert!(
        status.detail.contains("did not complete"),
        "{}",
        status.detail
    );
    assert!(
        status.detail.contains("logout did not reach"),
        "{}",
        status.detail
    );
    assert_eq!(severity(&message, CoreVersion), Some(Pass));
    assert_eq!(severity(&message, CoreAudience), None);
}

#[test]
fn odd_values_in_every_field_never_panic_and_give_one_finding_per_rule() {
    // Values chosen to trip parsers: empty, padded, invisible, multi-byte, URL-ish with
    // no host, times out of range, very long.
    let long = "x".repeat(5_000);
    let pool: Vec<Option<String>> = [
        None,
        Some(""),
        Some(" "),
        Some("\u{a0}"),
        Some("\u{feff}https://signin.aws.amazon.com/saml"),
        Some("https://"),
        Some("://"),
        Some("https://é.example/ü?é#ß"),
        Some("http://signin.aws.amazon.com/saml/"),
        Some("HTTPS://SIGNIN.AWS.AMAZON.COM/SAML"),
        Some("2024-05-01T12:00:00Z"),
        Some("9999-12-31T23:59:59Z"),
        Some("0000-01-01T00:00:00Z"),
        Some("2024-13-45T99:99:99Z"),
        Some("2.0"),
        Some("urn:oasis:names:tc:SAML:2.0:status:"),
        Some("urn:oasis:names:tc:SAML:2.0:status:Success"),
        Some("urn:oasis:names:tc:SAML:2.0:cm:bearer"),
        Some("日本語"),
        Some(long.as_str()),
    ]
    .into_iter()
    .map(|value| value.map(str::to_owned))
    .collect();
    // A small deterministic generator (xorshift), so failures reproduce.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    for round in 0..400 {
        let mut spec = if round % 2 == 0 {
            ResponseSpec::default()
        } else {
            ResponseSpec::identity_center()
        };
        let fields: [&mut Option<String>; 18] = [
            &mut spec.response_id,
            &mut spec.version,
            &mut spec.issue_instant,
            &mut spec.destination,
            &mut spec.in_response_to,
            &mut spec.issuer,
            &mut spec.status_code,
            &mut spec.sub_status_code,
            &mut spec.status_message,
            &mut spec.assertion_id,
            &mut spec.assertion_issuer,
            &mut spec.confirmation_method,
            &mut spec.recipient,
            &mut spec.confirmation_not_on_or_after,
            &mut spec.confirmation_in_response_to,
            &mut spec.not_before,
            &mut spec.not_on_or_after,
            &mut spec.session_not_on_or_after,
        ];
        for field in fields {
            if next(3) == 0 {
                *field = pool[next(pool.len())].clone();
            }
        }
        if next(4) == 0 {
            // NameID is written verbatim: keep it well-formed.
            spec.name_id = pool[next(pool.len())]
                .clone()
                .map(|value| value.replace(['<', '&'], ""));
        }
        spec.assertions = next(3);
        spec.encrypted_assertions = next(2);
        let options = match next(3) {
            0 => metadata(
                MetadataRole::ServiceProvider,
                "https://",
                &["", "https://é"],
            ),
            1 => metadata(MetadataRole::IdentityProvider, "", &[]),
            _ => expect(&["acs=https://signin.aws.amazon.com/saml", "audience=\u{a0}"]),
        };
        let message = analyze_with(&spec.xml(), &options);
        let mut ids: Vec<_> = message.findings.iter().map(|f| f.id).collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "round {round}");
    }
}
