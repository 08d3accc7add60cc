//! Packs `aws-identity-center` and `metadata`, IdP recognition and the error-text index,
//! end to end through `analyze` (and the CLI for `--error`): one fault per case.
//!
//! Messages come from `testing::ResponseSpec`; metadata documents are written
//! here around the made-up certificates of `tests/fixtures/signed/` (see its README).

use saml_inspector::Options;
use saml_inspector::checks::idp::Idp;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::redact;
use saml_inspector::report::MessageReport;
use saml_inspector::testing::{
    AttributeSpec, ResponseSpec, analyze_texts, analyze_with, errors, finding, severity,
};
use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/signed");
const ABAC: &str = "https://aws.amazon.com/SAML/Attributes/AccessControl:";
const ENTITY_ID: &str = "https://idp.example.test/saml";
const EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture exists")
}

/// The base64 body of a PEM certificate fixture.
fn certificate_body(name: &str) -> String {
    fixture(name)
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

/// IdP metadata with one signing key per certificate and the given NameIDFormats.
fn idp_metadata(entity_id: &str, certificates: &[&str], formats: &[&str]) -> String {
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

fn identity_center() -> Options {
    options(&["profile=aws-identity-center"])
}

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
fn a_signed_clean_identity_center_response_has_no_error() {
    let xml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/iic/response-signed.xml"
    ))
    .unwrap();
    let mut options = options(&["username=jdoe@example.com"]);
    let certificate = fixture("idp.pem");
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

#[test]
fn one_fault_per_identity_center_rule() {
    let clean = ResponseSpec::identity_center;
    let abac = |key: &str, values: &[&str]| AttributeSpec::new(&format!("{ABAC}{key}"), values);
    let mut repeated = clean().with_attribute(abac("Team", &["a"]));
    repeated.attributes.push(abac("Team", &["b"]));
    let mut structured = abac("Team", &[]);
    structured.raw_values = vec!["<x:v xmlns:x=\"urn:x\">a</x:v>".to_owned()];
    let mut made_up_format = abac("Team", &["a"]);
    made_up_format.name_format = Some("urn:example:format".to_owned());
    let mut many = clean();
    for key in 0..51 {
        many = many.with_attribute(abac(&format!("K{key}"), &["v"]));
    }
    let cases: Vec<(RuleId, ResponseSpec, &[&str], Severity)> = vec![
        (
            RuleId::IicNameIdFormat,
            ResponseSpec {
                name_id_format: Some(
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".to_owned(),
                ),
                ..clean()
            },
            &[],
            Severity::Error,
        ),
        (
            RuleId::IicNameIdValue,
            ResponseSpec {
                name_id: Some("jdoe@example.com ".to_owned()),
                ..clean()
            },
            &[],
            Severity::Error,
        ),
        (
            RuleId::IicNameIdValue,
            clean(),
            &["username=John.Doe@example.com"],
            Severity::Error,
        ),
        (
            RuleId::IicAssertionSingle,
            ResponseSpec {
                assertions: 2,
                ..clean()
            },
            &[],
            Severity::Error,
        ),
        (
            RuleId::IicAssertionEncrypted,
            ResponseSpec {
                assertions: 0,
                encrypted_assertions: 1,
                ..clean()
            },
            &[],
            Severity::Error,
        ),
        (RuleId::IicAbacCount, many, &[], Severity::Error),
        (
            RuleId::IicAbacMultivalue,
            clean().with_attribute(abac("Team", &["a", "b"])),
            &[],
            Severity::Error,
        ),
        (RuleId::IicAbacDuplicate, repeated, &[], Severity::Error),
        (
            RuleId::IicAbacStructured,
            clean().with_attribute(structured),
            &[],
            Severity::Error,
        ),
        (
            RuleId::IicAbacNameFormat,
            clean().with_attribute(made_up_format),
            &[],
            Severity::Error,
        ),
        (
            RuleId::IicUrls,
            ResponseSpec {
                destination: Some(
                    "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/"
                        .to_owned(),
                ),
                ..clean()
            },
            &[],
            Severity::Error,
        ),
        (RuleId::IicUrls, clean(), &["region=us-east-1"], Severity::Error),
    ];
    for (id, spec, expect, expected) in cases {
        let mut options = identity_center();
        for pair in expect {
            options.expect.set_pair(pair).unwrap();
        }
        let message = analyze_with(&spec.xml(), &options);
        let found = finding(&message, id);
        assert_eq!(found.severity, expected, "{id} {expect:?}: {found:#?}");
        assert!(!found.detail.is_empty() && !found.fix.is_empty(), "{id}");
    }
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
    let message = analyze_with(&fixture("response-entra.xml"), &identity_center());
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
    let okta = analyze_with(&fixture("response-okta.xml"), &identity_center());
    assert_eq!(severity(&okta, RuleId::IicEntraCert), None);
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

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A HAR with one entry: the Response posted to `url`, answered by `page` (HTML).
fn har(url: &str, xml: &str, page: &str, base64_page: bool) -> String {
    let body = format!("SAMLResponse={}", percent(&base64(xml.as_bytes())));
    let (text, encoding) = if base64_page {
        (base64(page.as_bytes()), ",\"encoding\":\"base64\"")
    } else {
        (page.to_owned(), "")
    };
    format!(
        r#"{{"log":{{"version":"1.2","entries":[{{"startedDateTime":"2024-05-01T12:00:01.000Z","time":80,"request":{{"method":"POST","url":{url},"headers":[],"queryString":[],"postData":{{"mimeType":"application/x-www-form-urlencoded","text":{body}}}}},"response":{{"status":200,"statusText":"OK","headers":[],"content":{{"size":1,"mimeType":"text/html; charset=utf-8","text":{text}{encoding}}},"redirectURL":""}}}}]}}}}"#,
        url = serde_json::to_string(url).unwrap(),
        body = serde_json::to_string(&body).unwrap(),
        text = serde_json::to_string(&text).unwrap(),
    )
}

fn wrong_format() -> ResponseSpec {
    ResponseSpec {
        name_id_format: Some("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".to_owned()),
        ..ResponseSpec::identity_center()
    }
}

#[test]
fn an_error_page_in_the_har_puts_its_explanation_first() {
    let acs = ResponseSpec::identity_center().destination.unwrap();
    let page = "<!doctype html><html><body><h1>It&#39;s not you, it is us</h1><p>We couldn't complete your request right now.</p></body></html>";
    for base64_page in [false, true] {
        let har = har(&acs, &wrong_format().xml(), page, base64_page);
        let report = analyze_texts(&[&har], &Options::default());
        let matched = report.error_text.as_ref().expect("the page is detected");
        assert_eq!(matched.known, Some("It's not you, it is us"));
        let message = &report.messages[0];
        // Unsigned, so core.sig.present is an error too; the NameID format explains
        // the page and comes first.
        assert_eq!(
            severity(message, RuleId::CoreSigPresent),
            Some(Severity::Error)
        );
        let first = &message.findings[0];
        assert_eq!(first.id, RuleId::IicNameIdFormat, "{:#?}", message.findings);
        assert!(first.explains_error);
        assert!(
            message
                .findings
                .iter()
                .filter(|f| f.explains_error)
                .all(|f| f.severity != Severity::Pass)
        );
    }
}

/// The sanitized HAR keeps the error page's catalogue text (and nothing else of the
/// page), so the report read back from it still puts the explanation first.
#[test]
fn the_sanitized_har_keeps_the_error_text_and_nothing_else_of_the_page() {
    let acs = ResponseSpec::identity_center().destination.unwrap();
    let page = "<!doctype html><html><body><h1>It&#39;s not you, it is us</h1><p>Signed in as alice@example.test.</p></body></html>";
    for base64_page in [false, true] {
        let har = har(&acs, &wrong_format().xml(), page, base64_page);
        let report = analyze_texts(&[&har], &Options::default());
        let mut redacted = redact::redact_report(&report, redact::Policy::default(), b"salt");
        let sanitized = redact::har::sanitize(&mut redacted.redactor, har.as_bytes()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&sanitized).unwrap();
        let content = &value["log"]["entries"][0]["response"]["content"];
        let body = content["text"].as_str().unwrap();
        let body = if base64_page {
            String::from_utf8(base64_decode(body)).unwrap()
        } else {
            body.to_owned()
        };
        assert!(body.contains("It's not you, it is us"), "{body}");
        assert!(!body.contains("alice"), "{body}");

        let again = analyze_texts(&[&sanitized], &Options::default());
        let matched = again
            .error_text
            .as_ref()
            .expect("the page is still detected");
        assert_eq!(matched.known, Some("It's not you, it is us"));
        let first = &again.messages[0].findings[0];
        assert_eq!(first.id, RuleId::IicNameIdFormat);
        assert!(first.explains_error);
    }
}

/// Text, Markdown and HTML reports say which error was seen and what it means, and list
/// the finding that explains it first, marked.
#[test]
fn every_format_names_the_error_seen_and_puts_its_explanation_first() {
    use saml_inspector::report::{html, render};
    let acs = ResponseSpec::identity_center().destination.unwrap();
    let page = "<p>It&#39;s not you, it is us</p>";
    let har = har(&acs, &wrong_format().xml(), page, false);
    let report = analyze_texts(&[&har], &Options::default());
    let seen = "Error seen (found in the HAR): \"It's not you, it is us\".";
    let text = render::text(&report);
    assert!(text.contains(seen), "{text}");
    let markdown = render::markdown(&report);
    assert!(markdown.contains(seen), "{markdown}");
    let page = html::page(&report, "SAML Inspector report", "");
    assert!(
        page.contains("Error seen (found in the HAR): &quot;It&#39;s not you, it is us&quot;."),
        "{page}"
    );
    // In the message's findings, the explaining warning or error comes before any other.
    let findings = &page[page.find("<h3>Findings</h3>").unwrap()..];
    let first = &findings[..findings.find("</li>").unwrap()];
    assert!(first.contains("iic.nameid.format"), "{first}");
    assert!(first.contains("explains your error"), "{first}");
}

#[test]
fn pages_from_other_hosts_and_large_pages_are_not_taken() {
    let page = "<p>It's not you, it is us</p>";
    let idp = har(
        "https://idp.example.test/sso",
        &wrong_format().xml(),
        page,
        false,
    );
    assert!(
        analyze_texts(&[&idp], &Options::default())
            .error_text
            .is_none()
    );
    let console = har(
        "https://eu-west-1.console.aws.amazon.com/singlesignon/home",
        &wrong_format().xml(),
        page,
        false,
    );
    assert!(
        analyze_texts(&[&console], &Options::default())
            .error_text
            .is_none()
    );
    let acs = ResponseSpec::identity_center().destination.unwrap();
    let large = format!("{page}{}", " ".repeat(300 << 10));
    let big = har(&acs, &wrong_format().xml(), &large, false);
    assert!(
        analyze_texts(&[&big], &Options::default())
            .error_text
            .is_none()
    );
}

#[test]
fn without_an_error_text_nothing_is_marked() {
    let message = analyze_with(&wrong_format().xml(), &Options::default());
    assert!(message.findings.iter().all(|f| !f.explains_error));
    assert_eq!(message.findings[0].id, RuleId::CoreSigPresent);
}

#[test]
fn the_cli_error_option_reorders_and_marks() {
    let directory = std::env::temp_dir().join(format!("rules-iic-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join("response.xml");
    std::fs::write(&path, wrong_format().xml()).unwrap();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_saml-inspect"))
            .arg("--error")
            .arg("Error: it\u{2019}s not you, it\u{2019}s us. Please try again later.")
            .arg("--format")
            .arg(format)
            .arg(&path)
            .output()
            .expect("saml-inspect runs")
    };
    let json = run("json");
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = report["messages"][0]["findings"].as_array().unwrap();
    assert_eq!(findings[0]["id"], "iic.nameid.format");
    assert_eq!(findings[0]["explains_error"], true);
    assert!(
        findings
            .iter()
            .skip(1)
            .all(|f| f.get("explains_error").is_none() || f["id"] == "core.cert.trust"),
        "{findings:#?}"
    );
    let text = run("text");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("explains your error"), "{text}");
    let markdown = String::from_utf8(run("markdown").stdout).unwrap();
    assert!(markdown.contains("*explains your error*"), "{markdown}");
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn text_helpers_take_any_text() {
    use saml_inspector::checks::error_text::{ErrorTextSource, find_in_page, lookup};
    use saml_inspector::checks::identity_center::addr_spec_problem;
    use saml_inspector::checks::idp::recognise_issuer;
    let pieces = [
        "a",
        "Z",
        "@",
        ".",
        "..",
        "...",
        "/",
        "//",
        ":",
        "?",
        "[",
        "]",
        "\"",
        "'",
        "&#39;",
        "&nbsp;",
        " ",
        "\t",
        "\n",
        "\u{a0}",
        "\u{2019}",
        "\u{200b}",
        "é",
        "ß",
        "İ",
        "😀",
        "https://",
        "http://",
        "/realms/",
        "/adfs/services/trust",
        "sts.windows.net",
        "It's not you",
        "saml response",
        "provider",
        "-",
        "`",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    for _ in 0..4000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for step in 0..(state % 24) {
            let index = (state.rotate_left(step as u32 * 5) % pieces.len() as u64) as usize;
            text.push_str(pieces[index]);
        }
        let _ = lookup(&text, ErrorTextSource::User);
        let _ = find_in_page(&text);
        let _ = recognise_issuer(&text);
        let _ = addr_spec_problem(&text);
    }
}
