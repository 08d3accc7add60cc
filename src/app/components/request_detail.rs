//! One request of the flow opened, as a browser's network panel shows it: URL and
//! status, query parameters, request and response headers, cookies sent and set, form
//! fields, timing, a preview of the bodies (text only; images are never loaded), and
//! the SAML parameters it carried, each linked to its message. Asked of the engine when
//! opened (`Command::RequestDetail`): the engine holds the HAR.

use crate::app::engine;
use saml_inspector::engine::view::RequestView;
use saml_inspector::engine::{Command, InputId};
use yew::prelude::*;

use super::value::Value;

#[derive(Properties, PartialEq)]
pub struct RequestDetailProps {
    pub input: InputId,
    pub entry: usize,
    /// A SAML parameter's message chosen (index into the view's messages).
    pub onselect: Callback<usize>,
}

#[function_component]
pub fn RequestDetail(props: &RequestDetailProps) -> Html {
    let shown = use_state(|| None::<Result<RequestView, String>>);
    {
        let shown = shown.clone();
        use_effect_with((props.input, props.entry), move |&(input, entry)| {
            wasm_bindgen_futures::spawn_local(async move {
                shown.set(Some(
                    engine::ask::<RequestView>(Command::RequestDetail { input, entry }).await,
                ));
            });
        });
    }
    let view = match &*shown {
        None => return html! { <p class="preparing" role="status">{ "Opening the request…" }</p> },
        Some(Err(reason)) => return html! { <p class="input-error" role="alert">{ reason }</p> },
        Some(Ok(view)) => view,
    };
    html! {
        <div class="request-detail" data-testid="request-detail">
            <p class="request-line">
                <code>{ &view.method }</code>{ " " }
                <Value text={AttrValue::from(view.url.clone())} />
                { " — " }
                <span data-testid="request-status">{ &view.status }</span>
            </p>
            if !view.saml.is_empty() {
                <p class="request-saml">
                    { for view.saml.iter().map(|link| match link.message {
                        Some(index) => html! {
                            <button type="button" class="link" data-testid="request-message"
                                onclick={props.onselect.reform(move |_: MouseEvent| index)}>
                                { format!("{} ▸ message {}", link.parameter, index + 1) }
                            </button>
                        },
                        None => html! { <span class="badge saml">{ &link.parameter }</span> },
                    }) }
                </p>
            }
            { for view.sections.iter().map(|section| html! {
                <section class="request-section" data-testid={format!("request-{}", section.key)}>
                    <h4>{ &section.title }</h4>
                    <div class="table-scroll">
                        <table class="request-fields">
                            <tbody>
                                { for section.rows.iter().map(|(name, value)| html! {
                                    <tr>
                                        <th scope="row"><Value text={AttrValue::from(name.clone())} /></th>
                                        <td><Value text={AttrValue::from(value.clone())} /></td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if section.more > 0 {
                        <p class="hint">{ format!("… and {} more", section.more) }</p>
                    }
                </section>
            }) }
            { for view.bodies.iter().map(|body| html! {
                <section class="request-section" data-testid="request-body">
                    <h4>{ &body.title }</h4>
                    <p class="hint">{ &body.summary }</p>
                    if let Some(text) = &body.text {
                        <pre class="body-preview" tabindex="0">{ text }</pre>
                    }
                </section>
            }) }
            { for view.notes.iter().map(|note| html! { <p class="hint">{ note }</p> }) }
        </div>
    }
}
