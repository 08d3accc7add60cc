//! Showing a value exactly, with invisible characters made visible.
//!
//! A trailing space in a RoleSessionName or a zero-width space in a NameID is a common
//! reason for a failed login and invisible in a normal rendering. Here a leading or
//! trailing space is drawn by the stylesheet (an open box around the space itself, so it
//! shows whatever fonts the machine has, and copies as a space); tabs, line breaks and
//! no-break spaces show as short ASCII names (`TAB`, `LF`, `CR`, `NBSP`) and other
//! invisible characters as their code point (`[U+200B]`). Every marker has the name of
//! what it stands for, which screen readers announce.

use super::url_text::breakable;
use yew::prelude::*;

/// A value folds after these (a URL's slashes, the comma of a Role pair) rather than
/// inside a word; the line-break opportunities add no text.
const BREAK_AFTER: &[char] = &['/', ','];

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
            // Drawn by the stylesheet around the space itself: no glyph needed.
            ' ' if at_edge => Some((" ".to_owned(), "space", "ws-space")),
            '\t' => Some(("TAB".to_owned(), "tab", "ws-name")),
            '\n' => Some(("LF".to_owned(), "line feed", "ws-name")),
            '\r' => Some(("CR".to_owned(), "carriage return", "ws-name")),
            '\u{00A0}' => Some(("NBSP".to_owned(), "no-break space", "ws-name")),
            c if is_invisible(c) => Some((
                format!("[U+{:04X}]", c as u32),
                "invisible character",
                "ws-code",
            )),
            _ => None,
        };
        match marker {
            Some((shown, label, kind)) => {
                if !plain.is_empty() {
                    pieces.push(breakable(&std::mem::take(&mut plain), BREAK_AFTER));
                }
                // `role="img"`: announced by its name, not by what it draws.
                pieces.push(html! {
                    <span class={classes!("ws-mark", kind)} role="img" title={label} aria-label={label}>{ shown }</span>
                });
            }
            None => plain.push(character),
        }
    }
    if !plain.is_empty() {
        pieces.push(breakable(&plain, BREAK_AFTER));
    }
    html! { <code class="value">{ for pieces }</code> }
}

/// Whether `character` gets a marker: the core's one list of characters no output may
/// carry raw (controls, bidi controls, zero-width and other invisible characters, line
/// separators), and whitespace other than the plain space.
fn is_invisible(character: char) -> bool {
    saml_inspector::text::is_hidden_or_control(character)
        || (character.is_whitespace() && character != ' ')
}

/// Whether a signature covers a value, in words next to it (never colour alone):
/// "signed", "signed, signer not checked", "unsigned", "outside the signature",
/// "signature not checked".
pub fn mark_badge(mark: saml_inspector::engine::view::Mark) -> Html {
    use saml_inspector::engine::view::Mark;
    let icon = match mark {
        Mark::Signed => "✔",
        Mark::Unpinned => "◑",
        Mark::Unsigned | Mark::NotChecked => "○",
        Mark::Outside => "✖",
    };
    html! {
        <span class={classes!("mark", mark.as_str())} data-testid="mark" data-mark={mark.as_str()}
            title={mark_title(mark)}>
            <span aria-hidden="true">{ icon }</span>{ " " }{ mark.words() }
        </span>
    }
}

fn mark_title(mark: saml_inspector::engine::view::Mark) -> &'static str {
    use saml_inspector::engine::view::Mark;
    match mark {
        Mark::Signed => "A valid signature made with a key you trust covers this value.",
        Mark::Unpinned => {
            "An intact signature covers this value, made with the certificate inside the message: who signed it was not checked."
        }
        Mark::Unsigned => "No valid signature covers this value.",
        Mark::Outside => {
            "This value is read from outside what the message's signature covers: a service provider that reads it trusts unsigned data (signature wrapping)."
        }
        Mark::NotChecked => "The message's signatures could not be checked here.",
    }
}

/// A value with its mark, if it has one.
pub fn marked(text: &str, mark: Option<saml_inspector::engine::view::Mark>) -> Html {
    html! {
        <>
            <Value text={AttrValue::from(text.to_owned())} />
            if let Some(mark) = mark { { " " }{ mark_badge(mark) } }
        </>
    }
}
