//! Long tables drawn a page at a time ([`ROWS_PER_PAGE`] rows), more on request, so no
//! table makes the page draw thousands of rows at once: the attributes and the roles
//! ([`PagedTable`]: the engine sends the first page with the message and the next ones
//! when asked) and the flow (its rows are all in the view; it draws them a page at a
//! time). One line under each says how many rows are shown, offers the next page, and
//! says why a page could not be had ([`more_rows`]).

use crate::app::engine;
use saml_inspector::engine::Command;
use saml_inspector::engine::view::{ROWS_PER_PAGE, RowsPage};
use serde::de::DeserializeOwned;
use std::rc::Rc;
use yew::prelude::*;

/// What the line under a table calls its rows, and its test ids.
#[derive(Debug, PartialEq)]
pub struct Words {
    /// The rows, plural: "attributes".
    pub noun: &'static str,
    /// The count's `data-testid`.
    pub count: &'static str,
    /// The button's `data-testid`.
    pub more: &'static str,
}

/// The line under a table: "200 of 2602 requests shown." and a button for the next
/// page while rows are left, and why the last page asked for could not be had.
pub fn more_rows(
    words: &Words,
    shown: usize,
    total: usize,
    onmore: Callback<MouseEvent>,
    loading: bool,
    error: Option<String>,
) -> Html {
    let left = total.saturating_sub(shown);
    html! {
        <>
            if left > 0 {
                <p class="more-rows">
                    <span class="hint" data-testid={words.count}>{ format!("{shown} of {total} {} shown. ", words.noun) }</span>
                    <button type="button" class="secondary" data-testid={words.more} onclick={onmore}
                        disabled={loading}>
                        { format!("Show {} more", left.min(ROWS_PER_PAGE)) }
                    </button>
                </p>
            }
            if let Some(reason) = error {
                <p class="input-error" role="alert">{ reason }</p>
            }
        </>
    }
}

/// The command for the rows from `from` of message `message` of analysis `generation`.
pub type Ask = fn(generation: u32, message: usize, from: usize) -> Command;

#[derive(Properties)]
pub struct PagedTableProps<T: 'static> {
    /// The analysis and the message the rows are of (key the table by them).
    pub generation: u32,
    pub message: usize,
    /// The first page, sent with the message.
    pub first: Rc<RowsPage<T>>,
    pub ask: Ask,
    pub row: fn(&T) -> Html,
    /// The table's class and `data-testid`.
    pub class: &'static str,
    pub testid: &'static str,
    /// The header row.
    pub head: Html,
    pub words: &'static Words,
}

impl<T> PartialEq for PagedTableProps<T> {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.message == other.message
            && Rc::ptr_eq(&self.first, &other.first)
            && self.class == other.class
    }
}

/// A table of rows the engine sends a page at a time.
#[function_component]
pub fn PagedTable<T>(props: &PagedTableProps<T>) -> Html
where
    T: DeserializeOwned + 'static,
{
    let more = use_state(Vec::<Rc<RowsPage<T>>>::new);
    let loading = use_state(|| false);
    let error = use_state(|| None::<String>);
    let shown = props.first.rows.len() + more.iter().map(|page| page.rows.len()).sum::<usize>();
    let onmore = {
        let more = more.clone();
        let loading = loading.clone();
        let error = error.clone();
        let command = (props.ask)(props.generation, props.message, shown);
        Callback::from(move |_: MouseEvent| {
            if *loading {
                return;
            }
            loading.set(true);
            let more = more.clone();
            let loading = loading.clone();
            let error = error.clone();
            let command = command.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match engine::ask::<RowsPage<T>>(command).await {
                    Ok(page) if page.from == shown && !page.rows.is_empty() => {
                        let mut pages = (*more).clone();
                        pages.push(Rc::new(page));
                        more.set(pages);
                        error.set(None);
                    }
                    Ok(_) => {}
                    Err(reason) => error.set(Some(reason)),
                }
                loading.set(false);
            });
        })
    };
    let chunk = |page: &Rc<RowsPage<T>>| {
        html! { <Chunk<T> page={page.clone()} row={props.row} /> }
    };
    html! {
        <>
            <div class="table-scroll">
                <table class={props.class} data-testid={props.testid}>
                    <thead>{ props.head.clone() }</thead>
                    <tbody>
                        { chunk(&props.first) }
                        { for more.iter().map(chunk) }
                    </tbody>
                </table>
            </div>
            { more_rows(props.words, shown, props.first.total, onmore, *loading, (*error).clone()) }
        </>
    }
}

#[derive(Properties)]
struct ChunkProps<T: 'static> {
    page: Rc<RowsPage<T>>,
    row: fn(&T) -> Html,
}

impl<T> PartialEq for ChunkProps<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.page, &other.page)
    }
}

/// One page of rows, drawn once: a page added below does not draw the others again.
#[function_component]
fn Chunk<T: 'static>(props: &ChunkProps<T>) -> Html {
    html! { { for props.page.rows.iter().map(props.row) } }
}
