//! The export panel (issue #6 on the page): the redacted preview, every download, and a
//! redacted export dropped back in. Runs under the harness's "no foreign request, no CSP
//! violation" check like every flow.
//!
//! | element | meaning |
//! |---|---|
//! | `[data-testid=export-panel]` | the panel |
//! | `[data-testid=export-preview]` | the redacted Markdown shown before anything leaves |
//! | `[data-testid=download-markdown\|download-json\|download-html\|download-har]` | downloads |

use crate::harness::{Page, TestResult, run};
use fantoccini::Locator;

/// Who the example HAR is about: must never appear in an export.
const PERSON: &str = "carol@example.com";

/// `PERSON` as it would read inside base64 text at each of the three alignments (the
/// middle of each encoding, which does not depend on the neighbouring bytes).
fn person_in_base64() -> Vec<String> {
    use base64::Engine;
    (0..3)
        .map(|shift| {
            let padded = format!("{}{PERSON}", "x".repeat(shift));
            let encoded = base64::engine::general_purpose::STANDARD.encode(padded);
            let start = (shift * 4).div_ceil(3) + 4;
            encoded[start..encoded.len() - 4].to_owned()
        })
        .collect()
}

/// Records what the page hands to `URL.createObjectURL` (the downloads) instead of
/// letting the browser save files.
const CAPTURE_DOWNLOADS: &str = "\
    window.__exports = []; \
    const create = URL.createObjectURL.bind(URL); \
    URL.createObjectURL = (blob) => { window.__exports.push(blob); return create(blob); }; \
    HTMLAnchorElement.prototype.click = function () {}; \
    return true;";

/// The text of every download captured so far, joined by a separator line.
/// Waits (up to 5 s) until `arguments[0]` downloads were captured: the exports are made
/// by the engine, in its worker, so they arrive after the clicks.
const DOWNLOADED_TEXTS: &str = "\
    const done = arguments[arguments.length - 1]; \
    const wanted = arguments[0]; \
    const started = performance.now(); \
    (function wait() { \
        if (window.__exports.length < wanted && performance.now() - started < 5000) { \
            setTimeout(wait, 50); \
            return; \
        } \
        Promise.all(window.__exports.map((blob) => blob.text())) \
            .then((texts) => done(texts.join('\\n=====\\n'))); \
    })();";

async fn click(page: &Page, css: &str) -> TestResult {
    page.wait_for(css).await?.click().await?;
    Ok(())
}

#[tokio::test]
async fn exports_are_redacted_and_read_back() {
    run("exports", |page| async move {
        page.open().await?;
        let har = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/aws-iam-role-space.har");
        page.upload("input#file-input[type=file]", &har).await?;
        page.wait_for("[data-testid=verdict-banner]").await?;

        // The preview is made once the report is drawn and its place is in view.
        page.scroll_to("[data-testid=export-panel]").await?;
        let preview = page
            .wait_for("[data-testid=export-preview]")
            .await?
            .text()
            .await?;
        assert!(preview.contains("Redaction receipt"), "{preview}");
        assert!(
            preview.contains("aws.role.format"),
            "the diagnosis survives"
        );
        assert!(!preview.contains(PERSON), "the preview names the person");

        page.client().execute(CAPTURE_DOWNLOADS, vec![]).await?;
        for button in [
            "download-markdown",
            "download-json",
            "download-html",
            "download-har",
        ] {
            click(&page, &format!("[data-testid={button}]")).await?;
        }
        let texts = page
            .client()
            .execute_async(DOWNLOADED_TEXTS, vec![serde_json::json!(4)])
            .await?;
        let texts = texts.as_str().unwrap_or_default().to_owned();
        let parts: Vec<&str> = texts.split("\n=====\n").collect();
        assert_eq!(parts.len(), 4, "one download per button");
        for part in &parts {
            assert!(!part.contains(PERSON), "an export names the person");
            for encoded in person_in_base64() {
                assert!(
                    !part.contains(&encoded),
                    "an export carries {encoded} (base64)"
                );
            }
        }
        assert!(parts[0].starts_with("# SAML Inspector report (redacted)"));
        assert!(parts[1].contains("\"schema\": \"saml-inspector/report/v1\""));
        assert!(parts[2].starts_with("<!DOCTYPE html>") && !parts[2].contains("<script"));
        assert!(parts[3].contains("\"log\""), "the sanitized HAR is a HAR");

        // The redacted JSON, pasted back, is read as a report and its messages analysed.
        let json = parts[1].to_owned();
        page.client()
            .execute(
                "const area = document.querySelector('textarea#paste-input'); \
                 area.value = arguments[0]; \
                 area.dispatchEvent(new Event('input', { bubbles: true })); return true;",
                vec![serde_json::Value::String(json)],
            )
            .await?;
        click(&page, "#paste-analyze").await?;
        // The input list is drawn again once the engine has read the paste: wait for
        // the report among the inputs, not for whatever list is there at the click.
        page.client()
            .wait()
            .at_most(super::harness::WAIT)
            .for_element(Locator::XPath(
                "//*[@data-testid='input-item'][contains(., 'SAML Inspector report')]",
            ))
            .await?;
        let inputs = page
            .client()
            .find_all(Locator::Css("[data-testid=input-item]"))
            .await?;
        let mut kinds = Vec::new();
        for input in inputs {
            kinds.push(input.text().await?);
        }
        assert!(
            kinds
                .iter()
                .any(|text| text.contains("SAML Inspector report")),
            "{kinds:?}"
        );
        page.wait_for("[data-testid=verdict-banner]").await?;
        Ok(())
    })
    .await;
}
