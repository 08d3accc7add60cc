//! Checking one signature value with one public key, whatever its type.

use super::algorithms::{KeyType, SignatureAlgorithm};
use super::ec::{EcKey, EcdsaLayout};
use super::error::KeyProblem;
use super::rsa::RsaKey;

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
    let digest = algorithm.digest();
    match algorithm.key_type() {
        KeyType::Rsa => {
            let key = RsaKey::from_spki(spki)?;
            Ok(key.verify_pkcs1_v15(digest, &digest.digest(message), signature))
        }
        KeyType::Ec => {
            let key = EcKey::from_spki(spki)?;
            key.verify(&digest.digest(message), signature, layout)
        }
    }
}
