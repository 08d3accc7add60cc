//! Pack `aws-identity-center` (`iic.*`): IAM Identity Center with an external IdP, end
//! to end through the analysis: a clean Response passes every rule (unsigned and
//! signed), one table of faults gives each rule's error, and the details show what
//! differs.
//!
//! Messages come from `testing::ResponseSpec`; the signed one is
//! `tests/fixtures/iic/response-signed.xml` (see its README).

mod common;

use common::{fixture, signed_fixture};
use saml_inspector::Options;
use saml_inspector::aws::attributes::{ACCESS_CONTROL_PREFIX, MAX_ACCESS_CONTROL_ATTRIBUTES};
use saml_inspector::checks::idp::Idp;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::testing::{
    AttributeSpec, ResponseSpec, analyze_with, errors, finding, severity,
};

fn options(pairs: &[&str]) -> Options {
    let mut options = Options::default();
    for pair in pairs {
        options.expect.set_pair(pair).unwrap();
    }
    options
}

fn identity_center() -> Options {
    options(&["profile=aws-identity-center"])
}

fn abac(key: &str, values: &[&str]) -> AttributeSpec {
    AttributeSpec::new(&format!("{ACCESS_CONTROL_PREFIX}{key}"), values)
}

/// Every rule of the pack but `iic.entra.cert`, which speaks only for an Entra ID issuer.
const RULES: [RuleId; 10] = [
    RuleId::IicNameIdFormat,
    RuleId::IicNameIdValue,
    RuleId::IicAssertionSingle,
    RuleId::IicAssertionEncrypted,
    RuleId::IicAbacCount,
    RuleId::IicAbacMultivalue,
    RuleId::IicAbacDuplicate,
    RuleId::IicAbacStructured,
    RuleId::IicAbacNameFormat,
    RuleId::IicUrls,
];

#[test]
fn a_clean_identity_center_response_has_no_error_but_its_missing_signature() {
    let message = analyze_with(
        &ResponseSpec::identity_center().xml(),
        &options(&["username=jdoe@example.com"]),
    );
    let packs: Vec<&str> = message
        .packs
        .iter()
        .map(|choice| choice.pack.as_str())
        .collect();
    assert_eq!(packs, ["core", "aws-identity-center"]);
    // The builder writes unsigned messages; core.sig.present is the only error.
    let errors: Vec<RuleId> = errors(&message)
        .into_iter()
        .filter(|id| *id != RuleId::CoreSigPresent)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let iic: Vec<(RuleId, Severity)> = message
        .findings
        .iter()
        .filter(|f| f.id.as_str().starts_with("iic."))
        .map(|f| (f.id, f.severity))
        .collect();
    assert_eq!(iic.len(), 10, "{iic:?}");
    assert!(iic.iter().all(|(_, severity)| *severity == Severity::Pass));
}

#[test]
fn every_rule_passes_without_an_expected_user_and_with_attributes_for_access_control() {
    let clean = ResponseSpec::identity_center();
    let message = analyze_with(&clean.xml(), &Options::default());
    for id in RULES {
        assert_eq!(severity(&message, id), Some(Severity::Pass), "{id}");
    }
    let with_abac = clean
        .with_attribute(abac("Department", &["Sales"]))
        .with_attribute(abac("CostCenter", &["42"]));
    let message = analyze_with(&with_abac.xml(), &Options::default());
    for id in [
        RuleId::IicAbacCount,
        RuleId::IicAbacMultivalue,
        RuleId::IicAbacDuplicate,
        RuleId::IicAbacStructured,
        RuleId::IicAbacNameFormat,
    ] {
        assert_eq!(severity(&message, id), Some(Severity::Pass), "{id}");
    }
}

#[test]
fn a_signed_clean_identity_center_response_has_no_error() {
    let xml = fixture("iic/response-signed.xml");
    let mut options = options(&["username=jdoe@example.com"]);
    let certificate = signed_fixture("idp.pem");
    saml_inspector::load_trust(
        &mut options,
        saml_inspector::Input {
            name: "idp.pem",
            bytes: certificate.as_bytes(),
        },
    )
    .unwrap();
    let message = analyze_with(&xml, &options);
    assert!(errors(&message).is_empty(), "{:#?}", message.findings);
    assert_eq!(
        severity(&message, RuleId::CoreCertTrust),
        Some(Severity::Pass)
    );
    for id in [
        RuleId::IicNameIdFormat,
        RuleId::IicNameIdValue,
        RuleId::IicAssertionSingle,
        RuleId::IicAssertionEncrypted,
        RuleId::IicAbacCount,
        RuleId::IicAbacNameFormat,
        RuleId::IicUrls,
    ] {
        assert_eq!(severity(&message, id), Some(Severity::Pass), "{id}");
    }
}

/// (case, spec, --expect pairs besides the profile, rule that must be an error)
type Fault = (&'static str, ResponseSpec, &'static [&'static str], RuleId);

fn faults() -> Vec<Fault> {
    let clean = ResponseSpec::identity_center;
    let mut duplicate = clean().with_attribute(abac("Team", &["a"]));
    duplicate.attributes.push(abac("Team", &["b"]));
    let mut structured = abac("Team", &[]);
    structured.raw_values = vec!["<x:team xmlns:x=\"urn:x\">a</x:team>".to_owned()];
    let mut odd_format = abac("Team", &["a"]);
    odd_format.name_format = Some("urn:example:made-up".to_owned());
    let mut many = clean();
    for index in 0..=MAX_ACCESS_CONTROL_ATTRIBUTES {
        many = many.with_attribute(abac(&format!("Key{index}"), &["v"]));
    }
    vec![
        (
            "unspecified format",
            ResponseSpec {
                name_id_format: Some(
                    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".to_owned(),
                ),
                ..clean()
            },
            &[],
            RuleId::IicNameIdFormat,
        ),
        (
            "persistent format",
            ResponseSpec {
                name_id_format: Some(
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".to_owned(),
                ),
                ..clean()
            },
            &[],
            RuleId::IicNameIdFormat,
        ),
        (
            "no format",
            ResponseSpec {
                name_id_format: None,
                ..clean()
            },
            &[],
            RuleId::IicNameIdFormat,
        ),
        (
            "not an address",
            ResponseSpec {
                name_id: Some("jdoe".to_owned()),
                ..clean()
            },
            &[],
            RuleId::IicNameIdValue,
        ),
        (
            "trailing space",
            ResponseSpec {
                name_id: Some("jdoe@example.com ".to_owned()),
                ..clean()
            },
            &[],
            RuleId::IicNameIdValue,
        ),
        (
            "case differs",
            clean(),
            &["username=JDoe@example.com"],
            RuleId::IicNameIdValue,
        ),
        (
            "another user",
            clean(),
            &["username=asmith@example.com"],
            RuleId::IicNameIdValue,
        ),
        (
            "another spelling of the user",
            clean(),
            &["username=John.Doe@example.com"],
            RuleId::IicNameIdValue,
        ),
        (
            "two assertions",
            ResponseSpec {
                assertions: 2,
                ..clean()
            },
            &[],
            RuleId::IicAssertionSingle,
        ),
        (
            "encrypted",
            ResponseSpec {
                assertions: 0,
                encrypted_assertions: 1,
                ..clean()
            },
            &[],
            RuleId::IicAssertionEncrypted,
        ),
        ("51 abac", many, &[], RuleId::IicAbacCount),
        (
            "multivalue",
            clean().with_attribute(abac("Team", &["a", "b"])),
            &[],
            RuleId::IicAbacMultivalue,
        ),
        ("duplicate", duplicate, &[], RuleId::IicAbacDuplicate),
        (
            "structured",
            clean().with_attribute(structured),
            &[],
            RuleId::IicAbacStructured,
        ),
        (
            "name format",
            clean().with_attribute(odd_format),
            &[],
            RuleId::IicAbacNameFormat,
        ),
        (
            "audience of IAM federation",
            ResponseSpec {
                audiences: vec![vec!["https://signin.aws.amazon.com/saml".to_owned()]],
                ..clean()
            },
            &[],
            RuleId::IicUrls,
        ),
        (
            "recipient in another region",
            ResponseSpec {
                recipient: Some("https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b".to_owned()),
                ..clean()
            },
            &[],
            RuleId::IicUrls,
        ),
        (
            "ACS id not a UUID",
            ResponseSpec {
                destination: Some("https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/d-93670example".to_owned()),
                ..clean()
            },
            &[],
            RuleId::IicUrls,
        ),
        (
            "ACS with a trailing slash",
            ResponseSpec {
                destination: Some(
                    "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/"
                        .to_owned(),
                ),
                ..clean()
            },
            &[],
            RuleId::IicUrls,
        ),
        (
            "region other than expected",
            clean(),
            &["region=us-east-1"],
            RuleId::IicUrls,
        ),
    ]
}

#[test]
fn one_fault_per_rule_is_an_error() {
    let mut covered = std::collections::BTreeSet::new();
    for (name, spec, expect, id) in faults() {
        let mut options = identity_center();
        for pair in expect {
            options.expect.set_pair(pair).unwrap();
        }
        let message = analyze_with(&spec.xml(), &options);
        let found = finding(&message, id);
        assert_eq!(found.severity, Severity::Error, "{name}: {found:#?}");
        assert!(!found.detail.is_empty() && !found.fix.is_empty(), "{name}");
        covered.insert(id);
    }
    for id in RULES {
        assert!(covered.contains(&id), "{id} has no failing case");
    }
}

#[test]
fn the_value_detail_shows_the_difference() {
    let message = analyze_with(
        &ResponseSpec::identity_center().xml(),
        &options(&["username=JDoe@example.com"]),
    );
    let found = finding(&message, RuleId::IicNameIdValue);
    assert!(found.detail.contains("letter case"), "{}", found.detail);
    assert!(found.detail.contains("\"jdoe@example.com\""));
    assert!(found.detail.contains("not by email"));
    assert!(found.detail.contains("just in time"));
}

#[test]
fn whitespace_in_the_name_id_is_shown() {
    let message = analyze_with(
        &ResponseSpec {
            name_id: Some("jdoe@example.com\u{a0}".to_owned()),
            ..ResponseSpec::identity_center()
        }
        .xml(),
        &identity_center(),
    );
    let found = finding(&message, RuleId::IicNameIdValue);
    assert!(found.detail.contains("\\u{a0}"), "{}", found.detail);
}

#[test]
fn entra_signing_certificate_subject() {
    // Signed by the test IdP key, whose subject is not Entra's federation certificate.
    let message = analyze_with(&signed_fixture("response-entra.xml"), &identity_center());
    assert_eq!(message.idp.as_ref().map(|g| g.idp), Some(Idp::EntraId));
    let found = finding(&message, RuleId::IicEntraCert);
    assert_eq!(found.severity, Severity::Warning);
    assert!(
        found.detail.contains("CN=idp.example.test"),
        "{}",
        found.detail
    );
    assert!(found.fix.contains("Base64"), "{}", found.fix);
    // Not Entra: the rule does not apply.
    let okta = analyze_with(&signed_fixture("response-okta.xml"), &identity_center());
    assert_eq!(severity(&okta, RuleId::IicEntraCert), None);
}

#[test]
fn fixes_are_worded_for_the_recognised_idp() {
    let spec = ResponseSpec {
        issuer: Some("https://app.onelogin.com/saml/metadata/1234".to_owned()),
        assertion_issuer: Some("https://app.onelogin.com/saml/metadata/1234".to_owned()),
        name_id_format: None,
        ..ResponseSpec::identity_center()
    };
    let message = analyze_with(&spec.xml(), &Options::default());
    let found = finding(&message, RuleId::IicNameIdFormat);
    assert!(found.fix.contains("OneLogin"), "{}", found.fix);
}

/// One cause, one finding: two assertions are Identity Center's `iic.assertion.single`
/// error; `core.assertion.count` points at it instead of warning again.
#[test]
fn two_assertions_are_one_finding() {
    let spec = ResponseSpec {
        assertions: 2,
        ..ResponseSpec::identity_center()
    };
    let message = analyze_with(&spec.xml(), &identity_center());
    assert_eq!(
        finding(&message, RuleId::IicAssertionSingle).severity,
        Severity::Error
    );
    let count = finding(&message, RuleId::CoreAssertionCount);
    assert_eq!(count.severity, Severity::Info, "{count:#?}");
    assert!(count.detail.contains("iic.assertion.single"), "{count:#?}");
}
