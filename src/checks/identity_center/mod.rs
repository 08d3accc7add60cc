//! Pack `aws-identity-center` — IAM Identity Center with an external IdP (`iic.*`).
//!
//! Identity Center takes one unencrypted, signed assertion whose NameID (format
//! emailAddress) equals an existing Identity Center user name exactly, case included;
//! it matches the user name, not the email address, and creates no user just in time.
//! Its failures reach the user as "It's not you, it is us" or "An unexpected error has
//! occurred", so the findings here carry the values that make the difference.
//!
//! The `iic.abac.*` rules apply to the attributes for access control, the attributes
//! named `https://aws.amazon.com/SAML/Attributes/AccessControl:<key>`
//! ([`ABAC_PREFIX`]); other attributes are not used by Identity Center and are left to
//! `core.attr.*`. When a metadata document is analysed with this pack chosen
//! (`--expect profile=aws-identity-center`), the dispatcher runs the metadata pack in
//! its place, knowing the target.

use super::context::Context;
use super::idp::{self, ENTRA_SIGNING_CERT_SUBJECT, Idp, Setting};
use super::{Finding, RuleId, Severity};
use crate::aws::attributes::{ACCESS_CONTROL_PREFIX as ABAC_PREFIX, MAX_ACCESS_CONTROL_ATTRIBUTES};
use crate::aws::{self, Endpoint};
use crate::saml::{ATTRIBUTE_NAME_FORMATS, Attribute, Body, NAME_ID_FORMAT_EMAIL as EMAIL_FORMAT};
use crate::text::quote;

const USER_MATCH: &str = "Identity Center looks the user up by user name (not by email address), exactly, case included, and does not create users just in time: a user with exactly this user name must already exist (synchronised by SCIM or created in the Identity Center console).";

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    urls(context, findings);
    if !matches!(context.message.body, Body::Response(_) | Body::Assertion(_)) {
        return;
    }
    assertions(context, findings);
    if let Some(assertion) = context.message.evaluated_assertion() {
        if let Some(name_id) = assertion
            .subject
            .as_ref()
            .and_then(|subject| subject.name_id.as_ref())
        {
            findings.push(name_id_format(name_id.format.as_deref(), context.idp));
            findings.push(name_id_value(
                &name_id.value,
                context.expect.username.as_deref(),
                context.idp,
            ));
        }
        findings.extend(abac(&assertion.attributes, context.idp));
    }
    if let Some(issuer) = context.message.issuer() {
        let subjects: Vec<&str> = context
            .message
            .signatures
            .iter()
            .flat_map(|signature| &signature.certificates)
            .filter_map(|embedded| embedded.certificate.as_ref())
            .map(|certificate| certificate.subject.as_str())
            .collect();
        findings.extend(entra_cert(issuer, &subjects, context.idp));
    }
}

/// `iic.nameid.format`.
fn name_id_format(format: Option<&str>, idp: Option<&idp::IdpGuess>) -> Finding {
    if format == Some(EMAIL_FORMAT) {
        return Finding::new(
            RuleId::IicNameIdFormat,
            Severity::Pass,
            "NameID format is emailAddress",
            "",
            "",
        );
    }
    let shown = format.map_or_else(|| "no Format attribute".to_owned(), quote);
    Finding::new(
        RuleId::IicNameIdFormat,
        Severity::Error,
        "NameID format is not emailAddress",
        format!(
            "The NameID has {shown}; IAM Identity Center requires Format {} and refuses the sign-in otherwise (users see \"It's not you, it is us\").",
            quote(EMAIL_FORMAT)
        ),
        format!(
            "Set the NameID format to {EMAIL_FORMAT}. {}",
            idp::where_to_change(idp, Setting::NameIdFormat)
        ),
    )
}

/// Why `value` is not an RFC 2822 `addr-spec` (`local@domain`, §3.4.1) as Identity
/// Center expects a user name, or `None` when it is one.
pub fn addr_spec_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("it is empty".to_owned());
    }
    if value.trim() != value {
        return Some("it has leading or trailing whitespace".to_owned());
    }
    if let Some(odd) = value.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
            )
    }) {
        return Some(format!(
            "it contains the invisible or space character U+{:04X}",
            u32::from(odd)
        ));
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return Some("it has no @".to_owned());
    };
    if local.is_empty() {
        return Some("nothing comes before the @".to_owned());
    }
    if domain.is_empty() {
        return Some("nothing comes after the @".to_owned());
    }
    let quoted = local.len() >= 2 && local.starts_with('"') && local.ends_with('"');
    if !quoted {
        let is_atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
        if let Some(bad) = local.chars().find(|&c| c != '.' && !is_atext(c)) {
            return Some(format!(
                "the part before the @ contains {}",
                quote(&bad.to_string())
            ));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Some("the part before the @ has a misplaced dot".to_owned());
        }
    }
    if domain.starts_with('[') && domain.ends_with(']') {
        return None;
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Some("the domain has an empty label (a misplaced dot)".to_owned());
        }
        if let Some(bad) = label
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Some(format!("the domain contains {}", quote(&bad.to_string())));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a domain label starts or ends with a hyphen".to_owned());
        }
    }
    None
}

/// `iic.nameid.value`: the NameID is an address and, when the user said which user
/// name they sign in as, equals it exactly.
fn name_id_value(value: &str, expected: Option<&str>, idp: Option<&idp::IdpGuess>) -> Finding {
    let fix_value = idp::where_to_change(idp, Setting::NameIdValue);
    if let Some(problem) = addr_spec_problem(value) {
        return Finding::new(
            RuleId::IicNameIdValue,
            Severity::Error,
            "NameID is not an email-style user name",
            format!(
                "The NameID is {}: {problem}. Identity Center user names for an external IdP have the form user@domain. {USER_MATCH}",
                quote(value)
            ),
            format!(
                "Send the user's Identity Center user name (user@domain, nothing around it) as the NameID. {fix_value}"
            ),
        );
    }
    let Some(expected) = expected else {
        return Finding::new(
            RuleId::IicNameIdValue,
            Severity::Pass,
            "NameID is an email-style user name",
            format!(
                "The NameID is {}. {USER_MATCH} Say which user name you expect, to compare it.",
                quote(value)
            ),
            "",
        );
    };
    if value == expected {
        return Finding::new(
            RuleId::IicNameIdValue,
            Severity::Pass,
            "NameID equals the expected Identity Center user name",
            format!("The NameID is {}, as expected.", quote(value)),
            "",
        );
    }
    let how = if value.eq_ignore_ascii_case(expected)
        || value.to_lowercase() == expected.to_lowercase()
    {
        "differs only in letter case, which is enough for Identity Center not to find the user"
    } else if value.trim() == expected.trim() {
        "differs only in whitespace, which is enough for Identity Center not to find the user"
    } else {
        "is a different user name"
    };
    Finding::new(
        RuleId::IicNameIdValue,
        Severity::Error,
        "NameID is not the expected Identity Center user name",
        format!(
            "The NameID is {} and the user name you expect is {}: it {how}. {USER_MATCH}",
            quote(value),
            quote(expected)
        ),
        format!(
            "Make the IdP send exactly the Identity Center user name (or rename the Identity Center user to match). {fix_value}"
        ),
    )
}

/// `iic.assertion.single` and `iic.assertion.encrypted`.
fn assertions(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    let (plain, encrypted) = match &message.body {
        Body::Response(response) => (
            response.assertions.len(),
            response.encrypted_assertions.len(),
        ),
        Body::Assertion(_) => (1, 0),
        _ => return,
    };
    let failed_status = message.status().is_some_and(|status| !status.is_success());
    let total = plain + encrypted;
    match total {
        0 if failed_status => {}
        0 => findings.push(Finding::new(
            RuleId::IicAssertionSingle,
            Severity::Error,
            "The Response carries no assertion",
            "Identity Center signs the user in from exactly one assertion; this Response has none.",
            "Check the IdP's sign-in logs for why it sent no assertion (the user may not be assigned to the application).",
        )),
        1 => findings.push(Finding::new(
            RuleId::IicAssertionSingle,
            Severity::Pass,
            "Exactly one assertion",
            "",
            "",
        )),
        many => findings.push(Finding::new(
            RuleId::IicAssertionSingle,
            Severity::Error,
            "More than one assertion",
            format!(
                "The Response carries {plain} Assertion and {encrypted} EncryptedAssertion elements ({many} in all); Identity Center accepts exactly one."
            ),
            "Configure the IdP application to issue a single assertion per Response.",
        )),
    }
    if encrypted > 0 {
        let product = context.idp.map_or("the IdP", |guess| guess.idp.name());
        findings.push(Finding::new(
            RuleId::IicAssertionEncrypted,
            Severity::Error,
            "The assertion is encrypted",
            format!(
                "The Response carries {encrypted} EncryptedAssertion element(s); IAM Identity Center does not accept encrypted assertions, and nothing inside them can be checked here."
            ),
            format!("In {product}, turn off assertion encryption for the Identity Center application."),
        ));
    } else if total > 0 {
        findings.push(Finding::new(
            RuleId::IicAssertionEncrypted,
            Severity::Pass,
            "The assertion is not encrypted",
            "",
            "",
        ));
    }
}

/// The five `iic.abac.*` findings for the attributes of the evaluated assertion.
fn abac(attributes: &[Attribute], idp: Option<&idp::IdpGuess>) -> Vec<Finding> {
    let abac: Vec<&Attribute> = attributes
        .iter()
        .filter(|attribute| attribute.name.starts_with(ABAC_PREFIX))
        .collect();
    let fix = idp::where_to_change(idp, Setting::AttributeMapping);
    if abac.is_empty() {
        let detail = format!(
            "The assertion carries no attributes for access control ({ABAC_PREFIX}<key>); these rules apply to those attributes only."
        );
        return [
            (RuleId::IicAbacCount, "count"),
            (RuleId::IicAbacMultivalue, "several values"),
            (RuleId::IicAbacDuplicate, "repeated names"),
            (RuleId::IicAbacStructured, "XML in values"),
            (RuleId::IicAbacNameFormat, "name formats"),
        ]
        .into_iter()
        .map(|(id, what)| {
            Finding::new(
                id,
                Severity::Pass,
                format!("No attributes for access control ({what}: nothing to check)"),
                detail.clone(),
                "",
            )
        })
        .collect();
    }
    let scope = format!(
        "(checked: the {} attributes for access control, {ABAC_PREFIX}<key>)",
        abac.len()
    );
    let names = |list: &[&Attribute]| {
        list.iter()
            .map(|attribute| quote(&attribute.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();

    out.push(if abac.len() > MAX_ACCESS_CONTROL_ATTRIBUTES {
        Finding::new(
            RuleId::IicAbacCount,
            Severity::Error,
            "Too many attributes for access control",
            format!(
                "The assertion carries {} attributes for access control; Identity Center takes at most {MAX_ACCESS_CONTROL_ATTRIBUTES} {scope}.",
                abac.len()
            ),
            format!("Send at most {MAX_ACCESS_CONTROL_ATTRIBUTES} AccessControl attributes. {fix}"),
        )
    } else {
        Finding::new(
            RuleId::IicAbacCount,
            Severity::Pass,
            format!(
                "{} attributes for access control (at most {MAX_ACCESS_CONTROL_ATTRIBUTES})",
                abac.len()
            ),
            scope.clone(),
            "",
        )
    });

    let multi: Vec<&Attribute> = abac
        .iter()
        .copied()
        .filter(|attribute| attribute.values.len() > 1)
        .collect();
    out.push(if multi.is_empty() {
        Finding::new(
            RuleId::IicAbacMultivalue,
            Severity::Pass,
            "Each attribute for access control has one value",
            scope.clone(),
            "",
        )
    } else {
        let shown = multi
            .iter()
            .map(|attribute| {
                format!(
                    "{} has {} values ({})",
                    quote(&attribute.name),
                    attribute.values.len(),
                    attribute
                        .values
                        .iter()
                        .map(|value| quote(&value.text))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        Finding::new(
            RuleId::IicAbacMultivalue,
            Severity::Error,
            "An attribute for access control has several values",
            format!("{shown}. Identity Center takes one value per attribute {scope}."),
            format!("Send a single value (join several into one string if needed). {fix}"),
        )
    });

    let mut duplicates: Vec<&str> = Vec::new();
    for (index, attribute) in abac.iter().enumerate() {
        if abac[..index]
            .iter()
            .any(|earlier| earlier.name == attribute.name)
            && !duplicates.contains(&attribute.name.as_str())
        {
            duplicates.push(&attribute.name);
        }
    }
    out.push(if duplicates.is_empty() {
        Finding::new(
            RuleId::IicAbacDuplicate,
            Severity::Pass,
            "No attribute for access control is repeated",
            scope.clone(),
            "",
        )
    } else {
        Finding::new(
            RuleId::IicAbacDuplicate,
            Severity::Error,
            "An attribute for access control is sent twice",
            format!(
                "{} appear(s) in more than one Attribute element; Identity Center refuses repeated names {scope}.",
                duplicates
                    .iter()
                    .map(|name| quote(name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("Remove the duplicate mapping. {fix}"),
        )
    });

    let structured: Vec<&Attribute> = abac
        .iter()
        .copied()
        .filter(|attribute| {
            attribute
                .values
                .iter()
                .any(|value| value.interruptions.elements > 0)
        })
        .collect();
    out.push(if structured.is_empty() {
        Finding::new(
            RuleId::IicAbacStructured,
            Severity::Pass,
            "Attribute values for access control are plain text",
            scope.clone(),
            "",
        )
    } else {
        Finding::new(
            RuleId::IicAbacStructured,
            Severity::Error,
            "An attribute value for access control holds XML elements",
            format!(
                "{} hold(s) child elements inside an AttributeValue; Identity Center takes plain text values only {scope}.",
                names(&structured)
            ),
            format!("Map the attribute to a plain string value. {fix}"),
        )
    });

    let odd_formats: Vec<String> = abac
        .iter()
        .filter_map(|attribute| {
            let format = attribute.name_format.as_deref()?;
            (!ATTRIBUTE_NAME_FORMATS.contains(&format)).then(|| {
                format!(
                    "{} has NameFormat {}",
                    quote(&attribute.name),
                    quote(format)
                )
            })
        })
        .collect();
    out.push(if odd_formats.is_empty() {
        Finding::new(
            RuleId::IicAbacNameFormat,
            Severity::Pass,
            "Attribute name formats are SAML-defined",
            scope,
            "",
        )
    } else {
        Finding::new(
            RuleId::IicAbacNameFormat,
            Severity::Error,
            "An attribute for access control has a name format SAML does not define",
            format!(
                "{}. Identity Center accepts {} {scope}.",
                odd_formats.join("; "),
                ATTRIBUTE_NAME_FORMATS
                    .iter()
                    .map(|format| quote(format))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("Set the attribute's name format to uri, basic or unspecified. {fix}"),
        )
    });
    out
}

/// `iic.urls`: the ACS (Destination, Recipient, an AuthnRequest's
/// AssertionConsumerServiceURL) is `https://<region>.signin.aws.amazon.com/platform/saml/acs/<uuid>`,
/// the audience (an AuthnRequest's Issuer) `.../platform/saml/<id>`, all in one region.
fn urls(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    let mut acs: Vec<(&str, &str)> = Vec::new();
    let mut entities: Vec<(&str, &str)> = Vec::new();
    if let Body::Response(response) = &message.body
        && let Some(destination) = response.header.destination.as_deref()
    {
        acs.push(("Destination", destination));
    }
    if let Body::AuthnRequest(request) = &message.body {
        if let Some(url) = request.assertion_consumer_service_url.as_deref() {
            acs.push(("AssertionConsumerServiceURL", url));
        }
        if let Some(issuer) = request.header.issuer.as_ref() {
            entities.push(("Issuer", &issuer.value));
        }
    }
    if let Some(assertion) = message.evaluated_assertion() {
        for confirmation in assertion
            .subject
            .iter()
            .flat_map(|subject| &subject.confirmations)
        {
            if let Some(recipient) = confirmation
                .data
                .as_ref()
                .and_then(|data| data.recipient.as_deref())
            {
                acs.push(("Recipient", recipient));
            }
        }
        for audience in assertion
            .conditions
            .iter()
            .flat_map(|conditions| conditions.audience_restrictions.iter().flatten())
        {
            entities.push(("Audience", audience));
        }
    }
    if acs.is_empty() && entities.is_empty() {
        return;
    }
    let acs = merge_labels(acs);

    let mut problems: Vec<String> = Vec::new();
    let mut regions: Vec<(&str, String)> = Vec::new();
    for (label, url) in &acs {
        let label = label.as_str();
        let url = *url;
        match aws::endpoint(url) {
            Some(Endpoint::IdentityCenterAcs { region, id }) => {
                if !is_uuid(&id) {
                    problems.push(format!(
                        "{label} {} ends in {}, not the UUID of an Identity Center ACS URL",
                        quote(url),
                        quote(&id)
                    ));
                }
                regions.push((label, region));
            }
            Some(Endpoint::IamSaml { .. }) => problems.push(format!(
                "{label} {} is the IAM federation endpoint, not Identity Center's ACS URL (https://<region>.signin.aws.amazon.com/platform/saml/acs/<uuid>)",
                quote(url)
            )),
            _ => problems.push(format!(
                "{label} {} is not an Identity Center ACS URL (https://<region>.signin.aws.amazon.com/platform/saml/acs/<uuid>, exactly)",
                quote(url)
            )),
        }
        // Against the ACS the user expects: core.destination and
        // core.subject.confirmation compare each with it.
    }
    let is_request = matches!(message.body, Body::AuthnRequest(_));
    let entity_ok: Vec<(&str, String)> = entities
        .iter()
        .filter_map(|(label, url)| match aws::endpoint(url) {
            Some(Endpoint::IdentityCenterEntity { region, .. }) => Some((*label, region)),
            _ => None,
        })
        .collect();
    if !entities.is_empty() && entity_ok.is_empty() {
        let shown = entities
            .iter()
            .map(|(label, url)| format!("{label} {}", quote(url)))
            .collect::<Vec<_>>()
            .join(", ");
        problems.push(format!(
            "{shown}: {} Identity Center's issuer URL (https://<region>.signin.aws.amazon.com/platform/saml/<id>, exactly as in its SAML metadata)",
            if is_request { "is not" } else { "none is" }
        ));
    }
    if !is_request && entities.is_empty() && message.evaluated_assertion().is_some() {
        problems.push("the assertion has no Audience; it must be Identity Center's issuer URL (https://<region>.signin.aws.amazon.com/platform/saml/<id>)".to_owned());
    }
    if let Some(expected) = context.expect.audience.as_deref()
        && !entities.is_empty()
        && !entities.iter().any(|(_, url)| *url == expected)
    {
        problems.push(format!(
            "no Audience equals the issuer URL you expect, {}",
            quote(expected)
        ));
    }
    regions.extend(entity_ok);
    let mut distinct: Vec<&str> = Vec::new();
    for (_, region) in &regions {
        if !distinct.contains(&region.as_str()) {
            distinct.push(region);
        }
    }
    if distinct.len() > 1 {
        problems.push(format!(
            "the URLs name different regions: {}",
            regions
                .iter()
                .map(|(label, region)| format!("{label} {region}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(expected) = context.expect.region.as_deref()
        && let Some(other) = distinct.iter().find(|region| **region != expected)
    {
        problems.push(format!(
            "the URLs are in {other}, not in the region you expect, {expected}"
        ));
    }

    if problems.is_empty() {
        let region = distinct.first().copied().unwrap_or("?");
        findings.push(Finding::new(
            RuleId::IicUrls,
            Severity::Pass,
            format!("ACS and issuer URLs have Identity Center's shape ({region})"),
            "",
            "",
        ));
        return;
    }
    findings.push(Finding::new(
        RuleId::IicUrls,
        Severity::Error,
        "ACS or issuer URL is not Identity Center's",
        format!("{}.", problems.join("; ")),
        format!(
            "Copy the ACS URL and the issuer URL exactly from IAM Identity Center's SAML service provider metadata (identity source settings) into the IdP. {} {}",
            idp::where_to_change(context.idp, Setting::AcsUrl),
            idp::where_to_change(context.idp, Setting::EntityId)
        ),
    ));
}

/// The same URL under several labels once: "Destination and Recipient".
fn merge_labels<'a>(urls: Vec<(&str, &'a str)>) -> Vec<(String, &'a str)> {
    let mut merged: Vec<(String, &'a str)> = Vec::new();
    for (label, url) in urls {
        match merged.iter_mut().find(|(_, seen)| *seen == url) {
            Some((labels, _)) if !labels.contains(label) => {
                labels.push_str(" and ");
                labels.push_str(label);
            }
            Some(_) => {}
            None => merged.push((label.to_owned(), url)),
        }
    }
    merged
}

/// Whether `id` is a UUID in its 8-4-4-4-12 hex form.
fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// `iic.entra.cert`: for an Entra ID issuer, the signing certificate in the message
/// should be the one Entra generates (`CN=Microsoft Azure Federated SSO Certificate`).
/// `None` when the issuer is not Entra ID or the message carries no certificate.
fn entra_cert(issuer: &str, subjects: &[&str], idp: Option<&idp::IdpGuess>) -> Option<Finding> {
    if idp::recognise_issuer(issuer) != Some(Idp::EntraId) || subjects.is_empty() {
        return None;
    }
    let wanted = ENTRA_SIGNING_CERT_SUBJECT.to_ascii_lowercase();
    if subjects
        .iter()
        .any(|subject| subject.to_ascii_lowercase().contains(&wanted))
    {
        return Some(Finding::new(
            RuleId::IicEntraCert,
            Severity::Pass,
            "Entra ID signs with its own federation certificate",
            "",
            "",
        ));
    }
    Some(Finding::new(
        RuleId::IicEntraCert,
        Severity::Warning,
        "Entra ID signing certificate has an unexpected subject",
        format!(
            "The issuer {} is Entra ID, but the signing certificate's subject is {}, not {}. Unless you uploaded your own certificate to Entra on purpose, this often means the wrong file was used: the Raw instead of the Base64 certificate, or another application's certificate.",
            quote(issuer),
            subjects
                .iter()
                .map(|subject| quote(subject))
                .collect::<Vec<_>>()
                .join(", "),
            quote(ENTRA_SIGNING_CERT_SUBJECT)
        ),
        format!(
            "{} Upload that certificate as the IdP certificate in IAM Identity Center's identity source settings.",
            idp::where_to_change(idp, Setting::SigningCertificate)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addr_spec_table() {
        let table: &[(&str, bool)] = &[
            ("user@example.com", true),
            ("first.last+tag@sub.example.co.uk", true),
            ("o'brien@example.com", true),
            ("\"john..doe\"@example.com", true),
            ("user@[192.0.2.1]", true),
            ("user", false),
            ("", false),
            (" user@example.com", false),
            ("user@example.com ", false),
            ("us er@example.com", false),
            ("user\u{200b}@example.com", false),
            ("@example.com", false),
            ("user@", false),
            ("user..x@example.com", false),
            (".user@example.com", false),
            ("user@exa_mple.com", false),
            ("user@-example.com", false),
            ("user@example..com", false),
            ("DOMAIN\\user@example.com", false),
        ];
        for (value, valid) in table {
            assert_eq!(addr_spec_problem(value).is_none(), *valid, "{value:?}");
        }
    }

    #[test]
    fn entra_cert_table() {
        let entra = "https://sts.windows.net/5f0e2a4c-0b1d-4c6e-9a7f-3d2b1c0e9f8a/";
        let table: &[(&str, &[&str], Option<Severity>)] = &[
            (
                entra,
                &["CN=Microsoft Azure Federated SSO Certificate"],
                Some(Severity::Pass),
            ),
            (
                entra,
                &["CN=idp.example.test, O=SAML Inspector Tests"],
                Some(Severity::Warning),
            ),
            (entra, &[], None),
            ("http://www.okta.com/exk1", &["CN=idp.example.test"], None),
        ];
        for (issuer, subjects, expected) in table {
            assert_eq!(
                entra_cert(issuer, subjects, None).map(|f| f.severity),
                *expected,
                "{issuer} {subjects:?}"
            );
        }
    }

    #[test]
    fn uuid_shape() {
        assert!(is_uuid("3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"));
        assert!(!is_uuid("3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6"));
        assert!(!is_uuid("d-93670example"));
    }
}
