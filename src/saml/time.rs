//! Times as SAML writes them (`xs:dateTime`, SAML Core §1.3.3): the text exactly as
//! sent, beside the instant when it parses. Shared by the message and metadata models.

use crate::timestamp::Timestamp;
use serde::Serialize;

/// A time value: its text as written and, when it is a valid `xs:dateTime`, the instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TimeValue {
    pub text: String,
    pub parsed: Option<Timestamp>,
}

impl TimeValue {
    pub fn new(text: &str) -> TimeValue {
        TimeValue {
            text: text.to_owned(),
            parsed: Timestamp::parse(text),
        }
    }
}
