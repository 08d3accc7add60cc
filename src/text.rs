//! Text for people: how a value is shown, and how text is escaped for an output format.
//!
//! Owns two things every face needs and none may get subtly different:
//!
//! - **Showing a value exactly.** Invisible characters are a common reason a login fails
//!   (a trailing space in a RoleSessionName, a zero-width space in a NameID, a BOM before
//!   an entity id), so reports show values through [`quote`] (escapes for every invisible
//!   or control character) or [`mark_whitespace`] (a visible mark for each whitespace
//!   character, where the position of a space is the point). [`is_invisible`] is the one
//!   list of characters that draw nothing although they are not whitespace.
//! - **Escaping for an output format.** One escaper per format, each named
//!   `escape_<format>`: [`escape_html`] today (HTML text and attribute values). The
//!   escapers for terminals (control sequences) and for Markdown go next to it, so that a
//!   renderer never writes its own. XML canonicalization keeps its own escaping rules
//!   (Exc-C14N §1.1 / C14N §2.3, in `xml::c14n`): those are part of what a signature
//!   covers, not a presentation.
//!
//! Plain functions over `&str`; nothing here knows about SAML.

use std::fmt::Write;

// --- showing values -------------------------------------------------------------------

/// A value in double quotes with invisible and control characters escaped: `\t`, `\n`,
/// `\r`, and `\u{a0}`-style escapes for every other control character, every
/// whitespace character other than the plain space (NBSP, thin and ideographic spaces,
/// line separators) and every invisible format character (zero-width spaces and joiners,
/// the BOM, bidi controls, soft hyphen...). Quotes and backslashes are escaped, so the
/// quoted text reads back unambiguously.
pub fn quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for character in value.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\t' => quoted.push_str("\\t"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            ' ' => quoted.push(' '),
            other if other.is_control() || other.is_whitespace() || is_invisible(other) => {
                let _ = write!(quoted, "\\u{{{:x}}}", u32::from(other));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

/// Whether `character` draws nothing although it is not whitespace: Unicode format
/// characters (general category Cf) and fillers that render as blanks. Used by [`quote`]
/// and by checks that look for invisible padding.
pub fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fffb}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// A value with every whitespace character replaced by a visible mark (`␠` for a space,
/// `⇥` for a tab, `⍽` for a no-break space, `↵` for line breaks), for details where the
/// position of a space is the point (a Role value's `role-arn, provider-arn`).
pub fn mark_whitespace(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            ' ' => '␠',
            '\t' => '⇥',
            '\u{a0}' | '\u{202f}' | '\u{2007}' => '⍽',
            '\n' | '\r' => '↵',
            other => other,
        })
        .collect()
}

/// A value [`quote`]d, plus a copy with its whitespace marked ([`mark_whitespace`]) when
/// it holds any: `"a b" (spaces marked: a␠b)`.
pub fn quote_marked(value: &str) -> String {
    if value.chars().any(char::is_whitespace) {
        format!(
            "{} (spaces marked: {})",
            quote(value),
            mark_whitespace(value)
        )
    } else {
        quote(value)
    }
}

// --- escaping for an output format ------------------------------------------------------

/// Escapes text for HTML, in element content and in quoted attribute values alike: `&`,
/// `<`, `>`, `"` and `'`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

// --- fixed sets of texts ----------------------------------------------------------------

/// A text from a fixed set of static texts. Reading a report back (the page reads the
/// engine's JSON), such a field is looked up in its set with [`one_of`], and anything
/// else is refused; nothing is allocated for it, let alone leaked. (An alias, because
/// serde's derive would otherwise try to borrow a `&'static str` from the JSON.)
pub type StaticText = &'static str;

/// `text` as the member of `known` it equals; a serde error naming it otherwise.
pub fn one_of<E: serde::de::Error>(text: &str, known: &[&'static str]) -> Result<StaticText, E> {
    known
        .iter()
        .copied()
        .find(|candidate| *candidate == text)
        .ok_or_else(|| E::custom(format_args!("unexpected `{text}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_makes_whitespace_visible() {
        let cases = [
            ("alice", "\"alice\""),
            ("alice ", "\"alice \""),
            ("a\tb", "\"a\\tb\""),
            ("\u{200b}x", "\"\\u{200b}x\""),
            ("jdoe\u{a0}", "\"jdoe\\u{a0}\""),
            ("\u{feff}id", "\"\\u{feff}id\""),
            ("a\u{200d}b\u{2060}", "\"a\\u{200d}b\\u{2060}\""),
            ("line\r\nnext\u{2028}", "\"line\\r\\nnext\\u{2028}\""),
            ("say \"hi\" \\", "\"say \\\"hi\\\" \\\\\""),
            ("\u{0}\u{1b}", "\"\\u{0}\\u{1b}\""),
            ("caf\u{e9} \u{65e5}", "\"caf\u{e9} \u{65e5}\""),
        ];
        for (value, expected) in cases {
            assert_eq!(quote(value), expected);
        }
    }

    #[test]
    fn whitespace_marks_show_where_the_space_is() {
        let cases = [
            ("a b", "a␠b"),
            ("a\tb\u{a0}", "a⇥b⍽"),
            ("x\r\n", "x↵↵"),
            ("plain", "plain"),
        ];
        for (value, expected) in cases {
            assert_eq!(mark_whitespace(value), expected, "{value:?}");
        }
        assert_eq!(quote_marked("ab"), "\"ab\"");
        assert_eq!(quote_marked("a b"), "\"a b\" (spaces marked: a␠b)");
    }

    #[test]
    fn html_escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("plain é"), "plain é");
    }

    #[test]
    fn one_of_finds_members_only() {
        let known = ["a", "b"];
        let found: Result<_, serde_json::Error> = one_of("b", &known);
        assert_eq!(found.ok(), Some("b"));
        let missing: Result<_, serde_json::Error> = one_of("c", &known);
        assert!(missing.is_err());
    }
}
