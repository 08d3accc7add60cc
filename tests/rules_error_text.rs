//! The error-text index (`rules::error_text`) end to end: a known AWS error page in a
//! HAR response, or the text the user gives (`--error`), puts the findings that explain
//! it first and marks them, in every output; pages from other hosts and large pages are
//! not taken; the sanitized HAR keeps the error text and nothing else of the page.

mod common;

use common::percent;
use saml_inspector::Options;
use saml_inspector::checks::{RuleId, Severity};
use saml_inspector::redact;
use saml_inspector::testing::{ResponseSpec, analyze_texts, analyze_with, severity};
use std::process::Command;

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

/// The IdPs' own error pages in a HAR are found like AWS's: Entra ID's `AADSTS…` pages,
/// Okta's and Cognito's hosted pages; each maps to the rules it points at.
#[test]
fn idp_error_pages_in_a_har_are_found_like_aws() {
    let table: &[(&str, &str, &str, &[&str])] = &[
        (
            "https://login.microsoftonline.com/0c9f7a5e-1111-2222-3333-444455556666/saml2",
            "<html><body><div>AADSTS50011: The reply URL specified in the request does not match the reply URLs configured for the application.</div></body></html>",
            "AADSTS50011",
            &["core.destination", "iic.urls"],
        ),
        (
            "https://login.microsoftonline.com/0c9f7a5e-1111-2222-3333-444455556666/saml2",
            "<p>AADSTS700016: Application with identifier 'urn:amazon:webservices' was not found in the directory 'Contoso'.</p>",
            "AADSTS700016",
            &["core.issuer", "iic.urls"],
        ),
        (
            "https://login.microsoftonline.com/common/saml2",
            "<p>AADSTS50105: Your administrator has configured the application AWS to block users unless they are specifically granted ('assigned') access.</p>",
            "AADSTS50105",
            &[],
        ),
        (
            "https://example.okta.com/app/amazon_aws/exk1/sso/saml",
            "<p>Your request included an invalid SAML response. To logout, click here.</p>",
            "Your request included an invalid SAML response",
            &["aws.role.present"],
        ),
        (
            "https://myapp.auth.eu-west-1.amazoncognito.com/error",
            "<p>SAML Assertion signature is invalid</p>",
            "SAML Assertion signature is invalid",
            &["cognito.cert", "core.sig.valid"],
        ),
    ];
    for (url, page, known, rules) in table {
        let har = har(url, &wrong_format().xml(), page, false);
        let report = analyze_texts(&[&har], &Options::default());
        let matched = report
            .error_text
            .as_ref()
            .unwrap_or_else(|| panic!("{url}: the page is found"));
        assert_eq!(matched.known, Some(*known), "{url}");
        let ids: Vec<&str> = matched.rules.iter().map(|rule| rule.as_str()).collect();
        for rule in *rules {
            assert!(ids.contains(rule), "{known}: {ids:?}");
        }
    }
}

/// Every text the catalogue gained for issue 14, given by the user, names its rules.
#[test]
fn the_catalogue_knows_the_texts_users_bring() {
    let table: &[(&str, &[&str])] = &[
        (
            "An error occurred (ExpiredTokenException) when calling the AssumeRoleWithSAML operation: Token must be redeemed within 5 minutes of issuance",
            &["core.time.window", "core.time.skew"],
        ),
        ("Request ARN is invalid", &["aws.role.format"]),
        (
            "Bad Request. The request was not valid.",
            &["connect.role.single"],
        ),
        ("Private key limit of 2 is reached", &["aws.encryption"]),
        (
            "Failed to decrypt the assertion because no private key is provided",
            &["aws.encryption"],
        ),
        (
            "Request is unparsable, syntactically incorrect, or violates schema.",
            &[],
        ),
        (
            "Invalid user attributes: email: The attribute is required",
            &["cognito.attributes"],
        ),
        (
            "Invalid relayState from identity provider",
            &["cognito.errors"],
        ),
        (
            "Source identity cannot begin with \"aws:\"",
            &["aws.source.identity"],
        ),
    ];
    for (text, rules) in table {
        let matched = saml_inspector::checks::error_text::lookup(
            text,
            saml_inspector::checks::error_text::ErrorTextSource::User,
        );
        assert!(matched.known.is_some(), "{text:?} is not known");
        let ids: Vec<&str> = matched.rules.iter().map(|rule| rule.as_str()).collect();
        assert_eq!(ids, *rules, "{text:?}");
    }
    // SCIM is not SAML: the explanation says so.
    let scim = saml_inspector::checks::error_text::KNOWN
        .iter()
        .find(|known| known.text.starts_with("Request is unparsable"))
        .unwrap();
    assert!(scim.explanation.contains("Not a SAML error: a SCIM"));
    let session = saml_inspector::checks::error_text::KNOWN
        .iter()
        .find(|known| known.text.starts_with("Session Expired"))
        .unwrap();
    assert!(session.explanation.contains("12 hours"));
}
