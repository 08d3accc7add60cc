//! Findings that decoding alone can make: the input could not be read, a parameter
//! could not be decoded, the XML is not well-formed or declares a DTD, a limit was
//! reached, a HAR holds no SAML.

use super::{Finding, RuleId, Severity};
use crate::decode::DecodeError;
use crate::input::{InputError, InputKind};
use crate::limits::LimitKind;
use crate::xml::{Document, XmlError};
use std::fmt;

/// The finding for an input that could not be read at all.
pub fn unreadable_input(error: &InputError) -> Finding {
    let (id, title, fix) = match error {
        InputError::Empty => (
            RuleId::InputUnrecognized,
            "The input is empty",
            "Drop the HAR file, or paste the SAMLResponse value, redirect URL or XML.",
        ),
        InputError::TooLarge { .. } | InputError::Limit { .. } => (
            RuleId::InputLimit,
            "The input is over a size limit",
            "Export a HAR of only the failing login (clear the Network panel, keep \"Preserve log\" on, sign in again, export), or paste just the SAMLResponse value.",
        ),
        InputError::InvalidHar { .. } => (
            RuleId::InputHarInvalid,
            "The file is not a valid HAR",
            "Export it again from the browser's Network panel (\"Save all as HAR\" / \"Export HAR\"); a truncated or hand-edited file cannot be read.",
        ),
        InputError::Decode(_) => (
            RuleId::InputDecode,
            "The value could not be decoded",
            "Copy the whole value again: from DevTools take the SAMLResponse form field (payload view, \"view source\"/encoded) or the full redirect URL, without truncation.",
        ),
        InputError::Unrecognized { .. } => (
            RuleId::InputUnrecognized,
            "The input was not recognised",
            "Give a HAR file, a base64 SAMLResponse or SAMLRequest, a redirect URL, a form body, SAML XML, IdP/SP metadata or a certificate.",
        ),
    };
    Finding::new(id, Severity::Error, title, error.to_string(), fix)
}

/// The finding for a HAR that holds no SAML message.
pub fn har_without_saml(entries: usize) -> Finding {
    let detail = match entries {
        0 => "The HAR has no requests: it was exported before anything was recorded, or from an emptied Network panel.".to_owned(),
        1 => "Its one request carries no SAMLRequest or SAMLResponse (in a query string, a form body, or an auto-post form in a response page).".to_owned(),
        _ => format!(
            "None of the {entries} requests carries a SAMLRequest or SAMLResponse (in a query string, a form body, or an auto-post form in a response page)."
        ),
    };
    Finding::new(
        RuleId::InputHarNoSaml,
        Severity::Warning,
        "No SAML message in this HAR",
        detail,
        "Record the login again with \"Preserve log\" enabled in the Network panel (the SAML POST happens during a redirect and is lost otherwise), and export with content (\"Save all as HAR with content\").",
    )
}

/// The finding for a SAML parameter whose value could not be decoded; a value past the
/// decoded-size limit (a DEFLATE bomb, say) is a limit finding.
pub fn undecodable_parameter(parameter: &str, error: &DecodeError) -> Finding {
    if let DecodeError::TooLarge { limit } | DecodeError::InflatedTooLarge { limit } = error {
        return limit_finding(LimitKind::DecodedBytes, *limit, error);
    }
    Finding::new(
        RuleId::InputDecode,
        Severity::Error,
        format!("The {parameter} value could not be decoded"),
        error.to_string(),
        "If this came from a HAR, the capture may be truncated; otherwise copy the whole value again. A value copied from a URL must be percent-decoded once, not twice.",
    )
}

/// The finding for XML that could not be parsed.
pub fn unreadable_xml(error: &XmlError) -> Finding {
    match error {
        XmlError::Doctype { .. } => Finding::new(
            RuleId::CoreXmlDoctype,
            Severity::Error,
            "The message declares a DTD: refused",
            format!(
                "{error}. A SAML message never legitimately carries a DOCTYPE; DTDs are how entity-expansion (\"billion laughs\") and external-entity (XXE) attacks work, so the message was not evaluated."
            ),
            "Service providers reject such messages. If your IdP really sends this, it is misconfigured or the message was tampered with.",
        ),
        XmlError::TooDeep { limit, .. } => limit_finding(LimitKind::XmlDepth, *limit, error),
        XmlError::TooManyNodes { limit, .. } => limit_finding(LimitKind::XmlNodes, *limit, error),
        XmlError::TooManyAttributes { limit, .. } => {
            limit_finding(LimitKind::XmlAttributes, *limit, error)
        }
        _ => Finding::new(
            RuleId::CoreXmlWellformed,
            Severity::Error,
            "The message is not well-formed XML",
            format!("The XML could not be read: {error}."),
            "A truncated copy is the usual cause: copy the whole value again. If the IdP really sends this, its SAML library is broken.",
        ),
    }
}

fn limit_finding(kind: LimitKind, limit: usize, error: &dyn fmt::Display) -> Finding {
    Finding::new(
        RuleId::InputLimit,
        Severity::Error,
        format!("The message exceeds the limit on {}", kind.describe()),
        format!("{error}. The limit is {limit}; real SAML messages stay far below it."),
        "This is not a message an IdP produces; it was not evaluated.",
    )
}

/// The passes for XML that parsed: well-formed, no DTD.
pub fn readable_xml(document: &Document) -> [Finding; 2] {
    [
        Finding::new(
            RuleId::CoreXmlWellformed,
            Severity::Pass,
            "Well-formed XML",
            format!(
                "The message parsed into {} nodes ({} bytes).",
                document.len(),
                document.source().len()
            ),
            "",
        ),
        Finding::new(
            RuleId::CoreXmlDoctype,
            Severity::Pass,
            "No DTD",
            "The message declares no DOCTYPE or entities.",
            "",
        ),
    ]
}

/// The finding for XML whose root is not a SAML message or metadata.
pub fn not_saml(root_name: &str, namespace: Option<&str>) -> Finding {
    Finding::new(
        RuleId::InputUnrecognized,
        Severity::Warning,
        "This XML is not a SAML message or metadata",
        format!(
            "The root element is <{root_name}> in namespace {}; expected a SAML 2.0 protocol message (Response, AuthnRequest, LogoutRequest, LogoutResponse) or metadata (EntityDescriptor, EntitiesDescriptor).",
            namespace.map_or_else(|| "(none)".to_owned(), |uri| format!("\"{uri}\""))
        ),
        "SAML 1.1 and WS-Federation tokens are not supported. For a lone Assertion, give the whole Response.",
    )
}

/// The finding for a certificate that could not be read.
pub fn unreadable_certificate(reason: &str) -> Finding {
    Finding::new(
        RuleId::InputCertificate,
        Severity::Error,
        "A certificate could not be read",
        reason.to_owned(),
        "Give the certificate as PEM (-----BEGIN CERTIFICATE-----), DER, or its base64 text.",
    )
}

/// The finding for SAML messages beyond the per-analysis limit.
pub fn too_many_messages(skipped: usize, limit: usize) -> Finding {
    Finding::new(
        RuleId::InputLimit,
        Severity::Warning,
        "Too many SAML messages: the rest were skipped",
        format!("Only the first {limit} SAML messages were analysed; {skipped} more were skipped."),
        "Export a HAR of only the failing login.",
    )
}

/// The phrase for what an input was recognised as, for summaries.
pub fn describe_kind(kind: Option<InputKind>) -> &'static str {
    kind.map_or("unreadable input", InputKind::describe)
}
