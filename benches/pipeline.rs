//! Benchmarks of the two hot paths, over inputs generated here (nothing large is
//! committed):
//!
//! - `har/scan`: [`input::extract`] over a Chrome-like HAR 1.2 export, thousands of
//!   entries, nearly all of it response bodies, with exactly one SAML POST. Reported in
//!   bytes per second; the target is at least 800 MB/s.
//! - `response`: a 60 KB SAML Response (signed, a few hundred attribute values) taken
//!   apart stage by stage (base64, XML, typed model) and through [`analyze`] as a pasted
//!   base64 blob. The target for decoding and parsing is well under a millisecond.
//!
//! - `export`: redacting the report of that Response (what the page's export panel
//!   recomputes after every analysis for its preview) and rendering the redacted
//!   Markdown and JSON; and sanitizing a 2 MB HAR.
//!
//! Run with `cargo bench --bench pipeline`; `cargo bench --bench pipeline -- har` runs
//! only the HAR scan, `-- response` the Response stages, `-- export` the exports. Correctness is asserted once, before
//! timing starts; nothing timed is asserted.

// divan builds natively only; for wasm32 (`cargo clippy --all-targets --target
// wasm32-unknown-unknown`) this is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    divan::main();
}

#[cfg(not(target_arch = "wasm32"))]
use generate::RESPONSE_BYTES;

#[cfg(not(target_arch = "wasm32"))]
mod har {
    use super::generate;
    use divan::counter::BytesCount;
    use divan::{Bencher, black_box};
    use saml_inspector::{Limits, input};

    #[divan::bench(args = [20, 200], sample_count = 10, sample_size = 1)]
    fn scan(bencher: Bencher, megabytes: usize) {
        let har = generate::har(megabytes << 20);
        let limits = Limits::default();
        let extracted = input::extract(0, &har, &limits).expect("the generated HAR is read");
        assert_eq!(extracted.captures.len(), 1, "exactly one SAML message");
        assert!(extracted.captures[0].payload.is_ok(), "the message decodes");

        bencher
            .counter(BytesCount::of_slice(&har))
            .bench(|| input::extract(0, black_box(&har), &limits));
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod response {
    use super::{RESPONSE_BYTES, generate};
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use divan::counter::BytesCount;
    use divan::{Bencher, black_box};
    use saml_inspector::{Input, Limits, Options, Timestamp, analyze, decode, saml, xml};

    fn xml() -> String {
        let xml = generate::saml_response(RESPONSE_BYTES);
        let document = xml::parse(xml.as_bytes(), &Limits::default()).expect("well-formed");
        assert_eq!(saml::read(&document).kind, saml::MessageKind::Response);
        xml
    }

    #[divan::bench]
    fn decode_base64(bencher: Bencher) {
        let blob = BASE64.encode(xml());
        bencher
            .counter(BytesCount::of_str(&blob))
            .bench(|| decode::base64_lenient(black_box(blob.as_bytes()), usize::MAX));
    }

    #[divan::bench]
    fn parse_xml(bencher: Bencher) {
        let xml = xml();
        let limits = Limits::default();
        bencher
            .counter(BytesCount::of_str(&xml))
            .bench(|| xml::parse(black_box(xml.as_bytes()), &limits));
    }

    #[divan::bench]
    fn read_model(bencher: Bencher) {
        let document = xml::parse(xml().as_bytes(), &Limits::default()).expect("well-formed");
        // A document is read by one thread (its names are `Rc`): timed on this one.
        bencher.bench_local(|| saml::read(black_box(&document)));
    }

    /// base64 → XML → typed model: what the "well under a millisecond" is about.
    #[divan::bench]
    fn decode_parse_read(bencher: Bencher) {
        let blob = BASE64.encode(xml());
        let limits = Limits::default();
        bencher.counter(BytesCount::of_str(&blob)).bench(|| {
            let bytes = decode::base64_lenient(black_box(blob.as_bytes()), limits.decoded_bytes)
                .expect("valid base64");
            let document = xml::parse(&bytes, &limits).expect("well-formed");
            saml::read(&document)
        });
    }

    /// The whole analysis of the blob pasted on its own, report included.
    #[divan::bench]
    fn analyze_blob(bencher: Bencher) {
        let blob = BASE64.encode(xml());
        let options = Options::default();
        let clock = Timestamp::parse("2024-05-01T12:00:30Z").expect("a valid literal");
        let inputs = [Input {
            name: "response.txt",
            bytes: blob.as_bytes(),
        }];
        let report = analyze(&inputs, &options, clock);
        assert_eq!(report.messages.len(), 1);
        assert_eq!(report.messages[0].kind, saml::MessageKind::Response);

        bencher
            .counter(BytesCount::of_str(&blob))
            .bench(|| analyze(black_box(&inputs), &options, clock));
    }

    /// The whole analysis of a signed Response made by xmlsec1 (its KeyInfo certificates
    /// included), with no trust loaded: RSA-SHA256 with both signed, and ECDSA on each
    /// curve.
    #[divan::bench(args = [
        "response-both-signed.xml",
        "response-ecdsa-p256.xml",
        "response-ecdsa-p384-both.xml",
        "response-ecdsa-p521.xml",
    ])]
    fn analyze_signed(bencher: Bencher, fixture: &str) {
        let path = format!(
            "{}/tests/fixtures/signed/{fixture}",
            env!("CARGO_MANIFEST_DIR")
        );
        let xml = std::fs::read_to_string(path).expect("the fixture exists");
        let options = Options::default();
        let clock = Timestamp::parse("2025-03-04T09:16:00Z").expect("a valid literal");
        let inputs = [Input {
            name: "response.xml",
            bytes: xml.as_bytes(),
        }];
        let report = analyze(&inputs, &options, clock);
        assert!(
            report.messages[0]
                .signatures
                .iter()
                .all(|signature| signature.status
                    == saml_inspector::report::SignatureStatus::ValidUnpinned)
        );

        bencher
            .counter(BytesCount::of_str(&xml))
            .bench(|| analyze(black_box(&inputs), &options, clock));
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod export {
    use super::{RESPONSE_BYTES, generate};
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use divan::counter::BytesCount;
    use divan::{Bencher, black_box};
    use saml_inspector::redact::{self, Policy};
    use saml_inspector::{Input, Options, Report, Timestamp, analyze};

    const SALT: &[u8] = b"bench salt";

    fn report(bytes: &[u8]) -> Report {
        let clock = Timestamp::parse("2024-05-01T12:00:30Z").expect("a valid literal");
        let inputs = [Input {
            name: "input",
            bytes,
        }];
        let report = analyze(&inputs, &Options::default(), clock);
        assert!(!report.messages.is_empty());
        report
    }

    /// The report of the 60 KB Response, redacted with the default policy.
    #[divan::bench]
    fn redact_report(bencher: Bencher) {
        let blob = BASE64.encode(generate::saml_response(RESPONSE_BYTES));
        let report = report(blob.as_bytes());
        bencher.bench(|| redact::redact_report(black_box(&report), Policy::default(), SALT));
    }

    /// Redacted, then rendered as the Markdown preview and the JSON export.
    #[divan::bench]
    fn redact_and_render(bencher: Bencher) {
        let blob = BASE64.encode(generate::saml_response(RESPONSE_BYTES));
        let report = report(blob.as_bytes());
        bencher.bench(|| {
            let redacted = redact::redact_report(black_box(&report), Policy::default(), SALT);
            (
                redact::export::markdown(&redacted),
                redact::export::json(&redacted),
            )
        });
    }

    /// The sanitized HAR of a generated 2 MB HAR with one SAML POST.
    #[divan::bench(sample_count = 10)]
    fn sanitize_har(bencher: Bencher) {
        let har = generate::har(2 << 20);
        let report = report(&har);
        let redacted = redact::redact_report(&report, Policy::default(), SALT);
        assert!(redact::har::sanitize(&mut redacted.redactor.clone(), &har).is_ok());
        bencher.counter(BytesCount::of_slice(&har)).bench(|| {
            let mut redactor = redacted.redactor.clone();
            redact::har::sanitize(&mut redactor, black_box(&har))
        });
    }
}

/// Synthetic inputs, shared with the tests.
#[cfg(not(target_arch = "wasm32"))]
#[path = "support/generate.rs"]
mod generate;
