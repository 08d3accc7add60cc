//! The transfer decodings on arbitrary bytes: percent, lenient base64, raw DEFLATE, the
//! whole SAML value chain for every binding, and the query-string and HTML-form
//! readers that feed it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::decode::{self, DecodeError};
use saml_inspector::input::{self, Binding};

/// Small, so the fuzzer reaches the size limit quickly; the real one is 16 MiB.
const LIMIT: usize = 64 << 10;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, data)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(data);
    match mode % 4 {
        0 => {
            let _ = decode::has_percent_escape(&text);
            for plus_as_space in [false, true] {
                if let Ok(bytes) = decode::percent_decode(&text, plus_as_space) {
                    assert!(bytes.len() <= text.len());
                }
            }
            for field in input::parse_query(&text) {
                let _ = (field.decoded_name(), field.decoded_value());
            }
        }
        1 => match decode::base64_lenient(data, LIMIT) {
            Ok(bytes) => assert!(bytes.len() <= data.len() && bytes.len() <= LIMIT),
            Err(error) => {
                let _ = error.to_string();
            }
        },
        2 => match decode::inflate_raw(data, LIMIT) {
            Ok(bytes) => assert!(bytes.len() <= LIMIT),
            Err(DecodeError::InflatedTooLarge { limit }) => assert_eq!(limit, LIMIT),
            Err(error) => {
                let _ = error.to_string();
            }
        },
        _ => {
            for binding in [
                Binding::Redirect,
                Binding::Post,
                Binding::HtmlForm,
                Binding::Raw,
            ] {
                if let Ok(xml) = decode::decode_saml_value(&text, binding, LIMIT) {
                    assert!(decode::looks_like_xml(&xml));
                    assert!(xml.len() <= LIMIT);
                }
            }
            for field in input::html_form_fields(&text) {
                let _ = input::decode_references(&field.value);
            }
        }
    }
});
