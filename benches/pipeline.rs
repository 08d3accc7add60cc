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
//! Run with `cargo bench --bench pipeline`; `cargo bench --bench pipeline -- har` runs
//! only the HAR scan, `-- response` the rest. Correctness is asserted once, before
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
        bencher.bench(|| saml::read(black_box(&document)));
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
}

/// Synthetic inputs, shared with the tests.
#[cfg(not(target_arch = "wasm32"))]
#[path = "support/generate.rs"]
mod generate;
