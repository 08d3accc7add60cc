//! Runs one end-to-end test against the built page (`dist/`) in headless Chromium.
//!
//! [`run`] starts a [`RecordingProxy`] serving `dist/`, a `chromedriver` on a free port
//! and a Chromium whose every request goes through the proxy, hands the test a [`Page`],
//! and afterwards, whatever the test did, checks the evidence: no request left the
//! page's own static files, and the browser log holds no Content-Security-Policy or
//! Trusted Types violation and no error. Tests take turns: one browser at a time keeps
//! two cores responsive and the timings honest.
//!
//! Missing prerequisites (`dist/`, chromedriver, Chromium) fail the test with a message
//! saying how to get them, unless `SAML_INSPECTOR_SKIP_E2E=1` asks to skip.
//! `CHROMEDRIVER` and `CHROME` override where those are found.

use std::error::Error;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::server::{BROWSER_SINK_HOST, PAGE_ORIGIN, Recorded, RecordingProxy};

/// What a test body returns; `?` works on WebDriver and I/O errors.
pub type TestResult = Result<(), Box<dyn Error + Send + Sync>>;

/// How long to wait for an element to appear once the app runs.
pub const WAIT: Duration = Duration::from_secs(5);
/// How often [`Page::wait_until`] asks again.
const POLL: Duration = Duration::from_millis(50);
/// How long the app may take to mount (fetch and compile the wasm on a busy machine).
const MOUNT: Duration = Duration::from_secs(20);
/// A whole test, browser start to evidence; generous so only a hang trips it.
const TEST_TIMEOUT: Duration = Duration::from_secs(90);
/// How long chromedriver may take to accept connections.
const DRIVER_START: Duration = Duration::from_secs(15);

const SKIP_VARIABLE: &str = "SAML_INSPECTOR_SKIP_E2E";

/// One browser at a time, across the tests of this binary.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `body` in a fresh browser and fails the test if it fails, or if the page made
/// any foreign request or the browser logged a violation or an error.
pub async fn run<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    run_then_check(name, body, |evidence| evidence.assert_clean(name)).await;
}

/// Like [`run`], but `check` judges the evidence instead (for tests of the harness itself).
pub async fn run_then_check<F, Fut>(name: &str, body: F, check: impl FnOnce(&Evidence))
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = TestResult> + Send + 'static,
{
    let Some(prerequisites) = prerequisites_or_skip(name) else {
        return;
    };
    let _turn = ONE_BROWSER.lock().await;
    let browser = Browser::start(&prerequisites, name)
        .await
        .unwrap_or_else(|error| panic!("{name}: could not start the browser: {error}"));
    let page = browser.page.clone();

    let mut task = tokio::spawn(body(page.clone()));
    let failure = match tokio::time::timeout(TEST_TIMEOUT, &mut task).await {
        Ok(Ok(Ok(()))) => None,
        Ok(Ok(Err(error))) => Some(error.to_string()),
        Ok(Err(join_error)) => Some(panic_message(join_error)),
        Err(_) => {
            task.abort();
            Some(format!("did not finish within {TEST_TIMEOUT:?}"))
        }
    };
    if failure.is_some() {
        match page.screenshot(&format!("{name}-failure")).await {
            Ok(path) => eprintln!("{name}: screenshot of the failure: {}", path.display()),
            Err(error) => eprintln!("{name}: no screenshot of the failure: {error}"),
        }
    }
    let evidence = browser.finish().await;
    if let Some(failure) = failure {
        panic!("{name}: {failure}\n{}", evidence.describe());
    }
    check(&evidence);
}

fn panic_message(join_error: tokio::task::JoinError) -> String {
    match join_error.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the test panicked".to_owned()),
        Err(join_error) => join_error.to_string(),
    }
}

/// The page under test, as the test body drives it. Cheap to clone.
#[derive(Clone)]
pub struct Page {
    client: Client,
    proxy: Arc<RecordingProxy>,
}

impl Page {
    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Loads the page from its made-up origin and waits until the app has mounted
    /// (`<main id="app-root">` exists).
    pub async fn open(&self) -> TestResult {
        self.client.goto(&format!("{PAGE_ORIGIN}/")).await?;
        self.wait_for_within("main#app-root", MOUNT).await?;
        Ok(())
    }

    /// Starts recording the main thread's long tasks (over 50 ms, as Chromium reports
    /// them) with a buffered `PerformanceObserver`, so tasks from before the call (the
    /// page's start-up) are recorded too. Read them with [`Page::long_tasks`].
    pub async fn observe_long_tasks(&self) -> TestResult {
        self.client
            .execute(
                "window.__longTasks = []; new PerformanceObserver((list) => { \
                 for (const entry of list.getEntries()) { \
                 window.__longTasks.push([entry.startTime, entry.duration]); } \
                 }).observe({ type: 'longtask', buffered: true });",
                Vec::new(),
            )
            .await?;
        Ok(())
    }

    /// The long tasks recorded since [`Page::observe_long_tasks`], as (start, duration)
    /// in milliseconds on the page's `performance.now()` clock, in the order reported.
    pub async fn long_tasks(&self) -> Result<Vec<(f64, f64)>, Box<dyn Error + Send + Sync>> {
        let tasks = self
            .client
            .execute("return window.__longTasks || [];", Vec::new())
            .await?;
        Ok(tasks
            .as_array()
            .map(|tasks| {
                tasks
                    .iter()
                    .map(|task| {
                        (
                            task[0].as_f64().unwrap_or_default(),
                            task[1].as_f64().unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The first element matching `css`, waiting up to [`WAIT`] for it to appear.
    pub async fn wait_for(&self, css: &str) -> Result<Element, Box<dyn Error + Send + Sync>> {
        self.wait_for_within(css, WAIT).await
    }

    async fn wait_for_within(
        &self,
        css: &str,
        timeout: Duration,
    ) -> Result<Element, Box<dyn Error + Send + Sync>> {
        self.client
            .wait()
            .at_most(timeout)
            .for_element(Locator::Css(css))
            .await
            .map_err(|error| {
                format!("no element matches `{css}` after {timeout:?}: {error}").into()
            })
    }

    /// Waits until the fonts are loaded and five animation frames in a row changed
    /// nothing in the document: what the page draws a step a frame is all drawn (and
    /// the task after the last frame has run).
    pub async fn drawn(&self) -> TestResult {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 document.fonts.ready.then(() => { \
                   let quiet = 0; \
                   const observer = new MutationObserver(() => { quiet = 0; }); \
                   observer.observe(document.body, \
                     { childList: true, subtree: true, attributes: true, characterData: true }); \
                   (function frame() { requestAnimationFrame(() => { \
                     if (++quiet >= 5) { observer.disconnect(); setTimeout(done, 0); } \
                     else { frame(); } }); })(); \
                 });",
                Vec::new(),
            )
            .await?;
        Ok(())
    }

    /// Scrolls the first element matching `css` (waiting for it) to the top of the
    /// window, as a user scrolling down to it.
    pub async fn scroll_to(&self, css: &str) -> TestResult {
        self.wait_for(css).await?;
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
                vec![Value::from(css)],
            )
            .await?;
        Ok(())
    }

    /// Every element matching `css`, once at least one exists (waiting up to [`WAIT`]).
    pub async fn wait_for_all(
        &self,
        css: &str,
    ) -> Result<Vec<Element>, Box<dyn Error + Send + Sync>> {
        self.wait_for(css).await?;
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Waits up to [`WAIT`] until `script` (a function body, run in the page with `args`
    /// as `arguments`) returns `true`; fails naming `what` and the script's last answer.
    /// Use it after every click, upload or change whose effect comes later (the engine
    /// answers from its worker; Yew draws on its own schedule): wait for the condition,
    /// never for a time.
    pub async fn wait_until(&self, what: &str, script: &str, args: Vec<Value>) -> TestResult {
        self.wait_until_within(what, script, args, WAIT).await
    }

    /// [`Page::wait_until`] with another timeout (big files).
    pub async fn wait_until_within(
        &self,
        what: &str,
        script: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> TestResult {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let answer = self.client.execute(script, args.clone()).await?;
            if answer == Value::Bool(true) {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                return Err(format!(
                    "{what}: still not so after {timeout:?} (last answer {answer})"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until exactly `count` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> TestResult {
        self.wait_until(
            &format!("{count} elements match `{css}`"),
            "return document.querySelectorAll(arguments[0]).length === arguments[1];",
            vec![json!(css), json!(count)],
        )
        .await
    }

    /// Waits until the text of the first element matching `css` contains `text`, and
    /// returns that element's whole text.
    pub async fn wait_for_text(
        &self,
        css: &str,
        text: &str,
    ) -> Result<String, Box<dyn Error + Send + Sync>> {
        self.wait_until(
            &format!("`{css}` contains {text:?}"),
            "const e = document.querySelector(arguments[0]); \
             return !!e && e.textContent.includes(arguments[1]);",
            vec![json!(css), json!(text)],
        )
        .await?;
        Ok(self.wait_for(css).await?.text().await?)
    }

    /// Waits until the focused element's id (or, without one, its `data-testid`) is `id`.
    pub async fn wait_for_focus(&self, id: &str) -> TestResult {
        self.wait_until(
            &format!("focus on {id}"),
            "const e = document.activeElement; \
             return !!e && (e.id || e.dataset.testid) === arguments[0];",
            vec![json!(id)],
        )
        .await
    }

    /// Clicks the example button `id` and waits until the page shows that example's
    /// analysis: the input list names the example's file. (Waiting for a verdict or a
    /// message alone would find the previous analysis, still on the page until the
    /// engine answers.)
    pub async fn open_example(&self, id: &str) -> TestResult {
        let file_name = saml_inspector::engine::examples::EXAMPLES
            .iter()
            .find(|example| example.id == id)
            .map(|example| example.file_name)
            .ok_or_else(|| format!("no example {id}"))?;
        self.wait_for(&format!("[data-testid=example-button][data-example={id}]"))
            .await?
            .click()
            .await?;
        self.wait_until(
            &format!("the analysis of the example {id}"),
            "const names = [...document.querySelectorAll('[data-testid=input-item] .input-name')]; \
             return names.length === 1 && names[0].textContent === arguments[0] \
                 && !!document.querySelector('[data-testid=message-detail], [data-testid=message-item]');",
            vec![json!(file_name)],
        )
        .await
    }

    /// Clicks the `index`th message of the list and waits until its detail is shown.
    pub async fn select_message(&self, index: usize) -> TestResult {
        let items = self.wait_for_all("[data-testid=message-item]").await?;
        items
            .get(index)
            .ok_or_else(|| format!("no message {index} in a list of {}", items.len()))?
            .click()
            .await?;
        self.wait_until(
            &format!("message {index} shown"),
            "const item = document.querySelectorAll('[data-testid=message-item]')[arguments[0]]; \
             return !!item && item.getAttribute('aria-current') === 'true' \
                 && !!document.querySelector('[data-testid=message-detail]');",
            vec![json!(index)],
        )
        .await
    }

    /// Chooses the file at `path` (absolute) in the file input matching `css`, as a user
    /// picking it in the file dialog would.
    pub async fn upload(&self, css: &str, path: &Path) -> TestResult {
        let input = self.wait_for(css).await?;
        let path = path
            .to_str()
            .ok_or_else(|| format!("upload path is not UTF-8: {}", path.display()))?;
        input.send_keys(path).await?;
        Ok(())
    }

    /// Saves a PNG of the viewport to `target/e2e-screenshots/NAME.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, Box<dyn Error + Send + Sync>> {
        let png = self.client.screenshot().await?;
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Every request the browser has made so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.proxy.requests()
    }
}

/// What the browser did during a test, collected after it.
pub struct Evidence {
    pub requests: Vec<Recorded>,
    pub log: Vec<LogEntry>,
}

/// One entry of Chromium's browser log (console messages, network and security errors).
#[derive(Clone, Debug, Deserialize)]
pub struct LogEntry {
    pub level: String,
    #[serde(default)]
    pub source: String,
    pub message: String,
}

impl LogEntry {
    /// A policy violation (CSP, Trusted Types) at any level, or any error.
    pub fn is_problem(&self) -> bool {
        self.level == "SEVERE"
            || self.message.contains("Content Security Policy")
            || self.message.contains("Trusted Type")
    }
}

impl Evidence {
    pub fn foreign_requests(&self) -> Vec<&Recorded> {
        self.requests.iter().filter(|r| r.is_foreign()).collect()
    }

    pub fn log_problems(&self) -> Vec<&LogEntry> {
        self.log.iter().filter(|entry| entry.is_problem()).collect()
    }

    /// Fails the test unless every request was for the page's own files and the browser
    /// logged no violation and no error.
    pub fn assert_clean(&self, name: &str) {
        let foreign = self.foreign_requests();
        let problems = self.log_problems();
        assert!(
            foreign.is_empty() && problems.is_empty(),
            "{name}: the page must request nothing but its own files and log no violation \
             or error.\n{}",
            self.describe()
        );
    }

    /// Every request and every log entry, foreign ones and problems marked.
    pub fn describe(&self) -> String {
        let mut text = format!("requests seen by the proxy ({}):\n", self.requests.len());
        for request in &self.requests {
            let mark = if request.is_foreign() {
                "FOREIGN"
            } else if request.is_browser_internal() {
                "browser"
            } else {
                "ok     "
            };
            text.push_str(&format!("  {mark} {request}\n"));
        }
        text.push_str(&format!("browser log ({} entries):\n", self.log.len()));
        for entry in &self.log {
            let mark = if entry.is_problem() {
                "PROBLEM"
            } else {
                "ok     "
            };
            text.push_str(&format!(
                "  {mark} [{} {}] {}\n",
                entry.level, entry.source, entry.message
            ));
        }
        text
    }
}

/// Debian's Chromium: the browser binary itself first. `/usr/bin/chromium` is a wrapper
/// script that adds Google API keys (which switch on sign-in and other Google services
/// that then call home) and system extensions; the tests want the plain browser.
const DEBIAN_CHROMIUM: [&str; 2] = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

struct Prerequisites {
    dist: PathBuf,
    chromedriver: PathBuf,
    chrome: PathBuf,
}

/// The prerequisites, or `None` when the user asked to skip; fails the test when they
/// are missing.
fn prerequisites_or_skip(name: &str) -> Option<Prerequisites> {
    if std::env::var(SKIP_VARIABLE).is_ok_and(|value| value == "1") {
        eprintln!("{name}: SKIPPED end-to-end test ({SKIP_VARIABLE}=1)");
        return None;
    }
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    let chromedriver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| find_on_path("chromedriver"));
    let chrome = std::env::var_os("CHROME")
        .map(PathBuf::from)
        .or_else(|| {
            DEBIAN_CHROMIUM
                .iter()
                .map(PathBuf::from)
                .find(|path| path.is_file())
        })
        .or_else(|| find_on_path("chromium"));

    let mut missing = Vec::new();
    if !dist.join("index.html").is_file() {
        missing.push(format!(
            "the built page ({} has no index.html; build it with `trunk build --release --public-url ./`)",
            dist.display()
        ));
    }
    if chromedriver.is_none() {
        missing.push("chromedriver (not on PATH and CHROMEDRIVER is not set)".to_owned());
    }
    if chrome.is_none() {
        missing.push(format!(
            "Chromium (none of {DEBIAN_CHROMIUM:?} exists, none on PATH, CHROME is not set)"
        ));
    }
    match (chromedriver, chrome) {
        (Some(chromedriver), Some(chrome)) if missing.is_empty() => Some(Prerequisites {
            dist,
            chromedriver,
            chrome,
        }),
        _ => panic!(
            "{name}: end-to-end tests need {}.\nRun `scripts/test`: it installs Chromium and \
             chromedriver, builds dist/ and runs every test. To skip these tests on purpose, \
             set {SKIP_VARIABLE}=1.",
            missing.join(", and ")
        ),
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Chromium's flags. Besides headless operation, they stop everything Chromium would
/// fetch on its own (updates, sync, time, safe browsing, metrics, search preconnects...):
/// each such request would be "foreign" too. What cannot be switched off is pointed at
/// [`BROWSER_SINK_HOST`] instead. Found by watching the proxy with Chromium 156; a newer
/// Chromium that calls home some new way shows up as a FOREIGN line in a failing test.
fn chrome_args(proxy_url: &str, profile: &Path) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-client-side-phishing-detection",
        "--disable-domain-reliability",
        "--disable-breakpad",
        "--no-pings",
        "--metrics-recording-only",
        "--disable-field-trial-config",
        "--allow-browser-signin=false",
        // A fresh incognito window: no search-engine preconnect, nothing kept.
        "--incognito",
        // Network time queries, hint and model downloads, translation, media router.
        // (chromedriver merges this list with its own --disable-features.)
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,\
         OptimizationHintsFetching,OptimizationGuideModelDownloading,\
         OptimizationGuideManifestBroker,MediaRouter,Translate,AutofillServerCommunication,\
         CertificateTransparencyComponentUpdater",
        "--window-size=1280,900",
        // Every request through our recording proxy, loopback ones included.
        "--proxy-bypass-list=<-loopback>",
        // WebRTC may not bypass the proxy with UDP.
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    ]
    .map(str::to_owned)
    .into();
    args.push(format!("--proxy-server={proxy_url}"));
    // The on-device AI model manifest is otherwise fetched on demand even with
    // --disable-component-update; a local override path (that does not exist) stops it.
    args.push(format!(
        "--optimization-guide-manifest-override={}",
        profile.join("no-model-manifest").display()
    ));
    // Chromium checks which Google accounts are signed in (GAIA ListAccounts) at start
    // whatever the sign-in settings; send that, and its siblings, to the sink.
    for switch in ["gaia-url", "google-apis-url", "lso-url"] {
        args.push(format!("--{switch}=http://{BROWSER_SINK_HOST}"));
    }
    // The page is served over https in production; give it the same secure context here
    // (clipboard, crypto.subtle) although the test origin is plain http.
    args.push(format!(
        "--unsafely-treat-insecure-origin-as-secure={PAGE_ORIGIN}"
    ));
    args.push(format!("--user-data-dir={}", profile.display()));
    args
}

struct Browser {
    page: Page,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    async fn start(
        prerequisites: &Prerequisites,
        name: &str,
    ) -> Result<Self, Box<dyn Error + Send + Sync>> {
        let proxy = Arc::new(RecordingProxy::start(&prerequisites.dist).await?);

        let port = free_port()?;
        let mut driver = Command::new(&prerequisites.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| {
                format!(
                    "could not start {}: {error}",
                    prerequisites.chromedriver.display()
                )
            })?;
        wait_for_port(&mut driver, port).await?;

        let profile = std::env::temp_dir().join(format!(
            "saml-inspector-e2e-profile-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile)?;

        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": prerequisites.chrome,
                // No preconnects or prefetches on the browser's own initiative.
                "prefs": { "net": { "network_prediction_options": 2 } },
                "args": chrome_args(&proxy.proxy_url(), &profile),
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("json!({{..}}) is an object");
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}/"))
            .await?;
        Ok(Self {
            page: Page { client, proxy },
            driver,
            profile,
        })
    }

    /// Reads the browser log, closes the browser and stops chromedriver.
    async fn finish(mut self) -> Evidence {
        let log = match self.page.client.issue_cmd(BrowserLog).await {
            Ok(value) => serde_json::from_value::<Vec<LogEntry>>(value)
                .unwrap_or_else(|error| panic!("unexpected browser log format: {error}")),
            // Without the log, violations would go unseen: that must not pass.
            Err(error) => panic!("could not read the browser log: {error}"),
        };
        if let Err(error) = self.page.client.clone().close().await {
            eprintln!("closing the browser failed: {error}");
        }
        let _ = self.driver.kill().await;
        let _ = std::fs::remove_dir_all(&self.profile);
        Evidence {
            requests: self.page.proxy.requests(),
            log,
        }
    }
}

fn free_port() -> std::io::Result<u16> {
    // Bind to port 0, note the port, release it for chromedriver. Another process could
    // take it in between; then chromedriver fails to start and the test says so.
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn wait_for_port(driver: &mut Child, port: u16) -> Result<(), Box<dyn Error + Send + Sync>> {
    let deadline = tokio::time::Instant::now() + DRIVER_START;
    loop {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        if let Some(status) = driver.try_wait()? {
            return Err(format!("chromedriver exited at start ({status})").into());
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!(
                "chromedriver did not listen on port {port} within {DRIVER_START:?}"
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// chromedriver's (non-W3C) command for the browser log: console messages, and the
/// network and security errors (CSP violations among them) the DevTools console shows.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}
