//! XML-DSig verification for SAML, on our own tree (the same one the model is read
//! from: one parser, so what is verified is what is read).
//!
//! Every `ds:Signature` of a document gets a [`Verdict`] from [`verify_document`], a
//! short driver over named steps ([`verify`]): find the signature, read SignedInfo,
//! resolve the reference, read the transforms, canonicalize and digest, check the value
//! with a key, and the coverage. Each step returns what it established; the first that
//! fails ends it with an [`Error`] naming the [`Step`] and what was found (which element,
//! which algorithm URI, expected against found). The words for people are written where
//! the findings are (`checks::signature`), not here.
//!
//! A valid signature's outcome is [`Verified`]: what the reference resolved to, the
//! digest checked, the key it verified with and what that key means ([`Status::Valid`]
//! for a trusted key, [`Status::ValidUnpinned`] for the message's own certificate with no
//! trust anchor given, [`Status::KeyMismatch`] for the message's own certificate when
//! anchors were given), and its [`Coverage`]: the nodes the signature covers. Everything
//! downstream asks it whether a value it shows was signed.
//!
//! Modules, each importing only those listed before it: [`algorithms`] (URIs),
//! [`error`] (why a signature failed, as data), `public_key_info` (SubjectPublicKeyInfo,
//! the `spki` crate), `rsa` (the `rsa` crate), [`ec`] (the `p256`/`p384`/`p521`
//! crates), `key` (one value, one key), `trust` (anchors), [`verdict`] (what is
//! returned), [`verify`] (the steps) and [`redirect`] (HTTP-Redirect signatures).

pub mod algorithms;
pub mod ec;
pub mod error;
mod key;
mod public_key_info;
pub mod redirect;
mod rsa;
mod trust;
pub mod verdict;
pub mod verify;

pub use error::{Error, Found, KeyKind, KeyProblem, KeysTried, Part, Step};
pub use key::verify_with_key;
pub use rsa::MAX_RSA_BITS;
pub use trust::{Fingerprint, TrustStore, TrustedKey};
pub use verdict::{
    CheckedDigest, Coverage, KeyUsed, Protection, Status, Target, Verdict, Verified, protection,
};
pub use verify::{verify_document, verify_document_with};
