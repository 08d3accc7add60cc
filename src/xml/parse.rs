//! Building a [`Document`] from bytes: the one place XML is read.
//!
//! quick-xml 0.38 cuts the input into events (tags, text, references, comments, ...) and
//! checks that end tags match start tags and that comments hold no `--`. Everything else
//! a conforming, namespace-aware XML 1.0 processor must do is done here, on the exact
//! source bytes of each event:
//!
//! - encoding: UTF-8 only (XML 1.0 §4.3.3, Appendix F sniffing to name what else it is),
//!   the XML declaration read strictly (§2.8), every character checked (§2.2);
//! - no DOCTYPE at all (§2.8 allows one; SAML never needs one, XML bombs and XXE do);
//! - names (§2.3 and Namespaces in XML §3), attribute syntax (§3.1), references (§4.1,
//!   only the five predefined entities of §4.6 and character references);
//! - the Infoset values: end-of-line handling (§2.11) and attribute-value normalization
//!   for CDATA-type attributes (§3.3.3);
//! - namespaces (Namespaces in XML 1.0 §3 reserved prefixes, §5 duplicate attributes,
//!   §6 scoping and defaulting), with the declarations kept as written;
//! - the limits of [`Limits`]: depth in `Builder::start_element`, nodes in
//!   `Builder::push_node`, attributes per element in
//!   `Builder::tokenize_attributes`.
//!
//! Offsets: quick-xml reads the input after any UTF-8 byte order mark (which we strip
//! ourselves so it never strips one silently), and `buffer_position()` before and after
//! each event brackets exactly the bytes of that event, so every span is a range of the
//! original source.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use memchr::memmem;
use quick_xml::errors::{Error as ReaderError, IllFormedError, SyntaxError};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::{
    Attribute, Document, Element, NS_XML, NS_XMLNS, NamespaceDeclaration, Node, NodeId, NodeKind,
    Position, QName, Shared, SourceText, Span, XmlError, XmlText, position_of,
};
use crate::limits::Limits;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses `source` into a document, enforcing the XML limits of `limits`.
///
/// Never panics; every refusal is an [`XmlError`] that says where.
pub fn parse(source: &[u8], limits: &Limits) -> Result<Document, XmlError> {
    let base = sniff_encoding(source)?;
    let mut builder = Builder::new(source, base, *limits);
    builder.check_declaration()?;
    let root = builder.read_events()?;
    // Every byte lies in some event, and an event with bytes that are not UTF-8 was
    // refused, so the whole source is `valid`; checked again rather than assumed.
    if let Some(bad) = builder.invalid_utf8 {
        return Err(XmlError::InvalidUtf8 {
            at: position_of(source, bad),
        });
    }
    let Builder {
        shared_source,
        nodes,
        element_attributes,
        element_declarations,
        top_level,
        ..
    } = builder;
    Ok(Document::from_parts(
        shared_source,
        nodes,
        element_attributes,
        element_declarations,
        top_level,
        root,
    ))
}

/// Refuses inputs that are recognisably not UTF-8 (XML 1.0 Appendix F) and returns the
/// length of a UTF-8 byte order mark, if any.
fn sniff_encoding(source: &[u8]) -> Result<usize, XmlError> {
    let encoding = match source {
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0x00, 0x00, 0x00, 0x3C, ..] => "UTF-32BE",
        [0xFF, 0xFE, 0x00, 0x00, ..] | [0x3C, 0x00, 0x00, 0x00, ..] => "UTF-32LE",
        [0xFE, 0xFF, ..] | [0x00, 0x3C, ..] => "UTF-16BE",
        [0xFF, 0xFE, ..] | [0x3C, 0x00, ..] => "UTF-16LE",
        [0x4C, 0x6F, 0xA7, 0x94, ..] => "EBCDIC",
        _ if source.starts_with(UTF8_BOM) => {
            if source
                .get(UTF8_BOM.len()..)
                .is_some_and(|rest| rest.starts_with(UTF8_BOM))
            {
                return Err(XmlError::Syntax {
                    at: position_of(source, UTF8_BOM.len()),
                    message: "a second byte order mark after the first".into(),
                });
            }
            return Ok(UTF8_BOM.len());
        }
        _ => return Ok(0),
    };
    Err(XmlError::UnsupportedEncoding {
        at: position_of(source, 0),
        encoding: encoding.into(),
    })
}

/// An attribute as tokenized from a start tag, before namespaces and normalization.
#[derive(Debug, Clone)]
struct RawAttribute<'s> {
    /// The qualified name as written.
    name: &'s str,
    qname: QName,
    /// The value between the quotes, as written.
    value: &'s str,
    /// Offset of the attribute name.
    start: usize,
    /// Offset of the first byte of the value.
    value_start: usize,
    /// Offset just after the closing quote.
    end: usize,
}

impl RawAttribute<'_> {
    /// For a namespace declaration, the prefix it declares (`Some(None)` for the default
    /// namespace); `None` for other attributes.
    fn declared_prefix(&self) -> Option<Option<&Shared>> {
        match self.qname.prefix.as_deref() {
            None if *self.qname.local == *"xmlns" => Some(None),
            Some("xmlns") => Some(Some(&self.qname.local)),
            _ => None,
        }
    }
}

/// A namespace binding in scope (Namespaces in XML §6.1): `prefix` (`None` for the
/// default namespace) bound to `uri` by an open element at `depth` (the root is at 1).
/// An empty `uri` for the default namespace is the `xmlns=""` undeclaration.
struct Binding {
    prefix: Option<Shared>,
    uri: Shared,
    depth: usize,
}

/// Slots in the caches of recent qualified names and strings ([`Names::recent`],
/// [`Strings::recent`]): several times the distinct names of a SAML message, so
/// that they rarely collide, few enough to stay in the CPU cache.
const RECENT_NAMES: usize = 256;

/// The names and namespace URIs of one document, each stored once ([`Shared`]).
///
/// The tables use the standard library's randomly keyed hashing, so names chosen to
/// collide cannot make lookups slow. Qualified names, looked up once per element and
/// attribute, first go through a small direct-mapped cache under a cheap hash: a hit is
/// confirmed by comparing the whole name, and a miss (collisions included) falls through
/// to the table, so a crafted name costs at most one extra comparison.
struct Names<'s> {
    strings: Strings,
    /// Qualified names as written in the source, already checked and split.
    qualified: HashMap<&'s str, QName>,
    /// The last qualified name seen in each slot, by [`recent_slot`].
    recent: Vec<Option<(&'s str, QName)>>,
}

/// Every distinct prefix, local name and namespace URI of a document, stored once.
struct Strings {
    all: HashSet<Shared>,
    /// The last string [`Strings::shared`] gave out in each slot (namespace URIs are
    /// declared again and again: `xmlns:xsi` on every AttributeValue).
    recent: Vec<Option<Shared>>,
}

/// Room for the distinct names and strings of a typical SAML message, made at once:
/// growing a table from empty rehashes every entry at each doubling, which for a
/// small message cost more than all its lookups.
const NAMES_CAPACITY: usize = 64;

impl Strings {
    fn shared(&mut self, text: &str) -> Shared {
        let slot = recent_slot(text);
        if let Some(Some(recent)) = self.recent.get(slot)
            && **recent == *text
        {
            return recent.clone();
        }
        let shared = match self.all.get(text) {
            Some(shared) => shared.clone(),
            None => {
                let shared = Shared::from(text);
                self.all.insert(shared.clone());
                shared
            }
        };
        if let Some(recent) = self.recent.get_mut(slot) {
            *recent = Some(shared.clone());
        }
        shared
    }
}

impl<'s> Names<'s> {
    fn new() -> Self {
        Names {
            strings: Strings {
                all: HashSet::with_capacity(NAMES_CAPACITY),
                recent: vec![None; RECENT_NAMES],
            },
            qualified: HashMap::with_capacity(NAMES_CAPACITY),
            recent: vec![None; RECENT_NAMES],
        }
    }

    fn shared(&mut self, text: &str) -> Shared {
        self.strings.shared(text)
    }

    /// `name` split into prefix and local part (Namespaces in XML §3 `QName`); `None`
    /// when it is not a valid qualified name.
    fn qualified(&mut self, name: &'s str) -> Option<QName> {
        let slot = recent_slot(name);
        if let Some(Some((recent, qname))) = self.recent.get(slot)
            && *recent == name
        {
            return Some(qname.clone());
        }
        // One lookup, which also places a new name.
        let qname = match self.qualified.entry(name) {
            Entry::Occupied(entry) => entry.get().clone(),
            Entry::Vacant(entry) => {
                let (prefix, local) = split_qname(name)?;
                let qname = QName {
                    prefix: prefix.map(|prefix| self.strings.shared(prefix)),
                    local: self.strings.shared(local),
                };
                entry.insert(qname).clone()
            }
        };
        if let Some(recent) = self.recent.get_mut(slot) {
            *recent = Some((name, qname.clone()));
        }
        Some(qname)
    }
}

/// The slot of `name` in [`Names::recent`] and [`Strings::recent`]: a hash of its length
/// and of its first and last eight bytes, in constant time (names and namespace URIs
/// differ at their ends: `saml2:Issuer`, `.../2000/09/xmldsig#`). Names that differ only
/// in between share a slot, and then one of them is looked up in the table: a slot is
/// only ever a shortcut, confirmed by comparing the whole name.
fn recent_slot(name: &str) -> usize {
    let bytes = name.as_bytes();
    let word = |part: &[u8]| {
        let mut buffer = [0u8; 8];
        let length = part.len().min(8);
        buffer[..length].copy_from_slice(&part[..length]);
        u64::from_le_bytes(buffer)
    };
    let head = word(bytes);
    let tail = word(&bytes[bytes.len().saturating_sub(8)..]);
    let mixed =
        (head ^ tail.rotate_left(29) ^ bytes.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 56) as usize % RECENT_NAMES
}

/// Text and references read since the last other node, to become one Text node.
struct PendingText {
    start: usize,
    end: usize,
    /// The text so far, when it is not `start..end` of the source as is.
    value: Option<String>,
}

/// The parse in progress.
struct Builder<'s> {
    source: &'s [u8],
    /// Length of the UTF-8 byte order mark: where quick-xml's offset 0 lies in `source`.
    base: usize,
    /// The longest prefix of `source` that is UTF-8, checked once for the whole input;
    /// each event's text is a slice of it.
    valid: &'s str,
    /// A copy of `valid` that text and attribute values stored as written point into,
    /// and which becomes the document's source.
    shared_source: SourceText,
    /// Where the first byte that is not UTF-8 is, if any.
    invalid_utf8: Option<usize>,
    /// Where the first character XML does not allow is, in `valid` (XML 1.0 §2.2).
    forbidden_char: Option<usize>,
    limits: Limits,
    nodes: Vec<Node>,
    /// The attributes of all elements read so far, one element's after another: the
    /// document's attribute array, which each [`Element`] holds a range of.
    element_attributes: Vec<Attribute>,
    /// The namespace declarations of all elements read so far, likewise.
    element_declarations: Vec<NamespaceDeclaration>,
    top_level: Vec<NodeId>,
    root: Option<NodeId>,
    /// Elements whose start tag has been read but not their end tag, outermost first.
    open: Vec<NodeId>,
    /// Namespace bindings declared by open elements, outermost first: the innermost
    /// binding of a prefix is the last one for it.
    scope: Vec<Binding>,
    names: Names<'s>,
    /// [`NS_XML`], always bound to `xml`.
    xml_namespace: Shared,
    /// Scratch space for the attributes of one start tag, reused.
    attributes: Vec<RawAttribute<'s>>,
    text: Option<PendingText>,
}

impl<'s> Builder<'s> {
    fn new(source: &'s [u8], base: usize, limits: Limits) -> Self {
        let (valid, invalid_utf8) = match std::str::from_utf8(source) {
            Ok(text) => (text, None),
            Err(error) => {
                let up_to = error.valid_up_to();
                // The bytes before `valid_up_to` are UTF-8: that is what it says.
                let valid = source
                    .get(..up_to)
                    .and_then(|bytes| std::str::from_utf8(bytes).ok())
                    .unwrap_or_default();
                (valid, Some(up_to))
            }
        };
        let body = valid.as_bytes().get(base..).unwrap_or_default();
        let forbidden_char = first_forbidden_char(body).map(|offset| base + offset);
        // Every node but the root's text starts at a `<` or follows one, so twice their
        // count bounds the nodes (capped by the limit): the arena never grows by
        // copying. Pages of a large reservation that are never written cost nothing.
        let markup = memchr::memchr_iter(b'<', body).count();
        let capacity = markup
            .saturating_mul(2)
            .saturating_add(1)
            .min(limits.xml_nodes.saturating_add(1));
        // Most elements have a start and an end tag, so about one attribute per
        // element, and a declaration every few; the arrays grow past that if need be.
        let attribute_capacity = (markup / 2).min(limits.xml_nodes);
        let declaration_capacity = (markup / 8).min(limits.xml_nodes);
        Builder {
            source,
            base,
            valid,
            shared_source: SourceText::from(valid),
            invalid_utf8,
            forbidden_char,
            limits,
            nodes: Vec::with_capacity(capacity),
            element_attributes: Vec::with_capacity(attribute_capacity),
            element_declarations: Vec::with_capacity(declaration_capacity),
            top_level: Vec::new(),
            root: None,
            open: Vec::new(),
            scope: Vec::new(),
            names: Names::new(),
            xml_namespace: Shared::from(NS_XML),
            attributes: Vec::new(),
            text: None,
        }
    }

    fn position(&self, offset: usize) -> Position {
        position_of(self.source, offset)
    }

    fn syntax(&self, at: usize, message: impl Into<String>) -> XmlError {
        XmlError::Syntax {
            at: self.position(at),
            message: message.into(),
        }
    }

    /// An error for event bytes that are not what quick-xml promised; not expected to
    /// happen, but never worth a panic.
    fn lost_track(&self, at: usize) -> XmlError {
        self.syntax(at, "markup the parser could not delimit")
    }

    /// A quick-xml offset as an offset into `source`.
    fn offset(&self, position: u64) -> usize {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        self.base.saturating_add(position).min(self.source.len())
    }

    /// Reads the XML declaration (XML 1.0 §2.8 `XMLDecl`), if the document starts with
    /// one, and refuses versions other than 1.0 and encodings other than UTF-8.
    fn check_declaration(&self) -> Result<(), XmlError> {
        let body = self.source.get(self.base..).unwrap_or_default();
        let Some(after_target) = body.strip_prefix(b"<?xml") else {
            return Ok(());
        };
        match after_target.first() {
            Some(&byte) if is_space(byte) || byte == b'?' => {}
            // `<?xml-stylesheet ...?>` and the like are processing instructions.
            Some(_) => return Ok(()),
            // Unclosed: quick-xml reports it.
            None => return Ok(()),
        }
        let Some(close) = memmem::find(after_target, b"?>") else {
            return Ok(());
        };
        let inside = after_target.get(..close).unwrap_or_default();
        let inside_start = self.base + 5;

        let mut pseudo_attributes = Vec::new();
        let mut i = 0;
        loop {
            let gap = i;
            while inside.get(i).is_some_and(|&byte| is_space(byte)) {
                i += 1;
            }
            let Some(&first) = inside.get(i) else { break };
            if i == gap {
                return Err(self.syntax(
                    inside_start + i,
                    "the XML declaration needs whitespace between its parts",
                ));
            }
            let name_start = i;
            while inside.get(i).is_some_and(u8::is_ascii_lowercase) {
                i += 1;
            }
            if i == name_start {
                return Err(self.syntax(
                    inside_start + i,
                    format!(
                        "an unexpected {:?} in the XML declaration",
                        char::from(first)
                    ),
                ));
            }
            let name = inside.get(name_start..i).unwrap_or_default();
            while inside.get(i).is_some_and(|&byte| is_space(byte)) {
                i += 1;
            }
            if inside.get(i) != Some(&b'=') {
                return Err(self.syntax(
                    inside_start + i,
                    "the XML declaration is malformed (expected = after a name)",
                ));
            }
            i += 1;
            while inside.get(i).is_some_and(|&byte| is_space(byte)) {
                i += 1;
            }
            let quote = match inside.get(i) {
                Some(&quote @ (b'"' | b'\'')) => quote,
                _ => {
                    return Err(self.syntax(
                        inside_start + i,
                        "the XML declaration is malformed (values must be in quotes)",
                    ));
                }
            };
            let value_start = i + 1;
            let Some(length) = inside
                .get(value_start..)
                .and_then(|rest| memchr::memchr(quote, rest))
            else {
                return Err(self.syntax(
                    inside_start + i,
                    "the XML declaration is malformed (a value is not closed)",
                ));
            };
            let value = inside
                .get(value_start..value_start + length)
                .unwrap_or_default();
            pseudo_attributes.push((name, value, inside_start + value_start));
            i = value_start + length + 1;
        }

        // version, then optionally encoding, then optionally standalone.
        let mut stage = 0;
        for &(name, value, at) in &pseudo_attributes {
            let shown_value = String::from_utf8_lossy(value);
            match (name, stage) {
                (b"version", 0) => {
                    stage = 1;
                    if value != b"1.0" {
                        let message = if is_version_number(value) {
                            format!("XML version {shown_value} is not supported; only 1.0 is")
                        } else {
                            format!("{shown_value:?} is not an XML version number")
                        };
                        return Err(self.syntax(at, message));
                    }
                }
                (b"encoding", 1) => {
                    stage = 2;
                    if !is_encoding_name(value) {
                        return Err(
                            self.syntax(at, format!("{shown_value:?} is not an encoding name"))
                        );
                    }
                    if !value.eq_ignore_ascii_case(b"UTF-8")
                        && !value.eq_ignore_ascii_case(b"US-ASCII")
                    {
                        return Err(XmlError::UnsupportedEncoding {
                            at: self.position(at),
                            encoding: shown_value.into_owned(),
                        });
                    }
                }
                (b"standalone", 1 | 2) => {
                    stage = 3;
                    if value != b"yes" && value != b"no" {
                        return Err(self.syntax(
                            at,
                            format!("standalone must be \"yes\" or \"no\", not {shown_value:?}"),
                        ));
                    }
                }
                _ => {
                    return Err(self.syntax(
                        at,
                        format!(
                            "{} is out of place in the XML declaration (it takes version, then optionally encoding and standalone, in that order)",
                            String::from_utf8_lossy(name)
                        ),
                    ));
                }
            }
        }
        if stage == 0 {
            return Err(self.syntax(
                self.base,
                "the XML declaration has no version (it must start with version=\"1.0\")",
            ));
        }
        Ok(())
    }

    /// The main loop: one quick-xml event at a time, checked and appended.
    fn read_events(&mut self) -> Result<NodeId, XmlError> {
        let body = self.source.get(self.base..).unwrap_or_default();
        let mut reader = Reader::from_reader(body);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.allow_dangling_amp = false;
        config.allow_unmatched_ends = false;
        config.trim_markup_names_in_closing_tags = true;

        loop {
            let start = self.offset(reader.buffer_position());
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = self.offset(reader.error_position());
                    return Err(self.reader_error(&error, start, at));
                }
            };
            let end = self.offset(reader.buffer_position());
            if let Event::DocType(_) = event {
                // Refused before anything in it is looked at.
                return Err(XmlError::Doctype {
                    at: self.position(start),
                });
            }
            let raw = self.checked_str(start, end)?;
            match event {
                Event::Start(_) => {
                    self.flush_text()?;
                    let content = raw
                        .strip_prefix('<')
                        .and_then(|rest| rest.strip_suffix('>'))
                        .ok_or_else(|| self.lost_track(start))?;
                    self.start_element(content, start, end, false)?;
                }
                Event::Empty(_) => {
                    self.flush_text()?;
                    let content = raw
                        .strip_prefix('<')
                        .and_then(|rest| rest.strip_suffix("/>"))
                        .ok_or_else(|| self.lost_track(start))?;
                    self.start_element(content, start, end, true)?;
                }
                Event::End(_) => {
                    self.flush_text()?;
                    self.end_element(start, end)?;
                }
                Event::Text(_) => self.text(raw, start, end)?,
                Event::GeneralRef(_) => self.reference(raw, start, end)?,
                Event::CData(_) => {
                    self.flush_text()?;
                    self.cdata(raw, start, end)?;
                }
                Event::Comment(_) => {
                    self.flush_text()?;
                    self.comment(raw, start, end)?;
                }
                Event::PI(_) => {
                    self.flush_text()?;
                    self.processing_instruction(raw, start, end)?;
                }
                Event::Decl(_) => {
                    // The one at the very start was read by `check_declaration`.
                    if start != self.base {
                        return Err(self.syntax(
                            start,
                            "an XML declaration (<?xml ...?>) is only allowed at the very start of the document, before any whitespace",
                        ));
                    }
                }
                Event::DocType(_) => {
                    return Err(XmlError::Doctype {
                        at: self.position(start),
                    });
                }
                Event::Eof => {
                    self.flush_text()?;
                    return self.end_of_input(end);
                }
            }
        }
    }

    /// Translates a quick-xml error into ours, in plain words.
    fn reader_error(&self, error: &ReaderError, start: usize, at: usize) -> XmlError {
        let at_doctype = self
            .source
            .get(start..)
            .and_then(|rest| rest.get(..9))
            .is_some_and(|head| head.eq_ignore_ascii_case(b"<!DOCTYPE"));
        if at_doctype
            || matches!(
                error,
                ReaderError::Syntax(SyntaxError::UnclosedDoctype)
                    | ReaderError::IllFormed(IllFormedError::MissingDoctypeName)
            )
        {
            return XmlError::Doctype {
                at: self.position(start),
            };
        }
        let message = match error {
            ReaderError::Syntax(SyntaxError::InvalidBangMarkup) => {
                "markup starting with <! that is not a comment (<!--) or a CDATA section (<![CDATA[)"
                    .to_owned()
            }
            ReaderError::Syntax(SyntaxError::UnclosedPIOrXmlDecl) => {
                "a processing instruction or XML declaration that is not closed with ?>".to_owned()
            }
            ReaderError::Syntax(SyntaxError::UnclosedComment) => {
                "a comment that is not closed with -->".to_owned()
            }
            ReaderError::Syntax(SyntaxError::UnclosedCData) => {
                "a CDATA section that is not closed with ]]>".to_owned()
            }
            ReaderError::Syntax(SyntaxError::UnclosedTag) => {
                "a tag that is not closed with > before the end of the document".to_owned()
            }
            ReaderError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                format!(
                    "the end tag </{}> does not match the start tag <{}>",
                    shown(found),
                    shown(expected)
                )
            }
            ReaderError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
                format!("the end tag </{}> has no matching start tag", shown(name))
            }
            ReaderError::IllFormed(IllFormedError::DoubleHyphenInComment) => {
                "a comment containing --, which XML does not allow inside comments".to_owned()
            }
            ReaderError::IllFormed(IllFormedError::UnclosedReference) => {
                "an & that does not start a reference ending in ; (a literal & is written &amp;)"
                    .to_owned()
            }
            other => format!("malformed XML ({other})"),
        };
        XmlError::Syntax {
            at: self.position(at),
            message,
        }
    }

    /// The source bytes `start..end` as text, refusing bytes that are not UTF-8 and
    /// characters XML does not allow (XML 1.0 §2.2 `Char`): the first of either in the
    /// whole input was found once, in [`Builder::new`], and is reported by the event
    /// that holds it (bytes that are not UTF-8 first, as the event's own reading would
    /// find them). Events start and end at ASCII markup, so a slice of `valid` between
    /// them is whole characters.
    fn checked_str(&self, start: usize, end: usize) -> Result<&'s str, XmlError> {
        if let Some(bad) = self.invalid_utf8
            && (start..end).contains(&bad)
        {
            return Err(XmlError::InvalidUtf8 {
                at: self.position(bad),
            });
        }
        if let Some(bad) = self.forbidden_char
            && (start..end).contains(&bad)
        {
            let character = self
                .valid
                .get(bad..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or_default();
            return Err(self.syntax(
                bad,
                format!(
                    "the character U+{:04X} is not allowed in XML",
                    u32::from(character)
                ),
            ));
        }
        self.valid
            .get(start..end)
            .ok_or_else(|| self.lost_track(start))
    }

    /// Appends a node: the one place the node limit is checked.
    fn push_node(
        &mut self,
        kind: NodeKind,
        parent: Option<NodeId>,
        span: Span,
    ) -> Result<NodeId, XmlError> {
        let too_many = || XmlError::TooManyNodes {
            at: self.position(span.start),
            limit: self.limits.xml_nodes,
        };
        if self.nodes.len() >= self.limits.xml_nodes {
            return Err(too_many());
        }
        let id = NodeId(u32::try_from(self.nodes.len()).map_err(|_| too_many())?);
        if parent.is_none() {
            self.top_level.push(id);
        }
        self.nodes.push(Node::new(kind, parent, span));
        Ok(id)
    }

    /// A start tag or empty-element tag (XML 1.0 §3.1); `content` is between `<` and
    /// `>` (or `/>`). The one place the depth limit is checked.
    fn start_element(
        &mut self,
        content: &'s str,
        start: usize,
        end: usize,
        empty: bool,
    ) -> Result<(), XmlError> {
        let content_start = start + 1;
        let name_length = content.bytes().position(is_space).unwrap_or(content.len());
        let name = content.get(..name_length).unwrap_or_default();
        if self.open.is_empty() && self.root.is_some() {
            return Err(self.syntax(
                start,
                format!(
                    "a second root element <{}> after the first one ended (a document has exactly one)",
                    shown(name)
                ),
            ));
        }
        if self.open.len() >= self.limits.xml_depth {
            return Err(XmlError::TooDeep {
                at: self.position(start),
                limit: self.limits.xml_depth,
            });
        }
        let qname = self.names.qualified(name).ok_or_else(|| {
            self.syntax(
                content_start,
                format!("{:?} is not a valid element name", shown(name)),
            )
        })?;
        if qname.prefix.as_deref() == Some("xmlns") {
            return Err(self.syntax(
                content_start,
                "the prefix xmlns is reserved for namespace declarations and cannot name an element",
            ));
        }

        let mut attributes = std::mem::take(&mut self.attributes);
        attributes.clear();
        self.tokenize_attributes(content, name_length, content_start, &mut attributes)?;

        // Declarations first: they apply to the element's own name and attributes.
        let depth = self.open.len() + 1;
        let declarations_start = self.element_declarations.len();
        for attribute in &attributes {
            let Some(declared) = attribute.declared_prefix() else {
                continue;
            };
            let uri = self.attribute_value(attribute.value, attribute.value_start)?;
            self.check_namespace_declaration(
                declared.map(|prefix| &**prefix),
                &uri,
                attribute.start,
            )?;
            // Redeclaring what is in scope is common (`xmlns:xs` on every
            // AttributeValue): the binding's URI is reused without a lookup.
            let in_scope = self
                .scope
                .iter()
                .rev()
                .find(|binding| *binding.uri == *uri)
                .map(|binding| binding.uri.clone());
            let declaration = NamespaceDeclaration {
                prefix: declared.cloned(),
                uri: in_scope.unwrap_or_else(|| self.names.shared(&uri)),
            };
            self.scope.push(Binding {
                prefix: declaration.prefix.clone(),
                uri: declaration.uri.clone(),
                depth,
            });
            self.element_declarations.push(declaration);
        }
        let declarations =
            self.array_range(declarations_start, self.element_declarations.len(), start)?;

        let namespace = match qname.prefix.as_deref() {
            // Namespaces in XML §6.2: the default namespace applies to unprefixed
            // element names; `xmlns=""` undeclares it.
            None => self
                .scope
                .iter()
                .rev()
                .find(|binding| binding.prefix.is_none())
                .map(|binding| &binding.uri)
                .filter(|uri| !uri.is_empty())
                .cloned(),
            Some(prefix) => Some(self.resolve_prefix(prefix, content_start)?),
        };

        let attributes_start = self.element_attributes.len();
        for attribute in attributes.drain(..) {
            if attribute.declared_prefix().is_some() {
                continue;
            }
            // §6.2: unprefixed attributes are in no namespace.
            let attribute_namespace = match attribute.qname.prefix.as_deref() {
                None => None,
                Some(prefix) => Some(self.resolve_prefix(prefix, attribute.start)?),
            };
            // §6.3: no two attributes with the same expanded name.
            if let Some(uri) = &attribute_namespace
                && let Some(other) = self
                    .element_attributes
                    .get(attributes_start..)
                    .unwrap_or_default()
                    .iter()
                    .find(|other| {
                        other.name.local == attribute.qname.local
                            && other.namespace.as_deref() == Some(&**uri)
                    })
            {
                return Err(XmlError::DuplicateAttribute {
                    at: self.position(attribute.start),
                    name: format!(
                        "{} (the same namespace and local name as {})",
                        shown(attribute.name),
                        other.name
                    ),
                });
            }
            let value = match self.attribute_value(attribute.value, attribute.value_start)? {
                Cow::Borrowed(value) => XmlText::in_buffer(
                    &self.shared_source,
                    attribute.value_start,
                    attribute.value_start + value.len(),
                ),
                Cow::Owned(value) => XmlText::from(value),
            };
            self.element_attributes.push(Attribute {
                name: attribute.qname,
                namespace: attribute_namespace,
                value,
                span: Span {
                    start: attribute.start,
                    end: attribute.end,
                },
            });
        }
        self.attributes = attributes;
        let resolved = self.array_range(attributes_start, self.element_attributes.len(), start)?;

        let element = Element::new(qname, namespace, resolved, declarations);
        let parent = self.open.last().copied();
        // For a start tag the end is provisional, completed by its end tag.
        let id = self.push_node(NodeKind::Element(element), parent, Span { start, end })?;
        if parent.is_none() {
            self.root = Some(id);
        }
        if empty {
            self.unbind();
        } else {
            self.open.push(id);
        }
        Ok(())
    }

    /// `start..end` of the document's attribute or declaration array as an element's
    /// range. The arrays hold fewer entries than the input has bytes, so the offsets
    /// fit in `u32` unless the limits allow inputs of 4 GiB; past that, the element at
    /// `at` is refused as one too many.
    fn array_range(
        &self,
        start: usize,
        end: usize,
        at: usize,
    ) -> Result<std::ops::Range<u32>, XmlError> {
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start), Ok(end)) => Ok(start..end),
            _ => Err(XmlError::TooManyNodes {
                at: self.position(at),
                limit: self.limits.xml_nodes,
            }),
        }
    }

    /// Splits the attributes of a start tag (XML 1.0 §3.1 `Attribute`), from byte `i` of
    /// `content` on. The one place the attribute limit is checked, before anything else
    /// is done with an attribute, so a tag with a million attributes fails at the first
    /// one past the limit. Duplicate qualified names are refused here (§3.1 "Unique Att
    /// Spec"); quadratic, but bounded by the limit.
    fn tokenize_attributes(
        &mut self,
        content: &'s str,
        mut i: usize,
        content_start: usize,
        attributes: &mut Vec<RawAttribute<'s>>,
    ) -> Result<(), XmlError> {
        let bytes = content.as_bytes();
        loop {
            let gap = i;
            while bytes.get(i).is_some_and(|&byte| is_space(byte)) {
                i += 1;
            }
            if i >= bytes.len() {
                return Ok(());
            }
            if i == gap {
                return Err(self.syntax(
                    content_start + i,
                    "attributes must be separated by whitespace",
                ));
            }
            if attributes.len() >= self.limits.xml_attributes {
                return Err(XmlError::TooManyAttributes {
                    at: self.position(content_start + i),
                    limit: self.limits.xml_attributes,
                });
            }
            let name_start = i;
            while bytes
                .get(i)
                .is_some_and(|&byte| !is_space(byte) && byte != b'=')
            {
                i += 1;
            }
            let name = content.get(name_start..i).unwrap_or_default();
            let Some(qname) = self.names.qualified(name) else {
                return Err(self.syntax(
                    content_start + name_start,
                    format!("{:?} is not a valid attribute name", shown(name)),
                ));
            };
            while bytes.get(i).is_some_and(|&byte| is_space(byte)) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                return Err(self.syntax(
                    content_start + name_start,
                    format!(
                        "the attribute {} has no value (expected = and a quoted value)",
                        shown(name)
                    ),
                ));
            }
            i += 1;
            while bytes.get(i).is_some_and(|&byte| is_space(byte)) {
                i += 1;
            }
            let quote = match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => quote,
                _ => {
                    return Err(self.syntax(
                        content_start + i,
                        format!("the value of attribute {} must be in quotes", shown(name)),
                    ));
                }
            };
            let value_start = i + 1;
            let Some(length) = bytes
                .get(value_start..)
                .and_then(|rest| memchr::memchr(quote, rest))
            else {
                return Err(self.syntax(
                    content_start + i,
                    format!("the value of attribute {} is not closed", shown(name)),
                ));
            };
            let value_end = value_start + length;
            i = value_end + 1;
            if attributes.iter().any(|other| other.name == name) {
                return Err(XmlError::DuplicateAttribute {
                    at: self.position(content_start + name_start),
                    name: shown(name).into_owned(),
                });
            }
            attributes.push(RawAttribute {
                name,
                qname,
                value: content.get(value_start..value_end).unwrap_or_default(),
                start: content_start + name_start,
                value_start: content_start + value_start,
                end: content_start + i,
            });
        }
    }

    /// The constraints of Namespaces in XML 1.0 §3 on one declaration.
    fn check_namespace_declaration(
        &self,
        prefix: Option<&str>,
        uri: &str,
        at: usize,
    ) -> Result<(), XmlError> {
        let problem = match prefix {
            Some("xmlns") => Some("the prefix xmlns is reserved and must not be declared".into()),
            Some("xml") if uri != NS_XML => {
                Some(format!("the prefix xml can only be bound to {NS_XML}"))
            }
            Some("xml") => None,
            Some(prefix) if uri.is_empty() => Some(format!(
                "xmlns:{}=\"\" undeclares a prefix, which XML 1.0 namespaces do not allow",
                shown(prefix)
            )),
            _ if uri == NS_XML => Some(format!("{NS_XML} can only be bound to the prefix xml")),
            _ if uri == NS_XMLNS => Some(format!("{NS_XMLNS} must not be declared")),
            _ => None,
        };
        match problem {
            Some(message) => Err(self.syntax(at, message)),
            None => Ok(()),
        }
    }

    /// The namespace URI bound to `prefix` (Namespaces in XML §6.1); `xml` is always
    /// bound (§3).
    fn resolve_prefix(&self, prefix: &str, at: usize) -> Result<Shared, XmlError> {
        let bound = self
            .scope
            .iter()
            .rev()
            .find(|binding| binding.prefix.as_deref() == Some(prefix));
        if let Some(binding) = bound {
            return Ok(binding.uri.clone());
        }
        if prefix == "xml" {
            return Ok(self.xml_namespace.clone());
        }
        Err(XmlError::UnboundPrefix {
            at: self.position(at),
            prefix: shown(prefix).into_owned(),
        })
    }

    /// Ends the scope of the namespace declarations of the element that just ended
    /// (those deeper than the elements still open).
    fn unbind(&mut self) {
        let depth = self.open.len();
        while self
            .scope
            .last()
            .is_some_and(|binding| binding.depth > depth)
        {
            self.scope.pop();
        }
    }

    /// An end tag; quick-xml has checked that it matches the innermost start tag.
    fn end_element(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        let Some(id) = self.open.pop() else {
            return Err(self.syntax(start, "an end tag without a matching start tag"));
        };
        if let Some(node) = self.nodes.get_mut(id.index()) {
            node.span.end = end;
        }
        self.unbind();
        Ok(())
    }

    /// The value of an attribute as the Infoset has it (XML 1.0 §3.3.3, for CDATA-type
    /// attributes, which without a DTD all attributes are): line ends normalized
    /// (§2.11) and then every literal whitespace character a space, references decoded
    /// (so `&#9;` stays a tab), spaces never collapsed. `at` is the offset of `raw`.
    fn attribute_value<'r>(&self, raw: &'r str, at: usize) -> Result<Cow<'r, str>, XmlError> {
        let bytes = raw.as_bytes();
        // Whether anything needs a look, over every byte without stopping early, which
        // the compiler turns into a vectorised scan; `< 0x0E` takes in tab, LF and CR
        // (other control characters were refused with the tag), and any byte it takes
        // in needlessly is only copied by the loop below.
        let suspect = bytes.iter().fold(false, |any, &byte| {
            any | (byte == b'&') | (byte == b'<') | (byte < 0x0E)
        });
        if !suspect {
            return Ok(Cow::Borrowed(raw));
        }
        let mut value = String::with_capacity(raw.len());
        let mut plain = 0;
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            if !matches!(byte, b'&' | b'<' | b'\t' | b'\n' | b'\r') {
                i += 1;
                continue;
            }
            value.push_str(raw.get(plain..i).unwrap_or_default());
            match byte {
                b'<' => {
                    return Err(self.syntax(
                        at + i,
                        "the character < is not allowed in an attribute value (it is written &lt;)",
                    ));
                }
                b'&' => {
                    let Some(length) = bytes
                        .get(i + 1..)
                        .and_then(|rest| memchr::memchr(b';', rest))
                    else {
                        return Err(self.syntax(
                            at + i,
                            "an & that does not start a reference ending in ; (a literal & is written &amp;)",
                        ));
                    };
                    let name = raw.get(i + 1..i + 1 + length).unwrap_or_default();
                    value.push(self.resolve_reference(name, at + i)?);
                    i += length + 2;
                }
                b'\r' => {
                    value.push(' ');
                    i += if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                _ => {
                    value.push(' ');
                    i += 1;
                }
            }
            plain = i;
        }
        value.push_str(raw.get(plain..).unwrap_or_default());
        Ok(Cow::Owned(value))
    }

    /// The character a reference `&name;` stands for (XML 1.0 §4.1): one of the five
    /// predefined entities (§4.6) or a character reference naming a legal character.
    /// `at` is the offset of the `&`.
    fn resolve_reference(&self, name: &str, at: usize) -> Result<char, XmlError> {
        match name {
            "amp" => return Ok('&'),
            "lt" => return Ok('<'),
            "gt" => return Ok('>'),
            "quot" => return Ok('"'),
            "apos" => return Ok('\''),
            _ => {}
        }
        if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix('x') {
                Some(hex) => parse_number(hex, 16),
                None => parse_number(number, 10),
            };
            return code
                .and_then(char::from_u32)
                .filter(|&character| is_xml_char(character))
                .ok_or_else(|| {
                    self.syntax(
                        at,
                        format!(
                            "the character reference &{}; does not name a character allowed in XML",
                            shown(name)
                        ),
                    )
                });
        }
        if is_name(name) {
            return Err(XmlError::UnknownEntity {
                at: self.position(at),
                name: shown(name).into_owned(),
            });
        }
        Err(self.syntax(
            at,
            format!(
                "the reference &{}; is malformed (a literal & is written &amp;)",
                shown(name)
            ),
        ))
    }

    /// Character data between markup (XML 1.0 §2.4).
    fn text(&mut self, raw: &str, start: usize, end: usize) -> Result<(), XmlError> {
        if self.open.is_empty() {
            // Outside the root element only whitespace may appear (§2.8 `Misc`).
            if let Some(offset) = raw.bytes().position(|byte| !is_space(byte)) {
                return Err(self.outside_root(start + offset, "text"));
            }
            return Ok(());
        }
        // Looking for `>` first: text rarely holds one, and a substring search would
        // be set up again for every piece of text.
        let bytes = raw.as_bytes();
        let cdata_end = memchr::memchr_iter(b'>', bytes)
            .find(|&end| end >= 2 && bytes.get(end - 2..end) == Some(b"]]"))
            .map(|end| end - 2);
        if let Some(offset) = cdata_end {
            return Err(self.syntax(
                start + offset,
                "]]> is not allowed in text (it only ends a CDATA section)",
            ));
        }
        match &mut self.text {
            // The common case: one piece of text without a CR, stored as written.
            None if memchr::memchr(b'\r', bytes).is_none() => {
                self.text = Some(PendingText {
                    start,
                    end,
                    value: None,
                });
            }
            None => {
                self.text = Some(PendingText {
                    start,
                    end,
                    value: Some(normalized_lines(raw)),
                });
            }
            Some(pending) => {
                let value = pending.value.get_or_insert_with(|| {
                    self.valid
                        .get(pending.start..pending.end)
                        .unwrap_or_default()
                        .to_owned()
                });
                push_normalized_lines(value, raw);
                pending.end = end;
            }
        }
        Ok(())
    }

    /// An entity or character reference in text; `raw` is `&name;`.
    fn reference(&mut self, raw: &str, start: usize, end: usize) -> Result<(), XmlError> {
        if self.open.is_empty() {
            return Err(self.outside_root(start, "a reference"));
        }
        let name = raw
            .strip_prefix('&')
            .and_then(|rest| rest.strip_suffix(';'))
            .ok_or_else(|| self.lost_track(start))?;
        let character = self.resolve_reference(name, start)?;
        let valid = self.valid;
        let pending = self.text.get_or_insert_with(|| PendingText {
            start,
            end: start,
            value: Some(String::new()),
        });
        let value = pending.value.get_or_insert_with(|| {
            valid
                .get(pending.start..pending.end)
                .unwrap_or_default()
                .to_owned()
        });
        // A reference is not subject to end-of-line handling: `&#13;` stays a CR.
        value.push(character);
        pending.end = end;
        Ok(())
    }

    /// Turns the text read since the last other node into one Text node.
    fn flush_text(&mut self) -> Result<(), XmlError> {
        let Some(text) = self.text.take() else {
            return Ok(());
        };
        let parent = self.open.last().copied();
        let value = match text.value {
            Some(value) => XmlText::from(value),
            None => XmlText::in_buffer(&self.shared_source, text.start, text.end),
        };
        self.push_node(
            NodeKind::Text(value),
            parent,
            Span {
                start: text.start,
                end: text.end,
            },
        )?;
        Ok(())
    }

    fn outside_root(&self, at: usize, what: &str) -> XmlError {
        let place = if self.root.is_some() {
            "after the root element"
        } else {
            "before the root element"
        };
        self.syntax(
            at,
            format!("{what} {place}; only one element holds content"),
        )
    }

    /// A CDATA section (XML 1.0 §2.7): its content verbatim, line ends normalized.
    fn cdata(&mut self, raw: &str, start: usize, end: usize) -> Result<(), XmlError> {
        if self.open.is_empty() {
            return Err(self.outside_root(start, "a CDATA section"));
        }
        let content = raw
            .strip_prefix("<![CDATA[")
            .and_then(|rest| rest.strip_suffix("]]>"))
            .ok_or_else(|| self.lost_track(start))?;
        let parent = self.open.last().copied();
        self.push_node(
            NodeKind::CData(XmlText::from(normalized_lines(content))),
            parent,
            Span { start, end },
        )?;
        Ok(())
    }

    /// A comment (XML 1.0 §2.5); quick-xml has refused `--` inside.
    fn comment(&mut self, raw: &str, start: usize, end: usize) -> Result<(), XmlError> {
        let content = raw
            .strip_prefix("<!--")
            .and_then(|rest| rest.strip_suffix("-->"))
            .ok_or_else(|| self.lost_track(start))?;
        let parent = self.open.last().copied();
        self.push_node(
            NodeKind::Comment(normalized_lines(content)),
            parent,
            Span { start, end },
        )?;
        Ok(())
    }

    /// A processing instruction (XML 1.0 §2.6): a target name that is not `xml` in any
    /// case and contains no colon (Namespaces in XML §7), then optional data after
    /// whitespace.
    fn processing_instruction(
        &mut self,
        raw: &str,
        start: usize,
        end: usize,
    ) -> Result<(), XmlError> {
        let inside = raw
            .strip_prefix("<?")
            .and_then(|rest| rest.strip_suffix("?>"))
            .ok_or_else(|| self.lost_track(start))?;
        let target_length = inside.bytes().position(is_space).unwrap_or(inside.len());
        let target = inside.get(..target_length).unwrap_or_default();
        if target.is_empty() {
            return Err(self.syntax(start, "a processing instruction without a target name"));
        }
        if !is_ncname(target) {
            return Err(self.syntax(
                start + 2,
                format!(
                    "{:?} is not a valid processing instruction target",
                    shown(target)
                ),
            ));
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.syntax(
                start + 2,
                format!("the processing instruction target {target} is reserved"),
            ));
        }
        let data = inside
            .get(target_length..)
            .unwrap_or_default()
            .trim_start_matches([' ', '\t', '\r', '\n']);
        let parent = self.open.last().copied();
        self.push_node(
            NodeKind::ProcessingInstruction {
                target: target.to_owned(),
                data: normalized_lines(data),
            },
            parent,
            Span { start, end },
        )?;
        Ok(())
    }

    /// The end of the input: every element closed, and there was one.
    fn end_of_input(&self, end: usize) -> Result<NodeId, XmlError> {
        if let Some(node) = self.open.last().and_then(|id| self.nodes.get(id.index())) {
            let name = match &node.kind {
                NodeKind::Element(element) => element.name.to_string(),
                _ => String::new(),
            };
            let opened = self.position(node.span.start);
            return Err(self.syntax(
                end,
                format!(
                    "the document ends before <{}> (opened at {opened}) is closed",
                    shown(&name)
                ),
            ));
        }
        self.root.ok_or(XmlError::NoRootElement)
    }
}

/// XML whitespace (XML 1.0 §2.3 `S`).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether `character` is allowed in an XML 1.0 document (§2.2 `Char`).
fn is_xml_char(character: char) -> bool {
    matches!(
        character,
        '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}'
    )
}

/// The offset of the first character of valid UTF-8 `bytes` that XML 1.0 §2.2 forbids:
/// C0 controls other than tab, LF and CR, and U+FFFE and U+FFFF (surrogates cannot occur
/// in UTF-8).
///
/// Every byte of the document passes through here, so blocks are first screened without
/// branches (which the compiler vectorizes) for a byte that could start a forbidden
/// character; only from the first such block on is the input read character by
/// character.
fn first_forbidden_char(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    let suspect = |byte: u8| {
        (byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r') | (byte == 0xEF)
    };
    let clean_blocks = bytes
        .chunks(BLOCK)
        .take_while(|block| !block.iter().fold(false, |any, &byte| any | suspect(byte)))
        .count();
    let from = clean_blocks * BLOCK;
    let rest = bytes.get(from..)?;
    let found = rest.iter().enumerate().position(|(i, &byte)| {
        if byte < 0x20 {
            !matches!(byte, b'\t' | b'\n' | b'\r')
        } else {
            byte == 0xEF
                && rest.get(i + 1) == Some(&0xBF)
                && matches!(rest.get(i + 2), Some(0xBE | 0xBF))
        }
    })?;
    Some(from + found)
}

/// XML 1.0 §2.3 `NameStartChar`, without the colon (Namespaces in XML §3 `NCName`).
fn is_name_start_char(character: char) -> bool {
    matches!(character,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 §2.3 `NameChar`, without the colon.
fn is_name_char(character: char) -> bool {
    is_name_start_char(character)
        || matches!(character,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Namespaces in XML §3 `NCName`: a name without colons.
fn is_ncname(name: &str) -> bool {
    let mut characters = name.chars();
    characters.next().is_some_and(is_name_start_char) && characters.all(is_name_char)
}

/// XML 1.0 §2.3 `Name` (colons allowed), for entity names.
fn is_name(name: &str) -> bool {
    let mut characters = name.chars();
    characters
        .next()
        .is_some_and(|first| first == ':' || is_name_start_char(first))
        && characters.all(|character| character == ':' || is_name_char(character))
}

/// Splits a qualified name (Namespaces in XML §3 `QName`) into prefix and local part.
fn split_qname(name: &str) -> Option<(Option<&str>, &str)> {
    match name.split_once(':') {
        Some((prefix, local)) => {
            (is_ncname(prefix) && is_ncname(local)).then_some((Some(prefix), local))
        }
        None => is_ncname(name).then_some((None, name)),
    }
}

/// XML 1.0 §2.8 `VersionNum`: `1.` and digits.
fn is_version_number(value: &[u8]) -> bool {
    value
        .strip_prefix(b"1.")
        .is_some_and(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
}

/// XML 1.0 §4.3.3 `EncName`.
fn is_encoding_name(value: &[u8]) -> bool {
    value.first().is_some_and(u8::is_ascii_alphabetic)
        && value
            .iter()
            .all(|&byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'))
}

/// The digits of a character reference as a number; `None` when empty, not all digits
/// of `radix` (no signs), or too large.
fn parse_number(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.chars().try_fold(0u32, |value, digit| {
        value
            .checked_mul(radix)?
            .checked_add(digit.to_digit(radix)?)
    })
}

/// Appends `raw` with XML 1.0 §2.11 end-of-line handling: CR LF and lone CR become LF.
fn push_normalized_lines(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(cr) = memchr::memchr(b'\r', rest.as_bytes()) {
        // `\r` is ASCII: both sides of it are whole characters.
        out.push_str(rest.get(..cr).unwrap_or_default());
        out.push('\n');
        let after = rest.get(cr + 1..).unwrap_or_default();
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
}

fn normalized_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    push_normalized_lines(&mut out, raw);
    out
}

/// `text` for a message, cut short if long (names come from hostile input).
fn shown(text: &str) -> Cow<'_, str> {
    const MAX: usize = 64;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => Cow::Owned(format!("{}…", text.get(..cut).unwrap_or_default())),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{NS_DS, NS_SAML, NS_SAMLP};

    fn parse_str(xml: &str) -> Result<Document, XmlError> {
        parse(xml.as_bytes(), &Limits::default())
    }

    fn parse_ok(xml: &str) -> Document {
        parse_str(xml).unwrap_or_else(|error| panic!("{xml:?} should parse: {error}"))
    }

    fn parse_err(xml: &[u8]) -> XmlError {
        match parse(xml, &Limits::default()) {
            Ok(_) => panic!("{:?} should be refused", String::from_utf8_lossy(xml)),
            Err(error) => error,
        }
    }

    /// The first element (document order) with local name `local`.
    fn find(doc: &Document, local: &str) -> NodeId {
        doc.ids()
            .find(|&id| doc.element(id).is_some_and(|e| *e.name.local == *local))
            .unwrap_or_else(|| panic!("no element {local}"))
    }

    fn kinds(doc: &Document, id: NodeId) -> Vec<&'static str> {
        doc.children(id)
            .iter()
            .map(|&child| match doc.node(child).kind {
                NodeKind::Element(_) => "element",
                NodeKind::Text(_) => "text",
                NodeKind::CData(_) => "cdata",
                NodeKind::Comment(_) => "comment",
                NodeKind::ProcessingInstruction { .. } => "pi",
            })
            .collect()
    }

    #[test]
    fn element_namespaces_resolve() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("<a/>", "a", None),
            ("<a xmlns='urn:x'/>", "a", Some("urn:x")),
            ("<a xmlns='urn:x'><b/></a>", "b", Some("urn:x")),
            ("<a xmlns='urn:x'><b xmlns=''/></a>", "b", None),
            ("<a xmlns='urn:x'><b xmlns=''><c/></b></a>", "c", None),
            ("<a xmlns='urn:x'><b xmlns=''/><c/></a>", "c", Some("urn:x")),
            ("<p:a xmlns:p='urn:p'/>", "a", Some("urn:p")),
            (
                "<p:a xmlns:p='urn:p'><p:b xmlns:p='urn:q'/></p:a>",
                "b",
                Some("urn:q"),
            ),
            (
                "<p:a xmlns:p='urn:p'><p:b xmlns:p='urn:q'/><p:c/></p:a>",
                "c",
                Some("urn:p"),
            ),
            (
                "<x:a xmlns:x='urn:x' xmlns='urn:d'><b/></x:a>",
                "b",
                Some("urn:d"),
            ),
            ("<xml:a/>", "a", Some(NS_XML)),
            (
                "<a xmlns:xml='http://www.w3.org/XML/1998/namespace'/>",
                "a",
                None,
            ),
            (
                "<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>",
                "Response",
                Some(NS_SAMLP),
            ),
            ("<a xmlns='urn:&amp;x'/>", "a", Some("urn:&x")),
        ];
        for &(xml, local, namespace) in cases {
            let doc = parse_ok(xml);
            let id = find(&doc, local);
            let element = doc.element(id).unwrap();
            assert_eq!(element.namespace.as_deref(), namespace, "{xml}");
        }
    }

    #[test]
    fn declarations_are_kept_as_written_and_not_attributes() {
        let doc = parse_ok("<a xmlns='urn:d' b='1' xmlns:p=\"urn:p\" p:c='2'/>");
        let root = doc.root();
        assert_eq!(
            doc.namespace_declarations(root),
            [
                NamespaceDeclaration {
                    prefix: None,
                    uri: "urn:d".into()
                },
                NamespaceDeclaration {
                    prefix: Some("p".into()),
                    uri: "urn:p".into()
                },
            ]
        );
        let names: Vec<String> = doc
            .attributes(root)
            .iter()
            .map(|a| a.name.to_string())
            .collect();
        assert_eq!(names, ["b", "p:c"]);
        assert_eq!(doc.attributes(root)[0].namespace, None);
        assert_eq!(doc.attributes(root)[1].namespace.as_deref(), Some("urn:p"));
        assert_eq!(doc.attribute(doc.root(), "b"), Some("1"));
        assert_eq!(doc.attribute_ns(doc.root(), "urn:p", "c"), Some("2"));
        assert_eq!(
            doc.namespaces_in_scope(doc.root()),
            vec![(None, "urn:d"), (Some("p"), "urn:p")]
        );
    }

    #[test]
    fn attribute_namespaces_resolve() {
        // (document, attribute qname, namespace)
        let cases: &[(&str, &str, Option<&str>)] = &[
            // The default namespace never applies to attributes (§6.2).
            ("<a xmlns='urn:d' x='1'/>", "x", None),
            ("<a xmlns:p='urn:p' p:x='1'/>", "p:x", Some("urn:p")),
            // Declared after use on the same element still applies.
            ("<a p:x='1' xmlns:p='urn:p'/>", "p:x", Some("urn:p")),
            ("<a xml:lang='en'/>", "xml:lang", Some(NS_XML)),
            ("<r xmlns:p='urn:p'><a p:x='1'/></r>", "p:x", Some("urn:p")),
        ];
        for &(xml, qname, namespace) in cases {
            let doc = parse_ok(xml);
            let id = find(&doc, "a");
            let attribute = doc
                .attributes(id)
                .iter()
                .find(|a| a.name.to_string() == qname)
                .unwrap_or_else(|| panic!("{xml}: no {qname}"));
            assert_eq!(attribute.namespace.as_deref(), namespace, "{xml}");
        }
    }

    #[test]
    fn attribute_values_are_normalized() {
        let cases: &[(&str, &str)] = &[
            ("<a v='plain'/>", "plain"),
            ("<a v=''/>", ""),
            ("<a v='a\tb\nc\rd'/>", "a b c d"),
            // CR LF is one line end, so one space; spaces are never collapsed.
            ("<a v='a\r\nb'/>", "a b"),
            ("<a v='  two  spaces  '/>", "  two  spaces  "),
            ("<a v='a\n\nb'/>", "a  b"),
            // Character references keep their character.
            ("<a v='a&#9;b&#10;c&#13;d&#xD;&#x0A;'/>", "a\tb\nc\rd\r\n"),
            ("<a v='&amp;&lt;&gt;&quot;&apos;'/>", "&<>\"'"),
            ("<a v='&#x41;&#66;&#x1F600;'/>", "AB\u{1F600}"),
            ("<a v=\"it's\"/>", "it's"),
            ("<a v='say \"hi\"'/>", "say \"hi\""),
            ("<a v='1 > 0'/>", "1 > 0"),
            ("<a v='é ü 日本'/>", "é ü 日本"),
            ("<a\n v\t=\r\n'x'\n/>", "x"),
        ];
        for &(xml, value) in cases {
            let doc = parse_ok(xml);
            assert_eq!(doc.attribute(doc.root(), "v"), Some(value), "{xml:?}");
        }
    }

    #[test]
    fn text_is_assembled_as_the_infoset_has_it() {
        let cases: &[(&str, &str)] = &[
            ("<a>x</a>", "x"),
            ("<a></a>", ""),
            ("<a>a&amp;b&lt;c&gt;d&quot;e&apos;f</a>", "a&b<c>d\"e'f"),
            ("<a>&#65;&#x42;&#x10FFFF;</a>", "AB\u{10FFFF}"),
            // §2.11: CR LF and lone CR become LF; a &#13; reference stays a CR.
            ("<a>1\r\n2\r3\n4</a>", "1\n2\n3\n4"),
            ("<a>x\r&amp;\r\ny</a>", "x\n&\ny"),
            ("<a>x&#13;&#10;y&#xD;</a>", "x\r\ny\r"),
            ("<a><![CDATA[<b>&amp;\r\n]]></a>", "<b>&amp;\n"),
            ("<a>x<![CDATA[]]>y</a>", "xy"),
            ("<a>1<b>2</b>3</a>", "123"),
            ("<a>x<?pi data?>y<!-- c -->z</a>", "xyz"),
            ("<a> \t\n </a>", " \t\n "),
            ("<a>]]&gt; ] ]] > </a>", "]]> ] ]] > "),
        ];
        for &(xml, text) in cases {
            let doc = parse_ok(xml);
            assert_eq!(doc.text(doc.root()), text, "{xml:?}");
        }
    }

    #[test]
    fn comment_injection_keeps_the_whole_text_and_is_counted() {
        let doc = parse_ok(
            "<saml:NameID xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion'>admin@evil.com<!---->.example.com</saml:NameID>",
        );
        let name_id = doc.root();
        assert!(doc.is(name_id, NS_SAML, "NameID"));
        assert_eq!(doc.text(name_id), "admin@evil.com.example.com");
        assert_eq!(kinds(&doc, name_id), ["text", "comment", "text"]);
        let found = doc.text_interruptions(name_id);
        assert_eq!(found.comments, 1);
        assert_eq!(found.processing_instructions + found.elements, 0);
    }

    #[test]
    fn nodes_come_in_document_order_with_their_kinds() {
        let cases: &[(&str, &[&str])] = &[
            ("<a>x&amp;y&#65;z</a>", &["text"]),
            ("<a>x<!--c-->y</a>", &["text", "comment", "text"]),
            ("<a>x<![CDATA[c]]>y</a>", &["text", "cdata", "text"]),
            ("<a><![CDATA[c]]><![CDATA[d]]></a>", &["cdata", "cdata"]),
            ("<a>x<?t d?><b/>\n</a>", &["text", "pi", "element", "text"]),
            ("<a/>", &[]),
        ];
        for &(xml, expected) in cases {
            let doc = parse_ok(xml);
            assert_eq!(kinds(&doc, doc.root()), expected, "{xml}");
        }
    }

    #[test]
    fn comments_and_processing_instructions() {
        let doc = parse_ok(
            "<?xml version='1.0'?>\r\n<!-- top\r\n -->\n<?pi   data  with\r\nlines ?><a><?empty?><!----></a><!--after--> ",
        );
        let top: Vec<&NodeKind> = doc
            .top_level()
            .iter()
            .map(|&id| &doc.node(id).kind)
            .collect();
        assert_eq!(
            top,
            [
                &NodeKind::Comment(" top\n ".into()),
                &NodeKind::ProcessingInstruction {
                    target: "pi".into(),
                    data: "data  with\nlines ".into()
                },
                &doc.node(doc.root()).kind,
                &NodeKind::Comment("after".into()),
            ]
        );
        assert_eq!(doc.top_level()[2], doc.root());
        let children: Vec<&NodeKind> = doc
            .children(doc.root())
            .iter()
            .map(|&id| &doc.node(id).kind)
            .collect();
        assert_eq!(
            children,
            [
                &NodeKind::ProcessingInstruction {
                    target: "empty".into(),
                    data: String::new()
                },
                &NodeKind::Comment(String::new()),
            ]
        );
        for &id in doc.top_level() {
            assert_eq!(doc.parent(id), None);
        }
    }

    #[test]
    fn spans_cover_the_exact_source() {
        // (document, which node, its exact source)
        let xml = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--c--><a x=\"1\"><b/>t&amp;u<c  y = 'é' >\r\n<![CDATA[d]]><?p q?></c ></a>";
        let doc = parse_ok(xml);
        let source = |id: NodeId| std::str::from_utf8(doc.source_of(id)).unwrap();
        assert_eq!(doc.source(), xml.as_bytes());
        assert_eq!(source(doc.root()), &xml[xml.find("<a").unwrap()..]);
        assert_eq!(source(find(&doc, "b")), "<b/>");
        let c = find(&doc, "c");
        assert_eq!(source(c), "<c  y = 'é' >\r\n<![CDATA[d]]><?p q?></c >");
        assert_eq!(source(doc.top_level()[0]), "<!--c-->");
        let a_children = doc.children(doc.root());
        assert_eq!(source(a_children[1]), "t&amp;u");
        let c_children = doc.children(c);
        assert_eq!(source(c_children[0]), "\r\n");
        assert_eq!(source(c_children[1]), "<![CDATA[d]]>");
        assert_eq!(source(c_children[2]), "<?p q?>");
        let attribute_span = |id: NodeId| {
            let span = doc.attributes(id)[0].span;
            std::str::from_utf8(&doc.source()[span.start..span.end]).unwrap()
        };
        assert_eq!(attribute_span(doc.root()), "x=\"1\"");
        assert_eq!(attribute_span(c), "y = 'é'");

        let doc = parse_ok("<a x=\"1\"><b/>t</a>");
        let b = find(&doc, "b");
        assert_eq!(doc.span(b), Span { start: 9, end: 13 });
        assert_eq!(doc.source_of(b), b"<b/>");
    }

    #[test]
    fn parents_precede_children_and_link_both_ways() {
        let doc = parse_ok("<a><b><c>t</c></b><d/></a>");
        for id in doc.ids() {
            for &child in doc.children(id) {
                assert!(child > id);
                assert_eq!(doc.parent(child), Some(id));
            }
        }
        assert_eq!(doc.root(), NodeId(0));
        assert_eq!(doc.len(), 5);
        assert_eq!(doc.top_level(), [doc.root()]);
    }

    #[test]
    fn byte_order_mark_and_encodings() {
        let doc = parse(b"\xEF\xBB\xBF<a/>", &Limits::default()).unwrap();
        assert_eq!(doc.span(doc.root()), Span { start: 3, end: 7 });
        assert_eq!(doc.source_of(doc.root()), b"<a/>");

        let accepted = [
            "<?xml version='1.0'?><a/>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
            "<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>",
            "<?xml version = '1.0'   encoding = 'us-ascii' ?><a/>",
            "<?xml version='1.0' standalone='no'?>\n<a/>",
            "<?xml-stylesheet href='x'?><a/>",
        ];
        for xml in accepted {
            parse_ok(xml);
        }

        let unsupported: &[(&[u8], &str)] = &[
            (
                b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9</a>",
                "ISO-8859-1",
            ),
            (b"<?xml version='1.0' encoding='UTF-16'?><a/>", "UTF-16"),
            (
                b"<?xml version='1.0' encoding='windows-1252'?><a/>",
                "windows-1252",
            ),
            (b"\xFF\xFE<\x00a\x00/\x00>\x00", "UTF-16LE"),
            (b"\xFE\xFF\x00<\x00a\x00/\x00>", "UTF-16BE"),
            (b"<\x00?\x00x\x00m\x00l\x00", "UTF-16LE"),
            (b"\x00<\x00a\x00/\x00>", "UTF-16BE"),
        ];
        for &(input, name) in unsupported {
            match parse_err(input) {
                XmlError::UnsupportedEncoding { encoding, .. } => assert_eq!(encoding, name),
                other => panic!("{input:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_declarations_are_syntax_errors() {
        let cases = [
            "<?xml?><a/>",
            "<?xml encoding='UTF-8'?><a/>",
            "<?xml version='1.1'?><a/>",
            "<?xml version='2'?><a/>",
            "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
            "<?xml version='1.0' standalone='maybe'?><a/>",
            "<?xml version='1.0'encoding='UTF-8'?><a/>",
            "<?xml version=1.0?><a/>",
            "<?xml version='1.0' foo='bar'?><a/>",
            " <?xml version='1.0'?><a/>",
            "<a/><?xml version='1.0'?>",
            "<?XML version='1.0'?><a/>",
            "<a><?xml version='1.0'?></a>",
        ];
        for xml in cases {
            assert!(
                matches!(parse_err(xml.as_bytes()), XmlError::Syntax { .. }),
                "{xml}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_reported_where_it_is() {
        let cases: &[(&[u8], usize)] = &[
            (b"<a>\xFF</a>", 3),
            (b"<a x='\xC3'/>", 6),
            (b"<a>ok</a>\n<!-- \xE9 -->", 15),
            (b"\xEF\xBB\xBF<a>\xED\xA0\x80</a>", 6), // an encoded surrogate
            (b"<a\xC0/>", 2),
        ];
        for &(input, offset) in cases {
            match parse_err(input) {
                XmlError::InvalidUtf8 { at } => assert_eq!(at.offset, offset, "{input:?}"),
                other => panic!("{input:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn doctype_is_refused_before_anything_in_it_is_used() {
        let billion_laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"#;
        let cases: &[(&str, usize, usize)] = &[
            (billion_laughs, 2, 1),
            (
                "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>",
                1,
                1,
            ),
            ("<!DOCTYPE a><a/>", 1, 1),
            ("<!doctype a><a/>", 1, 1),
            ("<!DOCTYPE a [<!ELEMENT a ANY>]><a/>", 1, 1),
            ("<!-- x -->\n  <!DOCTYPE a SYSTEM 'http://evil/'><a/>", 2, 3),
            ("<a><!DOCTYPE a></a>", 1, 4),
            ("<!DOCTYPE>", 1, 1),
            ("<!DOCTYPE a [", 1, 1),
            ("<!DOCTYPE a [<!ENTITY x '\u{1}'>", 1, 1),
        ];
        for &(xml, line, column) in cases {
            match parse_err(xml.as_bytes()) {
                XmlError::Doctype { at } => {
                    assert_eq!((at.line, at.column), (line, column), "{xml}")
                }
                other => panic!("{xml}: {other:?}"),
            }
        }
        // Refused first even when invalid bytes follow.
        assert!(matches!(
            parse_err(b"<!DOCTYPE a><a>\xFF</a>"),
            XmlError::Doctype { .. }
        ));
    }

    #[test]
    fn references_are_predefined_or_legal_characters() {
        let unknown: &[(&str, &str, usize)] = &[
            ("<a>&nbsp;</a>", "nbsp", 3),
            ("<a>x &xxe; y</a>", "xxe", 5),
            ("<a v='&copy;'/>", "copy", 6),
            ("<a>&AMP;</a>", "AMP", 3),
            ("<a>&a:b;</a>", "a:b", 3),
        ];
        for &(xml, name, offset) in unknown {
            match parse_err(xml.as_bytes()) {
                XmlError::UnknownEntity { at, name: found } => {
                    assert_eq!((found.as_str(), at.offset), (name, offset), "{xml}")
                }
                other => panic!("{xml}: {other:?}"),
            }
        }
        let malformed = [
            "<a>&#0;</a>",
            "<a>&#x0;</a>",
            "<a>&#1;</a>",
            "<a>&#xFFFE;</a>",
            "<a>&#xFFFF;</a>",
            "<a>&#xD800;</a>",
            "<a>&#x110000;</a>",
            "<a>&#99999999999999999999;</a>",
            "<a>&#X41;</a>",
            "<a>&#x+41;</a>",
            "<a>&#+65;</a>",
            "<a>&#;</a>",
            "<a>&#x;</a>",
            "<a>&#-1;</a>",
            "<a>&;</a>",
            "<a>& amp;</a>",
            "<a>&amp</a>",
            "<a>a & b</a>",
            "<a>&</a>",
            "<a v='&#0;'/>",
            "<a v='&amp'/>",
            "<a v='a & b'/>",
            "<a v='&;'/>",
        ];
        for xml in malformed {
            assert!(
                matches!(parse_err(xml.as_bytes()), XmlError::Syntax { .. }),
                "{xml}"
            );
        }
    }

    #[test]
    fn namespace_errors() {
        let unbound: &[(&str, &str, usize)] = &[
            ("<p:a/>", "p", 1),
            ("<a p:x='1'/>", "p", 3),
            // A declaration is scoped to its element.
            ("<r><a xmlns:p='urn:p'/><p:b/></r>", "p", 24),
            ("<r><a xmlns:p='urn:p'/><b p:x=''/></r>", "p", 26),
        ];
        for &(xml, prefix, offset) in unbound {
            match parse_err(xml.as_bytes()) {
                XmlError::UnboundPrefix { at, prefix: found } => {
                    assert_eq!((found.as_str(), at.offset), (prefix, offset), "{xml}")
                }
                other => panic!("{xml}: {other:?}"),
            }
        }
        let syntax = [
            "<a xmlns:p=''/>",
            "<a xmlns:xml='urn:other'/>",
            "<a xmlns:p='http://www.w3.org/XML/1998/namespace'/>",
            "<a xmlns='http://www.w3.org/XML/1998/namespace'/>",
            "<a xmlns:xmlns='urn:x'/>",
            "<a xmlns:q='http://www.w3.org/2000/xmlns/'/>",
            "<a xmlns='http://www.w3.org/2000/xmlns/'/>",
            "<xmlns:a xmlns:xmlns='urn:x'/>",
            "<a:b:c/>",
            "<:a/>",
            "<a: />",
            "<a x:='1'/>",
            "<a xmlns:='urn:x'/>",
            "<a :x='1'/>",
        ];
        for xml in syntax {
            assert!(
                matches!(parse_err(xml.as_bytes()), XmlError::Syntax { .. }),
                "{xml}"
            );
        }
    }

    #[test]
    fn duplicate_attributes() {
        let cases: &[(&str, usize)] = &[
            ("<a x='1' x='2'/>", 9),
            ("<a x='1' y='2' x='1'/>", 15),
            ("<a xmlns='urn:a' xmlns='urn:a'/>", 17),
            ("<a xmlns:p='urn:a' xmlns:p='urn:b'/>", 19),
            ("<a p:x='1' p:x='2' xmlns:p='urn:p'/>", 11),
            // Same expanded name through two prefixes (§6.3).
            ("<a xmlns:p='urn:u' xmlns:q='urn:u' p:x='1' q:x='2'/>", 43),
            (
                "<r xmlns:p='urn:u'><a xmlns:q='urn:u' p:x='1' q:x='2'/></r>",
                46,
            ),
        ];
        for &(xml, offset) in cases {
            match parse_err(xml.as_bytes()) {
                XmlError::DuplicateAttribute { at, .. } => assert_eq!(at.offset, offset, "{xml}"),
                other => panic!("{xml}: {other:?}"),
            }
        }
        // Same local name in different namespaces, or prefixed and unprefixed: fine.
        parse_ok("<a xmlns:p='urn:p' xmlns:q='urn:q' p:x='1' q:x='2' x='3'/>");
        parse_ok("<a xmlns:p='urn:p' xmlns='urn:p' p:x='1' x='2'/>");
    }

    #[test]
    fn well_formedness_errors_say_what_and_where() {
        // (document, line, column, words the message contains)
        let cases: &[(&str, usize, usize, &str)] = &[
            (
                "<a>\n  <b></a>",
                2,
                6,
                "the end tag </a> does not match the start tag <b>",
            ),
            (
                "<saml:Assertion xmlns:saml='urn:x'>\n<b/>",
                2,
                5,
                "the document ends before <saml:Assertion> (opened at line 1, column 1) is closed",
            ),
            ("<a><b>", 1, 7, "the document ends before <b>"),
            ("<a/><b/>", 1, 5, "second root element <b>"),
            ("<a/>\n<a/>", 2, 1, "second root element"),
            ("<a/>text", 1, 5, "text after the root element"),
            ("<a/>\n\n  x", 3, 3, "text after the root element"),
            ("hello<a/>", 1, 1, "text before the root element"),
            ("<a/>&amp;", 1, 5, "reference after the root element"),
            ("<![CDATA[x]]><a/>", 1, 1, "CDATA section before the root"),
            (
                "<a/></a>",
                1,
                5,
                "the end tag </a> has no matching start tag",
            ),
            ("<a>\n<b", 2, 1, "not closed with >"),
            ("<a><!-- x", 1, 4, "comment that is not closed"),
            ("<a><![CDATA[x", 1, 4, "CDATA section that is not closed"),
            ("<a><?p x", 1, 4, "not closed with ?>"),
            ("<a><!-- a -- b --></a>", 1, 11, "--"),
            ("<a><!-- a ---></a>", 1, 11, "--"),
            ("<a><!foo></a>", 1, 4, "<!"),
            ("<a>]]></a>", 1, 4, "]]>"),
            ("<a x='1'y='2'/>", 1, 9, "separated by whitespace"),
            ("<a x/>", 1, 4, "has no value"),
            ("<a x=1/>", 1, 6, "quotes"),
            ("<a x='<'/>", 1, 7, "<"),
            ("<1a/>", 1, 2, "not a valid element name"),
            ("< a/>", 1, 2, "not a valid element name"),
            ("<a / >", 1, 4, "not a valid attribute name"),
            ("<a x='1' / >", 1, 10, "not a valid attribute name"),
            ("<a>\u{1}</a>", 1, 4, "U+0001"),
            ("<a>\u{FFFE}</a>", 1, 4, "U+FFFE"),
            ("<a x='\u{0}'/>", 1, 7, "U+0000"),
            ("<a><?xml-x?><? x?></a>", 1, 13, "without a target"),
            ("<a><?Xml d?></a>", 1, 6, "reserved"),
            ("<a><?p:q d?></a>", 1, 6, "target"),
            ("<a>&amp </a>", 1, 4, "&"),
            ("\u{FEFF}\u{FEFF}<a/>", 1, 2, "byte order mark"),
        ];
        for &(xml, line, column, words) in cases {
            match parse_err(xml.as_bytes()) {
                XmlError::Syntax { at, message } => {
                    assert!(message.contains(words), "{xml:?}: {message}");
                    assert_eq!((at.line, at.column), (line, column), "{xml:?}: {message}");
                }
                other => panic!("{xml:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn no_root_element() {
        let cases: &[&[u8]] = &[
            b"",
            b"  \n\t\r\n",
            b"<!-- only a comment -->",
            b"<?xml version='1.0'?>",
            b"<?xml version='1.0'?>\n<!-- c --><?pi?>\n",
            b"\xEF\xBB\xBF",
        ];
        for &input in cases {
            assert_eq!(parse_err(input), XmlError::NoRootElement, "{input:?}");
        }
    }

    #[test]
    fn truncated_documents_are_errors_never_panics() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_1\" Version=\"2.0\"><!-- c --><saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml:NameID>a&amp;b&#233;é<![CDATA[x]]></saml:NameID><?pi d?></saml:Assertion></samlp:Response>\n";
        for cut in 0..xml.len() {
            let Some(prefix) = xml.get(..cut) else {
                continue;
            };
            if prefix.trim_end().ends_with("</samlp:Response>") {
                continue;
            }
            assert!(parse_str(prefix).is_err(), "cut at {cut} parsed");
        }
        parse_ok(xml);
    }

    #[test]
    fn mangled_bytes_never_panic() {
        let xml = b"\xEF\xBB\xBF<?xml version='1.0'?><!--c--><a xmlns='urn:a' xmlns:p='urn:p' p:x='1&amp;&#10;'><b>t&lt;\r\n<![CDATA[c]]></b><?p d?><c/></a>";
        let replacements = [
            b'<', b'>', b'&', b';', b'/', b'!', b'?', b'-', b'[', b']', b'\'', b'"', b'=', b':',
            b' ', b'\r', 0, 0xFF, 0xC3, b'x', b'#',
        ];
        for i in 0..xml.len() {
            for &byte in &replacements {
                let mut input = xml.to_vec();
                input[i] = byte;
                let _ = parse(&input, &Limits::default());
                input.insert(i, byte);
                let _ = parse(&input, &Limits::default());
                input.remove(i);
                input.remove(i);
                let _ = parse(&input, &Limits::default());
            }
        }
    }

    #[test]
    fn depth_limit() {
        let nested = |depth: usize| {
            let mut xml = String::with_capacity(depth * 7);
            for _ in 0..depth {
                xml.push_str("<a>");
            }
            for _ in 0..depth {
                xml.push_str("</a>");
            }
            xml
        };
        let limits = Limits::default();
        parse(nested(limits.xml_depth).as_bytes(), &limits).unwrap();
        match parse(nested(limits.xml_depth + 1).as_bytes(), &limits) {
            Err(XmlError::TooDeep { at, limit }) => {
                assert_eq!(limit, 128);
                assert_eq!(at.offset, 128 * 3);
            }
            other => panic!("{other:?}"),
        }
        // An empty element is as deep as any other.
        let xml = format!("{}<b/>{}", "<a>".repeat(128), "</a>".repeat(128));
        assert!(matches!(
            parse(xml.as_bytes(), &limits),
            Err(XmlError::TooDeep { .. })
        ));

        let hundred_thousand = nested(100_000);
        assert!(matches!(
            parse(hundred_thousand.as_bytes(), &limits),
            Err(XmlError::TooDeep { .. })
        ));
        // With the limit lifted, nothing in the parser or the tree recurses.
        let lifted = Limits {
            xml_depth: 200_000,
            ..limits
        };
        let doc = parse(hundred_thousand.as_bytes(), &lifted).unwrap();
        assert_eq!(doc.len(), 100_000);
        assert_eq!(doc.descendants(doc.root()).count(), 100_000);
    }

    #[test]
    fn attribute_limit_fails_fast() {
        let limits = Limits::default();
        let with_attributes = |count: usize| {
            let mut xml = String::from("<a");
            for i in 0..count {
                xml.push_str(&format!(" a{i}=''"));
            }
            xml.push_str("/>");
            xml
        };
        parse(with_attributes(limits.xml_attributes).as_bytes(), &limits).unwrap();
        match parse(
            with_attributes(limits.xml_attributes + 1).as_bytes(),
            &limits,
        ) {
            Err(XmlError::TooManyAttributes { limit, at }) => {
                assert_eq!(limit, 256);
                assert_eq!(at.line, 1);
            }
            other => panic!("{other:?}"),
        }
        // Namespace declarations count.
        let small = Limits {
            xml_attributes: 2,
            ..limits
        };
        assert!(matches!(
            parse(b"<a xmlns='urn:a' xmlns:p='urn:p' x='1'/>", &small),
            Err(XmlError::TooManyAttributes { .. })
        ));
        parse(b"<a xmlns='urn:a' x='1'/>", &small).unwrap();

        let huge = with_attributes(400_000);
        assert!(matches!(
            parse(huge.as_bytes(), &limits),
            Err(XmlError::TooManyAttributes { .. })
        ));
    }

    #[test]
    fn node_limit() {
        let limits = Limits {
            xml_nodes: 4,
            ..Limits::default()
        };
        // comment, a, text, b, text: five nodes.
        parse(b"<!--1--><a>t<b/>u</a>", &limits).unwrap_err();
        parse(b"<a>t<b/><!--c--></a>", &limits).unwrap();
        // Adjacent text pieces are one node.
        parse(b"<a>x&amp;y&#65;<b/>z</a>", &limits).unwrap();
        match parse(b"<a>t<b/><!--c-->\n  <d/></a>", &limits) {
            Err(XmlError::TooManyNodes { at, limit }) => {
                assert_eq!(limit, 4);
                assert_eq!(at.offset, 16);
            }
            other => panic!("{other:?}"),
        }
        let one = Limits {
            xml_nodes: 1,
            ..Limits::default()
        };
        parse(b"<a/>", &one).unwrap();
        assert!(matches!(
            parse(b"<!---->", &one),
            Err(XmlError::NoRootElement)
        ));
        assert!(matches!(
            parse(b"<a> </a>", &one),
            Err(XmlError::TooManyNodes { .. })
        ));
    }

    #[test]
    fn names_and_namespaces_are_stored_once() {
        let doc = parse_ok(
            "<p:a xmlns:p='urn:p' p:x='1'><p:a xmlns:p='urn:p' p:x='2'/><b xmlns='urn:p'/></p:a>",
        );
        let ids: Vec<NodeId> = doc.ids().filter(|&id| doc.element(id).is_some()).collect();
        let [outer_id, inner_id, _] = ids.as_slice() else {
            panic!("three elements");
        };
        let elements: Vec<&Element> = ids.iter().filter_map(|&id| doc.element(id)).collect();
        let [outer, inner, other] = elements.as_slice() else {
            panic!("three elements");
        };
        let namespace = |element: &Element| element.namespace.clone().expect("in a namespace");
        assert!(Shared::ptr_eq(&outer.name.local, &inner.name.local));
        assert!(Shared::ptr_eq(&namespace(outer), &namespace(inner)));
        assert!(Shared::ptr_eq(&namespace(outer), &namespace(other)));
        assert!(Shared::ptr_eq(
            &doc.namespace_declarations(*outer_id)[0].uri,
            &doc.namespace_declarations(*inner_id)[0].uri
        ));
        let attribute_namespace = |id: NodeId| doc.attributes(id)[0].namespace.clone();
        assert!(Shared::ptr_eq(
            &attribute_namespace(*outer_id).expect("p:x has one"),
            &namespace(inner)
        ));
    }

    #[test]
    fn forbidden_characters_are_found_across_blocks() {
        let padded = |offset: usize, tail: &str| format!("{}{tail}", "x".repeat(offset));
        // (text, offset of the first forbidden character)
        let cases: Vec<(String, Option<usize>)> = vec![
            (String::new(), None),
            ("tab\t LF\n CR\r".into(), None),
            ("\u{F000}\u{FFFD}\u{EFFF}".into(), None),
            ("a\u{1}".into(), Some(1)),
            (padded(63, "\u{0}"), Some(63)),
            (padded(64, "\u{B}"), Some(64)),
            (padded(200, "\u{FFFF}"), Some(200)),
            // U+FFFE straddling two blocks.
            (padded(62, "\u{FFFE}"), Some(62)),
            (padded(63, "\u{FFFE}"), Some(63)),
            // A harmless 0xEF lead byte in an earlier block.
            (format!("\u{F000}{}\u{1F}", "x".repeat(100)), Some(103)),
        ];
        for (text, expected) in cases {
            assert_eq!(first_forbidden_char(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn a_saml_response_parses() {
        let xml = sample_response(1);
        let doc = parse_ok(&xml);
        assert!(doc.is(doc.root(), NS_SAMLP, "Response"));
        let assertion = doc.child(doc.root(), NS_SAML, "Assertion").unwrap();
        let signature = doc.child(assertion, NS_DS, "Signature").unwrap();
        assert!(doc.attribute(assertion, "ID").is_some());
        assert_eq!(
            doc.text(doc.child(signature, NS_DS, "SignatureValue").unwrap())
                .trim(),
            "c2lnbmF0dXJl"
        );
    }

    /// A SAML Response with `attributes` attribute statements, about 250 bytes each.
    fn sample_response(attributes: usize) -> String {
        let mut xml = String::from(
            r##"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_resp-7f3c2a9e41b04d5d8e16" Version="2.0" IssueInstant="2026-03-04T09:15:00Z" Destination="https://sp.example.test/saml/acs" InResponseTo="_req-5b2e9d0c13f84a67">
  <saml:Issuer>https://idp.example.test/metadata</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="_assert-0c91d6b27e4f4c38a5" Version="2.0" IssueInstant="2026-03-04T09:15:00Z">
    <saml:Issuer>https://idp.example.test/metadata</saml:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
        <ds:Reference URI="#_assert-0c91d6b27e4f4c38a5"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>
          <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>ZGlnZXN0</ds:DigestValue></ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue>
        c2lnbmF0dXJl
      </ds:SignatureValue>
    </ds:Signature>
    <saml:Subject><saml:NameID SPNameQualifier="https://sp.example.test/metadata" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_nid-transient-4d2f8a61c07e</saml:NameID></saml:Subject>
    <saml:AttributeStatement>
"##,
        );
        for i in 0..attributes {
            xml.push_str(&format!(
                "      <saml:Attribute Name=\"attribute{i}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:basic\">\n        <saml:AttributeValue xsi:type=\"xs:string\">value &amp; {i} for the user@example.com</saml:AttributeValue>\n      </saml:Attribute>\n"
            ));
        }
        xml.push_str("    </saml:AttributeStatement>\n  </saml:Assertion>\n</samlp:Response>\n");
        xml
    }
}
