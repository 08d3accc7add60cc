//! Canonicalization and signature verification on any document: every element
//! canonicalized by all four methods (minus a chosen subtree), every signature verified
//! with no trust, and with the examples' IdP certificate trusted. Seeds: the signed
//! example Response and the signed fixtures (`seed.py`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use saml_inspector::dsig::{self, Status, TrustStore};
use saml_inspector::xml::c14n::{self, Method, Subset};
use saml_inspector::checks::signature;
use saml_inspector::{Limits, cert, xml};

fn trusted() -> &'static TrustStore {
    static TRUST: OnceLock<TrustStore> = OnceLock::new();
    TRUST.get_or_init(|| {
        let pem = include_str!("../../examples/example-idp-certificate.pem");
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        let mut trust = TrustStore::default();
        trust.add_certificate(
            cert::parse_base64(&body).expect("the example certificate"),
            "example".into(),
        );
        trust
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, source)) = data.split_first() else {
        return;
    };
    let Ok(document) = xml::parse(source, &Limits::default()) else {
        return;
    };
    let ids: Vec<_> = document.ids().collect();
    let excluded = ids.get(usize::from(mode) % ids.len().max(1)).copied();
    for uri in [
        c14n::C14N_10,
        c14n::C14N_10_WITH_COMMENTS,
        c14n::EXC_C14N,
        c14n::EXC_C14N_WITH_COMMENTS,
    ] {
        let method = Method::from_uri(uri)
            .expect("a known method")
            .with_prefix_list("#default xs p");
        let whole = c14n::canonicalize(&document, Subset::Document, excluded, &method);
        // Canonical output is always UTF-8.
        assert!(std::str::from_utf8(&whole).is_ok());
        for &id in ids.iter().take(64) {
            if document.element(id).is_some() {
                let _ = c14n::canonicalize(&document, Subset::Element(id), excluded, &method);
            }
        }
    }
    for trust in [&TrustStore::default(), trusted()] {
        let verdicts = dsig::verify_document(&document, trust, &Limits::default());
        for verdict in &verdicts {
            assert_eq!(verdict.coverage().is_some(), verdict.status().is_intact());
            assert_eq!(
                verdict.failed_step().is_some(),
                verdict.status() == Status::Invalid
            );
            if trust.is_empty() {
                assert!(!matches!(
                    verdict.status(),
                    Status::Valid | Status::KeyMismatch
                ));
            }
            // Every outcome has its sentence.
            assert!(!signature::reason(verdict, trust).is_empty());
        }
        for &id in &ids {
            let _ = dsig::protection(&verdicts, id);
        }
    }
});
