//! Pack `aws-iam` (`aws.*`): IAM SAML federation, end to end. One table of cases for
//! a pass and the failures of every rule, checked as raw XML and, for the failures, as
//! the form body a browser posts (one fault gives its finding and no other pack's
//! error); clean, signed sign-ins at the global and a regional endpoint; which element
//! is signed; fixes in the recognised IdP's terms; the next steps; the `saml-inspect`
//! CLI with `--expect`.
//!
//! Clean messages: `tests/fixtures/aws/` (see its README). Cases are built with
//! `testing::ResponseSpec` (unsigned, so `aws.signing` and `core.sig.present` are
//! expected errors there and ignored where another rule is the point).

mod common;

use common::{aws_fixture, form_body, other_aws_errors, signed_fixture};
use saml_inspector::Options;
use saml_inspector::aws::LEGACY_AUDIENCE;
use saml_inspector::aws::attributes::{
    PRINCIPAL_TAG_PREFIX, ROLE_SESSION_NAME, SESSION_DURATION, SOURCE_IDENTITY, TRANSITIVE_TAG_KEYS,
};
use saml_inspector::checks::idp::Idp;
use saml_inspector::checks::{Pack, RuleId, Severity};
use saml_inspector::testing::{
    AttributeSpec, PROVIDER_ARN, ROLE_ARN, ROLE_ATTRIBUTE, ResponseSpec, analyze_texts,
    analyze_with, analyze_xml, errors, finding, run_pack_as, severity,
};

const AT: &str = "2024-05-01T12:00:03Z";

fn with_role(values: &[&str]) -> ResponseSpec {
    ResponseSpec::default().with_attribute(AttributeSpec::new(ROLE_ATTRIBUTE, values))
}

fn with(name: &str, values: &[&str]) -> ResponseSpec {
    ResponseSpec::default().with_attribute(AttributeSpec::new(name, values))
}

fn regional(region: &str) -> ResponseSpec {
    let url = format!("https://{region}.signin.aws.amazon.com/saml");
    ResponseSpec {
        destination: Some(url.clone()),
        recipient: Some(url.clone()),
        audiences: vec![vec![url]],
        ..ResponseSpec::default()
    }
}

fn options(pairs: &[&str]) -> Options {
    let mut options = Options::default();
    for pair in pairs {
        options.expect.set_pair(pair).unwrap();
    }
    options
}

/// (case, spec, --expect pairs, rule, expected severity, texts the finding must hold)
type Case = (
    &'static str,
    ResponseSpec,
    &'static [&'static str],
    RuleId,
    Severity,
    &'static [&'static str],
);

fn cases() -> Vec<Case> {
    let good = format!("{ROLE_ARN},{PROVIDER_ARN}");
    let swapped = format!("{PROVIDER_ARN},{ROLE_ARN}");
    let spaced = format!("{ROLE_ARN} ,{PROVIDER_ARN}");
    let other_account = format!("{ROLE_ARN},arn:aws:iam::444455556666:saml-provider/ExampleIdP");
    let long_name = "a".repeat(65);
    vec![
        (
            "audience global",
            ResponseSpec::default(),
            &[],
            RuleId::AwsAudience,
            Severity::Pass,
            &[],
        ),
        (
            "audience legacy urn",
            ResponseSpec {
                audiences: vec![vec![LEGACY_AUDIENCE.to_owned()]],
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsAudience,
            Severity::Pass,
            &["urn:amazon:webservices"],
        ),
        (
            "audience regional",
            regional("eu-west-1"),
            &[],
            RuleId::AwsAudience,
            Severity::Pass,
            &["aws.recipient"],
        ),
        (
            "recipient global",
            ResponseSpec::default(),
            &[],
            RuleId::AwsRecipient,
            Severity::Pass,
            &["SAML:aud"],
        ),
        (
            "recipient regional: the trust policy's SAML:aud is compared with it",
            regional("eu-west-1"),
            &[],
            RuleId::AwsRecipient,
            Severity::Info,
            &[
                "SAML:aud",
                "https://eu-west-1.signin.aws.amazon.com/saml",
                "not the Audience",
            ],
        ),
        (
            "recipient trailing slash",
            ResponseSpec {
                recipient: Some("https://signin.aws.amazon.com/saml/".to_owned()),
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsRecipient,
            Severity::Error,
            &["trailing slash"],
        ),
        (
            "recipient is aws's entity id",
            ResponseSpec {
                recipient: Some(LEGACY_AUDIENCE.to_owned()),
                ..ResponseSpec::default()
            },
            &["profile=aws-iam"],
            RuleId::AwsRecipient,
            Severity::Error,
            &["\"urn:amazon:webservices\" is not"],
        ),
        (
            "recipient another host",
            ResponseSpec {
                recipient: Some("https://sp.example.net/saml/acs".to_owned()),
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsRecipient,
            Severity::Error,
            &["sp.example.net"],
        ),
        (
            "recipient missing",
            ResponseSpec {
                recipient: None,
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsRecipient,
            Severity::Info,
            &["core.subject.confirmation"],
        ),
        (
            "audience trailing slash",
            ResponseSpec {
                audiences: vec![vec!["https://signin.aws.amazon.com/saml/".to_owned()]],
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsAudience,
            Severity::Error,
            &["trailing slash"],
        ),
        (
            "audience trailing space",
            ResponseSpec {
                audiences: vec![vec!["https://signin.aws.amazon.com/saml ".to_owned()]],
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsAudience,
            Severity::Error,
            &["saml␠"],
        ),
        (
            "audience other",
            ResponseSpec {
                audiences: vec![vec!["https://app.example.com".to_owned()]],
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsAudience,
            Severity::Error,
            &["app.example.com"],
        ),
        (
            "audience missing",
            ResponseSpec {
                audiences: vec![],
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsAudience,
            Severity::Error,
            &["no AudienceRestriction"],
        ),
        (
            "region agree",
            regional("eu-west-1"),
            &["region=eu-west-1"],
            RuleId::AwsRecipientRegion,
            Severity::Pass,
            &[],
        ),
        (
            "region mixed",
            ResponseSpec {
                recipient: Some("https://eu-west-1.signin.aws.amazon.com/saml".to_owned()),
                ..ResponseSpec::default()
            },
            &[],
            RuleId::AwsRecipientRegion,
            Severity::Error,
            &["regional eu-west-1"],
        ),
        (
            "region two",
            ResponseSpec {
                audiences: vec![vec![
                    "https://eu-central-1.signin.aws.amazon.com/saml".to_owned(),
                ]],
                ..regional("eu-west-1")
            },
            &[],
            RuleId::AwsRecipientRegion,
            Severity::Warning,
            &["eu-central-1"],
        ),
        (
            "region expected",
            regional("eu-west-1"),
            &["region=us-east-2"],
            RuleId::AwsRecipientRegion,
            Severity::Warning,
            &["us-east-2"],
        ),
        (
            "role present",
            ResponseSpec::default(),
            &[],
            RuleId::AwsRolePresent,
            Severity::Pass,
            &[],
        ),
        (
            "role missing",
            ResponseSpec::default().without_attribute(ROLE_ATTRIBUTE),
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            &["no attribute named", ROLE_ATTRIBUTE],
        ),
        (
            "role case",
            ResponseSpec::default()
                .without_attribute(ROLE_ATTRIBUTE)
                .with_attribute(AttributeSpec::new(
                    "https://aws.amazon.com/SAML/Attributes/role",
                    &[&good],
                )),
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            &["Attributes/role", "other letter case"],
        ),
        (
            "role name with http:",
            ResponseSpec::default()
                .without_attribute(ROLE_ATTRIBUTE)
                .with_attribute(AttributeSpec::new(
                    "http://aws.amazon.com/SAML/Attributes/Role",
                    &[&good],
                )),
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            &["near miss", "http: instead of https:"],
        ),
        (
            "role name with a trailing slash",
            ResponseSpec::default()
                .without_attribute(ROLE_ATTRIBUTE)
                .with_attribute(AttributeSpec::new(
                    "https://aws.amazon.com/SAML/Attributes/Role/",
                    &[&good],
                )),
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            &["a trailing /"],
        ),
        (
            "role only as a friendly name",
            ResponseSpec::default()
                .without_attribute(ROLE_ATTRIBUTE)
                .with_attribute(AttributeSpec {
                    friendly_name: Some("Role".to_owned()),
                    ..AttributeSpec::new("urn:oid:1.3.6.1.4.1.5923.1.1.1.7", &[&good])
                }),
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            &["FriendlyName \"Role\"", "never the FriendlyName"],
        ),
        (
            "role no value",
            with_role(&[]),
            &[],
            RuleId::AwsRolePresent,
            Severity::Error,
            &["no AttributeValue"],
        ),
        (
            "role format ok",
            ResponseSpec::default(),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Pass,
            &[],
        ),
        (
            "role format swapped",
            with_role(&[&swapped]),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Pass,
            &[],
        ),
        (
            "role format space",
            with_role(&[&spaced]),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Error,
            &["SamlReadOnly␠,arn:aws:iam"],
        ),
        (
            "role format one arn",
            with_role(&[ROLE_ARN]),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Error,
            &["1 part(s)"],
        ),
        (
            "role format accounts",
            with_role(&[&other_account]),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Error,
            &["444455556666"],
        ),
        (
            "role format account digits",
            with_role(&[
                "arn:aws:iam::11112222333:role/R,arn:aws:iam::11112222333:saml-provider/P",
            ]),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Error,
            &["not 12 digits"],
        ),
        (
            "role format partition",
            with_role(&[
                "arn:aws-cn:iam::111122223333:role/R,arn:aws-cn:iam::111122223333:saml-provider/P",
            ]),
            &[],
            RuleId::AwsRoleFormat,
            Severity::Error,
            &["partition"],
        ),
        (
            "role format expected account",
            ResponseSpec::default(),
            &["account=999988887777"],
            RuleId::AwsRoleFormat,
            Severity::Warning,
            &["111122223333"],
        ),
        (
            "role format expected role",
            ResponseSpec::default(),
            &["role=samlreadonly"],
            RuleId::AwsRoleFormat,
            Severity::Warning,
            &["only by case"],
        ),
        (
            "role format expected role ok",
            ResponseSpec::default(),
            &["role=SamlReadOnly"],
            RuleId::AwsRoleFormat,
            Severity::Pass,
            &[],
        ),
        (
            "role single",
            ResponseSpec::default(),
            &[],
            RuleId::AwsRoleMultiple,
            Severity::Pass,
            &[],
        ),
        (
            "role two",
            with_role(&[&good, &good.replace("SamlReadOnly", "Admin")]),
            &[],
            RuleId::AwsRoleMultiple,
            Severity::Info,
            &["choose a role"],
        ),
        (
            "role duplicate",
            with_role(&[&good, &good]),
            &[],
            RuleId::AwsRoleMultiple,
            Severity::Warning,
            &["2 times"],
        ),
        (
            "session name ok",
            ResponseSpec::default(),
            &[],
            RuleId::AwsSessionName,
            Severity::Pass,
            &[],
        ),
        (
            "session name missing",
            ResponseSpec::default()
                .without_attribute(saml_inspector::testing::SESSION_NAME_ATTRIBUTE),
            &[],
            RuleId::AwsSessionName,
            Severity::Error,
            &["is required"],
        ),
        (
            "session name space",
            with(ROLE_SESSION_NAME, &["John Doe"]),
            &[],
            RuleId::AwsSessionName,
            Severity::Error,
            &["' ' (U+0020) at position 5"],
        ),
        (
            "session name short",
            with(ROLE_SESSION_NAME, &["j"]),
            &[],
            RuleId::AwsSessionName,
            Severity::Error,
            &["fewer than 2"],
        ),
        (
            "session name long",
            with(ROLE_SESSION_NAME, &[&long_name]),
            &[],
            RuleId::AwsSessionName,
            Severity::Error,
            &["65 characters"],
        ),
        (
            "session name backslash",
            with(ROLE_SESSION_NAME, &["CORP\\jdoe"]),
            &[],
            RuleId::AwsSessionName,
            Severity::Error,
            &["'\\\\' (U+005C) at position 5"],
        ),
        (
            "duration ok",
            ResponseSpec::default(),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Pass,
            &[],
        ),
        (
            "duration absent",
            ResponseSpec::default().without_attribute(SESSION_DURATION),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Pass,
            &[],
        ),
        (
            "duration long",
            with(SESSION_DURATION, &["28800"]),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Info,
            &["MaxSessionDuration"],
        ),
        (
            "duration too long",
            with(SESSION_DURATION, &["86400"]),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Error,
            &["86400"],
        ),
        (
            "duration too short",
            with(SESSION_DURATION, &["600"]),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Error,
            &["600"],
        ),
        (
            "duration text",
            with(SESSION_DURATION, &["1h"]),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Error,
            &["\"1h\""],
        ),
        (
            "duration space",
            with(SESSION_DURATION, &["3600 "]),
            &[],
            RuleId::AwsSessionDuration,
            Severity::Error,
            &["3600␠"],
        ),
        (
            "tags none",
            ResponseSpec::default(),
            &[],
            RuleId::AwsTags,
            Severity::Pass,
            &[],
        ),
        (
            "tags ok",
            with(&format!("{PRINCIPAL_TAG_PREFIX}CostCenter"), &["1234"]),
            &[],
            RuleId::AwsTags,
            Severity::Info,
            &["sts:TagSession"],
        ),
        (
            "tags too many",
            (0..51).fold(ResponseSpec::default(), |spec, n| {
                spec.with_attribute(AttributeSpec::new(
                    &format!("{PRINCIPAL_TAG_PREFIX}Tag{n}"),
                    &["x"],
                ))
            }),
            &[],
            RuleId::AwsTags,
            Severity::Error,
            &["51 PrincipalTag"],
        ),
        (
            "tags same key",
            with(&format!("{PRINCIPAL_TAG_PREFIX}Team"), &["a"]).with_attribute(
                AttributeSpec::new(&format!("{PRINCIPAL_TAG_PREFIX}TEAM"), &["b"]),
            ),
            &[],
            RuleId::AwsTags,
            Severity::Error,
            &["case-insensitive"],
        ),
        (
            "tags long value",
            with(&format!("{PRINCIPAL_TAG_PREFIX}Team"), &[&"x".repeat(257)]),
            &[],
            RuleId::AwsTags,
            Severity::Error,
            &["257 characters"],
        ),
        (
            "tags reserved",
            with(&format!("{PRINCIPAL_TAG_PREFIX}aws:team"), &["x"]),
            &[],
            RuleId::AwsTags,
            Severity::Error,
            &["reserved"],
        ),
        (
            "tags multivalued",
            with(&format!("{PRINCIPAL_TAG_PREFIX}Team"), &["a", "b"]),
            &[],
            RuleId::AwsTags,
            Severity::Error,
            &["2 values"],
        ),
        (
            "tags transitive unknown",
            with(TRANSITIVE_TAG_KEYS, &["Team"]),
            &[],
            RuleId::AwsTags,
            Severity::Error,
            &["\"Team\""],
        ),
        (
            "source identity absent",
            ResponseSpec::default(),
            &[],
            RuleId::AwsSourceIdentity,
            Severity::Pass,
            &[],
        ),
        (
            "source identity ok",
            with(SOURCE_IDENTITY, &["jdoe@example.com"]),
            &[],
            RuleId::AwsSourceIdentity,
            Severity::Info,
            &["sts:SetSourceIdentity"],
        ),
        (
            "source identity bad",
            with(SOURCE_IDENTITY, &["j doe"]),
            &[],
            RuleId::AwsSourceIdentity,
            Severity::Error,
            &["position 2"],
        ),
        (
            "source identity with aws: prefix",
            with(SOURCE_IDENTITY, &["aws:jdoe"]),
            &[],
            RuleId::AwsSourceIdentity,
            Severity::Error,
            &["\"aws:\""],
        ),
        (
            "encryption none",
            ResponseSpec::default(),
            &[],
            RuleId::AwsEncryption,
            Severity::Pass,
            &[],
        ),
        (
            "encrypted for iam",
            ResponseSpec {
                assertions: 0,
                encrypted_assertions: 1,
                ..ResponseSpec::default()
            },
            &["profile=aws-iam"],
            RuleId::AwsEncryption,
            Severity::Warning,
            &["private key", "at most two", "AES-256-GCM"],
        ),
        (
            "source identity slash",
            with(SOURCE_IDENTITY, &["corp/jdoe"]),
            &[],
            RuleId::AwsSourceIdentity,
            Severity::Error,
            &["'/' (U+002F) at position 5"],
        ),
        (
            "signing none: core.sig.present's error, which this points at",
            ResponseSpec::default(),
            &[],
            RuleId::AwsSigning,
            Severity::Info,
            &["no ds:Signature", "core.sig.present"],
        ),
    ]
}

#[test]
fn each_rule_passes_and_fails() {
    for (name, spec, expect, rule, expected, texts) in cases() {
        let message = analyze_with(&spec.xml(), &options(expect));
        let found = finding(&message, rule);
        assert_eq!(found.severity, expected, "{name}: {found:#?}");
        let all = format!("{} {} {}", found.title, found.detail, found.fix);
        for text in texts {
            assert!(all.contains(text), "{name}: {text:?} not in {all}");
        }
    }
}

/// Errors that an unsigned made-up message always has, whatever the planted fault.
const UNSIGNED: &[RuleId] = &[RuleId::CoreSigPresent];

#[test]
fn one_fault_gives_its_finding_and_no_other_pack_error() {
    let mut covered = std::collections::BTreeSet::new();
    for (name, spec, expect, rule, expected, _) in cases() {
        if matches!(expected, Severity::Pass | Severity::Info) {
            continue;
        }
        let body = form_body(&spec.xml(), None);
        let report = analyze_texts(&[&body], &options(expect));
        let message = &report.messages[0];
        assert_eq!(finding(message, rule).severity, expected, "{name}");
        let other_errors = other_aws_errors(message, rule, UNSIGNED);
        assert_eq!(other_errors, [], "{name}: {:#?}", message.findings);
        covered.insert(rule.as_str());
    }
    // aws.signing only says which element is signed: an unsigned message is
    // core.sig.present's error, a broken signature core.sig.valid's (one cause, one
    // finding).
    let missing: Vec<&str> = RuleId::ALL
        .iter()
        .map(|rule| rule.as_str())
        .filter(|id| id.starts_with("aws.") && *id != "aws.signing" && !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a failing case: {missing:?}"
    );
}

#[test]
fn every_rule_reports_once_on_a_clean_message() {
    let message = analyze_xml(&ResponseSpec::default().xml());
    for rule in RuleId::ALL
        .iter()
        .filter(|rule| rule.as_str().starts_with("aws."))
    {
        assert!(severity(&message, *rule).is_some(), "{rule} said nothing");
    }
}

#[test]
fn clean_sign_ins_have_no_error_from_any_pack() {
    let cases = [
        (
            "aws-iam global",
            aws_fixture("iam-global.xml"),
            vec!["account=111122223333", "role=SamlReadOnly"],
        ),
        (
            "aws-iam regional eu-west-1",
            aws_fixture("iam-regional.xml"),
            vec!["region=eu-west-1"],
        ),
    ];
    for (name, input, expect) in cases {
        let report = analyze_texts(&[&input], &options(&expect));
        common::assert_clean_aws_sign_in(&report, name, &["core", "aws-iam"]);
    }
}

#[test]
fn the_regional_sign_in_names_its_region_in_the_next_steps() {
    let report = analyze_texts(&[&aws_fixture("iam-regional.xml")], &Options::default());
    let message = &report.messages[0];
    assert_eq!(
        finding(message, RuleId::AwsRecipient).severity,
        Severity::Info,
        "a regional Recipient reminds of SAML:aud"
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

#[test]
fn signed_fixtures_say_which_element_is_signed() {
    let cases = [
        (
            "response-assertion-signed.xml",
            Severity::Info,
            "Only the Assertion",
        ),
        (
            "response-response-signed.xml",
            Severity::Pass,
            "The Response is signed",
        ),
        ("response-both-signed.xml", Severity::Pass, "both signed"),
    ];
    for (file, expected, title) in cases {
        let message = analyze_xml(&signed_fixture(file));
        let found = finding(&message, RuleId::AwsSigning);
        assert_eq!(found.severity, expected, "{file}");
        assert!(found.title.contains(title), "{file}: {}", found.title);
    }
}

#[test]
fn fixes_use_the_recognised_idps_terms() {
    let no_role = ResponseSpec::default().without_attribute(ROLE_ATTRIBUTE);
    let cases = [
        (
            Idp::Okta,
            RuleId::AwsRolePresent,
            "attribute statements in Okta",
        ),
        (Idp::EntraId, RuleId::AwsRolePresent, "Attributes & Claims"),
        (Idp::Adfs, RuleId::AwsRolePresent, "claim rules"),
        (
            Idp::OneLogin,
            RuleId::AwsSigning,
            "\"SAML signature element\" (Response or Both)",
        ),
        (
            Idp::EntraId,
            RuleId::AwsSigning,
            "Sign SAML response and assertion",
        ),
    ];
    for (idp, rule, text) in cases {
        let findings = run_pack_as(Pack::AwsIam, Some(idp), &no_role);
        let found = findings
            .iter()
            .find(|f| f.id == rule)
            .expect("the rule reports");
        assert!(found.fix.contains(text), "{idp:?} {rule}: {}", found.fix);
    }
    let audience = ResponseSpec {
        audiences: vec![vec!["https://example.com".to_owned()]],
        ..ResponseSpec::default()
    };
    let findings = run_pack_as(Pack::AwsIam, Some(Idp::EntraId), &audience);
    let found = findings
        .iter()
        .find(|f| f.id == RuleId::AwsAudience)
        .expect("the rule reports");
    assert!(
        found.fix.contains("Identifier (Entity ID)"),
        "{}",
        found.fix
    );
}

#[test]
fn the_cli_compares_expectations_and_exits_1_on_an_error() {
    let global = common::fixture_path("aws/iam-global.xml");
    let regional = common::fixture_path("aws/iam-regional.xml");
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
    ];
    for (arguments, status, rule, expected) in cases {
        let mut all = vec!["--format", "json", "--at", AT];
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
    // Text and Markdown show the prefilled next steps, commands in a code block.
    let markdown = common::cli(&["--format", "markdown", "--at", AT, &global]);
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(markdown.contains("**Next steps**"), "{markdown}");
    assert!(
        markdown.contains("```sh\n  aws iam get-role --role-name SamlReadOnly\n  ```"),
        "{markdown}"
    );
    let text = common::cli(&["--format", "text", "--at", AT, &global]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("$ aws iam list-saml-providers"), "{text}");
}

/// One cause, one finding: a Role value with a trailing space is `aws.role.format`'s
/// error, titled with the space and showing it; `core.attr.whitespace` only points at it.
#[test]
fn a_trailing_space_in_the_role_is_one_finding() {
    let value = format!("{ROLE_ARN},{PROVIDER_ARN} ");
    let message = analyze_xml(&with_role(&[&value]).xml());
    let format = finding(&message, RuleId::AwsRoleFormat);
    assert_eq!(format.severity, Severity::Error);
    assert_eq!(format.title, "A Role value has a trailing space");
    assert!(format.detail.contains("ExampleIdP \""), "{format:?}");
    assert!(format.detail.contains("ExampleIdP␠"), "{format:?}");
    assert!(format.detail.contains("well-formed"), "{format:?}");
    let whitespace = finding(&message, RuleId::CoreAttrWhitespace);
    assert_eq!(whitespace.severity, Severity::Info, "{whitespace:?}");
    assert!(
        whitespace.detail.contains("aws.role.format"),
        "{whitespace:?}"
    );
    let errors: Vec<RuleId> = errors(&message)
        .into_iter()
        .filter(|id| !UNSIGNED.contains(id))
        .collect();
    assert_eq!(errors, [RuleId::AwsRoleFormat], "{:#?}", message.findings);
    // Not addressed to AWS: the padding is core.attr.whitespace's, and no aws rule runs.
    let elsewhere = ResponseSpec {
        destination: Some("https://sp.example.test/acs".to_owned()),
        recipient: Some("https://sp.example.test/acs".to_owned()),
        audiences: vec![vec!["https://sp.example.test/".to_owned()]],
        ..with_role(&[&value])
    };
    let message = analyze_xml(&elsewhere.xml());
    assert_eq!(severity(&message, RuleId::AwsRoleFormat), None);
    assert_eq!(
        finding(&message, RuleId::CoreAttrWhitespace).severity,
        Severity::Error
    );
}
