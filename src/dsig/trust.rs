//! Trust anchors: the keys and fingerprints the user gives.
//!
//! Trust comes only from what the user gives: certificates (from IdP metadata or a
//! certificate file) and certificate fingerprints. Keys are compared as whole
//! SubjectPublicKeyInfo structures, never by name.

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::key::ReadKey;
use crate::cert::CertificateInfo;

/// A key the user trusts, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub certificate: CertificateInfo,
    /// Where the user gave it: `idp-metadata.xml (signing key 1)`, `okta.pem`...
    pub source: String,
    /// The certificate's public key as read for checking signatures, once for every
    /// message checked with it.
    pub(crate) read: ReadKey,
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
                read: ReadKey::default(),
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
