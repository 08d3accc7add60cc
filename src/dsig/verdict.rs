//! What verification returns: per signature a [`Verdict`], whose outcome is either the
//! [`Verified`] signature (what it signs, the digest checked, the key it verified with,
//! the nodes it covers) or the [`Error`] that stopped it.

use serde::Serialize;

use super::algorithms::{DigestAlgorithm, SignatureAlgorithm};
use super::error::{Error, Step};
use crate::cert::CertificateInfo;
use crate::xml::{Document, NodeId};

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

/// The key a signature verified with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyUsed {
    /// `TrustStore::keys[index]`.
    Trusted(usize),
    /// The message's own certificate (`certificates[index]` of the verdict); `pinned`
    /// when its fingerprint is one the user trusts.
    Embedded { index: usize, pinned: bool },
}

/// What a Reference resolved to (XML-DSig §4.4.3.2–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `URI="#id"`: the element the signature sits in, which carries that ID.
    Element(NodeId),
    /// `URI=""`: the whole document (the signature sits in the document element).
    Document,
}

/// The digest that was checked: the canonical form of the target (minus the signature)
/// digested with `algorithm` gave `value`, which is DigestValue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDigest {
    pub algorithm: DigestAlgorithm,
    /// The canonicalization of the reference (its transform, or C14N 1.0 by default).
    pub canonicalization: &'static str,
    pub value: Vec<u8>,
    /// Length of the canonical form digested.
    pub canonical_bytes: usize,
}

/// A signature that verified: what it signs and how that was established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// What the reference resolved to.
    pub target: Target,
    pub digest: CheckedDigest,
    /// The algorithm the SignatureValue verified with, over the canonical SignedInfo.
    pub algorithm: SignatureAlgorithm,
    /// The key it verified with.
    pub key: KeyUsed,
    /// What that key means here: [`Status::Valid`], [`Status::ValidUnpinned`] or
    /// [`Status::KeyMismatch`] (never [`Status::Invalid`]).
    pub status: Status,
    /// The nodes the signature covers.
    pub coverage: Coverage,
}

/// What verification found for one `ds:Signature`: what it declares (read as far as
/// verification got) and the outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub signature: NodeId,
    /// The element the signature sits in, and signs when it is valid.
    pub parent: Option<NodeId>,
    pub signature_algorithm: Option<SignatureAlgorithm>,
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// The canonicalization of SignedInfo.
    pub canonicalization: Option<String>,
    /// The certificates in `KeyInfo` (evidence only), in order.
    pub certificates: Vec<CertificateInfo>,
    pub outcome: Result<Verified, Error>,
}

impl Verdict {
    pub fn status(&self) -> Status {
        self.outcome
            .as_ref()
            .map_or(Status::Invalid, |verified| verified.status)
    }

    /// The signature, when it verified.
    pub fn verified(&self) -> Option<&Verified> {
        self.outcome.as_ref().ok()
    }

    /// Why it did not verify.
    pub fn error(&self) -> Option<&Error> {
        self.outcome.as_ref().err()
    }

    /// For invalid signatures: the step that failed.
    pub fn failed_step(&self) -> Option<Step> {
        self.error().map(Error::step)
    }

    /// The key it verified with.
    pub fn key(&self) -> Option<&KeyUsed> {
        self.verified().map(|verified| &verified.key)
    }

    /// For intact signatures: what they cover.
    pub fn coverage(&self) -> Option<Coverage> {
        self.verified().map(|verified| verified.coverage)
    }

    /// The certificate of the message the signature verified with, if it was one.
    pub fn embedded_signer(&self) -> Option<&CertificateInfo> {
        match self.key()? {
            KeyUsed::Embedded { index, .. } => self.certificates.get(*index),
            KeyUsed::Trusted(_) => None,
        }
    }

    /// Covers `node` with a key the user trusts.
    pub fn trusted_cover(&self, node: NodeId) -> bool {
        self.covers_as(Status::Valid, node)
    }

    /// Covers `node` with the message's own, unpinned key.
    pub fn unpinned_cover(&self, node: NodeId) -> bool {
        self.covers_as(Status::ValidUnpinned, node)
    }

    fn covers_as(&self, status: Status, node: NodeId) -> bool {
        self.verified()
            .is_some_and(|verified| verified.status == status && verified.coverage.covers(node))
    }
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
    /// What a signature at `signature` over `target` covers.
    pub(super) fn new(doc: &Document, target: Target, signature: NodeId) -> Coverage {
        let covered = match target {
            Target::Element(top) => subtree_range(doc, top),
            Target::Document => (0, u32::try_from(doc.len()).unwrap_or(u32::MAX)),
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
