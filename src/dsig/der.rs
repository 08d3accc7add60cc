//! The little DER (X.690) that reading public keys and ECDSA values needs: one element
//! at a time, non-negative INTEGERs, and the `SubjectPublicKeyInfo` both key types come
//! in (RFC 5280 §4.1.2.7).

use super::trust::KeyProblem;

/// rsaEncryption (1.2.840.113549.1.1.1) and id-ecPublicKey (1.2.840.10045.2.1), as the
/// content bytes of their OBJECT IDENTIFIER.
pub const OID_RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
pub const OID_EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];

pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OBJECT_IDENTIFIER: u8 = 0x06;

/// One DER element with tag `tag` at the start of `input`: its content and what follows.
/// Definite lengths only, in the shortest form (X.690 §10.1), at most 4 length bytes.
pub fn element(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&found, rest) = input.split_first()?;
    if found != tag {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let length = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7F);
        // 0x80 is the indefinite length, which DER forbids; more than 4 bytes is more
        // than any input we accept.
        if count == 0 || count > 4 || rest.len() < count || rest[0] == 0 {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |value, &byte| value << 8 | usize::from(byte));
        if length < 0x80 {
            return None;
        }
        rest = &rest[count..];
        length
    };
    (rest.len() >= length).then(|| rest.split_at(length))
}

/// A non-negative INTEGER's magnitude, big-endian without leading zero bytes (empty for
/// zero), and what follows. A negative INTEGER is refused.
pub fn unsigned(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let (content, rest) = element(input, INTEGER)?;
    if content.first()? & 0x80 != 0 {
        return None;
    }
    let start = content
        .iter()
        .position(|&byte| byte != 0)
        .unwrap_or(content.len());
    Some((&content[start..], rest))
}

/// A `SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, parameters },
/// subjectPublicKey BIT STRING }` taken apart.
pub struct PublicKeyInfo<'a> {
    /// The algorithm OID's content bytes.
    pub algorithm: &'a [u8],
    /// Whatever follows the OID in the AlgorithmIdentifier (NULL for RSA, the curve's
    /// OID for EC).
    pub parameters: &'a [u8],
    /// The BIT STRING's content, its unused-bits byte first.
    bits: &'a [u8],
}

impl<'a> PublicKeyInfo<'a> {
    /// Reads the structure, with nothing after it; anything else is
    /// [`KeyProblem::Malformed`].
    pub fn read(spki: &'a [u8]) -> Result<PublicKeyInfo<'a>, KeyProblem> {
        let (info, rest) = element(spki, SEQUENCE).ok_or(KeyProblem::Malformed)?;
        if !rest.is_empty() {
            return Err(KeyProblem::Malformed);
        }
        let (algorithm, rest) = element(info, SEQUENCE).ok_or(KeyProblem::Malformed)?;
        let (bits, rest) = element(rest, BIT_STRING).ok_or(KeyProblem::Malformed)?;
        if !rest.is_empty() {
            return Err(KeyProblem::Malformed);
        }
        let (algorithm, parameters) =
            element(algorithm, OBJECT_IDENTIFIER).ok_or(KeyProblem::Malformed)?;
        Ok(PublicKeyInfo {
            algorithm,
            parameters,
            bits,
        })
    }

    /// `Ok` when the key's algorithm is `oid`; else [`KeyProblem::WrongType`] naming the
    /// kind of key it is.
    pub fn expect(&self, oid: &[u8]) -> Result<(), KeyProblem> {
        if self.algorithm == oid {
            return Ok(());
        }
        let key = match self.algorithm {
            OID_RSA_ENCRYPTION => "an RSA key",
            OID_EC_PUBLIC_KEY => "an elliptic-curve key",
            _ => "a key of another type",
        };
        Err(KeyProblem::WrongType { key: key.into() })
    }

    /// The key bytes. A BIT STRING's first content byte counts the unused bits of its
    /// last byte: a key (a DER structure or a SEC1 point) has none.
    pub fn key(&self) -> Result<&'a [u8], KeyProblem> {
        match self.bits.split_first() {
            Some((0, key)) => Ok(key),
            _ => Err(KeyProblem::Malformed),
        }
    }
}
