//! Elliptic-curve public keys and ECDSA verification (FIPS 186-5 §6.4.2) on the NIST
//! curves P-256, P-384 and P-521, the ones XML Signature 1.1 (§6.4.3) and RFC 6931 sign
//! with. The curve arithmetic is the RustCrypto `p256`/`p384`/`p521` crates'; this file
//! reads the key out of its `SubjectPublicKeyInfo` (RFC 5480) and the signature value
//! out of its layout, and refuses anything it does not recognise exactly.

use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use spki::der::asn1::UintRef;
use spki::der::{Decode as _, Reader as _, SliceReader};

pub use super::algorithms::Curve;
use super::error::KeyProblem;
use super::public_key_info::PublicKeyInfo;

/// How an ECDSA signature value is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcdsaLayout {
    /// r‖s, each left-padded to the curve's scalar length: the only layout XML
    /// Signature allows (XMLDSig 1.1 §6.4.3, RFC 4050 §3.3).
    Concatenated,
    /// The concatenation, or a DER `SEQUENCE { r INTEGER, s INTEGER }` as Java's
    /// signature API writes it: both are seen in Redirect-binding `Signature` parameters,
    /// which SAML Bindings leaves to the algorithm.
    ConcatenatedOrDer,
}

/// An elliptic-curve public key that parsed and lies on its curve.
#[derive(Clone)]
pub enum EcKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
}

impl std::fmt::Debug for EcKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EcKey({})", self.curve().name())
    }
}

impl EcKey {
    /// Reads a DER `SubjectPublicKeyInfo` holding an `id-ecPublicKey` on a named curve
    /// we support, and checks its point is on the curve (and not the identity). A
    /// well-formed key of another type or on another curve is
    /// [`KeyProblem::WrongType`]; anything else [`KeyProblem::Malformed`].
    pub fn from_spki(spki: &[u8]) -> Result<EcKey, KeyProblem> {
        let info = PublicKeyInfo::read(spki)?;
        let curve = info.expect_ec()?;
        let point = info.key;
        let malformed = |_| KeyProblem::Malformed;
        Ok(match curve {
            Curve::P256 => {
                EcKey::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(malformed)?)
            }
            Curve::P384 => {
                EcKey::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(malformed)?)
            }
            Curve::P521 => {
                EcKey::P521(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(malformed)?)
            }
        })
    }

    pub fn curve(&self) -> Curve {
        match self {
            EcKey::P256(_) => Curve::P256,
            EcKey::P384(_) => Curve::P384,
            EcKey::P521(_) => Curve::P521,
        }
    }

    /// Verifies `signature` (laid out as `layout` allows) over the hash `hashed`. A value
    /// in another layout is [`KeyProblem::EcdsaLayout`]; a value in the right layout
    /// that does not verify (r or s zero or not below the order included) is
    /// `Ok(false)`.
    pub fn verify(
        &self,
        hashed: &[u8],
        signature: &[u8],
        layout: EcdsaLayout,
    ) -> Result<bool, KeyProblem> {
        let length = self.curve().scalar_len();
        let der = der_to_concatenated(signature, length);
        // A DER value can be exactly 2 × length bytes long too (rarely): where DER is
        // allowed, both readings are tried.
        let mut readings = Vec::new();
        if signature.len() == 2 * length {
            readings.push(signature.to_vec());
        }
        if layout == EcdsaLayout::ConcatenatedOrDer
            && let Some(value) = &der
        {
            readings.push(value.clone());
        }
        if readings.is_empty() {
            return Err(KeyProblem::EcdsaLayout {
                curve: self.curve(),
                expected: 2 * length,
                found: signature.len(),
                der: der.is_some(),
            });
        }
        Ok(readings
            .iter()
            .any(|concatenated| self.verify_concatenated(hashed, concatenated)))
    }

    /// `from_slice` refuses r or s of zero or not below the group order; the prehash is
    /// the message hash, truncated or left-padded to the order's length as FIPS 186-5
    /// §6.4.2 step 3 says (a hash shorter than half of it is refused).
    fn verify_concatenated(&self, hashed: &[u8], concatenated: &[u8]) -> bool {
        match self {
            EcKey::P256(key) => p256::ecdsa::Signature::from_slice(concatenated)
                .is_ok_and(|value| key.verify_prehash(hashed, &value).is_ok()),
            EcKey::P384(key) => p384::ecdsa::Signature::from_slice(concatenated)
                .is_ok_and(|value| key.verify_prehash(hashed, &value).is_ok()),
            EcKey::P521(key) => p521::ecdsa::Signature::from_slice(concatenated)
                .is_ok_and(|value| key.verify_prehash(hashed, &value).is_ok()),
        }
    }
}

/// A DER `SEQUENCE { r INTEGER, s INTEGER }` (non-negative integers, strict DER) with
/// nothing after it, as r‖s with each left-padded to `length` bytes; `None` when it is
/// not that, or a value is longer.
fn der_to_concatenated(der: &[u8], length: usize) -> Option<Vec<u8>> {
    let mut reader = SliceReader::new(der).ok()?;
    let (r, s) = reader
        .sequence(|sequence| Ok((UintRef::decode(sequence)?, UintRef::decode(sequence)?)))
        .ok()?;
    reader.finish(()).ok()?;
    let (r, s) = (r.as_bytes(), s.as_bytes());
    if r.len() > length || s.len() > length {
        return None;
    }
    let mut value = vec![0; 2 * length];
    value[length - r.len()..length].copy_from_slice(r);
    value[2 * length - s.len()..].copy_from_slice(s);
    Some(value)
}

#[cfg(test)]
mod tests {
    use p256::ecdsa::signature::hazmat::PrehashSigner as _;
    use sha2::{Digest, Sha256, Sha384, Sha512};

    use super::*;
    use crate::dsig::error::KeyKind;
    use crate::dsig::public_key_info::build::{
        OBJECT_IDENTIFIER, OID_EC_PUBLIC_KEY, SEQUENCE, integer, spki_with, tlv,
    };

    /// r‖s as a DER `SEQUENCE { r, s }`.
    fn der(concatenated: &[u8]) -> Vec<u8> {
        let (r, s) = concatenated.split_at(concatenated.len() / 2);
        tlv(SEQUENCE, &[integer(r), integer(s)].concat())
    }

    /// A SubjectPublicKeyInfo for `point` on the curve named by `curve_oid`.
    fn spki(curve_oid: &[u8], point: &[u8]) -> Vec<u8> {
        spki_with(OID_EC_PUBLIC_KEY, &tlv(OBJECT_IDENTIFIER, curve_oid), point)
    }

    const P256_OID: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    const P384_OID: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];
    const P521_OID: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x23];

    /// A fixed P-256 key (test only) and its SubjectPublicKeyInfo.
    fn p256_pair() -> (p256::ecdsa::SigningKey, Vec<u8>) {
        let signing = p256::ecdsa::SigningKey::from_slice(&[7; 32]).unwrap();
        let point = signing.verifying_key().to_encoded_point(false);
        (signing, spki(P256_OID, point.as_bytes()))
    }

    #[test]
    fn each_curve_verifies_its_own_signatures_and_nothing_else() {
        let message = b"<ds:SignedInfo>...</ds:SignedInfo>";
        let hashed = Sha256::digest(message);
        let other = Sha256::digest(b"<ds:SignedInfo>..!</ds:SignedInfo>");

        let (signing, key) = p256_pair();
        let value: p256::ecdsa::Signature = signing.sign_prehash(&hashed).unwrap();
        let key = EcKey::from_spki(&key).unwrap();
        assert_eq!(key.curve(), Curve::P256);
        let layout = EcdsaLayout::Concatenated;
        assert_eq!(key.verify(&hashed, &value.to_bytes(), layout), Ok(true));
        assert_eq!(key.verify(&other, &value.to_bytes(), layout), Ok(false));

        let signing = p384::ecdsa::SigningKey::from_slice(&[9; 48]).unwrap();
        let point = signing.verifying_key().to_encoded_point(true);
        let key = EcKey::from_spki(&spki(P384_OID, point.as_bytes())).unwrap();
        let hashed = Sha384::digest(message);
        let value: p384::ecdsa::Signature = signing.sign_prehash(&hashed).unwrap();
        assert_eq!(key.verify(&hashed, &value.to_bytes(), layout), Ok(true));
        let mut flipped = value.to_bytes().to_vec();
        flipped[95] ^= 1;
        assert_eq!(key.verify(&hashed, &flipped, layout), Ok(false));

        // P-521 signatures come from xmlsec1 (tests/dsig.rs): the crate signs P-521
        // only with a random nonce, which needs an OS random source.
        let signing = p521::ecdsa::SigningKey::from_slice(&[1; 66]).unwrap();
        let point = p521::ecdsa::VerifyingKey::from(&signing).to_encoded_point(false);
        let key = EcKey::from_spki(&spki(P521_OID, point.as_bytes())).unwrap();
        assert_eq!(key.curve(), Curve::P521);
        assert_eq!(
            key.verify(&Sha512::digest(message), &[1; 132], layout),
            Ok(false)
        );
    }

    #[test]
    fn der_values_are_read_only_where_the_layout_allows_them() {
        let (signing, key) = p256_pair();
        let key = EcKey::from_spki(&key).unwrap();
        let hashed = Sha256::digest(b"SAMLRequest=...&SigAlg=...");
        let value: p256::ecdsa::Signature = signing.sign_prehash(&hashed).unwrap();
        let der = der(&value.to_bytes());
        assert_eq!(
            key.verify(&hashed, &der, EcdsaLayout::ConcatenatedOrDer),
            Ok(true)
        );
        assert_eq!(
            key.verify(&hashed, &der, EcdsaLayout::Concatenated),
            Err(KeyProblem::EcdsaLayout {
                curve: Curve::P256,
                expected: 64,
                found: der.len(),
                der: true,
            })
        );
        // Not DER, not 64 bytes: refused in either layout, and not called DER.
        for layout in [EcdsaLayout::Concatenated, EcdsaLayout::ConcatenatedOrDer] {
            assert_eq!(
                key.verify(&hashed, &value.to_bytes()[..63], layout),
                Err(KeyProblem::EcdsaLayout {
                    curve: Curve::P256,
                    expected: 64,
                    found: 63,
                    der: false,
                })
            );
        }
        // DER with bytes after it, or an integer longer than the order: not DER here.
        let mut trailing = der.clone();
        trailing.push(0);
        assert_eq!(der_to_concatenated(&trailing, 32), None);
        assert_eq!(der_to_concatenated(&der, 31), None);
        assert_eq!(
            der_to_concatenated(&der, 32).as_deref(),
            Some(&value.to_bytes()[..])
        );
    }

    #[test]
    fn zero_and_out_of_range_values_do_not_verify() {
        let (_, key) = p256_pair();
        let key = EcKey::from_spki(&key).unwrap();
        let hashed = Sha256::digest(b"x");
        let layout = EcdsaLayout::Concatenated;
        assert_eq!(key.verify(&hashed, &[0; 64], layout), Ok(false));
        assert_eq!(key.verify(&hashed, &[0xFF; 64], layout), Ok(false));
        // A hash shorter than half the order (SHA-1 on P-521) does not verify.
        let signing = p521::ecdsa::SigningKey::from_slice(&[1; 66]).unwrap();
        let point = p521::ecdsa::VerifyingKey::from(&signing).to_encoded_point(false);
        let key = EcKey::from_spki(&spki(P521_OID, point.as_bytes())).unwrap();
        assert_eq!(key.verify(&[1; 20], &[1; 132], layout), Ok(false));
    }

    #[test]
    fn keys_are_read_strictly() {
        let (_, valid) = p256_pair();
        let point = &valid[valid.len() - 65..];
        let wrong = |key: KeyKind| Err::<(), _>(KeyProblem::WrongType { key });
        let mut off_curve = point.to_vec();
        off_curve[64] ^= 1;
        let mut trailing = valid.clone();
        trailing.push(0);
        let cases: Vec<(&str, Vec<u8>, Result<(), KeyProblem>)> = vec![
            ("valid", valid.clone(), Ok(())),
            (
                "point off the curve",
                spki(P256_OID, &off_curve),
                Err(KeyProblem::Malformed),
            ),
            ("identity", spki(P256_OID, &[0]), Err(KeyProblem::Malformed)),
            (
                "empty point",
                spki(P256_OID, &[]),
                Err(KeyProblem::Malformed),
            ),
            (
                "P-256 point named P-384",
                spki(P384_OID, point),
                Err(KeyProblem::Malformed),
            ),
            (
                "secp256k1",
                spki(&[0x2B, 0x81, 0x04, 0x00, 0x0A], point),
                wrong(KeyKind::EcOtherCurve),
            ),
            ("trailing bytes", trailing, Err(KeyProblem::Malformed)),
            ("empty", Vec::new(), Err(KeyProblem::Malformed)),
        ];
        for (label, spki, expected) in cases {
            assert_eq!(EcKey::from_spki(&spki).map(|_| ()), expected, "{label}");
        }
    }
}
