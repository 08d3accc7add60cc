//! Checking one signature value with one public key, whatever its type.

use super::algorithms::{KeyType, SignatureAlgorithm};
use super::ec::{EcKey, EcdsaLayout};
use super::error::KeyProblem;
use super::rsa::RsaKey;
use std::sync::OnceLock;

/// Checks `signature` over `message` with the key in `spki` (DER SubjectPublicKeyInfo).
/// `Ok(true)` when it verifies, `Ok(false)` when it does not; `Err` when the key cannot
/// check it at all (another type of key, a key that does not read, a value laid out
/// otherwise than `layout` allows; RSA values have only one layout).
pub fn verify_with_key(
    algorithm: SignatureAlgorithm,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
    layout: EcdsaLayout,
) -> Result<bool, KeyProblem> {
    ReadKey::default().verify(algorithm, spki, message, signature, layout)
}

/// A public key as read from its SubjectPublicKeyInfo, kept for the next signature it
/// checks: reading an RSA key sets up its Montgomery parameters (a division of 2^(2k)
/// by the modulus), about a seventh of checking a value with it. Each reading is done
/// the first time a signature of that key type asks for it, with the same checks and
/// the same result (the problem included) as [`verify_with_key`]. A trusted key keeps
/// one ([`super::TrustedKey`]), so the many messages checked with it read it once.
#[derive(Clone, Default)]
pub struct ReadKey {
    rsa: OnceLock<Result<RsaKey, KeyProblem>>,
    ec: OnceLock<Result<EcKey, KeyProblem>>,
}

impl ReadKey {
    /// [`verify_with_key`], with the key read from `spki` only the first time; `spki`
    /// must be the same every time for one `ReadKey`.
    pub fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
        layout: EcdsaLayout,
    ) -> Result<bool, KeyProblem> {
        let digest = algorithm.digest();
        match algorithm.key_type() {
            KeyType::Rsa => {
                let key = self
                    .rsa
                    .get_or_init(|| RsaKey::from_spki(spki))
                    .as_ref()
                    .map_err(Clone::clone)?;
                Ok(key.verify_pkcs1_v15(digest, &digest.digest(message), signature))
            }
            KeyType::Ec => {
                let key = self
                    .ec
                    .get_or_init(|| EcKey::from_spki(spki))
                    .as_ref()
                    .map_err(Clone::clone)?;
                key.verify(&digest.digest(message), signature, layout)
            }
        }
    }
}

/// What was read is a cache: it says nothing about the key that its SPKI does not.
impl PartialEq for ReadKey {
    fn eq(&self, _: &ReadKey) -> bool {
        true
    }
}

impl Eq for ReadKey {}

impl std::fmt::Debug for ReadKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadKey")
    }
}
