//! Elliptic-curve keys and ECDSA values from any bytes: `[layout][hash length][SPKI
//! length: 2 bytes][SPKI][hash][signature value]`. Reading the key and verifying never
//! panics, and a value is never accepted in a layout that was not allowed. Seeds: the
//! SubjectPublicKeyInfo of each EC fixture certificate (`seed.py`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::dsig::KeyProblem;
use saml_inspector::dsig::ec::{EcKey, EcdsaLayout};

fuzz_target!(|data: &[u8]| {
    let [layout, hash_length, high, low, rest @ ..] = data else {
        return;
    };
    let spki_length = usize::from(*high) << 8 | usize::from(*low);
    if rest.len() < spki_length {
        return;
    }
    let (spki, rest) = rest.split_at(spki_length);
    let hash_length = usize::from(*hash_length % 65);
    if rest.len() < hash_length {
        return;
    }
    let (hash, signature) = rest.split_at(hash_length);
    let Ok(key) = EcKey::from_spki(spki) else {
        return;
    };
    let layout = if layout & 1 == 0 {
        EcdsaLayout::Concatenated
    } else {
        EcdsaLayout::ConcatenatedOrDer
    };
    match key.verify(hash, signature, layout) {
        Ok(_) => {
            // Concatenated values are exactly twice the scalar length.
            if layout == EcdsaLayout::Concatenated {
                assert_eq!(signature.len(), 2 * key.curve().scalar_len());
            }
        }
        Err(KeyProblem::EcdsaLayout { expected, found, .. }) => {
            assert_eq!(expected, 2 * key.curve().scalar_len());
            assert_eq!(found, signature.len());
        }
        Err(other) => panic!("a read key gave {other:?}"),
    }
});
