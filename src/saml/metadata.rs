//! SAML metadata (SAML Metadata §2): the parts a login diagnosis uses.

use super::signature::EmbeddedCertificate;
use super::time::TimeValue;
use crate::xml::{Document, NS_DS, NS_MD, NodeId};
use serde::Serialize;

/// `md:EntityDescriptor` (SAML Metadata §2.3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityDescriptor {
    #[serde(skip)]
    pub node: NodeId,
    pub entity_id: Option<String>,
    pub valid_until: Option<TimeValue>,
    pub cache_duration: Option<String>,
    pub roles: Vec<RoleDescriptor>,
}

/// Which role a role descriptor describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleKind {
    /// `IDPSSODescriptor`: an identity provider.
    IdentityProvider,
    /// `SPSSODescriptor`: a service provider.
    ServiceProvider,
    /// Another role descriptor, by local name.
    Other(String),
}

/// A role descriptor (SAML Metadata §2.4.1, §2.4.3, §2.4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleDescriptor {
    pub kind: RoleKind,
    pub protocol_support: Option<String>,
    /// IdP: `WantAuthnRequestsSigned`.
    pub want_authn_requests_signed: Option<String>,
    /// SP: `AuthnRequestsSigned`.
    pub authn_requests_signed: Option<String>,
    /// SP: `WantAssertionsSigned`.
    pub want_assertions_signed: Option<String>,
    pub keys: Vec<KeyDescriptor>,
    pub name_id_formats: Vec<String>,
    pub single_sign_on_services: Vec<Endpoint>,
    pub assertion_consumer_services: Vec<Endpoint>,
    pub single_logout_services: Vec<Endpoint>,
}

/// What a key is for (SAML Metadata §2.4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyUse {
    Signing,
    Encryption,
    /// No `use` attribute: the key serves both.
    Unspecified,
}

/// `md:KeyDescriptor` with the certificates in its `ds:KeyInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyDescriptor {
    /// `use` as written when it is neither `signing` nor `encryption`.
    pub usage: KeyUse,
    pub unknown_use: Option<String>,
    pub certificates: Vec<EmbeddedCertificate>,
}

/// An endpoint (SAML Metadata §2.2.2, §2.2.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub binding: Option<String>,
    pub location: Option<String>,
    pub response_location: Option<String>,
    pub index: Option<String>,
    pub is_default: Option<String>,
}

/// Reads an `EntityDescriptor` element.
pub(super) fn read_entity(document: &Document, entity: NodeId) -> EntityDescriptor {
    let attribute = |name| document.attribute(entity, name).map(str::to_owned);
    let roles = document
        .child_elements(entity)
        .filter(|&child| {
            document.element(child).is_some_and(|element| {
                element.namespace.as_deref() == Some(NS_MD)
                    && element.name.local.ends_with("Descriptor")
            })
        })
        .map(|role| read_role(document, role))
        .collect();
    EntityDescriptor {
        node: entity,
        entity_id: attribute("entityID"),
        valid_until: document.attribute(entity, "validUntil").map(TimeValue::new),
        cache_duration: attribute("cacheDuration"),
        roles,
    }
}

fn read_role(document: &Document, role: NodeId) -> RoleDescriptor {
    let local = document
        .element(role)
        .map(|element| &*element.name.local)
        .unwrap_or_default();
    let kind = match local {
        "IDPSSODescriptor" => RoleKind::IdentityProvider,
        "SPSSODescriptor" => RoleKind::ServiceProvider,
        other => RoleKind::Other(other.to_owned()),
    };
    let attribute = |name| document.attribute(role, name).map(str::to_owned);
    let endpoints = |local| {
        document
            .children_named(role, NS_MD, local)
            .map(|endpoint| read_endpoint(document, endpoint))
            .collect()
    };
    RoleDescriptor {
        kind,
        protocol_support: attribute("protocolSupportEnumeration"),
        want_authn_requests_signed: attribute("WantAuthnRequestsSigned"),
        authn_requests_signed: attribute("AuthnRequestsSigned"),
        want_assertions_signed: attribute("WantAssertionsSigned"),
        keys: document
            .children_named(role, NS_MD, "KeyDescriptor")
            .map(|key| read_key(document, key))
            .collect(),
        name_id_formats: document
            .children_named(role, NS_MD, "NameIDFormat")
            .map(|format| document.text(format))
            .collect(),
        single_sign_on_services: endpoints("SingleSignOnService"),
        assertion_consumer_services: endpoints("AssertionConsumerService"),
        single_logout_services: endpoints("SingleLogoutService"),
    }
}

fn read_key(document: &Document, key: NodeId) -> KeyDescriptor {
    let (usage, unknown_use) = match document.attribute(key, "use") {
        None => (KeyUse::Unspecified, None),
        Some("signing") => (KeyUse::Signing, None),
        Some("encryption") => (KeyUse::Encryption, None),
        Some(other) => (KeyUse::Unspecified, Some(other.to_owned())),
    };
    let certificates = document
        .children_named(key, NS_DS, "KeyInfo")
        .flat_map(|key_info| document.children_named(key_info, NS_DS, "X509Data"))
        .flat_map(|data| document.children_named(data, NS_DS, "X509Certificate"))
        .map(|certificate| EmbeddedCertificate::from_base64(&document.text(certificate)))
        .collect();
    KeyDescriptor {
        usage,
        unknown_use,
        certificates,
    }
}

fn read_endpoint(document: &Document, endpoint: NodeId) -> Endpoint {
    let attribute = |name| document.attribute(endpoint, name).map(str::to_owned);
    Endpoint {
        binding: attribute("Binding"),
        location: attribute("Location"),
        response_location: attribute("ResponseLocation"),
        index: attribute("index"),
        is_default: attribute("isDefault"),
    }
}
