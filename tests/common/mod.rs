//! What the rule test files share: reading fixtures, posting a Response as a browser
//! does, and the checks every clean AWS sign-in must pass. (Each test file uses some of
//! these, so the others look unused to the compiler in that file.)
#![allow(dead_code)]

use base64::Engine;
use saml_inspector::Report;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::report::MessageReport;
use saml_inspector::testing::{errors, finding};
use std::process::{Command, Output};

/// A fixture under `tests/fixtures/`, as text.
pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|error| panic!("fixture {path}: {error}"))
}

/// The path of a fixture under `tests/fixtures/`.
pub fn fixture_path(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A fixture of `tests/fixtures/aws/`.
pub fn aws_fixture(name: &str) -> String {
    fixture(&format!("aws/{name}"))
}

/// A fixture of `tests/fixtures/signed/`.
pub fn signed_fixture(name: &str) -> String {
    fixture(&format!("signed/{name}"))
}

/// The base64 body of a PEM certificate fixture of `tests/fixtures/signed/`.
pub fn certificate_body(name: &str) -> String {
    signed_fixture(name)
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

/// IdP metadata with one signing key per certificate of `tests/fixtures/signed/` and the
/// given NameIDFormats.
pub fn idp_metadata(entity_id: &str, certificates: &[&str], formats: &[&str]) -> String {
    let mut xml = format!(
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"{entity_id}\"><md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
    );
    for name in certificates {
        xml.push_str(&format!(
            "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>",
            certificate_body(name)
        ));
    }
    for format in formats {
        xml.push_str(&format!("<md:NameIDFormat>{format}</md:NameIDFormat>"));
    }
    xml.push_str("<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"https://idp.example.test/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>");
    xml
}

/// Percent-encodes every byte but the unreserved ones (RFC 3986 §2.3).
pub fn percent(text: &str) -> String {
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

/// The form body a browser posts to the SP: SAMLResponse and RelayState.
pub fn form_body(xml: &str, relay_state: Option<&str>) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(xml);
    let mut body = format!("SAMLResponse={}", percent(&encoded));
    if let Some(relay_state) = relay_state {
        body.push_str("&RelayState=");
        body.push_str(&percent(relay_state));
    }
    body
}

/// A clean AWS sign-in: one message, the packs `expected_packs` ran, no `error`, every
/// rule of those packs said `pass` or `info`, and the next steps start from the role.
pub fn assert_clean_aws_sign_in(report: &Report, name: &str, expected_packs: &[&str]) {
    assert_eq!(report.messages.len(), 1, "{name}");
    let message = &report.messages[0];
    let packs: Vec<&str> = message
        .packs
        .iter()
        .map(|choice| choice.pack.as_str())
        .collect();
    assert_eq!(packs, expected_packs, "{name}");
    assert_eq!(errors(message), [], "{name}: {:#?}", message.findings);
    // Every rule of the packs that ran said something, most of them `pass`.
    for rule in RuleId::ALL {
        let pack_ran = (rule.as_str().starts_with("aws.") && expected_packs.contains(&"aws-iam"))
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
        message.next_steps.iter().any(
            |step| step.command.as_deref() == Some("aws iam get-role --role-name SamlReadOnly")
        ),
        "{name}: {:#?}",
        message.next_steps
    );
}

/// Runs `saml-inspect` with `arguments`.
pub fn cli(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saml-inspect"))
        .args(arguments)
        .output()
        .expect("saml-inspect runs")
}

/// Standard output as JSON; panics (showing standard error) when it is not.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The severity of the first message's finding `id` in a JSON report.
pub fn severity_of(report: &serde_json::Value, id: &str) -> Option<String> {
    report["messages"][0]["findings"]
        .as_array()?
        .iter()
        .find(|finding| finding["id"] == id)
        .and_then(|finding| finding["severity"].as_str().map(str::to_owned))
}

/// The errors of the AWS packs (`aws.`, `connect.`) in `message` other than `rule`'s and
/// those every unsigned made-up message has (`unsigned`): one planted fault must give
/// one finding.
pub fn other_aws_errors(message: &MessageReport, rule: RuleId, unsigned: &[RuleId]) -> Vec<RuleId> {
    errors(message)
        .into_iter()
        .filter(|id| *id != rule && !unsigned.contains(id))
        .filter(|id| id.as_str().starts_with("aws.") || id.as_str().starts_with("connect."))
        .collect()
}
