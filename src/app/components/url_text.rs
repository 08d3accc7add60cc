//! A URL's path and query for reading: the path breaks only after its slashes, and the
//! query's parameters are listed one per line, decoded, long values shortened (the whole
//! URL stays in the row's `title` and in the request's details), instead of one
//! unbroken line that folds in the middle of a word.

use saml_inspector::input::parse_query;
use saml_inspector::text::escape_terminal;
use yew::prelude::*;

/// At most this many parameters are listed; the rest are counted.
const PARAMETERS_SHOWN: usize = 12;
/// A parameter's value is shortened to this many characters (a SAMLRequest is thousands).
const VALUE_SHOWN: usize = 60;

/// The path and query of a URL (`/sso/saml?fromLogin=true`), or a whole URL: the path
/// breaking after its slashes, the query's parameters listed under it. A function, not
/// a component: each flow row draws one or two.
pub fn path_and_query(text: &str) -> Html {
    let (path, query) = match text.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (text, None),
    };
    let fields = query.map(parse_query).unwrap_or_default();
    let hidden = fields.len().saturating_sub(PARAMETERS_SHOWN);
    html! {
        <>
            <span class="path">{ breakable(&escape_terminal(path), &['/']) }</span>
            if !fields.is_empty() {
                <ul class="url-params" aria-label="Query parameters">
                    { for fields.iter().take(PARAMETERS_SHOWN).map(|field| html! {
                        <li>
                            <span class="param-name">{ escape_terminal(&field.decoded_name()) }</span>
                            { " = " }
                            <span class="param-value">{ shorten(&escape_terminal(&field.decoded_value()), VALUE_SHOWN) }</span>
                        </li>
                    }) }
                    if hidden > 0 {
                        <li class="hint">{ format!("… and {hidden} more") }</li>
                    }
                </ul>
            } else if query.is_some() {
                <span class="path">{ "?" }</span>
            }
        </>
    }
}

/// `text` with a line-break opportunity (`<wbr>`, which adds no text) after each of
/// `after`, so a long path folds between its segments rather than inside one.
pub fn breakable(text: &str, after: &[char]) -> Html {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(after) {
        let (part, tail) = rest.split_at(at + 1);
        pieces.push(html! { <>{ part.to_owned() }<wbr /></> });
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(html! { { rest.to_owned() } });
    }
    html! { <>{ for pieces }</> }
}

/// At most `limit` characters, with an ellipsis when cut.
pub fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(limit).collect();
    cut.push('…');
    cut
}
