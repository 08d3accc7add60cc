//! Pack `metadata` (`meta.*`): IdP or SP metadata the user loads, end to end: clean
//! metadata passes every rule, one table of faults gives each rule's finding, a byte
//! order mark survives input sniffing, NameID formats are listed outside Identity
//! Center.
//!
//! Metadata documents are written here around the made-up certificates of
//! `tests/fixtures/signed/` (see its README).

mod common;

use common::{certificate_body, idp_metadata};
use saml_inspector::Options;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::report::MessageReport;
use saml_inspector::saml::NAME_ID_FORMAT_EMAIL as EMAIL;
use saml_inspector::testing::{ResponseSpec, analyze_texts, errors, finding, severity};

const ENTITY_ID: &str = "https://idp.example.test/saml";

/// The header of the DER element at the start of `der`: tag, header length, content
/// length.
fn der_header(der: &[u8]) -> (u8, usize, usize) {
    let first = usize::from(der[1]);
    if first < 0x80 {
        return (der[0], 2, first);
    }
    let count = first & 0x7f;
    let length = der[2..2 + count]
        .iter()
        .fold(0, |length, &byte| length << 8 | usize::from(byte));
    (der[0], 2 + count, length)
}

fn der_element(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    if content.len() < 0x80 {
        out.push(content.len() as u8);
    } else {
        let length: Vec<u8> = content
            .len()
            .to_be_bytes()
            .into_iter()
            .skip_while(|&byte| byte == 0)
            .collect();
        out.push(0x80 | length.len() as u8);
        out.extend(length);
    }
    out.extend_from_slice(content);
    out
}

/// A fixture certificate with its first extension written twice (RFC 5280 §4.2 forbids
/// it). Its own signature no longer verifies, which nothing here looks at.
fn with_repeated_extension(name: &str) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let der = engine.decode(certificate_body(name)).unwrap();
    let (_, header, _) = der_header(&der);
    let body = &der[header..];
    let (tbs_tag, tbs_header, tbs_length) = der_header(body);
    let tbs = &body[tbs_header..tbs_header + tbs_length];
    let mut rebuilt = Vec::new();
    let mut at = 0;
    while at < tbs.len() {
        let (tag, child_header, child_length) = der_header(&tbs[at..]);
        let child = &tbs[at..at + child_header + child_length];
        if tag == 0xA3 {
            let (_, list_header, list_length) = der_header(&child[child_header..]);
            let start = child_header + list_header;
            let extensions = &child[start..start + list_length];
            let (_, first_header, first_length) = der_header(extensions);
            let mut repeated = extensions.to_vec();
            repeated.extend_from_slice(&extensions[..first_header + first_length]);
            rebuilt.extend(der_element(0xA3, &der_element(0x30, &repeated)));
        } else {
            rebuilt.extend_from_slice(child);
        }
        at += child_header + child_length;
    }
    let mut certificate = der_element(tbs_tag, &rebuilt);
    certificate.extend_from_slice(&body[tbs_header + tbs_length..]);
    engine.encode(der_element(0x30, &certificate))
}

fn clean_metadata() -> String {
    idp_metadata(ENTITY_ID, &["idp.pem"], &[EMAIL])
}

fn options(pairs: &[&str]) -> Options {
    let mut options = Options::default();
    for pair in pairs {
        options.expect.set_pair(pair).unwrap();
    }
    options
}

fn metadata_report(xml: &str, pairs: &[&str], with: &[&str]) -> MessageReport {
    let mut texts = vec![xml];
    texts.extend_from_slice(with);
    let report = analyze_texts(&texts, &options(pairs));
    report
        .messages
        .into_iter()
        .find(|message| message.kind == saml_inspector::saml::MessageKind::EntityDescriptor)
        .expect("the metadata is read")
}

#[test]
fn clean_metadata_passes() {
    let response = ResponseSpec {
        issuer: Some(ENTITY_ID.to_owned()),
        assertion_issuer: Some(ENTITY_ID.to_owned()),
        ..ResponseSpec::identity_center()
    }
    .xml();
    let message = metadata_report(
        &clean_metadata(),
        &["profile=aws-identity-center"],
        &[&response],
    );
    for id in [
        RuleId::MetaBom,
        RuleId::MetaCertKeysize,
        RuleId::MetaCertExtensions,
        RuleId::MetaCertExpiry,
        RuleId::MetaNameIdFormat,
        RuleId::MetaEntityId,
    ] {
        assert_eq!(severity(&message, id), Some(Severity::Pass), "{id}");
    }
    assert!(errors(&message).is_empty(), "{:?}", errors(&message));
}

/// Rule, metadata, `--expect` pairs, other inputs, expected severity.
type MetadataCase<'a> = (RuleId, &'a str, &'a [&'a str], Vec<&'a str>, Severity);

#[test]
fn one_fault_per_metadata_rule() {
    let with_bom = format!("\u{feff}{}", clean_metadata());
    let weak = idp_metadata(ENTITY_ID, &["idp-rsa1024.pem"], &[EMAIL]);
    let expired = idp_metadata(ENTITY_ID, &["idp-expired.pem"], &[EMAIL]);
    let unspecified = idp_metadata(
        ENTITY_ID,
        &["idp.pem"],
        &["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"],
    );
    let trailing_slash = idp_metadata(&format!("{ENTITY_ID}/"), &["idp.pem"], &[EMAIL]);
    let repeated_extension = clean_metadata().replace(
        &certificate_body("idp.pem"),
        &with_repeated_extension("idp.pem"),
    );
    let response = ResponseSpec {
        issuer: Some(ENTITY_ID.to_owned()),
        assertion_issuer: Some(ENTITY_ID.to_owned()),
        ..ResponseSpec::default()
    }
    .xml();
    let cases: Vec<MetadataCase<'_>> = vec![
        (RuleId::MetaBom, &with_bom, &[], vec![], Severity::Error),
        (
            RuleId::MetaCertExtensions,
            &repeated_extension,
            &[],
            vec![],
            Severity::Warning,
        ),
        (
            RuleId::MetaCertKeysize,
            &weak,
            &[],
            vec![],
            Severity::Warning,
        ),
        (
            RuleId::MetaCertExpiry,
            &expired,
            &[],
            vec![],
            Severity::Warning,
        ),
        (
            RuleId::MetaNameIdFormat,
            &unspecified,
            &["profile=aws-identity-center"],
            vec![],
            Severity::Warning,
        ),
        (
            RuleId::MetaEntityId,
            &trailing_slash,
            &[],
            vec![&response],
            Severity::Error,
        ),
    ];
    for (id, xml, pairs, with, expected) in cases {
        let message = metadata_report(xml, pairs, &with);
        let found = finding(&message, id);
        assert_eq!(found.severity, expected, "{id}: {found:#?}");
        assert!(!found.detail.is_empty(), "{id}");
    }
}

#[test]
fn a_bom_survives_input_sniffing() {
    let with_bom = format!("\u{feff}{}", clean_metadata());
    let message = metadata_report(&with_bom, &[], &[]);
    let found = finding(&message, RuleId::MetaBom);
    assert_eq!(found.severity, Severity::Error);
    assert!(found.detail.contains("Could not parse metadata"));
}

#[test]
fn name_id_formats_are_listed_outside_identity_center() {
    let message = metadata_report(&clean_metadata(), &[], &[]);
    let found = finding(&message, RuleId::MetaNameIdFormat);
    assert_eq!(found.severity, Severity::Info);
    assert!(found.detail.contains(EMAIL), "{}", found.detail);
}
