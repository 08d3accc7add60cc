//! `core.status`: what the Status of a Response or LogoutResponse says (SAML Core
//! §3.2.2), with the top-level and second-level codes explained.

use super::{Notes, quote};
use crate::checks::{Finding, RuleId, Severity};
use crate::saml::{Message, MessageKind};

const STATUS_PREFIX: &str = "urn:oasis:names:tc:SAML:2.0:status:";

/// A status code of SAML Core §3.2.2.2, top-level or second-level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusCode {
    Success,
    Requester,
    Responder,
    VersionMismatch,
    AuthnFailed,
    InvalidAttrNameOrValue,
    InvalidNameIdPolicy,
    NoAuthnContext,
    NoAvailableIdp,
    NoPassive,
    NoSupportedIdp,
    PartialLogout,
    ProxyCountExceeded,
    RequestDenied,
    RequestUnsupported,
    RequestVersionDeprecated,
    RequestVersionTooHigh,
    RequestVersionTooLow,
    ResourceNotRecognized,
    TooManyResponses,
    UnknownAttrProfile,
    UnknownPrincipal,
    UnsupportedBinding,
}

impl StatusCode {
    fn parse(uri: &str) -> Option<StatusCode> {
        use StatusCode::*;
        Some(match uri.strip_prefix(STATUS_PREFIX)? {
            "Success" => Success,
            "Requester" => Requester,
            "Responder" => Responder,
            "VersionMismatch" => VersionMismatch,
            "AuthnFailed" => AuthnFailed,
            "InvalidAttrNameOrValue" => InvalidAttrNameOrValue,
            "InvalidNameIDPolicy" => InvalidNameIdPolicy,
            "NoAuthnContext" => NoAuthnContext,
            "NoAvailableIDP" => NoAvailableIdp,
            "NoPassive" => NoPassive,
            "NoSupportedIDP" => NoSupportedIdp,
            "PartialLogout" => PartialLogout,
            "ProxyCountExceeded" => ProxyCountExceeded,
            "RequestDenied" => RequestDenied,
            "RequestUnsupported" => RequestUnsupported,
            "RequestVersionDeprecated" => RequestVersionDeprecated,
            "RequestVersionTooHigh" => RequestVersionTooHigh,
            "RequestVersionTooLow" => RequestVersionTooLow,
            "ResourceNotRecognized" => ResourceNotRecognized,
            "TooManyResponses" => TooManyResponses,
            "UnknownAttrProfile" => UnknownAttrProfile,
            "UnknownPrincipal" => UnknownPrincipal,
            "UnsupportedBinding" => UnsupportedBinding,
            _ => return None,
        })
    }

    /// What the code means, in a sentence.
    fn meaning(self) -> &'static str {
        use StatusCode::*;
        match self {
            Success => "the request succeeded",
            Requester => {
                "the IdP blames the request (the SP's AuthnRequest or the user's part of it)"
            }
            Responder => "the IdP itself could not complete the request",
            VersionMismatch => "the IdP does not accept the SAML version of the request",
            AuthnFailed => {
                "the IdP could not authenticate the user (wrong credentials, MFA failed or cancelled, account locked or not assigned)"
            }
            InvalidAttrNameOrValue => {
                "an attribute name or value in the request was not acceptable"
            }
            InvalidNameIdPolicy => {
                "the IdP cannot produce a NameID in the format the AuthnRequest's NameIDPolicy asked for"
            }
            NoAuthnContext => {
                "the IdP cannot authenticate the user the way the request's RequestedAuthnContext demands (e.g. a specific MFA or password class)"
            }
            NoAvailableIdp => "no IdP in the proxy's list is available",
            NoPassive => {
                "the request asked for passive sign-in (IsPassive) but the user has no session and must interact"
            }
            NoSupportedIdp => "none of the IdPs the proxy knows is supported",
            PartialLogout => "logout did not reach every session participant",
            ProxyCountExceeded => "the request may not be proxied further",
            RequestDenied => {
                "the IdP refused the request (policy: user not assigned to the application, conditional access, blocked)"
            }
            RequestUnsupported => {
                "the IdP does not support the request (an option or binding it does not implement)"
            }
            RequestVersionDeprecated => "the request's SAML version is deprecated at the IdP",
            RequestVersionTooHigh => "the request's SAML version is too high for the IdP",
            RequestVersionTooLow => "the request's SAML version is too low for the IdP",
            ResourceNotRecognized => "the IdP does not recognise a resource named in the request",
            TooManyResponses => "the response would hold more elements than the request allowed",
            UnknownAttrProfile => "the IdP does not know the attribute profile asked for",
            UnknownPrincipal => "the IdP does not know the user the request names",
            UnsupportedBinding => "the IdP cannot answer with the binding the request asked for",
        }
    }

    /// What to do about it.
    fn fix(self) -> &'static str {
        use StatusCode::*;
        match self {
            AuthnFailed => {
                "Look up the sign-in attempt in the IdP's sign-in logs: the reason (password, MFA, locked or disabled account) is recorded there."
            }
            InvalidNameIdPolicy => {
                "Make the NameID format the SP asks for (NameIDPolicy Format in the AuthnRequest) one the IdP application is set to send, or configure the SP to ask for the format the IdP sends (unspecified accepts any)."
            }
            NoAuthnContext => {
                "Align the authentication method the SP requests (RequestedAuthnContext) with what the IdP can do, or have the SP stop requesting a specific one."
            }
            NoPassive => {
                "Sign in at the IdP first, or have the SP send the AuthnRequest without IsPassive=\"true\"."
            }
            RequestDenied => {
                "Check that the user (or a group they are in) is assigned to the application at the IdP, and the IdP's access policies (conditional access, network zones, device rules) for this sign-in."
            }
            UnknownPrincipal => {
                "The user the request names does not exist at the IdP: check the user name (case included) and the directory the IdP uses."
            }
            RequestUnsupported | UnsupportedBinding => {
                "Compare the AuthnRequest's options (ProtocolBinding, NameIDPolicy, ForceAuthn, IsPassive) with what the IdP supports, and the bindings in both metadata files."
            }
            VersionMismatch
            | RequestVersionDeprecated
            | RequestVersionTooHigh
            | RequestVersionTooLow => "Send SAML 2.0 requests (Version=\"2.0\").",
            Responder => {
                "The error is on the IdP side: its logs for this request say what failed (often a signing-key, configuration or attribute-mapping problem)."
            }
            Requester => {
                "Check the AuthnRequest (issuer known to the IdP, ACS URL registered for the application) and the IdP's logs for this request."
            }
            _ => "Look up this request in the IdP's logs for the detailed reason.",
        }
    }
}

/// `core.status`: the Status of a Response or LogoutResponse (SAML Core §3.2.2).
pub(super) fn status(message: &Message) -> Finding {
    let mut notes = Notes::new(RuleId::CoreStatus);
    let Some(status) = message.status() else {
        notes.add(
            Severity::Error,
            "The response has no Status",
            "A Response must carry samlp:Status with a StatusCode; this one has none, so no SP can treat it as a successful sign-in.",
            "Check what produced this response: an IdP always includes the Status element.",
        );
        return notes.finish("");
    };
    let Some(code) = status.code.as_deref() else {
        notes.add(
            Severity::Error,
            "The Status has no StatusCode value",
            "samlp:Status is present but its StatusCode has no Value.",
            "Check what produced this response: an IdP always includes the StatusCode Value.",
        );
        return notes.finish("");
    };
    let message_text = status
        .message
        .as_deref()
        .map(|text| format!(" The IdP's StatusMessage: {}.", quote(text)))
        .unwrap_or_default();
    if status.is_success() {
        notes.fact(Severity::Pass, format!("StatusCode Success.{message_text}"));
        return notes.finish("The IdP reports success");
    }
    let top = StatusCode::parse(code);
    let sub = status.sub_code.as_deref();
    let sub_code = sub.and_then(StatusCode::parse);
    let top_text = match top {
        Some(known) => format!("StatusCode {} means {}.", short(code), known.meaning()),
        None => format!("StatusCode {} is not a SAML status code.", quote(code)),
    };
    let sub_text = match (sub, sub_code) {
        (Some(sub), Some(known)) => format!(
            " The second-level code {} says {}.",
            short(sub),
            known.meaning()
        ),
        (Some(sub), None) => format!(" The second-level code is {}.", quote(sub)),
        (None, _) => String::new(),
    };
    let title = match sub {
        Some(sub) => format!("The IdP answered {} / {}", short(code), short(sub)),
        None => format!("The IdP answered {}", short(code)),
    };
    let fix = sub_code.or(top).map_or(
        "Look up this request in the IdP's logs for the detailed reason.",
        StatusCode::fix,
    );
    // A failed sign-in stops the login; a failed logout leaves sessions behind.
    let (severity, outcome) = if message.kind == MessageKind::LogoutResponse {
        (
            Severity::Warning,
            " The logout did not complete: sessions may remain open at the IdP or other SPs.",
        )
    } else {
        (
            Severity::Error,
            " No assertion is issued with a failure status, so the sign-in stops here.",
        )
    };
    notes.add(
        severity,
        title,
        format!("{top_text}{sub_text}{message_text}{outcome}"),
        fix,
    );
    notes.finish("")
}

/// A status code URI without the common prefix.
fn short(code: &str) -> String {
    match code.strip_prefix(STATUS_PREFIX) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => quote(code),
    }
}
