//! The renderers for people in one place: plain text ([`text`]) and Markdown
//! ([`markdown`]), with the helpers the page and the tests use to show values the same
//! way ([`quote`], [`short_urn`], [`short_algorithm`], [`describe_error_text`]).
//! Each lives in its own file under `report/`; this module only names them.

pub use super::markdown::markdown;
pub use super::text::text;
pub use super::words::{
    describe_error_text, is_invisible, quote, request_number, short_algorithm, short_urn,
};
