//! Recognising the identity provider (`checks::idp`) end to end: from the Issuer, with
//! its evidence in the report, and from IdP metadata loaded beside a message. How each
//! pack words its fixes for the recognised IdP is tested with the pack.

mod common;

use common::idp_metadata;
use saml_inspector::Options;
use saml_inspector::checks::idp::Idp;
use saml_inspector::saml::NAME_ID_FORMAT_EMAIL as EMAIL;
use saml_inspector::testing::{ResponseSpec, analyze_texts, analyze_with};

const ENTITY_ID: &str = "https://idp.example.test/saml";

#[test]
fn identity_providers_are_recognised_from_the_issuer() {
    let table: &[(&str, Option<Idp>)] = &[
        ("http://www.okta.com/exk1example2idp3", Some(Idp::Okta)),
        (
            "https://sts.windows.net/5f0e2a4c-0b1d-4c6e-9a7f-3d2b1c0e9f8a/",
            Some(Idp::EntraId),
        ),
        (
            "http://adfs.corp.example/adfs/services/trust",
            Some(Idp::Adfs),
        ),
        (
            "https://accounts.google.com/o/saml2?idpid=C0abc123",
            Some(Idp::Google),
        ),
        (
            "https://auth.pingone.com/0a1b2c3d-0000-1111-2222-333344445555",
            Some(Idp::Ping),
        ),
        (
            "https://app.onelogin.com/saml/metadata/a1b2c3d4-0000",
            Some(Idp::OneLogin),
        ),
        ("https://sso.corp.example/realms/staff", Some(Idp::Keycloak)),
        ("https://idp.example.test/saml", None),
    ];
    for (issuer, expected) in table {
        let spec = ResponseSpec {
            issuer: Some((*issuer).to_owned()),
            assertion_issuer: Some((*issuer).to_owned()),
            ..ResponseSpec::identity_center()
        };
        let message = analyze_with(&spec.xml(), &Options::default());
        let guess = message.idp.as_ref();
        assert_eq!(guess.map(|g| g.idp), *expected, "{issuer}");
        if let Some(guess) = guess {
            assert!(guess.evidence.contains(issuer), "{}", guess.evidence);
        }
    }
    // From IdP metadata loaded beside a message whose issuer says nothing.
    let spec = ResponseSpec {
        issuer: Some(ENTITY_ID.to_owned()),
        assertion_issuer: Some(ENTITY_ID.to_owned()),
        ..ResponseSpec::identity_center()
    };
    let okta_metadata = idp_metadata("http://www.okta.com/exk9meta", &["idp.pem"], &[EMAIL]);
    let report = analyze_texts(&[&spec.xml(), &okta_metadata], &Options::default());
    assert_eq!(
        report.messages[0].idp.as_ref().map(|g| g.idp),
        Some(Idp::Okta)
    );
}
