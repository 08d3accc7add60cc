//! Accessibility (issue #15): axe-core's rules, every one that is not experimental, find
//! no violation of any impact on the landing page and on the message view of every
//! built-in example, in the light and the dark theme.
//!
//! axe-core comes from npm at the version pinned in `scripts/axe/package-lock.json`
//! (`scripts/setup.sh test` installs it into `.tools/axe/`; `AXE_CORE` names another
//! `axe.min.js`). The test injects it into the page under test through WebDriver; the
//! page itself never loads it, and its Content-Security-Policy stays as users get it.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::json;

use crate::harness::{Page, TestResult, run};

/// Where `scripts/setup.sh test` puts axe-core.
const AXE_PATH: &str = ".tools/axe/node_modules/axe-core/axe.min.js";

fn axe_source() -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let path = std::env::var_os("AXE_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(AXE_PATH));
    std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "axe-core is missing ({}: {error}); `scripts/setup.sh test` installs it from npm",
            path.display()
        )
        .into()
    })
}

/// Runs axe on the whole document and hands back its violations (as JSON), or the error
/// it threw.
const RUN_AXE: &str = "\
    const done = arguments[arguments.length - 1]; \
    axe.run(document, { resultTypes: ['violations'] }) \
        .then((results) => done(results.violations.map((violation) => ({ \
            id: violation.id, impact: violation.impact, help: violation.help, \
            nodes: violation.nodes.map((node) => ({ \
                target: node.target.map(String).join(' '), \
                summary: node.failureSummary || '' })) })))) \
        .catch((error) => done(String(error && error.stack || error)));";

#[derive(Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    target: String,
    summary: String,
}

/// axe's violations on the page as it is now, each with the elements it found, as text
/// for the failure message (empty when there are none).
async fn violations(
    page: &Page,
    axe: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let loaded = page
        .client()
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != json!(true) {
        page.client()
            .execute(&format!("{axe}\n;return true;"), vec![])
            .await?;
    }
    let answer = page.client().execute_async(RUN_AXE, vec![]).await?;
    if let Some(error) = answer.as_str() {
        return Err(format!("axe failed: {error}").into());
    }
    let found: Vec<Violation> = serde_json::from_value(answer)?;
    let mut text = String::new();
    for violation in found {
        text.push_str(&format!(
            "- {} ({}): {}\n",
            violation.id,
            violation.impact.as_deref().unwrap_or("no impact given"),
            violation.help
        ));
        for node in violation.nodes.iter().take(5) {
            let summary = node.summary.replace('\n', " ");
            text.push_str(&format!("    {} — {summary}\n", node.target));
        }
        if violation.nodes.len() > 5 {
            text.push_str(&format!("    … and {} more\n", violation.nodes.len() - 5));
        }
    }
    Ok(text)
}

/// Chooses `theme` with the page's own buttons and waits until it applies.
async fn choose_theme(page: &Page, theme: &str) -> TestResult {
    page.wait_for(&format!(
        "[data-testid=theme-button][data-theme-choice={theme}]"
    ))
    .await?
    .click()
    .await?;
    page.wait_until(
        &format!("the {theme} theme"),
        "return document.documentElement.dataset.theme === arguments[0];",
        vec![json!(theme)],
    )
    .await
}

/// The landing page, then every example's message view, in `theme`: no violation.
async fn every_view_is_clean(page: Page, theme: &'static str) -> TestResult {
    let axe = axe_source()?;
    page.open().await?;
    choose_theme(&page, theme).await?;
    let mut report = String::new();
    let landing = violations(&page, &axe).await?;
    if !landing.is_empty() {
        report.push_str(&format!("landing page ({theme}):\n{landing}"));
    }
    for example in saml_inspector::engine::examples::EXAMPLES {
        page.open_example(example.id).await?;
        // Every part of the detail (it is drawn in stages, a frame each).
        page.wait_for("[data-testid=message-detail][data-drawn=all]")
            .await?;
        let found = violations(&page, &axe).await?;
        if !found.is_empty() {
            report.push_str(&format!("example {} ({theme}):\n{found}", example.id));
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(format!("axe-core found violations:\n{report}").into())
    }
}

#[tokio::test]
async fn every_view_passes_axe_in_the_light_theme() {
    run("axe_light", |page| every_view_is_clean(page, "light")).await;
}

#[tokio::test]
async fn every_view_passes_axe_in_the_dark_theme() {
    run("axe_dark", |page| every_view_is_clean(page, "dark")).await;
}
