//! HTTP-Redirect binding signatures (SAML Bindings §3.4.4.1): `Signature` over the
//! octets `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as they appeared in the URL,
//! still URL-encoded. The message carries no certificate, so only a trusted key can
//! check it.

use base64::Engine as _;

use super::algorithms::{Refusal, SignatureAlgorithm};
use super::ec::EcdsaLayout;
use super::error::{Error, KeyProblem, KeysTried, Part, Step};

use super::trust::TrustStore;
use super::verdict::Status;
use crate::input::RedirectSignature;

/// What checking a Redirect-binding signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryVerdict {
    /// The `SigAlg`, when it is one we verify.
    pub algorithm: Option<SignatureAlgorithm>,
    /// The index in `TrustStore::keys` of the key it verified with, or why it did not.
    pub outcome: Result<usize, Error>,
}

impl QueryVerdict {
    /// [`Status::Valid`] or [`Status::Invalid`]: only a trusted key can check it.
    pub fn status(&self) -> Status {
        match self.outcome {
            Ok(_) => Status::Valid,
            Err(_) => Status::Invalid,
        }
    }

    /// `TrustStore::keys[index]` it verified with.
    pub fn key(&self) -> Option<usize> {
        self.outcome.as_ref().ok().copied()
    }

    pub fn error(&self) -> Option<&Error> {
        self.outcome.as_ref().err()
    }

    pub fn failed_step(&self) -> Option<Step> {
        self.error().map(Error::step)
    }
}

pub fn verify_query(signature: &RedirectSignature, trust: &TrustStore) -> QueryVerdict {
    let algorithm = SignatureAlgorithm::from_uri(&signature.sig_alg).ok();
    QueryVerdict {
        algorithm,
        outcome: check_query(signature, trust),
    }
}

/// The steps: the algorithm, the value, a trusted key.
fn check_query(signature: &RedirectSignature, trust: &TrustStore) -> Result<usize, Error> {
    let uri = signature.sig_alg.clone();
    let algorithm = SignatureAlgorithm::from_uri(&uri).map_err(|refusal| match refusal {
        Refusal::Hmac => Error::HmacSignatureMethod { uri },
        Refusal::Unsupported => Error::UnsupportedSignatureMethod { uri },
        Refusal::Unknown => Error::UnknownSignatureMethod { uri },
    })?;
    let compact: String = signature
        .signature
        .chars()
        .filter(|character| !character.is_ascii_whitespace())
        .collect();
    let value = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|_| Error::NotBase64 {
            part: Part::QuerySignature,
        })?;
    if trust.keys.is_empty() {
        return Err(Error::NoKey {
            fingerprints: !trust.fingerprints.is_empty(),
        });
    }
    let mut problem = None;
    // Whether any key could check the value (and found it wrong).
    let mut checked = false;
    for (index, key) in trust.keys.iter().enumerate() {
        match key.read.verify(
            algorithm,
            &key.certificate.spki,
            signature.signed_octets.as_bytes(),
            &value,
            EcdsaLayout::ConcatenatedOrDer,
        ) {
            Ok(true) => return Ok(index),
            Ok(false) => checked = true,
            // The first problem, unless a later one is the value's layout.
            Err(error) => {
                if problem.is_none() || matches!(error, KeyProblem::EcdsaLayout { .. }) {
                    problem = Some(error);
                }
            }
        }
    }
    // The layout is the cause only when no key could check the value at all.
    if !checked && let Some(layout @ KeyProblem::EcdsaLayout { .. }) = problem {
        return Err(Error::ValueUnreadable {
            algorithm,
            problem: layout,
        });
    }
    Err(Error::ValueMismatch {
        algorithm,
        tried: KeysTried {
            trusted: true,
            embedded: false,
        },
        problem,
    })
}
