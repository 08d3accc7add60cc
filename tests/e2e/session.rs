//! The engine keeps the session (issue #13) and no input freezes the tab (issue #16),
//! checked in Chromium:
//!
//! - after the first analysis, a change of context (the expected user, a trusted key)
//!   posts no input byte to the engine's worker: `Worker.prototype.postMessage` is
//!   wrapped from the test (injected through WebDriver; the page's CSP is unchanged)
//!   and every message posted is searched for the input's canary and for a buffer of
//!   its size;
//! - a message with 60,000 attributes (a HAR of about 13 MB made here) keeps the page
//!   responsive: a `PerformanceObserver` records the main thread's long tasks from the
//!   moment the file is chosen (the page's own start-up is left out); the longest is
//!   printed against the goal of 200 ms and must not be a freeze (2 s; the page used to
//!   hold the main thread for about 50 s); Cancel stops its analysis; the attribute table, the roles and the
//!   XML view come a page at a time.

use crate::fixtures;
use crate::harness::{Page, TestResult, run};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fantoccini::Locator;
use fantoccini::elements::Element;
use serde_json::json;
use std::error::Error;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

type Failure = Box<dyn Error + Send + Sync>;

/// How long a big message may take to analyse and show, on a busy machine.
const BIG_WAIT: Duration = Duration::from_secs(60);

/// The page's goal for its longest main-thread task while a big message is read,
/// analysed and drawn (issue #16): printed by the test, not asserted, because a task's
/// wall-clock time stretches with whatever else the machine runs (on two cores running
/// the other e2e tests it reached 224 ms where a quiet run gives 90-143 ms).
const LONG_TASK_GOAL_MS: f64 = 200.0;

/// What the test does assert: no task near the freezes this guards against (before the
/// page drew long lists a page at a time, 60,000 attributes held the main thread for
/// about 50 s, then 34 s more for the XML view), with room for a busy machine.
const FREEZE_MS: f64 = 2_000.0;

/// Waits until `script` (a function body returning a boolean) returns true.
async fn wait_until(page: &Page, what: &str, script: &str, within: Duration) -> TestResult {
    let start = Instant::now();
    loop {
        let done = page.client().execute(script, Vec::new()).await?;
        if done.as_bool() == Some(true) {
            return Ok(());
        }
        if start.elapsed() > within {
            return Err(format!("{what}: not after {within:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn wait_long(page: &Page, css: &str) -> Result<Element, Failure> {
    page.client()
        .wait()
        .at_most(BIG_WAIT)
        .every(Duration::from_millis(20))
        .for_element(Locator::Css(css))
        .await
        .map_err(|error| format!("no element matches `{css}` after {BIG_WAIT:?}: {error}").into())
}

async fn count(page: &Page, css: &str) -> Result<usize, Failure> {
    Ok(page.client().find_all(Locator::Css(css)).await?.len())
}

/// Wraps `Worker.prototype.postMessage`: each message posted is recorded with its
/// command's name, whether any string, buffer or file in it holds `canary`, and the
/// sizes of the buffers and files it carries.
const WRAP_POST_MESSAGE: &str = r#"
const canary = arguments[0];
window.__posts = [];
const decoder = new TextDecoder();
const scan = (value, record, depth) => {
  if (value === null || value === undefined || depth > 6) return;
  if (typeof value === "string") {
    if (value.includes(canary)) record.canary = true;
    return;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value)
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    record.sizes.push(bytes.byteLength);
    if (decoder.decode(bytes).includes(canary)) record.canary = true;
    return;
  }
  if (value instanceof Blob) {
    record.sizes.push(value.size);
    return;
  }
  if (typeof value === "object") {
    for (const key of Object.keys(value)) scan(value[key], record, depth + 1);
  }
};
const original = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, transfer) {
  const record = { command: null, canary: false, sizes: [] };
  try { record.command = JSON.parse(message.command).command; } catch (error) {}
  scan(message, record, 0);
  window.__posts.push(record);
  return original.call(this, message, transfer);
};
"#;

/// How many `analyse` commands were posted.
fn analyses_posted(at_least: usize) -> String {
    format!(
        "return window.__posts.filter((post) => post.command === 'analyse').length >= {at_least} \
         && !document.querySelector('[data-testid=analysing]');"
    )
}

#[tokio::test]
async fn a_change_of_context_posts_no_input_bytes() {
    const CANARY: &str = "canary-5f3a9e1c";
    run("session_no_input_bytes", |page| async move {
        page.open().await?;
        page.client()
            .execute(WRAP_POST_MESSAGE, vec![json!(CANARY)])
            .await?;
        // An input holding the canary, pasted (its bytes go to the engine once).
        let xml = fixtures::saml_response().replace(
            fixtures::ROLE_SESSION_NAME_VALUE,
            &format!("alice-{CANARY}"),
        );
        let size = xml.len();
        let paste = page.wait_for("#paste-input").await?;
        page.client()
            .execute(
                "arguments[0].value = arguments[1];",
                vec![serde_json::to_value(&paste)?, json!(xml)],
            )
            .await?;
        page.wait_for("#paste-analyze").await?.click().await?;
        page.wait_for("[data-testid=message-detail]").await?;
        wait_until(&page, "the first analysis", &analyses_posted(1), BIG_WAIT).await?;
        let first: usize = serde_json::from_value(
            page.client()
                .execute("return window.__posts.length;", Vec::new())
                .await?,
        )?;

        // The expected user changes: the analysis runs again.
        let user = page.wait_for("[data-testid=expect-username]").await?;
        user.send_keys("jdoe\n").await?;
        wait_until(
            &page,
            "the analysis after the user",
            &analyses_posted(2),
            BIG_WAIT,
        )
        .await?;
        // A trusted key is added: its own bytes travel, the input's do not.
        let certificate = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/example-idp-certificate.pem");
        let key_size = std::fs::metadata(&certificate)?.len() as usize;
        assert_ne!(key_size, size, "the key and the input differ in size");
        page.upload("input#trust-input[type=file]", &certificate)
            .await?;
        wait_until(
            &page,
            "the analysis after the key",
            &analyses_posted(3),
            BIG_WAIT,
        )
        .await?;
        page.wait_for("[data-testid=trusted-keys] li").await?;

        let posts: Vec<serde_json::Value> = serde_json::from_value(
            page.client()
                .execute("return window.__posts;", Vec::new())
                .await?,
        )?;
        let added = posts
            .iter()
            .position(|post| post["canary"] == json!(true))
            .ok_or("the input's bytes were never posted")?;
        assert_eq!(posts[added]["command"], json!("add-input"));
        assert!(added < first, "the input was added with the first analysis");
        for post in &posts[added + 1..] {
            assert_eq!(
                post["canary"],
                json!(false),
                "a later message carries the input: {post}"
            );
            let sizes: Vec<usize> = serde_json::from_value(post["sizes"].clone())?;
            assert!(
                !sizes.contains(&size),
                "a later message carries a buffer of the input's size: {post}"
            );
        }
        assert!(
            posts[first..]
                .iter()
                .any(|post| post["command"] == json!("set-context")),
            "the context change was posted: {posts:?}"
        );
        Ok(())
    })
    .await;
}

/// A Response with `attributes` attributes (and a Role attribute with `roles` values),
/// posted to AWS sign-in, as a HAR.
pub fn big_message_har(attributes: usize, roles: usize) -> String {
    let mut statement = String::with_capacity(attributes * 120);
    statement.push_str(r#"<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">"#);
    for n in 0..roles {
        let _ = write!(
            statement,
            "<saml:AttributeValue>arn:aws:iam::111122223333:role/Role{n},arn:aws:iam::111122223333:saml-provider/IdP</saml:AttributeValue>"
        );
    }
    statement.push_str("</saml:Attribute>");
    for n in 0..attributes {
        let _ = write!(
            statement,
            r#"<saml:Attribute Name="urn:example:attribute:{n}" FriendlyName="attribute{n}"><saml:AttributeValue>value {n} for this user</saml:AttributeValue></saml:Attribute>"#
        );
    }
    let xml = fixtures::saml_response().replace(
        "<saml:AttributeStatement>",
        &format!("<saml:AttributeStatement>{statement}"),
    );
    let body = format!(
        "SAMLResponse={}",
        STANDARD
            .encode(xml)
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    );
    json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "saml-inspector e2e", "version": "1" },
            "entries": [{
                "startedDateTime": "2025-01-15T12:00:01.000Z",
                "time": 120,
                "request": {
                    "method": "POST",
                    "url": "https://signin.aws.amazon.com/saml",
                    "httpVersion": "HTTP/1.1",
                    "headers": [{ "name": "Content-Type", "value": "application/x-www-form-urlencoded" }],
                    "postData": { "mimeType": "application/x-www-form-urlencoded", "text": body },
                },
                "response": { "status": 302, "statusText": "Found", "headers": [], "content": { "size": 0, "mimeType": "text/html" } },
            }],
        }
    })
    .to_string()
}

/// Notes the time of a step, to place long tasks (`SAML_INSPECTOR_E2E_DEBUG=1`).
async fn mark(page: &Page, label: &str) -> TestResult {
    page.client()
        .execute(
            "(window.__marks = window.__marks || []).push([arguments[0], Math.round(performance.now())]);",
            vec![json!(label)],
        )
        .await?;
    Ok(())
}

/// The longest main-thread task that started at or after `since` (the moment the big
/// file was chosen, on the page's `performance.now()` clock: the page's own start-up,
/// before it, is not what this test is about), in milliseconds.
async fn longest_task(page: &Page, since: f64) -> Result<f64, Failure> {
    Ok(page
        .long_tasks()
        .await?
        .iter()
        .filter(|&&(start, _)| start >= since)
        .fold(0.0, |longest, &(_, duration)| duration.max(longest)))
}

#[tokio::test]
async fn sixty_thousand_attributes_keep_the_page_responsive() {
    run("session_big_message", |page| async move {
        page.open().await?;
        page.observe_long_tasks().await?;
        page.client()
            .execute(WRAP_POST_MESSAGE, vec![json!("no canary here")])
            .await?;
        let har = big_message_har(60_000, 1_000);
        let path = fixtures::write_temp_file("sixty-thousand-attributes.har", &har)?;

        // Cancel while it is analysed: nothing of it stays, and the page answers.
        let chosen_at = page
            .client()
            .execute("return Math.floor(performance.now());", Vec::new())
            .await?
            .as_f64()
            .unwrap_or_default();
        page.upload("input#file-input[type=file]", &path).await?;
        let cancel = wait_long(&page, "[data-testid=cancel-analysis]").await?;
        assert_eq!(
            count(&page, "[data-testid=message-item]").await?,
            0,
            "the analysis was still running when Cancel was pressed"
        );
        cancel.click().await?;
        wait_until(
            &page,
            "the analysis stops",
            "return !document.querySelector('[data-testid=analysing]') \
             && !document.querySelector('[data-testid=pending-input]');",
            Duration::from_secs(5),
        )
        .await?;
        for gone in ["[data-testid=message-item]", "[data-testid=input-item]"] {
            assert_eq!(count(&page, gone).await?, 0, "after Cancel, `{gone}` is shown");
        }

        // Again, to the end: the first page of each list, and more on request.
        mark(&page, "upload").await?;
        page.upload("input#file-input[type=file]", &path).await?;
        wait_long(&page, "[data-testid=attribute-row]").await?;
        mark(&page, "shown").await?;
        // The first page, laid out a step a frame.
        wait_until(
            &page,
            "the first page of attributes",
            "return document.querySelectorAll('[data-testid=attribute-row]').length === 200;",
            BIG_WAIT,
        )
        .await?;
        let shown = page
            .wait_for("[data-testid=attribute-count]")
            .await?
            .text()
            .await?;
        assert!(shown.contains("of 60002 attributes"), "{shown}");
        page.client()
            .execute(
                "window.__kept = [...document.querySelectorAll('[data-testid=attribute-row]')];",
                Vec::new(),
            )
            .await?;
        page.wait_for("[data-testid=more-attributes]")
            .await?
            .click()
            .await?;
        wait_until(
            &page,
            "the next attributes",
            "return document.querySelectorAll('[data-testid=attribute-row]').length === 400;",
            BIG_WAIT,
        )
        .await?;
        // The page added below left the rows above as they were (the same elements).
        let kept = page
            .client()
            .execute(
                "const rows = document.querySelectorAll('[data-testid=attribute-row]'); \
                 return window.__kept.every((row, at) => rows[at] === row);",
                Vec::new(),
            )
            .await?;
        assert_eq!(kept, json!(true), "the first page of attributes was drawn again");
        mark(&page, "400 attributes").await?;
        wait_until(
            &page,
            "the first page of roles",
            "return document.querySelectorAll('[data-testid=role-row]').length === 200;",
            BIG_WAIT,
        )
        .await?;
        page.wait_for("[data-testid=more-roles]").await?.click().await?;
        wait_until(
            &page,
            "the next roles",
            "return document.querySelectorAll('[data-testid=role-row]').length === 400;",
            BIG_WAIT,
        )
        .await?;
        mark(&page, "400 roles").await?;
        // A page of lines, laid out a step a frame.
        wait_until(
            &page,
            "a page of XML lines",
            "return document.querySelectorAll('[data-testid=xml-pretty] .xml-line').length === 200;",
            BIG_WAIT,
        )
        .await?;
        mark(&page, "200 lines").await?;
        // The page is drawn, and the export panel is screens below the view: the redacted
        // preview (seconds of the engine's time for 60,000 attributes) has not been asked
        // for, so no page of rows asked for above waited for it.
        assert_eq!(
            page.client()
                .execute(
                    "return window.__posts.filter((post) => post.command === 'preview').length;",
                    Vec::new(),
                )
                .await?,
            json!(0),
            "the preview was asked for with the export panel out of view"
        );
        page.wait_for("[data-testid=more-xml]").await?.click().await?;
        wait_until(
            &page,
            "the next XML lines",
            "return document.querySelectorAll('[data-testid=xml-pretty] .xml-line').length === 400;",
            BIG_WAIT,
        )
        .await?;
        mark(&page, "400 lines").await?;
        // The search counts over the whole document.
        let search = page.wait_for("[data-testid=xml-search]").await?;
        search.send_keys("attribute:5999").await?;
        wait_until(
            &page,
            "the search count",
            "return document.querySelector('[data-testid=xml-search-count]').textContent === '11 lines match';",
            BIG_WAIT,
        )
        .await?;

        // Scrolled to, the export panel asks for the preview.
        page.scroll_to("[data-testid=export-panel]").await?;
        wait_until(
            &page,
            "the preview asked for",
            "return window.__posts.some((post) => post.command === 'preview');",
            BIG_WAIT,
        )
        .await?;
        wait_long(&page, "[data-testid=export-preview]").await?;

        let longest = longest_task(&page, chosen_at).await?;
        if std::env::var_os("SAML_INSPECTOR_E2E_DEBUG").is_some() {
            let marks = page
                .client()
                .execute("return window.__marks;", Vec::new())
                .await?;
            println!("long tasks at: {:?}; marks: {marks}", page.long_tasks().await?);
        }
        println!(
            "sixty_thousand_attributes: {:.1} MB HAR; longest main-thread task {longest:.0} ms",
            har.len() as f64 / 1_048_576.0
        );
        if longest > LONG_TASK_GOAL_MS {
            println!(
                "sixty_thousand_attributes: over the goal of {LONG_TASK_GOAL_MS} ms (a busy machine?)"
            );
        }
        assert!(
            longest <= FREEZE_MS,
            "a main-thread task took {longest:.0} ms: the page froze (over {FREEZE_MS} ms)"
        );
        let _ = std::fs::remove_file(&path);
        Ok(())
    })
    .await;
}

/// After the analysis of a HAR over 2 MB (read in the engine's worker), focus and the
/// scroll land on the message's verdict: the heading right above it has focus and the
/// verdict is in the window.
#[tokio::test]
async fn a_big_har_lands_on_the_verdict() {
    run("session_lands_on_verdict", |page| async move {
        page.open().await?;
        // Over 2 MB: read in the engine's worker.
        let har = big_message_har(20_000, 10);
        assert!(har.len() > 2 << 20);
        let path = std::env::temp_dir().join(format!(
            "saml-inspector-e2e-{}-lands.har",
            std::process::id()
        ));
        std::fs::write(&path, &har)?;
        page.upload("input#file-input[type=file]", &path).await?;
        wait_long(&page, "[data-testid=verdict-banner]").await?;
        wait_until(
            &page,
            "focus on the message",
            "const e = document.activeElement; return !!e && e.id === 'detail-heading';",
            BIG_WAIT,
        )
        .await?;
        wait_until(
            &page,
            "the verdict in the window",
            "const box = document.querySelector('[data-testid=verdict-banner]').getBoundingClientRect(); \
             return box.top >= 0 && box.bottom <= window.innerHeight;",
            BIG_WAIT,
        )
        .await?;
        let _ = std::fs::remove_file(&path);
        Ok(())
    })
    .await;
}

/// The wrapped-signature example: the verdict says forged first, and the values shown
/// say in words that they are read from outside the signature.
#[tokio::test]
async fn a_wrapped_signature_says_forged_and_marks_its_values() {
    run("session_wrapped_marks", |page| async move {
        page.open().await?;
        page.wait_for("[data-testid=example-button][data-example=wrapped-signature]")
            .await?
            .click()
            .await?;
        let headline = page
            .wait_for("[data-testid=verdict-headline]")
            .await?
            .text()
            .await?;
        assert!(headline.starts_with("Forged or altered: "), "{headline}");
        page.wait_for("[data-testid=attribute-row]").await?;
        let marks = page
            .client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=card-subject] [data-testid=mark], \
                 [data-testid=attribute-row] [data-testid=mark]')].map((mark) => mark.textContent);",
                Vec::new(),
            )
            .await?;
        let marks: Vec<String> = serde_json::from_value(marks)?;
        assert!(!marks.is_empty(), "the values carry marks");
        for mark in &marks {
            assert!(mark.ends_with("outside the signature"), "{marks:?}");
        }
        Ok(())
    })
    .await;
}

/// A flow row opens to its request like a network panel: status, headers, cookies sent
/// and set, form fields; its SAML parameter opens the message it became.
#[tokio::test]
async fn a_flow_row_opens_to_its_request() {
    run("session_request_detail", |page| async move {
        page.open().await?;
        let mut har: serde_json::Value = serde_json::from_str(&fixtures::har())?;
        let entry = &mut har["log"]["entries"][0];
        entry["request"]["cookies"] = json!([{ "name": "JSESSIONID", "value": "abc123" }]);
        entry["response"]["cookies"] =
            json!([{ "name": "aws-signin", "value": "xyz", "path": "/", "httpOnly": true }]);
        let path = fixtures::write_temp_file("request-detail.har", &har.to_string())?;
        page.upload("input#file-input[type=file]", &path).await?;
        page.wait_for("[data-testid=flow-open]")
            .await?
            .click()
            .await?;
        let detail = page.wait_for("[data-testid=request-detail]").await?;
        assert_eq!(
            page.wait_for("[data-testid=request-status]")
                .await?
                .text()
                .await?,
            "302 Found"
        );
        for (section, holds) in [
            ("request-request-headers", "Content-Type"),
            ("request-cookies-sent", "JSESSIONID"),
            ("request-cookies-set", "aws-signin"),
            ("request-form-fields", "SAMLResponse"),
            ("request-response-headers", "Location"),
        ] {
            let text = detail
                .find(Locator::Css(&format!("[data-testid={section}]")))
                .await?
                .text()
                .await?;
            assert!(text.contains(holds), "{section}: {text}");
        }
        page.wait_for("[data-testid=request-message]")
            .await?
            .click()
            .await?;
        wait_until(
            &page,
            "the message opens",
            "const e = document.activeElement; return !!e && e.id === 'detail-heading';",
            BIG_WAIT,
        )
        .await?;
        Ok(())
    })
    .await;
}
