//! RSA public keys and RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2), with the `rsa`
//! crate.
//!
//! The key comes out of its `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7, read by the
//! `spki` crate) as a PKCS#1 `RSAPublicKey` (RFC 8017 §A.1.1, the `pkcs1` crate), both
//! strict DER. Only the public side is used, so nothing here needs randomness, and the
//! `rsa` crate's known timing issue (RUSTSEC-2023-0071, in decryption and signing with a
//! private key) does not apply.
//!
//! The public operation (RSAVP1, s^e mod n) is the `rsa` crate's: a fixed-window
//! Montgomery exponentiation bounded by the exponent's bit length (for e = 65537, 16
//! squarings and 19 products, 14 of them building the window table), on crypto-bigint.

use rsa::{BoxedUint, Pkcs1v15Sign, PublicKey};
use sha1::Sha1;
use sha2::{Sha256, Sha384, Sha512};
use spki::der::Decode as _;

use super::algorithms::DigestAlgorithm;
use super::error::KeyProblem;
use super::public_key_info::PublicKeyInfo;

/// The largest RSA modulus we check with (bits). Verification time grows with the
/// square of the size; real IdP keys are 2048–4096 bits. (The `rsa` crate's own
/// default is 8192.)
pub const MAX_RSA_BITS: usize = 16_384;

/// An RSA public key that passed the checks in [`RsaKey::from_spki`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaKey(PublicKey);

impl RsaKey {
    /// Reads a DER `SubjectPublicKeyInfo` holding an RSA key, and checks it: a modulus of
    /// at most [`MAX_RSA_BITS`] bits (else [`KeyProblem::TooLarge`]), odd, and above the
    /// exponent; an odd exponent in 3..=2^33-1. Anything else that is not a well-formed
    /// RSA key is [`KeyProblem::Malformed`]; a well-formed key of another type is
    /// [`KeyProblem::WrongType`].
    pub fn from_spki(spki: &[u8]) -> Result<RsaKey, KeyProblem> {
        let info = PublicKeyInfo::read(spki)?;
        info.expect_rsa()?;
        Self::from_pkcs1(info.key)
    }

    /// Reads and checks a DER PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER,
    /// publicExponent INTEGER }` (see [`RsaKey::from_spki`] for the checks).
    ///
    /// No minimum size is imposed here (the crate's default refuses moduli under 1024
    /// bits): a weak key is the checks' to report, not a reason to leave a signature
    /// unread.
    pub fn from_pkcs1(der: &[u8]) -> Result<RsaKey, KeyProblem> {
        let key = pkcs1::RsaPublicKeyRef::from_der(der).map_err(|_| KeyProblem::Malformed)?;
        let modulus = unsigned(key.modulus.as_bytes()).ok_or(KeyProblem::Malformed)?;
        let bits = modulus.bit_width_vartime() as usize;
        if bits > MAX_RSA_BITS {
            return Err(KeyProblem::TooLarge { bits });
        }
        let exponent = unsigned(key.public_exponent.as_bytes()).ok_or(KeyProblem::Malformed)?;
        PublicKey::new_with_size_limits(modulus, exponent, 0..=MAX_RSA_BITS)
            .map(RsaKey)
            .map_err(|_| KeyProblem::Malformed)
    }

    /// RSASSA-PKCS1-v1_5 verification of `signature` over a message whose `digest` is
    /// `hashed`: the signature is as long as the modulus and below it, and the encoded
    /// message it yields equals, whole, the one EMSA-PKCS1-v1_5 (§9.2) makes of the
    /// digest's DigestInfo.
    pub fn verify_pkcs1_v15(
        &self,
        digest: DigestAlgorithm,
        hashed: &[u8],
        signature: &[u8],
    ) -> bool {
        let scheme = match digest {
            DigestAlgorithm::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
            DigestAlgorithm::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
            DigestAlgorithm::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
            DigestAlgorithm::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
        };
        self.0.verify(scheme, hashed, signature).is_ok()
    }
}

/// A DER INTEGER's magnitude (big-endian, its sign byte already dropped) as a big
/// integer as wide as its bytes; `None` for zero, which is never a valid modulus or
/// exponent.
fn unsigned(magnitude: &[u8]) -> Option<BoxedUint> {
    if magnitude.iter().all(|&byte| byte == 0) {
        return None;
    }
    Some(BoxedUint::from_be_slice_vartime(magnitude))
}

#[cfg(test)]
mod tests {
    use num_bigint::BigUint as Reference;
    use sha2::Digest as _;

    use rsa::traits::PublicKeyParts as _;

    use super::*;
    use crate::dsig::error::KeyKind;
    use crate::dsig::public_key_info::build::{
        BIT_STRING, INTEGER, OBJECT_IDENTIFIER, OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION, SEQUENCE,
        integer, spki_with, tlv,
    };

    /// A 1024-bit RSA key made for these tests (`openssl genpkey -algorithm RSA -pkeyopt
    /// rsa_keygen_bits:1024`), e = 65537: the modulus and the private exponent, so the
    /// tests can make signatures over encoded messages of their choosing.
    const MODULUS: &str = "ec244ed4ae49e9def0fc164dc413cdf1e537b9123f2c2c99ae6a17c3b0af9b8611d675b29ba4428d468f5fec278a83085b4ac40d0b4c25fbf072b4096b4bbd4cb73f00181550469e29ee55b48c92a684239db4f452f32a391508b81e355803602bbb07052191fd056fcaf1774d0c41742be6bbebb587a82ab0cb4037f346aff7";
    const PRIVATE_EXPONENT: &str = "16bc70329e0d53cd395aac33149beb8a4ccd8eae2912f1c06240a8c518afefc37ad83140df277398f2a03f56178088993760fd7b5c091ae72501864019ea92f12ea17a486c1d7ac7b43984ebafb5064cfd0d87b69ba9f7f082f5dba42beab61e5aa569ac39af92256559c1ea82f6f9f0b9f42d954b424b43d115736ac489dca1";

    fn hex(text: &str) -> Reference {
        Reference::parse_bytes(text.as_bytes(), 16).unwrap()
    }

    /// `value` left-padded with zeros to `length`.
    fn padded(value: &Reference, length: usize) -> Vec<u8> {
        let mut bytes = value.to_bytes_be();
        if bytes == [0] {
            bytes.clear();
        }
        bytes.splice(0..0, std::iter::repeat_n(0, length - bytes.len()));
        bytes
    }

    fn pkcs1(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
        tlv(SEQUENCE, &[integer(modulus), integer(exponent)].concat())
    }

    fn spki(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
        spki_with(OID_RSA_ENCRYPTION, &[0x05, 0x00], &pkcs1(modulus, exponent))
    }

    /// The exponent of a key, for the table below.
    fn exponent(key: &RsaKey) -> u64 {
        key.0
            .e()
            .to_be_bytes()
            .iter()
            .fold(0, |value, &byte| value << 8 | u64::from(byte))
    }

    #[test]
    fn keys_are_read_and_bounded() {
        let modulus = hex(MODULUS).to_bytes_be();
        let e = [0x01, 0x00, 0x01];
        // A modulus of exactly `bits` bits, odd.
        let of_bits = |bits: usize| {
            let mut bytes = vec![0xFFu8; bits.div_ceil(8)];
            bytes[0] = 0xFF >> (bytes.len() * 8 - bits);
            bytes
        };
        let valid = spki(&modulus, &e);
        let malformed = Err(KeyProblem::Malformed);
        // A case: its name, the DER, and the key's (bits, e) or the problem.
        type Case = (&'static str, Vec<u8>, Result<(usize, u64), KeyProblem>);
        let cases: Vec<Case> = vec![
            ("1024-bit, e = 65537", valid.clone(), Ok((1024, 65_537))),
            ("e = 3", spki(&modulus, &[3]), Ok((1024, 3))),
            (
                "largest e",
                spki(&modulus, &[1, 0xFF, 0xFF, 0xFF, 0xFF]),
                Ok((1024, (1 << 33) - 1)),
            ),
            (
                "largest modulus",
                spki(&of_bits(MAX_RSA_BITS), &e),
                Ok((MAX_RSA_BITS, 65_537)),
            ),
            // Below the crate's default minimum (1024): read, so the checks can say
            // the key is weak instead of the signature going unchecked.
            ("512-bit", spki(&of_bits(512), &e), Ok((512, 65_537))),
            (
                "modulus one bit too large",
                spki(&of_bits(MAX_RSA_BITS + 1), &e),
                Err(KeyProblem::TooLarge {
                    bits: MAX_RSA_BITS + 1,
                }),
            ),
            (
                "no algorithm parameters",
                spki_with(OID_RSA_ENCRYPTION, &[], &pkcs1(&modulus, &e)),
                Ok((1024, 65_537)),
            ),
            // Not DER (X.690 §8.3.2): OpenSSL refuses such an INTEGER too.
            (
                "redundant leading zeros",
                spki_with(
                    OID_RSA_ENCRYPTION,
                    &[0x05, 0x00],
                    &tlv(
                        SEQUENCE,
                        &[tlv(INTEGER, &[&[0, 0][..], &modulus].concat()), integer(&e)].concat(),
                    ),
                ),
                malformed.clone(),
            ),
            ("e = 1", spki(&modulus, &[1]), malformed.clone()),
            ("e = 0", spki(&modulus, &[]), malformed.clone()),
            ("even e", spki(&modulus, &[1, 0, 0]), malformed.clone()),
            (
                "e = 2^33 + 1",
                spki(&modulus, &[2, 0, 0, 0, 1]),
                malformed.clone(),
            ),
            (
                "e of 9 bytes",
                spki(&modulus, &[1, 0, 0, 0, 0, 0, 0, 0, 1]),
                malformed.clone(),
            ),
            (
                "even modulus",
                spki(
                    &of_bits(1023).iter().map(|&b| b & 0xFE).collect::<Vec<_>>(),
                    &e,
                ),
                malformed.clone(),
            ),
            (
                "modulus below e",
                spki(&[0xFF, 0xFF], &e),
                malformed.clone(),
            ),
            ("modulus equal to e", spki(&e, &e), malformed.clone()),
            ("zero modulus", spki(&[], &e), malformed.clone()),
            (
                "negative modulus",
                spki_with(
                    OID_RSA_ENCRYPTION,
                    &[0x05, 0x00],
                    &tlv(SEQUENCE, &[tlv(INTEGER, &modulus), integer(&e)].concat()),
                ),
                malformed.clone(),
            ),
            (
                "truncated",
                valid[..valid.len() - 1].to_vec(),
                malformed.clone(),
            ),
            ("empty", Vec::new(), malformed.clone()),
            (
                "bytes after the structure",
                [&valid[..], &[0]].concat(),
                malformed.clone(),
            ),
            (
                "trailing bytes in the key",
                spki_with(
                    OID_RSA_ENCRYPTION,
                    &[0x05, 0x00],
                    &[pkcs1(&modulus, &e), vec![0]].concat(),
                ),
                malformed.clone(),
            ),
            (
                "a third INTEGER",
                spki_with(
                    OID_RSA_ENCRYPTION,
                    &[0x05, 0x00],
                    &tlv(
                        SEQUENCE,
                        &[integer(&modulus), integer(&e), integer(&e)].concat(),
                    ),
                ),
                malformed.clone(),
            ),
            (
                "unused bits in the BIT STRING",
                {
                    let mut bytes = valid.clone();
                    let at = bytes.iter().position(|&b| b == BIT_STRING).unwrap() + 3;
                    assert_eq!(bytes[at], 0);
                    bytes[at] = 1;
                    bytes
                },
                malformed.clone(),
            ),
            (
                "indefinite length",
                [&[SEQUENCE, 0x80][..], &valid[3..], &[0, 0]].concat(),
                malformed.clone(),
            ),
            (
                "length in a longer form than needed",
                [&[SEQUENCE, 0x82, 0x00, 0x9F][..], &valid[3..]].concat(),
                malformed.clone(),
            ),
            (
                "length over the input",
                [&[SEQUENCE, 0x84, 0x7F, 0xFF, 0xFF, 0xFF][..], &valid[3..]].concat(),
                malformed.clone(),
            ),
            (
                "an elliptic-curve key",
                spki_with(
                    OID_EC_PUBLIC_KEY,
                    &tlv(
                        OBJECT_IDENTIFIER,
                        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07],
                    ),
                    &[4; 65],
                ),
                Err(KeyProblem::WrongType { key: KeyKind::Ec }),
            ),
            (
                "an Ed25519 key",
                spki_with(&[0x2B, 0x65, 0x70], &[], &[7; 32]),
                Err(KeyProblem::WrongType {
                    key: KeyKind::Other,
                }),
            ),
        ];
        assert_eq!(valid[1], 0x81, "the valid key's length has one byte");
        for (name, der, expected) in cases {
            let got = RsaKey::from_spki(&der)
                .map(|key| (key.0.n().bit_width_vartime() as usize, exponent(&key)));
            assert_eq!(got, expected, "{name}");
        }
    }

    /// EM = 0x00 || 0x01 || PS || 0x00 || DigestInfo, with parts replaced as a case asks
    /// (RFC 8017 §9.2): `prefix` is the DigestInfo before the hash.
    fn encoded(
        length: usize,
        prefix: &[u8],
        hashed: &[u8],
        edit: impl Fn(&mut Vec<u8>),
    ) -> Vec<u8> {
        let mut message = vec![0x00, 0x01];
        message.resize(length - prefix.len() - hashed.len() - 1, 0xFF);
        message.push(0x00);
        message.extend_from_slice(prefix);
        message.extend_from_slice(hashed);
        edit(&mut message);
        message
    }

    /// The DER DigestInfo header of each hash (RFC 8017 §9.2, note 1), written out.
    fn digest_info_prefix(digest: DigestAlgorithm) -> Vec<u8> {
        let oid: &[u8] = match digest {
            DigestAlgorithm::Sha1 => &[0x2B, 0x0E, 0x03, 0x02, 0x1A],
            DigestAlgorithm::Sha256 => &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
            DigestAlgorithm::Sha384 => &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02],
            DigestAlgorithm::Sha512 => &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03],
        };
        let algorithm = tlv(
            SEQUENCE,
            &[tlv(OBJECT_IDENTIFIER, oid), vec![0x05, 0x00]].concat(),
        );
        let hash = vec![0; digest.output_len()];
        let whole = tlv(SEQUENCE, &[algorithm, tlv(0x04, &hash)].concat());
        whole[..whole.len() - hash.len()].to_vec()
    }

    #[test]
    fn pkcs1_v15_checks_the_whole_encoded_message() {
        let modulus = hex(MODULUS);
        let key = RsaKey::from_spki(&spki(&modulus.to_bytes_be(), &[1, 0, 1])).unwrap();
        let length = key.0.size();
        let sign = |message: &[u8]| {
            let value = Reference::from_bytes_be(message).modpow(&hex(PRIVATE_EXPONENT), &modulus);
            padded(&value, length)
        };
        let sha256 = digest_info_prefix(DigestAlgorithm::Sha256);
        let sha1 = digest_info_prefix(DigestAlgorithm::Sha1);
        let hashed = Sha256::digest(b"SignedInfo").to_vec();
        let other_hash = Sha256::digest(b"SignedInfo ").to_vec();
        let valid = sign(&encoded(length, &sha256, &hashed, |_| {}));
        let separator = length - sha256.len() - hashed.len() - 1;
        let cases: Vec<(&str, Vec<u8>, bool)> = vec![
            ("valid", valid.clone(), true),
            (
                "another digest",
                sign(&encoded(length, &sha256, &other_hash, |_| {})),
                false,
            ),
            (
                "SHA-1 DigestInfo header",
                sign(&encoded(
                    length,
                    &sha1,
                    &Sha1::digest(b"SignedInfo"),
                    |_| {},
                )),
                false,
            ),
            (
                "block type 2",
                sign(&encoded(length, &sha256, &hashed, |m| m[1] = 0x02)),
                false,
            ),
            (
                "a padding byte not 0xFF",
                sign(&encoded(length, &sha256, &hashed, |m| m[9] = 0xFE)),
                false,
            ),
            (
                "no zero after the padding",
                sign(&encoded(length, &sha256, &hashed, |m| m[separator] = 0xFF)),
                false,
            ),
            (
                "a nonzero first byte",
                sign(&encoded(length, &sha256, &hashed, |m| m[0] = 0x01)),
                false,
            ),
            (
                "DigestInfo without the NULL parameters",
                {
                    // The DigestInfo's AlgorithmIdentifier without its NULL.
                    let mut without_null = sha256.clone();
                    without_null.drain(without_null.len() - 4..without_null.len() - 2);
                    without_null[1] -= 2;
                    without_null[3] -= 2;
                    sign(&encoded(length, &without_null, &hashed, |_| {}))
                },
                false,
            ),
            (
                "one bit of the signature flipped",
                {
                    let mut flipped = valid.clone();
                    flipped[40] ^= 0x10;
                    flipped
                },
                false,
            ),
            ("a byte short", valid[1..].to_vec(), false),
            ("a zero byte long", [&[0][..], &valid].concat(), false),
            ("the modulus itself", modulus.to_bytes_be(), false),
            ("above the modulus", vec![0xFF; length], false),
            ("empty", Vec::new(), false),
        ];
        for (name, signature, expected) in cases {
            assert_eq!(
                key.verify_pkcs1_v15(DigestAlgorithm::Sha256, &hashed, &signature),
                expected,
                "{name}"
            );
        }
        // Every hash: a signature over its own DigestInfo verifies, and only with it
        // and that hash.
        let digests = [
            DigestAlgorithm::Sha1,
            DigestAlgorithm::Sha256,
            DigestAlgorithm::Sha384,
            DigestAlgorithm::Sha512,
        ];
        for digest in digests {
            let hashed = digest.digest(b"x");
            let signature = sign(&encoded(
                length,
                &digest_info_prefix(digest),
                &hashed,
                |_| {},
            ));
            assert!(
                key.verify_pkcs1_v15(digest, &hashed, &signature),
                "{digest:?}"
            );
            let mut other = hashed.clone();
            other[0] ^= 1;
            assert!(
                !key.verify_pkcs1_v15(digest, &other, &signature),
                "{digest:?}"
            );
            for another in digests.iter().filter(|&&another| another != digest) {
                assert!(
                    !key.verify_pkcs1_v15(*another, &another.digest(b"x"), &signature),
                    "{digest:?} as {another:?}"
                );
            }
        }
    }

    /// A key read once and kept ([`super::super::key::ReadKey`]) says what reading it
    /// each time says: every verdict and every problem, the first time and after.
    #[test]
    fn a_key_read_once_checks_like_a_key_read_each_time() {
        use super::super::algorithms::SignatureAlgorithm;
        use super::super::ec::EcdsaLayout;
        use super::super::key::{ReadKey, verify_with_key};
        let modulus = hex(MODULUS);
        let good = spki(&modulus.to_bytes_be(), &[1, 0, 1]);
        let length = RsaKey::from_spki(&good).unwrap().0.size();
        let message = b"<ds:SignedInfo/>";
        let hashed = Sha256::digest(message).to_vec();
        let encoded_message = encoded(
            length,
            &digest_info_prefix(DigestAlgorithm::Sha256),
            &hashed,
            |_| {},
        );
        let valid = padded(
            &Reference::from_bytes_be(&encoded_message).modpow(&hex(PRIVATE_EXPONENT), &modulus),
            length,
        );
        let mut flipped = valid.clone();
        flipped[7] ^= 1;
        let even_modulus = spki(&[0xC0; 256], &[1, 0, 1]);
        let cases: [(&str, &[u8], SignatureAlgorithm, &[u8]); 5] = [
            ("valid", &good, SignatureAlgorithm::RsaSha256, &valid),
            ("flipped", &good, SignatureAlgorithm::RsaSha256, &flipped),
            ("another hash", &good, SignatureAlgorithm::RsaSha512, &valid),
            (
                "an ECDSA method",
                &good,
                SignatureAlgorithm::EcdsaSha256,
                &valid,
            ),
            (
                "an even modulus",
                &even_modulus,
                SignatureAlgorithm::RsaSha256,
                &valid,
            ),
        ];
        for (name, key, algorithm, value) in cases {
            let expected =
                verify_with_key(algorithm, key, message, value, EcdsaLayout::Concatenated);
            let read = ReadKey::default();
            for time in ["first", "second"] {
                let got = read.verify(algorithm, key, message, value, EcdsaLayout::Concatenated);
                assert_eq!(got, expected, "{name}, {time} time");
            }
        }
        // The verdicts the cases stand for.
        let read = ReadKey::default();
        let check = |algorithm, value: &[u8]| {
            read.verify(algorithm, &good, message, value, EcdsaLayout::Concatenated)
        };
        assert_eq!(check(SignatureAlgorithm::RsaSha256, &valid), Ok(true));
        assert_eq!(check(SignatureAlgorithm::RsaSha256, &flipped), Ok(false));
        assert!(check(SignatureAlgorithm::EcdsaSha256, &valid).is_err());
        assert_eq!(check(SignatureAlgorithm::RsaSha256, &valid), Ok(true));
    }
}
