//! The inputs of the analysis: what each was recognised as and its problems (a HAR's
//! requests are in the flow view).

use crate::app::state::Shared;
use saml_inspector::engine::InputId;
use saml_inspector::engine::view::{InputView, PageView};
use yew::prelude::*;

use super::findings::FindingItem;

#[derive(Properties, PartialEq)]
pub struct InputListProps {
    pub view: Shared<PageView>,
    pub onremove: Callback<InputId>,
    pub onclear: Callback<()>,
}

#[function_component]
pub fn InputList(props: &InputListProps) -> Html {
    let inputs = &props.view.inputs;
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <section class="inputs" aria-labelledby="inputs-heading">
            <div class="section-head">
                <h2 id="inputs-heading">{ format!("Inputs ({})", inputs.len()) }</h2>
                <button type="button" class="secondary" onclick={onclear}>{ "Clear all" }</button>
            </div>
            <ul class="input-items">
                { for inputs.iter().map(|input| input_item(input, &props.onremove)) }
            </ul>
        </section>
    }
}

fn input_item(input: &InputView, onremove: &Callback<InputId>) -> Html {
    let id = input.id;
    let onclick = onremove.reform(move |_: MouseEvent| id);
    html! {
        <li class="input-item" data-testid="input-item">
            <div class="input-line">
                <span class="input-name">{ &input.name }</span>
                <span class="input-summary">{ &input.summary }</span>
                <button type="button" class="link" aria-label={format!("Remove {}", input.name)} {onclick}>{ "Remove" }</button>
            </div>
            if let Some(error) = &input.error {
                <p class="input-error" data-testid="input-error" role="alert">{ error }</p>
            }
            <ul class="finding-items">
                { for input.findings.iter().map(|finding| html! { <FindingItem finding={finding.clone()} /> }) }
            </ul>
            { for input.notes.iter().map(|note| html! { <p class="input-note">{ note }</p> }) }
            { for input.certificates.iter().map(|certificate| html! {
                <p class="input-certificate">
                    { &certificate.text }
                    <br />
                    <code class="fingerprint">{ &certificate.sha256 }</code>
                </p>
            }) }
        </li>
    }
}
