//! One message in detail, in the order a support engineer reads it: the verdict, the
//! findings with their fixes, what to run next, the message at a glance, the attributes,
//! the signatures, and the XML for those who want every byte.

use saml_inspector::engine::view::{ErrorTextView, MessageView};
use std::rc::Rc;
use yew::prelude::*;

use super::attribute_table::attribute_table;
use super::findings::FindingList;
use super::next_steps::NextSteps;
use super::signature_panel::SignaturePanel;
use super::summary_cards::SummaryCards;
use super::verdict::VerdictBanner;
use super::xml_view::XmlView;

#[derive(Properties, PartialEq)]
pub struct MessageDetailProps {
    pub detail: Rc<MessageView>,
    /// The analysis it is of (further pages and the XML are asked for by it).
    pub generation: u32,
    pub error_text: Option<ErrorTextView>,
    pub show_original: bool,
    pub onview: Callback<bool>,
}

#[function_component]
pub fn MessageDetail(props: &MessageDetailProps) -> Html {
    let message = &props.detail;
    let index = message.index;
    let generation = props.generation;
    let key = format!("{generation}-{index}");
    html! {
        <section class="message-detail" data-testid="message-detail" aria-labelledby="detail-heading">
            <h2 id="detail-heading" tabindex="-1">
                { &message.kind }
                if let Some(id) = &message.id { <code class="message-id">{ format!(" {id}") }</code> }
            </h2>
            <VerdictBanner verdict={message.verdict.clone()} />
            <p class="packs" data-testid="packs">
                if let Some(idp) = &message.idp {
                    <span class="badge idp" title={idp.evidence.clone()}>{ format!("IdP: {}", idp.name) }</span>
                }
                { for message.packs.iter().map(|pack| html! {
                    <span class="badge pack" title={pack.reason.clone()} data-pack={pack.name.clone()}>
                        { format!("checks: {}", pack.name) }
                    </span>
                }) }
            </p>
            if !message.packs.is_empty() {
                <details class="packs-why">
                    <summary>{ "Why these checks ran" }</summary>
                    <ul>
                        { for message.packs.iter().map(|pack| html! {
                            <li><strong>{ &pack.name }</strong>{ format!(" — {}", pack.reason) }</li>
                        }) }
                        if let Some(idp) = &message.idp {
                            <li><strong>{ &idp.name }</strong>{ format!(" recognised from {}", idp.evidence) }</li>
                        }
                    </ul>
                </details>
            }
            if let Some(matched) = &props.error_text {
                <p class="hint error-text-note" data-testid="error-text-note">
                    { format!("Error text {}: ", matched.source) }
                    <q>{ &matched.text }</q>
                    { if matched.explained { " — the findings that explain it come first." } else { " — no rule is linked to it yet; all findings are shown." } }
                </p>
            }
            <h3>{ "Findings" }</h3>
            <FindingList findings={message.findings.clone()} />
            <NextSteps steps={message.next_steps.clone()} />
            <h3>{ "At a glance" }</h3>
            <SummaryCards cards={Rc::new(message.cards.clone())} idp={message.idp.clone()}
                {generation} message={index} />
            if message.has_assertion {
                <h3>{ "Attributes" }</h3>
                { attribute_table(key.clone(), generation, index, &message.attributes) }
            }
            <SignaturePanel signatures={Rc::new(message.signatures.clone())} />
            if message.has_xml {
                <XmlView key={key} {generation} message={index}
                    show_original={props.show_original} onview={props.onview.clone()} />
            }
        </section>
    }
}
