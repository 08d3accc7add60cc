//! Pack `amazon-connect` (`connect.*`): IAM SAML federation into an Amazon Connect
//! instance, end to end. One table of cases, each a Response posted with a RelayState
//! as the browser posts it, for a pass and the failures of every rule; a clean, signed
//! Connect sign-in; the "Session Expired" pattern in a HAR; the next steps.
//!
//! Clean message: `tests/fixtures/aws/connect.xml` (see its README). Cases are built with
//! `testing::ResponseSpec` (unsigned, so `aws.signing` and `core.sig.present` are
//! expected errors there and ignored).

mod common;

use common::{form_body, other_aws_errors, percent};
use saml_inspector::Options;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::testing::{
    AttributeSpec, PROVIDER_ARN, ROLE_ARN, ROLE_ATTRIBUTE, ResponseSpec, SESSION_NAME_ATTRIBUTE,
    analyze_texts, finding,
};

const INSTANCE: &str = "5f1e2d3c-aaaa-bbbb-cccc-123456789abc";
const CONNECT_RELAY_STATE: &str = "https://eu-west-2.console.aws.amazon.com/connect/federate/5f1e2d3c-aaaa-bbbb-cccc-123456789abc?destination=%2Fccp-v2";

fn relay(region: &str) -> String {
    format!(
        "https://{region}.console.aws.amazon.com/connect/federate/{INSTANCE}?destination=%2Fccp-v2"
    )
}

fn session(name: &str) -> ResponseSpec {
    ResponseSpec::default().with_attribute(AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &[name]))
}

/// (case, spec, RelayState, --expect pairs, error text seen, rule, expected severity,
/// texts the finding must hold)
type Case = (
    &'static str,
    ResponseSpec,
    Option<String>,
    &'static [&'static str],
    Option<&'static str>,
    RuleId,
    Severity,
    &'static [&'static str],
);

fn cases() -> Vec<Case> {
    let good_role = format!("{ROLE_ARN},{PROVIDER_ARN}");
    let second_role = good_role.replace("SamlReadOnly", "Admin");
    let regional_west_1 = {
        let url = "https://eu-west-1.signin.aws.amazon.com/saml".to_owned();
        ResponseSpec {
            destination: Some(url.clone()),
            recipient: Some(url.clone()),
            audiences: vec![vec![url]],
            ..ResponseSpec::default()
        }
    };
    vec![
        (
            "relay ok",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Pass,
            &["/ccp-v2"],
        ),
        (
            "relay missing",
            session("jdoe"),
            None,
            &["profile=amazon-connect"],
            None,
            RuleId::ConnectRelayState,
            Severity::Error,
            &["without a RelayState"],
        ),
        (
            "relay no region",
            session("jdoe"),
            Some(format!(
                "https://console.aws.amazon.com/connect/federate/{INSTANCE}"
            )),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Error,
            &["has no region"],
        ),
        (
            "relay alias",
            session("jdoe"),
            Some(
                "https://eu-west-2.console.aws.amazon.com/connect/federate/my-contact-centre"
                    .to_owned(),
            ),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Error,
            &["my-contact-centre"],
        ),
        (
            "relay double encoded",
            session("jdoe"),
            Some(percent(&relay("eu-west-2"))),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Error,
            &["encoded twice"],
        ),
        (
            "relay region vs endpoint",
            regional_west_1.clone(),
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Error,
            &["eu-west-1", "eu-west-2"],
        ),
        (
            "relay region agrees",
            regional_west_1,
            Some(relay("eu-west-1")),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Pass,
            &[],
        ),
        (
            "relay region expected",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &["region=us-east-1"],
            None,
            RuleId::ConnectRelayState,
            Severity::Warning,
            &["us-east-1"],
        ),
        (
            "relay destination",
            session("jdoe"),
            Some(format!(
                "https://eu-west-2.console.aws.amazon.com/connect/federate/{INSTANCE}?destination=https%3A%2F%2Fevil.example"
            )),
            &[],
            None,
            RuleId::ConnectRelayState,
            Severity::Error,
            &["evil.example"],
        ),
        (
            "username equal",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &["username=jdoe"],
            None,
            RuleId::ConnectUsername,
            Severity::Pass,
            &[],
        ),
        (
            "username case",
            session("JDoe"),
            Some(relay("eu-west-2")),
            &["username=jdoe"],
            None,
            RuleId::ConnectUsername,
            Severity::Error,
            &["letter case"],
        ),
        (
            "username domain",
            session("jdoe@corp"),
            Some(relay("eu-west-2")),
            &["username=jdoe"],
            None,
            RuleId::ConnectUsername,
            Severity::Error,
            &["domain"],
        ),
        (
            "username space",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &["username=jdoe "],
            None,
            RuleId::ConnectUsername,
            Severity::Error,
            &["\"jdoe \""],
        ),
        (
            "username unknown",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectUsername,
            Severity::Info,
            &["user name you expect"],
        ),
        (
            "one role",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectRoleSingle,
            Severity::Pass,
            &[],
        ),
        (
            "two roles",
            session("jdoe").with_attribute(AttributeSpec::new(
                ROLE_ATTRIBUTE,
                &[&good_role, &second_role],
            )),
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectRoleSingle,
            Severity::Error,
            &["2 values"],
        ),
        (
            "idp initiated",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectIdpInitiated,
            Severity::Pass,
            &[],
        ),
        (
            "session expired seen",
            session("jdoe"),
            Some(relay("eu-west-2")),
            &[],
            Some("Session expired"),
            RuleId::ConnectIdpInitiated,
            Severity::Warning,
            &["instance URL"],
        ),
        (
            "sp initiated",
            ResponseSpec {
                in_response_to: Some("_req1".to_owned()),
                ..session("jdoe")
            },
            Some(relay("eu-west-2")),
            &[],
            None,
            RuleId::ConnectIdpInitiated,
            Severity::Warning,
            &["_req1"],
        ),
    ]
}

fn options(expect: &[&str], error_text: Option<&str>) -> Options {
    let mut options = Options {
        error_text: error_text.map(str::to_owned),
        ..Options::default()
    };
    for pair in expect {
        options
            .expect
            .set_pair(pair)
            .expect("a valid --expect pair");
    }
    options
}

/// Errors that an unsigned made-up message always has, whatever the planted fault.
const UNSIGNED: &[RuleId] = &[RuleId::AwsSigning, RuleId::CoreSigPresent];

#[test]
fn each_rule_passes_and_fails() {
    for (name, spec, relay_state, expect, error_text, rule, expected, texts) in cases() {
        let body = form_body(&spec.xml(), relay_state.as_deref());
        let report = analyze_texts(&[&body], &options(expect, error_text));
        let message = &report.messages[0];
        let found = finding(message, rule);
        assert_eq!(found.severity, expected, "{name}: {found:#?}");
        let all = format!("{} {} {}", found.title, found.detail, found.fix);
        for text in texts {
            assert!(all.contains(text), "{name}: {text:?} not in {all}");
        }
    }
}

#[test]
fn one_fault_gives_its_finding_and_no_other_pack_error() {
    let mut covered = std::collections::BTreeSet::new();
    for (name, spec, relay_state, expect, error_text, rule, expected, _) in cases() {
        if matches!(expected, Severity::Pass | Severity::Info) {
            continue;
        }
        let body = form_body(&spec.xml(), relay_state.as_deref());
        let report = analyze_texts(&[&body], &options(expect, error_text));
        let message = &report.messages[0];
        let other_errors = other_aws_errors(message, rule, UNSIGNED);
        assert_eq!(other_errors, [], "{name}: {:#?}", message.findings);
        covered.insert(rule.as_str());
    }
    let missing: Vec<&str> = RuleId::ALL
        .iter()
        .map(|rule| rule.as_str())
        .filter(|id| id.starts_with("connect.") && !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a failing case: {missing:?}"
    );
}

#[test]
fn a_clean_connect_sign_in_has_no_error_from_any_pack() {
    let input = form_body(
        &common::aws_fixture("connect.xml"),
        Some(CONNECT_RELAY_STATE),
    );
    let report = analyze_texts(
        &[&input],
        &options(&["username=jdoe", "region=eu-west-2"], None),
    );
    common::assert_clean_aws_sign_in(
        &report,
        "amazon connect",
        &["core", "aws-iam", "amazon-connect"],
    );
}

#[test]
fn a_direct_visit_to_the_instance_is_the_session_expired_pattern() {
    let spec = ResponseSpec::default()
        .with_attribute(AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &["jdoe"]));
    let body = form_body(&spec.xml(), Some(CONNECT_RELAY_STATE));
    let entry = |time: &str, method: &str, url: &str, post: Option<&str>| {
        let post_data = post
            .map(|text| {
                format!(
                    r#","postData":{{"mimeType":"application/x-www-form-urlencoded","text":{}}}"#,
                    serde_json::to_string(text).unwrap()
                )
            })
            .unwrap_or_default();
        format!(
            r#"{{"startedDateTime":"{time}","time":10,"request":{{"method":"{method}","url":"{url}","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":-1{post_data}}},"response":{{"status":200,"statusText":"","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{{"size":0,"mimeType":"text/html"}},"redirectURL":"","headersSize":-1,"bodySize":-1}},"cache":{{}},"timings":{{"send":0,"wait":10,"receive":0}}}}"#
        )
    };
    let har = |entries: Vec<String>| {
        format!(
            r#"{{"log":{{"version":"1.2","creator":{{"name":"test","version":"1"}},"entries":[{}]}}}}"#,
            entries.join(",")
        )
    };
    let post = entry(
        "2024-05-01T12:00:02.000Z",
        "POST",
        "https://signin.aws.amazon.com/saml",
        Some(&body),
    );
    let idp = entry(
        "2024-05-01T12:00:01.000Z",
        "GET",
        "https://idp.example.test/app/connect/sso",
        None,
    );
    let direct = entry(
        "2024-05-01T12:00:00.000Z",
        "GET",
        "https://example-cc.my.connect.aws/ccp-v2",
        None,
    );
    let cases = [
        (har(vec![idp.clone(), post.clone()]), Severity::Pass, ""),
        (
            har(vec![direct, idp, post]),
            Severity::Warning,
            "example-cc.my.connect.aws",
        ),
    ];
    for (text, expected, mention) in cases {
        let report = analyze_texts(&[&text], &Options::default());
        let message = report
            .messages
            .iter()
            .find(|message| {
                message.origin.url.as_deref() == Some("https://signin.aws.amazon.com/saml")
            })
            .expect("the POST to AWS");
        let found = finding(message, RuleId::ConnectIdpInitiated);
        assert_eq!(found.severity, expected, "{found:#?}");
        assert!(found.detail.contains(mention), "{found:#?}");
    }
}

#[test]
fn connect_federation_steps_name_the_instance() {
    let report = analyze_texts(
        &[&form_body(
            &common::aws_fixture("connect.xml"),
            Some(CONNECT_RELAY_STATE),
        )],
        &Options::default(),
    );
    let commands: Vec<&str> = report.messages[0]
        .next_steps
        .iter()
        .filter_map(|step| step.command.as_deref())
        .collect();
    assert!(
        commands
            .iter()
            .any(|command| command.contains("connect:GetFederationToken")
                && command.contains(&format!(
                    "arn:aws:connect:eu-west-2:111122223333:instance/{INSTANCE}/user/*"
                ))),
        "{commands:#?}"
    );
}

#[test]
fn the_cli_compares_the_connect_user_name_and_exits_1_on_an_error() {
    let directory = std::env::temp_dir().join(format!("rules-connect-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let connect = directory.join("connect.txt");
    std::fs::write(
        &connect,
        form_body(
            &common::aws_fixture("connect.xml"),
            Some(CONNECT_RELAY_STATE),
        ),
    )
    .unwrap();
    let connect = connect.to_str().unwrap();
    let global = common::fixture_path("aws/iam-global.xml");
    // (arguments, exit status, rule, severity)
    let cases: Vec<(Vec<&str>, i32, &str, &str)> = vec![
        (
            vec!["--expect", "username=jdoe", connect],
            0,
            "connect.username",
            "pass",
        ),
        (
            vec!["--expect", "username=JDoe", connect],
            1,
            "connect.username",
            "error",
        ),
        (
            vec!["--expect", "username=jdoe@corp", connect],
            1,
            "connect.username",
            "error",
        ),
        (
            vec!["--expect", "profile=amazon-connect", &global],
            1,
            "connect.relaystate",
            "error",
        ),
    ];
    for (arguments, status, rule, expected) in cases {
        let mut all = vec!["--format", "json", "--at", "2024-05-01T12:00:03Z"];
        all.extend(arguments.iter().copied());
        let output = common::cli(&all);
        assert_eq!(
            output.status.code(),
            Some(status),
            "{arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report = common::json(&output);
        assert_eq!(
            common::severity_of(&report, rule).as_deref(),
            Some(expected),
            "{arguments:?}: {:#}",
            report["messages"][0]["findings"]
        );
    }
    let _ = std::fs::remove_dir_all(&directory);
}
