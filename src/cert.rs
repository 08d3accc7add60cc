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
use x509_parser::prelude::X509Name;
use x509_parser::public_key::PublicKey;

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

/// A distinguished name as x509-parser's `Display` writes it (`CN=a, O=b`, multi-valued
/// RDNs joined by ` + `, values that are not strings in upper-case hex), without its
/// registry of every known OID: building that registry took about a tenth of the page's
/// WebAssembly. The attribute names are x509-parser's: its abbreviations, then the
/// registry's short names for attribute types.
fn name_string(name: &X509Name<'_>) -> String {
    use x509_parser::asn1_rs::{BmpString, Tag};
    const INVALID: &str = "<X509Error: Invalid X.509 name>";
    let mut text = String::new();
    for (index, rdn) in name.iter().enumerate() {
        if index > 0 {
            text.push_str(", ");
        }
        for (index, attribute) in rdn.iter().enumerate() {
            if index > 0 {
                text.push_str(" + ");
            }
            let value = attribute.attr_value();
            let value = match value.tag() {
                Tag::NumericString
                | Tag::VisibleString
                | Tag::PrintableString
                | Tag::GeneralString
                | Tag::ObjectDescriptor
                | Tag::GraphicString
                | Tag::T61String
                | Tag::VideotexString
                | Tag::Utf8String
                | Tag::Ia5String => match std::str::from_utf8(value.data) {
                    Ok(value) => value.to_owned(),
                    Err(_) => return INVALID.to_owned(),
                },
                Tag::BmpString => match BmpString::try_from(value.clone()) {
                    Ok(value) => value.string(),
                    Err(_) => return INVALID.to_owned(),
                },
                _ => value
                    .as_bytes()
                    .iter()
                    .map(|byte| format!("{byte:02X}"))
                    .collect(),
            };
            let oid = attribute.attr_type().to_id_string();
            match attribute_name(&oid) {
                Some(name) => text.push_str(name),
                None => {
                    text.push_str("OID(");
                    text.push_str(&oid);
                    text.push(')');
                }
            }
            text.push('=');
            text.push_str(&value);
        }
    }
    text
}

/// The name x509-parser gives an attribute type in a distinguished name.
fn attribute_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "Email",
        "2.5.4.0" => "objectClass",
        "2.5.4.1" => "aliasedEntryName",
        "2.5.4.2" => "knowledgeInformation",
        "2.5.4.4" => "surname",
        "2.5.4.5" => "serialNumber",
        "2.5.4.9" => "streetAddress",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.14" => "searchGuide",
        "2.5.4.15" => "businessCategory",
        "2.5.4.16" => "postalAddress",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "name",
        "2.5.4.42" => "givenName",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.45" => "uniqueIdentifier",
        "2.5.4.46" => "dnQualifier",
        "0.9.2342.19200300.100.1.1" => "uid",
        "1.2.840.113549.1.9.2" => "unstructuredName",
        "1.3.6.1.4.1.311.60.2.1.1" => "msJurisdictionLocality",
        "1.3.6.1.4.1.311.60.2.1.2" => "msJurisdictionStateOrProvince",
        "1.3.6.1.4.1.311.60.2.1.3" => "msJurisdictionCountry",
        _ => return None,
    })
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
    let mut text = String::with_capacity(bytes.len() * 3);
    for (index, byte) in bytes.iter().enumerate() {
        if index > 0 {
            text.push(':');
        }
        text.push_str(&format!("{byte:02X}"));
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

    /// Our name formatting writes what x509-parser's `Display` (with its OID registry)
    /// writes, for the fixtures and for a name with every kind of part.
    #[test]
    fn names_read_as_x509_parser_writes_them() {
        fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
            assert!(content.len() < 0x80);
            [&[tag, content.len() as u8][..], content].concat()
        }
        fn attribute(oid: &[u8], tag: u8, value: &[u8]) -> Vec<u8> {
            tlv(0x30, &[tlv(0x06, oid), tlv(tag, value)].concat())
        }
        let common_name = [0x55, 0x04, 0x03];
        let organization = [0x55, 0x04, 0x0A];
        let unit = [0x55, 0x04, 0x0B];
        let title = [0x55, 0x04, 0x0C];
        let jurisdiction = [
            0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3C, 0x02, 0x01, 0x03,
        ];
        let unknown = [0x2A, 0x03, 0x04];
        let rdns = [
            tlv(0x31, &attribute(&common_name, 0x0C, "idp é".as_bytes())),
            tlv(
                0x31,
                &[
                    attribute(&organization, 0x13, b"Example"),
                    attribute(&unit, 0x13, b"IT"),
                ]
                .concat(),
            ),
            tlv(0x31, &attribute(&title, 0x1E, &[0, b'C', 0, b'T', 0, b'O'])),
            tlv(0x31, &attribute(&jurisdiction, 0x13, b"US")),
            tlv(0x31, &attribute(&unknown, 0x04, &[0xAB, 0x01])),
            tlv(0x31, &attribute(&common_name, 0x0C, &[0xFF])),
        ];
        let mut names = Vec::new();
        for count in 1..=rdns.len() {
            names.push(tlv(0x30, &rdns[..count].concat()));
        }
        let mut checked = 0;
        for der in &names {
            let (_, name) = X509Name::from_der(der).unwrap();
            assert_eq!(name_string(&name), name.to_string());
            checked += 1;
        }
        for der in [
            &include_bytes!("../tests/fixtures/certs/idp-rsa2048.der")[..],
            include_bytes!("../tests/fixtures/certs/weak-rsa1024.der"),
            include_bytes!("../tests/fixtures/certs/idp-ec-p256.der"),
        ] {
            let (_, certificate) = X509Certificate::from_der(der).unwrap();
            for name in [certificate.subject(), certificate.issuer()] {
                assert_eq!(name_string(name), name.to_string());
                checked += 1;
            }
        }
        assert_eq!(checked, rdns.len() + 6);
        // The last name holds a value that is not UTF-8: the whole name is invalid.
        let (_, last) = X509Name::from_der(names.last().unwrap()).unwrap();
        assert_eq!(name_string(&last), "<X509Error: Invalid X.509 name>");
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
