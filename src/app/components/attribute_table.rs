//! The evaluated assertion's attributes, values exactly as sent, each with whether a
//! signature covers it. Drawn a page at a time: the engine sends the first
//! [`ROWS_PER_PAGE`](saml_inspector::engine::view::ROWS_PER_PAGE) rows with the message
//! and the next ones when asked, so a message with tens of thousands of attributes
//! draws as fast as a small one.

use crate::app::engine;
use saml_inspector::engine::Command;
use saml_inspector::engine::view::{AttributeRow, RowsPage};
use std::rc::Rc;
use yew::prelude::*;

use super::value::{Value, mark_badge};

#[derive(Properties, PartialEq)]
pub struct AttributeTableProps {
    /// The analysis and the message the rows are of (the component is keyed by them).
    pub generation: u32,
    pub message: usize,
    /// The first page.
    pub first: Rc<RowsPage<AttributeRow>>,
}

/// One page of rows, drawn once: a page added below does not draw the others again.
#[derive(Properties, PartialEq)]
struct ChunkProps {
    page: Rc<RowsPage<AttributeRow>>,
}

#[function_component]
fn Chunk(props: &ChunkProps) -> Html {
    html! { { for props.page.rows.iter().map(row) } }
}

fn row(attribute: &AttributeRow) -> Html {
    html! {
        <tr data-testid="attribute-row">
            <td class="attr-name">
                <Value text={AttrValue::from(attribute.name.clone())} />
                if let Some(friendly) = &attribute.friendly {
                    <span class="friendly-name">{ format!(" ({friendly})") }</span>
                }
                if attribute.repeated {
                    <span class="badge warning">{ "repeated name" }</span>
                }
                if attribute.value_count > 1 {
                    <span class="badge">{ format!("{} values", attribute.value_count) }</span>
                }
            </td>
            <td class="attr-values">
                if attribute.value_count == 0 {
                    <span class="badge warning">{ "no value" }</span>
                }
                { for attribute.values.iter().map(|value| html! {
                    <div class="attr-value"><Value text={AttrValue::from(value.clone())} /></div>
                }) }
                if attribute.more_values > 0 {
                    <div class="hint">{ format!("… and {} more values (all in the XML below)", attribute.more_values) }</div>
                }
            </td>
            <td class="attr-mark">{ mark_badge(attribute.mark) }</td>
        </tr>
    }
}

#[function_component]
pub fn AttributeTable(props: &AttributeTableProps) -> Html {
    let more = use_state(Vec::<Rc<RowsPage<AttributeRow>>>::new);
    let loading = use_state(|| false);
    let error = use_state(|| None::<String>);
    if props.first.total == 0 {
        return html! { <p class="empty-note">{ "No attributes." }</p> };
    }
    let shown = props.first.rows.len() + more.iter().map(|page| page.rows.len()).sum::<usize>();
    let left = props.first.total.saturating_sub(shown);
    let onmore = {
        let more = more.clone();
        let loading = loading.clone();
        let error = error.clone();
        let (generation, message) = (props.generation, props.message);
        Callback::from(move |_: MouseEvent| {
            if *loading {
                return;
            }
            loading.set(true);
            let more = more.clone();
            let loading = loading.clone();
            let error = error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let page = engine::ask::<RowsPage<AttributeRow>>(Command::Attributes {
                    generation,
                    message,
                    from: shown,
                })
                .await;
                match page {
                    Ok(page) if page.from == shown && !page.rows.is_empty() => {
                        let mut pages = (*more).clone();
                        pages.push(Rc::new(page));
                        more.set(pages);
                    }
                    Ok(_) => {}
                    Err(reason) => error.set(Some(reason)),
                }
                loading.set(false);
            });
        })
    };
    html! {
        <>
            <div class="table-scroll">
                <table class="attribute-table" data-testid="attribute-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "Value(s)" }</th>
                            <th scope="col">{ "Signature" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        <Chunk page={props.first.clone()} />
                        { for more.iter().map(|page| html! { <Chunk page={page.clone()} /> }) }
                    </tbody>
                </table>
            </div>
            if left > 0 {
                <p class="more-rows">
                    <span class="hint" data-testid="attribute-count">{ format!("{shown} of {} attributes shown. ", props.first.total) }</span>
                    <button type="button" class="secondary" data-testid="more-attributes" onclick={onmore}
                        disabled={*loading}>
                        { format!("Show {} more", left.min(saml_inspector::engine::view::ROWS_PER_PAGE)) }
                    </button>
                </p>
            }
            if let Some(reason) = (*error).clone() {
                <p class="input-error" role="alert">{ reason }</p>
            }
        </>
    }
}
