//! The page with a hostile sign-in (issue #16): a HAR of the hostile catalogue
//! (`tests/fixtures/hostile/`, see `scripts/make-hostile-inputs.py`) whose every field
//! holds a right-to-left override. Every copy button of every message is clicked and
//! what the page wrote is read back from Chromium's clipboard (pasted with Ctrl+V into
//! a text area of the test's own): each command must be the one shown, carry no control or bidi
//! character, consist of characters PowerShell and cmd read literally, and run in bash,
//! dash, zsh and fish as exactly its words (`tests/support/outputs.rs`); the copied
//! Markdown must carry no such character and render with `cmark-gfm` to no link, image
//! or raw HTML. The override shows as a visible marker in attribute names and in the
//! signing certificate's subject.

use crate::harness::{Page, run};
use fantoccini::Locator;

#[path = "../support/outputs.rs"]
mod outputs;

/// The catalogue case loaded: a right-to-left override in every field.
const CASE: &str = "bidi-override";
/// How the page marks that override (`app::components::value`).
const OVERRIDE_MARK: &str = "[U+202E]";

/// Puts `arguments[0]` on the clipboard, so a copy that writes nothing is seen.
const WRITE_CLIPBOARD: &str = "\
    const done = arguments[arguments.length - 1]; \
    navigator.clipboard.writeText(arguments[0]).then(() => done(true), (error) => done(String(error)));";

/// Adds a text area of the test's own (outside the app's root) to paste into; without
/// spell checking, whose dictionary Chromium would fetch.
const ADD_PROBE: &str = "\
    const probe = document.createElement('textarea'); \
    probe.id = 'clipboard-probe'; \
    probe.spellcheck = false; \
    document.body.appendChild(probe); \
    return true;";

/// Reads the clipboard as a user would: Ctrl+V into the probe. (Reading it with
/// `navigator.clipboard.readText` needs a permission the tests' incognito browser
/// context cannot be granted.)
async fn paste(page: &Page) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    page.client()
        .execute(
            "const probe = document.getElementById('clipboard-probe'); probe.value = ''; probe.focus(); return true;",
            vec![],
        )
        .await?;
    let probe = page.wait_for("#clipboard-probe").await?;
    // Control down, v, all keys up (WebDriver §17.4.2: modifiers stay down until NULL).
    probe.send_keys("\u{E009}v\u{E000}").await?;
    Ok(probe.prop("value").await?.unwrap_or_default())
}

/// Clicks `button` and returns what it put on the clipboard.
async fn copied_by(
    page: &Page,
    button: &fantoccini::elements::Element,
    round: usize,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let sentinel = format!("nothing copied yet ({round})");
    let written = page
        .client()
        .execute_async(WRITE_CLIPBOARD, vec![serde_json::json!(sentinel)])
        .await?;
    assert_eq!(
        written,
        serde_json::json!(true),
        "the test's own clipboard write"
    );
    button.click().await?;
    // The page writes asynchronously: paste until what it wrote arrives.
    let started = std::time::Instant::now();
    loop {
        let text = paste(page).await?;
        if text != sentinel {
            return Ok(text);
        }
        assert!(
            started.elapsed() < crate::harness::WAIT,
            "the button copied nothing"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn hostile_values_are_marked_and_copy_inert() {
    outputs::require_tools(&outputs::PAGE_TOOLS);
    run("hostile_page", |page| async move {
        let shells = outputs::Shells::new();
        page.open().await?;
        page.client().execute(ADD_PROBE, vec![]).await?;
        let har = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/hostile/{CASE}.har"));
        page.upload("input#file-input[type=file]", &har).await?;
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        assert!(items.len() >= 3, "the HAR's messages are listed");

        let mut commands = 0;
        for index in 0..items.len() {
            // Its commands, once its detail (not the previous message's) is shown.
            page.select_message(index).await?;
            let buttons = page
                .client()
                .find_all(Locator::Css("[data-testid=copy-command]"))
                .await?;
            let shown = page
                .client()
                .find_all(Locator::Css("[data-testid=next-step-command]"))
                .await?;
            assert_eq!(buttons.len(), shown.len(), "one button per command");
            for (button, shown) in buttons.iter().zip(&shown) {
                let copied = copied_by(&page, button, commands).await?;
                commands += 1;
                assert_eq!(copied, shown.text().await?, "the copy is what is shown");
                outputs::assert_no_forbidden("a copied command", &copied);
                shells.run(&copied);
            }
        }
        assert!(commands >= 5, "only {commands} commands were copied");

        // The message AWS received first: its attribute names and its certificate show
        // the override as a marker instead of obeying it.
        page.select_message(0).await?;
        let marks = |css: &'static str| {
            let page = page.clone();
            async move {
                let mut texts = Vec::new();
                for mark in page.client().find_all(Locator::Css(css)).await? {
                    texts.push(mark.text().await?);
                }
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(texts)
            }
        };
        page.wait_for("[data-testid=attribute-row]").await?;
        let names = marks("[data-testid=attribute-row] .attr-name .ws-mark").await?;
        assert!(
            names.iter().any(|mark| mark == OVERRIDE_MARK),
            "attribute names: {names:?}"
        );
        let certificate = marks("[data-testid=signature-item] dd .ws-mark").await?;
        assert!(
            certificate.iter().any(|mark| mark == OVERRIDE_MARK),
            "certificate subject: {certificate:?}"
        );

        // The redacted Markdown the page copies.
        page.scroll_to("[data-testid=export-panel]").await?;
        page.wait_for("[data-testid=export-preview]").await?;
        let copy = page.wait_for("[data-testid=copy-markdown]").await?;
        let markdown = copied_by(&page, &copy, commands).await?;
        assert!(markdown.starts_with("# SAML Inspector report (redacted)"));
        outputs::assert_no_forbidden("the copied Markdown", &markdown);
        outputs::assert_markdown_inert("the copied Markdown", &markdown, None);
        Ok(())
    })
    .await;
}
