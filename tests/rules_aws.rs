//! The `aws-iam` and `amazon-connect` packs end to end: clean, signed sign-ins (global
//! and regional IAM endpoints, Amazon Connect) give no `error` from any pack, and one
//! planted fault per case gives the rule's finding — through `analyze` and through the
//! `saml-inspect` CLI (`--expect`, exit status 1 on an error).
//!
//! Clean messages: `tests/fixtures/aws/` (see its README). Faulty ones are built with
//! `testing::ResponseSpec` (unsigned, so `aws.signing` and `core.sig.present`
//! are expected errors there and ignored).

use base64::Engine;
use saml_inspector::Options;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::testing::{
    AttributeSpec, PROVIDER_ARN, ROLE_ARN, ROLE_ATTRIBUTE, ResponseSpec,
    SESSION_DURATION_ATTRIBUTE, SESSION_NAME_ATTRIBUTE, analyze_texts, errors, finding,
};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_saml-inspect");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aws");
const INSTANCE: &str = "5f1e2d3c-aaaa-bbbb-cccc-123456789abc";
const CONNECT_RELAY_STATE: &str = "https://eu-west-2.console.aws.amazon.com/connect/federate/5f1e2d3c-aaaa-bbbb-cccc-123456789abc?destination=%2Fccp-v2";
const AT: &str = "2024-05-01T12:00:03Z";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture exists")
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The form body a browser posts to AWS sign-in: SAMLResponse and RelayState.
fn form_body(xml: &str, relay_state: Option<&str>) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(xml);
    let mut body = format!("SAMLResponse={}", percent(&encoded));
    if let Some(relay_state) = relay_state {
        body.push_str("&RelayState=");
        body.push_str(&percent(relay_state));
    }
    body
}

fn options(expect: &[&str]) -> Options {
    let mut options = Options::default();
    for pair in expect {
        options
            .expect
            .set_pair(pair)
            .expect("a valid --expect pair");
    }
    options
}

fn packs(message: &saml_inspector::report::MessageReport) -> Vec<&'static str> {
    message
        .packs
        .iter()
        .map(|choice| choice.pack.as_str())
        .collect()
}

/// (name, input text, --expect pairs, packs that must run)
fn clean_cases() -> Vec<(&'static str, String, Vec<&'static str>, Vec<&'static str>)> {
    vec![
        (
            "aws-iam global",
            fixture("iam-global.xml"),
            vec!["account=111122223333", "role=SamlReadOnly"],
            vec!["core", "aws-iam"],
        ),
        (
            "aws-iam regional eu-west-1",
            fixture("iam-regional.xml"),
            vec!["region=eu-west-1"],
            vec!["core", "aws-iam"],
        ),
        (
            "amazon connect",
            form_body(&fixture("connect.xml"), Some(CONNECT_RELAY_STATE)),
            vec!["username=jdoe", "region=eu-west-2"],
            vec!["core", "aws-iam", "amazon-connect"],
        ),
    ]
}

#[test]
fn clean_sign_ins_have_no_error_from_any_pack() {
    for (name, input, expect, expected_packs) in clean_cases() {
        let report = analyze_texts(&[&input], &options(&expect));
        assert_eq!(report.messages.len(), 1, "{name}");
        let message = &report.messages[0];
        assert_eq!(packs(message), expected_packs, "{name}");
        assert_eq!(errors(message), [], "{name}: {:#?}", message.findings);
        // Every rule of the packs that ran said something, most of them `pass`.
        for rule in RuleId::ALL {
            let pack_ran = (rule.as_str().starts_with("aws.")
                && expected_packs.contains(&"aws-iam"))
                || (rule.as_str().starts_with("connect.")
                    && expected_packs.contains(&"amazon-connect"));
            if pack_ran {
                let found = finding(message, *rule);
                assert!(
                    matches!(found.severity, Severity::Pass | Severity::Info),
                    "{name}: {found:#?}"
                );
            }
        }
        assert!(
            message
                .next_steps
                .iter()
                .any(|step| step.command.as_deref()
                    == Some("aws iam get-role --role-name SamlReadOnly")),
            "{name}: {:#?}",
            message.next_steps
        );
    }
}

#[test]
fn the_regional_sign_in_names_its_region_in_the_next_steps() {
    let report = analyze_texts(&[&fixture("iam-regional.xml")], &Options::default());
    let message = &report.messages[0];
    assert_eq!(
        finding(message, RuleId::AwsAudience).severity,
        Severity::Info,
        "a regional audience reminds of SAML:aud"
    );
    let cloudtrail = message
        .next_steps
        .iter()
        .filter_map(|step| step.command.as_deref())
        .find(|command| command.contains("lookup-events"))
        .expect("a CloudTrail step");
    assert!(cloudtrail.ends_with("--region eu-west-1"), "{cloudtrail}");
    let provider = message
        .next_steps
        .iter()
        .find(|step| {
            step.command
                .as_deref()
                .is_some_and(|command| command.starts_with("aws iam get-saml-provider"))
        })
        .expect("a get-saml-provider step");
    let fingerprint = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/signed/idp.fingerprints"
    ))
    .unwrap();
    let sha256 = fingerprint
        .lines()
        .find_map(|line| line.strip_prefix("sha256 Fingerprint="))
        .expect("openssl's SHA-256 line");
    assert!(
        provider.detail.to_ascii_uppercase().contains(sha256),
        "{} vs {sha256}",
        provider.detail
    );
}

/// One fault per case: (name, spec, RelayState, --expect, rule, severity, text in detail).
type Fault = (
    &'static str,
    ResponseSpec,
    Option<String>,
    &'static [&'static str],
    RuleId,
    Severity,
    &'static str,
);

fn role(value: &str) -> AttributeSpec {
    AttributeSpec::new(ROLE_ATTRIBUTE, &[value])
}

fn faults() -> Vec<Fault> {
    let connect = Some(CONNECT_RELAY_STATE.to_owned());
    let connect_spec = || {
        ResponseSpec::default()
            .with_attribute(AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &["jdoe"]))
    };
    let good = format!("{ROLE_ARN},{PROVIDER_ARN}");
    vec![
        (
            "wrong audience",
            ResponseSpec {
                audiences: vec![vec!["https://signin.aws.amazon.com/saml ".to_owned()]],
                ..ResponseSpec::default()
            },
            None,
            &[],
            RuleId::AwsAudience,
            Severity::Error,
            "saml␠",
        ),
        (
            "recipient in another region",
            ResponseSpec {
                recipient: Some("https://eu-west-1.signin.aws.amazon.com/saml".to_owned()),
                ..ResponseSpec::default()
            },
            None,
            &[],
            RuleId::AwsRecipientRegion,
            Severity::Error,
            "regional eu-west-1",
        ),
        (
            "no role",
            ResponseSpec::default().without_attribute(ROLE_ATTRIBUTE),
            None,
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            ROLE_ATTRIBUTE,
        ),
        (
            "space before the comma",
            ResponseSpec::default().with_attribute(role(&format!("{ROLE_ARN} ,{PROVIDER_ARN}"))),
            None,
            &[],
            RuleId::AwsRoleFormat,
            Severity::Error,
            "SamlReadOnly␠,arn:aws:iam",
        ),
        (
            "duplicated role",
            ResponseSpec::default()
                .with_attribute(AttributeSpec::new(ROLE_ATTRIBUTE, &[&good, &good])),
            None,
            &[],
            RuleId::AwsRoleMultiple,
            Severity::Warning,
            "2 times",
        ),
        (
            "session name with a space",
            ResponseSpec::default()
                .with_attribute(AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &["john doe"])),
            None,
            &[],
            RuleId::AwsSessionName,
            Severity::Error,
            "' ' (U+0020) at position 5",
        ),
        (
            "session duration too long",
            ResponseSpec::default()
                .with_attribute(AttributeSpec::new(SESSION_DURATION_ATTRIBUTE, &["50000"])),
            None,
            &[],
            RuleId::AwsSessionDuration,
            Severity::Error,
            "50000",
        ),
        (
            "tag value too long",
            ResponseSpec::default().with_attribute(AttributeSpec::new(
                "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team",
                &[&"t".repeat(300)],
            )),
            None,
            &[],
            RuleId::AwsTags,
            Severity::Error,
            "300 characters",
        ),
        (
            "source identity with a slash",
            ResponseSpec::default().with_attribute(AttributeSpec::new(
                "https://aws.amazon.com/SAML/Attributes/SourceIdentity",
                &["corp/jdoe"],
            )),
            None,
            &[],
            RuleId::AwsSourceIdentity,
            Severity::Error,
            "'/' (U+002F) at position 5",
        ),
        (
            "unsigned",
            ResponseSpec::default(),
            None,
            &[],
            RuleId::AwsSigning,
            Severity::Error,
            "no ds:Signature",
        ),
        (
            "relay state region differs from the endpoint",
            {
                let url = "https://eu-west-1.signin.aws.amazon.com/saml".to_owned();
                ResponseSpec {
                    destination: Some(url.clone()),
                    recipient: Some(url.clone()),
                    audiences: vec![vec![url]],
                    ..connect_spec()
                }
            },
            connect.clone(),
            &[],
            RuleId::ConnectRelayState,
            Severity::Error,
            "eu-west-2",
        ),
        (
            "connect user name differs by case",
            connect_spec(),
            connect.clone(),
            &["username=JDoe"],
            RuleId::ConnectUsername,
            Severity::Error,
            "letter case",
        ),
        (
            "connect user name without the domain",
            ResponseSpec::default(),
            connect.clone(),
            &["username=jdoe"],
            RuleId::ConnectUsername,
            Severity::Error,
            "domain",
        ),
        (
            "two roles for connect",
            connect_spec().with_attribute(AttributeSpec::new(
                ROLE_ATTRIBUTE,
                &[&good, &good.replace("SamlReadOnly", "Admin")],
            )),
            connect.clone(),
            &[],
            RuleId::ConnectRoleSingle,
            Severity::Error,
            "2 values",
        ),
        (
            "connect reached from an AuthnRequest",
            ResponseSpec {
                in_response_to: Some("_sp-request-1".to_owned()),
                ..connect_spec()
            },
            connect,
            &[],
            RuleId::ConnectIdpInitiated,
            Severity::Warning,
            "_sp-request-1",
        ),
    ]
}

/// Errors that an unsigned made-up message always has, whatever the planted fault.
const UNSIGNED: &[RuleId] = &[RuleId::AwsSigning, RuleId::CoreSigPresent];

#[test]
fn one_fault_gives_its_finding_and_no_other_pack_error() {
    let mut covered = std::collections::BTreeSet::new();
    for (name, spec, relay_state, expect, rule, expected, text) in faults() {
        let body = form_body(&spec.xml(), relay_state.as_deref());
        let report = analyze_texts(&[&body], &options(expect));
        let message = &report.messages[0];
        let found = finding(message, rule);
        assert_eq!(found.severity, expected, "{name}: {found:#?}");
        assert!(
            found.detail.contains(text) || found.title.contains(text),
            "{name}: {text:?} not in {found:#?}"
        );
        let other_errors: Vec<RuleId> = errors(message)
            .into_iter()
            .filter(|id| *id != rule && !UNSIGNED.contains(id))
            .filter(|id| id.as_str().starts_with("aws.") || id.as_str().starts_with("connect."))
            .collect();
        assert_eq!(other_errors, [], "{name}: {:#?}", message.findings);
        covered.insert(rule.as_str());
    }
    let every: Vec<&str> = RuleId::ALL
        .iter()
        .map(|rule| rule.as_str())
        .filter(|id| id.starts_with("aws.") || id.starts_with("connect."))
        .collect();
    let missing: Vec<&&str> = every.iter().filter(|id| !covered.contains(**id)).collect();
    assert!(
        missing.is_empty(),
        "rules without a failing case: {missing:?}"
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

fn cli(arguments: &[&str]) -> Output {
    Command::new(BIN)
        .args(arguments)
        .output()
        .expect("saml-inspect runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn severity_of(report: &serde_json::Value, id: &str) -> Option<String> {
    report["messages"][0]["findings"]
        .as_array()?
        .iter()
        .find(|finding| finding["id"] == id)
        .and_then(|finding| finding["severity"].as_str().map(str::to_owned))
}

#[test]
fn the_cli_compares_expectations_and_exits_1_on_an_error() {
    let directory = std::env::temp_dir().join(format!("rules-aws-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let connect = directory.join("connect.txt");
    std::fs::write(
        &connect,
        form_body(&fixture("connect.xml"), Some(CONNECT_RELAY_STATE)),
    )
    .unwrap();
    let connect = connect.to_str().unwrap();
    let global = format!("{FIXTURES}/iam-global.xml");
    let regional = format!("{FIXTURES}/iam-regional.xml");
    // (arguments, exit status, rule, severity)
    let cases: Vec<(Vec<&str>, i32, &str, &str)> = vec![
        (vec![&global], 0, "aws.role.format", "pass"),
        (
            vec!["--expect", "account=999988887777", &global],
            0,
            "aws.role.format",
            "warning",
        ),
        (
            vec!["--expect", "region=eu-west-1", &regional],
            0,
            "aws.recipient.region",
            "pass",
        ),
        (
            vec!["--expect", "region=us-west-2", &regional],
            0,
            "aws.recipient.region",
            "warning",
        ),
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
        let mut all = vec!["--format", "json", "--at", AT];
        all.extend(arguments.iter().copied());
        let output = cli(&all);
        assert_eq!(
            output.status.code(),
            Some(status),
            "{arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report = json(&output);
        assert_eq!(
            severity_of(&report, rule).as_deref(),
            Some(expected),
            "{arguments:?}: {:#}",
            report["messages"][0]["findings"]
        );
    }
    // Text and Markdown show the prefilled next steps, commands in a code block.
    let markdown = cli(&["--format", "markdown", "--at", AT, &global]);
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(markdown.contains("**Next steps**"), "{markdown}");
    assert!(
        markdown.contains("```sh\n  aws iam get-role --role-name SamlReadOnly\n  ```"),
        "{markdown}"
    );
    let text = cli(&["--format", "text", "--at", AT, &global]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("$ aws iam list-saml-providers"), "{text}");
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn connect_federation_steps_name_the_instance() {
    let report = analyze_texts(
        &[&form_body(
            &fixture("connect.xml"),
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
