//! Trust anchors, and checking one signature value with one public key.
//!
//! Trust comes only from what the user gives: certificates (from IdP metadata or a
//! certificate file) and certificate fingerprints. Keys are compared as whole
//! SubjectPublicKeyInfo structures, never by name.

use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

use super::algorithms::SignatureAlgorithm;
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
}

/// Checks `signature` over `message` with the key in `spki` (DER SubjectPublicKeyInfo).
/// `Ok(true)` when it verifies, `Ok(false)` when it does not.
pub fn verify_with_key(
    algorithm: SignatureAlgorithm,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<bool, KeyProblem> {
    let (_, info) = SubjectPublicKeyInfo::from_der(spki).map_err(|_| KeyProblem::Malformed)?;
    let key = match info.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let modulus = BigUint::from_bytes_be(rsa.modulus);
            let bits = modulus.bits();
            if bits > MAX_RSA_BITS {
                return Err(KeyProblem::TooLarge { bits });
            }
            RsaPublicKey::new_with_max_size(
                modulus,
                BigUint::from_bytes_be(rsa.exponent),
                MAX_RSA_BITS,
            )
            .map_err(|_| KeyProblem::Malformed)?
        }
        Ok(PublicKey::EC(_)) => {
            return Err(KeyProblem::WrongType {
                key: "an elliptic-curve key".into(),
            });
        }
        Ok(_) => {
            return Err(KeyProblem::WrongType {
                key: "a key of another type".into(),
            });
        }
        Err(_) => return Err(KeyProblem::Malformed),
    };
    let hashed = algorithm.digest().digest(message);
    let scheme = match algorithm {
        SignatureAlgorithm::RsaSha1 => Pkcs1v15Sign::new::<Sha1>(),
        SignatureAlgorithm::RsaSha256 => Pkcs1v15Sign::new::<Sha256>(),
        SignatureAlgorithm::RsaSha384 => Pkcs1v15Sign::new::<Sha384>(),
        SignatureAlgorithm::RsaSha512 => Pkcs1v15Sign::new::<Sha512>(),
    };
    Ok(pkcs1_v15_verify(&key, &scheme.prefix, &hashed, signature))
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): the public-key operation on the
/// signature, then the encoded message it yields compared, whole, with the one `prefix`
/// (the hash's DigestInfo header) and `hashed` make (EMSA-PKCS1-v1_5, §9.2).
fn pkcs1_v15_verify(key: &RsaPublicKey, prefix: &[u8], hashed: &[u8], signature: &[u8]) -> bool {
    let length = key.size();
    let digest_info_length = prefix.len() + hashed.len();
    // §8.2.2 step 1; §9.2 step 5 (at least 8 bytes of 0xFF padding).
    if signature.len() != length || length < digest_info_length + 11 {
        return false;
    }
    let signature = BigUint::from_bytes_be(signature);
    // §5.2.2 (RSAVP1) step 1.
    if &signature >= key.n() {
        return false;
    }
    let encoded = public_operation(&signature, key.e(), key.n()).to_bytes_be();
    // Leading zero bytes are not in `encoded`: EM = 0x00 || 0x01 || PS || 0x00 || T.
    let padding = length - digest_info_length - 3;
    encoded.len() == length - 1
        && encoded[0] == 0x01
        && encoded[1..=padding].iter().all(|&byte| byte == 0xFF)
        && encoded[padding + 1] == 0x00
        && encoded[padding + 2..padding + 2 + prefix.len()] == *prefix
        && encoded[padding + 2 + prefix.len()..] == *hashed
}

/// `base^exponent mod modulus` (RSAVP1, RFC 8017 §5.2.2) for a public exponent.
///
/// `BigUint::modpow` (num-bigint-dig, 32-bit digits) runs 4-bit windows over every bit
/// of the exponent's digits: for the usual e = 65537 about 56 Montgomery products where
/// 17 suffice, which made it most of the time of verifying a 5 KB Response. Here:
/// left-to-right square-and-multiply over the exponent's bits, with Montgomery products
/// on 64-bit limbs, and one division to bring the base into Montgomery form. Public
/// exponents are small (the key check bounds e below 2^33), so this is at most 33
/// squarings and 33 multiplications. Every input is public: nothing here needs to run
/// in constant time. An even modulus (no RSA key has one) is left to `modpow`.
fn public_operation(base: &BigUint, exponent: &BigUint, modulus: &BigUint) -> BigUint {
    let Some(field) = Montgomery::new(modulus) else {
        return base.modpow(exponent, modulus);
    };
    let base = field.enter(base, modulus);
    let mut result: Option<Vec<u64>> = None;
    for byte in exponent.to_bytes_be() {
        for bit in (0..8).rev() {
            if let Some(value) = &mut result {
                *value = field.product(value, value);
            }
            if byte >> bit & 1 == 1 {
                result = Some(match result {
                    Some(value) => field.product(&value, &base),
                    None => base.clone(),
                });
            }
        }
    }
    match result {
        Some(value) => field.leave(&value),
        // A zero exponent.
        None => BigUint::from(1u8) % modulus,
    }
}

/// Arithmetic modulo an odd modulus in Montgomery form: `x` is held as `x·R mod
/// modulus`, R = 2^(64·limbs), in little-endian 64-bit limbs.
struct Montgomery {
    modulus: Vec<u64>,
    /// -modulus⁻¹ mod 2^64.
    inverse: u64,
}

impl Montgomery {
    /// `None` for an even modulus (or zero), which has no Montgomery form.
    fn new(modulus: &BigUint) -> Option<Montgomery> {
        let modulus = limbs(modulus);
        let low = *modulus.first()?;
        if low & 1 == 0 {
            return None;
        }
        // Newton's iteration doubles the number of correct low bits of low⁻¹: 1 (any odd
        // number is its own inverse mod 2), then 2, 4, ... 64.
        let mut inverse: u64 = 1;
        for _ in 0..6 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(low.wrapping_mul(inverse)));
        }
        Some(Montgomery {
            modulus,
            inverse: inverse.wrapping_neg(),
        })
    }

    /// `value·R mod modulus`.
    fn enter(&self, value: &BigUint, modulus: &BigUint) -> Vec<u64> {
        let shifted = value << (64 * self.modulus.len());
        let mut entered = limbs(&(shifted % modulus));
        entered.resize(self.modulus.len(), 0);
        entered
    }

    /// The plain value of `value` (a Montgomery product with 1).
    fn leave(&self, value: &[u64]) -> BigUint {
        let mut one = vec![0; self.modulus.len()];
        one[0] = 1;
        let plain = self.product(value, &one);
        let bytes: Vec<u8> = plain.iter().flat_map(|limb| limb.to_le_bytes()).collect();
        BigUint::from_bytes_le(&bytes)
    }

    /// `a·b·R⁻¹ mod modulus` for `a, b < modulus` (coarsely integrated operand scanning,
    /// Koç, Acar and Kaliski, "Analyzing and Comparing Montgomery Multiplication
    /// Algorithms", 1996).
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
        // t < 2·modulus: at most one subtraction.
        if t[limbs] != 0 || !less_than(&t[..limbs], modulus) {
            let mut borrow = false;
            for (t_limb, &m_limb) in t.iter_mut().zip(modulus) {
                let (difference, first) = t_limb.overflowing_sub(m_limb);
                let (difference, second) = difference.overflowing_sub(u64::from(borrow));
                *t_limb = difference;
                borrow = first || second;
            }
        }
        t.truncate(limbs);
        t
    }
}

/// The little-endian 64-bit limbs of `value` (at least one).
fn limbs(value: &BigUint) -> Vec<u64> {
    value
        .to_bytes_le()
        .chunks(8)
        .map(|chunk| {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            u64::from_le_bytes(bytes)
        })
        .collect()
}

/// `a < b` for little-endian limbs of equal length.
fn less_than(a: &[u64], b: &[u64]) -> bool {
    a.iter().rev().lt(b.iter().rev())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1024-bit RSA key made for these tests (`openssl genpkey -algorithm RSA -pkeyopt
    /// rsa_keygen_bits:1024`), e = 65537: the modulus and the private exponent, so the
    /// tests can make signatures over encoded messages of their choosing.
    const MODULUS: &str = "ec244ed4ae49e9def0fc164dc413cdf1e537b9123f2c2c99ae6a17c3b0af9b8611d675b29ba4428d468f5fec278a83085b4ac40d0b4c25fbf072b4096b4bbd4cb73f00181550469e29ee55b48c92a684239db4f452f32a391508b81e355803602bbb07052191fd056fcaf1774d0c41742be6bbebb587a82ab0cb4037f346aff7";
    const PRIVATE_EXPONENT: &str = "16bc70329e0d53cd395aac33149beb8a4ccd8eae2912f1c06240a8c518afefc37ad83140df277398f2a03f56178088993760fd7b5c091ae72501864019ea92f12ea17a486c1d7ac7b43984ebafb5064cfd0d87b69ba9f7f082f5dba42beab61e5aa569ac39af92256559c1ea82f6f9f0b9f42d954b424b43d115736ac489dca1";

    fn hex(text: &str) -> BigUint {
        BigUint::parse_bytes(text.as_bytes(), 16).unwrap()
    }

    #[test]
    fn public_operation_agrees_with_modpow() {
        let moduli = [
            hex(MODULUS),
            hex("fffffffffffffffb"),                 // one limb
            hex("1000000000000000d"),                // a limb and one bit
            hex("ffffffffffffffffffffffffffffff61"), // two full limbs
            hex("1"),
            hex("3"),
            hex("c9f0f895fb98ab9159f51fd0297e236e"), // even: modpow's path
        ];
        let exponents = [
            hex("0"),
            hex("1"),
            hex("2"),
            hex("3"),
            hex("10001"),
            hex("1ffffffff"),
            hex(PRIVATE_EXPONENT),
        ];
        for modulus in &moduli {
            let pseudo_random = BigUint::from_bytes_be(&Sha512::digest(modulus.to_bytes_be()));
            let bases = [
                hex("0"),
                hex("1"),
                hex("2"),
                modulus - 1u8,
                modulus + 5u8,
                &pseudo_random % modulus,
            ];
            for exponent in &exponents {
                for base in &bases {
                    assert_eq!(
                        public_operation(base, exponent, modulus),
                        base.modpow(exponent, modulus),
                        "{base:x}^{exponent:x} mod {modulus:x}"
                    );
                }
            }
        }
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
        let key = RsaPublicKey::new(modulus.clone(), BigUint::from(65_537u32)).unwrap();
        let length = key.size();
        let sign = |message: &[u8]| {
            let value = BigUint::from_bytes_be(message).modpow(&hex(PRIVATE_EXPONENT), &modulus);
            let mut bytes = value.to_bytes_be();
            bytes.splice(0..0, std::iter::repeat_n(0, length - bytes.len()));
            bytes
        };
        let sha256 = Pkcs1v15Sign::new::<Sha256>();
        let hashed = Sha256::digest(b"SignedInfo").to_vec();
        let other_hash = Sha256::digest(b"SignedInfo ").to_vec();
        let sha1 = Pkcs1v15Sign::new::<Sha1>();
        let valid = sign(&encoded(length, &sha256.prefix, &hashed, |_| {}));
        let separator = length - sha256.prefix.len() - hashed.len() - 1;
        let cases: Vec<(&str, Vec<u8>, bool)> = vec![
            ("valid", valid.clone(), true),
            (
                "another digest",
                sign(&encoded(length, &sha256.prefix, &other_hash, |_| {})),
                false,
            ),
            (
                "SHA-1 DigestInfo header",
                sign(&encoded(length, &sha1.prefix, &hashed[..20], |_| {})),
                false,
            ),
            (
                "block type 2",
                sign(&encoded(length, &sha256.prefix, &hashed, |m| m[1] = 0x02)),
                false,
            ),
            (
                "a padding byte not 0xFF",
                sign(&encoded(length, &sha256.prefix, &hashed, |m| m[9] = 0xFE)),
                false,
            ),
            (
                "no zero after the padding",
                sign(&encoded(length, &sha256.prefix, &hashed, |m| {
                    m[separator] = 0xFF
                })),
                false,
            ),
            (
                "a nonzero first byte",
                sign(&encoded(length, &sha256.prefix, &hashed, |m| m[0] = 0x01)),
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
            ("empty", Vec::new(), false),
        ];
        for (name, signature, expected) in cases {
            assert_eq!(
                pkcs1_v15_verify(&key, &sha256.prefix, &hashed, &signature),
                expected,
                "{name}"
            );
            // The rsa crate's own verification agrees.
            assert_eq!(
                key.verify(sha256.clone(), &hashed, &signature).is_ok(),
                expected,
                "{name} (rsa)"
            );
        }
    }

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
