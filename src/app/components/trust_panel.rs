//! The keys the user trusts: IdP metadata, a signing certificate or a fingerprint,
//! chosen or pasted. Only these make a signature "trusted"; the certificate inside a
//! message never does. Kept in this tab's memory only.

use crate::app::state::LoadedInput;
use gloo::file::File;
use gloo::file::callbacks::{FileReader, read_as_bytes};
use saml_inspector::engine::InputId;
use saml_inspector::engine::view::TrustKeyView;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrustPanelProps {
    /// The trusted inputs: id and name.
    pub trusted: Vec<(InputId, String)>,
    /// What the analysis made of them (one entry per key or fingerprint).
    pub keys: Rc<Vec<TrustKeyView>>,
    /// Why a trusted input cannot be used, by id.
    pub errors: Vec<(InputId, String)>,
    pub onadd: Callback<Vec<LoadedInput>>,
    pub onremove: Callback<InputId>,
}

#[function_component]
pub fn TrustPanel(props: &TrustPanelProps) -> Html {
    let paste_ref = use_node_ref();
    let reader = use_mut_ref(|| None::<FileReader>);

    let onchange = {
        let onadd = props.onadd.clone();
        let reader = reader.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let file = File::from(file);
            let name = file.name();
            let onadd = onadd.clone();
            *reader.borrow_mut() = Some(read_as_bytes(&file, move |result| {
                let bytes = result.unwrap_or_default();
                onadd.emit(vec![LoadedInput {
                    name,
                    bytes: Rc::new(bytes),
                }]);
            }));
        })
    };
    let onpaste = {
        let onadd = props.onadd.clone();
        let paste_ref = paste_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = area.value();
            if text.trim().is_empty() {
                return;
            }
            area.set_value("");
            onadd.emit(vec![LoadedInput {
                name: "pasted trusted key".to_owned(),
                bytes: Rc::new(text.into_bytes()),
            }]);
        })
    };

    html! {
        <section class="panel trust-panel" aria-labelledby="trust-heading" data-testid="trust-panel">
            <h2 id="trust-heading">{ "Trusted IdP keys" }</h2>
            <p class="hint">
                { "A signature is only called trusted when it was made with a key you load here: the IdP's metadata, its signing certificate (PEM, DER or base64), or a SHA-256/SHA-1 certificate fingerprint. The certificate inside a message proves nothing on its own. Kept in this tab only." }
            </p>
            <div class="trust-inputs">
                <label class="button-like">
                    { "Choose metadata or certificate…" }
                    <input id="trust-input" type="file" class="visually-hidden" {onchange} />
                </label>
                <textarea id="trust-paste" ref={paste_ref} rows="2" spellcheck="false"
                    aria-label="Paste IdP metadata, a certificate or a fingerprint"
                    placeholder="…or paste metadata XML, -----BEGIN CERTIFICATE-----, or a fingerprint" />
                <button id="trust-paste-add" type="button" onclick={onpaste}>{ "Trust pasted key" }</button>
            </div>
            if !props.trusted.is_empty() {
                <ul class="trust-list">
                    { for props.trusted.iter().map(|(id, name)| {
                        let id = *id;
                        let onclick = props.onremove.reform(move |_: MouseEvent| id);
                        let error = props.errors.iter().find(|(failed, _)| *failed == id);
                        html! {
                            <li class="trust-item" data-testid="trusted-input">
                                <span class="input-name">{ name }</span>
                                <button type="button" class="link" aria-label={format!("Stop trusting {name}")} {onclick}>{ "Remove" }</button>
                                if let Some((_, reason)) = error {
                                    <p class="input-error" data-testid="input-error" role="alert">
                                        { format!("{name} cannot be used as a trusted key: {reason}.") }
                                    </p>
                                }
                            </li>
                        }
                    }) }
                </ul>
                <h3 class="subhead">{ format!("{} trusted {}", props.keys.len(), if props.keys.len() == 1 { "key" } else { "keys" }) }</h3>
                <ul class="trust-keys" data-testid="trusted-keys">
                    { for props.keys.iter().map(trusted_key) }
                </ul>
            }
        </section>
    }
}

fn trusted_key(key: &TrustKeyView) -> Html {
    html! {
        <li class="input-certificate">
            { &key.text }
            <br />
            <code class="fingerprint">{ &key.fingerprint }</code>
        </li>
    }
}
