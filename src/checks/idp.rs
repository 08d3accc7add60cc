//! Recognising the identity provider from the Issuer or metadata, to word fixes in its
//! own terms (Okta attribute statements, Entra claims, ADFS claim rules...).

use super::context::Flow;
use crate::saml::Message;
use serde::Serialize;

/// An identity provider product we know how to talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Idp {
    Okta,
    EntraId,
    Adfs,
    Google,
    Ping,
    OneLogin,
    Keycloak,
}

impl Idp {
    /// The product name as its users know it.
    pub fn name(self) -> &'static str {
        match self {
            Idp::Okta => "Okta",
            Idp::EntraId => "Microsoft Entra ID",
            Idp::Adfs => "AD FS",
            Idp::Google => "Google Workspace",
            Idp::Ping => "Ping Identity",
            Idp::OneLogin => "OneLogin",
            Idp::Keycloak => "Keycloak",
        }
    }
}

/// The IdP and what it was recognised from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdpGuess {
    pub idp: Idp,
    /// E.g. "Issuer http://www.okta.com/exk1..."
    pub evidence: String,
}

/// Recognises the IdP of a message (from its issuers, or the IdP metadata loaded), if it
/// is one we know.
pub fn recognise(_message: &Message, _flow: &Flow) -> Option<IdpGuess> {
    None
}
