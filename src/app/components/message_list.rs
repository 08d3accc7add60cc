//! The SAML messages found, in flow order, with where each came from.

use crate::app::state::Shared;
use saml_inspector::engine::view::{MessageItem, PageView};
use yew::prelude::*;

use super::findings::severity_icon;

#[derive(Properties, PartialEq)]
pub struct MessageListProps {
    pub view: Shared<PageView>,
    pub selected: Option<usize>,
    pub onselect: Callback<usize>,
}

#[function_component]
pub fn MessageList(props: &MessageListProps) -> Html {
    let messages = &props.view.messages;
    html! {
        <nav class="message-list" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{ format!("SAML messages ({})", messages.len()) }</h2>
            if messages.is_empty() {
                <p class="empty-note">{ "No SAML message was found in the inputs." }</p>
            }
            <ol class="message-items">
                { for messages.iter().enumerate().map(|(index, message)| {
                    let onclick = props.onselect.reform(move |_: MouseEvent| index);
                    let selected = props.selected == Some(index);
                    html! {
                        <li>
                            <button type="button" data-testid="message-item" data-kind={message.kind.clone()}
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

fn item_body(message: &MessageItem) -> Html {
    let worst = message.worst;
    html! {
        <>
            <span class="item-head">
                <span class={classes!("severity", worst.label())} aria-label={worst.label()}>{ severity_icon(worst) }</span>
                <strong>{ &message.kind }</strong>
                <span class="item-binding">{ &message.binding }</span>
                if let Some(status) = message.http_status {
                    <span class="item-status">{ format!("HTTP {status}") }</span>
                }
                if let Some(mark) = &message.signature {
                    <span class={classes!("item-signature", mark.class.clone())} data-testid="item-signature"
                        data-verdict={mark.class.clone()}>{ &mark.text }</span>
                }
            </span>
            if !message.location.is_empty() {
                <span class="item-url">{ &message.location }</span>
            }
            <span class="item-meta">{ &message.place }</span>
            if let Some(also) = &message.also {
                <span class="item-meta" data-testid="item-also-captured">{ also }</span>
            }
        </>
    }
}
