//! The whole pipeline on one input, rendered in every format: what the CLI and the page
//! do with a dropped file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::report::render;
use saml_inspector::{Input, Options, Timestamp, analyze};

fuzz_target!(|data: &[u8]| {
    // A fixed clock: the core never reads one.
    let Some(clock) = Timestamp::from_unix_millis(1_714_564_800_000) else {
        return;
    };
    let report = analyze(
        &[Input {
            name: "fuzz",
            bytes: data,
        }],
        &Options::default(),
        clock,
    );
    let _ = render::text(&report);
    let _ = render::markdown(&report);
    let _ = serde_json::to_string(&report).expect("a report always serialises");
});
