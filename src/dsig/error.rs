//! Why a signature is not valid, as data: the step that failed and what it found there.
//!
//! Nothing here is worded for people. Each variant carries the context a person needs
//! (which element, which algorithm URI, expected against found), and
//! `checks::signature::reason` turns it into the sentence the report shows.

use serde::Serialize;

use super::algorithms::{Curve, DigestAlgorithm, SignatureAlgorithm};
use crate::xml::NodeId;

/// The step a signature failed at (named in the JSON report's `failed_step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Finding the signature: the elements XML-DSig and SAML allow, where they belong.
    Shape,
    /// The SignatureMethod and DigestMethod URIs.
    Algorithm,
    /// Resolving the Reference to the element it signs.
    Reference,
    /// The Reference's transforms and the canonicalization methods.
    Transforms,
    /// Canonicalizing the signed element and comparing its digest.
    Digest,
    /// Finding a key to check the value with.
    Key,
    /// Checking the SignatureValue with a key.
    SignatureValue,
}

/// A part of a signature's structure, as the errors name it. Its local name in the
/// XML-DSig namespace is [`Part::local_name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Signature,
    SignedInfo,
    CanonicalizationMethod,
    SignatureMethod,
    Reference,
    Transforms,
    Transform,
    DigestMethod,
    DigestValue,
    SignatureValue,
    KeyInfo,
    /// The `Signature` parameter of an HTTP-Redirect binding URL (SAML Bindings
    /// §3.4.4.1), not an element.
    QuerySignature,
}

impl Part {
    /// The element's local name (`Signature` for the query parameter).
    pub fn local_name(self) -> &'static str {
        match self {
            Part::Signature | Part::QuerySignature => "Signature",
            Part::SignedInfo => "SignedInfo",
            Part::CanonicalizationMethod => "CanonicalizationMethod",
            Part::SignatureMethod => "SignatureMethod",
            Part::Reference => "Reference",
            Part::Transforms => "Transforms",
            Part::Transform => "Transform",
            Part::DigestMethod => "DigestMethod",
            Part::DigestValue => "DigestValue",
            Part::SignatureValue => "SignatureValue",
            Part::KeyInfo => "KeyInfo",
        }
    }
}

/// An element found where it does not belong: its node and its name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub node: NodeId,
    /// The qualified name as the source writes it (`ds:Object`, `saml:Assertion`).
    pub name: String,
}

/// Why a signature is not valid. Every variant belongs to one [`Step`]
/// ([`Error::step`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // --- Step::Shape ---------------------------------------------------------------
    /// The signature is the document element, so it sits in nothing it could sign.
    NoParent,
    /// The element the signature sits in holds more than one signature.
    SeveralSignatures {
        parent: String,
    },
    /// Text other than whitespace between the child elements of `part`.
    TextInside {
        part: Part,
    },
    /// `inside` has no child element where `ds:{expected}` belongs.
    Missing {
        inside: Part,
        expected: Part,
    },
    /// `inside` holds `found` where `ds:{expected}` belongs.
    Unexpected {
        inside: Part,
        expected: Part,
        found: Found,
    },
    /// After SignatureValue (and an optional KeyInfo) the signature holds another
    /// element; `object` when it is a `ds:Object`, the hiding place of wrapping attacks.
    ExtraInSignature {
        found: Found,
        object: bool,
    },
    /// `KeyInfo` holds a `RetrievalMethod` (a key fetched from elsewhere).
    RetrievalMethod,
    /// SignedInfo holds a second Reference.
    SeveralReferences,
    /// SignedInfo holds an element after its Reference.
    ExtraInSignedInfo {
        found: Found,
    },
    /// The Reference holds more than Transforms, DigestMethod and DigestValue.
    ExtraInReference {
        found: Found,
    },
    /// A comment inside `part` (DigestValue or SignatureValue).
    CommentInValue {
        part: Part,
    },
    /// Markup (an element, CDATA, a processing instruction) inside `part`.
    MarkupInValue {
        part: Part,
    },
    /// The value of `part` is not base64.
    NotBase64 {
        part: Part,
    },
    /// Not checked: the document holds more than `limit` signatures
    /// ([`crate::limits::Limits::signatures`]).
    TooManySignatures {
        limit: usize,
    },

    // --- Step::Algorithm -----------------------------------------------------------
    /// The SignatureMethod is an HMAC: a shared-secret code, never an IdP signature.
    HmacSignatureMethod {
        uri: String,
    },
    /// A signature method known but not verified here (DSA, RSA-PSS, ECDSA-SHA224).
    UnsupportedSignatureMethod {
        uri: String,
    },
    UnknownSignatureMethod {
        uri: String,
    },
    UnknownDigestMethod {
        uri: String,
    },

    // --- Step::Transforms ----------------------------------------------------------
    /// A CanonicalizationMethod or transform URI that is not C14N 1.0 or Exc-C14N 1.0.
    UnknownCanonicalization {
        uri: String,
    },
    /// A canonicalization method holding something other than one
    /// `InclusiveNamespaces` (for exclusive canonicalization).
    CanonicalizationContent {
        uri: String,
    },
    /// More than the two transforms a SAML signature uses.
    TooManyTransforms {
        count: usize,
    },
    /// An element other than `ds:Transform` inside `Transforms`.
    UnexpectedInTransforms {
        found: Found,
    },
    /// The enveloped-signature transform twice, or with content.
    RepeatedEnveloped,
    /// Two canonicalization transforms.
    SeveralCanonicalizations,
    /// A transform other than enveloped-signature and canonicalization (XSLT, XPath...).
    RefusedTransform {
        uri: String,
    },
    /// No enveloped-signature transform.
    MissingEnveloped,

    // --- Step::Reference -----------------------------------------------------------
    /// These `ID` values are carried by more than one element (sorted).
    DuplicateIds {
        ids: Vec<String>,
    },
    /// `URI=""` (the whole document), but the signature sits in `parent`, which is not
    /// the document element.
    EmptyUriInside {
        parent: String,
    },
    /// The reference names another element than the one the signature sits in.
    OtherTarget {
        uri: String,
        parent: String,
        parent_id: Option<String>,
    },
    /// Not a same-document reference by ID (`#xpointer(...)`, another document...).
    NotSameDocument {
        uri: String,
    },
    /// The Reference has no `URI`.
    NoUri,
    /// Not checked: canonicalizing this reference (`needed` bytes of source) would pass
    /// what is left (`left`) of the document's budget
    /// ([`crate::limits::Limits::signed_bytes_multiple`]).
    SignedBytesLimit {
        needed: usize,
        left: usize,
    },

    // --- Step::Digest --------------------------------------------------------------
    /// The signed content canonicalizes to nothing.
    EmptyContent,
    /// DigestValue is `found` bytes long where `algorithm` gives `expected`.
    DigestLength {
        algorithm: DigestAlgorithm,
        expected: usize,
        found: usize,
    },
    /// The digest of the canonical `element` is not DigestValue.
    DigestMismatch {
        element: String,
        algorithm: DigestAlgorithm,
        expected: Vec<u8>,
        computed: Vec<u8>,
    },

    // --- Step::Key -----------------------------------------------------------------
    /// No key to check the value with: the message carries no certificate and no
    /// trusted key was given (`fingerprints`: only pinned fingerprints were, which need
    /// a certificate in the message to compare with).
    NoKey {
        fingerprints: bool,
    },

    // --- Step::SignatureValue ------------------------------------------------------
    /// No key could check the value, because of how it is laid out
    /// ([`KeyProblem::EcdsaLayout`]).
    ValueUnreadable {
        algorithm: SignatureAlgorithm,
        problem: KeyProblem,
    },
    /// The value does not verify with any key tried; `problem` is why a key could not
    /// check it at all, when one could not.
    ValueMismatch {
        algorithm: SignatureAlgorithm,
        tried: KeysTried,
        problem: Option<KeyProblem>,
    },
}

impl Error {
    /// The step this error stops verification at.
    pub fn step(&self) -> Step {
        match self {
            Error::NoParent
            | Error::SeveralSignatures { .. }
            | Error::TextInside { .. }
            | Error::Missing { .. }
            | Error::Unexpected { .. }
            | Error::ExtraInSignature { .. }
            | Error::RetrievalMethod
            | Error::SeveralReferences
            | Error::ExtraInSignedInfo { .. }
            | Error::ExtraInReference { .. }
            | Error::CommentInValue { .. }
            | Error::MarkupInValue { .. }
            | Error::NotBase64 { .. }
            | Error::TooManySignatures { .. } => Step::Shape,
            Error::HmacSignatureMethod { .. }
            | Error::UnsupportedSignatureMethod { .. }
            | Error::UnknownSignatureMethod { .. }
            | Error::UnknownDigestMethod { .. } => Step::Algorithm,
            Error::UnknownCanonicalization { .. }
            | Error::CanonicalizationContent { .. }
            | Error::TooManyTransforms { .. }
            | Error::UnexpectedInTransforms { .. }
            | Error::RepeatedEnveloped
            | Error::SeveralCanonicalizations
            | Error::RefusedTransform { .. }
            | Error::MissingEnveloped => Step::Transforms,
            Error::DuplicateIds { .. }
            | Error::EmptyUriInside { .. }
            | Error::OtherTarget { .. }
            | Error::NotSameDocument { .. }
            | Error::NoUri
            | Error::SignedBytesLimit { .. } => Step::Reference,
            Error::EmptyContent | Error::DigestLength { .. } | Error::DigestMismatch { .. } => {
                Step::Digest
            }
            Error::NoKey { .. } => Step::Key,
            Error::ValueUnreadable { .. } | Error::ValueMismatch { .. } => Step::SignatureValue,
        }
    }
}

/// Which keys a signature value was tried with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeysTried {
    /// Keys the user trusts.
    pub trusted: bool,
    /// The certificates in the message's KeyInfo.
    pub embedded: bool,
}

/// The kind of a public key, as a refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    /// An elliptic-curve key on P-256, P-384 or P-521.
    Ec,
    /// An elliptic-curve key on another named curve.
    EcOtherCurve,
    /// Any other algorithm (Ed25519, DSA...).
    Other,
}

/// Why a signature value could not be checked with a key (as opposed to: checked, and
/// wrong).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyProblem {
    /// The algorithm needs another key type (an RSA algorithm with an EC key, say):
    /// `key` is what the key is.
    WrongType { key: KeyKind },
    /// An RSA modulus of `bits` bits, more than [`super::rsa::MAX_RSA_BITS`].
    TooLarge { bits: usize },
    /// Not a well-formed key of its type.
    Malformed,
    /// An ECDSA value that is not laid out as the algorithm requires: `expected` bytes
    /// of r‖s; `der` when it is a DER `SEQUENCE { r, s }` instead.
    EcdsaLayout {
        curve: Curve,
        expected: usize,
        found: usize,
        der: bool,
    },
}
