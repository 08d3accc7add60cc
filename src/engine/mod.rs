//! The engine: the page's session over the core. It holds the inputs (their bytes
//! once), which of them are trust anchors, the context (what the user expects, the
//! error text, the reference time, the page's clock), and the latest
//! [`Analysis`](crate::analysis::Analysis) with the report made from it for exports; and
//! it answers small commands.
//!
//! ```text
//!   page (Yew)                      engine worker (this module, src/bin/engine.rs)
//!   ──────────                      ────────────────────────────────────────────────
//!   add-input {id,name} + bytes ──▶ Session: bytes held once (a big HAR reduced here,
//!                  (or a File)       with progress: input::har::reduce)
//!   set-context / set-trust     ──▶ Session: context, trust anchors   (no bytes)
//!   analyse {generation}        ──▶ analysis::run ─▶ Analysis ─▶ view::page ─▶ PageView
//!   show-message / attributes / ──▶ view::message, pages of long lists,
//!     roles / show-xml               xml_view (indented lines, original text)
//!   request-detail              ──▶ input::request_detail, linked to the messages
//!   export {format, policy}     ──▶ report::build (once) ─▶ redact ─▶ text
//!   add-capture {input} + entry ──▶ capture: one HAR entry appended, analysed again
//! ```
//!
//! - [`command`]: the [`Command`]s and their answers. Only `add-input` and
//!   `add-capture` carry bytes; a change of context or trust is a few hundred bytes of
//!   JSON, and the engine analyses the inputs it already holds.
//! - [`session`]: the [`Session`] that carries them out.
//! - [`mirror`]: the page's side: what it has told the engine, so that a change sends
//!   only what changed ([`Mirror::commands`]).
//! - [`view`]: the page view, made for the page from the `Analysis`: only what it
//!   draws, ARNs split, every value marked signed / unpinned / unsigned / outside the
//!   signature, the verdict worded; long lists a page at a time. The page's
//!   WebAssembly reads only these types (no `Report`, no typed model).
//! - [`xml_view`]: the XML view a page at a time.
//! - [`capture`]: captured requests appended to a flow (the browser extension's way in).
//! - [`export`](mod@export): redacted exports of the latest report.
//! - [`examples`]: the built-in examples' contents (the page lists them; the engine
//!   holds them, so the page's first load does not).
//!
//! The page is two WebAssembly modules so that its first load stays small: the page
//! module (Yew, `src/app/`) draws and keeps the page's state, and this engine
//! (`src/bin/engine.rs`, a thin wasm-bindgen face over [`Session::handle_encoded`]) is loaded
//! the first time there is something to analyse, in one module Web Worker
//! (`engine-worker.js`), or on the main thread where no worker can start (the single
//! file opened from `file://`), through the same commands.
//!
//! Everything here is plain Rust, tested natively (`tests/engine.rs`).

pub mod capture;
pub mod command;
pub mod examples;
pub mod export;
pub mod mirror;
pub mod session;
pub mod view;
pub mod xml_view;

pub use command::{Added, Answer, Command, Context, EngineError, decode};
pub use export::{ExportFormat, export};
pub use mirror::{Mirror, Wanted};
pub use session::Session;
pub use view::{InputId, PageView};
pub use xml_view::pretty_lines;
