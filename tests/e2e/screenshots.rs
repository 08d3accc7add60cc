//! The README's screenshots (docs/screenshots/*.png), taken from the built page in the
//! same headless Chromium as the other tests. It does nothing unless
//! `SAML_INSPECTOR_SCREENSHOTS=1` (`scripts/screenshots` sets it), so a normal test run
//! never rewrites them.

use std::path::Path;

use crate::harness::{Page, TestResult, run};

const VARIABLE: &str = "SAML_INSPECTOR_SCREENSHOTS";

async fn save(page: &Page, name: &str) -> TestResult {
    page.drawn().await?;
    let png = page.client().screenshot().await?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
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
        page.scroll_to("[data-testid=flow-view]").await?;
        save(&page, "flow").await?;

        page.open_example("wrapped-signature").await?;
        page.scroll_to("#detail-heading").await?;
        save(&page, "message").await?;

        page.open_example("connect-two-roles").await?;
        page.scroll_to("[data-testid=summary-cards]").await?;
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
        page.scroll_to("#detail-heading").await?;
        save(&page, "message-dark").await?;
        Ok(())
    })
    .await;
}
