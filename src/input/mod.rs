//! Recognising what the user dropped and pulling every SAML message out of it.
//!
//! One input (a file or a pasted text) is recognised from its content, never from its
//! name ([`sniff`]), then [`extract`] turns it into [`Extracted`]: the SAML messages it
//! carries as [`Capture`]s (each with its [`Origin`]), the certificates it holds, and for
//! a HAR or a SAML-tracer export the whole request flow ([`FlowEntry`]), each request of
//! which opens to its details ([`request_detail`]). Decoding of transfer encodings (percent,
//! base64, DEFLATE) happens here through [`crate::decode`], so each capture arrives as
//! XML bytes or as the reason it could not be decoded.
//!
//! The input-size limit is checked here, once, for every kind of input.

mod blob;
pub mod detail;
pub mod export;
pub mod har;
mod params;
mod repeats;
pub mod tracer;

pub use crate::decode::{Binding, FormField, parse_query};
pub use blob::sniff;
pub use detail::{DetailError, RequestDetail};
pub use params::{HtmlFormField, decode_references, html_form_fields};
pub use repeats::{AlsoCaptured, merge_repeats};

use crate::decode::DecodeError;
use crate::limits::{LimitKind, Limits};
use crate::timestamp::Timestamp;
use serde::Serialize;
use std::fmt;

/// What an input was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// An HTTP Archive (HAR 1.2) JSON export.
    Har,
    /// A SAML-tracer export (the browser extension's JSON "Export").
    SamlTracer,
    /// An XML document: a SAML message, metadata, or something else in XML.
    Xml,
    /// A base64 (or percent-encoded base64) value such as a copied `SAMLResponse`.
    Base64,
    /// A URL with SAML parameters in its query string (Redirect binding).
    Url,
    /// A query string or form body: `SAMLResponse=...&RelayState=...`.
    Parameters,
    /// An X.509 certificate: PEM, DER or bare base64.
    Certificate,
    /// A report exported by SAML Inspector (JSON, Markdown or HTML), read back for the
    /// messages' XML it carries.
    Report,
    /// Nothing recognisable.
    Unknown,
}

impl InputKind {
    pub fn describe(self) -> &'static str {
        match self {
            InputKind::Har => "HAR file",
            InputKind::SamlTracer => "SAML-tracer export",
            InputKind::Xml => "XML document",
            InputKind::Base64 => "base64 value",
            InputKind::Url => "URL",
            InputKind::Parameters => "query string or form body",
            InputKind::Certificate => "X.509 certificate",
            InputKind::Report => "SAML Inspector report",
            InputKind::Unknown => "unrecognised input",
        }
    }
}

/// Which SAML parameter carried a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum SamlParameter {
    #[serde(rename = "SAMLRequest")]
    SamlRequest,
    #[serde(rename = "SAMLResponse")]
    SamlResponse,
}

impl SamlParameter {
    pub fn as_str(self) -> &'static str {
        match self {
            SamlParameter::SamlRequest => "SAMLRequest",
            SamlParameter::SamlResponse => "SAMLResponse",
        }
    }

    /// Matches a parameter name exactly (the bindings define them case-sensitively).
    pub fn from_name(name: &str) -> Option<SamlParameter> {
        match name {
            "SAMLRequest" => Some(SamlParameter::SamlRequest),
            "SAMLResponse" => Some(SamlParameter::SamlResponse),
            _ => None,
        }
    }
}

/// The number people use for a HAR request: `har_entry + 1` ("request 13" is
/// `log.entries[12]`). Every view for people (the page, the Markdown, HTML and text
/// reports) numbers requests with this; the JSON keeps the 0-based `har_entry` that
/// outside tools parse.
pub fn request_number(har_entry: usize) -> usize {
    har_entry.saturating_add(1)
}

/// How people name the request of `har_entry`: "request 13" for `log.entries[12]`.
pub fn request_label(har_entry: usize) -> String {
    format!("request {}", request_number(har_entry))
}

/// The number people see for an input: its 0-based index plus one (the first file
/// given is input 1), in the same views as [`request_number`]; the JSON keeps the
/// 0-based `input` and `index`.
pub fn input_number(index: usize) -> usize {
    index.saturating_add(1)
}

/// Where a message was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Origin {
    /// Index of the input (file or paste) in the analysis, 0-based.
    pub input: usize,
    /// Index into the HAR's `log.entries`, 0-based; `None` outside a HAR.
    pub har_entry: Option<usize>,
    /// The request URL (for `html-form`: the page that held the form; the form's
    /// `action` is in [`Capture::form_action`]). `None` outside a HAR unless the input
    /// was a URL.
    pub url: Option<String>,
    /// HTTP method of the request, as in the HAR.
    pub method: Option<String>,
    pub binding: Binding,
    /// The parameter name, `None` for raw XML.
    pub parameter: Option<SamlParameter>,
    /// The HAR entry's `startedDateTime`.
    pub captured_at: Option<Timestamp>,
    /// The HTTP response status of the entry (0 or absent when the HAR has none).
    pub http_status: Option<u16>,
    /// The HTTP `Date` response header, when present: the server's clock.
    pub server_date: Option<Timestamp>,
}

/// The parameters of a Redirect-binding signature (SAML Bindings §3.4.4.1), kept as
/// received so the signature can be checked over the exact octets later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RedirectSignature {
    /// `SigAlg`, percent-decoded.
    pub sig_alg: String,
    /// `Signature`, percent-decoded (still base64).
    pub signature: String,
    /// The octets that were signed: `SAMLRequest=...&RelayState=...&SigAlg=...` built
    /// from the parameters exactly as they appeared, still percent-encoded.
    pub signed_octets: String,
}

/// A SAML message found in an input, decoded as far as it would go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub origin: Origin,
    /// The XML bytes, or why they could not be obtained.
    pub payload: Result<Vec<u8>, DecodeError>,
    /// The encoded value exactly as found (before percent/base64/DEFLATE decoding),
    /// empty for raw XML.
    pub encoded: String,
    /// `RelayState` sent with the message, percent-decoded.
    pub relay_state: Option<String>,
    pub redirect_signature: Option<RedirectSignature>,
    /// For `html-form`: the form's `action` URL, where the browser posts it.
    pub form_action: Option<String>,
}

/// A certificate found in an input (DER bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInput {
    pub input: usize,
    pub der: Vec<u8>,
}

/// One request of a HAR, for the flow timeline (every entry, SAML or not).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FlowEntry {
    /// Index into `log.entries`.
    pub index: usize,
    pub started_at: Option<Timestamp>,
    pub method: String,
    pub url: String,
    /// HTTP status; `None` when the HAR has none (0, or a blocked request).
    pub status: Option<u16>,
    pub status_text: String,
    /// Response `content.mimeType`.
    pub mime_type: String,
    /// Total time of the request in milliseconds, when the HAR gives it.
    pub time_ms: Option<f64>,
    /// `redirectURL` (or the `Location` header) for 3xx responses.
    pub redirect_url: Option<String>,
    /// SAML parameters this entry carried (in its request or its response page).
    pub saml: Vec<SamlParameter>,
}

impl FlowEntry {
    /// The row of an entry that could not be read: its place in the flow and nothing
    /// else, so the numbering of the requests after it stays true.
    pub fn unread(index: usize) -> FlowEntry {
        FlowEntry {
            index,
            started_at: None,
            method: String::new(),
            url: String::new(),
            status: None,
            status_text: String::new(),
            mime_type: String::new(),
            time_ms: None,
            redirect_url: None,
            saml: Vec::new(),
        }
    }
}

/// What was recognised as wrong with an input without preventing the rest of it from
/// being read (an undecodable parameter, a HAR entry with a broken field...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InputNote {
    pub har_entry: Option<usize>,
    pub message: String,
}

/// A known AWS error page found in a HAR response body (see
/// [`crate::rules::error_text::find_in_page`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPage {
    pub har_entry: usize,
    pub url: String,
    /// The catalogue text it matched.
    pub text: &'static str,
}

/// Everything taken from one input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    pub kind: Option<InputKind>,
    pub captures: Vec<Capture>,
    pub certificates: Vec<CertificateInput>,
    /// For a HAR: every entry in order.
    pub flow: Vec<FlowEntry>,
    /// For a HAR: the time of the first entry (`log.entries[0].startedDateTime`).
    pub captured_at: Option<Timestamp>,
    pub notes: Vec<InputNote>,
    /// For a HAR: known AWS error pages among the HTML responses, in entry order.
    pub error_pages: Vec<ErrorPage>,
}

/// Why an input could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    Empty,
    TooLarge {
        size: usize,
        limit: usize,
    },
    /// None of the recognised shapes; `hint` says what it looked closest to.
    Unrecognized {
        hint: String,
    },
    /// Looked like a HAR but is not one: `message` says where and why.
    InvalidHar {
        message: String,
    },
    /// A limit was reached while reading (e.g. HAR entries).
    Limit {
        kind: LimitKind,
        limit: usize,
    },
    /// A lone value that could not be decoded.
    Decode(DecodeError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => f.write_str("the input is empty"),
            InputError::TooLarge { size, limit } => write!(
                f,
                "the input is {size} bytes, over the limit of {limit} bytes"
            ),
            InputError::Unrecognized { hint } => write!(
                f,
                "not a HAR file, SAML message, URL, base64 value, metadata or certificate ({hint})"
            ),
            InputError::InvalidHar { message } => write!(f, "not a valid HAR file: {message}"),
            InputError::Limit { kind, limit } => write!(
                f,
                "the input exceeds the limit of {limit} {}",
                kind.describe()
            ),
            InputError::Decode(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Recognises input number `index` and extracts every SAML message and certificate in
/// it. Checks the input-size limit first.
pub fn extract(index: usize, bytes: &[u8], limits: &Limits) -> Result<Extracted, InputError> {
    if bytes.len() > limits.input_bytes {
        return Err(InputError::TooLarge {
            size: bytes.len(),
            limit: limits.input_bytes,
        });
    }
    blob::extract(index, bytes, limits)
}

/// The details of request `index` (0-based, as `har_entry`) of a HAR or SAML-tracer
/// export. Checks the input-size limit first, as [`extract`] does; reads only as
/// far as the request.
pub fn request_detail(
    bytes: &[u8],
    index: usize,
    limits: &Limits,
) -> Result<RequestDetail, DetailError> {
    if bytes.len() > limits.input_bytes {
        return Err(DetailError::Input(InputError::TooLarge {
            size: bytes.len(),
            limit: limits.input_bytes,
        }));
    }
    match sniff(bytes) {
        InputKind::Har => har::request_detail(bytes, index, limits),
        InputKind::SamlTracer => tracer::request_detail(bytes, index, limits),
        InputKind::Unknown if bytes.trim_ascii().is_empty() => {
            Err(DetailError::Input(InputError::Empty))
        }
        kind => Err(DetailError::NoRequests { kind }),
    }
}
