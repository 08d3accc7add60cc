//! The README's screenshots (docs/screenshots/*.png), taken from the built page in the
//! same headless Chromium as the other tests. It does nothing unless
//! `SAML_INSPECTOR_SCREENSHOTS=1` (`scripts/screenshots` sets it), so a normal test run
//! never rewrites them.

use std::path::Path;

use crate::harness::{Page, TestResult, run};

const VARIABLE: &str = "SAML_INSPECTOR_SCREENSHOTS";

/// Resolves once the fonts are loaded and five animation frames in a row changed
/// nothing in the document: what the page draws a step a frame is all drawn.
const SETTLED: &str = "\
    const done = arguments[arguments.length - 1]; \
    document.fonts.ready.then(() => { \
        let quiet = 0; \
        const observer = new MutationObserver(() => { quiet = 0; }); \
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true }); \
        (function frame() { requestAnimationFrame(() => { \
            if (++quiet >= 5) { observer.disconnect(); done(true); } else { frame(); } }); })(); \
    });";

async fn save(page: &Page, name: &str) -> TestResult {
    // Fonts loaded, and all drawn.
    page.client().execute_async(SETTLED, vec![]).await?;
    let png = page.client().screenshot().await?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

async fn scroll_to(page: &Page, css: &str) -> TestResult {
    page.wait_for(css).await?;
    page.client()
        .execute(
            &format!("document.querySelector({css:?}).scrollIntoView({{block: 'start'}});"),
            vec![],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn screenshots_of_the_main_views() {
    if std::env::var(VARIABLE).as_deref() != Ok("1") {
        eprintln!("screenshots: not taken (set {VARIABLE}=1, as scripts/screenshots does)");
        return;
    }
    run("screenshots", |page| async move {
        page.open().await?;
        page.client()
            .execute("document.documentElement.dataset.theme = 'light';", vec![])
            .await?;
        save(&page, "landing").await?;

        page.open_example("aws-iam-role-space").await?;
        scroll_to(&page, "[data-testid=flow-view]").await?;
        save(&page, "flow").await?;

        page.open_example("wrapped-signature").await?;
        scroll_to(&page, "#detail-heading").await?;
        save(&page, "message").await?;

        page.open_example("connect-two-roles").await?;
        scroll_to(&page, "[data-testid=summary-cards]").await?;
        save(&page, "cards").await?;

        page.wait_for("[data-testid=theme-button][data-theme-choice=dark]")
            .await?
            .click()
            .await?;
        page.wait_until(
            "the dark theme",
            "return document.documentElement.dataset.theme === 'dark';",
            vec![],
        )
        .await?;
        scroll_to(&page, "#detail-heading").await?;
        save(&page, "message-dark").await?;
        Ok(())
    })
    .await;
}
