//! XML-DSig verification for SAML, on our own tree (the same one the model is read
//! from: one parser, so what is verified is what is read).
//!
//! Every `ds:Signature` of a document gets a [`Verdict`]. The checks, in order, each
//! failing closed with the step and a reason a person can act on:
//!
//! 1. **shape** (as SAML's trusted verifiers enforce it): the signature sits directly
//!    inside the element it signs, which carries no other signature; it holds exactly
//!    one `SignedInfo` and one `SignatureValue`, optionally `KeyInfo`, and nothing else
//!    (no `ds:Object`); `SignedInfo` holds exactly `CanonicalizationMethod`,
//!    `SignatureMethod` and one `Reference`; no `RetrievalMethod`;
//! 2. **algorithms** by exact URI from an allowlist ([`algorithms`]);
//! 3. **reference**: `URI="#id"` naming the signature's parent, whose ID is unique in the
//!    whole document, or `URI=""` when the parent is the document element;
//! 4. **transforms**: enveloped-signature (required) and at most one canonicalization;
//! 5. **digest** of the canonical parent-minus-signature against `DigestValue` (its text
//!    only: a comment or element inside it is refused);
//! 6. **signature value** (RSA PKCS#1 v1.5, or ECDSA on P-256/P-384/P-521 as r‖s) over
//!    the canonical `SignedInfo`, with a trusted key
//!    ([`Status::Valid`]), or, with no trust anchor given, with the certificate in the
//!    message ([`Status::ValidUnpinned`]); with anchors given, a message that verifies
//!    only with its own certificate is [`Status::KeyMismatch`].
//!
//! A valid verdict carries its [`Coverage`]: the nodes the signature covers. Everything
//! downstream asks it whether a value it shows was signed.

pub mod algorithms;
mod der;
pub mod ec;
pub mod redirect;
mod rsa;
mod trust;

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use serde::Serialize;

pub use trust::{Fingerprint, KeyProblem, MAX_RSA_BITS, TrustStore, TrustedKey, verify_with_key};

use crate::cert::{self, CertificateInfo};
use crate::limits::Limits;
use crate::xml::c14n::{self, Method, Subset};
use crate::xml::{Document, NS_DS, NodeId, NodeKind};
use algorithms::{DigestAlgorithm, Refusal, SignatureAlgorithm};

const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// The outcome of one signature, as the JSON report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Verified with a key the user trusts.
    Valid,
    /// Verified with the certificate the message carries; no trust anchor was given.
    ValidUnpinned,
    /// Verified with the message's own certificate, which is not one the user trusts.
    KeyMismatch,
    Invalid,
}

impl Status {
    /// The signature is intact (whoever made it).
    pub fn is_intact(self) -> bool {
        matches!(
            self,
            Status::Valid | Status::ValidUnpinned | Status::KeyMismatch
        )
    }
}

/// The step a signature failed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Shape,
    Algorithm,
    Reference,
    Transforms,
    Digest,
    Key,
    SignatureValue,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Shape => "signature structure",
            Step::Algorithm => "algorithm",
            Step::Reference => "reference",
            Step::Transforms => "transforms",
            Step::Digest => "digest",
            Step::Key => "key",
            Step::SignatureValue => "signature value",
        })
    }
}

/// The key a signature verified with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyUsed {
    /// `TrustStore::keys[index]`.
    Trusted(usize),
    /// The message's own certificate (`certificates[index]` of the verdict); `pinned`
    /// when its fingerprint is one the user trusts.
    Embedded { index: usize, pinned: bool },
}

/// The nodes a valid signature covers: a subtree (node ids are in document order, so a
/// subtree is a range) minus the signature's own subtree. Serialized for the page, which
/// gets it from the engine next to the report (the report's JSON leaves it out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    covered: (u32, u32),
    excluded: (u32, u32),
}

impl Coverage {
    fn new(doc: &Document, top: Option<NodeId>, signature: NodeId) -> Coverage {
        let covered = match top {
            Some(top) => subtree_range(doc, top),
            None => (0, u32::try_from(doc.len()).unwrap_or(u32::MAX)),
        };
        Coverage {
            covered,
            excluded: subtree_range(doc, signature),
        }
    }

    /// Whether `node` is covered.
    pub fn covers(&self, node: NodeId) -> bool {
        let index = node.0;
        (self.covered.0..self.covered.1).contains(&index)
            && !(self.excluded.0..self.excluded.1).contains(&index)
    }
}

/// `[first, last + 1)` of the subtree at `top`.
fn subtree_range(doc: &Document, top: NodeId) -> (u32, u32) {
    let mut last = top;
    while let Some(&child) = doc.children(last).last() {
        last = child;
    }
    (top.0, last.0.saturating_add(1))
}

/// What verification found for one `ds:Signature`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub signature: NodeId,
    /// The element the signature sits in, and signs when it is valid.
    pub parent: Option<NodeId>,
    pub status: Status,
    /// For invalid signatures: the step that failed.
    pub failed_step: Option<Step>,
    /// One or two sentences: what was found, and for a failure why it matters.
    pub reason: String,
    pub signature_algorithm: Option<SignatureAlgorithm>,
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// The canonicalization of SignedInfo.
    pub canonicalization: Option<String>,
    /// The certificates in `KeyInfo` (evidence only), in order.
    pub certificates: Vec<CertificateInfo>,
    pub key: Option<KeyUsed>,
    /// For intact signatures: what they cover.
    pub coverage: Option<Coverage>,
}

impl Verdict {
    /// Covers `node` with a key the user trusts.
    pub fn trusted_cover(&self, node: NodeId) -> bool {
        self.status == Status::Valid && self.coverage.is_some_and(|c| c.covers(node))
    }

    /// Covers `node` with the message's own, unpinned key.
    pub fn unpinned_cover(&self, node: NodeId) -> bool {
        self.status == Status::ValidUnpinned && self.coverage.is_some_and(|c| c.covers(node))
    }
}

/// How well `node` is signed, over all verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protection {
    Trusted,
    Unpinned,
    None,
}

/// The best protection any verdict gives `node`.
pub fn protection(verdicts: &[Verdict], node: NodeId) -> Protection {
    if verdicts.iter().any(|verdict| verdict.trusted_cover(node)) {
        Protection::Trusted
    } else if verdicts.iter().any(|verdict| verdict.unpinned_cover(node)) {
        Protection::Unpinned
    } else {
        Protection::None
    }
}

/// Verifies every `ds:Signature` in `doc`, in document order.
///
/// Bounded by [`Limits::signatures`] (later signatures are invalid, unchecked) and
/// [`Limits::signed_bytes_multiple`] (the content canonicalized for all of them).
pub fn verify_document(doc: &Document, trust: &TrustStore, limits: &Limits) -> Vec<Verdict> {
    verify_document_with(doc, trust, limits, &|_| None)
}

/// [`verify_document`], with the certificates of a signature's `KeyInfo` taken from
/// `read(signature)` where it has them (the model reads them already: see
/// `saml::describe_signatures`), so no certificate is parsed twice. `None` has them
/// parsed here.
pub fn verify_document_with(
    doc: &Document,
    trust: &TrustStore,
    limits: &Limits,
    read: &dyn Fn(NodeId) -> Option<Vec<CertificateInfo>>,
) -> Vec<Verdict> {
    let ids = IdIndex::new(doc);
    let mut canonical_budget = doc
        .source()
        .len()
        .saturating_mul(limits.signed_bytes_multiple);
    doc.ids()
        .filter(|&id| doc.is(id, NS_DS, "Signature"))
        .enumerate()
        .map(|(index, signature)| {
            if index < limits.signatures {
                let certificates =
                    read(signature).unwrap_or_else(|| embedded_certificates(doc, signature));
                verify_signature(
                    doc,
                    &ids,
                    signature,
                    certificates,
                    trust,
                    &mut canonical_budget,
                )
            } else {
                unchecked(doc, signature, limits.signatures)
            }
        })
        .collect()
}

/// The verdict for a signature past the signature limit.
fn unchecked(doc: &Document, signature: NodeId, limit: usize) -> Verdict {
    Verdict {
        signature,
        parent: doc.parent(signature),
        status: Status::Invalid,
        failed_step: Some(Step::Shape),
        reason: format!(
            "not checked: the document holds more than {limit} signatures, the most verified in one message"
        ),
        signature_algorithm: None,
        digest_algorithm: None,
        canonicalization: None,
        certificates: Vec::new(),
        key: None,
        coverage: None,
    }
}

/// Every unqualified `ID` attribute value (SAML 2.0's identifier attribute), with how
/// many elements carry it.
struct IdIndex<'d> {
    elements: HashMap<&'d str, Vec<NodeId>>,
}

impl<'d> IdIndex<'d> {
    fn new(doc: &'d Document) -> IdIndex<'d> {
        let mut elements: HashMap<&str, Vec<NodeId>> = HashMap::new();
        for id in doc.ids() {
            if let Some(value) = doc.attribute(id, "ID") {
                elements.entry(value).or_default().push(id);
            }
        }
        IdIndex { elements }
    }

    fn duplicates(&self) -> Vec<&'d str> {
        let mut duplicated: Vec<&str> = self
            .elements
            .iter()
            .filter(|(_, nodes)| nodes.len() > 1)
            .map(|(&value, _)| value)
            .collect();
        duplicated.sort_unstable();
        duplicated
    }
}

/// A failure: the step and the sentence.
type Failure = (Step, String);

fn fail<T>(step: Step, reason: impl Into<String>) -> Result<T, Failure> {
    Err((step, reason.into()))
}

fn verify_signature(
    doc: &Document,
    ids: &IdIndex<'_>,
    signature: NodeId,
    certificates: Vec<CertificateInfo>,
    trust: &TrustStore,
    canonical_budget: &mut usize,
) -> Verdict {
    let parent = doc.parent(signature);
    let mut verdict = Verdict {
        signature,
        parent,
        status: Status::Invalid,
        failed_step: None,
        reason: String::new(),
        signature_algorithm: None,
        digest_algorithm: None,
        canonicalization: None,
        certificates,
        key: None,
        coverage: None,
    };
    match check(doc, ids, signature, trust, canonical_budget, &mut verdict) {
        Ok(()) => {}
        Err((step, reason)) => {
            verdict.status = Status::Invalid;
            verdict.failed_step = Some(step);
            verdict.reason = reason;
            verdict.key = None;
            verdict.coverage = None;
        }
    }
    verdict
}

/// The certificates in `KeyInfo/X509Data/X509Certificate` that parse, in order.
fn embedded_certificates(doc: &Document, signature: NodeId) -> Vec<CertificateInfo> {
    doc.child(signature, NS_DS, "KeyInfo")
        .into_iter()
        .flat_map(|key_info| doc.children_named(key_info, NS_DS, "X509Data"))
        .flat_map(|data| doc.children_named(data, NS_DS, "X509Certificate"))
        .filter_map(|certificate| cert::parse_base64(&doc.text(certificate)).ok())
        .collect()
}

/// The element children of `id` (comments, PIs and whitespace text are allowed between
/// them; other text is not).
fn element_children(doc: &Document, id: NodeId, what: &str) -> Result<Vec<NodeId>, Failure> {
    let mut elements = Vec::new();
    for &child in doc.children(id) {
        match &doc.node(child).kind {
            NodeKind::Element(_) => elements.push(child),
            NodeKind::Text(text) | NodeKind::CData(text) if !text.trim().is_empty() => {
                return fail(
                    Step::Shape,
                    format!("{what} contains text outside its elements"),
                );
            }
            _ => {}
        }
    }
    Ok(elements)
}

fn local_name(doc: &Document, id: NodeId) -> String {
    match doc.element(id) {
        Some(element) => element.name.to_string(),
        None => "node".into(),
    }
}

/// The element's only child element, required to be `ds:{local}`.
fn expect_ds(
    doc: &Document,
    id: Option<NodeId>,
    local: &str,
    inside: &str,
) -> Result<NodeId, Failure> {
    match id {
        Some(id) if doc.is(id, NS_DS, local) => Ok(id),
        Some(id) => fail(
            Step::Shape,
            format!(
                "{inside} holds <{}> where <ds:{local}> belongs; a signature must have exactly the structure XML-DSig defines",
                local_name(doc, id)
            ),
        ),
        None => fail(Step::Shape, format!("{inside} has no <ds:{local}>")),
    }
}

/// The text of a `DigestValue` or `SignatureValue`, which must be nothing but text.
fn value_text(doc: &Document, id: NodeId, what: &str) -> Result<Vec<u8>, Failure> {
    let mut text = String::new();
    for &child in doc.children(id) {
        match &doc.node(child).kind {
            NodeKind::Text(piece) => text.push_str(piece),
            NodeKind::Comment(_) => {
                return fail(
                    Step::Shape,
                    format!(
                        "a comment inside {what}: its value must be plain text, and a comment there is a sign of tampering"
                    ),
                );
            }
            _ => {
                return fail(
                    Step::Shape,
                    format!("{what} holds markup; its value must be plain base64 text"),
                );
            }
        }
    }
    let compact: Vec<u8> = text
        .bytes()
        .filter(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact))
        .or_else(|_| fail(Step::Shape, format!("{what} is not valid base64")))
}

/// The canonicalization method of a `CanonicalizationMethod` or `Transform` element.
fn method_of(doc: &Document, element: NodeId, uri: &str) -> Result<Method, Failure> {
    let Some(mut method) = Method::from_uri(uri) else {
        return fail(
            Step::Transforms,
            format!(
                "canonicalization {uri:?} is not one we accept (Canonical XML 1.0 or Exclusive XML Canonicalization 1.0)"
            ),
        );
    };
    let children = element_children(doc, element, "a canonicalization method")?;
    match children.as_slice() {
        [] => {}
        [inclusive]
            if method.exclusive && doc.is(*inclusive, EXC_C14N_NS, "InclusiveNamespaces") =>
        {
            method = method.with_prefix_list(doc.attribute(*inclusive, "PrefixList").unwrap_or(""));
        }
        _ => {
            return fail(
                Step::Transforms,
                format!("unexpected content inside the canonicalization method {uri}"),
            );
        }
    }
    Ok(method)
}

fn check(
    doc: &Document,
    ids: &IdIndex<'_>,
    signature: NodeId,
    trust: &TrustStore,
    canonical_budget: &mut usize,
    verdict: &mut Verdict,
) -> Result<(), Failure> {
    // 1. Shape.
    let Some(parent) = verdict.parent else {
        return fail(
            Step::Shape,
            "the signature is the whole document; it must sit inside the element it signs",
        );
    };
    let parent_name = local_name(doc, parent);
    if doc.children_named(parent, NS_DS, "Signature").count() > 1 {
        return fail(
            Step::Shape,
            format!(
                "<{parent_name}> holds more than one signature; which one counts is ambiguous, so neither does"
            ),
        );
    }
    let children = element_children(doc, signature, "the signature")?;
    let signed_info = expect_ds(
        doc,
        children.first().copied(),
        "SignedInfo",
        "the signature",
    )?;
    let signature_value = expect_ds(
        doc,
        children.get(1).copied(),
        "SignatureValue",
        "the signature",
    )?;
    // After SignatureValue: an optional KeyInfo, then nothing. The element named in the
    // refusal is the first one out of place, not KeyInfo: a signature holding KeyInfo
    // and then a `ds:Object` (XSW8) must be refused for the Object.
    let rest = children.get(2..).unwrap_or_default();
    let (key_info, extra) = match rest {
        [first, extra @ ..] if doc.is(*first, NS_DS, "KeyInfo") => (Some(*first), extra),
        _ => (None, rest),
    };
    if let Some(&other) = extra.first() {
        let name = local_name(doc, other);
        let why = if doc.is(other, NS_DS, "Object") {
            "ds:Object can carry a copy of signed content, the hiding place of signature-wrapping attacks; SAML never needs it"
        } else {
            "only SignedInfo, SignatureValue and KeyInfo belong there"
        };
        return fail(Step::Shape, format!("the signature holds <{name}>: {why}"));
    }
    if let Some(key_info) = key_info
        && doc
            .descendants(key_info)
            .any(|id| doc.is(id, NS_DS, "RetrievalMethod"))
    {
        return fail(
            Step::Shape,
            "KeyInfo uses RetrievalMethod, which would fetch the key from elsewhere; refused",
        );
    }
    let info_children = element_children(doc, signed_info, "SignedInfo")?;
    let canonicalization = expect_ds(
        doc,
        info_children.first().copied(),
        "CanonicalizationMethod",
        "SignedInfo",
    )?;
    let signature_method = expect_ds(
        doc,
        info_children.get(1).copied(),
        "SignatureMethod",
        "SignedInfo",
    )?;
    let reference = expect_ds(
        doc,
        info_children.get(2).copied(),
        "Reference",
        "SignedInfo",
    )?;
    if let Some(&extra) = info_children.get(3) {
        return fail(
            Step::Shape,
            if doc.is(extra, NS_DS, "Reference") {
                "SignedInfo holds more than one Reference; a SAML signature references exactly its own element".to_owned()
            } else {
                format!(
                    "SignedInfo holds an unexpected <{}>",
                    local_name(doc, extra)
                )
            },
        );
    }

    // 2. Algorithms.
    let signature_uri = doc.attribute(signature_method, "Algorithm").unwrap_or("");
    let algorithm = SignatureAlgorithm::from_uri(signature_uri).or_else(|refusal| {
        fail(
            Step::Algorithm,
            match refusal {
                Refusal::Hmac => format!("the signature method {signature_uri} is an HMAC: a shared-secret code anyone with the \"secret\" can compute, never a valid SAML IdP signature"),
                Refusal::Unsupported => format!("the signature method {signature_uri} is not supported by SAML Inspector; we check RSA and ECDSA (P-256, P-384, P-521) with SHA-1/256/384/512"),
                Refusal::Unknown => format!("the signature method {signature_uri:?} is not an algorithm we accept"),
            },
        )
    })?;
    verdict.signature_algorithm = Some(algorithm);
    let canonicalization_uri = doc.attribute(canonicalization, "Algorithm").unwrap_or("");
    let info_method = method_of(doc, canonicalization, canonicalization_uri)?;
    verdict.canonicalization = Some(canonicalization_uri.to_owned());
    let reference_children = element_children(doc, reference, "the Reference")?;
    let (transforms, rest) = match reference_children.first() {
        Some(&first) if doc.is(first, NS_DS, "Transforms") => {
            (Some(first), &reference_children[1..])
        }
        _ => (None, &reference_children[..]),
    };
    let digest_method = expect_ds(doc, rest.first().copied(), "DigestMethod", "the Reference")?;
    let digest_value = expect_ds(doc, rest.get(1).copied(), "DigestValue", "the Reference")?;
    if rest.len() > 2 {
        return fail(
            Step::Shape,
            "the Reference holds more than DigestMethod and DigestValue",
        );
    }
    let digest_uri = doc.attribute(digest_method, "Algorithm").unwrap_or("");
    let Some(digest) = DigestAlgorithm::from_uri(digest_uri) else {
        return fail(
            Step::Algorithm,
            format!(
                "the digest method {digest_uri:?} is not one we accept (SHA-1, SHA-256, SHA-384, SHA-512)"
            ),
        );
    };
    verdict.digest_algorithm = Some(digest);

    // 3. Reference.
    let parent_id = doc.attribute(parent, "ID");
    let uri = doc.attribute(reference, "URI");
    let duplicates = ids.duplicates();
    if !duplicates.is_empty() {
        return fail(
            Step::Reference,
            format!(
                "the ID {} appears on more than one element; with duplicate IDs a signature can be made to point at a different element than the one read (signature wrapping)",
                duplicates
                    .iter()
                    .map(|id| format!("{id:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let subset = match uri {
        Some("") if doc.root() == parent => Subset::Document,
        Some("") => {
            return fail(
                Step::Reference,
                format!(
                    "the reference URI is empty (the whole document), but the signature sits in <{parent_name}>, which is not the document element: the signed content was moved into another document"
                ),
            );
        }
        Some(uri) if uri.starts_with('#') && !uri.starts_with("#xpointer(") => {
            let target = &uri[1..];
            if Some(target) != parent_id {
                return fail(
                    Step::Reference,
                    format!(
                        "the reference points at {uri:?}, but the signature sits in <{parent_name}> with ID {:?}; a signature must sign the element it is in",
                        parent_id.unwrap_or("")
                    ),
                );
            }
            Subset::Element(parent)
        }
        Some(uri) => {
            return fail(
                Step::Reference,
                format!(
                    "the reference URI {uri:?} is not a same-document reference to the signed element"
                ),
            );
        }
        None => return fail(Step::Reference, "the Reference has no URI"),
    };

    // 4. Transforms.
    let mut enveloped = false;
    let mut reference_method: Option<Method> = None;
    if let Some(transforms) = transforms {
        let list = element_children(doc, transforms, "Transforms")?;
        if list.len() > 2 {
            return fail(
                Step::Transforms,
                format!(
                    "{} transforms; a SAML signature uses enveloped-signature and one canonicalization",
                    list.len()
                ),
            );
        }
        for transform in list {
            if !doc.is(transform, NS_DS, "Transform") {
                return fail(
                    Step::Transforms,
                    format!("unexpected <{}> in Transforms", local_name(doc, transform)),
                );
            }
            let transform_uri = doc.attribute(transform, "Algorithm").unwrap_or("");
            if transform_uri == ENVELOPED {
                if enveloped || !element_children(doc, transform, "a transform")?.is_empty() {
                    return fail(
                        Step::Transforms,
                        "the enveloped-signature transform is repeated or has content",
                    );
                }
                enveloped = true;
            } else if Method::from_uri(transform_uri).is_some() {
                if reference_method.is_some() {
                    return fail(Step::Transforms, "more than one canonicalization transform");
                }
                reference_method = Some(method_of(doc, transform, transform_uri)?);
            } else {
                return fail(
                    Step::Transforms,
                    format!(
                        "the transform {transform_uri:?} is refused: only enveloped-signature and canonicalization are accepted (XSLT, XPath and others can rewrite what is digested)"
                    ),
                );
            }
        }
    }
    if !enveloped {
        return fail(
            Step::Transforms,
            "the reference lacks the enveloped-signature transform, which a signature inside the element it signs needs",
        );
    }
    // A same-document reference never carries comments (XML-DSig §4.4.3.3); without a
    // canonicalization transform the node-set becomes octets by Canonical XML 1.0.
    let reference_method = Method {
        with_comments: false,
        ..reference_method.unwrap_or_else(|| Method {
            exclusive: false,
            with_comments: false,
            inclusive_prefixes: Vec::new(),
        })
    };

    // 5. Digest.
    let expected = value_text(doc, digest_value, "DigestValue")?;
    let subset_bytes = match subset {
        Subset::Document => doc.source().len(),
        Subset::Element(top) => doc.span(top).end.saturating_sub(doc.span(top).start),
    };
    let Some(left) = canonical_budget.checked_sub(subset_bytes) else {
        return fail(
            Step::Reference,
            "not checked: the signatures of this document sign more content in total than the limit allows (nested signatures over the same large content)",
        );
    };
    *canonical_budget = left;
    // Digested as it is produced: the canonical form of a large Assertion is never
    // held whole.
    let mut hasher = digest.hasher();
    let canonical_bytes = c14n::canonicalize_into(
        doc,
        subset,
        Some(signature),
        &reference_method,
        &mut |piece| hasher.update(piece),
    );
    if canonical_bytes == 0 {
        return fail(Step::Digest, "the signed content canonicalizes to nothing");
    }
    if expected.len() != digest.output_len() {
        return fail(
            Step::Digest,
            format!(
                "DigestValue has {} bytes, but a {} digest has {}",
                expected.len(),
                digest.name(),
                digest.output_len()
            ),
        );
    }
    if hasher.finalize() != expected {
        return fail(
            Step::Digest,
            format!(
                "the digest of the {parent_name} does not match: it was changed after it was signed (or re-serialised: pretty-printing, re-encoding or editing whitespace breaks signatures)"
            ),
        );
    }

    // 6. Signature value.
    let value = value_text(doc, signature_value, "SignatureValue")?;
    let signed = c14n::canonicalize(doc, Subset::Element(signed_info), None, &info_method);
    verify_value(verdict, trust, algorithm, &signed, &value)?;
    verdict.coverage = Some(Coverage::new(
        doc,
        match subset {
            Subset::Document => None,
            Subset::Element(top) => Some(top),
        },
        signature,
    ));
    Ok(())
}

/// Step 6: which key, if any, the signature value verifies with.
fn verify_value(
    verdict: &mut Verdict,
    trust: &TrustStore,
    algorithm: SignatureAlgorithm,
    signed: &[u8],
    value: &[u8],
) -> Result<(), Failure> {
    let mut problems = Vec::new();
    // Whether any key could check the value (and found it wrong).
    let mut checked = false;
    let mut attempt = |spki: &[u8]| match verify_with_key(
        algorithm,
        spki,
        signed,
        value,
        ec::EcdsaLayout::Concatenated,
    ) {
        Ok(verified) => {
            checked = true;
            verified
        }
        Err(problem) => {
            problems.push(problem);
            false
        }
    };

    // Trusted keys first, then certificates in the message pinned by fingerprint.
    for (index, key) in trust.keys.iter().enumerate() {
        if attempt(&key.certificate.spki) {
            verdict.status = Status::Valid;
            verdict.key = Some(KeyUsed::Trusted(index));
            verdict.reason = format!("signed by the trusted key from {}", key.source);
            return Ok(());
        }
    }
    for (index, certificate) in verdict.certificates.iter().enumerate() {
        if trust.pins(&certificate.der) && attempt(&certificate.spki) {
            verdict.status = Status::Valid;
            verdict.key = Some(KeyUsed::Embedded {
                index,
                pinned: true,
            });
            verdict.reason = "signed by the certificate whose fingerprint you trust".into();
            return Ok(());
        }
    }
    // The message's own certificates: evidence, never trust.
    for (index, certificate) in verdict.certificates.iter().enumerate() {
        if trust.key_for(&certificate.spki).is_none() && attempt(&certificate.spki) {
            verdict.key = Some(KeyUsed::Embedded {
                index,
                pinned: false,
            });
            if trust.is_empty() {
                verdict.status = Status::ValidUnpinned;
                verdict.reason = format!(
                    "intact, and signed by the certificate the message carries ({}); no trusted key was loaded, so this shows integrity, not who signed it — load the IdP metadata or certificate to pin it",
                    certificate.subject
                );
            } else {
                verdict.status = Status::KeyMismatch;
                verdict.reason = format!(
                    "signed with a key that is not among the keys you trust: the message's certificate ({}, SHA-256 {}) is not in the metadata or certificates you loaded — if the IdP rotated its signing certificate, the SP still holds the old one",
                    certificate.subject, certificate.sha256_fingerprint
                );
            }
            return Ok(());
        }
    }
    // When no key could even check the value and one refused its layout, the layout is
    // the cause: say only that. (A P-384 value is the wrong length for a P-256 key,
    // but if the P-384 key checked it, the value is simply wrong.)
    if !checked
        && let Some(layout) = problems
            .iter()
            .find(|problem| matches!(problem, KeyProblem::EcdsaLayout { .. }))
    {
        return fail(
            Step::SignatureValue,
            format!(
                "the signature value cannot be checked{}",
                layout.aside(algorithm)
            ),
        );
    }
    let problem = problems
        .first()
        .map(|problem| problem.aside(algorithm))
        .unwrap_or_default();
    if trust.is_empty() && verdict.certificates.is_empty() {
        return fail(
            Step::Key,
            "the message carries no certificate and no trusted key was loaded, so the signature cannot be checked; load the IdP metadata or signing certificate",
        );
    }
    let with = match (trust.keys.is_empty(), verdict.certificates.is_empty()) {
        (false, false) => "the trusted key(s) or with the certificate in the message",
        (false, true) => "the trusted key(s)",
        (true, _) => "the certificate in the message",
    };
    fail(
        Step::SignatureValue,
        format!(
            "the signature value does not verify with {with}{problem}: SignedInfo was changed after signing, or it was signed with another key"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::xml::{NS_SAML, parse};

    /// The built-in example: a Response whose Assertion xmlsec1 signed.
    fn example() -> Vec<u8> {
        let text = include_str!("../../examples/aws-response-session-name.txt");
        let compact: String = text.split_whitespace().collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact)
            .unwrap()
    }

    fn example_trust() -> TrustStore {
        let pem = include_str!("../../examples/example-idp-certificate.pem");
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        let mut trust = TrustStore::default();
        trust.add_certificate(cert::parse_base64(&body).unwrap(), "example".into());
        trust
    }

    fn verdicts(xml: &[u8], trust: &TrustStore) -> (Document, Vec<Verdict>) {
        let doc = parse(xml, &Limits::default()).unwrap();
        let verdicts = verify_document(&doc, trust, &Limits::default());
        (doc, verdicts)
    }

    #[test]
    fn the_example_verifies_pinned_and_unpinned() {
        let (doc, found) = verdicts(&example(), &TrustStore::default());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].status,
            Status::ValidUnpinned,
            "{}",
            found[0].reason
        );
        let assertion = doc.child(doc.root(), NS_SAML, "Assertion").unwrap();
        assert_eq!(protection(&found, assertion), Protection::Unpinned);
        assert_eq!(protection(&found, doc.root()), Protection::None);

        let (_, found) = verdicts(&example(), &example_trust());
        assert_eq!(found[0].status, Status::Valid, "{}", found[0].reason);
        assert_eq!(found[0].key, Some(KeyUsed::Trusted(0)));
        let name_id = doc
            .descendants(assertion)
            .find(|&id| doc.is(id, NS_SAML, "NameID"))
            .unwrap();
        assert_eq!(protection(&found, name_id), Protection::Trusted);
        // The signature itself is not part of what it covers.
        assert!(!found[0].coverage.unwrap().covers(found[0].signature));
    }

    #[test]
    fn a_changed_value_breaks_the_digest() {
        let xml = String::from_utf8(example()).unwrap();
        let changed = xml.replacen("Finance", "Payroll", 1);
        assert_ne!(xml, changed);
        let (_, found) = verdicts(changed.as_bytes(), &example_trust());
        assert_eq!(found[0].status, Status::Invalid);
        assert_eq!(
            found[0].failed_step,
            Some(Step::Digest),
            "{}",
            found[0].reason
        );
    }

    #[test]
    fn the_element_out_of_place_after_key_info_is_the_one_named() {
        let xml = String::from_utf8(example()).unwrap();
        let with_object = xml.replacen(
            "</ds:KeyInfo>",
            "</ds:KeyInfo><ds:Object>wrapped content</ds:Object>",
            1,
        );
        assert_ne!(xml, with_object);
        let (_, found) = verdicts(with_object.as_bytes(), &example_trust());
        assert_eq!(found[0].failed_step, Some(Step::Shape));
        assert!(
            found[0].reason.contains("<ds:Object>: ds:Object can carry"),
            "{}",
            found[0].reason
        );
    }

    /// A shape-valid enveloped signature over `#id` whose digest is wrong.
    fn bogus_signature(id: &str) -> String {
        format!(
            r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>"##
        )
    }

    #[test]
    fn signatures_past_the_limit_are_not_checked() {
        let mut xml = String::from("<r>");
        for index in 0..20 {
            xml.push_str(&format!(
                "<a ID=\"s{index}\">{}</a>",
                bogus_signature(&format!("s{index}"))
            ));
        }
        xml.push_str("</r>");
        let doc = parse(xml.as_bytes(), &Limits::default()).unwrap();
        let found = verify_document(&doc, &TrustStore::default(), &Limits::default());
        assert_eq!(found.len(), 20);
        for (index, verdict) in found.iter().enumerate() {
            assert_eq!(verdict.status, Status::Invalid);
            let unchecked = verdict.reason.contains("more than 16 signatures");
            assert_eq!(unchecked, index >= 16, "{index}: {}", verdict.reason);
            if !unchecked {
                assert_eq!(
                    verdict.failed_step,
                    Some(Step::Digest),
                    "{}",
                    verdict.reason
                );
            }
        }
    }

    #[test]
    fn nested_signatures_share_one_canonicalization_budget() {
        // Three nested signed elements around a large text: each signature would
        // canonicalize nearly the whole document.
        let filler = "x".repeat(10_000);
        let xml = format!(
            "<a ID=\"n0\">{}<a ID=\"n1\">{}<a ID=\"n2\">{}{filler}</a></a></a>",
            bogus_signature("n0"),
            bogus_signature("n1"),
            bogus_signature("n2")
        );
        let doc = parse(xml.as_bytes(), &Limits::default()).unwrap();
        let limits = Limits {
            signed_bytes_multiple: 2,
            ..Limits::default()
        };
        let found = verify_document(&doc, &TrustStore::default(), &limits);
        let steps: Vec<_> = found.iter().map(|verdict| verdict.failed_step).collect();
        assert_eq!(
            steps,
            [
                Some(Step::Digest),
                Some(Step::Digest),
                Some(Step::Reference)
            ]
        );
        assert!(found[2].reason.contains("limit"), "{}", found[2].reason);
        // With the default budget all three are checked (and fail at the digest).
        let found = verify_document(&doc, &TrustStore::default(), &Limits::default());
        assert!(
            found
                .iter()
                .all(|verdict| verdict.failed_step == Some(Step::Digest))
        );
    }
}
