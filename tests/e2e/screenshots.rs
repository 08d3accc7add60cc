//! The README's screenshots (docs/screenshots/*.png), taken from the built page in the
//! same headless Chromium as the other tests. Ignored by `cargo test`; `scripts/screenshots`
//! runs it with `SAML_INSPECTOR_SCREENSHOTS=1`, so a normal test run never rewrites them.

use std::path::Path;
use std::time::Duration;

use crate::harness::{Page, TestResult, run};

const VARIABLE: &str = "SAML_INSPECTOR_SCREENSHOTS";

async fn save(page: &Page, name: &str) -> TestResult {
    // Let layout and fonts settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
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
#[ignore = "rewrites docs/screenshots; run by scripts/screenshots"]
async fn screenshots_of_the_main_views() {
    assert_eq!(
        std::env::var(VARIABLE).as_deref(),
        Ok("1"),
        "set {VARIABLE}=1 (scripts/screenshots does) to rewrite docs/screenshots"
    );
    run("screenshots", |page| async move {
        page.open().await?;
        page.client()
            .execute("document.documentElement.dataset.theme = 'light';", vec![])
            .await?;
        save(&page, "landing").await?;

        page.wait_for("[data-testid=example-button][data-example=aws-iam-role-space]")
            .await?
            .click()
            .await?;
        scroll_to(&page, "[data-testid=flow-view]").await?;
        save(&page, "flow").await?;

        page.wait_for("[data-testid=example-button][data-example=wrapped-signature]")
            .await?
            .click()
            .await?;
        scroll_to(&page, "#detail-heading").await?;
        save(&page, "message").await?;

        page.wait_for("[data-testid=example-button][data-example=connect-two-roles]")
            .await?
            .click()
            .await?;
        scroll_to(&page, "[data-testid=summary-cards]").await?;
        save(&page, "cards").await?;

        page.wait_for("[data-testid=theme-button][data-theme-choice=dark]")
            .await?
            .click()
            .await?;
        scroll_to(&page, "#detail-heading").await?;
        save(&page, "message-dark").await?;
        Ok(())
    })
    .await;
}
