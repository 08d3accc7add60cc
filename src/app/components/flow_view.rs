//! A HAR as a flow: every request in order with method, status, host and path and its
//! time from the first; SAML-carrying requests marked with the message kind, redirects
//! and error pages visible, and the hand-off from the IdP to AWS called out. Each row
//! opens to its request's details. A flow of thousands of requests is drawn a page of
//! rows at a time, more on request (`paged`), so no drawing freezes the tab.

use super::url_text::path_and_query;
use crate::app::state::{Shared, visible_flow_rows};
use saml_inspector::engine::InputId;
use saml_inspector::engine::view::{FlowRow, PageView, ROWS_PER_PAGE};
use std::rc::Rc;
use yew::prelude::*;

use super::paged::{DRAW_STEP, Words, more_rows, use_drawn};
use super::request_detail::RequestDetail;

const WORDS: Words = Words {
    noun: "requests",
    count: "flow-count",
    more: "more-flow",
};

#[derive(Properties, PartialEq)]
pub struct FlowViewProps {
    pub view: Shared<PageView>,
    pub saml_only: bool,
    pub onsamlonly: Callback<bool>,
    /// A message chosen from the flow (index into `view.messages`).
    pub onselect: Callback<usize>,
    pub selected: Option<usize>,
}

/// The rows opened to their details: (input, entry). A few at a time.
type Opened = Vec<(InputId, usize)>;

#[function_component]
pub fn FlowView(props: &FlowViewProps) -> Html {
    let opened = use_state(Opened::new);
    // Rows shown in each table: a page, more on request.
    let limit = use_state(|| ROWS_PER_PAGE);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |row: (InputId, usize)| {
            let mut next = (*opened).clone();
            match next.iter().position(|open| *open == row) {
                Some(at) => {
                    next.swap_remove(at);
                }
                None => next.push(row),
            }
            opened.set(next);
        })
    };
    let onmore = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + ROWS_PER_PAGE))
    };
    // Each input with a flow: (index into `view.inputs`, its rows shown, how many pass
    // the filter).
    let tables: Vec<(usize, Vec<usize>, usize)> = props
        .view
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, input)| !input.flow.is_empty())
        .map(|(at, input)| {
            let carries: Vec<bool> = input.flow.iter().map(|row| !row.saml.is_empty()).collect();
            let mut rows = visible_flow_rows(&carries, props.saml_only);
            let visible = rows.len();
            rows.truncate(*limit);
            (at, rows, visible)
        })
        .collect();
    // Laid out a step a frame, from the first step again for a new analysis or filter.
    let of = Rc::as_ptr(&props.view.0) as usize ^ usize::from(props.saml_only);
    let mut drawn = use_drawn(tables.iter().map(|(_, rows, _)| rows.len()).sum(), of);
    if tables.is_empty() {
        return html! {};
    }
    let onchange = props.onsamlonly.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        input.checked()
    });
    let table = |(at, rows, visible): &(usize, Vec<usize>, usize)| {
        let input = &props.view.inputs[*at];
        let now = drawn.min(rows.len());
        drawn -= now;
        html! {
            <div class="flow-input">
                <h3 class="flow-title">{ format!("{} — {} requests", input.name, input.flow.len()) }
                    if *visible < input.flow.len() {
                        <span class="hint">{ format!(" ({} hidden)", input.flow.len() - visible) }</span>
                    }
                </h3>
                <div class="table-scroll">
                    <table class="flow-table" data-testid="flow-table">
                        <thead><tr>
                            <th scope="col">{ "#" }</th>
                            <th scope="col">{ "Time" }</th>
                            <th scope="col">{ "Method" }</th>
                            <th scope="col">{ "Status" }</th>
                            <th scope="col">{ "Host and path" }</th>
                            <th scope="col">{ "SAML" }</th>
                            <th scope="col">{ "Details" }</th>
                        </tr></thead>
                        // Keyed, in a list of their own (a `for` beside the head would be
                        // one list with it, unkeyed): a step added below leaves the steps
                        // above as they are, where an unkeyed list patches each with the
                        // rows of the next and the whole table is laid out again.
                        <>{ for rows[..now].chunks(DRAW_STEP).map(|chunk| html! {
                            <FlowRows key={chunk[0]} view={props.view.clone()} input={*at} rows={chunk.to_vec()}
                                opened={(*opened).clone()} selected={props.selected}
                                onselect={props.onselect.clone()} ontoggle={ontoggle.clone()} />
                        }) }</>
                    </table>
                </div>
                { more_rows(&WORDS, rows.len(), *visible, onmore.clone(), false, None) }
            </div>
        }
    };
    html! {
        <section class="flow" aria-labelledby="flow-heading" data-testid="flow-view">
            <div class="section-head">
                <h2 id="flow-heading">{ "Flow" }</h2>
                <label class="switch">
                    <input type="checkbox" id="saml-only" data-testid="saml-only"
                        checked={props.saml_only} {onchange} />
                    { " SAML-related only (with the requests just around them)" }
                </label>
            </div>
            { for tables.iter().map(table) }
        </section>
    }
}

#[derive(Properties)]
struct FlowRowsProps {
    view: Shared<PageView>,
    /// Index into `view.inputs`.
    input: usize,
    /// Positions in the input's flow.
    rows: Vec<usize>,
    opened: Opened,
    selected: Option<usize>,
    onselect: Callback<usize>,
    ontoggle: Callback<(InputId, usize)>,
}

/// The callbacks are left out: they do the same whichever render made them (`ontoggle`
/// starts from `opened`, compared), and comparing them would draw every row again at
/// every change of the page's state.
impl PartialEq for FlowRowsProps {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view
            && self.input == other.input
            && self.rows == other.rows
            && self.opened == other.opened
            && self.selected == other.selected
    }
}

/// A step of rows in their own `tbody`: drawn once, not again when rows are added
/// below or a row elsewhere is opened.
#[function_component]
fn FlowRows(props: &FlowRowsProps) -> Html {
    let Some(input) = props.view.inputs.get(props.input) else {
        return html! {};
    };
    let row = |&position: &usize| -> Html {
        let Some(entry) = input.flow.get(position) else {
            return html! {};
        };
        let open = props.opened.contains(&(input.id, entry.entry));
        html! {
            <>
                { flow_row(props, input.id, entry, open) }
                if open {
                    <tr class="flow-detail"><td colspan="7">
                        <RequestDetail input={input.id} entry={entry.entry} onselect={props.onselect.clone()} />
                    </td></tr>
                }
            </>
        }
    };
    html! { <tbody>{ for props.rows.iter().map(row) }</tbody> }
}

fn flow_row(props: &FlowRowsProps, input: InputId, entry: &FlowRow, open: bool) -> Html {
    let key = (input, entry.entry);
    let status_class = match entry.status {
        Some(status) if status >= 400 => "status-error",
        Some(status) if (300..400).contains(&status) => "status-redirect",
        Some(_) => "status-ok",
        None => "status-none",
    };
    let status_text = match entry.status {
        Some(status) if status >= 400 => format!("✖ {status}"),
        Some(status) if (300..400).contains(&status) => format!("↪ {status}"),
        Some(status) => status.to_string(),
        None => "—".to_owned(),
    };
    let saml = !entry.saml.is_empty();
    let row_class = classes!(
        "flow-row",
        saml.then_some("saml"),
        entry.handoff.then_some("handoff"),
        status_class
    );
    html! {
        <tr class={row_class} data-testid="flow-row" data-saml={saml.to_string()}
            data-status={entry.status.map(|status| status.to_string()).unwrap_or_default()}>
            <td class="num">{ entry.number }</td>
            <td class="offset">{ &entry.offset }</td>
            <td><code>{ &entry.method }</code></td>
            <td class={classes!("status", status_class)} title={entry.status_text.clone()}>{ status_text }</td>
            <td class="url" title={entry.url.clone()}>
                <span class={classes!("host", entry.aws.then_some("aws"))}>{ &entry.host }</span>
                { path_and_query(&entry.path) }
                if let Some(target) = &entry.redirect {
                    <div class="redirect">{ "→ " }{ path_and_query(target) }</div>
                }
                if entry.status.is_some_and(|status| status >= 400) {
                    <span class="badge error">{ "error page" }</span>
                }
                if entry.handoff {
                    <span class="badge handoff" data-testid="handoff">
                        { if entry.aws { "IdP → AWS hand-off" } else { "IdP → service provider hand-off" } }
                    </span>
                }
            </td>
            <td class="saml-cell">
                { for entry.saml.iter().map(|parameter| html! {
                    <span class="badge saml">{ parameter }</span>
                }) }
                { for entry.messages.iter().map(|(index, kind)| {
                    let index = *index;
                    let current = props.selected == Some(index);
                    html! {
                        <button type="button" class={classes!("link", current.then_some("current"))}
                            data-testid="flow-message" aria-current={current.then_some("true")}
                            onclick={props.onselect.reform(move |_: MouseEvent| index)}>
                            { format!("{kind} ▸") }
                        </button>
                    }
                }) }
            </td>
            <td>
                <button type="button" class="link" data-testid="flow-open" aria-expanded={open.to_string()}
                    aria-label={format!("Details of request {}", entry.number)}
                    onclick={props.ontoggle.reform(move |_: MouseEvent| key)}>
                    { if open { "Close" } else { "Details" } }
                </button>
            </td>
        </tr>
    }
}
