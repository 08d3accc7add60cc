//! "Share with support": the redaction toggles, a preview of the redacted Markdown, and
//! copy/download of every export (Markdown, JSON, HTML, sanitized HAR). Downloads are
//! made in the tab (a Blob object URL and `<a download>`); nothing is sent anywhere.
//! The salt is random per page load, so tokens cannot be linked across exports made in
//! different visits; the panel keeps its own state. The engine redacts and renders the
//! report of the analysis it made last (`Command::Export`), the sanitized HAR from the
//! HAR it holds: no input travels for an export.

use crate::app::{engine, frames};
use saml_inspector::engine::command::Preview;
use saml_inspector::engine::{Command, ExportFormat};
use saml_inspector::redact::Policy;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlInputElement, IntersectionObserver,
    IntersectionObserverEntry, Url,
};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    /// The engine's number for the analysis exported.
    pub generation: u32,
    /// An input is a HAR (the sanitized HAR can be made).
    pub has_har: bool,
}

/// 16 random bytes from the browser in hex, or the time when there is no `crypto`.
fn random_salt() -> String {
    let mut salt = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut salt).is_ok());
    if !filled {
        // Whole milliseconds: formatting a float would add its code to the first load.
        return (js_sys::Date::now() as u64).to_string();
    }
    salt.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Calls `done` in the first frame in which the page has drawn all it was asked to and
/// the engine answered every command asked of it; not once `left` is set.
fn when_drawn(left: Rc<Cell<bool>>, done: impl FnOnce() + 'static) {
    frames::after_all(move || {
        if left.get() {
            return;
        }
        if engine::waiting() {
            when_drawn(left, done);
        } else {
            done();
        }
    });
}

/// Calls `seen` once some of the element is in the window's view, or at once
/// where the browser cannot tell (no element, no `IntersectionObserver`). Watches while
/// the value returned is kept.
fn watch_in_view(element: &NodeRef, seen: impl Fn() + 'static) -> Option<Watching> {
    let seen = Rc::new(seen);
    let watching = element.cast::<Element>().and_then(|element| {
        let called = seen.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let visible = entries.iter().any(|entry| {
                    entry
                        .dyn_into::<IntersectionObserverEntry>()
                        .is_ok_and(|entry| entry.is_intersecting())
                });
                if visible {
                    observer.disconnect();
                    called();
                }
            },
        );
        let observer = IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&element);
        Some(Watching {
            observer,
            _callback: callback,
        })
    });
    if watching.is_none() {
        seen();
    }
    watching
}

/// An element watched by [`watch_in_view`]: stops watching when dropped.
struct Watching {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Makes one export in the engine and hands it to `done`; a failure is shown in the
/// preview's place.
fn make_export(
    generation: u32,
    format: ExportFormat,
    policy: Policy,
    salt: Rc<String>,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = engine::ask::<String>(Command::Export {
            generation,
            format,
            policy,
            salt: (*salt).clone(),
        })
        .await
        .map_err(|reason| format!("the export failed: {reason}"));
        done(result);
    });
}

/// Offers `text` as a file download.
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| element.dyn_into::<HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = Url::revoke_object_url(&url);
}

fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

#[function_component]
pub fn ExportPanel(props: &ExportPanelProps) -> Html {
    let policy = use_state(Policy::default);
    let salt = use_memo((), |()| random_salt());
    // The preview is the slowest thing the engine is asked (redacting a report with
    // 60,000 attributes takes seconds), and the engine answers one command at a time:
    // asked at once, it would hold up every page of rows, message and request asked
    // after it. So it is asked last: once the page has drawn all it asked for, and the
    // preview's place is then in view (or is scrolled to).
    let place = use_node_ref();
    let seen = use_state(|| None::<u32>);
    {
        let (place, seen) = (place.clone(), seen.clone());
        use_effect_with(props.generation, move |&generation| {
            let watching = Rc::new(RefCell::new(None::<Watching>));
            let left = Rc::new(Cell::new(false));
            {
                let (watching, left) = (watching.clone(), left.clone());
                when_drawn(left, move || {
                    *watching.borrow_mut() =
                        watch_in_view(&place, move || seen.set(Some(generation)));
                });
            }
            move || {
                left.set(true);
                watching.borrow_mut().take();
            }
        });
    }
    let in_view = *seen == Some(props.generation);
    // The preview: the start of the redacted Markdown (the engine cuts it: a big
    // report is megabytes), made again when the report or the policy changes.
    let preview = use_state(|| None::<Result<Preview, String>>);
    {
        let preview = preview.clone();
        let salt = salt.clone();
        use_effect_with(
            (props.generation, *policy, in_view),
            move |&(generation, policy, in_view)| {
                preview.set(None);
                if !in_view {
                    return;
                }
                wasm_bindgen_futures::spawn_local(async move {
                    let result = engine::ask::<Preview>(Command::Preview {
                        generation,
                        policy,
                        salt: (*salt).clone(),
                    })
                    .await
                    .map_err(|reason| format!("the export failed: {reason}"));
                    preview.set(Some(result));
                });
            },
        );
    }
    let export_error = use_state(|| None::<String>);
    let markdown = match &*preview {
        Some(Ok(preview)) => Some(preview.clone()),
        _ => None,
    };
    let downloader = |format: ExportFormat, name: &'static str, mime: &'static str| {
        let generation = props.generation;
        let policy = *policy;
        let salt = salt.clone();
        let export_error = export_error.clone();
        Callback::from(move |_: MouseEvent| {
            let export_error = export_error.clone();
            make_export(
                generation,
                format,
                policy,
                salt.clone(),
                move |result| match result {
                    Ok(text) => download(name, mime, &text),
                    Err(reason) => export_error.set(Some(reason)),
                },
            );
        })
    };

    let toggles = policy.toggles().map(|(name, label, on)| {
        let policy = policy.clone();
        let onchange = Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let mut next = *policy;
            next.set(name, input.checked());
            policy.set(next);
        });
        html! {
            <label class="toggle">
                <input type="checkbox" checked={on} {onchange} />
                { format!(" {label}") }
            </label>
        }
    });
    // The whole Markdown: the preview when it is all of it, else asked for.
    let on_copy = {
        let markdown = markdown.clone();
        let generation = props.generation;
        let policy = *policy;
        let salt = salt.clone();
        let export_error = export_error.clone();
        Callback::from(move |_: MouseEvent| match &markdown {
            Some(preview) if preview.text.len() == preview.total => copy(&preview.text),
            Some(_) => {
                let export_error = export_error.clone();
                make_export(
                    generation,
                    ExportFormat::Markdown,
                    policy,
                    salt.clone(),
                    move |result| match result {
                        Ok(text) => copy(&text),
                        Err(reason) => export_error.set(Some(reason)),
                    },
                );
            }
            None => {}
        })
    };
    let on_markdown = downloader(
        ExportFormat::Markdown,
        "saml-report-redacted.md",
        "text/markdown",
    );
    let on_json = downloader(
        ExportFormat::Json,
        "saml-report-redacted.json",
        "application/json",
    );
    let on_html = downloader(ExportFormat::Html, "saml-report-redacted.html", "text/html");
    let on_har = props
        .has_har
        .then(|| downloader(ExportFormat::Har, "sanitized.har", "application/json"));

    html! {
        <section class="export-panel" aria-labelledby="export-heading" data-testid="export-panel">
            <h2 id="export-heading">{ "Share a redacted report" }</h2>
            <p>
                { "Values that identify a person or carry a secret are replaced by consistent pseudonyms that keep whitespace, letter case and unusual characters, so support still sees why the login failed. AWS account ids are kept by default (support needs them)." }
            </p>
            <fieldset class="toggles">
                <legend>{ "Redact" }</legend>
                { for toggles }
            </fieldset>
            <div class="export-actions">
                <button type="button" data-testid="copy-markdown" onclick={on_copy}>{ "Copy Markdown" }</button>
                <button type="button" data-testid="download-markdown" onclick={on_markdown}>{ "Download Markdown" }</button>
                <button type="button" data-testid="download-json" onclick={on_json}>{ "Download JSON" }</button>
                <button type="button" data-testid="download-html" onclick={on_html}>{ "Download HTML" }</button>
                if let Some(on_har) = on_har {
                    <button type="button" data-testid="download-har" onclick={on_har}>{ "Download sanitized HAR" }</button>
                }
            </div>
            if let Some(reason) = (*export_error).clone() {
                <p class="input-error" role="alert">{ reason }</p>
            }
            <details open=true ref={place}>
                <summary>{ "Preview (redacted Markdown)" }</summary>
                { match &*preview {
                    Some(Ok(preview)) => html! {
                        <>
                            <pre class="export-preview" data-testid="export-preview" tabindex="0" role="region" aria-label="Preview of the redacted Markdown">{ preview.text.clone() }</pre>
                            if preview.text.len() < preview.total {
                                <p class="hint">{ format!("The preview shows the first {} KB of {} KB; Copy and Download take all of it.", preview.text.len() / 1024, preview.total / 1024) }</p>
                            }
                        </>
                    },
                    Some(Err(reason)) => html! { <p class="input-error" role="alert">{ reason.clone() }</p> },
                    None => html! { <p class="preparing" role="status">{ "Preparing the preview…" }</p> },
                } }
            </details>
        </section>
    }
}
