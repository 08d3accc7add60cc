//! "Share with support": the redaction toggles, a preview of the redacted Markdown, and
//! copy/download of every export (Markdown, JSON, HTML, sanitized HAR). Downloads are
//! made in the tab (a Blob object URL and `<a download>`); nothing is sent anywhere.
//! The salt is random per page load, so tokens cannot be linked across exports made in
//! different visits; the panel keeps its own state.

use crate::app::state::{LoadedInput, SharedReport};
use saml_inspector::input::InputKind;
use saml_inspector::redact::{self, Policy, export};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    pub report: SharedReport,
    /// The inputs the report was made from (the sanitized HAR is made from the first
    /// HAR among them).
    pub inputs: Vec<LoadedInput>,
}

/// 16 random bytes from the browser, or the time when there is no `crypto`.
fn random_salt() -> Vec<u8> {
    let mut salt = vec![0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut salt).is_ok());
    if !filled {
        salt = js_sys::Date::now().to_string().into_bytes();
    }
    salt
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
    let salt = use_state(random_salt);
    let redacted = {
        let report = props.report.clone();
        let salt = salt.clone();
        use_memo((props.report.clone(), *policy), move |(_, policy)| {
            redact::redact_report(&report.0, *policy, &salt)
        })
    };
    let markdown = export::markdown(&redacted);
    let har_input = props
        .report
        .0
        .inputs
        .iter()
        .find(|input| input.kind == Some(InputKind::Har))
        .and_then(|input| props.inputs.get(input.index).cloned());

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
    let on_copy = {
        let markdown = markdown.clone();
        Callback::from(move |_: MouseEvent| copy(&markdown))
    };
    let on_markdown = {
        let markdown = markdown.clone();
        Callback::from(move |_: MouseEvent| {
            download("saml-report-redacted.md", "text/markdown", &markdown)
        })
    };
    let on_json = {
        let redacted = redacted.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                "saml-report-redacted.json",
                "application/json",
                &export::json(&redacted),
            )
        })
    };
    let on_html = {
        let redacted = redacted.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                "saml-report-redacted.html",
                "text/html",
                &export::html(&redacted),
            )
        })
    };
    let on_har = har_input.map(|input| {
        let redacted = redacted.clone();
        Callback::from(move |_: MouseEvent| {
            let mut redactor = redacted.redactor.clone();
            if let Ok(har) = redact::har::sanitize(&mut redactor, &input.bytes) {
                download("sanitized.har", "application/json", &har);
            }
        })
    });

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
            <details open=true>
                <summary>{ "Preview (redacted Markdown)" }</summary>
                <pre class="export-preview" data-testid="export-preview">{ markdown }</pre>
            </details>
        </section>
    }
}
