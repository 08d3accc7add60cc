//! Big HARs: read and reduced in the page's Web Worker, with a progress bar and a
//! Cancel button, then analysed as usual; and `bench_page_har`, the measurement behind
//! `scripts/bench-page-har` (skipped unless `SAML_INSPECTOR_BENCH=1`; it prints times and
//! asserts none).
//!
//! The HARs are made by the benchmarks' generator (`benches/support/generate.rs`):
//! thousands of entries, large bodies, one SAML POST of a Response.

use crate::harness::{Page, run};
use fantoccini::Locator;
use fantoccini::elements::Element;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../../benches/support/generate.rs"]
mod generate;

type Failure = Box<dyn Error + Send + Sync>;

/// How long a big file may take to show, on a busy machine.
const BIG_WAIT: Duration = Duration::from_secs(60);

fn write_har(name: &str, megabytes: usize) -> std::io::Result<PathBuf> {
    let path =
        std::env::temp_dir().join(format!("saml-inspector-e2e-{}-{name}", std::process::id()));
    std::fs::write(&path, generate::har(megabytes << 20))?;
    Ok(path)
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

/// Waits until `count` elements match `css`.
async fn wait_for_count(page: &Page, css: &str, count: usize) -> Result<(), Failure> {
    let start = Instant::now();
    loop {
        let found = page.client().find_all(Locator::Css(css)).await?.len();
        if found == count {
            return Ok(());
        }
        if start.elapsed() > BIG_WAIT {
            return Err(
                format!("{found} elements match `{css}` after {BIG_WAIT:?}, not {count}").into(),
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn big_har_is_reduced_in_the_worker() {
    run("big_har_worker", |page| async move {
        page.open().await?;
        // Two at once: the second waits for the first, neither is lost.
        let har = write_har("big.har", 20)?;
        let second = har.with_extension("second.har");
        std::fs::copy(&har, &second)?;
        let both = PathBuf::from(format!("{}\n{}", har.display(), second.display()));
        page.upload("input#file-input[type=file]", &both).await?;
        let progress = wait_long(&page, "[data-testid=pending-input] progress").await?;
        assert!(
            progress.attr("max").await?.is_some(),
            "the bar has a maximum"
        );
        wait_for_count(&page, "[data-testid=message-item]", 2).await?;
        let by = wait_long(&page, "[data-testid=analysed-by]").await?;
        assert_eq!(
            by.attr("data-analysed-by").await?.as_deref(),
            Some("worker"),
            "a 20 MB file is read in the worker"
        );
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        assert_eq!(items.len(), 2, "each generated HAR holds one SAML message");
        assert_eq!(
            items[0].attr("data-kind").await?.as_deref(),
            Some("Response")
        );
        let notes = page.client().source().await?;
        assert!(
            notes.contains("reduced to"),
            "the input says it was reduced"
        );
        let _ = std::fs::remove_file(&har);
        let _ = std::fs::remove_file(&second);
        Ok(())
    })
    .await;
}

/// Where no worker can start (as in the single-file build opened from `file://`), the
/// same reduction runs on the main thread.
#[tokio::test]
async fn without_workers_the_main_thread_reduces() {
    run("big_har_main_thread", |page| async move {
        page.open().await?;
        page.client()
            .execute("window.Worker = undefined;", Vec::new())
            .await?;
        let har = write_har("no-worker.har", 8)?;
        page.upload("input#file-input[type=file]", &har).await?;
        let by = wait_long(&page, "[data-testid=analysed-by]").await?;
        assert_eq!(
            by.attr("data-analysed-by").await?.as_deref(),
            Some("main-thread")
        );
        let items = page.wait_for_all("[data-testid=message-item]").await?;
        assert_eq!(items.len(), 1);
        let _ = std::fs::remove_file(&har);
        Ok(())
    })
    .await;
}

/// A file over `Limits::input_bytes` (512 MiB) is refused with a sentence, before any
/// of it is read. The file is sparse: it takes no disk space.
#[tokio::test]
async fn a_file_over_the_limit_is_refused_before_reading() {
    run("big_har_over_limit", |page| async move {
        page.open().await?;
        let path = std::env::temp_dir().join(format!(
            "saml-inspector-e2e-{}-huge.har",
            std::process::id()
        ));
        std::fs::File::create(&path)?.set_len((512 << 20) + 1)?;
        page.upload("input#file-input[type=file]", &path).await?;
        let error = page
            .wait_for("[data-testid=input-error]")
            .await?
            .text()
            .await?;
        assert!(
            error.contains("huge.har") && error.contains("over the limit of 512 MB"),
            "the message names the file and the limit: {error:?}"
        );
        for absent in ["[data-testid=pending-input]", "[data-testid=message-item]"] {
            let found = page.client().find_all(Locator::Css(absent)).await?;
            assert!(found.is_empty(), "`{absent}` is shown for a refused file");
        }
        let _ = std::fs::remove_file(&path);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn cancel_stops_a_big_har() {
    run("big_har_cancel", |page| async move {
        page.open().await?;
        let har = write_har("cancelled.har", 120)?;
        page.upload("input#file-input[type=file]", &har).await?;
        let cancel = wait_long(&page, "[data-testid=cancel-pending]").await?;
        // Count the workers stopped from here on: Cancel must stop the one reading.
        page.client()
            .execute(
                "window.__terminated = 0; \
                 const terminate = Worker.prototype.terminate; \
                 Worker.prototype.terminate = function () { \
                     window.__terminated += 1; return terminate.call(this); };",
                Vec::new(),
            )
            .await?;
        cancel.click().await?;
        page.wait_until(
            "Cancel stops the worker and takes the progress away",
            "return window.__terminated >= 1 \
                 && !document.querySelector('[data-testid=pending-input]');",
            Vec::new(),
        )
        .await?;
        // The worker is gone, so nothing it was doing can arrive any more.
        for gone in [
            "[data-testid=pending-input]",
            "[data-testid=message-item]",
            "[data-testid=analysed-by]",
        ] {
            let found = page.client().find_all(Locator::Css(gone)).await?;
            assert!(found.is_empty(), "after Cancel, `{gone}` is shown");
        }
        let _ = std::fs::remove_file(&har);
        Ok(())
    })
    .await;
}

/// The measurement: a 200 MB HAR dropped on the page, the time to the first progress
/// update and to the report. Run by `scripts/bench-page-har`.
#[tokio::test]
async fn bench_page_har() {
    if std::env::var_os("SAML_INSPECTOR_BENCH").is_none_or(|value| value != "1") {
        eprintln!("bench_page_har: skipped (set SAML_INSPECTOR_BENCH=1)");
        return;
    }
    let megabytes: usize = std::env::var("SAML_INSPECTOR_BENCH_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(200);
    // SAML_INSPECTOR_BENCH_NO_WORKER=1 measures the main-thread fallback instead.
    let no_worker =
        std::env::var_os("SAML_INSPECTOR_BENCH_NO_WORKER").is_some_and(|value| value == "1");
    run("bench_page_har", move |page| async move {
        page.open().await?;
        // Long tasks from the start (buffered: the page's start-up too), and the moment
        // the report is first in the document, to tell analysis from drawing.
        page.observe_long_tasks().await?;
        // And the long animation frames, to tell script from style and layout.
        page.client()
            .execute(
                "window.frames_ = []; new PerformanceObserver((list) => { \
                 for (const f of list.getEntries()) { \
                 const script = f.scripts.reduce((sum, s) => sum + s.duration, 0); \
                 const forced = f.scripts.reduce((sum, s) => sum + (s.forcedStyleAndLayoutDuration || 0), 0); \
                 const by = f.scripts.map((s) => `${s.invoker} ${s.duration.toFixed(0)}`).join(', '); \
                 window.frames_.push([f.startTime, f.duration, script, \
                 f.startTime + f.duration - (f.styleAndLayoutStart || f.startTime + f.duration), \
                 (f.renderStart ? f.styleAndLayoutStart - f.renderStart : 0), forced, by]); } \
                 }).observe({ type: 'long-animation-frame', buffered: true });",
                Vec::new(),
            )
            .await?;
        page.client()
            .execute(
                "new MutationObserver((_, observer) => { \
                 if (document.querySelector('[data-testid=message-item]')) { \
                 window.shownAt = performance.now(); observer.disconnect(); } \
                 }).observe(document.body, { childList: true, subtree: true });",
                Vec::new(),
            )
            .await?;
        if no_worker {
            page.client()
                .execute("window.Worker = undefined;", Vec::new())
                .await?;
        }
        let har = write_har("bench.har", megabytes)?;
        // The longest time the page's main thread did not run a 10 ms timer: how long
        // the tab was frozen.
        page.client()
            .execute(
                "let last = performance.now(); window.stall = 0; \
                 (function tick() { const now = performance.now(); \
                 if (now - last > window.stall) { window.stall = now - last; window.stallEnd = now; } \
                 last = now; \
                 setTimeout(tick, 10); })();",
                Vec::new(),
            )
            .await?;
        let size = std::fs::metadata(&har)?.len();
        page.client()
            .execute("window.chosen = performance.now();", Vec::new())
            .await?;
        let start = Instant::now();
        page.upload("input#file-input[type=file]", &har).await?;
        wait_long(&page, "[data-testid=pending-input]").await?;
        let first_progress = start.elapsed();
        let by = wait_long(&page, "[data-testid=analysed-by]").await?;
        wait_long(&page, "[data-testid=message-item]").await?;
        let report = start.elapsed();
        let stall = page
            .client()
            .execute(
                "return [window.stall, window.stallEnd - window.chosen];",
                Vec::new(),
            )
            .await?;
        let (stall, stall_end) = (
            stall[0].as_f64().unwrap_or_default(),
            stall[1].as_f64().unwrap_or_default(),
        );
        wait_long(&page, "[data-testid=flow-row]").await?;
        // Whatever the report drew next (a step of rows a frame) has run.
        page.drawn().await?;
        let times = page
            .client()
            .execute("return [window.chosen, window.shownAt];", Vec::new())
            .await?;
        let (chosen, shown) = (
            times[0].as_f64().unwrap_or_default(),
            times[1].as_f64().unwrap_or(f64::MAX),
        );
        let phases = long_task_phases(&page.long_tasks().await?, chosen, shown);
        // What the start-up's long tasks ran next to: the page's milestones and its own
        // files' arrival, on the same clock (from the navigation).
        let start_up: Vec<(f64, f64)> = page
            .long_tasks()
            .await?
            .into_iter()
            .filter(|&(start, _)| start < chosen)
            .collect();
        let milestones = page
            .client()
            .execute(
                "const n = performance.getEntriesByType('navigation')[0] || {}; \
                 const files = performance.getEntriesByType('resource') \
                 .filter((e) => !/engine/.test(e.name)) \
                 .map((e) => `${e.name.split('/').pop()} ${e.fetchStart.toFixed(0)}-${e.responseEnd.toFixed(0)}`); \
                 const paints = performance.getEntriesByType('paint') \
                 .map((e) => `${e.name} ${e.startTime.toFixed(0)}`); \
                 return `HTML parsed ${(n.domInteractive || 0).toFixed(0)}, DOMContentLoaded ${(n.domContentLoadedEventEnd || 0).toFixed(0)}, \
                 load ${(n.loadEventEnd || 0).toFixed(0)}; files fetched [${files.join(', ')}]; ${paints.join(', ')}`;",
                Vec::new(),
            )
            .await?;
        // Every request of the flow asked for: the filter off, the table drawn again.
        let before = page.long_tasks().await?.len();
        let unfiltered = page
            .client()
            .execute("return performance.now();", Vec::new())
            .await?
            .as_f64()
            .unwrap_or_default();
        page.wait_for("#saml-only").await?.click().await?;
        page.wait_until(
            "more than a step of the flow is drawn",
            "return document.querySelectorAll('[data-testid=flow-row]').length > 50;",
            Vec::new(),
        )
        .await?;
        page.drawn().await?;
        let rows = page
            .client()
            .find_all(Locator::Css("[data-testid=flow-row]"))
            .await?
            .len();
        let all: Vec<(f64, f64)> = page.long_tasks().await?[before..]
            .iter()
            .map(|&(start, duration)| (start - unfiltered, duration))
            .collect();
        let source = page.client().source().await?;
        let reduced = source
            .find("reduced to ")
            .and_then(|at| source[at..].split(" MB").next())
            .unwrap_or("reduced to ?");
        println!(
            "bench_page_har: {:.0} MB HAR, read by the {}: first progress {:.2} s, report shown {:.2} s after the file was chosen; {reduced} MB; longest main-thread stall {stall:.0} ms, ending {stall_end:.0} ms after the file was chosen",
            size as f64 / 1_048_576.0,
            by.attr("data-analysed-by").await?.unwrap_or_default(),
            first_progress.as_secs_f64(),
            report.as_secs_f64()
        );
        println!("bench_page_har: main-thread tasks over 50 ms: {phases}");
        let frames = page
            .client()
            .execute(
                "return (window.frames_ || []).filter((f) => f[1] > 50) \
                 .map((f) => `${(f[0] - window.chosen).toFixed(0)}: ${f[1].toFixed(0)} ms (script ${f[2].toFixed(0)} [${f[6]}], forced layout ${f[5].toFixed(0)}, frame callbacks ${f[4].toFixed(0)}, style and layout ${f[3].toFixed(0)})`).join('; ');",
                Vec::new(),
            )
            .await?;
        println!(
            "bench_page_har: animation frames over 50 ms (from choosing the file): {}",
            frames.as_str().unwrap_or_default()
        );
        println!(
            "bench_page_har: start-up (ms from the navigation): long tasks {start_up:.0?}; {}",
            milestones.as_str().unwrap_or_default()
        );
        println!(
            "bench_page_har: the filter off ({rows} flow rows drawn, at {:+.0} ms): {} tasks over 50 ms, longest {:.0} ms {all:.0?}",
            unfiltered - chosen,
            all.len(),
            all.iter().fold(0.0_f64, |a, &(_, d)| a.max(d))
        );
        let _ = std::fs::remove_file(&har);
        Ok(())
    })
    .await;
}

/// Long tasks, (start, duration) in ms, by phase: before the file was chosen (the
/// page's start-up), ended before the report was first in the document (reading and
/// analysis), and the rest (drawing; the task that first put the report in the document
/// included): count, longest, and each one's start and length.
fn long_task_phases(tasks: &[(f64, f64)], chosen: f64, shown: f64) -> String {
    let mut phases: [(&str, Vec<(f64, f64)>); 3] = [
        ("start-up", Vec::new()),
        ("reading and analysis", Vec::new()),
        ("drawing", Vec::new()),
    ];
    for &(start, duration) in tasks {
        let phase = if start < chosen {
            0
        } else if start + duration + 1.0 < shown {
            1
        } else {
            2
        };
        phases[phase].1.push((start - chosen, duration));
    }
    let mut out = String::new();
    for (name, tasks) in &phases {
        let longest = tasks.iter().fold(0.0_f64, |a, &(_, d)| a.max(d));
        let list: Vec<String> = tasks
            .iter()
            .map(|(at, duration)| format!("{duration:.0} ms at {at:+.0}"))
            .collect();
        out.push_str(&format!(
            "{name}: {} (longest {longest:.0} ms) [{}]; ",
            tasks.len(),
            list.join(", ")
        ));
    }
    out.push_str(&format!(
        "times relative to choosing the file; report first drawn at {:+.0} ms",
        shown - chosen
    ));
    out
}
