//! X.509 certificates: the facts a SAML diagnosis needs, read with x509-parser.
//!
//! A certificate in a message's `KeyInfo` is evidence, never a trust anchor: this module
//! only describes certificates (subject, issuer, serial, validity, key type and size,
//! fingerprints, duplicate extensions). Comparing them with what the user trusts is the
//! verifier's job. Validity is never judged against the system clock here; callers
//! compare [`CertificateInfo::not_before`]/[`CertificateInfo::not_after`] with their
//! reference time.

use crate::timestamp::Timestamp;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::fmt;
use x509_parser::certificate::X509CertificateParser;
use x509_parser::nom::Parser as _;
use x509_parser::objects::{oid_registry, oid2abbrev};
use x509_parser::prelude::X509Name;
use x509_parser::public_key::PublicKey;
use x509_parser::x509::AttributeTypeAndValue;

/// What the report shows of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CertificateInfo {
    /// RFC 4514-style distinguished name, e.g. `CN=idp.example.com, O=Example`.
    pub subject: String,
    pub issuer: String,
    /// Serial number in colon-separated hex.
    pub serial: String,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub key: KeyDescription,
    /// The certificate's own signature algorithm, by name where known, else its OID.
    pub signature_algorithm: String,
    /// SHA-256 of the DER encoding, colon-separated upper-case hex (as `openssl x509
    /// -fingerprint -sha256` prints it).
    pub sha256_fingerprint: String,
    pub sha1_fingerprint: String,
    /// SHA-256 of the SubjectPublicKeyInfo: equal keys have equal values, whatever
    /// certificate carries them.
    pub spki_sha256: String,
    /// Subject equals issuer (a self-signed certificate, as IdPs commonly use).
    pub self_issued: bool,
    /// Extension OIDs that appear more than once (RFC 5280 §4.2 forbids it; IAM refuses
    /// such certificates in metadata).
    pub duplicate_extensions: Vec<String>,
    /// The DER bytes, for comparisons and exports; not part of the JSON report.
    #[serde(skip)]
    pub der: Vec<u8>,
    /// The DER SubjectPublicKeyInfo: the key signatures are checked with, and what trust
    /// compares (never names).
    #[serde(skip)]
    pub spki: Vec<u8>,
}

/// The public key's type and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum KeyDescription {
    Rsa { bits: usize },
    Ec { curve: String, bits: usize },
    Other { algorithm: String },
}

impl fmt::Display for KeyDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyDescription::Rsa { bits } => write!(f, "RSA {bits} bits"),
            KeyDescription::Ec { curve, bits } => write!(f, "EC {curve} ({bits} bits)"),
            KeyDescription::Other { algorithm } => write!(f, "{algorithm}"),
        }
    }
}

/// Why bytes are not a certificate we can read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// Not DER of an X.509 certificate; `reason` is the parser's word.
    Malformed { reason: String },
    /// Bytes follow the certificate.
    TrailingData { bytes: usize },
    /// Base64 text that does not decode.
    Base64,
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificateError::Malformed { reason } => {
                write!(f, "not a readable X.509 certificate ({reason})")
            }
            CertificateError::TrailingData { bytes } => {
                write!(f, "{bytes} unexpected bytes after the certificate")
            }
            CertificateError::Base64 => f.write_str("the certificate's base64 does not decode"),
        }
    }
}

impl std::error::Error for CertificateError {}

/// Reads a DER-encoded certificate.
pub fn parse_der(der: &[u8]) -> Result<CertificateInfo, CertificateError> {
    // Extensions are read as OID, criticality and value only: nothing here looks inside
    // them, and x509-parser's parsers for every known extension were a tenth of the
    // page's certificate code. (A malformed extension value never failed the parse: it
    // was kept as a ParseError.)
    let (rest, certificate) = X509CertificateParser::new()
        .with_deep_parse_extensions(false)
        .parse(der)
        .map_err(|error| CertificateError::Malformed {
            reason: error.to_string(),
        })?;
    if !rest.is_empty() {
        return Err(CertificateError::TrailingData { bytes: rest.len() });
    }
    let consumed = &der[..der.len() - rest.len()];

    let subject = name_string(certificate.subject());
    let issuer = name_string(certificate.issuer());
    let spki = certificate.public_key();
    let key = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => KeyDescription::Rsa {
            bits: bit_length(rsa.modulus),
        },
        Ok(PublicKey::EC(point)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|parameters| parameters.as_oid().ok())
                .map(|oid| curve_name(&oid.to_id_string()))
                .unwrap_or_else(|| "unknown curve".to_owned());
            KeyDescription::Ec {
                curve,
                bits: point.key_size(),
            }
        }
        _ => KeyDescription::Other {
            algorithm: algorithm_name(&spki.algorithm.algorithm.to_id_string()),
        },
    };

    let mut extension_oids: Vec<String> = certificate
        .extensions()
        .iter()
        .map(|extension| extension.oid.to_id_string())
        .collect();
    extension_oids.sort();
    let mut duplicate_extensions: Vec<String> = extension_oids
        .windows(2)
        .filter(|pair| pair[0] == pair[1])
        .map(|pair| pair[0].clone())
        .collect();
    duplicate_extensions.dedup();

    Ok(CertificateInfo {
        self_issued: subject == issuer,
        subject,
        issuer,
        serial: colon_hex(certificate.raw_serial()),
        not_before: Timestamp::from_offset_date_time(
            certificate.validity().not_before.to_datetime(),
        ),
        not_after: Timestamp::from_offset_date_time(certificate.validity().not_after.to_datetime()),
        key,
        signature_algorithm: algorithm_name(
            &certificate.signature_algorithm.algorithm.to_id_string(),
        ),
        sha256_fingerprint: colon_hex(&Sha256::digest(consumed)),
        sha1_fingerprint: colon_hex(&Sha1::digest(consumed)),
        spki_sha256: colon_hex(&Sha256::digest(spki.raw)),
        duplicate_extensions,
        der: consumed.to_vec(),
        spki: spki.raw.to_vec(),
    })
}

/// What x509-parser's `Display` writes for a whole name when one value is not text it
/// can read.
const UNREADABLE_NAME: &str = "<X509Error: Invalid X.509 name>";

/// A distinguished name for people, as x509-parser's `X509Name` `Display` writes it:
/// RDNs in the certificate's order joined by `, ` (`CN=idp.example.com, O=Example`),
/// the attributes of a multi-valued RDN by ` + `, attribute types by their short name
/// (`OID(1.2.3.4)` when unknown), values that are not strings in upper-case hex. Values
/// are not escaped (RFC 4514 §2.4 would write `CN=Doe\, John`): the name is shown, never
/// parsed back or compared (trust compares keys).
///
/// Where `Display` gives up on the whole name because one value is not readable text (a
/// UTF8String that is not UTF-8, a T61String holding Latin-1), or writes control
/// characters (an odd-length BMPString ends in NUL), that value alone is written as RFC
/// 4514 writes values it cannot show: `#` and the hex of its DER encoding; the rest of
/// the name stays readable.
fn name_string(name: &X509Name<'_>) -> String {
    let text = name.to_string();
    if readable(&text) {
        return text;
    }
    name.iter()
        .map(|rdn| {
            rdn.iter()
                .map(attribute_string)
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `Display`'s text of a name can be shown as it is.
fn readable(text: &str) -> bool {
    text != UNREADABLE_NAME && !text.chars().any(char::is_control)
}

/// One `type=value` of a name, as [`name_string`] writes it.
fn attribute_string(attribute: &AttributeTypeAndValue<'_>) -> String {
    let alone = X509Name::new(vec![std::iter::once(attribute.clone()).collect()], &[]);
    let text = alone.to_string();
    if readable(&text) {
        return text;
    }
    let kind = oid2abbrev(attribute.attr_type(), oid_registry())
        .map_or_else(|_| format!("{:?}", attribute.attr_type()), str::to_owned);
    let value = attribute.attr_value();
    // The value's DER: its tag and length (short form below 128 bytes) and content.
    let tag = value
        .header
        .raw_tag()
        .and_then(|raw| raw.first().copied())
        .unwrap_or_else(|| u8::try_from(value.tag().0).unwrap_or(0));
    let mut der = vec![tag];
    let length = value.data.len();
    if length < 0x80 {
        der.push(length as u8);
    } else {
        let bytes: Vec<u8> = length
            .to_be_bytes()
            .into_iter()
            .skip_while(|&byte| byte == 0)
            .collect();
        der.push(0x80 | bytes.len() as u8);
        der.extend(bytes);
    }
    der.extend_from_slice(value.data);
    format!("{kind}=#{}", colon_hex(&der).replace(':', ""))
}

/// Reads the base64 text of a `ds:X509Certificate` element (whitespace allowed).
pub fn parse_base64(text: &str) -> Result<CertificateInfo, CertificateError> {
    use base64::Engine;
    let compact: Vec<u8> = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .map_err(|_| CertificateError::Base64)?;
    parse_der(&der)
}

/// Upper-case hex bytes joined by colons: `AB:CD:01`.
pub fn colon_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut text = String::with_capacity(bytes.len() * 3);
    for (index, &byte) in bytes.iter().enumerate() {
        if index > 0 {
            text.push(':');
        }
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0F)]));
    }
    text
}

/// Number of significant bits in a big-endian unsigned integer.
fn bit_length(big_endian: &[u8]) -> usize {
    let significant = match big_endian.iter().position(|&byte| byte != 0) {
        Some(first) => &big_endian[first..],
        None => return 0,
    };
    (significant.len() - 1) * 8 + (8 - significant[0].leading_zeros() as usize)
}

fn curve_name(oid: &str) -> String {
    match oid {
        "1.2.840.10045.3.1.7" => "P-256".to_owned(),
        "1.3.132.0.34" => "P-384".to_owned(),
        "1.3.132.0.35" => "P-521".to_owned(),
        other => other.to_owned(),
    }
}

fn algorithm_name(oid: &str) -> String {
    let name = match oid {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10045.2.1" => "EC",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.112" => "Ed25519",
        other => return other.to_owned(),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::{FromDer, X509Certificate};

    /// Names as the report shows them: each RDN kind, a multi-valued RDN, string types,
    /// an unknown attribute type, a value holding a comma, and values that are not
    /// readable text (which alone are shown as `#` and their DER in hex).
    #[test]
    fn names_read_as_people_read_them() {
        fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
            assert!(content.len() < 0x80);
            [&[tag, content.len() as u8][..], content].concat()
        }
        fn attribute(oid: &[u8], tag: u8, value: &[u8]) -> Vec<u8> {
            tlv(0x30, &[tlv(0x06, oid), tlv(tag, value)].concat())
        }
        fn name(rdns: &[Vec<u8>]) -> Vec<u8> {
            tlv(
                0x30,
                &rdns
                    .iter()
                    .map(|rdn| tlv(0x31, rdn))
                    .collect::<Vec<_>>()
                    .concat(),
            )
        }
        const UTF8: u8 = 0x0C;
        const PRINTABLE: u8 = 0x13;
        const T61: u8 = 0x14;
        const BMP: u8 = 0x1E;
        let common_name = [0x55, 0x04, 0x03];
        let organization = [0x55, 0x04, 0x0A];
        let unit = [0x55, 0x04, 0x0B];
        let title = [0x55, 0x04, 0x0C];
        let jurisdiction = [
            0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3C, 0x02, 0x01, 0x03,
        ];
        let unknown = [0x2A, 0x03, 0x04];
        let cn = |tag, value: &[u8]| attribute(&common_name, tag, value);
        let o = attribute(&organization, PRINTABLE, b"Example");
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", name(&[]), ""),
            (
                "two RDNs",
                name(&[cn(UTF8, "idp é".as_bytes()), o.clone()]),
                "CN=idp é, O=Example",
            ),
            (
                "a multi-valued RDN",
                name(&[[o.clone(), attribute(&unit, PRINTABLE, b"IT")].concat()]),
                "O=Example + OU=IT",
            ),
            (
                "BMPString",
                name(&[attribute(&title, BMP, &[0, b'C', 0, b'T', 0, b'O'])]),
                "title=CTO",
            ),
            (
                "a registered type",
                name(&[attribute(&jurisdiction, PRINTABLE, b"US")]),
                "msJurisdictionCountry=US",
            ),
            (
                "an unknown type and a value that is no string",
                name(&[attribute(&unknown, 0x04, &[0xAB, 0x01])]),
                "OID(1.2.3.4)=AB01",
            ),
            (
                "a comma inside a value is not escaped",
                name(&[cn(UTF8, b"Doe, John"), o.clone()]),
                "CN=Doe, John, O=Example",
            ),
            (
                "a UTF8String that is not UTF-8",
                name(&[cn(UTF8, &[b'i', 0xFF]), o.clone()]),
                "CN=#0C0269FF, O=Example",
            ),
            (
                "Latin-1 in a T61String, in a multi-valued RDN",
                name(&[[cn(T61, b"Jos\xE9"), attribute(&unit, PRINTABLE, b"IT")].concat()]),
                "CN=#14044A6F73E9 + OU=IT",
            ),
            (
                "an odd-length BMPString (x509-parser reads a NUL at its end)",
                name(&[attribute(&title, BMP, &[0, b'C', 0]), o.clone()]),
                "title=#1E03004300, O=Example",
            ),
            (
                "a line break in a value",
                name(&[cn(UTF8, b"a\nb")]),
                "CN=#0C03610A62",
            ),
        ];
        for (label, der, expected) in cases {
            let (rest, parsed) = X509Name::from_der(&der).unwrap();
            assert!(rest.is_empty(), "{label}");
            assert_eq!(name_string(&parsed), expected, "{label}");
        }
        // The fixtures' names, as openssl made them.
        let (_, certificate) =
            X509Certificate::from_der(include_bytes!("../tests/fixtures/certs/idp-rsa2048.der"))
                .unwrap();
        assert_eq!(
            name_string(certificate.subject()),
            certificate.subject().to_string()
        );
        assert!(!name_string(certificate.subject()).is_empty());
    }

    #[test]
    fn bit_lengths() {
        let cases: [(&[u8], usize); 5] = [
            (&[], 0),
            (&[0, 0], 0),
            (&[0x01], 1),
            (&[0x00, 0x80, 0x00], 16),
            (&[0x7F, 0xFF], 15),
        ];
        for (bytes, bits) in cases {
            assert_eq!(bit_length(bytes), bits, "{bytes:?}");
        }
    }

    #[test]
    fn colon_hex_formats_like_openssl() {
        assert_eq!(colon_hex(&[0xAB, 0x01, 0xFF]), "AB:01:FF");
        assert_eq!(colon_hex(&[]), "");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"\x30", b"\x30\x82\xff\xff", b"hello"] {
            assert!(parse_der(bytes).is_err());
        }
        assert_eq!(parse_base64("@@@"), Err(CertificateError::Base64));
    }

    /// Our reading of each generated certificate agrees with what openssl reported
    /// when it made it (tests/fixtures/certs/*.facts).
    #[test]
    fn agrees_with_openssl() {
        let cases: [(&[u8], &str, &str); 3] = [
            (
                include_bytes!("../tests/fixtures/certs/idp-rsa2048.der"),
                include_str!("../tests/fixtures/certs/idp-rsa2048.facts"),
                "rsa",
            ),
            (
                include_bytes!("../tests/fixtures/certs/weak-rsa1024.der"),
                include_str!("../tests/fixtures/certs/weak-rsa1024.facts"),
                "rsa",
            ),
            (
                include_bytes!("../tests/fixtures/certs/idp-ec-p256.der"),
                include_str!("../tests/fixtures/certs/idp-ec-p256.facts"),
                "ec",
            ),
        ];
        for (der, facts, key_type) in cases {
            let fact = |name: &str| {
                facts
                    .lines()
                    .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
                    .unwrap_or_else(|| panic!("{name} missing from facts"))
                    .to_owned()
            };
            let info = parse_der(der).expect("generated certificate parses");
            assert_eq!(info.sha256_fingerprint, fact("sha256"));
            assert_eq!(info.sha1_fingerprint, fact("sha1"));
            assert_eq!(info.serial.replace(':', ""), fact("serial"));
            assert_eq!(info.not_before.to_string(), fact("not_before"));
            assert_eq!(info.not_after.to_string(), fact("not_after"));
            let bits: usize = fact("bits").parse().unwrap();
            match (&info.key, key_type) {
                (KeyDescription::Rsa { bits: got }, "rsa") => assert_eq!(*got, bits),
                (KeyDescription::Ec { bits: got, curve }, "ec") => {
                    assert_eq!(*got, bits);
                    assert_eq!(curve, "P-256");
                }
                (other, _) => panic!("unexpected key {other:?}"),
            }
            assert!(info.self_issued);
            assert!(info.duplicate_extensions.is_empty());
            // The same certificate as base64 text, as in ds:X509Certificate.
            use base64::Engine;
            let text = base64::engine::general_purpose::STANDARD.encode(der);
            let wrapped: String = text
                .as_bytes()
                .chunks(64)
                .map(|line| format!("{}\n  ", String::from_utf8_lossy(line)))
                .collect();
            assert_eq!(parse_base64(&wrapped).unwrap(), info);
        }
    }
}
