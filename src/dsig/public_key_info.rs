//! The `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7) both key types come in, read with the
//! RustCrypto `spki` crate: strict DER (definite, shortest lengths; nothing after the
//! structure), as certificates carry it.

use spki::der::Decode as _;
use spki::der::asn1::ObjectIdentifier;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use super::algorithms::Curve;
use super::error::{KeyKind, KeyProblem};

/// rsaEncryption (RFC 8017 §A.1).
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// The named curves (RFC 5480 §2.1.1.1): secp256r1, secp384r1, secp521r1.
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// A `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
/// subjectPublicKey BIT STRING }` taken apart.
pub struct PublicKeyInfo<'a> {
    algorithm: AlgorithmIdentifierRef<'a>,
    /// The BIT STRING's content (a key has no unused bits): a DER `RSAPublicKey` or a
    /// SEC1 point.
    pub key: &'a [u8],
}

impl<'a> PublicKeyInfo<'a> {
    /// Reads the structure, with nothing after it; anything else is
    /// [`KeyProblem::Malformed`].
    pub fn read(spki: &'a [u8]) -> Result<PublicKeyInfo<'a>, KeyProblem> {
        let info = SubjectPublicKeyInfoRef::from_der(spki).map_err(|_| KeyProblem::Malformed)?;
        let key = info
            .subject_public_key
            .as_bytes()
            .ok_or(KeyProblem::Malformed)?;
        Ok(PublicKeyInfo {
            algorithm: info.algorithm,
            key,
        })
    }

    /// What kind of key this is ([`KeyKind::Ec`] only on a curve we verify on).
    pub fn kind(&self) -> KeyKind {
        match self.algorithm.oid {
            RSA_ENCRYPTION => KeyKind::Rsa,
            EC_PUBLIC_KEY if self.curve().is_ok() => KeyKind::Ec,
            EC_PUBLIC_KEY => KeyKind::EcOtherCurve,
            _ => KeyKind::Other,
        }
    }

    /// `Ok` for an RSA key (its parameters, NULL by RFC 3279 §2.3.1, are not looked
    /// at); else [`KeyProblem::WrongType`] naming the kind of key it is.
    pub fn expect_rsa(&self) -> Result<(), KeyProblem> {
        match self.kind() {
            KeyKind::Rsa => Ok(()),
            key => Err(KeyProblem::WrongType { key }),
        }
    }

    /// The curve of an elliptic-curve key: its parameters are a `namedCurve` OID (RFC
    /// 5480 §2.1.1; implicit and explicit curve parameters are not allowed in the
    /// certificates we accept). Another kind of key, or another curve, is
    /// [`KeyProblem::WrongType`]; parameters that are not an OID are
    /// [`KeyProblem::Malformed`].
    pub fn expect_ec(&self) -> Result<Curve, KeyProblem> {
        if self.algorithm.oid != EC_PUBLIC_KEY {
            return Err(KeyProblem::WrongType { key: self.kind() });
        }
        self.curve()
    }

    fn curve(&self) -> Result<Curve, KeyProblem> {
        let curve = self
            .algorithm
            .parameters
            .ok_or(KeyProblem::Malformed)?
            .decode_as::<ObjectIdentifier>()
            .map_err(|_| KeyProblem::Malformed)?;
        match curve {
            P256 => Ok(Curve::P256),
            P384 => Ok(Curve::P384),
            P521 => Ok(Curve::P521),
            _ => Err(KeyProblem::WrongType {
                key: KeyKind::EcOtherCurve,
            }),
        }
    }
}

/// DER for the tests of the key readers: hand-made, so that each malformation is one
/// edit away from a valid structure.
#[cfg(test)]
pub(super) mod build {
    pub const SEQUENCE: u8 = 0x30;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OBJECT_IDENTIFIER: u8 = 0x06;
    /// The content bytes of rsaEncryption and id-ecPublicKey.
    pub const OID_RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
    pub const OID_EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];

    /// A TLV with a definite length in the shortest form.
    pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let length = content.len();
        if length < 0x80 {
            out.push(length as u8);
        } else {
            let bytes: Vec<u8> = length
                .to_be_bytes()
                .into_iter()
                .skip_while(|&b| b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(content);
        out
    }

    /// A DER INTEGER of a non-negative big-endian magnitude: leading zero bytes
    /// dropped, one put back when the top bit is set (or for zero).
    pub fn integer(magnitude: &[u8]) -> Vec<u8> {
        let start = magnitude
            .iter()
            .position(|&byte| byte != 0)
            .unwrap_or(magnitude.len());
        let mut content = magnitude[start..].to_vec();
        if content.first().is_none_or(|&b| b & 0x80 != 0) {
            content.insert(0, 0);
        }
        tlv(INTEGER, &content)
    }

    /// A SubjectPublicKeyInfo: the algorithm OID, the bytes after it in the
    /// AlgorithmIdentifier, and the key (in a BIT STRING with no unused bits).
    pub fn spki_with(oid: &[u8], parameters: &[u8], key: &[u8]) -> Vec<u8> {
        let algorithm = tlv(
            SEQUENCE,
            &[tlv(OBJECT_IDENTIFIER, oid), parameters.to_vec()].concat(),
        );
        let key = tlv(BIT_STRING, &[&[0][..], key].concat());
        tlv(SEQUENCE, &[algorithm, key].concat())
    }
}
