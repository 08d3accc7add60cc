//! SAML Inspector's core: bytes in, an [`Analysis`] out.
//!
//! Everything a user drops (a HAR file, a base64 `SAMLResponse`, a redirect URL, raw
//! XML, IdP metadata, a certificate) goes through [`analysis::run`], the one pipeline
//! every face uses: the page (`src/app/`, compiled to WebAssembly, through the
//! [`engine`]) and the command line (`saml-inspect`). The core is plain Rust, builds
//! natively and for `wasm32-unknown-unknown`, never touches the DOM, and never reads a
//! clock: the time to judge against is an argument.
//!
//! ```text
//! bytes ─input─▶ Capture ─decode─▶ XML bytes ─xml::parse─▶ Document ─saml::read─▶ Message
//!                                      (next: decryption, xmlenc) │                 │
//!                                                                 └──── dsig ◀──────┘
//!                                                                        │ Verdicts
//!                         checks::run (every rule) ─▶ findings, packs, next steps
//!                                                                        ▼
//!                                  Analysis ─┬─ report::build ─▶ CLI JSON, text, Markdown, HTML
//!                                            ├─ engine ─▶ the page's view; redact ─▶ exports
//!                                            └─ (next) compare(Analysis, Analysis), extension panel
//! ```
//!
//! # Layers
//!
//! Modules form layers; a module imports only from lower layers — never from its own
//! layer or a higher one, so never in a circle (`tests/architecture.rs` reads every
//! `use crate::…` and fails otherwise; it reads the list below). From the bottom:
//!
//! 1. `limits`, `timestamp`, `text` — named limits, time values, showing and escaping
//!    text: no knowledge of SAML.
//! 2. `rules` — the rule catalogue as data: rule ids, severities, the error-text index.
//! 3. `decode` — percent, base64, DEFLATE, form fields, the bindings' encodings.
//! 4. `aws` — AWS facts: endpoints, partitions, regions, ARNs, attribute names.
//! 5. `input` — recognising inputs and finding the SAML messages in them.
//! 6. `xml` — the arena DOM and canonicalization.
//! 7. `cert` — X.509 certificates as the report shows them.
//! 8. `dsig` — XML-DSig verification, returning what it verified.
//! 9. `saml` — the typed model, read from the document.
//! 10. `checks` — every rule, and `checks::run`, the only maker of findings.
//! 11. `analysis` — the pipeline's orchestration and its product, the [`Analysis`].
//! 12. `report` — the CLI JSON contract and the renderers, built from an `Analysis`.
//! 13. `redact` — redacted reports and exports, sanitized HARs.
//! 14. `engine` — the page's session: analysis, view, exports.
//! 15. `testing` — builders for tests (hidden).
//!
//! # Where things go
//!
//! - A new rule: a function in its pack's folder under `checks/` (one folder per pack),
//!   its id in `rules`, a table case in `tests/rules_<pack>.rs`.
//! - A new input kind: a recogniser in `input` (`input::sniff`) that yields the same
//!   `Capture`s, `Origin`s and `FlowEntry`s as a HAR does.
//! - A new pipeline stage (decryption, `xmlenc`): between parsing and verification in
//!   `analysis::run`, a variant of `analysis::Stage` where it can stop a message, its
//!   error enum worded by the checks.
//!
//! `docs/architecture.md` has the whole picture: data flow, layers, where things go.
//! - A new reader of the analysis (the comparison report, a browser extension panel):
//!   a module above `analysis` that takes `&Analysis` (or two) and builds its own view,
//!   as `report::build` does; it never re-runs a stage.
//! - An AWS fact (a host, an attribute name, an ARN shape): `aws`. An IdP's wording:
//!   `checks::idp`. A way of showing or escaping text: `text`.

// The modules' docs describe how they work inside, naming private functions and types:
// read them with `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

pub mod limits;
pub mod text;
pub mod timestamp;

pub mod rules;

pub mod decode;

pub mod aws;

pub mod input;

pub mod xml;

pub mod cert;

pub mod dsig;

pub mod saml;

pub mod checks;

pub mod analysis;

pub mod report;

pub mod redact;

pub mod engine;

#[doc(hidden)]
pub mod testing;

pub use analysis::{Analysis, Input, Options, load_trust};
pub use limits::Limits;
pub use report::Report;
pub use timestamp::Timestamp;

/// Analyses `inputs` and makes the report: [`analysis::run`] then [`report::build`].
/// `clock` is the caller's "now", used only when neither the user nor a HAR gives a time.
pub fn analyze(inputs: &[Input<'_>], options: &Options, clock: Timestamp) -> Report {
    report::build(&analysis::run(inputs, options, clock))
}
