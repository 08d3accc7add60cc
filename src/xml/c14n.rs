//! Canonical XML 1.0 and Exclusive XML Canonicalization 1.0, over the document subsets
//! XML-DSig uses: a whole document, or one element's subtree, in either case minus one
//! excluded subtree (the enveloped `Signature`).
//!
//! The output is what signatures are computed over, so it must be byte-for-byte what
//! every other implementation produces; `tests/c14n.rs` compares it with xmlsec1 and
//! xmllint. The rules, and where they come from:
//!
//! - Canonical XML 1.0 §2.3 (the processing model) and §4: empty elements as start-end
//!   pairs, character references expanded (the tree already holds Infoset values), CDATA
//!   sections as escaped text, the XML declaration and whitespace outside the document
//!   element dropped, comments and processing instructions outside it separated from it
//!   by `#xA`;
//! - escaping: text `&amp; &lt; &gt; &#xD;`; attribute values `&amp; &lt; &quot; &#x9;
//!   &#xA; &#xD;`;
//! - namespace declarations sorted by prefix (the default namespace first), then
//!   attributes sorted by namespace URI (none first) and local name;
//! - a namespace declaration is written only where the output does not already have the
//!   same binding from its nearest output ancestor; `xmlns=""` only where an output
//!   ancestor made a non-empty default namespace visible;
//! - inclusive (C14N 1.0): every namespace in scope is considered, and the apex of an
//!   element subset also inherits the `xml:*` attributes of its omitted ancestors (§2.4);
//! - exclusive (Exc-C14N §3): only the namespaces an element *visibly utilizes* (its own
//!   prefix, its attributes' prefixes) plus those named in the `InclusiveNamespaces`
//!   `PrefixList`, and no `xml:*` inheritance.
//!
//! Nothing here recurses: the traversal keeps its own stack.
//!
//! Why not a crate: canonicalization must run over the same tree the verifier and the
//! model read (see [`super`]), with the enveloped signature excluded by node, and stream
//! its output into the digest; the XML-DSig crates available bring their own parser
//! (or libxml2) and canonicalize their tree, not ours.

use super::{Document, NodeId, NodeKind};

/// Canonical XML 1.0 (omits comments).
pub const C14N_10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// Canonical XML 1.0 with comments.
pub const C14N_10_WITH_COMMENTS: &str =
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
/// Exclusive XML Canonicalization 1.0 (omits comments).
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// Exclusive XML Canonicalization 1.0 with comments.
pub const EXC_C14N_WITH_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";

/// Which canonicalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub exclusive: bool,
    pub with_comments: bool,
    /// Exclusive only: the `InclusiveNamespaces` `PrefixList`, `None` standing for
    /// `#default`. These prefixes are treated as inclusive canonicalization would.
    pub inclusive_prefixes: Vec<Option<String>>,
}

impl Method {
    /// The method an algorithm URI names, compared exactly; `None` for anything else.
    pub fn from_uri(uri: &str) -> Option<Method> {
        let (exclusive, with_comments) = match uri {
            C14N_10 => (false, false),
            C14N_10_WITH_COMMENTS => (false, true),
            EXC_C14N => (true, false),
            EXC_C14N_WITH_COMMENTS => (true, true),
            _ => return None,
        };
        Some(Method {
            exclusive,
            with_comments,
            inclusive_prefixes: Vec::new(),
        })
    }

    /// Sets the `PrefixList` from its whitespace-separated text (`#default` for the
    /// default namespace).
    pub fn with_prefix_list(mut self, list: &str) -> Method {
        self.inclusive_prefixes = list
            .split_ascii_whitespace()
            .map(|prefix| (prefix != "#default").then(|| prefix.to_owned()))
            .collect();
        self
    }

    /// The algorithm URI of this method.
    pub fn uri(&self) -> &'static str {
        match (self.exclusive, self.with_comments) {
            (false, false) => C14N_10,
            (false, true) => C14N_10_WITH_COMMENTS,
            (true, false) => EXC_C14N,
            (true, true) => EXC_C14N_WITH_COMMENTS,
        }
    }
}

/// The part of a document to canonicalize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subset {
    /// The whole document (XML-DSig `URI=""`).
    Document,
    /// One element and everything inside it (XML-DSig `URI="#id"`, or `SignedInfo`).
    Element(NodeId),
}

/// Canonicalizes `subset` of `doc` without the subtree at `exclude` (if any).
pub fn canonicalize(
    doc: &Document,
    subset: Subset,
    exclude: Option<NodeId>,
    method: &Method,
) -> Vec<u8> {
    let mut writer = Writer::new(doc, method, exclude, estimate(doc, subset), None);
    writer.run(subset);
    writer.out
}

/// Output passed to [`canonicalize_into`]'s sink in pieces of about this many bytes:
/// large enough that the sink's per-call cost vanishes, small enough to stay in cache.
const CHUNK: usize = 32 * 1024;

/// Canonicalizes like [`canonicalize`], but hands the output to `sink` in pieces (their
/// concatenation is exactly what [`canonicalize`] returns) instead of collecting it,
/// so a large subset is digested while it is produced. Returns the number of bytes.
pub fn canonicalize_into(
    doc: &Document,
    subset: Subset,
    exclude: Option<NodeId>,
    method: &Method,
    sink: &mut dyn FnMut(&[u8]),
) -> usize {
    let capacity = estimate(doc, subset).min(CHUNK * 2);
    let mut writer = Writer::new(doc, method, exclude, capacity, Some(sink));
    writer.run(subset);
    writer.flush();
    writer.written
}

fn estimate(doc: &Document, subset: Subset) -> usize {
    match subset {
        Subset::Document => doc.source().len(),
        Subset::Element(id) => doc.span(id).end.saturating_sub(doc.span(id).start),
    }
}

/// A namespace binding: prefix (`None` for the default namespace) and URI.
type Binding<'d> = (Option<&'d str>, &'d str);

/// Where streamed output goes ([`canonicalize_into`]).
type Sink<'s> = &'s mut dyn FnMut(&[u8]);

struct Writer<'d, 's> {
    doc: &'d Document,
    method: &'d Method,
    exclude: Option<NodeId>,
    out: Vec<u8>,
    /// Where `out` goes once it holds [`CHUNK`] bytes; `None` collects everything.
    sink: Option<Sink<'s>>,
    /// Bytes already handed to `sink`.
    written: usize,
    /// Declarations in scope in the source, outermost first (`xmlns=""` included, as an
    /// empty default).
    in_scope: Vec<Binding<'d>>,
    /// Declarations written to the output by the open output elements, outermost first.
    rendered: Vec<Binding<'d>>,
    /// Scratch space for one start tag, kept between elements so that writing a tag
    /// allocates nothing: the prefixes it may declare, and its attributes.
    candidates: Vec<Option<&'d str>>,
    attributes: Vec<OutputAttribute<'d>>,
}

/// An attribute as written: namespace URI and local name (the sort key), prefix, value.
type OutputAttribute<'d> = (&'d str, &'d str, Option<&'d str>, &'d str);

enum Step {
    Enter(NodeId, bool),
    /// Close an element: its name, and the stack heights to return to.
    Leave(NodeId, usize, usize),
}

impl<'d, 's> Writer<'d, 's> {
    fn new(
        doc: &'d Document,
        method: &'d Method,
        exclude: Option<NodeId>,
        capacity: usize,
        sink: Option<Sink<'s>>,
    ) -> Self {
        Writer {
            doc,
            method,
            exclude,
            out: Vec::with_capacity(capacity),
            sink,
            written: 0,
            in_scope: Vec::new(),
            rendered: Vec::new(),
            candidates: Vec::new(),
            attributes: Vec::new(),
        }
    }

    fn run(&mut self, subset: Subset) {
        match subset {
            Subset::Document => self.document(),
            Subset::Element(apex) => {
                self.seed_scope(apex);
                self.subtree(apex, true);
            }
        }
    }

    /// Hands what `out` holds to the sink, if there is one.
    fn flush(&mut self) {
        if let Some(sink) = self.sink.as_mut() {
            sink(&self.out);
            self.written += self.out.len();
            self.out.clear();
        }
    }

    fn document(&mut self) {
        let doc = self.doc;
        let root = doc.root();
        let mut after_root = false;
        for &id in doc.top_level() {
            if id == root {
                self.subtree(id, true);
                after_root = true;
                continue;
            }
            if Some(id) == self.exclude || !self.is_output_leaf(id) {
                continue;
            }
            if after_root {
                self.out.push(b'\n');
            }
            self.leaf(id);
            if !after_root {
                self.out.push(b'\n');
            }
        }
    }

    /// Whether a non-element node is part of the output (comments only with comments).
    fn is_output_leaf(&self, id: NodeId) -> bool {
        match &self.doc.node(id).kind {
            NodeKind::Comment(_) => self.method.with_comments,
            NodeKind::ProcessingInstruction { .. } => true,
            NodeKind::Text(_) | NodeKind::CData(_) => true,
            NodeKind::Element(_) => false,
        }
    }

    /// The source bindings in scope at the apex's parent.
    fn seed_scope(&mut self, apex: NodeId) {
        let doc = self.doc;
        let mut ancestors = Vec::new();
        let mut current = doc.parent(apex);
        while let Some(id) = current {
            ancestors.push(id);
            current = doc.parent(id);
        }
        for &id in ancestors.iter().rev() {
            for declaration in doc.namespace_declarations(id) {
                self.in_scope
                    .push((declaration.prefix.as_deref(), declaration.uri.as_ref()));
            }
        }
    }

    fn subtree(&mut self, top: NodeId, is_apex: bool) {
        let mut stack = vec![Step::Enter(top, is_apex)];
        while let Some(step) = stack.pop() {
            if self.out.len() >= CHUNK {
                self.flush();
            }
            match step {
                Step::Enter(id, apex) => {
                    if Some(id) == self.exclude {
                        continue;
                    }
                    if self.doc.element(id).is_none() {
                        if self.is_output_leaf(id) {
                            self.leaf(id);
                        }
                        continue;
                    }
                    let marks = (self.in_scope.len(), self.rendered.len());
                    self.start_tag(id, apex);
                    stack.push(Step::Leave(id, marks.0, marks.1));
                    for &child in self.doc.children(id).iter().rev() {
                        stack.push(Step::Enter(child, false));
                    }
                }
                Step::Leave(id, scope_mark, rendered_mark) => {
                    if let Some(element) = self.doc.element(id) {
                        self.out.extend_from_slice(b"</");
                        self.qname(element.name.prefix.as_deref(), &element.name.local);
                        self.out.push(b'>');
                    }
                    self.in_scope.truncate(scope_mark);
                    self.rendered.truncate(rendered_mark);
                }
            }
        }
    }

    fn leaf(&mut self, id: NodeId) {
        match &self.doc.node(id).kind {
            NodeKind::Text(text) | NodeKind::CData(text) => escape_text(&mut self.out, text),
            NodeKind::Comment(text) => {
                self.out.extend_from_slice(b"<!--");
                self.out.extend_from_slice(text.as_bytes());
                self.out.extend_from_slice(b"-->");
            }
            NodeKind::ProcessingInstruction { target, data } => {
                self.out.extend_from_slice(b"<?");
                self.out.extend_from_slice(target.as_bytes());
                if !data.is_empty() {
                    self.out.push(b' ');
                    self.out.extend_from_slice(data.as_bytes());
                }
                self.out.extend_from_slice(b"?>");
            }
            NodeKind::Element(_) => {}
        }
    }

    fn start_tag(&mut self, id: NodeId, apex: bool) {
        let doc = self.doc;
        let Some(element) = doc.element(id) else {
            return;
        };
        for declaration in doc.namespace_declarations(id) {
            self.in_scope
                .push((declaration.prefix.as_deref(), declaration.uri.as_ref()));
        }

        // The namespace declarations this element writes.
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        if self.method.exclusive {
            candidates.push(element.name.prefix.as_deref());
            for attribute in doc.attributes(id) {
                if let Some(prefix) = attribute.name.prefix.as_deref() {
                    candidates.push(Some(prefix));
                }
            }
            for prefix in &self.method.inclusive_prefixes {
                let prefix = prefix.as_deref();
                // Only a namespace that is in scope can be rendered.
                if self.bound(prefix).is_some_and(|uri| !uri.is_empty()) || prefix.is_none() {
                    candidates.push(prefix);
                }
            }
        } else {
            for &(prefix, _) in &self.in_scope {
                candidates.push(prefix);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();

        // Appended to `rendered` as they are found: candidates are distinct, so one
        // cannot change what another finds visible.
        let first_declaration = self.rendered.len();
        for &prefix in &candidates {
            if prefix == Some("xml") {
                continue;
            }
            let uri = self.bound(prefix).unwrap_or("");
            let visible = self.visible(prefix).unwrap_or("");
            // An unbound prefix (only possible for the default namespace, or an
            // InclusiveNamespaces entry) renders nothing unless it must undo a visible
            // default namespace.
            if uri != visible && (prefix.is_none() || !uri.is_empty()) {
                self.rendered.push((prefix, uri));
            }
        }
        self.candidates = candidates;
        // Already sorted by prefix, the default namespace (None) first.

        self.out.push(b'<');
        self.qname(element.name.prefix.as_deref(), &element.name.local);
        for index in first_declaration..self.rendered.len() {
            let (prefix, uri) = self.rendered[index];
            match prefix {
                None => self.out.extend_from_slice(b" xmlns=\""),
                Some(prefix) => {
                    self.out.extend_from_slice(b" xmlns:");
                    self.out.extend_from_slice(prefix.as_bytes());
                    self.out.extend_from_slice(b"=\"");
                }
            }
            escape_attribute(&mut self.out, uri);
            self.out.push(b'"');
        }

        // Attributes, with C14N 1.0's xml:* inheritance at the apex of a subset.
        let mut attributes = std::mem::take(&mut self.attributes);
        attributes.clear();
        attributes.extend(doc.attributes(id).iter().map(|attribute| {
            (
                attribute.namespace.as_deref().unwrap_or(""),
                &*attribute.name.local,
                attribute.name.prefix.as_deref(),
                attribute.value.as_str(),
            )
        }));
        if apex && !self.method.exclusive {
            let mut current = doc.parent(id);
            while let Some(ancestor) = current {
                for attribute in doc.attributes(ancestor) {
                    if attribute.namespace.as_deref() == Some(super::NS_XML)
                        && !attributes.iter().any(|(namespace, local, _, _)| {
                            *namespace == super::NS_XML && *local == &*attribute.name.local
                        })
                    {
                        attributes.push((
                            super::NS_XML,
                            &*attribute.name.local,
                            Some("xml"),
                            attribute.value.as_str(),
                        ));
                    }
                }
                current = doc.parent(ancestor);
            }
        }
        attributes.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for &(_, local, prefix, value) in &attributes {
            self.out.push(b' ');
            self.qname(prefix, local);
            self.out.extend_from_slice(b"=\"");
            escape_attribute(&mut self.out, value);
            self.out.push(b'"');
        }
        self.attributes = attributes;
        self.out.push(b'>');
    }

    /// The URI `prefix` is bound to in the source at the current element (`Some("")`
    /// after `xmlns=""`), or `None` when never bound.
    fn bound(&self, prefix: Option<&str>) -> Option<&'d str> {
        self.in_scope
            .iter()
            .rev()
            .find(|(bound, _)| same_prefix(*bound, prefix))
            .map(|&(_, uri)| uri)
    }

    /// The URI the output has made visible for `prefix`, if any.
    fn visible(&self, prefix: Option<&str>) -> Option<&'d str> {
        self.rendered
            .iter()
            .rev()
            .find(|(bound, _)| same_prefix(*bound, prefix))
            .map(|&(_, uri)| uri)
    }

    fn qname(&mut self, prefix: Option<&str>, local: &str) {
        if let Some(prefix) = prefix {
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.push(b':');
        }
        self.out.extend_from_slice(local.as_bytes());
    }
}

/// Whether two prefixes are the same. The document stores each name once, so the same
/// prefix is usually the very same string: compared by address first.
fn same_prefix(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
        (None, None) => true,
        _ => false,
    }
}

/// Below this length a byte loop finds what to escape sooner than setting up the
/// vectorised scans.
const SHORT: usize = 64;

/// The bytes escaped in text (`&`, `<`, `>`, CR) and in attribute values (`&`, `<`, `"`,
/// tab, LF, CR), as tables for the byte loop.
const TEXT_SPECIAL: [bool; 256] = special(b"&<>\r");
const ATTRIBUTE_SPECIAL: [bool; 256] = special(b"&<\"\t\n\r");

const fn special(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

fn escape_text(out: &mut Vec<u8>, text: &str) {
    // Most text has nothing to escape: find that out with two vectorised scans (or one
    // loop over short text).
    let bytes = text.as_bytes();
    let clean = if bytes.len() < SHORT {
        !bytes.iter().any(|&byte| TEXT_SPECIAL[usize::from(byte)])
    } else {
        memchr::memchr3(b'&', b'<', b'>', bytes).is_none() && memchr::memchr(b'\r', bytes).is_none()
    };
    if clean {
        out.extend_from_slice(bytes);
        return;
    }
    escape(out, text, |byte| match byte {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    });
}

fn escape_attribute(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    let clean = if bytes.len() < SHORT {
        !bytes
            .iter()
            .any(|&byte| ATTRIBUTE_SPECIAL[usize::from(byte)])
    } else {
        memchr::memchr3(b'&', b'<', b'"', bytes).is_none()
            && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
    };
    if clean {
        out.extend_from_slice(bytes);
        return;
    }
    escape(out, value, |byte| match byte {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'"' => Some(b"&quot;"),
        b'\t' => Some(b"&#x9;"),
        b'\n' => Some(b"&#xA;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    });
}

/// Copies `text`, replacing the ASCII bytes `replacement` names (never part of a
/// multi-byte UTF-8 sequence, so byte-wise is exact).
fn escape(out: &mut Vec<u8>, text: &str, replacement: impl Fn(u8) -> Option<&'static [u8]>) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if let Some(escaped) = replacement(byte) {
            out.extend_from_slice(&bytes[copied..index]);
            out.extend_from_slice(escaped);
            copied = index + 1;
        }
    }
    out.extend_from_slice(&bytes[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::xml::parse;

    #[test]
    fn streamed_output_is_the_collected_output() {
        // Past several chunks, with text, attributes and an excluded subtree.
        let mut xml = String::from(r#"<r xmlns="urn:r" xmlns:p="urn:p"><p:skip>x</p:skip>"#);
        for i in 0..4000 {
            xml.push_str(&format!("<p:v a=\"{i}&amp;\">t{i} &lt;</p:v>\n"));
        }
        xml.push_str("</r>");
        let doc = parse(xml.as_bytes(), &Limits::default()).unwrap();
        let skip = doc.child_elements(doc.root()).next();
        for method in [
            Method::from_uri(EXC_C14N).unwrap(),
            Method::from_uri(C14N_10).unwrap(),
        ] {
            for subset in [Subset::Document, Subset::Element(doc.root())] {
                let whole = canonicalize(&doc, subset, skip, &method);
                assert!(whole.len() > 3 * CHUNK);
                let mut pieces = Vec::new();
                let mut joined = Vec::new();
                let count = canonicalize_into(&doc, subset, skip, &method, &mut |piece| {
                    pieces.push(piece.len());
                    joined.extend_from_slice(piece);
                });
                assert_eq!(joined, whole);
                assert_eq!(count, whole.len());
                assert!(pieces.len() > 1, "streamed in pieces");
            }
        }
    }

    fn c14n(xml: &str, method: &Method) -> String {
        let doc = parse(xml.as_bytes(), &Limits::default()).unwrap();
        String::from_utf8(canonicalize(&doc, Subset::Document, None, method)).unwrap()
    }

    fn subset(xml: &str, id: &str, method: &Method) -> String {
        let doc = parse(xml.as_bytes(), &Limits::default()).unwrap();
        let apex = doc
            .ids()
            .find(|&node| doc.attribute(node, "ID") == Some(id))
            .unwrap();
        String::from_utf8(canonicalize(&doc, Subset::Element(apex), None, method)).unwrap()
    }

    fn exclusive() -> Method {
        Method::from_uri(EXC_C14N).unwrap()
    }

    fn inclusive() -> Method {
        Method::from_uri(C14N_10).unwrap()
    }

    #[test]
    fn uris_are_matched_exactly() {
        assert!(Method::from_uri(EXC_C14N).unwrap().exclusive);
        assert!(
            Method::from_uri(C14N_10_WITH_COMMENTS)
                .unwrap()
                .with_comments
        );
        for uri in [
            "http://www.w3.org/2001/10/xml-exc-c14n",
            "http://www.w3.org/2006/12/xml-c14n11",
            "HTTP://www.w3.org/2001/10/xml-exc-c14n#",
            "",
        ] {
            assert_eq!(Method::from_uri(uri), None, "{uri}");
        }
        for uri in [
            C14N_10,
            C14N_10_WITH_COMMENTS,
            EXC_C14N,
            EXC_C14N_WITH_COMMENTS,
        ] {
            assert_eq!(Method::from_uri(uri).unwrap().uri(), uri);
        }
    }

    #[test]
    fn basic_rules() {
        let cases = [
            // Empty elements, attribute order, quotes.
            ("<a z='1' b=\"2\"/>", "<a b=\"2\" z=\"1\"></a>"),
            // Declaration, whitespace and comments outside the root.
            (
                "<?xml version='1.0'?>\n<!-- c -->\n<a/>\n<?pi x?>\n",
                "<a></a>\n<?pi x?>",
            ),
            // Text escaping, CDATA, character references.
            (
                "<a>&lt;&gt;&amp;&#13;&#x41;<![CDATA[<&>]]>\"'</a>",
                "<a>&lt;&gt;&amp;&#xD;A&lt;&amp;&gt;\"'</a>",
            ),
            // Attribute escaping.
            (
                "<a v='&#9;&#10;&#13;&lt;&amp;\"&gt;'/>",
                "<a v=\"&#x9;&#xA;&#xD;&lt;&amp;&quot;>\"></a>",
            ),
            // Only one kind of byte to escape, each found by its own scan.
            ("<a v='&#9;'>&#13;</a>", "<a v=\"&#x9;\">&#xD;</a>"),
            ("<a v='x&#10;'>&gt;</a>", "<a v=\"x&#xA;\">&gt;</a>"),
            // Non-ASCII is written as is.
            ("<a é='ü'>日本</a>", "<a é=\"ü\">日本</a>"),
        ];
        for (input, expected) in cases {
            assert_eq!(c14n(input, &exclusive()), expected, "{input}");
            assert_eq!(c14n(input, &inclusive()), expected, "{input}");
        }
    }

    #[test]
    fn comments_only_when_asked() {
        let xml = "<!--a--><r><!--b-->x</r><!--c-->";
        assert_eq!(c14n(xml, &exclusive()), "<r>x</r>");
        let with = Method::from_uri(EXC_C14N_WITH_COMMENTS).unwrap();
        assert_eq!(c14n(xml, &with), "<!--a-->\n<r><!--b-->x</r>\n<!--c-->");
    }

    #[test]
    fn exclusive_renders_only_visibly_used_namespaces() {
        let xml = "<r:R xmlns:r='urn:r' xmlns:u='urn:u' xmlns='urn:d'><r:A ID='x' a='1'><B/><r:C xmlns:r='urn:r'/></r:A></r:R>";
        assert_eq!(
            subset(xml, "x", &exclusive()),
            "<r:A xmlns:r=\"urn:r\" ID=\"x\" a=\"1\"><B xmlns=\"urn:d\"></B><r:C></r:C></r:A>"
        );
        assert_eq!(
            subset(xml, "x", &inclusive()),
            "<r:A xmlns=\"urn:d\" xmlns:r=\"urn:r\" xmlns:u=\"urn:u\" ID=\"x\" a=\"1\"><B></B><r:C></r:C></r:A>"
        );
        let listed = exclusive().with_prefix_list("u #default");
        assert_eq!(
            subset(xml, "x", &listed),
            "<r:A xmlns=\"urn:d\" xmlns:r=\"urn:r\" xmlns:u=\"urn:u\" ID=\"x\" a=\"1\"><B></B><r:C></r:C></r:A>"
        );
    }

    #[test]
    fn default_namespace_undeclaration() {
        let xml = "<a xmlns='urn:d'><b xmlns=''><c/></b></a>";
        let expected = "<a xmlns=\"urn:d\"><b xmlns=\"\"><c></c></b></a>";
        assert_eq!(c14n(xml, &exclusive()), expected);
        assert_eq!(c14n(xml, &inclusive()), expected);
        // Nothing to undo: no xmlns="".
        assert_eq!(c14n("<a xmlns=''><b/></a>", &exclusive()), "<a><b></b></a>");
        assert_eq!(c14n("<a xmlns=''><b/></a>", &inclusive()), "<a><b></b></a>");
    }

    #[test]
    fn inclusive_apex_inherits_xml_attributes() {
        let xml = "<r xml:lang='en' xml:space='preserve'><a ID='x' xml:lang='de'/></r>";
        assert_eq!(
            subset(xml, "x", &inclusive()),
            "<a ID=\"x\" xml:lang=\"de\" xml:space=\"preserve\"></a>"
        );
        assert_eq!(
            subset(xml, "x", &exclusive()),
            "<a ID=\"x\" xml:lang=\"de\"></a>"
        );
    }

    #[test]
    fn excluded_subtree_is_left_out() {
        let xml = "<a ID='x'><s><t/></s><b/></a>";
        let doc = parse(xml.as_bytes(), &Limits::default()).unwrap();
        let s = doc.descendants(doc.root()).nth(1).unwrap();
        let out = canonicalize(&doc, Subset::Element(doc.root()), Some(s), &exclusive());
        assert_eq!(out, b"<a ID=\"x\"><b></b></a>");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 50_000;
        let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let limits = Limits {
            xml_depth: depth + 1,
            ..Limits::default()
        };
        let doc = parse(xml.as_bytes(), &limits).unwrap();
        let out = canonicalize(&doc, Subset::Document, None, &exclusive());
        assert_eq!(out.len(), depth * 7);
    }
}
