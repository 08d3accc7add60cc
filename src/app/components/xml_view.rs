//! The decoded XML: indented, coloured and collapsible, or the exact original bytes.
//!
//! The indented view is for reading; it is not what was signed. The original view shows
//! the bytes exactly as received (after transfer decoding), because any re-formatting
//! breaks a signature. The engine makes the indented lines (`app::engine::pretty`), so
//! the page carries no XML parser; until they arrive the original bytes are shown.

use crate::app::engine;
use saml_inspector::dsig::Coverage;
use saml_inspector::xml::pretty;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct XmlViewProps {
    pub xml: AttrValue,
    pub show_original: bool,
    pub onview: Callback<bool>,
    /// What signatures made with a trusted key cover: those lines are marked.
    #[prop_or_default]
    pub covered: Rc<Vec<Coverage>>,
}

/// At most this many characters of a search are used (a longer one is cut).
const SEARCH_LIMIT: usize = 200;

/// Whether a line's text contains the (lower-cased, non-empty) query.
fn line_matches(text: &str, query: &str) -> bool {
    !query.is_empty() && text.to_lowercase().contains(query)
}

fn line_text(line: &pretty::Line) -> String {
    line.tokens
        .iter()
        .map(|token| token.text.as_str())
        .collect()
}

#[function_component]
pub fn XmlView(props: &XmlViewProps) -> Html {
    // None until the engine answers; then the lines, or None when the XML does not parse.
    let answer = use_state(|| None::<Rc<Option<Vec<pretty::Line>>>>);
    {
        let answer = answer.clone();
        use_effect_with(props.xml.clone(), move |xml| {
            answer.set(None);
            let xml = xml.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // An engine that cannot answer leaves the original bytes on screen.
                let lines = engine::pretty(&xml).await.unwrap_or(None);
                answer.set(Some(Rc::new(lines)));
            });
        });
    }
    let lines: &Option<Vec<pretty::Line>> = match &*answer {
        Some(lines) => lines,
        None => &None,
    };
    let unparsed = answer.as_ref().is_some_and(|lines| lines.is_none());
    let query = use_state(String::new);
    let oninput = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            query.set(
                value
                    .chars()
                    .take(SEARCH_LIMIT)
                    .collect::<String>()
                    .to_lowercase(),
            );
        })
    };
    let needle = query.as_str();
    let matches = match (lines, props.show_original) {
        (Some(lines), false) => lines
            .iter()
            .filter(|line| line_matches(&line_text(line), needle))
            .count(),
        _ => props
            .xml
            .lines()
            .filter(|line| line_matches(line, needle))
            .count(),
    };
    let toggle = |original: bool, label: &'static str| {
        let onview = props.onview.clone();
        let pressed = props.show_original == original;
        html! {
            <button type="button" class={classes!("toggle", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_: MouseEvent| onview.emit(original))}>
                { label }
            </button>
        }
    };
    let body = match (lines, props.show_original) {
        (Some(lines), false) => html! {
            <div class="xml-pretty" data-testid="xml-pretty" tabindex="0" role="region" aria-label="The message's XML, indented">{ render_lines(lines, &props.covered, needle) }</div>
        },
        _ if needle.is_empty() => {
            html! { <pre class="xml-original" data-testid="xml-original" tabindex="0" role="region" aria-label="The message's XML, original bytes">{ props.xml.as_str() }</pre> }
        }
        // Searching the original: the same bytes, line by line, matches marked.
        _ => html! {
            <pre class="xml-original" data-testid="xml-original" tabindex="0" role="region" aria-label="The message's XML, original bytes">
                { for props.xml.split_inclusive('\n').map(|line| if line_matches(line, needle) {
                    html! { <mark class="xml-match">{ line }</mark> }
                } else {
                    html! { { line } }
                }) }
            </pre>
        },
    };
    html! {
        <section class="xml-view" aria-labelledby="xml-heading">
            <div class="section-head">
                <h3 id="xml-heading">{ "XML" }</h3>
                <div class="xml-search">
                    <label for="xml-search">{ "Search the XML" }</label>
                    <input id="xml-search" type="search" data-testid="xml-search" spellcheck="false"
                        autocomplete="off" placeholder="e.g. Role, Audience" {oninput} />
                    <span class="hint" role="status" data-testid="xml-search-count">
                        { if needle.is_empty() { String::new() } else if matches == 1 { "1 line matches".to_owned() } else { format!("{matches} lines match") } }
                    </span>
                </div>
                <div class="toggles" role="group" aria-label="XML view">
                    { toggle(false, "Indented") }
                    { toggle(true, "Original bytes") }
                </div>
            </div>
            if !props.show_original && !props.covered.is_empty() {
                <p class="hint signed-legend">{ "Lines marked in green are covered by a signature made with a trusted key." }</p>
            }
            if !props.show_original && unparsed {
                <p class="empty-note">{ "The XML could not be parsed; showing it as received." }</p>
            }
            { body }
        </section>
    }
}

/// Nests lines into collapsible groups: an opening line, its children, its closing line.
fn render_lines(lines: &[pretty::Line], covered: &[Coverage], query: &str) -> Html {
    let mut index = 0;
    let mut out = Vec::new();
    while index < lines.len() {
        let (html, next) = render_from(lines, index, covered, query);
        out.push(html);
        index = next;
    }
    html! { <>{ for out }</> }
}

fn render_from(
    lines: &[pretty::Line],
    start: usize,
    covered: &[Coverage],
    query: &str,
) -> (Html, usize) {
    let line = &lines[start];
    let signed = covered.iter().any(|coverage| coverage.covers(line.node));
    let found = |line: &pretty::Line| line_matches(&line_text(line), query).then_some("match");
    let class = classes!("xml-line", signed.then_some("signed"), found(line));
    if !line.opens {
        return (
            html! { <div class={class}>{ tokens(line) }</div> },
            start + 1,
        );
    }
    let mut children = Vec::new();
    let mut index = start + 1;
    while index < lines.len() {
        let candidate = &lines[index];
        if candidate.closes && candidate.node == line.node {
            let html = html! {
                <details class="xml-element" open=true>
                    <summary class={class.clone()}>{ tokens(line) }</summary>
                    <div class="xml-children">{ for children }</div>
                    <div class={classes!("xml-line", signed.then_some("signed"), found(candidate))}>{ tokens(candidate) }</div>
                </details>
            };
            return (html, index + 1);
        }
        let (html, next) = render_from(lines, index, covered, query);
        children.push(html);
        index = next;
    }
    // No closing line (cannot happen for a parsed document): show what there is.
    (
        html! { <div class={class}>{ tokens(line) }{ for children }</div> },
        index,
    )
}

fn tokens(line: &pretty::Line) -> Html {
    html! {
        { for line.tokens.iter().map(|token| {
            let class = match token.kind {
                pretty::TokenKind::Punctuation => "tok-punct",
                pretty::TokenKind::ElementName => "tok-element",
                pretty::TokenKind::AttributeName => "tok-attr",
                pretty::TokenKind::NamespaceName => "tok-ns",
                pretty::TokenKind::AttributeValue => "tok-value",
                pretty::TokenKind::Text => "tok-text",
                pretty::TokenKind::CData => "tok-cdata",
                pretty::TokenKind::Comment => "tok-comment",
                pretty::TokenKind::ProcessingInstruction => "tok-pi",
            };
            html! { <span class={class}>{ token.text.clone() }</span> }
        }) }
    }
}
