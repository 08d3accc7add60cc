//! End-to-end flows of the page people use (issue #5): every example, a failing AWS
//! login's verdict, the flow view, keyboard-only use, the theme, and the context inputs
//! re-running the analysis. Every flow also runs under the harness's "no foreign
//! request, no CSP violation" check.
//!
//! DOM contract used here, besides the one in `main.rs`:
//!
//! | element | meaning |
//! |---|---|
//! | `[data-testid=verdict-banner][data-verdict=fail\|warn\|ok]` | the selected message's verdict |
//! | `[data-testid=verdict-headline]` | "Login will fail: 2 problems", ... |
//! | `[data-testid=finding-group][data-severity=…] [data-testid=finding][data-rule=…]` | findings by severity |
//! | `[data-testid=finding-head]` | a finding's focusable head (a `summary`) |
//! | `#detail-heading` | the message title; focus moves here when a message is chosen |
//! | `[data-testid=flow-row][data-saml][data-status]`, `#saml-only`, `[data-testid=handoff]`, `[data-testid=flow-count]`, `[data-testid=more-flow]` | the HAR flow (a page of rows at a time) |
//! | `[data-testid=theme-button][data-theme-choice=system\|light\|dark]` | the theme; `html[data-theme]` |
//! | `#expect-username`, `#expect-account`, `#expect-region`, `#expect-profile`, `#expect-audience`, `#expect-acs`, `#error-text`, `#reference-time`, `#at-issue-instant` | context inputs |
//! | `[data-testid=packs] [data-pack=…]` | the rule packs that ran |
//! | `[data-testid=time-window][data-state=inside\|expired\|early\|open]` | the assertion's window at the reference time |
//! | `[data-testid=capture-help]` | how to capture a sign-in (a `details`, open on the landing page) |
//! | `[data-testid=item-also-captured]` | in a message item: where else the same message was captured |
//! | `.ws-mark.ws-space`, `.ws-mark.ws-name`, `.ws-mark.ws-code` | a value's edge space (drawn by CSS), tab/line break, invisible character |
//! | `[data-testid=flow-row] .url-params li` | a flow row URL's query parameters, one a line |

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::fixtures;
use crate::harness::{Page, TestResult, run};

/// The built-in examples, by `data-example`: the kind of the message opened first, its
/// verdict, and the rules (any of them) the first finding shown must be — the one fault
/// each example was made with (examples/README.md).
const EXAMPLES: &[(&str, &str, &str, &[&str])] = &[
    ("aws-login-har", "Response", "ok", &[]),
    (
        "aws-iam-role-space",
        "Response",
        "fail",
        &["aws.role.format"],
    ),
    (
        "identity-center-nameid",
        "Response",
        "fail",
        &["iic.nameid.format", "iic.nameid.value"],
    ),
    (
        "connect-two-roles",
        "Response",
        "fail",
        &["connect.role.single"],
    ),
    (
        "idp-metadata-bom",
        "EntityDescriptor",
        "fail",
        &["meta.bom"],
    ),
    (
        "wrapped-signature",
        "Response",
        "fail",
        &["core.sig.present", "core.sig.coverage"],
    ),
    (
        "aws-response-session-name",
        "Response",
        "fail",
        &["core.attr.whitespace", "aws.session.name"],
    ),
    ("identity-center-request", "AuthnRequest", "", &[]),
];

/// A file from the repository's `examples/`.
fn example_text(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// `application/x-www-form-urlencoded` value encoding.
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A HAR of a failing AWS sign-in: the IdP page, the browser posting `response_base64`
/// to AWS, and AWS's error page.
fn failing_aws_har(response_base64: &str) -> String {
    let entry = |started: &str,
                 method: &str,
                 url: &str,
                 status: u16,
                 post: Option<String>,
                 body: &str| {
        let mut request = json!({
            "method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": [],
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": -1
        });
        if let Some(text) = post {
            request["postData"] =
                json!({ "mimeType": "application/x-www-form-urlencoded", "text": text });
        }
        json!({
            "startedDateTime": started, "time": 80, "request": request,
            "response": { "status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [],
                "cookies": [], "content": { "size": body.len(), "mimeType": "text/html", "text": body },
                "redirectURL": "", "headersSize": -1, "bodySize": -1 },
            "cache": {}, "timings": { "send": 0, "wait": 80, "receive": 0 }
        })
    };
    let har = json!({ "log": { "version": "1.2", "creator": { "name": "saml-inspector e2e", "version": "1" },
        "pages": [], "entries": [
            entry("2024-05-01T12:00:01.000Z", "GET", "https://example.okta.com/app/amazon_aws/exk1/sso/saml", 200, None, "<html>IdP</html>"),
            entry("2024-05-01T12:00:02.400Z", "POST", "https://signin.aws.amazon.com/saml", 400,
                Some(format!("SAMLResponse={}&RelayState=", form_encode(response_base64))),
                "<html><body><p>Your request included an invalid SAML response.</p></body></html>"),
        ] } });
    har.to_string()
}

/// Runs `script` in the page and returns its string result.
async fn script_string(
    page: &Page,
    script: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let value = page.client().execute(script, vec![]).await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// `id` or `data-testid` of the focused element.
async fn focused(page: &Page) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    script_string(
        page,
        "const e = document.activeElement; return e ? (e.id || e.dataset.testid || e.tagName) : '';",
    )
    .await
}

/// Presses `key` on the focused element.
async fn press(page: &Page, key: Key) -> TestResult {
    let key: char = key.into();
    page.client()
        .active_element()
        .await?
        .send_keys(&key.to_string())
        .await?;
    Ok(())
}

/// Presses Tab until the focused element's id or test id is `wanted` (at most `limit` times).
async fn tab_to(page: &Page, wanted: &str, limit: usize) -> TestResult {
    for _ in 0..limit {
        press(page, Key::Tab).await?;
        if focused(page).await? == wanted {
            return Ok(());
        }
    }
    Err(format!(
        "Tab never reached {wanted} in {limit} presses (at {})",
        focused(page).await?
    )
    .into())
}

#[tokio::test]
async fn every_example_opens_a_message_with_a_verdict() {
    run("every_example", |page| async move {
        page.open().await?;
        for (id, kind, verdict, first_rules) in EXAMPLES {
            page.open_example(id).await?;
            let detail = page.wait_for("[data-testid=message-detail]").await?;
            let heading = detail
                .find(Locator::Css("#detail-heading"))
                .await?
                .text()
                .await?;
            assert!(
                heading.starts_with(kind),
                "{id}: opened {heading:?}, expected a {kind}"
            );
            // The page speaks of its own fields, never of saml-inspect's flags (the next
            // steps' commands for other tools keep theirs).
            let flags = script_string(
                &page,
                "return (document.body.textContent.match(/(^|[\\s(\"'`])--(at|expect|trust|error|format|redact|key|key-password-env|compare)\\b/g) || []).join(' ');",
            )
            .await?;
            assert!(flags.is_empty(), "{id}: command-line flags in the page: {flags}");
            let banner = page.wait_for("[data-testid=verdict-banner]").await?;
            let state = banner.attr("data-verdict").await?.unwrap_or_default();
            if verdict.is_empty() {
                assert!(
                    ["fail", "warn", "ok"].contains(&state.as_str()),
                    "{id}: verdict {state:?}"
                );
            } else {
                assert_eq!(&state, verdict, "{id}: verdict");
            }
            if !first_rules.is_empty() {
                let first = page.wait_for("[data-testid=finding]").await?;
                let rule = first.attr("data-rule").await?.unwrap_or_default();
                assert!(
                    first_rules.contains(&rule.as_str()),
                    "{id}: first finding {rule:?}, expected one of {first_rules:?}"
                );
                assert_eq!(
                    first.attr("data-severity").await?.as_deref(),
                    Some("error"),
                    "{id}"
                );
            }
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn failing_aws_har_shows_the_verdict_and_first_finding() {
    run("failing_aws_har", |page| async move {
        page.open().await?;
        let wrapped: String = example_text("wrapped-signature.txt")
            .split_whitespace()
            .collect();
        let har = fixtures::write_temp_file("failing-aws-login.har", &failing_aws_har(&wrapped))?;
        page.upload("input#file-input[type=file]", &har).await?;
        let banner = page.wait_for("[data-testid=verdict-banner]").await?;
        assert_eq!(banner.attr("data-verdict").await?.as_deref(), Some("fail"));
        let headline = page
            .wait_for("[data-testid=verdict-headline]")
            .await?
            .text()
            .await?;
        // A forged message says so first.
        assert_eq!(
            headline, "Forged or altered: do not trust this message",
            "headline {headline:?}"
        );
        // The first finding shown is an error, in the error group, about the signature
        // (the forged assertion is not the signed one).
        let first = page.wait_for("[data-testid=finding]").await?;
        assert_eq!(first.attr("data-severity").await?.as_deref(), Some("error"));
        let rule = first.attr("data-rule").await?.unwrap_or_default();
        assert!(rule.starts_with("core.sig."), "first finding {rule:?}");
        let title = first
            .find(Locator::Css("[data-testid=finding-title]"))
            .await?
            .text()
            .await?;
        assert!(!title.trim().is_empty(), "the finding has a title");
        // The flow shows AWS's error page and the hand-off.
        page.wait_for("[data-testid=flow-row][data-status='400']")
            .await?;
        page.wait_for("[data-testid=handoff]").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn flow_view_filters_to_saml_and_neighbours() {
    run("flow_view", |page| async move {
        page.open().await?;
        page.open_example("aws-iam-role-space").await?;
        let all = page.wait_for_all("[data-testid=flow-row]").await?.len();
        page.wait_for("#saml-only").await?.click().await?;
        page.wait_until(
            "the filter hides requests",
            "return document.querySelectorAll('[data-testid=flow-row]').length < arguments[0];",
            vec![json!(all)],
        )
        .await?;
        let rows = page
            .client()
            .find_all(Locator::Css("[data-testid=flow-row]"))
            .await?;
        assert!(
            rows.len() < all,
            "the filter hides requests ({} of {all})",
            rows.len()
        );
        let mut saml = 0;
        for row in &rows {
            if row.attr("data-saml").await?.as_deref() == Some("true") {
                saml += 1;
            }
        }
        assert!(
            saml >= 1 && rows.len() > saml,
            "SAML rows and their neighbours stay: {saml} of {}",
            rows.len()
        );
        // AWS's answer (the error page after the POST) stays in view.
        page.wait_for("[data-testid=flow-row][data-status='400']")
            .await?;
        // A SAML row opens its message.
        page.wait_for("[data-testid=flow-message]")
            .await?
            .click()
            .await?;
        page.wait_for_focus("detail-heading").await?;
        Ok(())
    })
    .await;
}

/// A HAR of `noise` ordinary requests with the failing AWS sign-in in the middle.
fn long_har(noise: usize) -> String {
    let mut har: serde_json::Value = serde_json::from_str(&failing_aws_har(
        &example_text("wrapped-signature.txt")
            .split_whitespace()
            .collect::<String>(),
    ))
    .expect("the HAR is JSON");
    let entries = har["log"]["entries"].as_array_mut().expect("entries");
    let filler = entries[0].clone();
    for index in 0..noise {
        let mut entry = filler.clone();
        entry["request"]["url"] = json!(format!("https://example.okta.com/asset/{index}.js"));
        entries.insert(if index < noise / 2 { 0 } else { entries.len() }, entry);
    }
    har.to_string()
}

#[tokio::test]
async fn a_long_flow_opens_with_only_its_saml_requests() {
    run("long_flow", |page| async move {
        page.open().await?;
        let har = fixtures::write_temp_file("long-flow.har", &long_har(800))?;
        page.upload("input#file-input[type=file]", &har).await?;
        page.wait_for("[data-testid=verdict-banner]").await?;
        let toggle = page.wait_for("#saml-only").await?;
        assert!(
            toggle.prop("checked").await?.as_deref() == Some("true"),
            "a flow of 802 requests starts filtered"
        );
        let rows = page.wait_for_all("[data-testid=flow-row]").await?.len();
        assert!(rows <= 4, "{rows} rows drawn");
        // Unchecked, every request, a page of rows at a time: "Show more" adds the next.
        toggle.click().await?;
        page.wait_for_count("[data-testid=flow-row]", 200).await?;
        // Rows added below leave the rows above, and the table's head, as they are: not
        // rewritten, not made again (each step would lay out the whole table again).
        page.client()
            .execute(
                "window.__kept = [...document.querySelectorAll('[data-testid=flow-row]')]; \
                 const kept = new Set(window.__kept); window.__touched = []; \
                 const table = document.querySelector('[data-testid=flow-table]'); \
                 new MutationObserver((list) => { for (const m of list) { \
                   const at = m.target.nodeType === 1 ? m.target : m.target.parentElement; \
                   const row = at && at.closest('tr'); \
                   if (at && (at.closest('thead') || kept.has(row) || [...m.removedNodes].some((n) => kept.has(n)))) { \
                     window.__touched.push(m.type + ' in ' + (row ? row.textContent.slice(0, 40) : at.tagName)); } } }) \
                 .observe(table, { subtree: true, childList: true, characterData: true, attributes: true });",
                Vec::new(),
            )
            .await?;
        for shown in [400, 600, 800, 802] {
            let count = page
                .wait_for("[data-testid=flow-count]")
                .await?
                .text()
                .await?;
            assert!(count.contains("of 802 requests shown"), "{count:?}");
            page.wait_for("[data-testid=more-flow]")
                .await?
                .click()
                .await?;
            page.wait_for_count("[data-testid=flow-row]", shown).await?;
        }
        for gone in ["[data-testid=more-flow]", "[data-testid=flow-count]"] {
            let found = page.client().find_all(Locator::Css(gone)).await?;
            assert!(
                found.is_empty(),
                "`{gone}` is shown with all 802 requests drawn"
            );
        }
        let kept = page
            .client()
            .execute(
                "const rows = document.querySelectorAll('[data-testid=flow-row]'); \
                 return [window.__kept.every((row, at) => rows[at] === row), window.__touched.slice(0, 5)];",
                Vec::new(),
            )
            .await?;
        assert_eq!(
            kept,
            json!([true, []]),
            "the first 200 rows stay the same elements, untouched, as more are drawn"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn keyboard_walk_from_drop_zone_to_a_finding() {
    run("keyboard_walk", |page| async move {
        page.open().await?;
        // The drop zone's file input is reachable by Tab.
        tab_to(&page, "file-input", 15).await?;
        // Choosing the file (what Enter + the file dialog do) moves focus to the message.
        let wrapped: String = example_text("wrapped-signature.txt")
            .split_whitespace()
            .collect();
        let har = fixtures::write_temp_file("keyboard.har", &failing_aws_har(&wrapped))?;
        page.client()
            .active_element()
            .await?
            .send_keys(har.to_str().ok_or("path")?)
            .await?;
        page.wait_for("[data-testid=verdict-banner]").await?;
        page.wait_for_focus("detail-heading").await?;
        // Tab reaches the first finding; Enter closes and opens it.
        tab_to(&page, "finding-head", 12).await?;
        let is_open = "return document.activeElement.parentElement.open === arguments[0];";
        page.wait_until("errors start open", is_open, vec![json!(true)])
            .await?;
        press(&page, Key::Enter).await?;
        page.wait_until("Enter closes the finding", is_open, vec![json!(false)])
            .await?;
        press(&page, Key::Enter).await?;
        page.wait_until("Enter opens it again", is_open, vec![json!(true)])
            .await?;
        // Back in the list: Shift+Tab would do; a message item takes Enter and moves
        // focus to its detail.
        page.client()
            .execute(
                "document.querySelector('[data-testid=message-item]').focus();",
                vec![],
            )
            .await?;
        press(&page, Key::Enter).await?;
        page.wait_for_focus("detail-heading").await?;
        // Focus is visible (an outline from :focus-visible) on a keyboard-focused control.
        tab_to(&page, "finding-head", 12).await?;
        let outline = script_string(
            &page,
            "return getComputedStyle(document.activeElement).outlineStyle;",
        )
        .await?;
        assert_ne!(outline, "none", "focused control shows an outline");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn theme_toggle_switches_light_and_dark() {
    run("theme_toggle", |page| async move {
        page.open().await?;
        let background = "return getComputedStyle(document.body).backgroundColor;";
        let theme = "return (document.documentElement.dataset.theme || 'system') === arguments[0];";
        page.wait_for("[data-testid=theme-button][data-theme-choice=dark]")
            .await?
            .click()
            .await?;
        page.wait_until("the dark theme", theme, vec![json!("dark")])
            .await?;
        let dark = script_string(&page, background).await?;
        page.wait_for("[data-testid=theme-button][data-theme-choice=light]")
            .await?
            .click()
            .await?;
        page.wait_until("the light theme", theme, vec![json!("light")])
            .await?;
        let light = script_string(&page, background).await?;
        assert_ne!(dark, light, "the themes differ");
        let pressed = page
            .wait_for("[data-testid=theme-button][data-theme-choice=light]")
            .await?
            .attr("aria-pressed")
            .await?;
        assert_eq!(
            pressed.as_deref(),
            Some("true"),
            "the choice is announced, not only coloured"
        );
        // Keyboard: Enter on the focused "System" button.
        page.client()
            .execute(
                "document.querySelector('[data-theme-choice=system]').focus();",
                vec![],
            )
            .await?;
        press(&page, Key::Enter).await?;
        page.wait_until("the system theme", theme, vec![json!("system")])
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn context_inputs_rerun_the_analysis() {
    run("context_inputs", |page| async move {
        page.open().await?;
        page.open_example("aws-login-har").await?;
        page.wait_for("[data-testid=packs] [data-pack=aws-iam]").await?;
        page.wait_for("[data-testid=time-window][data-state=inside]").await?;

        // The target selector overrides the automatic choice of packs.
        page.client()
            .execute(
                "const s = document.getElementById('expect-profile'); s.value = 'aws-identity-center'; \
                 s.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![],
            )
            .await?;
        page.wait_for("[data-testid=packs] [data-pack=aws-identity-center]").await?;

        // An account id that is not 12 digits is refused with a sentence.
        page.wait_for("#expect-account").await?.send_keys("12345\u{E007}").await?;
        page.wait_for("#expect-account-error").await?;

        // A later reference time: the same assertion is now expired.
        page.wait_for("#reference-time")
            .await?
            .send_keys("2030-01-01T00:00:00Z\u{E007}")
            .await?;
        page.wait_for("[data-testid=time-window][data-state=expired]").await?;
        let reference = page.wait_for("[data-testid=field-reference-time]").await?.text().await?;
        assert!(reference.contains("2030-01-01") && reference.contains("chose"), "{reference:?}");

        // A time that cannot be read is explained under the field (the engine reads it);
        // the analysis keeps the time read before.
        page.wait_for("#reference-time").await?.send_keys("x\u{E007}").await?;
        let error = page
            .wait_for_text("#reference-time-error", "is not a time like 2024-05-01T12:00:00Z")
            .await?;
        assert!(error.contains("2030-01-01T00:00:00Zx"), "{error:?}");
        page.wait_for("[data-testid=time-window][data-state=expired]").await?;

        // The error text seen is carried into the report.
        page.wait_for("#error-text")
            .await?
            .send_keys("Response signature invalid\u{E007}")
            .await?;
        let note = page
            .wait_for_text("[data-testid=error-text-note]", "Response signature invalid")
            .await?;
        assert!(note.contains("you gave"), "{note:?}");
        Ok(())
    })
    .await;
}

/// The SP's entity ID and ACS URL typed in the context panel are compared with the
/// message: a wrong one gives the audience and destination errors.
#[tokio::test]
async fn context_takes_the_sp_entity_id_and_acs_url() {
    run("context_sp", |page| async move {
        page.open().await?;
        page.open_example("aws-response-session-name").await?;
        page.wait_for("[data-testid=verdict-banner]").await?;
        let error = |rule: &str| {
            format!(
                "[data-testid=finding-group][data-severity=error] [data-testid=finding][data-rule=\"{rule}\"]"
            )
        };
        let shown = |rule: &str| format!("return document.querySelector({:?}) !== null;", error(rule));
        let absent = |rule: &str| format!("return document.querySelector({:?}) === null;", error(rule));
        page.wait_until("no audience error yet", &absent("core.audience"), vec![])
            .await?;
        page.wait_until("no destination error yet", &absent("core.destination"), vec![])
            .await?;

        page.wait_for("#expect-audience")
            .await?
            .send_keys("https://sp.example.com/saml\u{E007}")
            .await?;
        page.wait_until("the audience error", &shown("core.audience"), vec![])
            .await?;
        page.wait_for("#expect-acs")
            .await?
            .send_keys("https://sp.example.com/saml/acs\u{E007}")
            .await?;
        page.wait_until("the destination error", &shown("core.destination"), vec![])
            .await?;
        Ok(())
    })
    .await;
}

/// At 320 px wide (a phone, or a laptop window at 400 % zoom) nothing needs sideways
/// scrolling of the whole page: wide tables scroll inside their own box.
/// An old message pasted long after the sign-in is out of its time window by today's
/// clock; with "judge at the time it was issued" ticked it is judged at its IssueInstant,
/// inside its window, and the page says so; unticked, the expiry is back. A time typed
/// comes first: the box is then disabled.
#[tokio::test]
async fn an_old_message_can_be_judged_at_its_issue_instant() {
    run("context_issue_instant", |page| async move {
        page.open().await?;
        page.open_example("aws-response-session-name").await?;
        let window_finding = "[data-testid=finding-group]:not([data-severity=pass]) \
             [data-testid=finding][data-rule=\"core.time.window\"]";
        let shown = format!("return document.querySelector({window_finding:?}) !== null;");
        let absent = format!("return document.querySelector({window_finding:?}) === null;");
        // By today's clock the assertion expired long ago.
        page.wait_for("[data-testid=time-window][data-state=expired]")
            .await?;
        page.wait_until("the expiry finding", &shown, vec![])
            .await?;

        let checkbox = page.wait_for("#at-issue-instant").await?;
        checkbox.click().await?;
        page.wait_for("[data-testid=time-window][data-state=inside]")
            .await?;
        page.wait_until("no expiry finding", &absent, vec![])
            .await?;
        let reference = page
            .wait_for_text("[data-testid=field-reference-time]", "IssueInstant")
            .await?;
        assert!(reference.contains("2024-05-01T12:00:02Z"), "{reference:?}");

        page.wait_for("#at-issue-instant").await?.click().await?;
        page.wait_for("[data-testid=time-window][data-state=expired]")
            .await?;
        page.wait_until("the expiry finding again", &shown, vec![])
            .await?;
        let reference = page
            .wait_for_text("[data-testid=field-reference-time]", "clock")
            .await?;
        assert!(!reference.contains("IssueInstant"), "{reference:?}");

        // Ticked again, then a time typed: the typed time is used and the box is off.
        page.wait_for("#at-issue-instant").await?.click().await?;
        page.wait_for("[data-testid=time-window][data-state=inside]")
            .await?;
        page.wait_for("#reference-time")
            .await?
            .send_keys("2030-01-01T00:00:00Z\u{E007}")
            .await?;
        page.wait_for("#at-issue-instant:disabled:not(:checked)")
            .await?;
        page.wait_for_text("[data-testid=field-reference-time]", "chose")
            .await?;
        page.wait_for("[data-testid=time-window][data-state=expired]")
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn narrow_window_has_no_page_wide_horizontal_scroll() {
    run("narrow_window", |page| async move {
        page.client().set_window_size(320, 800).await?;
        page.open().await?;
        // The overflow in pixels, and the outermost elements sticking out (for the message).
        let overflow = "const d = document.documentElement; \
            const spill = e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' \
                && !e.closest('pre, .table-scroll, svg'); \
            const wide = [...document.querySelectorAll('body *')].filter(spill).reverse().slice(0, 4) \
                .map(e => e.tagName + '.' + e.className + ' ' + JSON.stringify((e.textContent || '').slice(0, 40))); \
            return String(d.scrollWidth - d.clientWidth) + (wide.length ? ' ' + wide.join(' | ') : '');";
        assert_eq!(
            script_string(&page, overflow).await?,
            "0",
            "landing overflows at 320 px"
        );
        for id in ["aws-iam-role-space", "wrapped-signature"] {
            page.open_example(id).await?;
            page.wait_for("[data-testid=verdict-banner]").await?;
            assert_eq!(
                script_string(&page, overflow).await?,
                "0",
                "{id} overflows at 320 px"
            );
        }
        Ok(())
    })
    .await;
}

/// The aws-iam example as a user would drop it: the Role pair with a space after its
/// comma is the one problem, named first, with the next steps to copy.
#[tokio::test]
async fn aws_role_with_a_space_is_the_first_finding() {
    run("aws_role_space", |page| async move {
        page.open().await?;
        let har = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/aws-iam-role-space.har");
        page.upload("input#file-input[type=file]", &har).await?;
        page.wait_for("[data-testid=verdict-banner][data-verdict=fail]")
            .await?;
        let headline = page
            .wait_for("[data-testid=verdict-headline]")
            .await?
            .text()
            .await?;
        assert_eq!(headline, "Login will fail: 1 problem");
        let first = page.wait_for("[data-testid=finding]").await?;
        assert_eq!(
            first.attr("data-rule").await?.as_deref(),
            Some("aws.role.format")
        );
        let detail = first
            .find(Locator::Css("[data-testid=finding-detail]"))
            .await?
            .text()
            .await?;
        assert!(
            detail.contains("SamlReadOnly, arn:"),
            "the value is shown as sent: {detail:?}"
        );
        // AWS's error page in the HAR is recognised as the error the user saw.
        let note = page
            .wait_for("[data-testid=error-text-note]")
            .await?
            .text()
            .await?;
        assert!(
            note.contains("found in the HAR") && note.contains("invalid SAML response"),
            "{note:?}"
        );
        // The opened message is the one AWS received (the POST), not the IdP's form page.
        let item = page
            .wait_for("[data-testid=message-item][aria-current=true]")
            .await?
            .text()
            .await?;
        assert!(item.contains("HTTP-POST"), "opened {item:?}");
        // Next steps come with a copy button that answers when pressed.
        let copy = page.wait_for("[data-testid=copy-command]").await?;
        assert_eq!(copy.text().await?.trim(), "Copy");
        copy.click().await?;
        page.wait_until(
            "the button says what happened",
            "const button = document.querySelector('[data-testid=copy-command]'); \
             return !!button && button.textContent.trim() !== 'Copy';",
            vec![],
        )
        .await?;
        Ok(())
    })
    .await;
}

/// Files of `dist/` the page loads on use, not when it opens: the analysis engine and
/// its worker (`scripts/build` counts the first load the same way).
const ON_USE: &[&str] = &[
    "saml-inspector-engine.js",
    "saml-inspector-engine_bg.wasm",
    "engine-worker.js",
];

/// Resolves once the page's load event has fired and the main thread has been idle once
/// after it (at most 5 s later).
const PAGE_SETTLED: &str = "\
    const done = arguments[arguments.length - 1]; \
    const idle = () => requestIdleCallback(() => done(true), { timeout: 5000 }); \
    if (document.readyState === 'complete') { idle(); } \
    else { addEventListener('load', idle, { once: true }); }";

/// The first load's budget (issue #13): 220 KB gzipped.
const FIRST_LOAD_BUDGET: usize = 220 * 1024;

/// The dist/ file a recorded request fetched (`/` is index.html).
fn dist_file(path: &str) -> String {
    match path.trim_start_matches('/') {
        "" => "index.html".to_owned(),
        file => file.to_owned(),
    }
}

/// `bytes` gzipped at level 9, as `scripts/build` measures.
fn gzipped_size(bytes: &[u8]) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    use std::io::Write;
    let mut gzip = std::process::Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    gzip.stdin.take().ok_or("no stdin")?.write_all(bytes)?;
    Ok(gzip.wait_with_output()?.stdout.len())
}

#[tokio::test]
async fn first_load_is_the_page_alone_and_the_engine_comes_on_first_use() {
    run("first_load", |page| async move {
        page.open().await?;
        page.wait_for("[data-testid=example-button]").await?;
        // Anything the page fetches by itself has been asked for: the load event has
        // fired and the main thread has gone idle once after it.
        page.client().execute_async(PAGE_SETTLED, vec![]).await?;
        let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
        let mut first_load = 0;
        let mut files: Vec<String> = Vec::new();
        let page_host = crate::server::PAGE_ORIGIN.trim_start_matches("http://");
        for request in page.requests() {
            if request.authority != page_host {
                continue; // the browser's own (refused) requests
            }
            let file = dist_file(&request.path);
            assert!(
                !ON_USE.contains(&file.as_str()),
                "{file} was loaded before anything was analysed"
            );
            if !files.contains(&file) {
                first_load += gzipped_size(&std::fs::read(dist.join(&file))?)?;
                files.push(file);
            }
        }
        assert!(
            files.iter().any(|file| file.ends_with("_bg.wasm")),
            "the page's own module is part of the first load: {files:?}"
        );
        assert!(
            first_load <= FIRST_LOAD_BUDGET,
            "the first load is {first_load} B gzipped ({files:?}), over {FIRST_LOAD_BUDGET} B"
        );

        // The first analysis brings the engine, once.
        page.open_example("aws-iam-role-space").await?;
        page.wait_for("[data-testid=verdict-banner][data-verdict=fail]")
            .await?;
        page.open_example("connect-two-roles").await?;
        page.wait_for("[data-testid=finding][data-rule=\"connect.role.single\"]")
            .await?;
        let engine_loads = |name: &str| {
            page.requests()
                .iter()
                .filter(|request| dist_file(&request.path) == name)
                .count()
        };
        assert_eq!(engine_loads("engine-worker.js"), 1);
        assert_eq!(engine_loads("saml-inspector-engine.js"), 1);
        assert_eq!(engine_loads("saml-inspector-engine_bg.wasm"), 1);
        // The engine runs in its worker, off the main thread.
        page.wait_for("[data-testid=engine-place][data-engine=worker]")
            .await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn xml_view_indents_searches_and_shows_the_original_bytes() {
    run("xml_view", |page| async move {
        page.open().await?;
        page.open_example("aws-response-session-name").await?;
        // The engine's indented lines, coloured by token.
        page.wait_for("[data-testid=xml-pretty] .xml-line .tok-element")
            .await?;
        let search = page.wait_for("[data-testid=xml-search]").await?;
        search.send_keys("RoleSessionName").await?;
        let text = page
            .wait_for_text("[data-testid=xml-search-count]", "match")
            .await?;
        assert_eq!(text, "1 line matches");
        page.wait_for("[data-testid=xml-pretty] .xml-line.match")
            .await?;
        // The original bytes, exactly: the decoded example, line breaks and all.
        page.client()
            .find(Locator::XPath(
                "//button[normalize-space()='Original bytes']",
            ))
            .await?
            .click()
            .await?;
        page.wait_for("[data-testid=xml-original]").await?;
        let shown = script_string(
            &page,
            "return document.querySelector('[data-testid=xml-original]').textContent;",
        )
        .await?;
        assert!(shown.starts_with("<"), "{shown:.60}");
        assert!(shown.contains("RoleSessionName"));
        assert!(!shown.contains("\n  \n"), "the original is not re-indented");
        Ok(())
    })
    .await;
}

/// The landing page says how to capture a sign-in in each browser, with the menu names
/// the browsers show, and what to do with a big file.
#[tokio::test]
async fn landing_page_says_how_to_capture() {
    run("capture_help", |page| async move {
        page.open().await?;
        let help = page.wait_for("[data-testid=capture-help]").await?;
        assert_eq!(
            help.attr("open").await?.as_deref(),
            Some("true"),
            "open on the landing page"
        );
        let text = help.text().await?;
        for words in [
            "before",
            "Chrome, Edge",
            "Preserve log",
            "Export HAR (sanitized)",
            "Save all as HAR with content",
            "Firefox",
            "Persist Logs",
            "Save All As HAR",
            "Safari",
            "Preserve Log",
            "Export",
            "Clear",
            "512 MB",
        ] {
            assert!(text.contains(words), "no {words:?} in {text:?}");
        }
        Ok(())
    })
    .await;
}

/// One message, one card: a HAR holds the Response twice (the IdP's auto-post page and
/// the browser's POST of it). The list shows it once, as the POST AWS received, saying
/// where else it was captured; both requests in the flow open that one message.
#[tokio::test]
async fn a_message_captured_twice_is_one_card() {
    run("one_card", |page| async move {
        page.open().await?;
        let har = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/aws-iam-role-space.har");
        page.upload("input#file-input[type=file]", &har).await?;
        page.wait_for("[data-testid=verdict-banner]").await?;
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        assert_eq!(items.len(), 1, "one card for the message captured twice");
        let item = items[0].text().await?;
        assert!(
            item.contains("HTTP-POST") && item.contains("request 6"),
            "{item:?}"
        );
        let also = page
            .wait_for("[data-testid=item-also-captured]")
            .await?
            .text()
            .await?;
        assert_eq!(also, "also in the IdP's auto-post page at request 5");
        let heading = page.wait_for("#messages-heading").await?.text().await?;
        assert_eq!(heading, "SAML messages (1)");
        // The auto-post page's row and the POST's row both open the one message.
        let links = page.wait_for_all("[data-testid=flow-message]").await?;
        assert_eq!(links.len(), 2, "both requests that carried it link to it");
        links[0].click().await?;
        page.wait_for_focus("detail-heading").await?;
        page.wait_for("[data-testid=message-item][aria-current=true]")
            .await?;
        Ok(())
    })
    .await;
}

/// A space at the edge of a value is drawn by the stylesheet around the space itself,
/// so it shows on a machine without any symbol font: no marker needs a glyph beyond
/// ASCII, the space's box has a size and a visible border, and every marker is named
/// for screen readers.
#[tokio::test]
async fn whitespace_markers_need_no_symbol_font() {
    run("whitespace_markers", |page| async move {
        page.open().await?;
        page.open_example("aws-response-session-name").await?;
        page.wait_for("[data-testid=attribute-row] .ws-mark.ws-space")
            .await?;
        let problems = script_string(
            &page,
            "const problems = []; \
             for (const mark of document.querySelectorAll('.ws-mark')) { \
                 const text = mark.textContent; \
                 if (/[^\\x20-\\x7e]/.test(text)) problems.push('a glyph beyond ASCII: ' + JSON.stringify(text)); \
                 if (!mark.getAttribute('aria-label') || mark.getAttribute('role') !== 'img') \
                     problems.push('no name for ' + JSON.stringify(text)); \
                 if (!mark.classList.contains('ws-space')) continue; \
                 if (text !== ' ') problems.push('the space box holds ' + JSON.stringify(text)); \
                 const box = mark.getBoundingClientRect(); \
                 const style = getComputedStyle(mark); \
                 if (box.width < 4 || box.height < 4) problems.push('the space box is ' + box.width + 'x' + box.height); \
                 for (const side of ['Bottom', 'Left', 'Right']) { \
                     if (parseFloat(style['border' + side + 'Width']) < 1 || style['border' + side + 'Style'] !== 'solid' \
                         || style['border' + side + 'Color'] === style.backgroundColor) \
                         problems.push('no visible ' + side + ' border'); \
                 } \
             } \
             return problems.join('; ');",
        )
        .await?;
        assert_eq!(problems, "", "the markers depend on fonts or are unnamed");
        Ok(())
    })
    .await;
}

/// Tables use the width they have: the roles' account, role and provider names stay on
/// one line (the value as sent folds beside them), and a long URL in the flow folds
/// between its path segments with its query parameters listed under it.
#[tokio::test]
async fn tables_keep_names_whole_and_urls_fold() {
    run("tables_and_urls", |page| async move {
        page.open().await?;
        page.open_example("connect-two-roles").await?;
        page.wait_for("[data-testid=role-row]").await?;
        let broken = script_string(
            &page,
            "return [...document.querySelectorAll('[data-testid=role-row] td.role-part code.value')] \
                 .filter((code) => code.getClientRects().length !== 1) \
                 .map((code) => code.textContent).join(', ');",
        )
        .await?;
        assert_eq!(broken, "", "role names folded inside a word");

        page.open_example("aws-iam-role-space").await?;
        let parameters = page
            .wait_for_all("[data-testid=flow-row] .url-params li")
            .await?;
        let mut listed = Vec::new();
        for parameter in parameters {
            listed.push(parameter.text().await?);
        }
        assert!(
            listed.iter().any(|text| text == "fromURI = /app/amazon_aws"),
            "the query's parameters are listed, decoded: {listed:?}"
        );
        Ok(())
    })
    .await;
}
