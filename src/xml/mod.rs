//! A small, read-only XML tree for SAML messages and metadata.
//!
//! Built from quick-xml events by [`parse`](fn@parse) into an arena of [`Node`]s addressed by
//! [`NodeId`]. It owns: namespace resolution (every element and attribute knows its
//! namespace URI; the declarations as written are kept for canonicalization), source
//! spans (every node knows the bytes it came from, for line/column in messages and the
//! "original bytes" view), and text assembled from all text and CDATA pieces.
//!
//! What it refuses, by design: any DOCTYPE (a DTD is never legitimate in SAML, and
//! entity expansion is how XML bombs and XXE work), entity references other than the
//! five predefined ones, encodings other than UTF-8, and input past the limits in
//! [`crate::limits::Limits`] (depth, nodes, attributes per element), all checked in one
//! place, the parser's node-append path. It must not panic on any input.
//!
//! Values are stored as the XML Information Set defines them (XML 1.0 §2.11 end-of-line
//! handling, §3.3.3 attribute-value normalization, references decoded), because that is
//! what canonicalization and signature digests are computed over.
//!
//! Why our own tree and not an XML crate's DOM (roxmltree, xmltree, libxml2 bindings):
//! the signature verifier and the typed model must read the very same tree, because
//! two parsers reading one message differently is how signature-wrapping and
//! comment-truncation bypasses of SAML work; canonicalization needs what DOM crates
//! drop or normalize away (the namespace declarations as written, every text and CDATA
//! piece with its source span, comments in place); and every limit, the DOCTYPE refusal
//! and the error positions must be ours. quick-xml does the tokenizing, which is where a
//! crate is safe to share.
//!
//! Memory: names and namespace URIs repeat (a Response names the SAML namespace on
//! every element), so a document stores each distinct one once and nodes share it
//! ([`Shared`]); child lists live in one array for the whole document.

pub mod c14n;
mod parse;
pub mod pretty;

pub use parse::parse;

use std::fmt;
use std::ops::Range;

/// A name or namespace URI shared by every node of a document that uses it. Read it as
/// a `&str` (it dereferences to one).
///
/// Counted without atomics (`Rc`, not `Arc`): a document is read by one thread, and
/// every element clones several of these while it is parsed and drops them with the
/// document; with atomic counts that bookkeeping was about a sixth of parsing a
/// signed Response (`cargo bench --bench verify -- parse`). A document is therefore not
/// `Send`.
pub type Shared = std::rc::Rc<str>;

/// The text of a parsed document, held once and shared by the [`Document`] (its
/// source) and every value stored as written ([`XmlText`]).
pub(crate) type SourceText = std::rc::Rc<str>;

/// Text or an attribute value of a document. Read it as a `&str` (it dereferences to
/// one; `==` compares the text).
///
/// Most values are stored in the source exactly as the information set has them (no
/// reference, no CR), so they are a range of the document's source, shared
/// ([`SourceText`]), which costs no allocation per value; the others (references
/// decoded, line ends or attribute whitespace normalized) have their own text.
#[derive(Clone, Default)]
pub struct XmlText {
    buffer: SourceText,
    start: usize,
    end: usize,
}

impl XmlText {
    /// `buffer[start..end]`, sharing `buffer`; empty if that is not a range of whole
    /// characters of `buffer`.
    pub(crate) fn in_buffer(buffer: &SourceText, start: usize, end: usize) -> XmlText {
        if buffer.get(start..end).is_some() {
            XmlText {
                buffer: buffer.clone(),
                start,
                end,
            }
        } else {
            XmlText::default()
        }
    }

    pub fn as_str(&self) -> &str {
        self.buffer.get(self.start..self.end).unwrap_or_default()
    }
}

impl std::ops::Deref for XmlText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for XmlText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for XmlText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for XmlText {
    fn from(text: &str) -> XmlText {
        XmlText {
            buffer: SourceText::from(text),
            start: 0,
            end: text.len(),
        }
    }
}

impl From<String> for XmlText {
    fn from(text: String) -> XmlText {
        let end = text.len();
        XmlText {
            buffer: SourceText::from(text),
            start: 0,
            end,
        }
    }
}

impl From<XmlText> for String {
    fn from(text: XmlText) -> String {
        text.as_str().to_owned()
    }
}

impl fmt::Debug for XmlText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for XmlText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for XmlText {
    fn eq(&self, other: &XmlText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for XmlText {}

impl std::hash::Hash for XmlText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for XmlText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for XmlText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for XmlText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<XmlText> for str {
    fn eq(&self, other: &XmlText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<XmlText> for String {
    fn eq(&self, other: &XmlText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<XmlText> for &str {
    fn eq(&self, other: &XmlText) -> bool {
        *self == other.as_str()
    }
}

/// The SAML 2.0 assertion namespace (SAML Core §2).
pub const NS_SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// The SAML 2.0 protocol namespace (SAML Core §3).
pub const NS_SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// The SAML 2.0 metadata namespace (SAML Metadata §2).
pub const NS_MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
/// XML Signature (XML-DSig §4).
pub const NS_DS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// XML Encryption.
pub const NS_XENC: &str = "http://www.w3.org/2001/04/xmlenc#";
/// The namespace bound to the `xml` prefix (Namespaces in XML §3).
pub const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations themselves.
pub const NS_XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Index of a node in its [`Document`]. The default is the first node: what the typed
/// model's links to its nodes become when a report is read back from JSON, which does
/// not carry them (`#[serde(skip)]`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    /// The position of the node in document order (the arena index).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range `start..end` of the document's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A place in the source, for messages: byte offset plus 1-based line and column
/// (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A qualified name as written: optional prefix and local part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QName {
    pub prefix: Option<Shared>,
    pub local: Shared,
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.prefix {
            Some(prefix) => write!(f, "{prefix}:{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

/// An attribute that is not a namespace declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: QName,
    /// The resolved namespace URI; `None` for unprefixed attributes (Namespaces in XML
    /// §6.2: the default namespace does not apply to attributes).
    pub namespace: Option<Shared>,
    /// The normalized value (XML 1.0 §3.3.3), references decoded.
    pub value: XmlText,
    /// The whole `name="value"` in the source.
    pub span: Span,
}

/// A namespace declaration written on an element: `xmlns="uri"` (prefix `None`) or
/// `xmlns:p="uri"`. An empty `uri` with prefix `None` is the `xmlns=""` undeclaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceDeclaration {
    pub prefix: Option<Shared>,
    pub uri: Shared,
}

/// An element with its name and resolved namespace. Its attributes and namespace
/// declarations, each in source order, are read through the document
/// ([`Document::attributes`], [`Document::namespace_declarations`]): they live in one
/// array each for the whole document, and the element holds its ranges of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: QName,
    /// The resolved namespace URI of the element name; `None` when unqualified and no
    /// default namespace is in scope.
    pub namespace: Option<Shared>,
    /// Where the attributes are in [`Document`]'s attribute array.
    attributes: Range<u32>,
    /// Where the declarations are in [`Document`]'s declaration array.
    namespace_declarations: Range<u32>,
}

impl Element {
    /// An element whose attributes and declarations are the given ranges of the
    /// document's arrays; used by the parser only.
    pub(crate) fn new(
        name: QName,
        namespace: Option<Shared>,
        attributes: Range<u32>,
        namespace_declarations: Range<u32>,
    ) -> Element {
        Element {
            name,
            namespace,
            attributes,
            namespace_declarations,
        }
    }
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Element(Element),
    /// Character data with references decoded and line ends normalized.
    Text(XmlText),
    /// The content of a `<![CDATA[...]]>` section, line ends normalized.
    CData(XmlText),
    /// The content of a comment, without `<!--` and `-->`.
    Comment(String),
    ProcessingInstruction {
        target: String,
        data: String,
    },
}

/// One node of the arena.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// `None` only for top-level nodes (the root element and comments or processing
    /// instructions outside it).
    pub parent: Option<NodeId>,
    /// Where the children are in [`Document`]'s child array (see
    /// [`Document::children`]); empty for everything but elements.
    children: Range<u32>,
    /// For elements: from `<` of the start tag to `>` of the end tag (or of the empty
    /// tag). For other nodes: the bytes they were read from.
    pub span: Span,
}

/// Why a document could not be read. Every variant carries where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlError {
    /// The input holds no element at all (empty, whitespace, only comments).
    NoRootElement,
    /// A `<!DOCTYPE` declaration: refused, never evaluated.
    Doctype { at: Position },
    /// Not well-formed: `message` says what, in plain words.
    Syntax { at: Position, message: String },
    /// Bytes that are not UTF-8.
    InvalidUtf8 { at: Position },
    /// The XML declaration names an encoding other than UTF-8 (or US-ASCII).
    UnsupportedEncoding { at: Position, encoding: String },
    /// `&name;` other than the five predefined entities (none can be declared).
    UnknownEntity { at: Position, name: String },
    /// A prefix used without a declaration in scope.
    UnboundPrefix { at: Position, prefix: String },
    /// The same attribute twice on one element.
    DuplicateAttribute { at: Position, name: String },
    /// Nesting deeper than the limit.
    TooDeep { at: Position, limit: usize },
    /// More nodes than the limit.
    TooManyNodes { at: Position, limit: usize },
    /// More attributes on one element than the limit.
    TooManyAttributes { at: Position, limit: usize },
}

impl XmlError {
    /// Where the problem is, when the error has a place.
    pub fn position(&self) -> Option<Position> {
        match self {
            XmlError::NoRootElement => None,
            XmlError::Doctype { at }
            | XmlError::Syntax { at, .. }
            | XmlError::InvalidUtf8 { at }
            | XmlError::UnsupportedEncoding { at, .. }
            | XmlError::UnknownEntity { at, .. }
            | XmlError::UnboundPrefix { at, .. }
            | XmlError::DuplicateAttribute { at, .. }
            | XmlError::TooDeep { at, .. }
            | XmlError::TooManyNodes { at, .. }
            | XmlError::TooManyAttributes { at, .. } => Some(*at),
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::NoRootElement => f.write_str("the input contains no XML element"),
            XmlError::Doctype { at } => write!(
                f,
                "a DOCTYPE declaration at {at}: document type definitions are refused, never evaluated"
            ),
            XmlError::Syntax { at, message } => write!(f, "{message} at {at}"),
            XmlError::InvalidUtf8 { at } => write!(f, "bytes that are not UTF-8 at {at}"),
            XmlError::UnsupportedEncoding { at, encoding } => write!(
                f,
                "the XML declaration at {at} names encoding {encoding:?}; only UTF-8 is supported"
            ),
            XmlError::UnknownEntity { at, name } => write!(
                f,
                "an undeclared entity reference &{name}; at {at} (only &amp; &lt; &gt; &quot; &apos; exist without a DTD)"
            ),
            XmlError::UnboundPrefix { at, prefix } => {
                write!(
                    f,
                    "the prefix {prefix:?} is used at {at} without a namespace declaration"
                )
            }
            XmlError::DuplicateAttribute { at, name } => {
                write!(
                    f,
                    "the attribute {name} appears twice on one element at {at}"
                )
            }
            XmlError::TooDeep { at, limit } => {
                write!(f, "elements nest deeper than the limit of {limit} at {at}")
            }
            XmlError::TooManyNodes { at, limit } => {
                write!(
                    f,
                    "more than the limit of {limit} XML nodes (reached at {at})"
                )
            }
            XmlError::TooManyAttributes { at, limit } => write!(
                f,
                "an element with more than the limit of {limit} attributes at {at}"
            ),
        }
    }
}

impl std::error::Error for XmlError {}

/// A parsed document: the source bytes and the node arena.
#[derive(Debug, Clone)]
pub struct Document {
    /// The exact bytes parsed (a leading UTF-8 byte order mark included, if any), which
    /// a document only has when they are all UTF-8; values stored as written are
    /// ranges of the same copy.
    source: SourceText,
    nodes: Vec<Node>,
    /// The attributes of every element, each element's in source order, one element
    /// after another ([`Document::attributes`]).
    attributes: Vec<Attribute>,
    /// The namespace declarations of every element, likewise
    /// ([`Document::namespace_declarations`]).
    namespace_declarations: Vec<NamespaceDeclaration>,
    /// The children of every node, each node's in document order, one node after
    /// another; [`Node::children`] is the range of a node's.
    child_ids: Vec<NodeId>,
    /// Top-level nodes in order: comments and processing instructions around the root
    /// element, and the root element itself.
    top_level: Vec<NodeId>,
    root: NodeId,
    /// Byte offsets of line starts, for [`Document::position`]: found on the first
    /// call, since verification and most reading never asks for a line number.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

/// Two documents are equal when they hold the same source and nodes, whether or not
/// either has looked up its line starts yet.
impl PartialEq for Document {
    fn eq(&self, other: &Document) -> bool {
        self.source == other.source
            && self.nodes == other.nodes
            && self.attributes == other.attributes
            && self.namespace_declarations == other.namespace_declarations
            && self.child_ids == other.child_ids
            && self.top_level == other.top_level
            && self.root == other.root
    }
}

impl Eq for Document {}

impl Document {
    /// The exact bytes the document was parsed from.
    pub fn source(&self) -> &[u8] {
        self.source.as_bytes()
    }

    /// The exact bytes parsed, copied out of the document (which is dropped): the one
    /// copy is shared with the values stored as written, so it cannot be moved out.
    pub fn into_source(self) -> Vec<u8> {
        self.source.as_bytes().to_vec()
    }

    /// The document element.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Top-level nodes in document order (the root element among them).
    pub fn top_level(&self) -> &[NodeId] {
        &self.top_level
    }

    /// Number of nodes in the arena.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always false: a document has at least its root element.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// Every node id in document order.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    /// The element data of `id`, or `None` for other kinds of node.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.node(id).kind {
            NodeKind::Element(element) => Some(element),
            _ => None,
        }
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    /// Children of `id` in document order (none for everything but elements).
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        let range = &self.node(id).children;
        self.child_ids
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }

    /// Child elements of `id` in order.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id)
            .iter()
            .copied()
            .filter(|&child| self.element(child).is_some())
    }

    /// Child elements of `id` with namespace `namespace` and local name `local`.
    pub fn children_named<'a>(
        &'a self,
        id: NodeId,
        namespace: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = NodeId> + 'a {
        self.child_elements(id)
            .filter(move |&child| self.is(child, namespace, local))
    }

    /// The first child element of `id` with that namespace and local name.
    pub fn child(&self, id: NodeId, namespace: &str, local: &str) -> Option<NodeId> {
        self.children_named(id, namespace, local).next()
    }

    /// `id` and all nodes below it, in document order.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            document: self,
            stack: vec![id],
        }
    }

    /// Whether `id` is an element with that namespace URI and local name.
    pub fn is(&self, id: NodeId, namespace: &str, local: &str) -> bool {
        self.element(id).is_some_and(|element| {
            *element.name.local == *local && element.namespace.as_deref() == Some(namespace)
        })
    }

    /// The attributes of element `id` that are not namespace declarations, in source
    /// order (none for other kinds of node).
    pub fn attributes(&self, id: NodeId) -> &[Attribute] {
        let Some(element) = self.element(id) else {
            return &[];
        };
        let range = &element.attributes;
        self.attributes
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }

    /// The namespace declarations written on element `id`, in source order (none for
    /// other kinds of node).
    pub fn namespace_declarations(&self, id: NodeId) -> &[NamespaceDeclaration] {
        let Some(element) = self.element(id) else {
            return &[];
        };
        let range = &element.namespace_declarations;
        self.namespace_declarations
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }

    /// The value of the unqualified attribute `local` of element `id`.
    pub fn attribute(&self, id: NodeId, local: &str) -> Option<&str> {
        self.attributes(id)
            .iter()
            .find(|attribute| attribute.namespace.is_none() && *attribute.name.local == *local)
            .map(|attribute| attribute.value.as_str())
    }

    /// The value of the attribute `local` in namespace `namespace` of element `id`.
    pub fn attribute_ns(&self, id: NodeId, namespace: &str, local: &str) -> Option<&str> {
        self.attributes(id)
            .iter()
            .find(|attribute| {
                *attribute.name.local == *local && attribute.namespace.as_deref() == Some(namespace)
            })
            .map(|attribute| attribute.value.as_str())
    }

    /// All text and CDATA below `id`, joined in document order, exactly as the XML
    /// Infoset has it (whitespace kept). Comments and processing instructions are not
    /// text and are skipped, never treated as the end of the text: `a<!---->b` is `ab`.
    pub fn text(&self, id: NodeId) -> String {
        let mut text = String::new();
        for node in self.descendants(id) {
            match &self.node(node).kind {
                NodeKind::Text(piece) | NodeKind::CData(piece) => text.push_str(piece),
                _ => {}
            }
        }
        text
    }

    /// What interrupts the text of `id`: comments, processing instructions or child
    /// elements inside it. SAML values are plain text; anything else is a sign of
    /// comment-injection truncation (an XML library that returns the first text node
    /// only reads `admin@evil.com<!---->.example.com` as `admin@evil.com`).
    pub fn text_interruptions(&self, id: NodeId) -> TextInterruptions {
        let mut found = TextInterruptions::default();
        for node in self.descendants(id).skip(1) {
            match &self.node(node).kind {
                NodeKind::Comment(_) => found.comments += 1,
                NodeKind::ProcessingInstruction { .. } => found.processing_instructions += 1,
                NodeKind::Element(_) => found.elements += 1,
                NodeKind::Text(_) | NodeKind::CData(_) => {}
            }
        }
        found
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.node(id).span
    }

    /// The source bytes of `id` exactly as received.
    pub fn source_of(&self, id: NodeId) -> &[u8] {
        let span = self.span(id);
        self.source().get(span.start..span.end).unwrap_or_default()
    }

    /// Line and column of a byte offset in the source.
    pub fn position(&self, offset: usize) -> Position {
        let line_starts = self
            .line_starts
            .get_or_init(|| line_starts(self.source.as_bytes()));
        position_in(self.source(), line_starts, offset)
    }

    /// The namespace bindings in scope at element `id` (nearest declaration wins), as
    /// `(prefix, uri)`; the default namespace has prefix `None`, and an `xmlns=""`
    /// undeclaration removes it. The `xml` prefix is implicit and not listed.
    pub fn namespaces_in_scope(&self, id: NodeId) -> Vec<(Option<&str>, &str)> {
        let mut bindings: Vec<(Option<&str>, &str)> = Vec::new();
        let mut current = Some(id);
        while let Some(node) = current {
            for declaration in self.namespace_declarations(node) {
                let prefix = declaration.prefix.as_deref();
                if !bindings.iter().any(|(bound, _)| *bound == prefix) {
                    bindings.push((prefix, &declaration.uri));
                }
            }
            current = self.parent(node);
        }
        bindings.retain(|(prefix, uri)| prefix.is_some() || !uri.is_empty());
        bindings.sort();
        bindings
    }

    /// Assembles a document; used by the parser only. Spans must lie inside `source`,
    /// elements' ranges inside `attributes` and `namespace_declarations`, parents must
    /// precede their children, and the nodes' child ranges are filled in here (whatever
    /// they held).
    pub(crate) fn from_parts(
        source: SourceText,
        mut nodes: Vec<Node>,
        attributes: Vec<Attribute>,
        namespace_declarations: Vec<NamespaceDeclaration>,
        top_level: Vec<NodeId>,
        root: NodeId,
    ) -> Document {
        let child_ids = child_lists(&mut nodes);
        Document {
            source,
            nodes,
            attributes,
            namespace_declarations,
            child_ids,
            top_level,
            root,
            line_starts: std::cell::OnceCell::new(),
        }
    }
}

impl Node {
    /// A node whose children [`Document::from_parts`] will find.
    pub(crate) fn new(kind: NodeKind, parent: Option<NodeId>, span: Span) -> Node {
        Node {
            kind,
            parent,
            children: 0..0,
            span,
        }
    }
}

/// Lays out the children of every node in one array, grouped by parent in arena order,
/// and points each node's `children` at its group. Two passes over the nodes and one
/// allocation, instead of a vector per element. Node ids fit in `u32` (the parser
/// refuses more), so the counts do too.
fn child_lists(nodes: &mut [Node]) -> Vec<NodeId> {
    for node in nodes.iter_mut() {
        node.children = 0..0;
    }
    // Count each node's children in `end`...
    for index in 0..nodes.len() {
        if let Some(parent) = nodes[index].parent
            && let Some(parent) = nodes.get_mut(parent.index())
        {
            parent.children.end += 1;
        }
    }
    // ...then give each node its place: `start` is fixed, `end` counts up as the
    // children are placed and finishes where the group ends.
    let mut total = 0u32;
    for node in nodes.iter_mut() {
        let count = node.children.end;
        node.children = total..total;
        total += count;
    }
    let mut child_ids = vec![NodeId(0); total as usize];
    for index in 0..nodes.len() {
        let Some(parent) = nodes[index].parent else {
            continue;
        };
        let Some(parent) = nodes.get_mut(parent.index()) else {
            continue;
        };
        if let Some(slot) = child_ids.get_mut(parent.children.end as usize) {
            *slot = NodeId(index as u32);
        }
        parent.children.end += 1;
    }
    child_ids
}

/// Counts of what interrupts an element's text; see [`Document::text_interruptions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextInterruptions {
    pub comments: usize,
    pub processing_instructions: usize,
    pub elements: usize,
}

impl TextInterruptions {
    pub fn any(&self) -> bool {
        self.comments + self.processing_instructions + self.elements > 0
    }
}

/// Iterator over a node and its descendants in document order.
pub struct Descendants<'a> {
    document: &'a Document,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        self.stack
            .extend(self.document.children(id).iter().rev().copied());
        Some(id)
    }
}

/// Byte offsets where lines start (the first line starts at 0).
pub(crate) fn line_starts(source: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', source).map(|newline| newline + 1));
    starts
}

/// Line and column (1-based; the column counts characters) of `offset` in `source`.
pub(crate) fn position_in(source: &[u8], line_starts: &[usize], offset: usize) -> Position {
    let offset = offset.min(source.len());
    let line_index = line_starts
        .partition_point(|&start| start <= offset)
        .saturating_sub(1);
    let line_start = line_starts.get(line_index).copied().unwrap_or(0);
    let line_bytes = &source[line_start.min(offset)..offset];
    let column = line_bytes
        .iter()
        .filter(|&&byte| byte & 0xC0 != 0x80)
        .count()
        + 1;
    Position {
        offset,
        line: line_index + 1,
        column,
    }
}

/// The position of `offset` in `source` without a parsed document (for errors found
/// before the tree exists).
pub fn position_of(source: &[u8], offset: usize) -> Position {
    let offset = offset.min(source.len());
    let starts = line_starts(&source[..offset]);
    position_in(source, &starts, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let source = "ab\nçd\r\nef".as_bytes();
        let cases = [
            (0, 1, 1),
            (2, 1, 3),
            (3, 2, 1),
            (5, 2, 2), // after the two-byte ç
            (8, 3, 1),
            (9, 3, 2),
            (99, 3, 3), // clamped to the end
        ];
        for (offset, line, column) in cases {
            let position = position_of(source, offset);
            assert_eq!((position.line, position.column), (line, column), "{offset}");
        }
    }
}
