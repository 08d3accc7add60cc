//! Recognising the identity provider from the Issuer or metadata, and wording fixes in
//! its own terms (Okta attribute statements, Entra claims, ADFS claim rules...).
//!
//! [`recognise`] looks at the message's issuers (Response, then Assertion; for
//! metadata its `entityID`s), then at the IdP metadata the user loaded, and returns the
//! product with the evidence. [`where_to_change`] is what every pack calls to say where
//! a [`Setting`] lives in that product, [`fix`] words a whole [`Fix`] and [`place`]
//! names a [`Place`] inside a sentence; without a recognised IdP each words it
//! generically. Packs never name an IdP product themselves: its wording lives here. Recognition is by URL shape only: an Issuer is whatever the IdP admin
//! typed for some products (PingFederate, ADFS can be renamed), so `None` is common
//! and fine.

use super::flow::{Flow, MetadataRole};
use crate::saml::{Body, Message};
use serde::Serialize;

/// An identity provider product we know how to talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IdpGuess {
    pub idp: Idp,
    /// E.g. "Issuer `http://www.okta.com/exk1...`"
    pub evidence: String,
}

/// Recognises the IdP of a message (from its issuers, or the IdP metadata loaded), if it
/// is one we know.
pub fn recognise(message: &Message, flow: &Flow<'_>) -> Option<IdpGuess> {
    let mut candidates: Vec<(String, &str)> = Vec::new();
    if let Some(issuer) = message.header().and_then(|header| header.issuer.as_ref()) {
        candidates.push(("Issuer".to_owned(), &issuer.value));
    }
    if let Some(issuer) = message
        .evaluated_assertion()
        .and_then(|assertion| assertion.issuer.as_ref())
    {
        candidates.push(("Assertion Issuer".to_owned(), &issuer.value));
    }
    if let Body::Metadata { entities } = &message.body {
        for entity_id in entities.iter().filter_map(|e| e.entity_id.as_deref()) {
            candidates.push(("metadata entityID".to_owned(), entity_id));
        }
    }
    for entity in &flow.metadata {
        if entity.role == MetadataRole::IdentityProvider
            && let Some(entity_id) = entity.entity_id.as_deref()
        {
            candidates.push((
                format!("IdP metadata entityID (from {})", entity.source),
                entity_id,
            ));
        }
    }
    candidates.into_iter().find_map(|(label, value)| {
        recognise_issuer(value).map(|idp| IdpGuess {
            idp,
            evidence: format!("{label} {value}"),
        })
    })
}

/// Recognises an IdP from one issuer or entity id, by the shapes the products publish:
/// Okta `http://www.okta.com/<id>`, Entra ID `https://sts.windows.net/<tenant>/` (or
/// `https://login.microsoftonline.com/<tenant>/...`), AD FS
/// `http(s)://<host>/adfs/services/trust`, Google `https://accounts.google.com/o/saml2?idpid=`,
/// PingOne / PingFederate hosts, OneLogin `https://<sub>.onelogin.com/saml/metadata/<id>`,
/// Keycloak `.../realms/<realm>`.
pub fn recognise_issuer(issuer: &str) -> Option<Idp> {
    let issuer = issuer.trim();
    let rest = issuer
        .strip_prefix("https://")
        .or_else(|| issuer.strip_prefix("http://"))?;
    let (host, path) = match rest.find(['/', '?']) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.split(':').next().unwrap_or_default();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    let path_lower = path.to_ascii_lowercase();
    if under("okta.com") || under("oktapreview.com") || under("okta-emea.com") {
        return Some(Idp::Okta);
    }
    if host == "sts.windows.net"
        || host == "login.microsoftonline.com"
        || host == "login.microsoftonline.us"
        || host == "sts.chinacloudapi.cn"
    {
        return Some(Idp::EntraId);
    }
    if path_lower
        .trim_end_matches('/')
        .ends_with("/adfs/services/trust")
    {
        return Some(Idp::Adfs);
    }
    if host == "accounts.google.com" && path.starts_with("/o/saml2") {
        return Some(Idp::Google);
    }
    if [
        "pingone.com",
        "pingone.eu",
        "pingone.asia",
        "pingone.ca",
        "pingidentity.com",
    ]
    .iter()
    .any(|domain| under(domain))
        || host.contains("pingfederate")
    {
        return Some(Idp::Ping);
    }
    if under("onelogin.com") {
        return Some(Idp::OneLogin);
    }
    if let Some(at) = path.find("/realms/") {
        let realm = &path[at + "/realms/".len()..];
        if !realm.is_empty() && !realm.trim_end_matches('/').contains('/') {
            return Some(Idp::Keycloak);
        }
    }
    None
}

/// A setting a fix asks the user to change at the IdP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// Which attributes are sent and their values (names, whitespace, case).
    AttributeMapping,
    /// The NameID format.
    NameIdFormat,
    /// Which user property becomes the NameID value (the application user name).
    NameIdValue,
    /// Whether the Response, the Assertion or both are signed.
    Signing,
    /// Downloading the signing certificate / metadata to upload at the SP.
    SigningCertificate,
    /// The signature and digest algorithms.
    SignatureAlgorithm,
    /// The SP entity id the IdP puts in the Audience.
    EntityId,
    /// The ACS URL the IdP posts to (Destination, Recipient).
    AcsUrl,
}

/// Where `what` is changed, in the recognised IdP's own terms: one sentence, ready to
/// follow a finding's fix. Generic wording when the IdP is unknown.
pub fn where_to_change(idp: Option<&IdpGuess>, what: Setting) -> String {
    let Some(guess) = idp else {
        return generic(what).to_owned();
    };
    let text = match (guess.idp, what) {
        (Idp::Okta, Setting::AttributeMapping) => {
            "In Okta: the application's Sign On tab, SAML settings, Attribute Statements (check each name and value expression; no spaces)."
        }
        (Idp::Okta, Setting::NameIdFormat) => {
            "In Okta: the application's SAML settings, Name ID format."
        }
        (Idp::Okta, Setting::NameIdValue) => {
            "In Okta: the application's Sign On tab, Application username format (and the user's application username on the Assignments tab)."
        }
        (Idp::Okta, Setting::Signing) => {
            "In Okta: the application's SAML settings, advanced settings, Response and Assertion Signature (Signed)."
        }
        (Idp::Okta, Setting::SigningCertificate) => {
            "In Okta: the application's Sign On tab, SAML Signing Certificates: download the active certificate or the IdP metadata."
        }
        (Idp::Okta, Setting::SignatureAlgorithm) => {
            "In Okta: the application's SAML settings, Signature Algorithm RSA-SHA256 and Digest Algorithm SHA256."
        }
        (Idp::Okta, Setting::EntityId) => {
            "In Okta: the application's SAML settings, Audience URI (SP Entity ID)."
        }
        (Idp::Okta, Setting::AcsUrl) => {
            "In Okta: the application's SAML settings, Single sign-on URL (and Recipient URL / Destination URL if set apart)."
        }
        (Idp::EntraId, Setting::AttributeMapping) => {
            "In Microsoft Entra ID: Enterprise applications, the application, Single sign-on, Attributes & Claims (claim mapping; a ToLower() or Trim() claim transformation fixes case and spaces)."
        }
        (Idp::EntraId, Setting::NameIdFormat) => {
            "In Microsoft Entra ID: Single sign-on, Attributes & Claims, Unique User Identifier (Name ID), Name identifier format."
        }
        (Idp::EntraId, Setting::NameIdValue) => {
            "In Microsoft Entra ID: Single sign-on, Attributes & Claims, Unique User Identifier (Name ID) source attribute (a ToLower() claim transformation makes the case predictable)."
        }
        (Idp::EntraId, Setting::Signing) => {
            "In Microsoft Entra ID: Single sign-on, SAML Certificates, Edit, Signing Option (Sign SAML response and assertion)."
        }
        (Idp::EntraId, Setting::SigningCertificate) => {
            "In Microsoft Entra ID: Single sign-on, SAML Certificates: download Certificate (Base64) or the Federation Metadata XML, not the Raw certificate."
        }
        (Idp::EntraId, Setting::SignatureAlgorithm) => {
            "In Microsoft Entra ID: Single sign-on, SAML Certificates, Edit, Signing Algorithm SHA-256."
        }
        (Idp::EntraId, Setting::EntityId) => {
            "In Microsoft Entra ID: Single sign-on, Basic SAML Configuration, Identifier (Entity ID)."
        }
        (Idp::EntraId, Setting::AcsUrl) => {
            "In Microsoft Entra ID: Single sign-on, Basic SAML Configuration, Reply URL (Assertion Consumer Service URL)."
        }
        (Idp::Adfs, Setting::AttributeMapping) => {
            "In AD FS: the relying party trust, Edit Claim Issuance Policy, the claim rules that emit these attributes."
        }
        (Idp::Adfs, Setting::NameIdFormat) => {
            "In AD FS: the relying party trust's claim rules: a Transform an Incoming Claim rule to Name ID with the outgoing name ID format."
        }
        (Idp::Adfs, Setting::NameIdValue) => {
            "In AD FS: the relying party trust's claim rules: the rule that issues the Name ID (its incoming claim type)."
        }
        (Idp::Adfs, Setting::Signing) => {
            "In AD FS: Set-AdfsRelyingPartyTrust -TargetName <trust> -SamlResponseSignature MessageAndAssertion."
        }
        (Idp::Adfs, Setting::SigningCertificate) => {
            "In AD FS: Service, Certificates, Token-signing: export it (Base-64 X.509) or publish FederationMetadata.xml."
        }
        (Idp::Adfs, Setting::SignatureAlgorithm) => {
            "In AD FS: the relying party trust's Properties, Advanced tab, Secure hash algorithm SHA-256."
        }
        (Idp::Adfs, Setting::EntityId) => {
            "In AD FS: the relying party trust's Properties, Identifiers tab (relying party identifier)."
        }
        (Idp::Adfs, Setting::AcsUrl) => {
            "In AD FS: the relying party trust's Properties, Endpoints tab (SAML Assertion Consumer Endpoints)."
        }
        (Idp::Google, Setting::AttributeMapping) => {
            "In the Google Admin console: Apps, Web and mobile apps, the SAML app, SAML attribute mapping."
        }
        (Idp::Google, Setting::NameIdFormat) => {
            "In the Google Admin console: the SAML app's Service provider details, Name ID format."
        }
        (Idp::Google, Setting::NameIdValue) => {
            "In the Google Admin console: the SAML app's Service provider details, Name ID (the Google directory field sent)."
        }
        (Idp::Google, Setting::Signing) => {
            "In the Google Admin console: the SAML app's Service provider details, Signed response (on signs the whole response)."
        }
        (Idp::Google, Setting::SigningCertificate) => {
            "In the Google Admin console: the SAML app's Google Identity Provider details: download the certificate or the IdP metadata."
        }
        (Idp::Google, Setting::SignatureAlgorithm) => {
            "Google signs with RSA-SHA256; a SHA-1 signature means the message did not come from Google as configured."
        }
        (Idp::Google, Setting::EntityId) => {
            "In the Google Admin console: the SAML app's Service provider details, Entity ID."
        }
        (Idp::Google, Setting::AcsUrl) => {
            "In the Google Admin console: the SAML app's Service provider details, ACS URL."
        }
        (Idp::Ping, Setting::AttributeMapping) => {
            "In PingFederate: the SP connection's Attribute Contract and Attribute Contract Fulfillment (PingOne: the application's Attribute Mappings)."
        }
        (Idp::Ping, Setting::NameIdFormat) => {
            "In PingFederate: the SP connection's Attribute Contract, SAML_SUBJECT and its name format (PingOne: the application's Subject NameID format)."
        }
        (Idp::Ping, Setting::NameIdValue) => {
            "In PingFederate: Attribute Contract Fulfillment for SAML_SUBJECT (PingOne: the saml_subject attribute mapping)."
        }
        (Idp::Ping, Setting::Signing) => {
            "In PingFederate: the SP connection's Protocol Settings, Signature Policy (sign the response, or always sign the assertion)."
        }
        (Idp::Ping, Setting::SigningCertificate) => {
            "In PingFederate: Security, Signing & Decryption Keys & Certificates: export the signing certificate (PingOne: the application's signing key, download)."
        }
        (Idp::Ping, Setting::SignatureAlgorithm) => {
            "In PingFederate: the SP connection's Credentials, Digital Signature Settings: RSA SHA256 (PingOne: Signing algorithm SHA256withRSA)."
        }
        (Idp::Ping, Setting::EntityId) => {
            "In PingFederate: the SP connection's Partner's Entity ID (PingOne: the application's Entity ID)."
        }
        (Idp::Ping, Setting::AcsUrl) => {
            "In PingFederate: the SP connection's Protocol Settings, Assertion Consumer Service URL (PingOne: ACS URLs)."
        }
        (Idp::OneLogin, Setting::AttributeMapping) => {
            "In OneLogin: the application's Parameters tab (each attribute's value, include in SAML assertion)."
        }
        (Idp::OneLogin, Setting::NameIdFormat) => {
            "In OneLogin: the application's SSO tab, SAML nameID format."
        }
        (Idp::OneLogin, Setting::NameIdValue) => {
            "In OneLogin: the application's Parameters tab, NameID value."
        }
        (Idp::OneLogin, Setting::Signing) => {
            "In OneLogin: the application's SSO tab, SAML signature element: Response or Both."
        }
        (Idp::OneLogin, Setting::SigningCertificate) => {
            "In OneLogin: the application's SSO tab, X.509 Certificate, View Details: download it or the SAML metadata."
        }
        (Idp::OneLogin, Setting::SignatureAlgorithm) => {
            "In OneLogin: the application's SSO tab, SAML Signature Algorithm SHA-256."
        }
        (Idp::OneLogin, Setting::EntityId) => {
            "In OneLogin: the application's Configuration tab, Audience (EntityID)."
        }
        (Idp::OneLogin, Setting::AcsUrl) => {
            "In OneLogin: the application's Configuration tab, ACS (Consumer) URL."
        }
        (Idp::Keycloak, Setting::AttributeMapping) => {
            "In Keycloak: the SAML client's mappers (Client scopes, the client's dedicated scope, Mappers)."
        }
        (Idp::Keycloak, Setting::NameIdFormat) => {
            "In Keycloak: the SAML client's settings, SAML capabilities, Name ID format (and Force name ID format)."
        }
        (Idp::Keycloak, Setting::NameIdValue) => {
            "In Keycloak: a User Attribute Mapper For NameID on the SAML client, or the Name ID format (email / username)."
        }
        (Idp::Keycloak, Setting::Signing) => {
            "In Keycloak: the SAML client's Signature and Encryption settings, Sign documents and Sign assertions."
        }
        (Idp::Keycloak, Setting::SigningCertificate) => {
            "In Keycloak: Realm settings, Keys, the RS256 key's Certificate (or the realm's IdP metadata descriptor)."
        }
        (Idp::Keycloak, Setting::SignatureAlgorithm) => {
            "In Keycloak: the SAML client's Signature and Encryption settings, Signature algorithm RSA_SHA256."
        }
        (Idp::Keycloak, Setting::EntityId) => {
            "In Keycloak: the SAML client's Client ID (it is the SP entity id)."
        }
        (Idp::Keycloak, Setting::AcsUrl) => {
            "In Keycloak: the SAML client's Advanced tab, Assertion Consumer Service POST Binding URL."
        }
    };
    text.to_owned()
}

fn generic(what: Setting) -> &'static str {
    match what {
        Setting::AttributeMapping => {
            "In the IdP: the application's attribute mapping (the attributes it sends and their values)."
        }
        Setting::NameIdFormat => "In the IdP: the application's NameID format setting.",
        Setting::NameIdValue => {
            "In the IdP: the user property sent as the NameID (the application user name)."
        }
        Setting::Signing => {
            "In the IdP: the application's signing setting (sign the response and the assertion)."
        }
        Setting::SigningCertificate => {
            "In the IdP: download the application's signing certificate (Base64/PEM) or its IdP metadata."
        }
        Setting::SignatureAlgorithm => {
            "In the IdP: the application's signature algorithm (RSA-SHA256, digest SHA-256)."
        }
        Setting::EntityId => "In the IdP: the application's SP entity id / audience setting.",
        Setting::AcsUrl => "In the IdP: the application's ACS (reply, single sign-on) URL.",
    }
}

/// A fix a pack suggests at the IdP, worded in the recognised IdP's own terms (a
/// sentence or two; generic wording when the IdP is unknown or has no words for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fix {
    /// Make the Audience exactly the SP's entity ID (`core.audience`).
    SpEntityId,
    /// Send a NameID without surrounding whitespace (`core.nameid`).
    CleanNameId,
    /// Send attribute values without surrounding whitespace (`core.attr.whitespace`).
    CleanAttributeValue,
    /// Make the IdP's issuer and the one the SP has on file identical (`core.issuer`).
    SameIssuer,
    /// Post to exactly the SP's ACS URL (`core.destination`, `core.subject.confirmation`).
    AcsUrl,
    /// Make RoleSessionName the Amazon Connect user name (`connect.username`).
    ConnectUserName,
}

/// The fix `what`, in the terms of the IdP `idp` (when recognised).
pub fn fix(idp: Option<&IdpGuess>, what: Fix) -> &'static str {
    match (what, idp.map(|guess| guess.idp)) {
        (Fix::SpEntityId, Some(Idp::Okta)) => {
            "In the Okta application's SAML settings set \"Audience URI (SP Entity ID)\" to exactly the SP's entity ID."
        }
        (Fix::SpEntityId, Some(Idp::EntraId)) => {
            "In the Entra ID enterprise application's Basic SAML Configuration set \"Identifier (Entity ID)\" to exactly the SP's entity ID and make it the default."
        }
        (Fix::SpEntityId, Some(Idp::Adfs)) => {
            "In AD FS add the SP's entity ID, exactly, as a relying party identifier of the relying party trust (Identifiers tab)."
        }
        (Fix::SpEntityId, Some(Idp::Google)) => {
            "In the Google Workspace custom SAML app's Service provider details set \"Entity ID\" to exactly the SP's entity ID."
        }
        (Fix::SpEntityId, Some(Idp::Ping)) => {
            "In the Ping SP connection set the Partner's Entity ID (Connection ID) to exactly the SP's entity ID."
        }
        (Fix::SpEntityId, Some(Idp::OneLogin)) => {
            "In the OneLogin application's Configuration tab set \"Audience (EntityID)\" to exactly the SP's entity ID."
        }
        (Fix::SpEntityId, Some(Idp::Keycloak)) => {
            "In Keycloak the audience is the SAML client's Client ID: it must equal the SP's entity ID exactly."
        }
        (Fix::SpEntityId, _) => {
            "Set the audience (SP entity ID / identifier) in the IdP application to exactly the SP's entity ID from its metadata."
        }
        (Fix::CleanNameId, Some(Idp::Okta)) => {
            "In the Okta application set \"Application username format\" (Sign On tab) to an attribute without surrounding spaces, or fix the user's profile value."
        }
        (Fix::CleanNameId, Some(Idp::EntraId)) => {
            "In the Entra ID enterprise application (Attributes & Claims) edit \"Unique User Identifier (Name ID)\": pick a clean source attribute or apply a Trim() transformation."
        }
        (Fix::CleanNameId, Some(Idp::Adfs)) => {
            "In AD FS edit the relying party trust's claim rule that issues Name ID so it sends a clean value."
        }
        (Fix::CleanNameId, Some(Idp::Google)) => {
            "In the Google Workspace custom SAML app set \"Name ID\" to a clean directory attribute (Primary email)."
        }
        (Fix::CleanNameId, Some(Idp::Ping)) => {
            "In the Ping SP connection map SAML_SUBJECT to a clean attribute."
        }
        (Fix::CleanNameId, Some(Idp::OneLogin)) => {
            "In the OneLogin application's Parameters set \"NameID value\" to a clean attribute."
        }
        (Fix::CleanNameId, Some(Idp::Keycloak)) => {
            "In the Keycloak SAML client set \"Name ID format\" and its user attribute mapper to a clean attribute."
        }
        (Fix::CleanNameId, _) => {
            "Set the NameID value the IdP application sends (its user identifier mapping) to a clean attribute without surrounding spaces."
        }
        (Fix::CleanAttributeValue, Some(Idp::Okta)) => {
            "In the Okta application's attribute statements, fix the expression or the user's profile value so it has no surrounding spaces."
        }
        (Fix::CleanAttributeValue, Some(Idp::EntraId)) => {
            "In the Entra ID enterprise application (Attributes & Claims), pick a clean source attribute or add a Trim() claim transformation."
        }
        (Fix::CleanAttributeValue, Some(Idp::Adfs)) => {
            "In the AD FS claim rules of the relying party trust, fix the source value or use a custom rule that trims it (RegExReplace)."
        }
        (Fix::CleanAttributeValue, _) => {
            "Remove the surrounding whitespace from the source value at the IdP (the user's profile field or the attribute mapping); attribute values are compared exactly."
        }
        (Fix::SameIssuer, Some(Idp::Okta)) => {
            "In Okta the issuer is the application's \"Identity Provider Issuer\" (Sign On tab, SAML setup instructions): create or update the SP's provider from that application's metadata, not another app's."
        }
        (Fix::SameIssuer, Some(Idp::EntraId)) => {
            "In Entra ID the issuer is https://sts.windows.net/<tenant-id>/ with the trailing slash: download the enterprise application's Federation Metadata XML and update the SP's provider with it."
        }
        (Fix::SameIssuer, Some(Idp::Adfs)) => {
            "AD FS issues its Federation Service Identifier (AD FS Management, Service, Edit Federation Service Properties), usually http://<host>/adfs/services/trust with http: update the SP's provider from the current FederationMetadata.xml."
        }
        (Fix::SameIssuer, Some(Idp::Google)) => {
            "Google Workspace uses the Entity ID shown in the custom SAML app's Google IdP details: download that app's IdP metadata and update the SP's provider."
        }
        (Fix::SameIssuer, Some(Idp::Ping)) => {
            "Ping uses the connection's or server's Entity ID (SAML 2.0 Entity ID): export the IdP metadata for this connection and update the SP's provider."
        }
        (Fix::SameIssuer, Some(Idp::OneLogin)) => {
            "OneLogin uses the Issuer URL of this application (SSO tab): download the app's SAML metadata and update the SP's provider."
        }
        (Fix::SameIssuer, Some(Idp::Keycloak)) => {
            "Keycloak issues the realm URL (https://<host>/realms/<realm>): download the realm's SAML IdP descriptor and update the SP's provider."
        }
        (Fix::SameIssuer, _) => {
            "Make the IdP's entity ID (issuer) and the one the SP has on file identical: download the IdP metadata again and update the SP (for IAM: `aws iam update-saml-provider` with that metadata)."
        }
        (Fix::AcsUrl, Some(Idp::Okta)) => {
            "In the Okta application's SAML settings set \"Single sign-on URL\" to exactly the SP's ACS URL (and, if \"Use this for Recipient URL and Destination URL\" is unchecked, the Recipient and Destination URLs too)."
        }
        (Fix::AcsUrl, Some(Idp::EntraId)) => {
            "In the Entra ID enterprise application's Basic SAML Configuration set \"Reply URL (Assertion Consumer Service URL)\" to exactly the SP's ACS URL, and make it the default."
        }
        (Fix::AcsUrl, Some(Idp::Adfs)) => {
            "In the AD FS relying party trust (Endpoints tab) set the SAML Assertion Consumer Endpoint to exactly the SP's ACS URL (POST binding)."
        }
        (Fix::AcsUrl, Some(Idp::Google)) => {
            "In the Google Workspace custom SAML app's Service provider details set \"ACS URL\" to exactly the SP's ACS URL."
        }
        (Fix::AcsUrl, Some(Idp::Ping)) => {
            "In the Ping SP connection set the Assertion Consumer Service URL (POST) to exactly the SP's ACS URL."
        }
        (Fix::AcsUrl, Some(Idp::OneLogin)) => {
            "In the OneLogin application's Configuration tab set \"ACS (Consumer) URL\" (and the Recipient) to exactly the SP's ACS URL."
        }
        (Fix::AcsUrl, Some(Idp::Keycloak)) => {
            "In the Keycloak SAML client set \"Assertion Consumer Service POST Binding URL\" to exactly the SP's ACS URL."
        }
        (Fix::AcsUrl, _) => {
            "Set the IdP application's ACS (reply / single sign-on) URL to exactly the SP's ACS URL, as listed in the SP metadata."
        }
        (Fix::ConnectUserName, Some(Idp::EntraId)) => {
            "Make the RoleSessionName claim produce the Connect user name exactly (e.g. user.userprincipalname with a ToLower() or ExtractMailPrefix() transformation), or rename the Connect user to match."
        }
        (Fix::ConnectUserName, Some(Idp::Okta)) => {
            "Make the RoleSessionName attribute statement (or the application username format) produce the Connect user name exactly, or rename the Connect user to match."
        }
        (Fix::ConnectUserName, Some(Idp::Adfs)) => {
            "Change the RoleSessionName claim rule to emit the Connect user name exactly, or rename the Connect user to match."
        }
        (Fix::ConnectUserName, _) => {
            "Make the IdP's RoleSessionName attribute produce the Connect user name exactly, or rename the Connect user to match."
        }
    }
}

/// A place in the IdP's settings, named inside a sentence ("set in {place}"), in the
/// recognised IdP's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Place {
    /// Where the AWS application's attributes are mapped.
    AwsAttributeMapping,
    /// Where the AWS application's audience (SP entity ID) is set.
    AwsAudience,
    /// Where the AWS application's Response / Assertion signing is set.
    AwsSigning,
    /// Where the IdP application's RelayState is set (the same words for every IdP: it
    /// names where the three most common ones keep it).
    RelayState,
}

/// Where `what` is, in the terms of the IdP `idp` (when recognised).
pub fn place(idp: Option<&IdpGuess>, what: Place) -> &'static str {
    match (what, idp.map(|guess| guess.idp)) {
        (Place::AwsAttributeMapping, Some(Idp::Okta)) => {
            "the AWS app's attribute statements in Okta"
        }
        (Place::AwsAttributeMapping, Some(Idp::EntraId)) => {
            "the enterprise application's Attributes & Claims in Microsoft Entra ID"
        }
        (Place::AwsAttributeMapping, Some(Idp::Adfs)) => {
            "the claim rules of the AWS relying party trust in AD FS"
        }
        (Place::AwsAttributeMapping, Some(Idp::Google)) => {
            "the SAML app's attribute mapping in the Google Admin console"
        }
        (Place::AwsAttributeMapping, Some(Idp::Ping)) => {
            "the attribute contract of the AWS connection in Ping"
        }
        (Place::AwsAttributeMapping, Some(Idp::OneLogin)) => "the AWS app's Parameters in OneLogin",
        (Place::AwsAttributeMapping, Some(Idp::Keycloak)) => {
            "the client's protocol mappers in Keycloak"
        }
        (Place::AwsAttributeMapping, _) => {
            "the IdP's attribute (claim) mapping for the AWS application"
        }
        (Place::AwsAudience, Some(Idp::EntraId)) => {
            "the Identifier (Entity ID) in the enterprise application's Basic SAML Configuration"
        }
        (Place::AwsAudience, Some(Idp::Okta)) => {
            "the Audience URI (SP Entity ID) of the AWS app in Okta"
        }
        (Place::AwsAudience, Some(Idp::Adfs)) => {
            "the relying party identifier of the AWS relying party trust in AD FS"
        }
        (Place::AwsAudience, Some(Idp::OneLogin)) => "the Audience of the AWS app in OneLogin",
        (Place::AwsAudience, Some(Idp::Google)) => {
            "the Entity ID of the SAML app in the Google Admin console"
        }
        (Place::AwsAudience, Some(Idp::Ping)) => {
            "the partner's Entity ID of the AWS connection in Ping"
        }
        (Place::AwsAudience, Some(Idp::Keycloak)) => "the Client ID of the AWS client in Keycloak",
        (Place::AwsAudience, _) => "the IdP's audience / SP entity id for the AWS application",
        (Place::AwsSigning, Some(Idp::OneLogin)) => {
            "OneLogin's \"SAML signature element\" (Response or Both)"
        }
        (Place::AwsSigning, Some(Idp::Okta)) => {
            "the AWS app's signing settings in Okta (Assertion Signature: Signed)"
        }
        (Place::AwsSigning, Some(Idp::EntraId)) => {
            "the Signing Option in Entra ID's SAML Signing Certificate settings (Sign SAML response and assertion)"
        }
        (Place::AwsSigning, Some(Idp::Adfs)) => {
            "the relying party trust's SamlResponseSignature in AD FS (MessageAndAssertion)"
        }
        (Place::AwsSigning, Some(Idp::Ping)) => {
            "the connection's signature policy in Ping (sign the response and assertion, RSA-SHA256)"
        }
        (Place::AwsSigning, Some(Idp::Keycloak)) => {
            "the client's \"Sign documents\" / \"Sign assertions\" switches in Keycloak"
        }
        (Place::AwsSigning, Some(Idp::Google) | None) => {
            "the IdP's signing setting for the AWS application (OneLogin: \"SAML signature element\" = Response or Both; Okta: Assertion Signature = Signed; Entra ID: Signing Option = Sign SAML response and assertion; AD FS: SamlResponseSignature = MessageAndAssertion)"
        }
        (Place::RelayState, _) => {
            "the IdP application's RelayState (Okta: Default Relay State; Entra ID: Relay State; AD FS: the RelayState of the IdP-initiated URL)"
        }
    }
}

/// The subject of the signing certificate Microsoft Entra ID generates for an
/// application (`iic.entra.cert`).
pub const ENTRA_SIGNING_CERT_SUBJECT: &str = "CN=Microsoft Azure Federated SSO Certificate";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_issuer_shapes() {
        let table: &[(&str, Option<Idp>)] = &[
            ("http://www.okta.com/exk1example2idp3", Some(Idp::Okta)),
            (
                "https://sts.windows.net/5f0e2a4c-0b1d-4c6e-9a7f-3d2b1c0e9f8a/",
                Some(Idp::EntraId),
            ),
            (
                "https://login.microsoftonline.com/5f0e2a4c-0b1d-4c6e-9a7f-3d2b1c0e9f8a/saml2",
                Some(Idp::EntraId),
            ),
            (
                "http://adfs.example.test/adfs/services/trust",
                Some(Idp::Adfs),
            ),
            (
                "https://sts.corp.example/adfs/services/trust",
                Some(Idp::Adfs),
            ),
            (
                "https://accounts.google.com/o/saml2?idpid=C01abcde2",
                Some(Idp::Google),
            ),
            (
                "https://auth.pingone.eu/3a2b1c0d-1111-2222-3333-444455556666",
                Some(Idp::Ping),
            ),
            (
                "https://app.onelogin.com/saml/metadata/1a2b3c4d",
                Some(Idp::OneLogin),
            ),
            ("https://sso.example.test/realms/corp", Some(Idp::Keycloak)),
            (
                "https://sso.example.test/auth/realms/corp/",
                Some(Idp::Keycloak),
            ),
            ("https://idp.example.test/saml", None),
            ("https://okta.com.evil.example/x", None),
            ("urn:example:idp", None),
            ("", None),
        ];
        for (issuer, expected) in table {
            assert_eq!(recognise_issuer(issuer), *expected, "{issuer}");
        }
    }

    #[test]
    fn wording_names_the_idp_setting() {
        let guess = |idp| IdpGuess {
            idp,
            evidence: String::new(),
        };
        assert!(
            where_to_change(Some(&guess(Idp::OneLogin)), Setting::Signing)
                .contains("SAML signature element")
        );
        assert!(
            where_to_change(Some(&guess(Idp::EntraId)), Setting::SigningCertificate)
                .contains("Base64")
        );
        assert!(
            where_to_change(Some(&guess(Idp::Okta)), Setting::AttributeMapping)
                .contains("Attribute Statements")
        );
        assert!(
            where_to_change(Some(&guess(Idp::Adfs)), Setting::AttributeMapping)
                .contains("claim rules")
        );
        assert!(where_to_change(None, Setting::AcsUrl).starts_with("In the IdP"));
    }
}
