//! Every resource limit the core enforces, with its default and the reason for it.
//!
//! Hostile input is normal input for this tool: a HAR can be hundreds of megabytes, a
//! "SAMLRequest" can be a DEFLATE bomb, an "assertion" can declare a billion entities.
//! Each limit below is checked at exactly one place (named in its doc comment), and
//! reaching it produces a finding that names the limit, never a panic or a hang.

use serde::Serialize;

/// Resource limits for one analysis. [`Limits::default`] is what the page and the CLI use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Largest single input accepted, in bytes. Checked in [`crate::input::extract`].
    ///
    /// Default 512 MiB: a busy HAR export with response bodies runs to a few hundred
    /// megabytes and users must be able to drop it whole; past this the browser tab itself
    /// is at risk (wasm32 has 4 GiB of memory and the file is held once by JS, once by us).
    pub input_bytes: usize,
    /// Largest decoded (base64) or inflated (DEFLATE) SAML message, in bytes. Checked in
    /// [`crate::decode`].
    ///
    /// Default 16 MiB: real SAML messages are a few kilobytes to a few hundred; a
    /// federation metadata aggregate can reach tens of megabytes but arrives as raw XML,
    /// not through this path. DEFLATE reaches 1000:1, so this is what stops a bomb.
    pub decoded_bytes: usize,
    /// Deepest element nesting in one XML document. Checked in [`crate::xml::parse`].
    ///
    /// Default 128: a SAML Response nests about 10 deep (Response, Assertion,
    /// AttributeStatement, Attribute, AttributeValue, ...); 128 leaves room for extensions
    /// and stops stack-depth and quadratic-path attacks.
    pub xml_depth: usize,
    /// Most nodes (elements, text, comments, processing instructions) in one XML
    /// document. Checked in [`crate::xml::parse`], where nodes are appended.
    ///
    /// Default 2,000,000: a 60 KB Response has about 2,000 nodes; a large federation
    /// metadata aggregate has under a million. Each node costs about 100 bytes.
    pub xml_nodes: usize,
    /// Most attributes (namespace declarations included) on one element. Checked in
    /// [`crate::xml::parse`].
    ///
    /// Default 256: SAML elements carry fewer than 10; duplicate-attribute checking is
    /// quadratic, so a bound keeps it cheap.
    pub xml_attributes: usize,
    /// Most entries read from one HAR file, and most requests read from one SAML-tracer
    /// export. Checked in [`crate::input::har`] and [`crate::input::tracer`].
    ///
    /// Default 200,000: a long browsing session exports a few thousand entries.
    pub har_entries: usize,
    /// Most SAML messages taken from all inputs of one analysis. Checked in
    /// [`crate::analysis::run`].
    ///
    /// Default 1,000: a login flow carries two to six; a HAR with more is a recording of
    /// many logins, and the first thousand are enough to diagnose any of them.
    pub messages: usize,
    /// Most `ds:Signature` elements verified in one document. Checked in
    /// [`crate::dsig::verify_document`]; the ones after are reported invalid, unchecked.
    ///
    /// Default 16: a SAML message carries one or two (Response and Assertion), metadata
    /// one. Each costs a certificate parse, a canonicalization and an RSA operation.
    pub signatures: usize,
    /// How many times its own size the content canonicalized for signatures in one
    /// document may total. Checked in [`crate::dsig::verify_document`].
    ///
    /// Default 4: a Response and its Assertion both signed canonicalize about twice the
    /// document; nested signatures over a huge document would otherwise repeat the work
    /// once per signature.
    pub signed_bytes_multiple: usize,
    /// Largest HTML response body of a HAR searched for known AWS error texts
    /// (`checks::error_text`), in bytes (decoded, for base64 bodies). Checked in
    /// [`crate::input::har`].
    ///
    /// Default 256 KiB: AWS sign-in error pages are a few kilobytes; larger HTML bodies
    /// are application pages, and skipping them keeps a HAR full of them fast.
    pub error_page_bytes: usize,
    /// Largest HTML response body, as raw JSON bytes, that [`crate::input::har::reduce`]
    /// keeps when it reduces a big HAR for the page (bigger ones are kept only when they
    /// may hold a SAML auto-post form). Checked in [`crate::input::har::reduce`].
    ///
    /// Default 256 KiB: IdP and AWS sign-in error pages are a few to a few tens of
    /// kilobytes and must stay readable for error-page detection; an application's
    /// large HTML pages are what makes a HAR big and are never an error page.
    pub har_kept_html_bytes: usize,
    /// Longest header, cookie, query or form value (and name) shown in a request's
    /// details ([`crate::input::request_detail`]); a longer one is cut there, with its
    /// full length given. Checked in [`crate::input::detail`], and by
    /// [`crate::input::har::reduce`], which keeps values cut at the same length.
    ///
    /// Default 16 KiB: servers refuse request headers past 8 to 16 KB, a cookie is at
    /// most 4 KB (RFC 6265 §6.1 asks browsers for no more), so only a SAML value or an
    /// attack is longer; a SAML value is shown whole in its message's view.
    pub detail_value_bytes: usize,
    /// Most headers, cookies, query parameters or form fields listed in one list of a
    /// request's details; the ones after are counted, not listed. Checked in
    /// [`crate::input::detail`], and by [`crate::input::har::reduce`].
    ///
    /// Default 500: browsers send about twenty headers and a handful of cookies; a
    /// list in the hundreds is generated, and in the thousands an attack on the page.
    pub detail_fields: usize,
    /// Longest response (or non-form request) body shown as text in a request's details,
    /// in bytes of text (decoded, for base64 bodies). Checked in [`crate::input::detail`].
    ///
    /// Default 64 KiB: what a person reads in a details pane; IdP and AWS error pages are
    /// a few kilobytes, and longer bodies (scripts, application pages) stay in the user's
    /// own file, which the page never needs to draw whole.
    pub body_preview_bytes: usize,
    /// Longest body preview, in bytes of text, that [`crate::input::har::reduce`] keeps
    /// for a body it otherwise drops (`content._preview`, and a form body's cut text), so
    /// a reduced HAR still shows the start of every text body. Checked in
    /// [`crate::input::har::reduce`].
    ///
    /// Default 4 KiB: enough to recognise a page, a JSON error or a script by its start,
    /// while a 200 MB HAR of a few thousand entries keeps its reduced size to a few
    /// megabytes; bodies that explain a failure (error pages, auto-post forms) are kept
    /// whole by [`Limits::har_kept_html_bytes`] anyway.
    pub har_kept_preview_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            input_bytes: 512 << 20,
            decoded_bytes: 16 << 20,
            xml_depth: 128,
            xml_nodes: 2_000_000,
            xml_attributes: 256,
            har_entries: 200_000,
            messages: 1_000,
            signatures: 16,
            signed_bytes_multiple: 4,
            error_page_bytes: 256 << 10,
            har_kept_html_bytes: 256 << 10,
            detail_value_bytes: 16 << 10,
            detail_fields: 500,
            body_preview_bytes: 64 << 10,
            har_kept_preview_bytes: 4 << 10,
        }
    }
}

/// Which limit was reached, for findings and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    InputBytes,
    DecodedBytes,
    XmlDepth,
    XmlNodes,
    XmlAttributes,
    HarEntries,
    Messages,
}

impl LimitKind {
    /// The limit's value in `limits`.
    pub fn value(self, limits: &Limits) -> usize {
        match self {
            LimitKind::InputBytes => limits.input_bytes,
            LimitKind::DecodedBytes => limits.decoded_bytes,
            LimitKind::XmlDepth => limits.xml_depth,
            LimitKind::XmlNodes => limits.xml_nodes,
            LimitKind::XmlAttributes => limits.xml_attributes,
            LimitKind::HarEntries => limits.har_entries,
            LimitKind::Messages => limits.messages,
        }
    }

    /// What the limit counts, in words for a user.
    pub fn describe(self) -> &'static str {
        match self {
            LimitKind::InputBytes => "input size in bytes",
            LimitKind::DecodedBytes => "decoded message size in bytes",
            LimitKind::XmlDepth => "XML element nesting depth",
            LimitKind::XmlNodes => "XML nodes in one document",
            LimitKind::XmlAttributes => "attributes on one XML element",
            LimitKind::HarEntries => "HAR entries (or SAML-tracer requests)",
            LimitKind::Messages => "SAML messages in one analysis",
        }
    }
}
