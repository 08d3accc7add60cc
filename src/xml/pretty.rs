//! An indented, token-classified rendering of a document for the page's XML view.
//!
//! Pretty-printing changes the bytes (and so breaks signatures): this is for reading
//! only, and the page offers the original bytes beside it. Element-only content is
//! indented one level per depth; an element whose content is text only stays on one
//! line with the text exactly as sent (whitespace made visible by the page). Whitespace-
//! only text between elements is indentation and is dropped here.

use super::{Document, NodeId, NodeKind};

/// What a piece of a line is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TokenKind {
    /// `<`, `</`, `>`, `/>`, `=`, quotes.
    Punctuation,
    ElementName,
    AttributeName,
    AttributeValue,
    /// A namespace declaration's name (`xmlns:saml`).
    NamespaceName,
    Text,
    CData,
    Comment,
    ProcessingInstruction,
}

/// A run of characters of one kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
}

/// One displayed line. (The engine makes them and the page reads them from JSON.)
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub depth: usize,
    /// The element this line opens or closes, or the node it shows.
    pub node: NodeId,
    /// Whether this line opens an element that has children on further lines (the page
    /// makes it collapsible); the matching closing line has `closes` set.
    pub opens: bool,
    pub closes: bool,
    pub tokens: Vec<Token>,
}

/// Renders the whole document (top-level comments and PIs included) as lines.
pub fn lines(document: &Document) -> Vec<Line> {
    let mut out = Vec::new();
    for &node in document.top_level() {
        render(document, node, 0, &mut out);
    }
    out
}

fn token(kind: TokenKind, text: impl Into<String>) -> Token {
    Token {
        kind,
        text: text.into(),
    }
}

fn render(document: &Document, node: NodeId, depth: usize, out: &mut Vec<Line>) {
    let line = |tokens, opens, closes| Line {
        depth,
        node,
        opens,
        closes,
        tokens,
    };
    match &document.node(node).kind {
        NodeKind::Element(_) => render_element(document, node, depth, out),
        NodeKind::Text(text) => {
            if !text.trim().is_empty() {
                out.push(line(
                    vec![token(TokenKind::Text, escape_text(text))],
                    false,
                    false,
                ));
            }
        }
        NodeKind::CData(text) => out.push(line(
            vec![
                token(TokenKind::Punctuation, "<![CDATA["),
                token(TokenKind::CData, text.clone()),
                token(TokenKind::Punctuation, "]]>"),
            ],
            false,
            false,
        )),
        NodeKind::Comment(text) => out.push(line(
            vec![token(TokenKind::Comment, format!("<!--{text}-->"))],
            false,
            false,
        )),
        NodeKind::ProcessingInstruction { target, data } => {
            let text = if data.is_empty() {
                format!("<?{target}?>")
            } else {
                format!("<?{target} {data}?>")
            };
            out.push(line(
                vec![token(TokenKind::ProcessingInstruction, text)],
                false,
                false,
            ));
        }
    }
}

fn render_element(document: &Document, node: NodeId, depth: usize, out: &mut Vec<Line>) {
    let Some(element) = document.element(node) else {
        return;
    };
    let name = element.name.to_string();
    let mut start = vec![
        token(TokenKind::Punctuation, "<"),
        token(TokenKind::ElementName, name.clone()),
    ];
    for declaration in document.namespace_declarations(node) {
        let declared = match &declaration.prefix {
            Some(prefix) => format!("xmlns:{prefix}"),
            None => "xmlns".to_owned(),
        };
        push_attribute(
            &mut start,
            TokenKind::NamespaceName,
            declared,
            &declaration.uri,
        );
    }
    for attribute in document.attributes(node) {
        push_attribute(
            &mut start,
            TokenKind::AttributeName,
            attribute.name.to_string(),
            &attribute.value,
        );
    }
    let children = document.children(node);
    let meaningful: Vec<NodeId> = children
        .iter()
        .copied()
        .filter(|&child| match &document.node(child).kind {
            NodeKind::Text(text) => !text.trim().is_empty(),
            _ => true,
        })
        .collect();
    let end = vec![
        token(TokenKind::Punctuation, "</"),
        token(TokenKind::ElementName, name),
        token(TokenKind::Punctuation, ">"),
    ];
    if children.is_empty() {
        start.push(token(TokenKind::Punctuation, "/>"));
        out.push(Line {
            depth,
            node,
            opens: false,
            closes: false,
            tokens: start,
        });
        return;
    }
    let text_only = children.iter().all(|&child| {
        matches!(
            document.node(child).kind,
            NodeKind::Text(_) | NodeKind::CData(_)
        )
    });
    start.push(token(TokenKind::Punctuation, ">"));
    if text_only {
        // Text kept exactly, including whitespace-only values and surrounding spaces.
        for &child in children {
            match &document.node(child).kind {
                NodeKind::Text(text) => start.push(token(TokenKind::Text, escape_text(text))),
                NodeKind::CData(text) => {
                    start.push(token(TokenKind::Punctuation, "<![CDATA["));
                    start.push(token(TokenKind::CData, text.clone()));
                    start.push(token(TokenKind::Punctuation, "]]>"));
                }
                _ => {}
            }
        }
        start.extend(end);
        out.push(Line {
            depth,
            node,
            opens: false,
            closes: false,
            tokens: start,
        });
        return;
    }
    out.push(Line {
        depth,
        node,
        opens: true,
        closes: false,
        tokens: start,
    });
    for child in meaningful {
        render(document, child, depth + 1, out);
    }
    out.push(Line {
        depth,
        node,
        opens: false,
        closes: true,
        tokens: end,
    });
}

fn push_attribute(tokens: &mut Vec<Token>, kind: TokenKind, name: String, value: &str) {
    tokens.push(token(TokenKind::Punctuation, " "));
    tokens.push(token(kind, name));
    tokens.push(token(TokenKind::Punctuation, "=\""));
    tokens.push(token(TokenKind::AttributeValue, escape_attribute(value)));
    tokens.push(token(TokenKind::Punctuation, "\""));
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
        .replace('\t', "&#x9;")
        .replace('\n', "&#xA;")
        .replace('\r', "&#xD;")
}

/// The lines as plain text, two spaces per depth (for tests and copying).
pub fn to_text(lines: &[Line]) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(&"  ".repeat(line.depth));
        for token in &line.tokens {
            text.push_str(&token.text);
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    #[test]
    fn indents_elements_and_keeps_text_exact() {
        let source = br#"<?xml version="1.0"?><!-- top --><r xmlns="urn:x" a="1&amp;2"><c> spaced </c><d/><e>t<![CDATA[<c>]]></e><f><!--x--></f></r>"#;
        let document = crate::xml::parse(source, &Limits::default()).expect("parses");
        let text = to_text(&lines(&document));
        assert_eq!(
            text,
            "<!-- top -->\n<r xmlns=\"urn:x\" a=\"1&amp;2\">\n  <c> spaced </c>\n  <d/>\n  <e>t<![CDATA[<c>]]></e>\n  <f>\n    <!--x-->\n  </f>\n</r>\n"
        );
    }
}
