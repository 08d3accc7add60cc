//! The single-file page (`dist-single/saml-inspector.html`, made by `scripts/build`)
//! opened from `file://`: it mounts and analyses an example with nothing fetched at all,
//! and its own Content-Security-Policy is in force.
//!
//! On `file://` the recording proxy sees nothing of the page, so the proof that nothing
//! left it is the page's own account: the Resource Timing entries (every fetch, script,
//! style, image... the document made) are empty, and the browser logged no violation.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{Evidence, Page, TestResult, run_then_check};

/// How long the single file may take to mount: the wasm is decoded from base64 first.
const MOUNT: Duration = Duration::from_secs(30);

fn single_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("dist-single")
        .join("saml-inspector.html")
}

/// Opens the single file from disk and waits until the app has mounted.
async fn open_single_file(page: &Page) -> TestResult {
    let path = single_file();
    if !path.is_file() {
        return Err(format!(
            "{} is missing: `scripts/build` makes it (after trunk build)",
            path.display()
        )
        .into());
    }
    let url = url::Url::from_file_path(&path).map_err(|()| "not an absolute path")?;
    page.client().goto(url.as_str()).await?;
    page.client()
        .wait()
        .at_most(MOUNT)
        .for_element(Locator::Css("main#app-root"))
        .await?;
    Ok(())
}

/// The URLs of every resource the document loaded (Resource Timing), beyond itself.
async fn loaded_resources(
    page: &Page,
) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let value = page
        .client()
        .execute(
            "return performance.getEntriesByType('resource').map((entry) => entry.name);",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Nothing went through the proxy but the browser's own (sunk) traffic.
fn assert_no_request(evidence: &Evidence, name: &str) {
    let requests: Vec<_> = evidence
        .requests
        .iter()
        .filter(|request| !request.is_browser_internal())
        .collect();
    assert!(
        requests.is_empty(),
        "{name}: the single file must request nothing:\n{}",
        evidence.describe()
    );
}

#[tokio::test]
async fn single_file_from_disk_analyses_an_example_offline() {
    run_then_check(
        "single_file_offline",
        |page| async move {
            open_single_file(&page).await?;
            let protocol = page
                .client()
                .execute("return location.protocol;", vec![])
                .await?;
            assert_eq!(protocol.as_str(), Some("file:"));
            let examples = page.wait_for_all("[data-testid=example-button]").await?;
            examples[0].click().await?;
            let items = page.wait_for_all("[data-testid=message-item]").await?;
            items[0].click().await?;
            page.wait_for("[data-testid=message-detail]").await?;
            // No worker from file://: the engine runs on the main thread.
            page.wait_for("[data-testid=engine-place][data-engine=main-thread]")
                .await?;
            page.screenshot("single-file").await?;
            let resources = loaded_resources(&page).await?;
            assert!(
                resources.is_empty(),
                "the single file loaded other resources: {resources:?}"
            );
            Ok(())
        },
        |evidence| {
            assert_no_request(evidence, "single_file_offline");
            assert!(
                evidence.log_problems().is_empty(),
                "single_file_offline: no violation or error expected:\n{}",
                evidence.describe()
            );
        },
    )
    .await;
}

/// The single file's CSP is really applied: a fetch and an image elsewhere are refused
/// (connect-src 'none', img-src without hosts) and reported, and reach no network.
#[tokio::test]
async fn single_file_policy_refuses_requests() {
    run_then_check(
        "single_file_policy",
        |page| async move {
            open_single_file(&page).await?;
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
            assert_no_request(evidence, "single_file_policy");
            let violations = evidence
                .log_problems()
                .iter()
                .filter(|entry| entry.message.contains("Content Security Policy"))
                .count();
            assert!(
                violations >= 2,
                "single_file_policy: expected the fetch and the image to be refused by the \
                 CSP:\n{}",
                evidence.describe()
            );
        },
    )
    .await;
}
