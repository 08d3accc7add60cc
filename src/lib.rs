//! SAML Inspector's core: bytes in, a [`Report`](report::Report) out.
//!
//! Everything a user drops (a HAR file, a base64 `SAMLResponse`, a redirect URL, raw
//! XML, IdP metadata, a certificate) goes through [`analyze`], the one entry point both
//! faces call: the page (`src/app/`, compiled to WebAssembly) and the command line
//! (`saml-inspect`). The core is plain Rust, builds natively and for
//! `wasm32-unknown-unknown`, never touches the DOM, and never reads a clock: the time
//! to judge against is an argument.
//!
//! ```text
//! bytes ─input─▶ Capture ─decode─▶ XML bytes ─xml::parse─▶ Document ─saml::read─▶ Message
//!                                                                        │
//!                                     Report ◀─report::build── findings ◀┘
//! ```

pub mod cert;
pub mod checks;
pub mod decode;
pub mod dsig;
pub mod engine;
pub mod input;
pub mod limits;
pub mod redact;
pub mod report;
pub mod saml;
pub mod timestamp;
pub mod xml;

mod analyze;

pub use analyze::{Input, Options, analyze, load_trust};
pub use limits::Limits;
pub use report::Report;
pub use timestamp::Timestamp;
