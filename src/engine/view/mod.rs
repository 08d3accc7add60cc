//! The page view: a small view made for the page from the
//! [`Analysis`](crate::analysis::Analysis), holding only what the page draws, already
//! worded and split. The page's module deserializes only these types (no `Report`, no
//! typed SAML model), which is what keeps its first load small; the CLI's contract
//! (`report`) is another reader of the same `Analysis`.
//!
//! - Every value shown carries a [`Mark`]: covered by a trusted signature, by an intact
//!   signature whose signer was not checked, by none, read from outside what an intact
//!   signature covers (the signature-wrapping case), or in a message whose signatures
//!   could not be checked (a redacted report read back). "What is used is what is
//!   signed" (DESIGN) is visible on every value, in words, not only in colour.
//! - The verdict's headline is written here, once: a forged or altered message says so
//!   first, a redacted report read back says so, signatures not checked say so.
//! - AWS Role values come split (account, partition, role, provider) by `crate::aws`.
//! - Long lists are sent a page at a time ([`ROWS_PER_PAGE`]; the attribute table and
//!   the roles), so no message makes the page read or draw more than a page at once;
//!   the rest is asked for with `Command::Attributes` / `Command::Roles`.
//!
//! `page` makes the whole page's view (inputs, flows, trusted keys, the message list),
//! `message` one message's detail, `signatures` its signature panel, `request` one
//! request of a flow opened; `shared` holds what they have in common (the [`Mark`], a
//! page of rows). This file only names what the others make.

mod message;
mod page;
mod request;
mod shared;
mod signatures;

pub use message::{
    AttributeRow, Cards, IdpView, MessageView, PackView, RoleRow, TimeCard, TimeRow, VerdictView,
    attribute_page, message, role_page,
};
pub use page::{
    CertificateLine, ErrorTextView, FlowRow, InputId, InputView, LONG_FLOW_ROWS, MessageItem,
    PageView, SignatureMark, TrustKeyView, first_interesting, page, trust_keys,
};
pub use request::{BodyView, RequestView, SamlLink, SectionView, request};
pub use shared::{FindingView, Mark, ROWS_PER_PAGE, RowsPage, Shown, VALUES_PER_ROW, human_bytes};
pub use signatures::{
    BannerView, CertificateView, ComparisonView, SignatureItem, SignaturesView, ValidityView,
};
