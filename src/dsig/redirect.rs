//! HTTP-Redirect binding signatures (SAML Bindings §3.4.4.1): `Signature` over the
//! octets `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as they appeared in the URL,
//! still URL-encoded. The message carries no certificate, so only a trusted key can
//! check it.

use base64::Engine as _;

use super::algorithms::{Refusal, SignatureAlgorithm};
use super::ec::EcdsaLayout;
use super::{KeyProblem, Status, Step, TrustStore, verify_with_key};
use crate::input::RedirectSignature;

/// What checking a Redirect-binding signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryVerdict {
    pub status: Status,
    pub failed_step: Option<Step>,
    pub reason: String,
    pub algorithm: Option<SignatureAlgorithm>,
    /// `TrustStore::keys[index]` it verified with.
    pub key: Option<usize>,
}

pub fn verify_query(signature: &RedirectSignature, trust: &TrustStore) -> QueryVerdict {
    let invalid = |step: Step, reason: String, algorithm| QueryVerdict {
        status: Status::Invalid,
        failed_step: Some(step),
        reason,
        algorithm,
        key: None,
    };
    let algorithm = match SignatureAlgorithm::from_uri(&signature.sig_alg) {
        Ok(algorithm) => algorithm,
        Err(Refusal::Hmac) => {
            return invalid(
                Step::Algorithm,
                format!(
                    "SigAlg {} is an HMAC, never a valid SAML signature",
                    signature.sig_alg
                ),
                None,
            );
        }
        Err(_) => {
            return invalid(
                Step::Algorithm,
                format!(
                    "SigAlg {:?} is not an algorithm we accept",
                    signature.sig_alg
                ),
                None,
            );
        }
    };
    let compact: String = signature
        .signature
        .chars()
        .filter(|character| !character.is_ascii_whitespace())
        .collect();
    let Ok(value) = base64::engine::general_purpose::STANDARD.decode(compact) else {
        return invalid(
            Step::Shape,
            "the Signature parameter is not valid base64".into(),
            Some(algorithm),
        );
    };
    if trust.keys.is_empty() {
        return invalid(
            Step::Key,
            "a Redirect-binding signature carries no certificate; load the signer's metadata or certificate to check it".into(),
            Some(algorithm),
        );
    }
    let mut problem = None;
    // Whether any key could check the value (and found it wrong).
    let mut checked = false;
    for (index, key) in trust.keys.iter().enumerate() {
        match verify_with_key(
            algorithm,
            &key.certificate.spki,
            signature.signed_octets.as_bytes(),
            &value,
            EcdsaLayout::ConcatenatedOrDer,
        ) {
            Ok(true) => {
                return QueryVerdict {
                    status: Status::Valid,
                    failed_step: None,
                    reason: format!("signed by the trusted key from {}", key.source),
                    algorithm: Some(algorithm),
                    key: Some(index),
                };
            }
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
    if !checked && let Some(layout @ KeyProblem::EcdsaLayout { .. }) = &problem {
        return invalid(
            Step::SignatureValue,
            format!(
                "the query signature cannot be checked{}",
                layout.aside(algorithm)
            ),
            Some(algorithm),
        );
    }
    let detail = problem
        .map(|problem| problem.aside(algorithm))
        .unwrap_or_default();
    invalid(
        Step::SignatureValue,
        format!(
            "the query signature does not verify with the trusted key(s){detail}: the URL was changed (re-encoding a parameter breaks it), or another key signed it"
        ),
        Some(algorithm),
    )
}
