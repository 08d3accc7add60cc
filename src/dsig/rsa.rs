//! RSA public keys and RSASSA-PKCS1-v1_5 verification, on our own arithmetic.
//!
//! Only the public side is needed to check a signature, and every input here is
//! public, so nothing needs to run in constant time. This replaces a general RSA crate
//! (and the second big-integer crate it brought into the page): what remains is a
//! reader for PKCS#1 `RSAPublicKey` (RFC 8017 §A.1.1) over [`super::der`], the key
//! checks, and a Montgomery exponentiation.

use super::der::{OID_RSA_ENCRYPTION, PublicKeyInfo, SEQUENCE, element, unsigned};
use super::trust::{KeyProblem, MAX_RSA_BITS};

/// The smallest and largest public exponent accepted: e = 1 signs nothing, and real
/// keys use 3 or 65537. Bounding e keeps the exponentiation at most 33 squarings.
const MIN_EXPONENT: u64 = 2;
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key that passed the checks in [`RsaKey::from_spki`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaKey {
    /// Big-endian, no leading zero byte; odd, at least 3.
    modulus: Vec<u8>,
    exponent: u64,
}

impl RsaKey {
    /// Reads a DER `SubjectPublicKeyInfo` holding an RSA key, and checks it: a modulus of
    /// at most [`MAX_RSA_BITS`] bits (else [`KeyProblem::TooLarge`]), odd, and above the
    /// exponent; an odd exponent in 3..=2^33-1. Anything else that is not a well-formed
    /// RSA key is [`KeyProblem::Malformed`]; a well-formed key of another type is
    /// [`KeyProblem::WrongType`].
    pub fn from_spki(spki: &[u8]) -> Result<RsaKey, KeyProblem> {
        let info = PublicKeyInfo::read(spki)?;
        info.expect(OID_RSA_ENCRYPTION)?;
        Self::from_pkcs1(info.key()?)
    }

    /// Reads and checks a DER PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER,
    /// publicExponent INTEGER }` (see [`RsaKey::from_spki`] for the checks).
    pub fn from_pkcs1(der: &[u8]) -> Result<RsaKey, KeyProblem> {
        let (key, rest) = element(der, SEQUENCE).ok_or(KeyProblem::Malformed)?;
        if !rest.is_empty() {
            return Err(KeyProblem::Malformed);
        }
        let (modulus, key) = unsigned(key).ok_or(KeyProblem::Malformed)?;
        let (exponent, key) = unsigned(key).ok_or(KeyProblem::Malformed)?;
        if !key.is_empty() {
            return Err(KeyProblem::Malformed);
        }
        let bits = bit_length(modulus);
        if bits > MAX_RSA_BITS {
            return Err(KeyProblem::TooLarge { bits });
        }
        if exponent.len() > 8 {
            return Err(KeyProblem::Malformed);
        }
        let exponent = exponent
            .iter()
            .fold(0u64, |value, &byte| value << 8 | u64::from(byte));
        let modulus_odd = modulus.last().is_some_and(|byte| byte & 1 == 1);
        // e < n: a modulus of more than 8 bytes is always above a 64-bit exponent.
        let above_exponent = modulus.len() > 8
            || modulus
                .iter()
                .fold(0u64, |value, &byte| value << 8 | u64::from(byte))
                > exponent;
        if !modulus_odd
            || !above_exponent
            || exponent & 1 == 0
            || !(MIN_EXPONENT..=MAX_EXPONENT).contains(&exponent)
        {
            return Err(KeyProblem::Malformed);
        }
        Ok(RsaKey {
            modulus: modulus.to_vec(),
            exponent,
        })
    }

    /// The modulus size in bytes (k in RFC 8017).
    pub fn size(&self) -> usize {
        self.modulus.len()
    }

    /// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): the public-key operation on
    /// the signature, then the encoded message it yields compared, whole, with the one
    /// `prefix` (the hash's DigestInfo header, [`digest_info_prefix`]) and `hashed` make
    /// (EMSA-PKCS1-v1_5, §9.2).
    pub fn verify_pkcs1_v15(&self, prefix: &[u8], hashed: &[u8], signature: &[u8]) -> bool {
        let length = self.size();
        let digest_info_length = prefix.len() + hashed.len();
        // §8.2.2 step 1; §9.2 step 5 (at least 8 bytes of 0xFF padding).
        if signature.len() != length || length < digest_info_length + 11 {
            return false;
        }
        // §5.2.2 (RSAVP1) step 1: the representative is below the modulus (equal
        // lengths: big-endian byte order is numeric order).
        if signature >= &self.modulus[..] {
            return false;
        }
        let Some(field) = Montgomery::new(&self.modulus) else {
            return false;
        };
        let encoded = field.power(signature, self.exponent);
        // EM = 0x00 || 0x01 || PS || 0x00 || T.
        let padding = length - digest_info_length - 3;
        encoded[0] == 0x00
            && encoded[1] == 0x01
            && encoded[2..2 + padding].iter().all(|&byte| byte == 0xFF)
            && encoded[2 + padding] == 0x00
            && encoded[3 + padding..3 + padding + prefix.len()] == *prefix
            && encoded[3 + padding + prefix.len()..] == *hashed
    }
}

/// The DER DigestInfo header that precedes a hash of this length in EMSA-PKCS1-v1_5
/// (RFC 8017 §9.2, note 1): SHA-1 for 20 bytes, SHA-256/384/512 for 32/48/64.
pub fn digest_info_prefix(hash_length: usize) -> &'static [u8] {
    match hash_length {
        20 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04,
            0x14,
        ],
        32 => &[
            0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        48 => &[
            0x30, 0x41, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        64 => &[
            0x30, 0x51, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
        _ => &[],
    }
}

/// The bit length of a big-endian magnitude without leading zero bytes.
fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        Some(&top) => magnitude.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    }
}

/// Arithmetic modulo an odd modulus in Montgomery form: `x` is held as `x·R mod
/// modulus`, R = 2^(64·limbs), in little-endian 64-bit limbs.
struct Montgomery {
    modulus: Vec<u64>,
    /// -modulus⁻¹ mod 2^64.
    inverse: u64,
    /// R² mod modulus: the Montgomery product with it brings a value into the form.
    r_squared: Vec<u64>,
    /// The modulus length in bytes, the length of every result.
    bytes: usize,
}

impl Montgomery {
    /// `None` for an even modulus or one below 3 (big-endian, no leading zero byte).
    fn new(modulus_be: &[u8]) -> Option<Montgomery> {
        let modulus = limbs(modulus_be, modulus_be.len().div_ceil(8));
        let low = *modulus.first()?;
        if low & 1 == 0 || (modulus.len() == 1 && low < 3) || modulus.last() == Some(&0) {
            return None;
        }
        // Newton's iteration doubles the number of correct low bits of low⁻¹: 1 (any odd
        // number is its own inverse mod 2), then 2, 4, ... 64.
        let mut inverse: u64 = 1;
        for _ in 0..6 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(low.wrapping_mul(inverse)));
        }
        let mut field = Montgomery {
            modulus,
            inverse: inverse.wrapping_neg(),
            r_squared: Vec::new(),
            bytes: modulus_be.len(),
        };
        field.r_squared = field.r_squared();
        Some(field)
    }

    /// R² mod modulus, without division: 2^(bits-1) (below the modulus) doubled modulo
    /// the modulus up to 2^64·R, which is 2^64 in Montgomery form; then raised to the
    /// power `limbs` with Montgomery products, giving 2^(64·limbs) = R in Montgomery
    /// form, i.e. R². At most 128 doublings and 2·log2(limbs) products.
    fn r_squared(&self) -> Vec<u64> {
        let limbs = self.modulus.len();
        let top = self.modulus[limbs - 1];
        let bits = 64 * limbs - top.leading_zeros() as usize;
        let mut value = vec![0u64; limbs];
        value[(bits - 1) / 64] = 1 << ((bits - 1) % 64);
        for _ in bits - 1..64 * limbs + 64 {
            let carry = value[limbs - 1] >> 63;
            for index in (1..limbs).rev() {
                value[index] = value[index] << 1 | value[index - 1] >> 63;
            }
            value[0] <<= 1;
            if carry != 0 || !less_than(&value, &self.modulus) {
                subtract(&mut value, &self.modulus);
            }
        }
        let two_64 = value;
        let mut result: Option<Vec<u64>> = None;
        for bit in (0..usize::BITS - limbs.leading_zeros()).rev() {
            if let Some(value) = &mut result {
                *value = self.product(value, value);
            }
            if limbs >> bit & 1 == 1 {
                result = Some(match result {
                    Some(value) => self.product(&value, &two_64),
                    None => two_64.clone(),
                });
            }
        }
        result.unwrap_or(two_64)
    }

    /// `base^exponent mod modulus` (RSAVP1, RFC 8017 §5.2.2), big-endian in and out, the
    /// result as long as the modulus. `base` is at most as long as the modulus.
    ///
    /// Left-to-right square-and-multiply over the exponent's bits, with Montgomery
    /// products on 64-bit limbs: for the usual e = 65537, 16 squarings and one product.
    fn power(&self, base_be: &[u8], exponent: u64) -> Vec<u8> {
        let limbs_count = self.modulus.len();
        let base = self.product(&limbs(base_be, limbs_count), &self.r_squared);
        let mut result: Option<Vec<u64>> = None;
        for bit in (0..64).rev() {
            if let Some(value) = &mut result {
                *value = self.product(value, value);
            }
            if exponent >> bit & 1 == 1 {
                result = Some(match result {
                    Some(value) => self.product(&value, &base),
                    None => base.clone(),
                });
            }
        }
        let mut one = vec![0; limbs_count];
        one[0] = 1;
        let plain = match result {
            // Out of Montgomery form: a product with 1.
            Some(value) => self.product(&value, &one),
            // A zero exponent.
            None => one,
        };
        let mut bytes: Vec<u8> = plain
            .iter()
            .rev()
            .flat_map(|limb| limb.to_be_bytes())
            .collect();
        bytes.drain(..bytes.len() - self.bytes);
        bytes
    }

    /// `a·b·R⁻¹ mod modulus` for `a < R`, `b < modulus` (coarsely integrated operand
    /// scanning, Koç, Acar and Kaliski, "Analyzing and Comparing Montgomery
    /// Multiplication Algorithms", 1996).
    fn product(&self, a: &[u64], b: &[u64]) -> Vec<u64> {
        let modulus = &self.modulus;
        let limbs = modulus.len();
        // Each step below fits: t + x·y + carry ≤ (2^64 - 1) + (2^64 - 1)² + (2^64 - 1)
        // = 2^128 - 1.
        let wide = |t: u64, x: u64, y: u64, carry: u64| -> (u64, u64) {
            let sum = u128::from(t) + u128::from(x) * u128::from(y) + u128::from(carry);
            (sum as u64, (sum >> 64) as u64)
        };
        let mut t = vec![0u64; limbs + 2];
        for &b_limb in b {
            let mut carry = 0;
            for (t_limb, &a_limb) in t.iter_mut().zip(a) {
                (*t_limb, carry) = wide(*t_limb, a_limb, b_limb, carry);
            }
            (t[limbs], t[limbs + 1]) = wide(t[limbs], 0, 0, carry);
            // Adding m·modulus makes t divisible by 2^64; shift one limb down.
            let m = t[0].wrapping_mul(self.inverse);
            let (_, mut carry) = wide(t[0], m, modulus[0], 0);
            for j in 1..limbs {
                (t[j - 1], carry) = wide(t[j], m, modulus[j], carry);
            }
            let high;
            (t[limbs - 1], high) = wide(t[limbs], 0, 0, carry);
            t[limbs] = t[limbs + 1] + high;
        }
        // t < (a·b + R·modulus)/R < 2·modulus: at most one subtraction.
        if t[limbs] != 0 || !less_than(&t[..limbs], modulus) {
            subtract(&mut t[..limbs], modulus);
        }
        t.truncate(limbs);
        t
    }
}

/// The little-endian 64-bit limbs of a big-endian magnitude, `count` of them (the
/// magnitude fits).
fn limbs(big_endian: &[u8], count: usize) -> Vec<u64> {
    let mut limbs = vec![0u64; count];
    for (index, chunk) in big_endian.rchunks(8).enumerate() {
        let mut bytes = [0u8; 8];
        bytes[8 - chunk.len()..].copy_from_slice(chunk);
        limbs[index] = u64::from_be_bytes(bytes);
    }
    limbs
}

/// `a < b` for little-endian limbs of equal length.
fn less_than(a: &[u64], b: &[u64]) -> bool {
    a.iter().rev().lt(b.iter().rev())
}

/// `a -= b` modulo 2^(64·limbs), for little-endian limbs of equal length.
fn subtract(a: &mut [u64], b: &[u64]) {
    let mut borrow = false;
    for (a_limb, &b_limb) in a.iter_mut().zip(b) {
        let (difference, first) = a_limb.overflowing_sub(b_limb);
        let (difference, second) = difference.overflowing_sub(u64::from(borrow));
        *a_limb = difference;
        borrow = first || second;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsig::der::{BIT_STRING, INTEGER, OBJECT_IDENTIFIER, OID_EC_PUBLIC_KEY};
    use num_bigint::BigUint;
    use sha1::Sha1;
    use sha2::{Digest, Sha256, Sha384, Sha512};

    /// A 1024-bit RSA key made for these tests (`openssl genpkey -algorithm RSA -pkeyopt
    /// rsa_keygen_bits:1024`), e = 65537: the modulus and the private exponent, so the
    /// tests can make signatures over encoded messages of their choosing.
    const MODULUS: &str = "ec244ed4ae49e9def0fc164dc413cdf1e537b9123f2c2c99ae6a17c3b0af9b8611d675b29ba4428d468f5fec278a83085b4ac40d0b4c25fbf072b4096b4bbd4cb73f00181550469e29ee55b48c92a684239db4f452f32a391508b81e355803602bbb07052191fd056fcaf1774d0c41742be6bbebb587a82ab0cb4037f346aff7";
    const PRIVATE_EXPONENT: &str = "16bc70329e0d53cd395aac33149beb8a4ccd8eae2912f1c06240a8c518afefc37ad83140df277398f2a03f56178088993760fd7b5c091ae72501864019ea92f12ea17a486c1d7ac7b43984ebafb5064cfd0d87b69ba9f7f082f5dba42beab61e5aa569ac39af92256559c1ea82f6f9f0b9f42d954b424b43d115736ac489dca1";

    fn hex(text: &str) -> BigUint {
        BigUint::parse_bytes(text.as_bytes(), 16).unwrap()
    }

    /// `bytes` left-padded with zeros to `length`.
    fn padded(value: &BigUint, length: usize) -> Vec<u8> {
        let mut bytes = value.to_bytes_be();
        if bytes == [0] {
            bytes.clear();
        }
        bytes.splice(0..0, std::iter::repeat_n(0, length - bytes.len()));
        bytes
    }

    #[test]
    fn power_agrees_with_a_reference_modpow() {
        let moduli = [
            hex(MODULUS),
            hex("3"),
            hex("fffffffffffffffb"),                 // one full limb
            hex("1000000000000000d"),                // a limb and one bit
            hex("ffffffffffffffffffffffffffffff61"), // two full limbs
            hex("c9f0f895fb98ab9159f51fd0297e2365"),
            // Three limbs (an odd count for the R² power), top limb one bit.
            hex("100000000000000000000000000000000000000000000000f"),
        ];
        let exponents = [0u64, 1, 2, 3, 65_537, MAX_EXPONENT, u64::MAX];
        for modulus in &moduli {
            let field = Montgomery::new(&modulus.to_bytes_be()).unwrap();
            let length = modulus.to_bytes_be().len();
            let pseudo_random = BigUint::from_bytes_be(&Sha512::digest(modulus.to_bytes_be()));
            let bases = [
                hex("0"),
                hex("1"),
                hex("2"),
                modulus - 1u8,
                &pseudo_random % modulus,
            ];
            for &exponent in &exponents {
                for base in &bases {
                    assert_eq!(
                        field.power(&padded(base, length), exponent),
                        padded(&base.modpow(&BigUint::from(exponent), modulus), length),
                        "{base:x}^{exponent:x} mod {modulus:x}"
                    );
                }
            }
        }
        for even_or_small in ["", "01", "02", "c9f0f895fb98ab9159f51fd0297e236e"] {
            let bytes = (0..even_or_small.len())
                .step_by(2)
                .map(|at| u8::from_str_radix(&even_or_small[at..at + 2], 16).unwrap())
                .collect::<Vec<_>>();
            assert!(Montgomery::new(&bytes).is_none(), "{even_or_small}");
        }
    }

    /// DER TLV with a definite length in the shortest form.
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
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

    /// A DER INTEGER of a non-negative magnitude (a zero byte first when the top bit
    /// is set).
    fn integer(magnitude: &[u8]) -> Vec<u8> {
        let mut content = magnitude.to_vec();
        if content.first().is_none_or(|&b| b & 0x80 != 0) {
            content.insert(0, 0);
        }
        tlv(INTEGER, &content)
    }

    fn pkcs1(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
        tlv(SEQUENCE, &[integer(modulus), integer(exponent)].concat())
    }

    fn spki_with(oid: &[u8], parameters: &[u8], key: &[u8]) -> Vec<u8> {
        let algorithm = tlv(
            SEQUENCE,
            &[tlv(OBJECT_IDENTIFIER, oid), parameters.to_vec()].concat(),
        );
        let key = tlv(BIT_STRING, &[&[0][..], key].concat());
        tlv(SEQUENCE, &[algorithm, key].concat())
    }

    fn spki(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
        spki_with(OID_RSA_ENCRYPTION, &[0x05, 0x00], &pkcs1(modulus, exponent))
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
                Ok((1024, MAX_EXPONENT)),
            ),
            (
                "largest modulus",
                spki(&of_bits(MAX_RSA_BITS), &e),
                Ok((MAX_RSA_BITS, 65_537)),
            ),
            (
                "modulus one bit too large",
                spki(&of_bits(MAX_RSA_BITS + 1), &e),
                Err(KeyProblem::TooLarge {
                    bits: MAX_RSA_BITS + 1,
                }),
            ),
            (
                "redundant leading zeros are read past",
                spki_with(
                    OID_RSA_ENCRYPTION,
                    &[0x05, 0x00],
                    &tlv(
                        SEQUENCE,
                        &[tlv(INTEGER, &[&[0, 0][..], &modulus].concat()), integer(&e)].concat(),
                    ),
                ),
                Ok((1024, 65_537)),
            ),
            (
                "no algorithm parameters",
                spki_with(OID_RSA_ENCRYPTION, &[], &pkcs1(&modulus, &e)),
                Ok((1024, 65_537)),
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
                Err(KeyProblem::WrongType {
                    key: "an elliptic-curve key".into(),
                }),
            ),
            (
                "an Ed25519 key",
                spki_with(&[0x2B, 0x65, 0x70], &[], &[7; 32]),
                Err(KeyProblem::WrongType {
                    key: "a key of another type".into(),
                }),
            ),
        ];
        for (name, der, expected) in cases {
            let got = RsaKey::from_spki(&der).map(|key| (bit_length(&key.modulus), key.exponent));
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn digest_info_prefixes_name_their_hash() {
        // DigestInfo ::= SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING }: the header
        // is everything but the hash; the OIDs are id-sha1 and id-sha256/384/512.
        let oids: [(usize, &[u8]); 4] = [
            (20, &[0x2B, 0x0E, 0x03, 0x02, 0x1A]),
            (32, &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]),
            (48, &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02]),
            (64, &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03]),
        ];
        for (length, oid) in oids {
            let algorithm = tlv(
                SEQUENCE,
                &[tlv(OBJECT_IDENTIFIER, oid), vec![0x05, 0x00]].concat(),
            );
            let hash = vec![0xAB; length];
            let whole = tlv(SEQUENCE, &[algorithm, tlv(0x04, &hash)].concat());
            assert_eq!(
                digest_info_prefix(length),
                &whole[..whole.len() - length],
                "{length}"
            );
        }
        assert!(digest_info_prefix(16).is_empty());
    }

    /// EM = 0x00 || 0x01 || PS || 0x00 || DigestInfo, with parts replaced as a case asks.
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

    #[test]
    fn pkcs1_v15_checks_the_whole_encoded_message() {
        let modulus = hex(MODULUS);
        let key = RsaKey::from_spki(&spki(&modulus.to_bytes_be(), &[1, 0, 1])).unwrap();
        let length = key.size();
        let sign = |message: &[u8]| {
            let value = BigUint::from_bytes_be(message).modpow(&hex(PRIVATE_EXPONENT), &modulus);
            padded(&value, length)
        };
        let sha256 = digest_info_prefix(32);
        let sha1 = digest_info_prefix(20);
        let hashed = Sha256::digest(b"SignedInfo").to_vec();
        let other_hash = Sha256::digest(b"SignedInfo ").to_vec();
        let valid = sign(&encoded(length, sha256, &hashed, |_| {}));
        let separator = length - sha256.len() - hashed.len() - 1;
        let cases: Vec<(&str, Vec<u8>, bool)> = vec![
            ("valid", valid.clone(), true),
            (
                "another digest",
                sign(&encoded(length, sha256, &other_hash, |_| {})),
                false,
            ),
            (
                "SHA-1 DigestInfo header",
                sign(&encoded(length, sha1, &Sha1::digest(b"SignedInfo"), |_| {})),
                false,
            ),
            (
                "block type 2",
                sign(&encoded(length, sha256, &hashed, |m| m[1] = 0x02)),
                false,
            ),
            (
                "a padding byte not 0xFF",
                sign(&encoded(length, sha256, &hashed, |m| m[9] = 0xFE)),
                false,
            ),
            (
                "no zero after the padding",
                sign(&encoded(length, sha256, &hashed, |m| m[separator] = 0xFF)),
                false,
            ),
            (
                "a nonzero first byte",
                sign(&encoded(length, sha256, &hashed, |m| m[0] = 0x01)),
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
                key.verify_pkcs1_v15(sha256, &hashed, &signature),
                expected,
                "{name}"
            );
        }
        // Every hash: a signature over its own DigestInfo verifies, and only with it.
        let hashes = [
            Sha1::digest(b"x").to_vec(),
            Sha256::digest(b"x").to_vec(),
            Sha384::digest(b"x").to_vec(),
            Sha512::digest(b"x").to_vec(),
        ];
        for hashed in &hashes {
            let prefix = digest_info_prefix(hashed.len());
            let signature = sign(&encoded(length, prefix, hashed, |_| {}));
            assert!(
                key.verify_pkcs1_v15(prefix, hashed, &signature),
                "{}",
                hashed.len()
            );
            let mut other = hashed.clone();
            other[0] ^= 1;
            assert!(
                !key.verify_pkcs1_v15(prefix, &other, &signature),
                "{}",
                hashed.len()
            );
        }
    }
}
