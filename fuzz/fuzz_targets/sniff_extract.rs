//! Recognition and extraction of one input of any shape: `input::sniff` and
//! `input::extract` must agree on the kind and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::Limits;
use saml_inspector::input::{self, InputKind};

fuzz_target!(|data: &[u8]| {
    let kind = input::sniff(data);
    let limits = Limits::default();
    match input::extract(0, data, &limits) {
        Ok(extracted) => {
            // A HAR that is refused as a whole still sniffs as a HAR; anything extracted
            // was recognised as what extract says it is.
            assert_eq!(extracted.kind, Some(kind));
            for capture in &extracted.captures {
                if let Ok(xml) = &capture.payload {
                    assert!(xml.len() <= data.len().max(limits.decoded_bytes));
                }
            }
        }
        Err(error) => {
            let _ = error.to_string();
            if kind == InputKind::Unknown {
                assert!(!matches!(error, input::InputError::InvalidHar { .. }));
            }
        }
    }
});
