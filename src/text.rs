//! Text for people: how a value is shown, and how text is escaped for an output format.
//!
//! Owns two things every face needs and none may get subtly different:
//!
//! - **Showing a value exactly.** Invisible characters are a common reason a login fails
//!   (a trailing space in a RoleSessionName, a zero-width space in a NameID, a BOM before
//!   an entity id), so reports show values through [`quote`] (escapes for every invisible
//!   or control character) or [`mark_whitespace`] (a visible mark for each whitespace
//!   character, where the position of a space is the point). [`is_invisible`] is the one
//!   list of characters that draw nothing although they are not whitespace, and
//!   [`is_hidden_or_control`] the one list of characters no output may carry raw.
//! - **Escaping for an output format.** One escaper per format, so that a renderer never
//!   writes its own: [`escape_terminal`] (plain text: no control character, escape
//!   sequence or bidi control reaches a terminal), [`escape_markdown`],
//!   [`markdown_code`] and [`markdown_fence`] (CommonMark with GitHub's extensions:
//!   no value opens a link, an image, an autolink or raw HTML, or closes a code block),
//!   [`escape_html`] (HTML text and attribute values), [`harden_json`] (JSON text with
//!   every such character as a `\u` escape) and [`shell_word`] (a command-line word
//!   that bash, dash, zsh, fish, PowerShell and cmd all read as the same literal).
//!   XML canonicalization keeps its own escaping rules (Exc-C14N §1.1 / C14N §2.3, in
//!   `xml::c14n`): those are part of what a signature covers, not a presentation.
//!
//! The message a user drops is attacker-controlled in every byte, and the people who
//! read our outputs often do so in a terminal holding AWS credentials: an escape
//! sequence can clear the screen, fake lines of the report or write the clipboard (OSC
//! 52), a bidi override makes text read differently from what it is, and a Markdown
//! viewer turns a bare `https://…` into a link. Every renderer therefore passes every
//! value through one of the escapers here, and nothing else.
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

/// Whether no output may carry `character` raw, because something other than a reader
/// acts on it: every control character (C0 with ESC, which starts every terminal escape
/// sequence; DEL; C1 with CSI, OSC and NEL), the line and paragraph separators
/// (U+2028, U+2029), and every invisible format character of [`is_invisible`] (bidi
/// embeddings, overrides, isolates and marks, zero-width characters, the BOM...).
pub fn is_hidden_or_control(character: char) -> bool {
    character.is_control()
        || is_invisible(character)
        || matches!(character, '\u{2028}' | '\u{2029}')
}

/// Writes `character` as [`quote`] escapes it: `\t`, `\n`, `\r`, else `\u{1b}`.
fn push_escaped(out: &mut String, character: char) {
    match character {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        other => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(other));
        }
    }
}

// --- escaping for an output format ------------------------------------------------------

/// Text for a terminal, on one line: every [`is_hidden_or_control`] character written
/// as its escape (`\n`, `\u{1b}`, `\u{202e}`), everything else as it is. A value can
/// then neither send an escape sequence (clear the screen, move the cursor, set the
/// title, write the clipboard with OSC 52, end a bracketed paste) nor start a line of
/// its own, nor reorder what is shown around it. Backslashes are left alone, so a
/// [`quote`]d value (which has none of these characters) passes unchanged.
pub fn escape_terminal(text: &str) -> String {
    escape_hidden(text, false)
}

/// [`escape_terminal`] over a whole document of lines: the same, but line feeds and tabs
/// (the layout of the document) are kept. The renderers' last step, so that no line of
/// theirs can carry what a value's escape missed.
pub fn escape_terminal_lines(text: &str) -> String {
    escape_hidden(text, true)
}

fn escape_hidden(text: &str, keep_layout: bool) -> String {
    if !text.chars().any(is_hidden_or_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        if keep_layout && matches!(character, '\n' | '\t') {
            out.push(character);
        } else if is_hidden_or_control(character) {
            push_escaped(&mut out, character);
        } else {
            out.push(character);
        }
    }
    out
}

/// Text for running Markdown (a paragraph, a list item, a table cell, a heading), read
/// by CommonMark and GitHub Flavored Markdown alike as exactly these characters.
///
/// - Control and invisible characters are escaped first ([`escape_terminal`]), so the
///   result is one line: no value can start a block of its own (a heading, a fence, a
///   table row) or end the one it is in.
/// - Every character that opens inline markup is backslash-escaped (CommonMark §2.4:
///   any ASCII punctuation may be): `\` `` ` `` `*` `_` `[` `]` `<` `>` `!` `&` `~` `|`
///   `#`, so no emphasis, link, image, raw HTML, entity, strikethrough (GFM §6.5) or
///   table cell (GFM §4.10) is made; and at the start, the characters that open a block
///   there (`-` `+` `=` and the `.` or `)` of `1.`).
/// - A word that GFM would turn into a link although every character is escaped — a
///   word with `://`, `www.`, `@` (e-mail autolinks, §6.9, are found after inline
///   parsing, so escapes do not stop them) or `mailto:`/`xmpp:` — is written as code
///   ([`markdown_code`]), in which nothing is linked.
pub fn escape_markdown(text: &str) -> String {
    let visible = escape_terminal(text);
    let mut out = String::with_capacity(visible.len() + 16);
    // Until the first word, a character may open a block (a list item, a setext
    // underline, a thematic break).
    let mut at_start = true;
    for (index, word) in visible.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if would_autolink(word) {
            // Punctuation that ends a sentence stays outside the code, as GFM leaves
            // it outside an autolink: "`https://host/saml`," rather than
            // "`https://host/saml,`".
            let core = word.trim_end_matches(SENTENCE_PUNCTUATION);
            let core = if would_autolink(core) { core } else { word };
            out.push_str(&markdown_code(core));
            out.push_str(&word[core.len()..].replace('!', "\\!"));
            at_start = false;
            continue;
        }
        let ordered_list_marker = at_start
            .then(|| word.find(|c: char| !c.is_ascii_digit()))
            .flatten()
            .filter(|&at| at > 0 && word[at..].starts_with(['.', ')']));
        for (at, character) in word.char_indices() {
            let opens_block = at_start && at == 0 && matches!(character, '-' | '+' | '=');
            if opens_block
                || ordered_list_marker == Some(at)
                || matches!(
                    character,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '&' | '~' | '|' | '#'
                )
            {
                out.push('\\');
            }
            out.push(character);
        }
        at_start &= word.is_empty();
    }
    out
}

/// Reads back running text written by [`escape_markdown`] (and code from
/// [`markdown_code`]): backslash escapes of ASCII punctuation undone, code spans taken
/// as they are (one space of padding removed from each end). Gives the text as
/// [`escape_terminal`] showed it, which is how a report read back quotes its findings.
pub fn unescape_markdown(markdown: &str) -> String {
    let characters: Vec<char> = markdown.chars().collect();
    let run_at = |at: usize| {
        characters[at..]
            .iter()
            .take_while(|&&character| character == '`')
            .count()
    };
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    while let Some(&character) = characters.get(at) {
        if character == '\\'
            && let Some(&next) = characters.get(at + 1)
            && next.is_ascii_punctuation()
        {
            out.push(next);
            at += 2;
            continue;
        }
        if character != '`' {
            out.push(character);
            at += 1;
            continue;
        }
        // A code span ends at the next run of exactly as many backticks.
        let run = run_at(at);
        let mut end = at + run;
        while end < characters.len() && !(characters[end] == '`' && run_at(end) == run) {
            end += if characters[end] == '`' {
                run_at(end)
            } else {
                1
            };
        }
        if end >= characters.len() {
            out.extend(&characters[at..at + run]);
            at += run;
            continue;
        }
        let content = &characters[at + run..end];
        let padded = content.len() >= 2
            && content.first() == Some(&' ')
            && content.last() == Some(&' ')
            && content.iter().any(|&character| character != ' ');
        let content = if padded {
            &content[1..content.len() - 1]
        } else {
            content
        };
        out.extend(content);
        at = end + run;
    }
    out
}

/// What may end a sentence after a link, kept outside its code span by
/// [`escape_markdown`]; none of them opens inline markup except `!`, which is escaped.
const SENTENCE_PUNCTUATION: &[char] = &[',', '.', ';', ':', '!', '?'];

/// Whether GFM's autolink extension could make a link of (part of) `word`.
fn would_autolink(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("://")
        || lower.contains("www.")
        || lower.contains('@')
        || lower.contains("mailto:")
        || lower.contains("xmpp:")
}

/// `text` as Markdown code (CommonMark §6.1), shown exactly and never parsed: the
/// backtick string around it is longer than any run of backticks inside, with a space
/// of padding where the text begins or ends with a backtick or a space (which a code
/// span would otherwise eat). Control and invisible characters are escaped first
/// ([`escape_terminal`]); a `|` is written between two code spans as `\|`, never
/// inside one, so the result is the same text in a GFM table cell and outside one.
pub fn markdown_code(text: &str) -> String {
    let visible = escape_terminal(text);
    let mut out = String::with_capacity(visible.len() + 8);
    for (index, piece) in visible.split('|').enumerate() {
        if index > 0 {
            out.push_str("\\|");
        }
        if piece.is_empty() {
            continue;
        }
        let ticks = "`".repeat(longest_run(piece, '`') + 1);
        let pad = piece.starts_with(['`', ' ']) || piece.ends_with(['`', ' ']);
        let pad = if pad && !piece.chars().all(|c| c == ' ') {
            " "
        } else {
            ""
        };
        let _ = write!(out, "{ticks}{pad}{piece}{pad}{ticks}");
    }
    out
}

/// The fence for a fenced code block (CommonMark §4.5) around `content`: `character`
/// (`` ` `` or `~`) repeated more often than the longest run of backticks or tildes in
/// `content`, and at least `minimum` (3 or more) times, so no line of the content can
/// close the block.
pub fn markdown_fence(content: &str, character: char, minimum: usize) -> String {
    let longest = longest_run(content, '`').max(longest_run(content, '~'));
    character
        .to_string()
        .repeat(minimum.max(3).max(longest + 1))
}

/// The length of the longest run of `character` in `text`.
fn longest_run(text: &str, character: char) -> usize {
    text.split(|c| c != character)
        .map(|run| run.len() / character.len_utf8())
        .max()
        .unwrap_or(0)
}

/// XML text with no character a terminal or a renderer acts on, read by an XML parser
/// as the same document: a CR (alone or before a LF) becomes a LF, as XML's end-of-line
/// handling reads it anyway (XML 1.0 §2.11), and every other [`is_hidden_or_control`]
/// character but tab and LF becomes a character reference (`&#x85;`, `&#x202e;`), which
/// reads back as that character in text and attribute values (XML 1.0 §4.1). (A C0
/// control is not allowed in XML at all, as a character or as a reference: a document
/// with one stays unreadable.)
pub fn xml_char_references(xml: &str) -> String {
    if !xml.chars().any(is_hidden_or_control) {
        return xml.to_owned();
    }
    let mut out = String::with_capacity(xml.len() + 16);
    let mut characters = xml.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\r' => {
                if characters.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' | '\n' => out.push(character),
            other if is_hidden_or_control(other) => {
                let _ = write!(out, "&#x{:x};", u32::from(other));
            }
            other => out.push(other),
        }
    }
    out
}

/// Escapes text for HTML, in element content and in quoted attribute values alike: `&`,
/// `<`, `>`, `"` and `'`, and every [`is_hidden_or_control`] character as a numeric
/// character reference (`&#x1b;`), so the document carries none of them raw while a
/// reader that decodes references gets the text back exactly. (For text a person reads,
/// escape with [`escape_terminal`] first, which makes those characters visible.)
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(character),
            other if is_hidden_or_control(other) => {
                let _ = write!(out, "&#x{:x};", u32::from(other));
            }
            other => out.push(other),
        }
    }
    out
}

/// JSON text (as `serde_json` writes it) with every [`is_hidden_or_control`] character
/// it left raw written as a `\uXXXX` escape (a surrogate pair above U+FFFF). `serde_json`
/// escapes C0 itself but writes DEL, C1 (CSI, OSC...), bidi controls and U+2028/U+2029
/// as they are, which a terminal showing the JSON would act on. Outside strings JSON
/// text is ASCII punctuation, digits, letters and whitespace, so every such character
/// is inside a string, where the escape reads back as the same character: the values
/// stay exact.
pub fn harden_json(json: &str) -> String {
    if !json.chars().any(is_hidden_or_control_but_json_whitespace) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for character in json.chars() {
        if is_hidden_or_control_but_json_whitespace(character) {
            let mut units = [0u16; 2];
            for unit in character.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(character);
        }
    }
    out
}

/// JSON's own whitespace between tokens (`\n`, `\t`, `\r`, space) is left alone: inside
/// strings `serde_json` has escaped it already.
fn is_hidden_or_control_but_json_whitespace(character: char) -> bool {
    !matches!(character, '\n' | '\t' | '\r') && is_hidden_or_control(character)
}

/// `value` as one word of a command line that bash, dash, zsh, fish, PowerShell and cmd
/// all read as exactly `value`, or `None` when no such word exists.
///
/// - Bare, when `value` starts with an ASCII letter and has only ASCII letters, digits
///   and `_ . : / -`: none of the six shells gives any of these a meaning inside a word
///   (no globbing, expansion, quoting, splitting or operator), and a word that starts
///   with a letter is neither an option, nor zsh's `=command` expansion, nor one of
///   PowerShell's number literals, splats (`@`) or array operators (`,`).
/// - In double quotes, when it also has `+ = , @ *` or starts otherwise: inside double
///   quotes bash, dash and zsh expand only `$`, `` ` ``, `\` and `!` (history);
///   fish only `$` and `\`; PowerShell only `$`, `` ` `` and its quote characters
///   (`"` and the typographic ones); cmd only `%` (and `!` with delayed expansion). None
///   of those is allowed, so the quotes are the only thing any shell removes. (Windows
///   programs split their command line by the same rule: quotes group, and no `"` or `\`
///   is left to escape.)
/// - Anything else (a space, a quote, `$ % ! ^ & ; | < > ( ) { } [ ] ~ # '`, a
///   backslash, any control or non-ASCII character) has a meaning in at least one of the
///   shells that quoting cannot take away in all of them at once: `None`.
pub fn shell_word(value: &str) -> Option<String> {
    let bare = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '-');
    let quotable = |c: char| bare(c) || matches!(c, '+' | '=' | ',' | '@' | '*');
    let first = value.chars().next()?;
    if first.is_ascii_alphabetic() && value.chars().all(bare) {
        return Some(value.to_owned());
    }
    value.chars().all(quotable).then(|| format!("\"{value}\""))
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
    fn hidden_and_control_characters_are_one_list() {
        for character in [
            '\u{0}',
            '\u{7}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{9d}',
            '\u{61c}',
            '\u{200b}',
            '\u{200e}',
            '\u{202a}',
            '\u{202e}',
            '\u{2028}',
            '\u{2029}',
            '\u{2066}',
            '\u{2069}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            assert!(is_hidden_or_control(character), "{character:?}");
        }
        for character in ['a', ' ', '\u{a0}', 'é', '\u{65e5}', '"', '\\'] {
            assert!(!is_hidden_or_control(character), "{character:?}");
        }
    }

    #[test]
    fn terminal_text_carries_no_control_sequence() {
        let cases = [
            ("plain: a \"b\" \\c", "plain: a \"b\" \\c"),
            (
                "\u{1b}[2J\u{1b}[HNo problems",
                "\\u{1b}[2J\\u{1b}[HNo problems",
            ),
            (
                "osc\u{1b}]52;c;cHduZWQ=\u{7}",
                "osc\\u{1b}]52;c;cHduZWQ=\\u{7}",
            ),
            ("a\nb\r\tc", "a\\nb\\r\\tc"),
            ("csi\u{9b}2J nel\u{85}", "csi\\u{9b}2J nel\\u{85}"),
            ("\u{202e}txt.exe", "\\u{202e}txt.exe"),
            (
                "zw\u{200b}j\u{2069}\u{2028}",
                "zw\\u{200b}j\\u{2069}\\u{2028}",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(escape_terminal(text), expected, "{text:?}");
        }
        assert_eq!(
            escape_terminal_lines("a\u{1b}\nb\t\r\n"),
            "a\\u{1b}\nb\t\\r\n"
        );
        // A quoted value passes unchanged.
        let quoted = quote("x\u{1b}\u{202e}\\ \"");
        assert_eq!(escape_terminal(&quoted), quoted);
    }

    #[test]
    fn markdown_text_opens_no_markup() {
        let cases = [
            ("plain words.", "plain words."),
            ("*em* _u_ `c` ~s~", "\\*em\\* \\_u\\_ \\`c\\` \\~s\\~"),
            ("[x](y) ![i](j)", "\\[x\\](y) \\!\\[i\\](j)"),
            ("<img src=x>", "\\<img src=x\\>"),
            ("&#x202e; &amp;", "\\&\\#x202e; \\&amp;"),
            ("a | b # c \\", "a \\| b \\# c \\\\"),
            ("- item", "\\- item"),
            ("  + item", "  \\+ item"),
            ("=== x - y", "\\=== x - y"),
            ("12. x 3. y", "12\\. x 3. y"),
            ("1) x", "1\\) x"),
            ("see https://evil.example/a", "see `https://evil.example/a`"),
            ("(www.evil.example)", "`(www.evil.example)`"),
            ("mail alice@evil.example.", "mail `alice@evil.example`."),
            (
                "POST https://sp.example/saml, HTTP 302",
                "POST `https://sp.example/saml`, HTTP 302",
            ),
            ("at https://sp.example/a!?", "at `https://sp.example/a`\\!?"),
            ("mailto:, then", "`mailto:,` then"),
            ("x `a@b|c` y", "x `` `a@b ``\\|`` c` `` y"),
            ("line\nbreak\u{1b}", "line\\\\nbreak\\\\u{1b}"),
        ];
        for (text, expected) in cases {
            assert_eq!(escape_markdown(text), expected, "{text:?}");
        }
    }

    #[test]
    fn markdown_text_reads_back_as_shown() {
        for text in [
            "plain words.",
            "*em* _u_ `c` ~s~ [x](y) ![i](j) <img src=x> &#x202e;",
            "- item 12. x | a \\ b #",
            "see https://evil.example/a|b and `a@b|c` and ``x``",
            "POST https://sp.example/saml, HTTP 302; mail a@b.example. Done!",
            "line\nbreak\u{1b}[2J \u{202e}x",
            "``` ~~~ ` `` ```",
            "trailing \\",
        ] {
            assert_eq!(
                unescape_markdown(&escape_markdown(text)),
                escape_terminal(text),
                "{text:?}"
            );
        }
        assert_eq!(unescape_markdown("a `b"), "a `b");
    }

    #[test]
    fn markdown_code_outlasts_its_backticks() {
        let cases = [
            ("a", "`a`"),
            ("a`b", "``a`b``"),
            ("`a", "`` `a ``"),
            ("a ", "` a  `"),
            ("   ", "`   `"),
            ("x|y", "`x`\\|`y`"),
            ("|", "\\|"),
            ("``` ~~~", "```` ``` ~~~ ````"),
            ("a\u{1b}b", "`a\\u{1b}b`"),
        ];
        for (text, expected) in cases {
            assert_eq!(markdown_code(text), expected, "{text:?}");
        }
        assert_eq!(markdown_fence("aws iam list-saml-providers", '`', 3), "```");
        assert_eq!(markdown_fence("a````b", '`', 3), "`````");
        assert_eq!(markdown_fence("<a>~~~~~~~~~~</a>", '~', 8), "~~~~~~~~~~~");
        assert_eq!(markdown_fence("", '~', 8), "~~~~~~~~");
    }

    #[test]
    fn html_escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("plain é"), "plain é");
        assert_eq!(
            escape_html("a\tb\nc\r\u{1b}[2J\u{85}\u{202e}\u{2028}"),
            "a\tb\nc&#xd;&#x1b;[2J&#x85;&#x202e;&#x2028;"
        );
    }

    #[test]
    fn xml_keeps_its_meaning_without_control_characters() {
        assert_eq!(xml_char_references("<a>\r\nx\ry</a>"), "<a>\nx\ny</a>");
        assert_eq!(
            xml_char_references("<a b=\"\u{85}\">\t\u{202e}\u{1b}[2J</a>"),
            "<a b=\"&#x85;\">\t&#x202e;&#x1b;[2J</a>"
        );
        assert_eq!(xml_char_references("<a>é</a>"), "<a>é</a>");
    }

    #[test]
    fn hardened_json_reads_back_exactly() {
        let value = serde_json::json!({
            "v": "a\u{1b}[2J\u{7f}\u{85}\u{9b}\u{202e}\u{2028}\u{2029}\u{feff}\u{e0041}\n\"\\ é",
        });
        let json = serde_json::to_string_pretty(&value).unwrap_or_default();
        let hardened = harden_json(&json);
        assert!(
            !hardened
                .chars()
                .any(|c| is_hidden_or_control(c) && c != '\n'),
            "{hardened}"
        );
        assert!(hardened.contains("\\u202e") && hardened.contains("\\udb40\\udc41"));
        let back: serde_json::Value = serde_json::from_str(&hardened).unwrap_or_default();
        assert_eq!(back, value);
    }

    #[test]
    fn shell_words_read_alike_in_every_shell() {
        let cases: [(&str, Option<&str>); 22] = [
            ("SamlReadOnly", Some("SamlReadOnly")),
            ("eu-west-1", Some("eu-west-1")),
            (
                "arn:aws:iam::111122223333:saml-provider/Example.IdP_1",
                Some("arn:aws:iam::111122223333:saml-provider/Example.IdP_1"),
            ),
            ("2024-05-01T11:45:00Z", Some("\"2024-05-01T11:45:00Z\"")),
            ("=ls", Some("\"=ls\"")),
            ("-x", Some("\"-x\"")),
            ("@splat", Some("\"@splat\"")),
            ("a,b", Some("\"a,b\"")),
            ("a+b=c", Some("\"a+b=c\"")),
            ("user/*", Some("\"user/*\"")),
            (".hidden", Some("\".hidden\"")),
            ("", None),
            ("a b", None),
            ("a'b", None),
            ("a\"b", None),
            ("x\\", None),
            ("$(id)", None),
            ("%PATH%", None),
            ("a^&b", None),
            ("~root", None),
            ("caf\u{e9}", None),
            ("x\u{1b}[201~", None),
        ];
        for (value, expected) in cases {
            assert_eq!(shell_word(value).as_deref(), expected, "{value:?}");
        }
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
