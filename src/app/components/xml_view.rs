//! The decoded XML: indented, coloured and foldable, or the exact original bytes.
//!
//! The indented view is for reading; it is not what was signed. The original view shows
//! the bytes exactly as received (after transfer decoding), because any re-formatting
//! breaks a signature. The engine makes both a page at a time
//! (`Command::ShowXml`, `engine::xml_view`) and counts the search's matches over the
//! whole document, so a message of many megabytes draws a page and stays responsive;
//! the next page is drawn when asked for.

use crate::app::engine;
use saml_inspector::engine::Command;
use saml_inspector::engine::xml_view::{SEARCH_LIMIT, XmlLine, XmlPage};
use saml_inspector::xml::pretty::{Token, TokenKind};
use std::rc::Rc;
use yew::prelude::*;

use super::paged::use_drawn;

#[derive(Properties, PartialEq)]
pub struct XmlViewProps {
    /// The analysis and the message (the component is keyed by them).
    pub generation: u32,
    pub message: usize,
    pub show_original: bool,
    pub onview: Callback<bool>,
}

/// What is shown: the pages loaded so far for one view and search.
#[derive(Debug, Clone, PartialEq, Default)]
struct Loaded {
    original: bool,
    query: String,
    pages: Vec<Rc<XmlPage>>,
}

impl Loaded {
    fn last(&self) -> Option<&XmlPage> {
        self.pages.last().map(|page| page.as_ref())
    }
}

#[function_component]
pub fn XmlView(props: &XmlViewProps) -> Html {
    let query = use_state(String::new);
    let loaded = use_state(|| None::<Loaded>);
    let error = use_state(|| None::<String>);
    let folded = use_reducer(Folded::default);
    let loading = use_mut_ref(|| false);

    // The first page, again whenever the view or the search changes.
    {
        let loaded = loaded.clone();
        let error = error.clone();
        let (generation, message) = (props.generation, props.message);
        use_effect_with(
            (props.show_original, (*query).clone()),
            move |(original, query)| {
                let (original, query) = (*original, query.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let page = engine::ask::<XmlPage>(Command::ShowXml {
                        generation,
                        message,
                        original,
                        query: query.clone(),
                        from: 0,
                    })
                    .await;
                    match page {
                        Ok(page) => loaded.set(Some(Loaded {
                            original,
                            query,
                            pages: vec![Rc::new(page)],
                        })),
                        Err(reason) => error.set(Some(reason)),
                    }
                });
            },
        );
    }
    let onmore = {
        let loaded = loaded.clone();
        let loading = loading.clone();
        let (generation, message) = (props.generation, props.message);
        Callback::from(move |_: MouseEvent| {
            let Some(current) = (*loaded).clone() else {
                return;
            };
            let Some(from) = current.last().and_then(|page| page.next) else {
                return;
            };
            if std::mem::replace(&mut *loading.borrow_mut(), true) {
                return;
            }
            let loaded = loaded.clone();
            let loading = loading.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let page = engine::ask::<XmlPage>(Command::ShowXml {
                    generation,
                    message,
                    original: current.original,
                    query: current.query.clone(),
                    from,
                })
                .await;
                if let Ok(page) = page
                    && page.from == from
                {
                    let mut next = current;
                    next.pages.push(Rc::new(page));
                    loaded.set(Some(next));
                }
                *loading.borrow_mut() = false;
            });
        })
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            query.set(value.chars().take(SEARCH_LIMIT).collect());
        })
    };
    let toggle = |original: bool, label: &'static str| {
        let pressed = props.show_original == original;
        html! {
            <button type="button" class={classes!("toggle", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()}
                onclick={props.onview.reform(move |_: MouseEvent| original)}>
                { label }
            </button>
        }
    };
    // What arrived for the current view and search (an older answer is not shown).
    let current = loaded
        .as_ref()
        .filter(|loaded| loaded.original == props.show_original && loaded.query == *query);
    let first = current.and_then(|loaded| loaded.pages.first());
    let matches = first.map_or(0, |page| page.matches);
    let searching = !query.is_empty();
    let unparsed = first.is_some_and(|page| !page.parsed);
    let any_signed = first.is_some_and(|page| page.any_signed);
    let next = current.and_then(|loaded| loaded.last().and_then(|page| page.next));
    let body = match current {
        None => html! { <p class="preparing" role="status">{ "Preparing the XML…" }</p> },
        Some(loaded) if loaded.original || unparsed => html! {
            <pre class="xml-original" data-testid="xml-original" tabindex="0" role="region" aria-label="The message's XML, original bytes">
                { for loaded.pages.iter().map(|page| html! { <OriginalChunk key={page.from} page={page.clone()} /> }) }
            </pre>
        },
        Some(loaded) => {
            // Folded elements hide their lines up to their closing line, across pages:
            // each page is told where the fold it starts in ends. A page whose input
            // did not change is not drawn again (a page added below, a fold elsewhere);
            // keyed by where they start, so a page added below is not taken for the one
            // above it.
            let mut hidden_until: Option<usize> = None;
            let mut chunks = Vec::new();
            for page in &loaded.pages {
                let carried = hidden_until;
                hidden_until = visible_lines(page, carried, &folded.0).1;
                chunks.push(html! {
                    <LineChunk key={page.from} page={page.clone()} {carried} folded={folded.0.clone()}
                        ontoggle={folded.dispatcher()} />
                });
            }
            html! { <div class="xml-pretty" data-testid="xml-pretty" tabindex="0" role="region" aria-label="The message's XML, indented">{ for chunks }</div> }
        }
    };
    let total = first.map_or(0, |page| page.total);
    html! {
        <section class="xml-view" aria-labelledby="xml-heading">
            <div class="section-head">
                <h3 id="xml-heading">{ "XML" }</h3>
                <div class="xml-search">
                    <label for="xml-search">{ "Search the XML" }</label>
                    <input id="xml-search" type="search" data-testid="xml-search" spellcheck="false"
                        autocomplete="off" placeholder="e.g. Role, Audience" {oninput} />
                    <span class="hint" role="status" data-testid="xml-search-count">
                        { if !searching || first.is_none() { String::new() } else if matches == 1 { "1 line matches".to_owned() } else { format!("{matches} lines match") } }
                    </span>
                </div>
                <div class="toggles" role="group" aria-label="XML view">
                    { toggle(false, "Indented") }
                    { toggle(true, "Original bytes") }
                </div>
            </div>
            if !props.show_original && any_signed {
                <p class="hint signed-legend">{ "Lines marked ✔ (in green) are covered by a signature made with a trusted key." }</p>
            }
            if !props.show_original && unparsed {
                <p class="empty-note">{ "The XML could not be parsed; showing it as received." }</p>
            }
            if let Some(reason) = (*error).clone() {
                <p class="input-error" role="alert">{ reason }</p>
            }
            { body }
            if next.is_some() {
                <p class="more-rows">
                    <span class="hint" data-testid="xml-count">
                        { if props.show_original || unparsed {
                            format!("Part of {} bytes shown. ", total)
                        } else {
                            format!("{} of {} lines shown. ", current.map_or(0, |loaded| loaded.pages.iter().map(|page| page.lines.len()).sum::<usize>()), total)
                        } }
                    </span>
                    <button type="button" class="secondary" data-testid="more-xml" onclick={onmore}>
                        { "Show more" }
                    </button>
                </p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OriginalChunkProps {
    page: Rc<XmlPage>,
}

#[function_component]
fn OriginalChunk(props: &OriginalChunkProps) -> Html {
    html! {
        { for props.page.original.iter().map(|piece| if piece.matched {
            html! { <mark class="xml-match">{ piece.text.clone() }</mark> }
        } else {
            html! { { piece.text.clone() } }
        }) }
    }
}

/// The lines the user folded (a few), by index.
#[derive(Debug, Default, PartialEq)]
struct Folded(Rc<Vec<usize>>);

impl Reducible for Folded {
    /// A line folded or unfolded.
    type Action = usize;

    fn reduce(self: Rc<Self>, line: usize) -> Rc<Self> {
        let mut next = (*self.0).clone();
        match next.iter().position(|folded| *folded == line) {
            Some(at) => {
                next.swap_remove(at);
            }
            None => next.push(line),
        }
        Rc::new(Folded(Rc::new(next)))
    }
}

/// The positions in `page.lines` shown when the lines up to `carried` are folded away,
/// and where the fold open at the page's end ends.
fn visible_lines(
    page: &XmlPage,
    carried: Option<usize>,
    folded: &[usize],
) -> (Vec<usize>, Option<usize>) {
    let mut hidden_until = carried;
    let mut visible = Vec::with_capacity(page.lines.len());
    for (position, line) in page.lines.iter().enumerate() {
        if hidden_until.is_some_and(|end| line.index < end) {
            continue;
        }
        hidden_until = line.closes_at.filter(|_| folded.contains(&line.index));
        visible.push(position);
    }
    (visible, hidden_until)
}

#[derive(Properties, PartialEq)]
struct LineChunkProps {
    page: Rc<XmlPage>,
    /// A fold from an earlier page hides this page's lines up to this one.
    carried: Option<usize>,
    folded: Rc<Vec<usize>>,
    ontoggle: UseReducerDispatcher<Folded>,
}

#[function_component]
fn LineChunk(props: &LineChunkProps) -> Html {
    let (mut visible, _) = visible_lines(&props.page, props.carried, &props.folded);
    // Laid out a step of lines a frame (a new page, a new search).
    visible.truncate(use_drawn(visible.len(), Rc::as_ptr(&props.page) as usize));
    let ontoggle = props.ontoggle.to_callback();
    html! {
        { for visible.iter().filter_map(|&position| props.page.lines.get(position)).map(|line| {
            render_line(line, props.folded.contains(&line.index), &ontoggle)
        }) }
    }
}

fn render_line(line: &XmlLine, folded: bool, ontoggle: &Callback<usize>) -> Html {
    let class = classes!(
        "xml-line",
        line.signed.then_some("signed"),
        line.matched.then_some("match")
    );
    let indent = "  ".repeat(line.depth.min(64));
    let index = line.index;
    // Keyed by line: a step of lines drawn below, or lines folded away above, leaves
    // the other lines as they are (unkeyed, every line after would be patched with the
    // text of another).
    html! {
        <div key={index} {class} data-line={index.to_string()}>
            // A gutter: "✔" on the lines a trusted signature covers (not colour alone).
            <span class="xml-indent" title={line.signed.then_some("covered by a signature made with a trusted key")}>
                { if line.signed { "✔ " } else { "  " } }{ indent }
            </span>
            if line.closes_at.is_some() {
                <button type="button" class="xml-fold" aria-expanded={(!folded).to_string()}
                    aria-label={if folded { "Unfold this element" } else { "Fold this element" }}
                    onclick={ontoggle.reform(move |_: MouseEvent| index)}>
                    { if folded { "▸" } else { "▾" } }
                </button>
            }
            { tokens(&line.tokens) }
            if folded { <span class="hint">{ " …" }</span> }
        </div>
    }
}

fn tokens(tokens: &[Token]) -> Html {
    html! {
        { for tokens.iter().map(|token| {
            let class = match token.kind {
                TokenKind::Punctuation => "tok-punct",
                TokenKind::ElementName => "tok-element",
                TokenKind::AttributeName => "tok-attr",
                TokenKind::NamespaceName => "tok-ns",
                TokenKind::AttributeValue => "tok-value",
                TokenKind::Text => "tok-text",
                TokenKind::CData => "tok-cdata",
                TokenKind::Comment => "tok-comment",
                TokenKind::ProcessingInstruction => "tok-pi",
            };
            html! { <span class={class}>{ token.text.clone() }</span> }
        }) }
    }
}
