//! RSA keys and RSASSA-PKCS1-v1_5 values from any bytes: `[hash][SPKI length: 2
//! bytes][SPKI][signature value]`, checked over a fixed message with
//! `dsig::verify_with_key` (SPKI and PKCS#1 reading, the key checks, the `rsa` crate's
//! public operation and padding check). Never panics; a key refused as too large is
//! over `MAX_RSA_BITS`; an RSA value is never refused for an ECDSA layout. Seeds: the
//! RSA fixture keys' SubjectPublicKeyInfo with a valid signature each (`seed.py`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::dsig::algorithms::SignatureAlgorithm;
use saml_inspector::dsig::ec::EcdsaLayout;
use saml_inspector::dsig::{KeyProblem, MAX_RSA_BITS, verify_with_key};

/// What the seeds' values sign (`seed.py` writes the same bytes).
const MESSAGE: &[u8] = b"<ds:SignedInfo>rsa_key</ds:SignedInfo>";

fuzz_target!(|data: &[u8]| {
    let [hash, high, low, rest @ ..] = data else {
        return;
    };
    let spki_length = usize::from(*high) << 8 | usize::from(*low);
    if rest.len() < spki_length {
        return;
    }
    let (spki, signature) = rest.split_at(spki_length);
    let algorithm = match hash % 4 {
        0 => SignatureAlgorithm::RsaSha1,
        1 => SignatureAlgorithm::RsaSha256,
        2 => SignatureAlgorithm::RsaSha384,
        _ => SignatureAlgorithm::RsaSha512,
    };
    match verify_with_key(algorithm, spki, MESSAGE, signature, EcdsaLayout::Concatenated) {
        Ok(_) | Err(KeyProblem::Malformed | KeyProblem::WrongType { .. }) => {}
        Err(KeyProblem::TooLarge { bits }) => assert!(bits > MAX_RSA_BITS, "{bits} bits"),
        Err(other) => panic!("an RSA check gave {other:?}"),
    }
});
