//! The trust anchors a user gives (`--trust`, the page's "Trusted IdP keys"): reading
//! them into the [`Options`] of an analysis.
//!
//! A trust anchor is read like any input (the same recognisers, the same limits), then
//! kept for what it is: a certificate's key, IdP or SP metadata's signing keys (and the
//! entity itself, compared with the messages like metadata given as an input), or a
//! certificate fingerprint.

use super::{Input, KeyRole, Options};
use crate::cert;
use crate::checks::context::{MetadataRole, MetadataSeen};
use crate::dsig::Fingerprint;
use crate::input;
use crate::saml::{self, Body, KeyUse};
use crate::xml;

/// Adds the trust anchors in one user-given input to `options.trust`: a certificate
/// (PEM, DER or base64), IdP or SP metadata (its signing and unspecified-use keys, and
/// the entity itself to `options.trusted_metadata`), or a SHA-256 or SHA-1 certificate
/// fingerprint. Returns how many anchors it added, or why it could not.
pub fn load_trust(options: &mut Options, input: Input<'_>) -> Result<usize, String> {
    let limits = &options.limits;
    let store = &mut options.trust;
    if let Some(fingerprint) = std::str::from_utf8(input.bytes)
        .ok()
        .and_then(Fingerprint::parse)
    {
        store.fingerprints.push(fingerprint);
        return Ok(1);
    }
    let extracted = input::extract(0, input.bytes, limits).map_err(|error| error.to_string())?;
    let before = store.keys.len();
    for (index, certificate) in extracted.certificates.iter().enumerate() {
        let info = cert::parse_der(&certificate.der)
            .map_err(|error| format!("certificate {} cannot be read: {error}", index + 1))?;
        let source = if extracted.certificates.len() == 1 {
            input.name.to_owned()
        } else {
            format!("{} (certificate {})", input.name, index + 1)
        };
        store.add_certificate(info, source);
    }
    for capture in &extracted.captures {
        let Ok(bytes) = &capture.payload else {
            continue;
        };
        let Ok(document) = xml::parse(bytes, limits) else {
            continue;
        };
        let Body::Metadata { entities } = saml::read(&document).body else {
            continue;
        };
        options
            .trusted_metadata
            .extend(metadata_entities(&entities, input.name));
        for entity in &entities {
            let entity_id = entity.entity_id.as_deref().unwrap_or("metadata");
            for role in &entity.roles {
                let side = match role.kind {
                    saml::RoleKind::IdentityProvider => Some(MetadataRole::IdentityProvider),
                    saml::RoleKind::ServiceProvider => Some(MetadataRole::ServiceProvider),
                    saml::RoleKind::Other(_) => None,
                };
                for (number, key) in role.keys.iter().enumerate() {
                    if key.usage == KeyUse::Encryption {
                        continue;
                    }
                    for embedded in &key.certificates {
                        if let Some(certificate) = &embedded.certificate {
                            if let Some(role) = side {
                                let known = KeyRole {
                                    spki: certificate.spki.clone(),
                                    role,
                                };
                                if !options.key_roles.contains(&known) {
                                    options.key_roles.push(known);
                                }
                            }
                            store.add_certificate(
                                certificate.clone(),
                                format!(
                                    "{} ({entity_id}, {:?} key {})",
                                    input.name,
                                    role.kind,
                                    number + 1
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    match store.keys.len() - before {
        0 if extracted.certificates.is_empty() => Err(
            "it holds no certificate, signing key in metadata, or certificate fingerprint"
                .to_owned(),
        ),
        added => Ok(added),
    }
}

/// The entities of a metadata document, as the packs compare them with messages.
pub fn metadata_entities(entities: &[saml::EntityDescriptor], source: &str) -> Vec<MetadataSeen> {
    entities
        .iter()
        .flat_map(|entity| {
            entity.roles.iter().filter_map(move |role| {
                let role_kind = match role.kind {
                    saml::RoleKind::IdentityProvider => MetadataRole::IdentityProvider,
                    saml::RoleKind::ServiceProvider => MetadataRole::ServiceProvider,
                    saml::RoleKind::Other(_) => return None,
                };
                Some(MetadataSeen {
                    role: role_kind,
                    entity_id: entity.entity_id.clone(),
                    acs_urls: role
                        .assertion_consumer_services
                        .iter()
                        .filter_map(|endpoint| endpoint.location.clone())
                        .collect(),
                    name_id_formats: role.name_id_formats.clone(),
                    source: source.to_owned(),
                })
            })
        })
        .collect()
}
