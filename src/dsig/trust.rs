//! Trust anchors, and checking one signature value with one public key.
//!
//! Trust comes only from what the user gives: certificates (from IdP metadata or a
//! certificate file) and certificate fingerprints. Keys are compared as whole
//! SubjectPublicKeyInfo structures, never by name.

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::algorithms::{KeyType, SignatureAlgorithm};
use super::ec::{EcKey, EcdsaLayout};
use super::rsa::{RsaKey, digest_info_prefix};
use crate::cert::CertificateInfo;

/// The largest RSA modulus we check with (bits). Verification time grows with the
/// square of the size; real IdP keys are 2048–4096 bits.
pub const MAX_RSA_BITS: usize = 16_384;

/// A key the user trusts, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub certificate: CertificateInfo,
    /// Where the user gave it: `idp-metadata.xml (signing key 1)`, `okta.pem`...
    pub source: String,
}

/// A pinned certificate fingerprint (over the certificate's DER bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fingerprint {
    Sha256([u8; 32]),
    Sha1([u8; 20]),
}

impl Fingerprint {
    /// Reads 64 (SHA-256) or 40 (SHA-1) hex digits, with or without `:`, spaces or a
    /// `SHA256:`/`sha1=`-style label before them.
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let mut text = text.trim();
        // `sha256 Fingerprint=AB:CD...` (openssl), `SHA256:ABCD...`, `sha1 AB CD...`.
        if let Some((_, value)) = text.rsplit_once('=') {
            text = value;
        }
        if text
            .get(..3)
            .is_some_and(|label| label.eq_ignore_ascii_case("sha"))
        {
            text = text.split_once([':', ' ']).map_or("", |(_, value)| value);
        }
        let digits: Vec<u8> = text
            .bytes()
            .filter(|byte| !matches!(byte, b':' | b' ' | b'-'))
            .collect();
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let bytes: Vec<u8> = digits
            .chunks(2)
            .map(|pair| {
                let text = std::str::from_utf8(pair).unwrap_or("");
                u8::from_str_radix(text, 16).unwrap_or(0)
            })
            .collect();
        match digits.len() {
            64 => bytes.try_into().ok().map(Fingerprint::Sha256),
            40 => bytes.try_into().ok().map(Fingerprint::Sha1),
            _ => None,
        }
    }

    pub fn matches(&self, certificate_der: &[u8]) -> bool {
        match self {
            Fingerprint::Sha256(expected) => Sha256::digest(certificate_der)[..] == expected[..],
            Fingerprint::Sha1(expected) => Sha1::digest(certificate_der)[..] == expected[..],
        }
    }
}

/// Everything the user trusts for one analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustStore {
    pub keys: Vec<TrustedKey>,
    pub fingerprints: Vec<Fingerprint>,
}

impl TrustStore {
    /// Whether the user gave any anchor at all.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.fingerprints.is_empty()
    }

    /// Adds a certificate, once per key.
    pub fn add_certificate(&mut self, certificate: CertificateInfo, source: String) {
        if !self
            .keys
            .iter()
            .any(|key| key.certificate.spki == certificate.spki)
        {
            self.keys.push(TrustedKey {
                certificate,
                source,
            });
        }
    }

    /// The trusted key with this SubjectPublicKeyInfo, if any.
    pub fn key_for(&self, spki: &[u8]) -> Option<usize> {
        self.keys
            .iter()
            .position(|key| key.certificate.spki == spki)
    }

    /// Whether a certificate carried in a message is pinned by fingerprint.
    pub fn pins(&self, certificate_der: &[u8]) -> bool {
        self.fingerprints
            .iter()
            .any(|fingerprint| fingerprint.matches(certificate_der))
    }
}

/// Why a signature value could not be checked with a key (as opposed to: checked, and
/// wrong).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// The algorithm needs another key type (an RSA algorithm with an EC key, say).
    WrongType {
        key: String,
    },
    TooLarge {
        bits: usize,
    },
    Malformed,
    /// An ECDSA value that is not laid out as the algorithm requires: `expected` bytes
    /// of r‖s; `der` when it is a DER `SEQUENCE { r, s }` instead.
    EcdsaLayout {
        curve: &'static str,
        expected: usize,
        found: usize,
        der: bool,
    },
}

impl KeyProblem {
    /// The problem as a parenthesised aside for a sentence about `algorithm`.
    pub fn aside(&self, algorithm: SignatureAlgorithm) -> String {
        match self {
            KeyProblem::WrongType { key } => format!(
                " ({} needs {}, but the key is {key})",
                algorithm.name(),
                algorithm.key_type().article_name()
            ),
            KeyProblem::TooLarge { bits } => {
                format!(" (a {bits}-bit key is beyond the {MAX_RSA_BITS}-bit limit)")
            }
            KeyProblem::Malformed => " (a key could not be read)".to_owned(),
            KeyProblem::EcdsaLayout {
                curve,
                expected,
                found,
                der,
            } => format!(
                " (an ECDSA {curve} signature value is r and s side by side, {expected} bytes; this one is {found} bytes{})",
                if *der {
                    ", a DER SEQUENCE as Java's signature API writes it, which XML Signature does not allow: the signer must convert it"
                } else {
                    ""
                }
            ),
        }
    }
}

/// Checks `signature` over `message` with the key in `spki` (DER SubjectPublicKeyInfo).
/// `Ok(true)` when it verifies, `Ok(false)` when it does not. `layout` says which
/// layouts of an ECDSA value are accepted (RSA values have only one).
pub fn verify_with_key(
    algorithm: SignatureAlgorithm,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
    layout: EcdsaLayout,
) -> Result<bool, KeyProblem> {
    match algorithm.key_type() {
        KeyType::Rsa => {
            let key = RsaKey::from_spki(spki)?;
            let hashed = algorithm.digest().digest(message);
            Ok(key.verify_pkcs1_v15(digest_info_prefix(hashed.len()), &hashed, signature))
        }
        KeyType::Ec => {
            let key = EcKey::from_spki(spki)?;
            key.verify(&algorithm.digest().digest(message), signature, layout)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_in_the_shapes_people_paste() {
        let sha256 = "5F:43:90:A2:AE:47:B5:BA:EA:B5:D1:C1:7D:CB:FB:4A:24:F1:17:19:E9:BF:2E:CE:53:A0:37:3E:8A:4C:D5:13";
        let expected = Fingerprint::parse(sha256).unwrap();
        assert!(matches!(expected, Fingerprint::Sha256(_)));
        for text in [
            sha256.to_lowercase(),
            sha256.replace(':', ""),
            format!("sha256 Fingerprint={sha256}"),
            format!("SHA256:{}", sha256.replace(':', "")),
            format!("  {sha256}\n"),
        ] {
            assert_eq!(Fingerprint::parse(&text), Some(expected.clone()), "{text}");
        }
        assert!(matches!(
            Fingerprint::parse("da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            Some(Fingerprint::Sha1(_))
        ));
        for text in ["", "abc", "zz".repeat(32).as_str(), &"ab".repeat(31)] {
            assert_eq!(Fingerprint::parse(text), None, "{text}");
        }
    }
}
