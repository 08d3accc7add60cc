//! The evaluated assertion's attributes, values exactly as sent, each with whether a
//! signature covers it. Drawn a page at a time: the engine sends the first
//! [`ROWS_PER_PAGE`](saml_inspector::engine::view::ROWS_PER_PAGE) rows with the message
//! and the next ones when asked, so a message with tens of thousands of attributes
//! draws as fast as a small one.

use saml_inspector::engine::Command;
use saml_inspector::engine::view::{AttributeRow, RowsPage};
use yew::prelude::*;

use super::paged::{self, Answer, Drawn, Fetch, PagedTable, Words};
use super::value::{Value, mark_badge};
use std::future::Future;
use std::pin::Pin;

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

const WORDS: Words = Words {
    noun: "attributes",
    count: "attribute-count",
    more: "more-attributes",
};

fn fetch(generation: u32, message: usize, from: usize) -> Pin<Box<dyn Future<Output = Answer>>> {
    Box::pin(paged::fetch(
        Command::Attributes {
            generation,
            message,
            from,
        },
        row,
    ))
}

/// The table, keyed by `key` (the analysis and the message), or a note when there are
/// no attributes.
pub fn attribute_table(
    key: String,
    generation: u32,
    message: usize,
    first: &RowsPage<AttributeRow>,
) -> Html {
    if first.total == 0 {
        return html! { <p class="empty-note">{ "No attributes." }</p> };
    }
    html! {
        <PagedTable {key} {generation} {message} first={Drawn::new(first, row)} total={first.total}
            fetch={fetch as Fetch} class="attribute-table" testid="attribute-table"
            words={&WORDS}
            head={html! { <tr>
                <th scope="col">{ "Name" }</th>
                <th scope="col">{ "Value(s)" }</th>
                <th scope="col">{ "Signature" }</th>
            </tr> }} />
    }
}
