//! What the whole analysis knows around each message: the AuthnRequests seen, metadata
//! loaded (as inputs or trust anchors), error pages in HAR responses, the Issuers of
//! every Response and each HAR's request flow. Built once per analysis, read by the
//! packs through [`super::Context`] and by IdP recognition.

use crate::input::FlowEntry;
use crate::timestamp::Timestamp;
use serde::Serialize;

/// An AuthnRequest seen in the inputs (for InResponseTo and ACS correlation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSeen {
    pub input: usize,
    pub har_entry: Option<usize>,
    pub captured_at: Option<Timestamp>,
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub destination: Option<String>,
    pub acs_url: Option<String>,
    pub relay_state: Option<String>,
}

/// Which side a metadata entity describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetadataRole {
    IdentityProvider,
    ServiceProvider,
}

/// One entity from metadata the user loaded (as an input or as a trust anchor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataSeen {
    pub role: MetadataRole,
    pub entity_id: Option<String>,
    /// SP: `AssertionConsumerService/@Location` values.
    pub acs_urls: Vec<String>,
    pub name_id_formats: Vec<String>,
    /// Where it came from, e.g. the input's file name.
    pub source: String,
}

/// A known error page found in a HAR response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPageSeen {
    pub input: usize,
    pub har_entry: usize,
    pub url: String,
    /// The catalogue text it matched (see `checks::error_text`).
    pub text: String,
}

/// What the whole analysis knows around each message; borrows the HAR flows from the
/// input reports (`'r`).
#[derive(Debug, Clone, Default)]
pub struct Flow<'r> {
    /// Every AuthnRequest, in input and flow order.
    pub requests: Vec<RequestSeen>,
    /// Every metadata entity given as an input or as a trust anchor.
    pub metadata: Vec<MetadataSeen>,
    /// Known error pages found in HAR response bodies.
    pub error_pages: Vec<ErrorPageSeen>,
    /// The Issuers (Response and Assertion) of every Response, each once, in input
    /// order: what IdP metadata's `entityID` is compared with.
    pub response_issuers: Vec<String>,
    /// For each input that is a HAR: its entries (method, URL, status...), by input index
    /// (empty for other inputs).
    pub har_flows: Vec<&'r [FlowEntry]>,
}
