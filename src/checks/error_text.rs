//! The error-text index: the texts users arrive with (from an AWS error page, an IdP,
//! a support ticket) mapped to the rules that explain them.

use super::RuleId;
use serde::Serialize;

/// What the user's error text was matched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorTextMatch {
    /// The text as the user gave it or as found in the HAR.
    pub text: String,
    /// `user` (given with `--error` or on the page) or `har` (found in a response body).
    pub source: ErrorTextSource,
    /// The catalogue text it matched, if any.
    pub known: Option<&'static str>,
    /// The rules to show first, most relevant first.
    pub rules: Vec<RuleId>,
}

/// Where an error text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorTextSource {
    User,
    Har,
}

/// Matches a text against the catalogue.
pub fn lookup(text: &str, source: ErrorTextSource) -> ErrorTextMatch {
    ErrorTextMatch {
        text: text.to_owned(),
        source,
        known: None,
        rules: Vec::new(),
    }
}
