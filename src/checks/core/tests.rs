//! Pass and fail cases for every rule of the pack, on made-up Responses built with
//! [`ResponseSpec`], one fault per case.

use super::protocol::is_ncname_for_tests as is_ncname;
use super::{difference, has_padding};
use crate::checks::context::{MetadataRole, MetadataSeen};
use crate::checks::{RuleId, Severity};
use crate::testing::{
    AttributeSpec, ROLE_ARN, ROLE_ATTRIBUTE, ResponseSpec, analyze_texts, analyze_with, errors,
    finding, severity,
};
use crate::timestamp::Timestamp;
use crate::{Input, Options, analyze};

const ACS: &str = "https://signin.aws.amazon.com/saml";
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

struct Case {
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
) -> Case {
    Case {
        name,
        spec,
        options: Options::default(),
        rule,
        severity,
        mentions,
    }
}

fn with(options: Options, mut case: Case) -> Case {
    case.options = options;
    case
}

use RuleId::*;
use Severity::{Error, Info, Pass, Warning};

fn cases() -> Vec<Case> {
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
            clean(),
            CoreDestination,
            Some(Pass),
            "to compare it with",
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
            spec(|s| {
                s.assertions = 0;
                s.encrypted_assertions = 1;
            }),
            CoreAssertionEncrypted,
            Some(Warning),
            "Identity Center does not accept",
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
            "recipient differs from destination",
            spec(|s| s.recipient = Some("https://us-east-2.signin.aws.amazon.com/saml".into())),
            CoreSubjectConfirmation,
            Some(Error),
            "\"us-east-2.signin.aws.amazon.com\"",
        ),
        case(
            "no recipient",
            spec(|s| s.recipient = None),
            CoreSubjectConfirmation,
            Some(Warning),
            "no Recipient",
        ),
        case(
            "no confirmation not-on-or-after",
            spec(|s| s.confirmation_not_on_or_after = None),
            CoreSubjectConfirmation,
            Some(Warning),
            "no NotOnOrAfter",
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
            spec(|s| s.audiences.clear()),
            CoreAudience,
            Some(Error),
            "no audience",
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
            metadata(MetadataRole::ServiceProvider, ACS, &[ACS]),
            case(
                "every restriction must name the sp",
                spec(|s| s.audiences.push(vec!["urn:example:other".into()])),
                CoreAudience,
                Some(Error),
                "AudienceRestriction 2",
            ),
        ),
        case(
            "audience padded",
            spec(|s| s.audiences = vec![vec![format!(" {ACS}")]]),
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
            "comment injection stays the most severe",
            spec(|s| s.name_id = Some("jdoe@example.com<!---->.evil.example ".into())),
            CoreNameId,
            Some(Error),
            "comment",
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
    for case in cases() {
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
    let cases = cases();
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
fn differences_are_named() {
    let cases = [
        ("https://a.example/x", "https://a.example/x", ""),
        ("https://a.example/x ", "https://a.example/x", "whitespace"),
        ("https://A.example/x", "https://a.example/x", "letter case"),
        (
            "https://a.example/x/",
            "https://a.example/x",
            "has a trailing slash",
        ),
        (
            "https://a.example/x",
            "https://a.example/x/",
            "lacks the trailing slash",
        ),
        (
            "http://a.example/x",
            "https://a.example/x",
            "scheme is http instead of https",
        ),
        (
            "https://b.example/x",
            "https://a.example/x",
            "host is \"b.example\"",
        ),
        (
            "https://a.example/y",
            "https://a.example/x",
            "path is \"/y\"",
        ),
        ("https://a.example/x?a=1", "https://a.example/x", "query"),
        ("urn:a", "urn:b", "different values"),
        ("urn:a/", "urn:a", "slash"),
    ];
    for (found, expected, mentions) in cases {
        let said = difference(found, expected);
        if mentions.is_empty() {
            assert_eq!(said, "", "{found} vs {expected}");
        } else {
            assert!(said.contains(mentions), "{found} vs {expected}: {said}");
        }
    }
}

#[test]
fn padding_and_ncnames() {
    for (text, padded) in [
        ("a", false),
        (" a", true),
        ("a\u{feff}", true),
        ("a b", false),
        ("\u{200b}", true),
    ] {
        assert_eq!(has_padding(text), padded, "{text:?}");
    }
    for (text, valid) in [
        ("_a1", true),
        ("id-1.2", true),
        ("pfx41d8ef22", true),
        ("1abc", false),
        ("", false),
        ("a:b", false),
        ("a b", false),
        ("-a", false),
        ("é", true),
    ] {
        assert_eq!(is_ncname(text), valid, "{text:?}");
    }
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
        (CoreAttrWhitespace, Error),
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
fn notes_keep_the_most_severe_when_full() {
    let mut notes = super::Notes::new(CoreAttrEmpty);
    for _ in 0..40 {
        notes.add(Warning, "w", "warning detail", "fix w");
    }
    notes.add(Error, "e", "error detail", "fix e");
    let found = notes.finish("pass");
    assert_eq!(found.severity, Error);
    assert!(
        found.title.starts_with("e (and 40 more)"),
        "{}",
        found.title
    );
    assert!(found.detail.starts_with("error detail"), "{}", found.detail);
    assert!(
        found.detail.ends_with("… and 29 more like these."),
        "{}",
        found.detail
    );
    assert_eq!(super::Notes::new(CoreAttrEmpty).finish("ok").severity, Pass);
}

/// Runs the pack directly on `spec` with the IdP taken as recognised.
fn run_as(
    idp: Option<crate::checks::idp::Idp>,
    spec: &ResponseSpec,
) -> Vec<crate::checks::Finding> {
    use crate::checks::context::{Context, Expectations, Flow};
    use crate::checks::idp::IdpGuess;
    use crate::dsig::{Protection, TrustStore};
    use crate::input::{Binding, Origin};
    use crate::report::{ReferenceTime, TimeSource};

    let xml = spec.xml();
    let document = crate::xml::parse(xml.as_bytes(), &crate::Limits::default())
        .expect("the made-up Response is well-formed");
    let message = crate::saml::read(&document);
    let guess = idp.map(|idp| IdpGuess {
        idp,
        evidence: "test".to_owned(),
    });
    let origin = Origin {
        input: 0,
        har_entry: None,
        url: None,
        method: None,
        binding: Binding::Raw,
        parameter: None,
        captured_at: None,
        http_status: None,
        server_date: None,
    };
    let context = Context {
        message: &message,
        document: &document,
        payload: b"",
        verdicts: &[],
        trust: &TrustStore::default(),
        assertion: Protection::None,
        origin: &origin,
        relay_state: None,
        form_action: None,
        reference_time: ReferenceTime {
            value: crate::testing::now(),
            source: TimeSource::User,
        },
        flow: &Flow::default(),
        expect: &Expectations::default(),
        error_text: None,
        idp: guess.as_ref(),
    };
    let mut findings = Vec::new();
    super::run(&context, &mut findings);
    findings
}

#[test]
fn fixes_speak_the_recognised_idps_terms() {
    use crate::checks::idp::Idp;
    let faulty = spec(|s| s.audiences.clear());
    let cases = [
        (None, "SP entity ID / identifier"),
        (Some(Idp::Okta), "Audience URI (SP Entity ID)"),
        (Some(Idp::EntraId), "Identifier (Entity ID)"),
        (Some(Idp::Adfs), "relying party identifier"),
        (Some(Idp::OneLogin), "Audience (EntityID)"),
    ];
    for (idp, mentions) in cases {
        let findings = run_as(idp, &faulty);
        let audience = findings
            .iter()
            .find(|f| f.id == CoreAudience)
            .expect("an audience finding");
        assert_eq!(audience.severity, Error);
        assert!(audience.fix.contains(mentions), "{idp:?}: {}", audience.fix);
    }
    // Exactly one finding per rule from the pack itself.
    let findings = run_as(Some(Idp::Okta), &ResponseSpec::default());
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
