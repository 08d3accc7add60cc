//! Showing a value exactly, with invisible characters made visible.
//!
//! A trailing space in a RoleSessionName or a zero-width space in a NameID is a common
//! reason for a failed login and invisible in a normal rendering. Here leading and
//! trailing spaces show as `·`, tabs as `⇥`, line breaks as `↵`, and other invisible or
//! unusual whitespace as its code point, each marked so it is announced and styled.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ValueProps {
    pub text: AttrValue,
}

/// A value in a `<code>` with whitespace and invisible characters marked.
#[function_component]
pub fn Value(props: &ValueProps) -> Html {
    let text = props.text.as_str();
    if text.is_empty() {
        return html! { <code class="value empty">{ "(empty)" }</code> };
    }
    let leading = text.len() - text.trim_start().len();
    let trailing = text.len() - text.trim_end().len();
    let mut pieces: Vec<Html> = Vec::new();
    let mut plain = String::new();
    for (offset, character) in text.char_indices() {
        let at_edge = offset < leading || offset >= text.len() - trailing;
        let marker = match character {
            ' ' if at_edge => Some(("·".to_owned(), "space")),
            '\t' => Some(("⇥".to_owned(), "tab")),
            '\n' => Some(("↵".to_owned(), "line feed")),
            '\r' => Some(("␍".to_owned(), "carriage return")),
            '\u{00A0}' => Some(("⍽".to_owned(), "no-break space")),
            c if is_invisible(c) => Some((format!("[U+{:04X}]", c as u32), "invisible character")),
            _ => None,
        };
        match marker {
            Some((shown, label)) => {
                if !plain.is_empty() {
                    pieces.push(html! { { std::mem::take(&mut plain) } });
                }
                pieces.push(html! {
                    <span class="ws-mark" title={label} aria-label={label}>{ shown }</span>
                });
            }
            None => plain.push(character),
        }
    }
    if !plain.is_empty() {
        pieces.push(html! { { plain } });
    }
    html! { <code class="value">{ for pieces }</code> }
}

fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{0000}'..='\u{0008}'
            | '\u{000B}'..='\u{001F}'
            | '\u{007F}'..='\u{009F}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{3000}'
    )
}
