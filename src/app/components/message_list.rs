//! The SAML messages found, in flow order, with where each came from.

use crate::app::state::SharedReport;
use saml_inspector::checks::Severity;
use saml_inspector::report::MessageReport;
use yew::prelude::*;

use super::findings::severity_icon;

#[derive(Properties, PartialEq)]
pub struct MessageListProps {
    pub report: SharedReport,
    pub selected: Option<usize>,
    pub onselect: Callback<usize>,
}

#[function_component]
pub fn MessageList(props: &MessageListProps) -> Html {
    let report = &props.report.0;
    html! {
        <nav class="message-list" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{ format!("SAML messages ({})", report.messages.len()) }</h2>
            if report.messages.is_empty() {
                <p class="empty-note">{ "No SAML message was found in the inputs." }</p>
            }
            <ol class="message-items">
                { for report.messages.iter().enumerate().map(|(index, message)| {
                    let onselect = props.onselect.clone();
                    let onclick = Callback::from(move |_: MouseEvent| onselect.emit(index));
                    let selected = props.selected == Some(index);
                    html! {
                        <li>
                            <button type="button" data-testid="message-item" data-kind={message.kind.as_str()}
                                class={classes!("message-item", selected.then_some("selected"))}
                                aria-current={selected.then_some("true")} {onclick}>
                                { item_body(message) }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

fn item_body(message: &MessageReport) -> Html {
    let worst = message
        .findings
        .iter()
        .map(|finding| finding.severity)
        .min()
        .unwrap_or(Severity::Pass);
    let origin = &message.origin;
    let binding = match origin.binding {
        saml_inspector::input::Binding::Post => "HTTP-POST",
        saml_inspector::input::Binding::Redirect => "HTTP-Redirect",
        saml_inspector::input::Binding::HtmlForm => "auto-post form",
        saml_inspector::input::Binding::Raw => "given directly",
    };
    let location = match (&origin.method, &origin.url) {
        (Some(method), Some(url)) => format!("{method} {url}"),
        (None, Some(url)) => url.clone(),
        _ => String::new(),
    };
    html! {
        <>
            <span class="item-head">
                <span class={classes!("severity", worst.label())} aria-label={worst.label()}>{ severity_icon(worst) }</span>
                <strong>{ message.kind.as_str() }</strong>
                <span class="item-binding">{ binding }</span>
                if let Some(status) = origin.http_status {
                    <span class="item-status">{ format!("HTTP {status}") }</span>
                }
                { signature_mark(message) }
            </span>
            if !location.is_empty() {
                <span class="item-url">{ location }</span>
            }
            <span class="item-meta">
                { origin.har_entry.map(|entry| format!("request {}", entry + 1)).unwrap_or_else(|| format!("input {}", origin.input + 1)) }
                if let Some(time) = origin.captured_at {
                    { format!(" · {time}") }
                }
            </span>
            if let Some(also) = saml_inspector::report::words::describe_also_captured(message) {
                <span class="item-meta" data-testid="item-also-captured">{ also }</span>
            }
        </>
    }
}

/// A short signature verdict for the list: green only for a trusted assertion.
fn signature_mark(message: &MessageReport) -> Html {
    use saml_inspector::report::{AssertionSignature, SignatureStatus};
    let broken = message.signatures.iter().any(|signature| {
        matches!(
            signature.status,
            SignatureStatus::Invalid | SignatureStatus::KeyMismatch
        )
    });
    let (class, text) = match message.assertion_signature {
        AssertionSignature::Trusted => ("trusted", "trusted signature"),
        AssertionSignature::Unpinned if !broken => ("unpinned", "signer not checked"),
        _ if broken => ("bad", "bad signature"),
        _ if message.kind == saml_inspector::saml::MessageKind::Response => ("bad", "unsigned"),
        _ => return html! {},
    };
    html! { <span class={classes!("item-signature", class)} data-testid="item-signature" data-verdict={class}>{ text }</span> }
}
