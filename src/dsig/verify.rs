//! Verifying the `ds:Signature`s of a document: a short driver ([`verify_document`])
//! over named steps, each returning what it established, each failing closed with an
//! [`Error`] that says where and what:
//!
//! 1. [`find_signature`]: the signature sits directly inside the element it signs,
//!    which carries no other signature; it holds exactly `SignedInfo`, `SignatureValue`
//!    and optionally `KeyInfo` (no `ds:Object`, no `RetrievalMethod`);
//! 2. [`read_signed_info`]: exactly `CanonicalizationMethod`, `SignatureMethod` and one
//!    `Reference` (`Transforms`, `DigestMethod`, `DigestValue`), algorithms by exact URI
//!    from an allowlist;
//! 3. [`resolve_reference`]: `URI="#id"` naming the signature's parent, whose ID is
//!    unique in the whole document, or `URI=""` when the parent is the document
//!    element;
//! 4. [`read_transforms`]: enveloped-signature (required) and at most one
//!    canonicalization;
//! 5. [`digest_reference`]: the canonical parent-minus-signature digested and compared
//!    with `DigestValue` (its text only);
//! 6. [`check_signature_value`]: the value over the canonical `SignedInfo`, with a
//!    trusted key, or the certificate in the message (which is evidence, never trust);
//! 7. the [`Coverage`] of what verified.

use std::collections::HashMap;

use base64::Engine as _;

use super::algorithms::{DigestAlgorithm, Refusal, SignatureAlgorithm};
use super::ec::EcdsaLayout;
use super::error::{Error, Found, KeyProblem, KeysTried, Part};
use super::key::{ReadKey, verify_with_key};
use super::trust::TrustStore;
use super::verdict::{CheckedDigest, Coverage, KeyUsed, Status, Target, Verdict, Verified};
use crate::cert::{self, CertificateInfo};
use crate::limits::Limits;
use crate::xml::c14n::{self, Method, Subset};
use crate::xml::{Document, NS_DS, NodeId, NodeKind};

const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

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
    let mut session = Session {
        doc,
        ids: IdIndex::new(doc),
        trust,
        budget: doc
            .source()
            .len()
            .saturating_mul(limits.signed_bytes_multiple),
    };
    doc.ids()
        .filter(|&id| doc.is(id, NS_DS, "Signature"))
        .enumerate()
        .map(|(index, signature)| {
            let certificates = |signature| {
                read(signature).unwrap_or_else(|| embedded_certificates(doc, signature))
            };
            if index < limits.signatures {
                session.verify(signature, certificates(signature))
            } else {
                let limit = limits.signatures;
                Declared::default().verdict(
                    doc,
                    signature,
                    Vec::new(),
                    Err(Error::TooManySignatures { limit }),
                )
            }
        })
        .collect()
}

/// What is shared by the signatures of one document.
struct Session<'d> {
    doc: &'d Document,
    ids: IdIndex<'d>,
    trust: &'d TrustStore,
    /// Source bytes the remaining signatures may still canonicalize.
    budget: usize,
}

/// What a signature declares, as far as verification read it (the report shows the
/// algorithms of a signature that fails later).
#[derive(Default)]
struct Declared {
    signature_algorithm: Option<SignatureAlgorithm>,
    digest_algorithm: Option<DigestAlgorithm>,
    canonicalization: Option<String>,
}

impl Declared {
    fn verdict(
        self,
        doc: &Document,
        signature: NodeId,
        certificates: Vec<CertificateInfo>,
        outcome: Result<Verified, Error>,
    ) -> Verdict {
        Verdict {
            signature,
            parent: doc.parent(signature),
            signature_algorithm: self.signature_algorithm,
            digest_algorithm: self.digest_algorithm,
            canonicalization: self.canonicalization,
            certificates,
            outcome,
        }
    }
}

impl Session<'_> {
    /// The driver: the steps in order, the first failure ending it.
    fn verify(&mut self, signature: NodeId, certificates: Vec<CertificateInfo>) -> Verdict {
        let mut declared = Declared::default();
        let outcome = self.steps(signature, &certificates, &mut declared);
        declared.verdict(self.doc, signature, certificates, outcome)
    }

    fn steps(
        &mut self,
        signature: NodeId,
        certificates: &[CertificateInfo],
        declared: &mut Declared,
    ) -> Result<Verified, Error> {
        let doc = self.doc;
        let found = find_signature(doc, signature)?;
        let info = read_signed_info(doc, &found, declared)?;
        let target = resolve_reference(doc, &self.ids, &found, &info)?;
        let method = read_transforms(doc, &info)?;
        let digest = digest_reference(doc, &found, &info, target, &method, &mut self.budget)?;
        let (key, status) = check_signature_value(doc, &found, &info, self.trust, certificates)?;
        Ok(Verified {
            target,
            digest,
            algorithm: info.algorithm,
            key,
            status,
            coverage: Coverage::new(doc, target, signature),
        })
    }
}

/// Every unqualified `ID` attribute value (SAML 2.0's identifier attribute), with the
/// elements that carry it.
struct IdIndex<'d> {
    elements: HashMap<&'d str, NodeId>,
    /// The values carried by more than one element, sorted.
    duplicates: Vec<&'d str>,
}

impl<'d> IdIndex<'d> {
    fn new(doc: &'d Document) -> IdIndex<'d> {
        let mut elements = HashMap::new();
        let mut duplicates = Vec::new();
        for id in doc.ids() {
            if let Some(value) = doc.attribute(id, "ID")
                && elements.insert(value, id).is_some()
            {
                duplicates.push(value);
            }
        }
        duplicates.sort_unstable();
        duplicates.dedup();
        IdIndex {
            elements,
            duplicates,
        }
    }
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

// --- 1. find the signature -----------------------------------------------------------

/// The elements of a signature in their places.
struct Signature {
    node: NodeId,
    /// The element it sits in.
    parent: NodeId,
    signed_info: NodeId,
    signature_value: NodeId,
}

/// Step 1: the signature's place and its own children (XML-DSig §4.1, as SAML's
/// trusted verifiers restrict it).
fn find_signature(doc: &Document, signature: NodeId) -> Result<Signature, Error> {
    let parent = doc.parent(signature).ok_or(Error::NoParent)?;
    if doc.children_named(parent, NS_DS, "Signature").count() > 1 {
        return Err(Error::SeveralSignatures {
            parent: name_of(doc, parent),
        });
    }
    let children = element_children(doc, signature, Part::Signature)?;
    let signed_info = expect_ds(doc, children.first(), Part::SignedInfo, Part::Signature)?;
    let signature_value = expect_ds(doc, children.get(1), Part::SignatureValue, Part::Signature)?;
    // After SignatureValue: an optional KeyInfo, then nothing. The element named in the
    // refusal is the first one out of place, not KeyInfo: a signature holding KeyInfo
    // and then a `ds:Object` (XSW8) must be refused for the Object.
    let rest = children.get(2..).unwrap_or_default();
    let (key_info, extra) = match rest {
        [first, extra @ ..] if doc.is(*first, NS_DS, "KeyInfo") => (Some(*first), extra),
        _ => (None, rest),
    };
    if let Some(&other) = extra.first() {
        return Err(Error::ExtraInSignature {
            found: found(doc, other),
            object: doc.is(other, NS_DS, "Object"),
        });
    }
    if let Some(key_info) = key_info
        && doc
            .descendants(key_info)
            .any(|id| doc.is(id, NS_DS, "RetrievalMethod"))
    {
        return Err(Error::RetrievalMethod);
    }
    Ok(Signature {
        node: signature,
        parent,
        signed_info,
        signature_value,
    })
}

// --- 2. read SignedInfo --------------------------------------------------------------

/// What `SignedInfo` declares.
struct SignedInfo {
    /// Its own canonicalization.
    canonicalization: Method,
    algorithm: SignatureAlgorithm,
    reference: NodeId,
    transforms: Option<NodeId>,
    digest: DigestAlgorithm,
    digest_value: NodeId,
}

/// Step 2: `SignedInfo`'s structure and algorithms (XML-DSig §4.4), recorded in
/// `declared` as they are read.
fn read_signed_info(
    doc: &Document,
    signature: &Signature,
    declared: &mut Declared,
) -> Result<SignedInfo, Error> {
    let children = element_children(doc, signature.signed_info, Part::SignedInfo)?;
    let canonicalization = expect_ds(
        doc,
        children.first(),
        Part::CanonicalizationMethod,
        Part::SignedInfo,
    )?;
    let signature_method = expect_ds(
        doc,
        children.get(1),
        Part::SignatureMethod,
        Part::SignedInfo,
    )?;
    let reference = expect_ds(doc, children.get(2), Part::Reference, Part::SignedInfo)?;
    if let Some(&extra) = children.get(3) {
        return Err(if doc.is(extra, NS_DS, "Reference") {
            Error::SeveralReferences
        } else {
            Error::ExtraInSignedInfo {
                found: found(doc, extra),
            }
        });
    }

    let uri = algorithm_uri(doc, signature_method);
    let algorithm = SignatureAlgorithm::from_uri(uri).map_err(|refusal| {
        let uri = uri.to_owned();
        match refusal {
            Refusal::Hmac => Error::HmacSignatureMethod { uri },
            Refusal::Unsupported => Error::UnsupportedSignatureMethod { uri },
            Refusal::Unknown => Error::UnknownSignatureMethod { uri },
        }
    })?;
    declared.signature_algorithm = Some(algorithm);
    let canonicalization_uri = algorithm_uri(doc, canonicalization);
    let method = canonicalization_method(doc, canonicalization, canonicalization_uri)?;
    declared.canonicalization = Some(canonicalization_uri.to_owned());

    let reference_children = element_children(doc, reference, Part::Reference)?;
    let (transforms, rest) = match reference_children.split_first() {
        Some((&first, rest)) if doc.is(first, NS_DS, "Transforms") => (Some(first), rest),
        _ => (None, &reference_children[..]),
    };
    let digest_method = expect_ds(doc, rest.first(), Part::DigestMethod, Part::Reference)?;
    let digest_value = expect_ds(doc, rest.get(1), Part::DigestValue, Part::Reference)?;
    if let Some(&extra) = rest.get(2) {
        return Err(Error::ExtraInReference {
            found: found(doc, extra),
        });
    }
    let digest_uri = algorithm_uri(doc, digest_method);
    let digest =
        DigestAlgorithm::from_uri(digest_uri).ok_or_else(|| Error::UnknownDigestMethod {
            uri: digest_uri.to_owned(),
        })?;
    declared.digest_algorithm = Some(digest);
    Ok(SignedInfo {
        canonicalization: method,
        algorithm,
        reference,
        transforms,
        digest,
        digest_value,
    })
}

/// The canonicalization method of a `CanonicalizationMethod` or `Transform` element
/// with Algorithm `uri`: Canonical XML 1.0 or Exclusive Canonicalization 1.0 (with its
/// `InclusiveNamespaces PrefixList`, Exc-C14N §3).
fn canonicalization_method(doc: &Document, element: NodeId, uri: &str) -> Result<Method, Error> {
    let Some(mut method) = Method::from_uri(uri) else {
        return Err(Error::UnknownCanonicalization {
            uri: uri.to_owned(),
        });
    };
    let children = element_children(doc, element, Part::CanonicalizationMethod)?;
    match children.as_slice() {
        [] => {}
        [inclusive]
            if method.exclusive && doc.is(*inclusive, EXC_C14N_NS, "InclusiveNamespaces") =>
        {
            method = method.with_prefix_list(doc.attribute(*inclusive, "PrefixList").unwrap_or(""));
        }
        _ => {
            return Err(Error::CanonicalizationContent {
                uri: uri.to_owned(),
            });
        }
    }
    Ok(method)
}

// --- 3. resolve the reference --------------------------------------------------------

/// Step 3: what the Reference's URI names (XML-DSig §4.4.3.3), which must be the element
/// the signature sits in: a signature signs where it stands (SAML Core §5.4.2), and
/// every ID in the document is unique, so no other element can answer to it.
fn resolve_reference(
    doc: &Document,
    ids: &IdIndex<'_>,
    signature: &Signature,
    info: &SignedInfo,
) -> Result<Target, Error> {
    if !ids.duplicates.is_empty() {
        return Err(Error::DuplicateIds {
            ids: ids.duplicates.iter().map(|&id| id.to_owned()).collect(),
        });
    }
    let parent = signature.parent;
    match doc.attribute(info.reference, "URI") {
        Some("") if doc.root() == parent => Ok(Target::Document),
        Some("") => Err(Error::EmptyUriInside {
            parent: name_of(doc, parent),
        }),
        Some(uri) if uri.starts_with('#') && !uri.starts_with("#xpointer(") => {
            if ids.elements.get(&uri[1..]) != Some(&parent) {
                return Err(Error::OtherTarget {
                    uri: uri.to_owned(),
                    parent: name_of(doc, parent),
                    parent_id: doc.attribute(parent, "ID").map(str::to_owned),
                });
            }
            Ok(Target::Element(parent))
        }
        Some(uri) => Err(Error::NotSameDocument {
            uri: uri.to_owned(),
        }),
        None => Err(Error::NoUri),
    }
}

// --- 4. the transforms ---------------------------------------------------------------

/// Step 4: the Reference's transforms (XML-DSig §6.6): the enveloped-signature transform
/// (required: the signature sits inside what it signs) and at most one
/// canonicalization, which is the method returned (Canonical XML 1.0 without one,
/// §4.4.3.2). Nothing that can rewrite what is digested (XSLT, XPath) is accepted.
fn read_transforms(doc: &Document, info: &SignedInfo) -> Result<Method, Error> {
    let mut enveloped = false;
    let mut method: Option<Method> = None;
    if let Some(transforms) = info.transforms {
        let list = element_children(doc, transforms, Part::Transforms)?;
        if list.len() > 2 {
            return Err(Error::TooManyTransforms { count: list.len() });
        }
        for transform in list {
            if !doc.is(transform, NS_DS, "Transform") {
                return Err(Error::UnexpectedInTransforms {
                    found: found(doc, transform),
                });
            }
            let uri = algorithm_uri(doc, transform);
            if uri == ENVELOPED {
                if enveloped || !element_children(doc, transform, Part::Transform)?.is_empty() {
                    return Err(Error::RepeatedEnveloped);
                }
                enveloped = true;
            } else if Method::from_uri(uri).is_some() {
                if method.is_some() {
                    return Err(Error::SeveralCanonicalizations);
                }
                method = Some(canonicalization_method(doc, transform, uri)?);
            } else {
                return Err(Error::RefusedTransform {
                    uri: uri.to_owned(),
                });
            }
        }
    }
    if !enveloped {
        return Err(Error::MissingEnveloped);
    }
    // A same-document reference never carries comments (XML-DSig §4.4.3.3); without a
    // canonicalization transform the node-set becomes octets by Canonical XML 1.0.
    Ok(Method {
        with_comments: false,
        ..method.unwrap_or_else(|| Method {
            exclusive: false,
            with_comments: false,
            inclusive_prefixes: Vec::new(),
        })
    })
}

// --- 5. digest -----------------------------------------------------------------------

/// Step 5: the canonical form of `target` without the signature, digested as it is
/// produced (the canonical form of a large Assertion is never held whole), compared with
/// `DigestValue` (XML-DSig §3.2.1). Counts against the document's `budget`.
fn digest_reference(
    doc: &Document,
    signature: &Signature,
    info: &SignedInfo,
    target: Target,
    method: &Method,
    budget: &mut usize,
) -> Result<CheckedDigest, Error> {
    let expected = value_text(doc, info.digest_value, Part::DigestValue)?;
    let (subset, needed) = match target {
        Target::Document => (Subset::Document, doc.source().len()),
        Target::Element(top) => {
            let span = doc.span(top);
            (Subset::Element(top), span.end.saturating_sub(span.start))
        }
    };
    let Some(left) = budget.checked_sub(needed) else {
        return Err(Error::SignedBytesLimit {
            needed,
            left: *budget,
        });
    };
    *budget = left;
    let mut hasher = info.digest.hasher();
    let canonical_bytes =
        c14n::canonicalize_into(doc, subset, Some(signature.node), method, &mut |piece| {
            hasher.update(piece)
        });
    if canonical_bytes == 0 {
        return Err(Error::EmptyContent);
    }
    if expected.len() != info.digest.output_len() {
        return Err(Error::DigestLength {
            algorithm: info.digest,
            expected: info.digest.output_len(),
            found: expected.len(),
        });
    }
    let computed = hasher.finalize();
    if computed != expected {
        return Err(Error::DigestMismatch {
            element: name_of(doc, signature.parent),
            algorithm: info.digest,
            expected,
            computed,
        });
    }
    Ok(CheckedDigest {
        algorithm: info.digest,
        canonicalization: method.uri(),
        value: computed,
        canonical_bytes,
    })
}

// --- 6. the signature value ----------------------------------------------------------

/// Step 6: which key the `SignatureValue` verifies with, over the canonical `SignedInfo`
/// (XML-DSig §3.2.2): trusted keys first, then certificates in the message pinned by
/// fingerprint, then the message's own certificates, which are evidence, never trust.
fn check_signature_value(
    doc: &Document,
    signature: &Signature,
    info: &SignedInfo,
    trust: &TrustStore,
    certificates: &[CertificateInfo],
) -> Result<(KeyUsed, Status), Error> {
    let value = value_text(doc, signature.signature_value, Part::SignatureValue)?;
    let signed = c14n::canonicalize(
        doc,
        Subset::Element(signature.signed_info),
        None,
        &info.canonicalization,
    );
    let algorithm = info.algorithm;
    let mut problems = Vec::new();
    // Whether any key could check the value (and found it wrong).
    let mut checked = false;
    // A trusted key is read once for every message checked with it; a key in the
    // message each time.
    let mut attempt = |spki: &[u8], read: Option<&ReadKey>| {
        let result = match read {
            Some(read) => read.verify(algorithm, spki, &signed, &value, EcdsaLayout::Concatenated),
            None => verify_with_key(algorithm, spki, &signed, &value, EcdsaLayout::Concatenated),
        };
        match result {
            Ok(verified) => {
                checked = true;
                verified
            }
            Err(problem) => {
                problems.push(problem);
                false
            }
        }
    };

    for (index, key) in trust.keys.iter().enumerate() {
        if attempt(&key.certificate.spki, Some(&key.read)) {
            return Ok((KeyUsed::Trusted(index), Status::Valid));
        }
    }
    for (index, certificate) in certificates.iter().enumerate() {
        if trust.pins(&certificate.der) && attempt(&certificate.spki, None) {
            let key = KeyUsed::Embedded {
                index,
                pinned: true,
            };
            return Ok((key, Status::Valid));
        }
    }
    for (index, certificate) in certificates.iter().enumerate() {
        if trust.key_for(&certificate.spki).is_none() && attempt(&certificate.spki, None) {
            let key = KeyUsed::Embedded {
                index,
                pinned: false,
            };
            let status = if trust.is_empty() {
                Status::ValidUnpinned
            } else {
                Status::KeyMismatch
            };
            return Ok((key, status));
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
        return Err(Error::ValueUnreadable {
            algorithm,
            problem: layout.clone(),
        });
    }
    let tried = KeysTried {
        trusted: !trust.keys.is_empty(),
        embedded: !certificates.is_empty(),
    };
    if !tried.trusted && !tried.embedded {
        return Err(Error::NoKey {
            fingerprints: !trust.fingerprints.is_empty(),
        });
    }
    Err(Error::ValueMismatch {
        algorithm,
        tried,
        problem: problems.into_iter().next(),
    })
}

// --- the structure, read strictly ----------------------------------------------------

/// The element children of `id` (comments, PIs and whitespace text are allowed between
/// them; other text is not).
fn element_children(doc: &Document, id: NodeId, part: Part) -> Result<Vec<NodeId>, Error> {
    let mut elements = Vec::new();
    for &child in doc.children(id) {
        match &doc.node(child).kind {
            NodeKind::Element(_) => elements.push(child),
            NodeKind::Text(text) | NodeKind::CData(text) if !text.trim().is_empty() => {
                return Err(Error::TextInside { part });
            }
            _ => {}
        }
    }
    Ok(elements)
}

/// `id`, required to be `ds:{expected}`, as the child at its place in `inside`.
fn expect_ds(
    doc: &Document,
    id: Option<&NodeId>,
    expected: Part,
    inside: Part,
) -> Result<NodeId, Error> {
    match id {
        Some(&id) if doc.is(id, NS_DS, expected.local_name()) => Ok(id),
        Some(&id) => Err(Error::Unexpected {
            inside,
            expected,
            found: found(doc, id),
        }),
        None => Err(Error::Missing { inside, expected }),
    }
}

/// The text of a `DigestValue` or `SignatureValue`, which must be nothing but base64
/// text (whitespace allowed, XML-DSig §4.4.3.3's `base64Binary`).
fn value_text(doc: &Document, id: NodeId, part: Part) -> Result<Vec<u8>, Error> {
    let mut compact = Vec::new();
    for &child in doc.children(id) {
        match &doc.node(child).kind {
            NodeKind::Text(piece) => compact.extend(
                piece
                    .bytes()
                    .filter(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n')),
            ),
            NodeKind::Comment(_) => return Err(Error::CommentInValue { part }),
            _ => return Err(Error::MarkupInValue { part }),
        }
    }
    base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact))
        .map_err(|_| Error::NotBase64 { part })
}

/// The `Algorithm` attribute of a method or transform element.
fn algorithm_uri(doc: &Document, element: NodeId) -> &str {
    doc.attribute(element, "Algorithm").unwrap_or("")
}

/// An element's qualified name as written.
fn name_of(doc: &Document, id: NodeId) -> String {
    match doc.element(id) {
        Some(element) => element.name.to_string(),
        None => "node".into(),
    }
}

fn found(doc: &Document, id: NodeId) -> Found {
    Found {
        node: id,
        name: name_of(doc, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsig::error::Step;
    use crate::dsig::verdict::{Protection, protection};
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
        assert_eq!(found[0].status(), Status::ValidUnpinned, "{:?}", found[0]);
        let assertion = doc.child(doc.root(), NS_SAML, "Assertion").unwrap();
        assert_eq!(protection(&found, assertion), Protection::Unpinned);
        assert_eq!(protection(&found, doc.root()), Protection::None);

        let (_, found) = verdicts(&example(), &example_trust());
        assert_eq!(found[0].status(), Status::Valid, "{:?}", found[0].outcome);
        assert_eq!(found[0].key(), Some(&KeyUsed::Trusted(0)));
        let name_id = doc
            .descendants(assertion)
            .find(|&id| doc.is(id, NS_SAML, "NameID"))
            .unwrap();
        assert_eq!(protection(&found, name_id), Protection::Trusted);
        // The signature itself is not part of what it covers.
        assert!(!found[0].coverage().unwrap().covers(found[0].signature));
        // What was verified: the Assertion, by its digest, with the trusted key.
        let verified = found[0].verified().unwrap();
        assert_eq!(verified.target, Target::Element(assertion));
        assert_eq!(verified.digest.algorithm, DigestAlgorithm::Sha256);
        assert_eq!(verified.digest.canonicalization, c14n::EXC_C14N);
        assert_eq!(verified.digest.value.len(), 32);
        assert!(verified.digest.canonical_bytes > 1000);
    }

    #[test]
    fn a_changed_value_breaks_the_digest() {
        let xml = String::from_utf8(example()).unwrap();
        let changed = xml.replacen("Finance", "Payroll", 1);
        assert_ne!(xml, changed);
        let (_, found) = verdicts(changed.as_bytes(), &example_trust());
        assert_eq!(found[0].status(), Status::Invalid);
        let Some(Error::DigestMismatch {
            element,
            algorithm,
            expected,
            computed,
        }) = found[0].error()
        else {
            panic!("{:?}", found[0].outcome);
        };
        assert_eq!(element, "saml2:Assertion");
        assert_eq!(*algorithm, DigestAlgorithm::Sha256);
        assert_ne!(expected, computed);
        assert_eq!(found[0].failed_step(), Some(Step::Digest));
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
        assert_eq!(found[0].failed_step(), Some(Step::Shape));
        assert!(
            matches!(
                found[0].error(),
                Some(Error::ExtraInSignature { found, object: true }) if found.name == "ds:Object"
            ),
            "{:?}",
            found[0].outcome
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
            assert_eq!(verdict.status(), Status::Invalid);
            if index >= 16 {
                assert_eq!(
                    verdict.error(),
                    Some(&Error::TooManySignatures { limit: 16 }),
                    "{index}"
                );
                assert_eq!(verdict.failed_step(), Some(Step::Shape));
            } else {
                assert_eq!(verdict.failed_step(), Some(Step::Digest), "{verdict:?}");
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
        let steps: Vec<_> = found.iter().map(Verdict::failed_step).collect();
        assert_eq!(
            steps,
            [
                Some(Step::Digest),
                Some(Step::Digest),
                Some(Step::Reference)
            ]
        );
        assert!(
            matches!(found[2].error(), Some(Error::SignedBytesLimit { needed, left }) if needed > left),
            "{:?}",
            found[2].outcome
        );
        // With the default budget all three are checked (and fail at the digest).
        let found = verify_document(&doc, &TrustStore::default(), &Limits::default());
        assert!(
            found
                .iter()
                .all(|verdict| verdict.failed_step() == Some(Step::Digest))
        );
    }
}
