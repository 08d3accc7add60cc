//! Pack `cognito` (`cognito.*`): Amazon Cognito user pools as the service provider, end
//! to end. One table of cases for a pass and the failures of every rule; the pack chosen
//! from the pool's audience or its hosted ACS (and by `profile=cognito`); the expired
//! signing certificate Cognito refuses (one finding, `cognito.cert`, with
//! `core.cert.validity` pointing at it); the error a pool sends back to the app's callback
//! URL in a HAR, explained and taken as the error text.

mod common;

use common::{certificate_body, percent, signed_fixture};
use saml_inspector::Options;
use saml_inspector::checks::{Pack, RuleId, Severity};
use saml_inspector::testing::{AttributeSpec, ResponseSpec, analyze_texts, analyze_with, finding};
use saml_inspector::{Input, Timestamp, analyze};

const POOL_AUDIENCE: &str = "urn:amazon:cognito:sp:eu-west-1_AbCdEf123";
const HOSTED_ACS: &str = "https://myapp.auth.eu-west-1.amazoncognito.com/saml2/idpresponse";
const CUSTOM_ACS: &str = "https://auth.example.com/saml2/idpresponse";

/// A clean Response to a user pool: hosted ACS, the pool's audience, an e-mail attribute.
fn cognito() -> ResponseSpec {
    ResponseSpec {
        destination: Some(HOSTED_ACS.to_owned()),
        recipient: Some(HOSTED_ACS.to_owned()),
        audiences: vec![vec![POOL_AUDIENCE.to_owned()]],
        attributes: vec![AttributeSpec::new(
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            &["jdoe@example.com"],
        )],
        ..ResponseSpec::default()
    }
}

fn spec(change: impl FnOnce(&mut ResponseSpec)) -> ResponseSpec {
    let mut spec = cognito();
    change(&mut spec);
    spec
}

/// (case, spec, rule, expected severity, text the finding must hold)
type Case = (&'static str, ResponseSpec, RuleId, Severity, &'static str);

fn cases() -> Vec<Case> {
    vec![
        (
            "audience is the pool",
            cognito(),
            RuleId::CognitoAudience,
            Severity::Pass,
            "eu-west-1_AbCdEf123",
        ),
        (
            "audience is another app's",
            spec(|s| {
                s.audiences = vec![
                    vec![POOL_AUDIENCE.to_owned()],
                    vec!["https://app.example.com/".to_owned()],
                ];
            }),
            RuleId::CognitoAudience,
            Severity::Error,
            "\"https://app.example.com/\"",
        ),
        (
            "audience with a space",
            spec(|s| s.audiences = vec![vec![format!("{POOL_AUDIENCE} ")]]),
            RuleId::CognitoAudience,
            Severity::Error,
            "spaces around it",
        ),
        (
            "pool and hosted acs in different regions",
            spec(|s| {
                s.audiences = vec![vec!["urn:amazon:cognito:sp:us-east-1_AbCdEf123".to_owned()]];
            }),
            RuleId::CognitoAudience,
            Severity::Warning,
            "another pool",
        ),
        (
            "acs hosted",
            cognito(),
            RuleId::CognitoAcs,
            Severity::Pass,
            HOSTED_ACS,
        ),
        (
            "acs on a custom domain",
            spec(|s| {
                s.destination = Some(CUSTOM_ACS.to_owned());
                s.recipient = Some(CUSTOM_ACS.to_owned());
            }),
            RuleId::CognitoAcs,
            Severity::Pass,
            CUSTOM_ACS,
        ),
        (
            "acs with a trailing slash",
            spec(|s| s.recipient = Some(format!("{HOSTED_ACS}/"))),
            RuleId::CognitoAcs,
            Severity::Error,
            "trailing slash",
        ),
        (
            "acs is the app, not cognito",
            spec(|s| s.destination = Some("https://app.example.com/callback".to_owned())),
            RuleId::CognitoAcs,
            Severity::Error,
            "Destination \"https://app.example.com/callback\" is not",
        ),
        (
            "destination and recipient differ",
            spec(|s| s.recipient = Some(CUSTOM_ACS.to_owned())),
            RuleId::CognitoAcs,
            Severity::Error,
            "different Cognito ACS URLs",
        ),
        (
            "attributes sent",
            cognito(),
            RuleId::CognitoAttributes,
            Severity::Pass,
            "emailaddress",
        ),
        (
            "no attributes",
            spec(|s| s.attributes = Vec::new()),
            RuleId::CognitoAttributes,
            Severity::Warning,
            "The attribute is required",
        ),
        (
            "no signature: no certificate to judge",
            cognito(),
            RuleId::CognitoCert,
            Severity::Info,
            "No signing certificate",
        ),
        (
            "no har: nothing sent back to look at",
            cognito(),
            RuleId::CognitoErrors,
            Severity::Pass,
            "",
        ),
    ]
}

#[test]
fn each_rule_passes_and_fails() {
    for (name, spec, rule, expected, text) in cases() {
        let message = analyze_with(&spec.xml(), &Options::default());
        let packs: Vec<Pack> = message.packs.iter().map(|choice| choice.pack).collect();
        assert_eq!(packs, [Pack::Core, Pack::Cognito], "{name}");
        let found = finding(&message, rule);
        assert_eq!(found.severity, expected, "{name}: {found:#?}");
        let all = format!("{} {} {}", found.title, found.detail, found.fix);
        assert!(all.contains(text), "{name}: {text:?} not in {all}");
    }
    // Every rule of the pack has a failing case (the certificate's and the callback's
    // are below, with a signed message and a HAR).
    for rule in RuleId::ALL
        .iter()
        .filter(|rule| rule.as_str().starts_with("cognito."))
    {
        let failing = cases()
            .iter()
            .any(|(_, _, id, severity, _)| id == rule && *severity <= Severity::Warning);
        assert!(
            failing || matches!(rule, RuleId::CognitoCert | RuleId::CognitoErrors),
            "{rule} has no failing case"
        );
    }
}

/// One cause, one finding: core's own checks of the Destination and Recipient leave
/// Cognito's ACS shape to `cognito.acs`.
#[test]
fn a_wrong_acs_is_one_error() {
    let message = analyze_with(
        &spec(|s| {
            s.destination = Some("https://app.example.com/callback".to_owned());
            s.recipient = Some("https://app.example.com/callback".to_owned());
        })
        .xml(),
        &Options::default(),
    );
    assert_eq!(
        finding(&message, RuleId::CognitoAcs).severity,
        Severity::Error
    );
    for rule in [RuleId::CoreDestination, RuleId::CoreSubjectConfirmation] {
        let found = finding(&message, rule);
        assert_eq!(found.severity, Severity::Pass, "{found:#?}");
        assert!(found.detail.contains("cognito.acs"), "{found:#?}");
    }
}

#[test]
fn the_pack_runs_for_a_pool_and_by_profile_only() {
    // The custom domain alone does not say Cognito; the pool's audience does.
    let custom = spec(|s| {
        s.destination = Some(CUSTOM_ACS.to_owned());
        s.recipient = Some(CUSTOM_ACS.to_owned());
        s.audiences = vec![vec!["https://app.example.com/".to_owned()]];
    });
    let message = analyze_with(&custom.xml(), &Options::default());
    assert!(
        !message
            .packs
            .iter()
            .any(|choice| choice.pack == Pack::Cognito)
    );
    let mut options = Options::default();
    options.expect.set_pair("profile=cognito").unwrap();
    let message = analyze_with(&custom.xml(), &options);
    let packs: Vec<Pack> = message.packs.iter().map(|choice| choice.pack).collect();
    assert_eq!(packs, [Pack::Core, Pack::Cognito]);
    assert_eq!(
        finding(&message, RuleId::CognitoAudience).severity,
        Severity::Error
    );
}

/// Cognito refuses a Response signed with an expired certificate: `cognito.cert` is the
/// error; `core.cert.validity` (a warning for targets that do not check the dates) only
/// points at it. The same message to IAM is a warning.
#[test]
fn cognito_refuses_an_expired_signing_certificate() {
    let xml = signed_fixture("response-expired-cert.xml");
    let trust = |options: &mut Options| {
        saml_inspector::load_trust(
            options,
            Input {
                name: "idp-expired.pem",
                bytes: certificate_body("idp-expired.pem").as_bytes(),
            },
        )
        .unwrap();
    };
    let mut options = Options {
        reference_time: Timestamp::parse("2026-03-01T12:00:00Z"),
        ..Options::default()
    };
    trust(&mut options);
    let iam = analyze_with(&xml, &options);
    assert_eq!(
        finding(&iam, RuleId::CoreCertValidity).severity,
        Severity::Warning
    );
    options.expect.set_pair("profile=cognito").unwrap();
    let message = analyze_with(&xml, &options);
    assert_eq!(
        message.assertion_signature,
        saml_inspector::report::AssertionSignature::Trusted
    );
    let cert = finding(&message, RuleId::CognitoCert);
    assert_eq!(cert.severity, Severity::Error, "{cert:#?}");
    assert!(
        cert.fix.contains("upload the IdP's new metadata"),
        "{cert:#?}"
    );
    let validity = finding(&message, RuleId::CoreCertValidity);
    assert_eq!(validity.severity, Severity::Info, "{validity:#?}");
    assert!(validity.detail.contains("cognito.cert"), "{validity:#?}");
}

/// The pool's answer to the app, `?error_description=…`, in the HAR after the Response:
/// `cognito.errors` shows and explains it, and it is taken as the error text.
#[test]
fn the_error_a_pool_sends_back_is_read_from_the_har() {
    let body = format!(
        "SAMLResponse={}",
        percent(&{
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(cognito().xml())
        })
    );
    let entry = |at: &str, method: &str, url: &str, body: Option<&str>| {
        let mut request = serde_json::json!({
            "method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": [],
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0,
        });
        if let Some(body) = body {
            request["postData"] =
                serde_json::json!({"mimeType": "application/x-www-form-urlencoded", "text": body});
        }
        serde_json::json!({
            "startedDateTime": at, "time": 10, "request": request,
            "response": {"status": 302, "statusText": "", "httpVersion": "HTTP/1.1",
                "headers": [], "cookies": [], "content": {"size": 0, "mimeType": "text/html"},
                "redirectURL": "", "headersSize": -1, "bodySize": 0},
            "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 0},
        })
    };
    let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [
        entry("2024-05-01T12:00:01.000Z", "POST", HOSTED_ACS, Some(&body)),
        entry("2024-05-01T12:00:01.300Z", "GET", "https://app.example.com/callback?error_description=Invalid+user+attributes%3A+email%3A+The+attribute+is+required+&error=invalid_request", None),
    ]}})
    .to_string();
    let report = analyze(
        &[Input {
            name: "login.har",
            bytes: har.as_bytes(),
        }],
        &Options::default(),
        Timestamp::parse("2030-01-01T00:00:00Z").unwrap(),
    );
    let matched = report
        .error_text
        .as_ref()
        .expect("the callback's error is taken");
    assert_eq!(
        matched.known,
        Some("Invalid user attributes ... The attribute is required")
    );
    let message = &report.messages[0];
    let errors = finding(message, RuleId::CognitoErrors);
    assert_eq!(errors.severity, Severity::Error, "{errors:#?}");
    assert!(errors.detail.contains("Request 2"), "{errors:#?}");
    assert!(
        errors
            .detail
            .contains("\"Invalid user attributes: email: The attribute is required \""),
        "{errors:#?}"
    );
    assert!(errors.detail.contains("cognito.attributes"), "{errors:#?}");
    // The rule the text points at comes first among the findings it explains.
    let attributes = finding(message, RuleId::CognitoAttributes);
    assert_eq!(attributes.severity, Severity::Pass);
    // Without the callback, nothing was sent back.
    let alone = analyze_texts(&[&cognito().xml()], &Options::default());
    assert_eq!(
        finding(&alone.messages[0], RuleId::CognitoErrors).severity,
        Severity::Pass
    );
}
