//! The XML view, a page at a time: the indented, token-classified lines
//! (`xml::pretty`) with each line's signed mark and search match, or the original text
//! exactly as received. A message of 13 MB is hundreds of thousands of lines; the page
//! draws [`LINES_PER_PAGE`] of them (or [`ORIGINAL_BYTES_PER_PAGE`] of the original) and
//! asks for more as the user scrolls, and the search counts matches here, over all of
//! them.

use crate::dsig::Coverage;
use crate::limits::Limits;
use crate::xml::pretty::{self, Line, Token};
use serde::{Deserialize, Serialize};

/// Indented lines sent at once: a page the page's main thread draws in well under
/// 100 ms (each line is a handful of coloured tokens).
pub const LINES_PER_PAGE: usize = 200;
/// Bytes of the original text sent at once (cut at a line end when there is one
/// within, else at a character boundary).
pub const ORIGINAL_BYTES_PER_PAGE: usize = 64 << 10;
/// At most this many characters of a search are used (a longer one is cut).
pub const SEARCH_LIMIT: usize = 200;

/// One page of the XML view.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct XmlPage {
    /// The XML parsed (else the indented view cannot be made, and the original is
    /// shown).
    pub parsed: bool,
    /// Indented lines, or bytes of the original, in all.
    pub total: usize,
    /// Where this page starts (a line, or a byte offset of the original).
    pub from: usize,
    /// Where the next page starts, when there is one.
    pub next: Option<usize>,
    /// Lines (indented, or of the original) that contain the search.
    pub matches: usize,
    /// The indented lines of this page.
    pub lines: Vec<XmlLine>,
    /// The original text of this page, line by line.
    pub original: Vec<OriginalPiece>,
    /// Some line is covered by a signature made with a trusted key.
    pub any_signed: bool,
}

/// One indented line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XmlLine {
    /// Its index among all lines.
    pub index: usize,
    pub depth: usize,
    /// For a line that opens an element with children: the index of its closing line
    /// (the page folds the lines in between).
    pub closes_at: Option<usize>,
    /// A signature made with a trusted key covers the node it shows.
    pub signed: bool,
    /// It contains the search.
    pub matched: bool,
    pub tokens: Vec<Token>,
}

/// A line (or the piece of a long line in this page) of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalPiece {
    pub text: String,
    pub matched: bool,
}

/// The indented lines of one message, made once and kept while the user reads them.
#[derive(Debug, Clone)]
pub struct Lines {
    lines: Vec<Line>,
    /// Each line's text, lower-cased, for the search: made on the first search (a
    /// message of many megabytes is hundreds of thousands of lines).
    lower: std::cell::OnceCell<Vec<String>>,
    closes_at: Vec<Option<usize>>,
    signed: Vec<bool>,
}

impl Lines {
    /// The lines of `xml` with what `covered` covers marked, or `None` when it does
    /// not parse.
    pub fn of(xml: &[u8], covered: &[Coverage], limits: &Limits) -> Option<Lines> {
        let document = crate::xml::parse(xml, limits).ok()?;
        let lines = pretty::lines(&document);
        let mut closes_at = vec![None; lines.len()];
        let mut open: Vec<usize> = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            if line.closes
                && let Some(&opener) = open.last()
                && lines[opener].node == line.node
            {
                open.pop();
                closes_at[opener] = Some(index);
            }
            if line.opens {
                open.push(index);
            }
        }
        let signed = lines
            .iter()
            .map(|line| covered.iter().any(|coverage| coverage.covers(line.node)))
            .collect();
        Some(Lines {
            lines,
            lower: std::cell::OnceCell::new(),
            closes_at,
            signed,
        })
    }

    /// The page of lines from `from`, with the lines containing `query` marked.
    pub fn page(&self, from: usize, query: &str) -> XmlPage {
        let query = normalise_query(query);
        let lower = || {
            self.lower.get_or_init(|| {
                self.lines
                    .iter()
                    .map(|line| line_text(line).to_lowercase())
                    .collect()
            })
        };
        let matched = |index: usize| !query.is_empty() && lower()[index].contains(&query);
        let end = from.saturating_add(LINES_PER_PAGE).min(self.lines.len());
        let from = from.min(end);
        XmlPage {
            parsed: true,
            total: self.lines.len(),
            from,
            next: (end < self.lines.len()).then_some(end),
            matches: if query.is_empty() {
                0
            } else {
                lower().iter().filter(|text| text.contains(&query)).count()
            },
            lines: (from..end)
                .map(|index| XmlLine {
                    index,
                    depth: self.lines[index].depth,
                    closes_at: self.closes_at[index],
                    signed: self.signed[index],
                    matched: matched(index),
                    tokens: self.lines[index].tokens.clone(),
                })
                .collect(),
            original: Vec::new(),
            any_signed: self.signed.iter().any(|signed| *signed),
        }
    }
}

fn line_text(line: &Line) -> String {
    line.tokens
        .iter()
        .map(|token| token.text.as_str())
        .collect()
}

fn normalise_query(query: &str) -> String {
    query
        .chars()
        .take(SEARCH_LIMIT)
        .collect::<String>()
        .to_lowercase()
}

/// The page of the original text from byte `from`, with the lines containing `query`
/// marked. `parsed` says whether the indented view exists.
pub fn original_page(xml: &str, from: usize, query: &str, parsed: bool) -> XmlPage {
    let query = normalise_query(query);
    let start = floor_boundary(xml, from.min(xml.len()));
    let mut end = floor_boundary(
        xml,
        start.saturating_add(ORIGINAL_BYTES_PER_PAGE).min(xml.len()),
    );
    if end < xml.len() {
        // Cut after a line end when there is one in the page.
        if let Some(newline) = xml[start..end].rfind('\n') {
            end = start + newline + 1;
        }
        if end == start {
            // Not one whole character fits (cannot happen with a page of kilobytes).
            end = xml[start..]
                .char_indices()
                .nth(1)
                .map_or(xml.len(), |(at, _)| start + at);
        }
    }
    let matches = if query.is_empty() {
        0
    } else {
        xml.lines()
            .filter(|line| line.to_lowercase().contains(&query))
            .count()
    };
    XmlPage {
        parsed,
        total: xml.len(),
        from: start,
        next: (end < xml.len()).then_some(end),
        matches,
        lines: Vec::new(),
        original: xml[start..end]
            .split_inclusive('\n')
            .map(|line| OriginalPiece {
                text: line.to_owned(),
                matched: !query.is_empty() && line.to_lowercase().contains(&query),
            })
            .collect(),
        any_signed: false,
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The indented lines of `xml`, all at once, or `None` when it does not parse.
pub fn pretty_lines(xml: &str) -> Option<Vec<Line>> {
    let document = crate::xml::parse(xml.as_bytes(), &Limits::default()).ok()?;
    Some(pretty::lines(&document))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_pages_cut_at_line_ends_and_cover_everything() {
        let line = "<a>é</a>\n";
        let xml = line.repeat(ORIGINAL_BYTES_PER_PAGE / line.len() * 3);
        let mut from = 0;
        let mut joined = String::new();
        let mut pages = 0;
        loop {
            let page = original_page(&xml, from, "É", false);
            assert_eq!(page.matches, xml.lines().count());
            for piece in &page.original {
                assert!(piece.matched);
                assert!(piece.text.ends_with('\n'), "{:?}", piece.text);
                joined.push_str(&piece.text);
            }
            pages += 1;
            match page.next {
                Some(next) => from = next,
                None => break,
            }
        }
        assert_eq!(joined, xml);
        assert!(pages >= 3);
    }

    #[test]
    fn a_long_line_is_cut_at_a_character_boundary() {
        let xml = "é".repeat(ORIGINAL_BYTES_PER_PAGE);
        let first = original_page(&xml, 0, "", false);
        let next = first.next.expect("a second page");
        assert!(xml.is_char_boundary(next));
        let second = original_page(&xml, next, "", false);
        assert_eq!(
            first.original[0].text.len() + second.original[0].text.len(),
            xml.len()
        );
        // An offset inside a character starts at its beginning.
        assert_eq!(original_page(&xml, 1, "", false).from, 0);
    }

    #[test]
    fn lines_know_where_each_element_closes() {
        let xml = b"<a><b><c>x</c></b><d/></a>";
        let lines = Lines::of(xml, &[], &Limits::default()).expect("parses");
        let page = lines.page(0, "");
        let texts: Vec<String> = page
            .lines
            .iter()
            .map(|line| line.tokens.iter().map(|t| t.text.as_str()).collect())
            .collect();
        assert_eq!(texts[0], "<a>");
        let close = page.lines[0].closes_at.expect("a closes");
        assert_eq!(texts[close], "</a>");
        assert_eq!(
            page.lines[1].closes_at.map(|at| texts[at].as_str()),
            Some("</b>")
        );
        assert_eq!(lines.page(0, "C").matches, 1);
        assert!(Lines::of(b"<a>", &[], &Limits::default()).is_none());
    }
}
