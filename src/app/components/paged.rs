//! Long tables drawn a page at a time ([`ROWS_PER_PAGE`] rows), more on request, so no
//! table makes the page draw thousands of rows at once: the attributes and the roles
//! ([`PagedTable`]: the engine sends the first page with the message and the next ones
//! when asked) and the flow (its rows are all in the view; it draws them a page at a
//! time). One line under each says how many rows are shown, offers the next page, and
//! says why a page could not be had ([`more_rows`]). A page of rows is laid out a few
//! at a time, one step a frame for the whole page ([`use_drawn`]), so no frame lays
//! out more than [`DRAW_STEP`] rows (laying out a row of the flow or a line of XML
//! takes up to half a millisecond on a slow machine).

use crate::app::{engine, frames};
use saml_inspector::engine::Command;
use saml_inspector::engine::view::{ROWS_PER_PAGE, RowsPage};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use yew::prelude::*;

/// Rows drawn in one frame.
pub const DRAW_STEP: usize = 25;

/// How many of `total` rows to draw now: [`DRAW_STEP`] at first (and again when `of`,
/// what the rows are of, changes), then [`DRAW_STEP`] more a step until all are drawn,
/// a step being one animation frame's work for the whole page ([`frames`]). Rows once
/// drawn stay drawn while `of` is the same.
#[hook]
pub fn use_drawn(total: usize, of: usize) -> usize {
    let drawn = use_mut_ref(|| (of, 0));
    let redraw = use_force_update();
    let now = {
        let mut drawn = drawn.borrow_mut();
        if drawn.0 != of {
            *drawn = (of, 0);
        }
        drawn.1 = drawn.1.min(total).max(DRAW_STEP.min(total));
        drawn.1
    };
    use_effect_with((of, now, total), move |&(of, now, total)| {
        let step = (now < total).then(|| {
            frames::after_layout(move || {
                let mut drawn = drawn.borrow_mut();
                if *drawn == (of, now) {
                    drawn.1 = now + DRAW_STEP;
                }
                drop(drawn);
                redraw.force_update();
            })
        });
        move || {
            if let Some(step) = step {
                frames::cancel(step);
            }
        }
    });
    now
}

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

/// A page of rows, drawn: where it starts, how many rows it holds, and their rows in
/// steps of [`DRAW_STEP`] (laid out a step a frame).
#[derive(PartialEq)]
pub struct Drawn {
    pub from: usize,
    pub count: usize,
    pub steps: Vec<Rc<Html>>,
}

impl Drawn {
    pub fn new<T>(page: &RowsPage<T>, row: fn(&T) -> Html) -> Rc<Drawn> {
        Rc::new(Drawn {
            from: page.from,
            count: page.rows.len(),
            steps: page
                .rows
                .chunks(DRAW_STEP)
                .map(|rows| Rc::new(html! { { for rows.iter().map(row) } }))
                .collect(),
        })
    }
}

/// The page of rows from `from` of message `message` of analysis `generation`, drawn.
pub type Fetch =
    fn(generation: u32, message: usize, from: usize) -> Pin<Box<dyn Future<Output = Answer>>>;
pub type Answer = Result<Rc<Drawn>, String>;

/// Asks the engine for a page of rows and draws it.
pub async fn fetch<T: DeserializeOwned>(command: Command, row: fn(&T) -> Html) -> Answer {
    let page = engine::ask::<RowsPage<T>>(command).await?;
    Ok(Drawn::new(&page, row))
}

#[derive(Properties)]
pub struct PagedTableProps {
    /// The analysis and the message the rows are of (key the table by them).
    pub generation: u32,
    pub message: usize,
    /// The first page, sent with the message, and the rows in all.
    pub first: Rc<Drawn>,
    pub total: usize,
    pub fetch: Fetch,
    /// The table's class and `data-testid`.
    pub class: &'static str,
    pub testid: &'static str,
    /// The header row.
    pub head: Html,
    pub words: &'static Words,
}

impl PartialEq for PagedTableProps {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.message == other.message
            && Rc::ptr_eq(&self.first, &other.first)
            && self.total == other.total
    }
}

/// A table of rows the engine sends a page at a time.
#[function_component]
pub fn PagedTable(props: &PagedTableProps) -> Html {
    let more = use_state(Vec::<Rc<Drawn>>::new);
    let loading = use_state(|| false);
    let error = use_state(|| None::<String>);
    let shown = props.first.count + more.iter().map(|page| page.count).sum::<usize>();
    let onmore = {
        let more = more.clone();
        let loading = loading.clone();
        let error = error.clone();
        let page = (props.fetch)(props.generation, props.message, shown);
        let page = std::cell::Cell::new(Some(page));
        Callback::from(move |_: MouseEvent| {
            let Some(page) = page.take().filter(|_| !*loading) else {
                return;
            };
            loading.set(true);
            let more = more.clone();
            let loading = loading.clone();
            let error = error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match page.await {
                    Ok(page) if page.from == shown && page.count > 0 => {
                        let mut pages = (*more).clone();
                        pages.push(page);
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
    html! {
        <>
            <div class="table-scroll">
                <table class={props.class} data-testid={props.testid}>
                    <thead>{ props.head.clone() }</thead>
                    <tbody>
                        // Keyed by where each page starts: a page added below leaves
                        // the pages above as they are.
                        <Chunk key={props.first.from} page={props.first.clone()} />
                        { for more.iter().map(|page| html! { <Chunk key={page.from} page={page.clone()} /> }) }
                    </tbody>
                </table>
            </div>
            { more_rows(props.words, shown, props.total, onmore, *loading, (*error).clone()) }
        </>
    }
}

#[derive(Properties)]
struct ChunkProps {
    page: Rc<Drawn>,
}

impl PartialEq for ChunkProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.page, &other.page)
    }
}

/// One page of rows, laid out a step a frame (from where it starts: the table is keyed
/// by its message, so a page starting there is the same rows), each step drawn once.
#[function_component]
fn Chunk(props: &ChunkProps) -> Html {
    let steps = &props.page.steps;
    let now = use_drawn(steps.len() * DRAW_STEP, props.page.from) / DRAW_STEP;
    html! {
        // Keyed, in a list of their own: a step added below leaves those above as they
        // are.
        <>{ for steps.iter().take(now).enumerate().map(|(at, rows)| html! {
            <Step key={at} rows={rows.clone()} />
        }) }</>
    }
}

#[derive(Properties)]
struct StepProps {
    rows: Rc<Html>,
}

impl PartialEq for StepProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
    }
}

#[function_component]
fn Step(props: &StepProps) -> Html {
    (*props.rows).clone()
}
