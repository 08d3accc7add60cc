//! The algorithms we verify, named by exact URI (XML-DSig §6, RFC 6931). Anything else is
//! refused by name: a URI we do not know is never mapped to a default.

use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// A digest algorithm of `DigestMethod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DigestAlgorithm {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlgorithm {
    pub fn from_uri(uri: &str) -> Option<DigestAlgorithm> {
        Some(match uri {
            "http://www.w3.org/2000/09/xmldsig#sha1" => DigestAlgorithm::Sha1,
            "http://www.w3.org/2001/04/xmlenc#sha256" => DigestAlgorithm::Sha256,
            "http://www.w3.org/2001/04/xmldsig-more#sha384" => DigestAlgorithm::Sha384,
            "http://www.w3.org/2001/04/xmlenc#sha512" => DigestAlgorithm::Sha512,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1 => "SHA-1",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha384 => "SHA-384",
            DigestAlgorithm::Sha512 => "SHA-512",
        }
    }

    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha1 => 20,
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlgorithm::Sha1 => Sha1::digest(data).to_vec(),
            DigestAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
            DigestAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
            DigestAlgorithm::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// An incremental hasher, for content digested as it is produced.
    pub fn hasher(self) -> Hasher {
        match self {
            DigestAlgorithm::Sha1 => Hasher::Sha1(Sha1::new()),
            DigestAlgorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            DigestAlgorithm::Sha384 => Hasher::Sha384(Sha384::new()),
            DigestAlgorithm::Sha512 => Hasher::Sha512(Sha512::new()),
        }
    }

    /// SHA-1 is broken for collision resistance; still accepted, but flagged.
    pub fn is_deprecated(self) -> bool {
        self == DigestAlgorithm::Sha1
    }
}

/// A digest in progress ([`DigestAlgorithm::hasher`]); fed piece by piece, it gives the
/// same bytes as [`DigestAlgorithm::digest`] over the pieces joined.
#[derive(Debug, Clone)]
pub enum Hasher {
    Sha1(Sha1),
    Sha256(Sha256),
    Sha384(Sha384),
    Sha512(Sha512),
}

impl Hasher {
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha1(hasher) => hasher.update(data),
            Hasher::Sha256(hasher) => hasher.update(data),
            Hasher::Sha384(hasher) => hasher.update(data),
            Hasher::Sha512(hasher) => hasher.update(data),
        }
    }

    pub fn finalize(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha256(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha384(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha512(hasher) => hasher.finalize().to_vec(),
        }
    }
}

/// A signature algorithm of `SignatureMethod` (or a Redirect binding's `SigAlg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureAlgorithm {
    RsaSha1,
    RsaSha256,
    RsaSha384,
    RsaSha512,
    EcdsaSha1,
    EcdsaSha256,
    EcdsaSha384,
    EcdsaSha512,
}

/// The kind of public key a signature algorithm verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    /// On P-256, P-384 or P-521.
    Ec,
}

/// A named elliptic curve we verify on: the NIST curves XML Signature 1.1 (§6.4.3) and
/// RFC 6931 sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    /// The curve's name in FIPS 186-5.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// The length in bytes of r and of s (the group order's length).
    pub fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// Why a `SignatureMethod` URI is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A MAC: anyone holding the "secret" can sign, and for a SAML IdP the only thing
    /// both sides hold is the public certificate.
    Hmac,
    /// Known, but not verified by this version.
    Unsupported,
    Unknown,
}

impl SignatureAlgorithm {
    pub fn from_uri(uri: &str) -> Result<SignatureAlgorithm, Refusal> {
        Ok(match uri {
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => SignatureAlgorithm::RsaSha1,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => SignatureAlgorithm::RsaSha256,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => SignatureAlgorithm::RsaSha384,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => SignatureAlgorithm::RsaSha512,
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
            | "http://www.w3.org/2001/04/xmldsig-more#hmac-sha224"
            | "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
            | "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384"
            | "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512"
            | "http://www.w3.org/2001/04/xmldsig-more#hmac-md5" => return Err(Refusal::Hmac),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1" => SignatureAlgorithm::EcdsaSha1,
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" => {
                SignatureAlgorithm::EcdsaSha256
            }
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384" => {
                SignatureAlgorithm::EcdsaSha384
            }
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512" => {
                SignatureAlgorithm::EcdsaSha512
            }
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224"
            | "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
            | "http://www.w3.org/2009/xmldsig11#dsa-sha256"
            | "http://www.w3.org/2000/09/xmldsig#dsa-sha1" => return Err(Refusal::Unsupported),
            _ => return Err(Refusal::Unknown),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha1 => "RSA-SHA1",
            SignatureAlgorithm::RsaSha256 => "RSA-SHA256",
            SignatureAlgorithm::RsaSha384 => "RSA-SHA384",
            SignatureAlgorithm::RsaSha512 => "RSA-SHA512",
            SignatureAlgorithm::EcdsaSha1 => "ECDSA-SHA1",
            SignatureAlgorithm::EcdsaSha256 => "ECDSA-SHA256",
            SignatureAlgorithm::EcdsaSha384 => "ECDSA-SHA384",
            SignatureAlgorithm::EcdsaSha512 => "ECDSA-SHA512",
        }
    }

    pub fn key_type(self) -> KeyType {
        match self {
            SignatureAlgorithm::RsaSha1
            | SignatureAlgorithm::RsaSha256
            | SignatureAlgorithm::RsaSha384
            | SignatureAlgorithm::RsaSha512 => KeyType::Rsa,
            SignatureAlgorithm::EcdsaSha1
            | SignatureAlgorithm::EcdsaSha256
            | SignatureAlgorithm::EcdsaSha384
            | SignatureAlgorithm::EcdsaSha512 => KeyType::Ec,
        }
    }

    /// The hash the signature is made over.
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            SignatureAlgorithm::RsaSha1 | SignatureAlgorithm::EcdsaSha1 => DigestAlgorithm::Sha1,
            SignatureAlgorithm::RsaSha256 | SignatureAlgorithm::EcdsaSha256 => {
                DigestAlgorithm::Sha256
            }
            SignatureAlgorithm::RsaSha384 | SignatureAlgorithm::EcdsaSha384 => {
                DigestAlgorithm::Sha384
            }
            SignatureAlgorithm::RsaSha512 | SignatureAlgorithm::EcdsaSha512 => {
                DigestAlgorithm::Sha512
            }
        }
    }

    pub fn is_deprecated(self) -> bool {
        self.digest().is_deprecated()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_exact() {
        assert_eq!(
            SignatureAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
            Ok(SignatureAlgorithm::RsaSha256)
        );
        for uri in [
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256 ",
            "http://www.w3.org/2001/04/xmldsig-more#RSA-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            "",
        ] {
            assert_eq!(
                SignatureAlgorithm::from_uri(uri),
                Err(Refusal::Unknown),
                "{uri:?}"
            );
        }
        assert_eq!(
            SignatureAlgorithm::from_uri("http://www.w3.org/2000/09/xmldsig#hmac-sha1"),
            Err(Refusal::Hmac)
        );
        let ecdsa =
            SignatureAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384");
        assert_eq!(ecdsa, Ok(SignatureAlgorithm::EcdsaSha384));
        assert_eq!(ecdsa.unwrap().key_type(), KeyType::Ec);
        assert_eq!(ecdsa.unwrap().digest(), DigestAlgorithm::Sha384);
        assert_eq!(
            SignatureAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224"),
            Err(Refusal::Unsupported)
        );
        assert_eq!(
            DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#md5"),
            None
        );
        assert_eq!(
            DigestAlgorithm::Sha384.digest(b"").len(),
            DigestAlgorithm::Sha384.output_len()
        );
    }
}
