//! Recognition and extraction of one input of any shape: `input::sniff` and
//! `input::extract` must agree on the kind and never panic; the details of the first
//! requests of a HAR or SAML-tracer export (`input::request_detail`) never panic and
//! stay within their limits.
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
    if matches!(kind, InputKind::Har | InputKind::SamlTracer) {
        for index in 0..4 {
            match input::request_detail(data, index, &limits) {
                Ok(detail) => {
                    assert_eq!(detail.index, index);
                    let lists = [
                        detail.query.items.len(),
                        detail.request_headers.items.len(),
                        detail.response_headers.items.len(),
                        detail.request_cookies.items.len(),
                        detail.response_cookies.items.len(),
                    ];
                    assert!(lists.iter().all(|&length| length <= limits.detail_fields));
                    for field in detail.request_headers.items.iter().chain(&detail.response_headers.items) {
                        assert!(field.value.len() <= limits.detail_value_bytes);
                        assert!(field.name.len() <= limits.detail_value_bytes);
                    }
                    if let Some(text) = detail.response_body.and_then(|body| body.text) {
                        assert!(text.len() <= limits.body_preview_bytes);
                    }
                }
                Err(error) => {
                    let _ = error.to_string();
                }
            }
        }
    }
});
