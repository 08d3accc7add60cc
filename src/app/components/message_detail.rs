//! One message in detail, in the order a support engineer reads it: the verdict, the
//! findings with their fixes, what to run next, the message at a glance, the attributes,
//! the signatures, and the XML for those who want every byte. Drawn in stages, a frame
//! each ([`STAGES`]): the verdict and the findings first, so the first frame after an
//! analysis is small and shows what matters.

use saml_inspector::engine::view::{ErrorTextView, MessageView};
use std::rc::Rc;
use yew::prelude::*;

use super::attribute_table::attribute_table;
use super::findings::FindingList;
use super::next_steps::NextSteps;
use super::paged::{DRAW_STEP, use_drawn};
use super::signature_panel::SignaturePanel;
use super::summary_cards::SummaryCards;
use super::verdict::VerdictBanner;
use super::xml_view::XmlView;

#[derive(Properties)]
pub struct MessageDetailProps {
    pub detail: Rc<MessageView>,
    /// The analysis it is of (further pages and the XML are asked for by it).
    pub generation: u32,
    pub error_text: Option<ErrorTextView>,
    pub show_original: bool,
    pub onview: Callback<bool>,
}

/// The detail is the same one when it is the same `Rc` (compared in full, it is every
/// card, attribute and signature); the callback is left out: it does the same whichever
/// render made it, and comparing it would draw the detail again at every change of the
/// page's state.
impl PartialEq for MessageDetailProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.detail, &other.detail)
            && self.generation == other.generation
            && self.error_text == other.error_text
            && self.show_original == other.show_original
    }
}

/// The detail's stages: the verdict and the findings; the cards and the attributes;
/// the signatures and the XML.
const STAGES: usize = 3;

#[function_component]
pub fn MessageDetail(props: &MessageDetailProps) -> Html {
    let message = &props.detail;
    let index = message.index;
    let generation = props.generation;
    let key = format!("{generation}-{index}");
    // A stage a frame (`use_drawn` counts by steps), from the first again for another
    // message.
    let stage = use_drawn(STAGES * DRAW_STEP, Rc::as_ptr(message) as usize) / DRAW_STEP;
    html! {
        <section class="message-detail" data-testid="message-detail" aria-labelledby="detail-heading"
            data-drawn={(stage >= STAGES).then_some("all")}>
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
            if stage >= 2 {
                <h3>{ "At a glance" }</h3>
                <SummaryCards cards={Rc::new(message.cards.clone())} idp={message.idp.clone()}
                    {generation} message={index} />
                if message.has_assertion {
                    <h3>{ "Attributes" }</h3>
                    { attribute_table(key.clone(), generation, index, &message.attributes) }
                }
            }
            if stage >= 3 {
                <SignaturePanel signatures={Rc::new(message.signatures.clone())} />
            }
            if stage >= 3 && message.has_xml {
                <XmlView key={key} {generation} message={index}
                    show_original={props.show_original} onview={props.onview.clone()} />
            }
        </section>
    }
}
