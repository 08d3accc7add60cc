//! One message in detail, in the order a support engineer reads it: the verdict, the
//! findings with their fixes, what to run next, the message at a glance, the attributes,
//! the signatures, and the XML for those who want every byte.

use crate::app::state::SharedReport;
use std::rc::Rc;
use yew::prelude::*;

use super::attribute_table::AttributeTable;
use super::findings::FindingList;
use super::next_steps::NextSteps;
use super::signature_panel::SignaturePanel;
use super::summary_cards::SummaryCards;
use super::verdict::VerdictBanner;
use super::xml_view::XmlView;

#[derive(Properties, PartialEq)]
pub struct MessageDetailProps {
    pub report: SharedReport,
    pub index: usize,
    pub show_original: bool,
    pub onview: Callback<bool>,
}

#[function_component]
pub fn MessageDetail(props: &MessageDetailProps) -> Html {
    let report = &props.report.0;
    let Some(message) = report.messages.get(props.index) else {
        return html! {};
    };
    let explaining = report
        .error_text
        .as_ref()
        .map(|matched| matched.rules.clone())
        .unwrap_or_default();
    let has_assertion = props
        .report
        .facts(props.index)
        .is_some_and(|facts| facts.has_assertions);
    html! {
        <section class="message-detail" data-testid="message-detail" aria-labelledby="detail-heading">
            <h2 id="detail-heading" tabindex="-1">
                { message.kind.as_str() }
                if let Some(id) = &message.id { <code class="message-id">{ format!(" {id}") }</code> }
            </h2>
            <VerdictBanner report={props.report.clone()} index={props.index} />
            <p class="packs" data-testid="packs">
                if let Some(idp) = &message.idp {
                    <span class="badge idp" title={idp.evidence.clone()}>{ format!("IdP: {}", idp.idp.name()) }</span>
                }
                { for message.packs.iter().map(|choice| html! {
                    <span class="badge pack" title={choice.reason.clone()} data-pack={choice.pack.as_str()}>
                        { format!("checks: {}", choice.pack.as_str()) }
                    </span>
                }) }
            </p>
            if !message.packs.is_empty() {
                <details class="packs-why">
                    <summary>{ "Why these checks ran" }</summary>
                    <ul>
                        { for message.packs.iter().map(|choice| html! {
                            <li><strong>{ choice.pack.as_str() }</strong>{ format!(" — {}", choice.reason) }</li>
                        }) }
                        if let Some(idp) = &message.idp {
                            <li><strong>{ idp.idp.name() }</strong>{ format!(" recognised from {}", idp.evidence) }</li>
                        }
                    </ul>
                </details>
            }
            if let Some(matched) = &report.error_text {
                <p class="hint error-text-note" data-testid="error-text-note">
                    { format!("Error text {}: ", match matched.source {
                        saml_inspector::checks::error_text::ErrorTextSource::User => "you gave",
                        saml_inspector::checks::error_text::ErrorTextSource::Har => "found in the HAR",
                    }) }
                    <q>{ &matched.text }</q>
                    { if matched.rules.is_empty() { " — no rule is linked to it yet; all findings are shown." } else { " — the findings that explain it come first." } }
                </p>
            }
            <h3>{ "Findings" }</h3>
            <FindingList findings={message.findings.clone()} {explaining} />
            <NextSteps steps={message.next_steps.clone()} />
            <h3>{ "At a glance" }</h3>
            <SummaryCards report={props.report.clone()} index={props.index} />
            if has_assertion {
                <h3>{ "Attributes" }</h3>
                <AttributeTable attributes={message.attributes.clone()} />
            }
            <SignaturePanel report={props.report.clone()} index={props.index} />
            if let Some(xml) = &message.xml {
                <XmlView xml={AttrValue::from(xml.clone())} show_original={props.show_original} onview={props.onview.clone()}
                    covered={Rc::new(props.report.coverage(props.index).to_vec())} />
            }
        </section>
    }
}
