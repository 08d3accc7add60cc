//! Pack `metadata` — IdP or SP metadata the user loads (`meta.*`).
//!
//! Owns `meta.bom` (the document's first bytes exactly as received: input sniffing and
//! the XML parser both skip a UTF-8 byte order mark, so it is looked for in
//! [`Context::payload`]), `meta.cert.keysize`, `meta.cert.expiry` and
//! `meta.cert.extensions` for the certificates of signing (and unspecified-use) keys,
//! `meta.nameidformat` and `meta.entityid` (compared with the Issuers of the Responses
//! in the same analysis, [`super::Flow::response_issuers`]). The `signature` module
//! also reports `meta.cert.extensions` for a message's own signing certificate; the
//! report keeps the more severe of the two.

use super::context::{Context, Pack};
use super::idp::{self, Setting};
use super::{Finding, RuleId, Severity};
use crate::aws;
use crate::cert::{CertificateInfo, KeyDescription};
use crate::saml::{Body, EntityDescriptor, KeyUse, NAME_ID_FORMAT_EMAIL as EMAIL_FORMAT, RoleKind};
use crate::text::quote;
use crate::timestamp::{Timestamp, describe_duration};

/// Thirty days, the warning horizon for a certificate about to expire.
const EXPIRY_WARNING_MILLIS: i64 = 30 * 24 * 3600 * 1000;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_BOMS: [&[u8]; 2] = [b"\xFE\xFF", b"\xFF\xFE"];

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Body::Metadata { entities } = &context.message.body else {
        return;
    };
    let is_idp = entities.iter().any(|entity| {
        entity
            .roles
            .iter()
            .any(|role| role.kind == RoleKind::IdentityProvider)
    });
    findings.push(bom(context.payload, is_idp));
    let certificates: Vec<&CertificateInfo> = entities
        .iter()
        .flat_map(|entity| &entity.roles)
        .flat_map(|role| &role.keys)
        .filter(|key| key.usage != KeyUse::Encryption)
        .flat_map(|key| &key.certificates)
        .filter_map(|embedded| embedded.certificate.as_ref())
        .collect();
    if !certificates.is_empty() {
        findings.push(key_size(&certificates, context.idp));
        findings.push(expiry(&certificates, context.now(), context.idp));
        findings.push(extensions(&certificates, context.idp));
    }
    let for_identity_center = meant_for_identity_center(context, entities);
    for entity in entities {
        findings.extend(name_id_formats(entity, for_identity_center, context.idp));
        findings.push(entity_id(entity, &context.flow.response_issuers));
    }
}

/// `meta.bom`.
fn bom(payload: &[u8], is_idp: bool) -> Finding {
    let found = if payload.starts_with(UTF8_BOM) {
        Some("a UTF-8 byte order mark (bytes EF BB BF)")
    } else if UTF16_BOMS.iter().any(|bom| payload.starts_with(bom)) {
        Some("a UTF-16 byte order mark")
    } else {
        None
    };
    let Some(found) = found else {
        return Finding::new(
            RuleId::MetaBom,
            Severity::Pass,
            "No byte order mark",
            "",
            "",
        );
    };
    Finding::new(
        RuleId::MetaBom,
        if is_idp {
            Severity::Error
        } else {
            Severity::Warning
        },
        "The metadata file starts with a byte order mark",
        format!(
            "The document starts with {found}, invisible in editors. AWS IAM refuses such a metadata document (\"Could not parse metadata\")."
        ),
        "Upload the metadata exactly as the IdP serves it (download it again rather than re-saving it), or save it as UTF-8 without BOM.",
    )
}

/// `meta.cert.keysize`: RSA below 1024 bits is refused by IAM, below 2048 is weak.
fn key_size(certificates: &[&CertificateInfo], idp: Option<&idp::IdpGuess>) -> Finding {
    let smallest = certificates
        .iter()
        .filter_map(|certificate| match certificate.key {
            KeyDescription::Rsa { bits } => Some((bits, *certificate)),
            _ => None,
        })
        .min_by_key(|(bits, _)| *bits);
    let fix = format!(
        "Create a signing certificate with a 2048-bit (or larger) RSA key at the IdP and upload the new metadata. {}",
        idp::where_to_change(idp, Setting::SigningCertificate)
    );
    match smallest {
        Some((bits, certificate)) if bits < 1024 => Finding::new(
            RuleId::MetaCertKeysize,
            Severity::Error,
            "A metadata certificate's key is too small",
            format!(
                "{} has a {bits}-bit RSA key; AWS IAM refuses metadata with keys under 1024 bits.",
                certificate.subject
            ),
            fix,
        ),
        Some((bits, certificate)) if bits < 2048 => Finding::new(
            RuleId::MetaCertKeysize,
            Severity::Warning,
            "A metadata certificate's key is small",
            format!(
                "{} has a {bits}-bit RSA key; 2048 bits is today's minimum.",
                certificate.subject
            ),
            fix,
        ),
        _ => Finding::new(
            RuleId::MetaCertKeysize,
            Severity::Pass,
            "Metadata signing keys are large enough",
            certificates
                .iter()
                .map(|certificate| format!("{}: {}", certificate.subject, certificate.key))
                .collect::<Vec<_>>()
                .join("; "),
            "",
        ),
    }
}

/// `meta.cert.expiry` at the reference time. A warning, not an error: whether an SP
/// refuses an expired certificate in metadata varies; the certificate that signed a
/// message is judged by `core.cert.validity`.
fn expiry(
    certificates: &[&CertificateInfo],
    now: Timestamp,
    idp: Option<&idp::IdpGuess>,
) -> Finding {
    let mut problems = Vec::new();
    for certificate in certificates {
        if now > certificate.not_after {
            problems.push(format!(
                "{} expired at {}, {} before the reference time {now}",
                certificate.subject,
                certificate.not_after,
                describe_duration(now.millis_since(certificate.not_after))
            ));
        } else if now < certificate.not_before {
            problems.push(format!(
                "{} is valid only from {}, {} after the reference time {now}",
                certificate.subject,
                certificate.not_before,
                describe_duration(certificate.not_before.millis_since(now))
            ));
        } else if certificate.not_after.millis_since(now) < EXPIRY_WARNING_MILLIS {
            problems.push(format!(
                "{} expires at {}, within 30 days of the reference time {now}",
                certificate.subject, certificate.not_after
            ));
        }
    }
    if problems.is_empty() {
        return Finding::new(
            RuleId::MetaCertExpiry,
            Severity::Pass,
            "Metadata certificates are valid for more than 30 days",
            "",
            "",
        );
    }
    Finding::new(
        RuleId::MetaCertExpiry,
        Severity::Warning,
        "A metadata certificate has expired or expires soon",
        format!("{}.", problems.join("; ")),
        format!(
            "Roll the signing certificate over at the IdP, then upload the new metadata to the service provider (for AWS: the IAM identity provider's metadata, or the IAM Identity Center IdP certificate). {}",
            idp::where_to_change(idp, Setting::SigningCertificate)
        ),
    )
}

/// `meta.cert.extensions` for the metadata's own certificates.
fn extensions(certificates: &[&CertificateInfo], idp: Option<&idp::IdpGuess>) -> Finding {
    let Some(certificate) = certificates
        .iter()
        .find(|certificate| !certificate.duplicate_extensions.is_empty())
    else {
        return Finding::new(
            RuleId::MetaCertExtensions,
            Severity::Pass,
            "No certificate repeats an extension",
            "",
            "",
        );
    };
    Finding::new(
        RuleId::MetaCertExtensions,
        Severity::Warning,
        "A metadata certificate repeats an extension",
        format!(
            "{} carries the extension {} more than once (RFC 5280 forbids it); AWS IAM refuses metadata holding such a certificate.",
            certificate.subject,
            certificate.duplicate_extensions.join(", ")
        ),
        format!(
            "Issue a new signing certificate at the IdP and publish new metadata. {}",
            idp::where_to_change(idp, Setting::SigningCertificate)
        ),
    )
}

/// Whether the metadata is for IAM Identity Center: chosen by the user, or it (or SP
/// metadata loaded beside it) has Identity Center's ACS or entity id.
fn meant_for_identity_center(context: &Context<'_>, entities: &[EntityDescriptor]) -> bool {
    let is_identity_center =
        |url: &str| aws::endpoint(url).is_some_and(|endpoint| endpoint.is_identity_center());
    context.expect.profile == Some(Pack::AwsIdentityCenter)
        || context
            .sp_metadata()
            .flat_map(|entity| entity.acs_urls.iter().chain(&entity.entity_id))
            .any(|url| is_identity_center(url))
        || entities.iter().any(|entity| {
            entity.entity_id.as_deref().is_some_and(is_identity_center)
                || entity
                    .roles
                    .iter()
                    .flat_map(|role| &role.assertion_consumer_services)
                    .filter_map(|endpoint| endpoint.location.as_deref())
                    .any(is_identity_center)
        })
}

/// `meta.nameidformat` for the IdP and SP roles of one entity.
fn name_id_formats(
    entity: &EntityDescriptor,
    for_identity_center: bool,
    idp: Option<&idp::IdpGuess>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for role in &entity.roles {
        let side = match role.kind {
            RoleKind::IdentityProvider => "IdP",
            RoleKind::ServiceProvider => "SP",
            RoleKind::Other(_) => continue,
        };
        let listed = if role.name_id_formats.is_empty() {
            "no NameIDFormat".to_owned()
        } else {
            role.name_id_formats
                .iter()
                .map(|format| quote(format))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let has_email = role
            .name_id_formats
            .iter()
            .any(|format| format == EMAIL_FORMAT);
        out.push(if !for_identity_center {
            Finding::new(
                RuleId::MetaNameIdFormat,
                Severity::Info,
                format!("The {side} metadata lists {} NameID format(s)", role.name_id_formats.len()),
                format!("The {side} role lists {listed}."),
                "",
            )
        } else if has_email {
            Finding::new(
                RuleId::MetaNameIdFormat,
                Severity::Pass,
                format!("The {side} metadata lists the emailAddress NameID format"),
                format!("The {side} role lists {listed}."),
                "",
            )
        } else if role.name_id_formats.is_empty() {
            Finding::new(
                RuleId::MetaNameIdFormat,
                Severity::Info,
                format!("The {side} metadata lists no NameID format"),
                format!(
                    "IAM Identity Center needs the NameID in format {} in the Response itself (iic.nameid.format); this metadata does not say which formats the {side} uses.",
                    quote(EMAIL_FORMAT)
                ),
                "",
            )
        } else {
            Finding::new(
                RuleId::MetaNameIdFormat,
                Severity::Warning,
                format!("The {side} metadata does not list the emailAddress NameID format"),
                format!(
                    "The {side} role lists {listed}; IAM Identity Center needs {}.",
                    quote(EMAIL_FORMAT)
                ),
                format!(
                    "Set the application's NameID format to emailAddress. {}",
                    idp::where_to_change(idp, Setting::NameIdFormat)
                ),
            )
        });
    }
    out
}

/// `meta.entityid`: present, and for IdP metadata equal to the Issuer of the Responses
/// in the same analysis (exact string, as IAM compares it).
fn entity_id(entity: &EntityDescriptor, issuers: &[String]) -> Finding {
    let Some(entity_id) = entity.entity_id.as_deref() else {
        return Finding::new(
            RuleId::MetaEntityId,
            Severity::Error,
            "The metadata has no entityID",
            "The EntityDescriptor has no entityID attribute, which SAML metadata requires; AWS refuses such a document.",
            "Export the metadata again from the IdP.",
        );
    };
    let is_idp = entity
        .roles
        .iter()
        .any(|role| role.kind == RoleKind::IdentityProvider);
    if !is_idp || issuers.is_empty() {
        return Finding::new(
            RuleId::MetaEntityId,
            Severity::Pass,
            "The metadata has an entityID",
            format!(
                "entityID {}{}.",
                quote(entity_id),
                if is_idp {
                    "; no Response in this analysis to compare it with"
                } else {
                    ""
                }
            ),
            "",
        );
    }
    if issuers.iter().any(|issuer| issuer == entity_id) {
        return Finding::new(
            RuleId::MetaEntityId,
            Severity::Pass,
            "The entityID equals the Responses' Issuer",
            format!("entityID {}.", quote(entity_id)),
            "",
        );
    }
    let shown = issuers
        .iter()
        .map(|issuer| quote(issuer))
        .collect::<Vec<_>>()
        .join(", ");
    let near = issuers
        .iter()
        .any(|issuer| same_but_spelling(issuer, entity_id));
    if near {
        Finding::new(
            RuleId::MetaEntityId,
            Severity::Error,
            "The entityID differs from the Issuer by its spelling",
            format!(
                "The metadata's entityID is {} and the Responses' Issuer is {shown}: the same IdP written differently (case, scheme, whitespace or a trailing slash). AWS compares them exactly and answers \"Issuer not present in specified provider\".",
                quote(entity_id)
            ),
            "Make them identical: upload metadata whose entityID is exactly the Issuer the IdP sends (usually by downloading the metadata again from the same IdP application).",
        )
    } else {
        Finding::new(
            RuleId::MetaEntityId,
            Severity::Warning,
            "The entityID is not the Responses' Issuer",
            format!(
                "The metadata's entityID is {} and the Responses' Issuer is {shown}. If this metadata is what the service provider holds, it answers \"Issuer not present in specified provider\"; it may also be another IdP's metadata.",
                quote(entity_id)
            ),
            "Upload the metadata of the IdP application that sends these Responses.",
        )
    }
}

/// Equal after ignoring case, surrounding whitespace, the scheme and a trailing slash.
fn same_but_spelling(one: &str, other: &str) -> bool {
    let simplify = |text: &str| {
        let text = text.trim().to_ascii_lowercase();
        text.strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .unwrap_or(&text)
            .trim_end_matches('/')
            .to_owned()
    };
    simplify(one) == simplify(other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_table() {
        let table: &[(&[u8], bool, Severity)] = &[
            (b"<md:EntityDescriptor/>", true, Severity::Pass),
            (b"\xEF\xBB\xBF<md:EntityDescriptor/>", true, Severity::Error),
            (
                b"\xEF\xBB\xBF<md:EntityDescriptor/>",
                false,
                Severity::Warning,
            ),
            (b"\xFF\xFE<\x00", true, Severity::Error),
            (b"", true, Severity::Pass),
        ];
        for (payload, is_idp, expected) in table {
            assert_eq!(bom(payload, *is_idp).severity, *expected, "{payload:?}");
        }
    }

    fn certificate(pem: &str) -> CertificateInfo {
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        crate::cert::parse_base64(&body).expect("a fixture certificate")
    }

    #[test]
    fn certificate_rules_table() {
        let strong = certificate(include_str!("../../../tests/fixtures/signed/idp.pem"));
        let weak = certificate(include_str!(
            "../../../tests/fixtures/signed/idp-rsa1024.pem"
        ));
        let expired = certificate(include_str!(
            "../../../tests/fixtures/signed/idp-expired.pem"
        ));
        let now = Timestamp::parse("2024-05-01T12:00:00Z").unwrap();
        assert_eq!(key_size(&[&strong], None).severity, Severity::Pass);
        assert_eq!(
            key_size(&[&strong, &weak], None).severity,
            Severity::Warning
        );
        let table: &[(&CertificateInfo, Timestamp, Severity)] = &[
            (&strong, now, Severity::Pass),
            (&expired, now, Severity::Warning),
            (
                &strong,
                strong.not_after.plus_seconds(-10 * 24 * 3600),
                Severity::Warning,
            ),
            (
                &strong,
                strong.not_before.plus_seconds(-60),
                Severity::Warning,
            ),
            (
                &strong,
                strong.not_after.plus_seconds(-40 * 24 * 3600),
                Severity::Pass,
            ),
        ];
        for (certificate, at, expected) in table {
            assert_eq!(
                expiry(&[*certificate], *at, None).severity,
                *expected,
                "{} at {at}",
                certificate.subject
            );
        }
        assert_eq!(extensions(&[&strong], None).severity, Severity::Pass);
        let mut repeated = strong.clone();
        repeated.duplicate_extensions = vec!["2.5.29.19".to_owned()];
        assert_eq!(extensions(&[&repeated], None).severity, Severity::Warning);
    }

    #[test]
    fn spelling_differences() {
        let table = [
            (
                "https://idp.example.test/saml",
                "https://idp.example.test/saml/",
                true,
            ),
            (
                "https://IdP.example.test/saml",
                "https://idp.example.test/saml",
                true,
            ),
            (
                "http://idp.example.test/saml",
                "https://idp.example.test/saml",
                true,
            ),
            (
                " https://idp.example.test/saml",
                "https://idp.example.test/saml",
                true,
            ),
            (
                "https://idp.example.test/saml",
                "https://other.example.test/saml",
                false,
            ),
        ];
        for (one, other, same) in table {
            assert_eq!(same_but_spelling(one, other), same, "{one} {other}");
        }
    }
}
