//! Pack `cognito` — Amazon Cognito user pools as the SAML service provider
//! (`cognito.*`): the pool's audience (`urn:amazon:cognito:sp:<user pool id>`), its ACS
//! (`https://<domain>/saml2/idpresponse`), the attributes the pool maps, the signing
//! certificate's dates (Cognito refuses an expired IdP certificate), and the error a pool
//! sends back to the app's callback URL (`error_description=`).
//!
//! The URL and audience shapes are AWS facts ([`crate::aws::cognito`]); this pack says, in
//! words, what is wrong with them. Every rule reports once per Response, passes included.

use super::context::Context;
use super::{Finding, RuleId, Severity};
use crate::aws::cognito::{self, AcsHost};
use crate::cert::CertificateInfo;
use crate::dsig::KeyUsed;
use crate::rules::error_text::{self, ErrorTextSource};
use crate::saml::{Assertion, MessageKind};
use crate::text::{quote, quote_marked};
use crate::timestamp::describe_duration;

/// How many values a detail shows in full before "and N more".
const LISTED_VALUES: usize = 8;

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    if context.message.kind != MessageKind::Response {
        return;
    }
    if let Some(assertion) = context.message.evaluated_assertion() {
        findings.push(audience(context, assertion));
        findings.push(attributes(assertion));
    }
    findings.push(acs(context));
    findings.push(certificate(context));
    findings.push(errors(context));
}

/// `cognito.audience`: every AudienceRestriction names a user pool.
fn audience(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::CognitoAudience;
    let fix = "In the IdP's application for Cognito, set the audience (SP entity ID) to urn:amazon:cognito:sp:<user pool id>, exactly as the user pool's SAML provider page shows it (the pool id is <region>_<id>).";
    let restrictions: &[Vec<String>] = assertion
        .conditions
        .as_ref()
        .map_or(&[], |conditions| &conditions.audience_restrictions);
    if restrictions.iter().all(Vec::is_empty) {
        return Finding::new(
            id,
            Severity::Error,
            "No Audience: Cognito needs its user pool's",
            "The assertion names no Audience; Cognito accepts only urn:amazon:cognito:sp:<user pool id>.",
            fix,
        );
    }
    let mut pools = Vec::new();
    for (index, restriction) in restrictions.iter().enumerate() {
        match restriction
            .iter()
            .find_map(|audience| cognito::audience(audience))
        {
            Some(pool) => pools.push(pool),
            None => {
                let listed: Vec<String> = restriction
                    .iter()
                    .take(LISTED_VALUES)
                    .map(|audience| quote_marked(audience))
                    .collect();
                let near = restriction
                    .iter()
                    .find(|audience| cognito::audience(audience.trim()).is_some())
                    .map(|_| " One differs only by spaces around it: Cognito compares exactly.")
                    .unwrap_or_default();
                return Finding::new(
                    id,
                    Severity::Error,
                    "The Audience is not a Cognito user pool",
                    format!(
                        "AudienceRestriction {} lists {}, none of which is urn:amazon:cognito:sp:<region>_<id>.{near}",
                        index + 1,
                        listed.join(", ")
                    ),
                    fix,
                );
            }
        }
    }
    let pool = pools[0];
    // The pool lives in one region; a Cognito-hosted ACS names one too.
    if let Some((label, url, region)) = hosted_acs(context)
        .into_iter()
        .find(|(_, _, region)| *region != pool.region)
    {
        return Finding::new(
            id,
            Severity::Warning,
            format!(
                "The user pool is in {}, its hosted ACS in {region}",
                pool.region
            ),
            format!(
                "The Audience names user pool {}_{} in {}, but {label} {} is a Cognito domain in {region}: one of them belongs to another pool.",
                pool.region,
                pool.id,
                pool.region,
                quote(url)
            ),
            "Take the audience and the ACS URL from the same user pool's SAML provider page.",
        );
    }
    Finding::new(
        id,
        Severity::Pass,
        format!("The Audience is user pool {}_{}", pool.region, pool.id),
        "",
        "",
    )
}

/// The Destination and Recipients on a Cognito-hosted domain, with their region.
fn hosted_acs<'a>(context: &'a Context<'_>) -> Vec<(&'static str, &'a str, &'a str)> {
    acs_urls(context)
        .into_iter()
        .filter_map(|(label, url)| match cognito::acs(url)? {
            AcsHost::Hosted { region, .. } => Some((label, url, region)),
            AcsHost::Custom { .. } => None,
        })
        .collect()
}

/// The Response's Destination and its bearer Recipients, labelled.
fn acs_urls<'a>(context: &'a Context<'_>) -> Vec<(&'static str, &'a str)> {
    let mut urls = Vec::new();
    if let Some(destination) = context
        .message
        .header()
        .and_then(|header| header.destination.as_deref())
    {
        urls.push(("Destination", destination));
    }
    if let Some(subject) = context
        .message
        .evaluated_assertion()
        .and_then(|assertion| assertion.subject.as_ref())
    {
        for recipient in subject
            .confirmations
            .iter()
            .filter_map(|confirmation| confirmation.data.as_ref()?.recipient.as_deref())
        {
            urls.push(("Recipient", recipient));
        }
    }
    urls
}

/// `cognito.acs`: the Destination and the Recipient are a user pool's ACS URL
/// (`https://<prefix>.auth.<region>.amazoncognito.com/saml2/idpresponse`, or the pool's
/// custom domain with that path), and the same one.
fn acs(context: &Context<'_>) -> Finding {
    let id = RuleId::CognitoAcs;
    let fix = "In the IdP's application for Cognito, set the ACS (reply / single sign-on) URL to https://<your Cognito domain>/saml2/idpresponse: the user pool's domain (https://<prefix>.auth.<region>.amazoncognito.com) or its custom domain, exactly.";
    let urls = acs_urls(context);
    if urls.is_empty() {
        return Finding::new(
            id,
            Severity::Info,
            "No Destination or Recipient to check",
            "The Response names no Destination and no bearer Recipient (see core.destination and core.subject.confirmation).",
            "",
        );
    }
    for (label, url) in &urls {
        if cognito::acs(url).is_some() {
            continue;
        }
        let lowered = url.trim().to_ascii_lowercase();
        let near = if cognito::acs(lowered.trim_end_matches('/')).is_some()
            || lowered
                .replacen("http://", "https://", 1)
                .ends_with(cognito::ACS_PATH)
        {
            " It differs from a Cognito ACS URL only by letter case, spaces, a trailing slash or http: Cognito compares exactly."
        } else {
            ""
        };
        return Finding::new(
            id,
            Severity::Error,
            format!("The {label} is not a Cognito ACS URL"),
            format!(
                "{label} {} is not https://<Cognito domain>/saml2/idpresponse.{near}",
                quote_marked(url)
            ),
            fix,
        );
    }
    let (first_label, first) = urls[0];
    if let Some((label, other)) = urls.iter().find(|(_, url)| *url != first) {
        return Finding::new(
            id,
            Severity::Error,
            format!("The {first_label} and the {label} name different Cognito ACS URLs"),
            format!(
                "{first_label} is {} but {label} is {}: both must be the user pool's ACS URL.",
                quote(first),
                quote(other)
            ),
            fix,
        );
    }
    Finding::new(
        id,
        Severity::Pass,
        "The Destination and Recipient are the user pool's ACS URL",
        format!("{}.", quote(first)),
        "",
    )
}

/// `cognito.attributes`: a user pool maps the assertion's attributes to its own through
/// the SAML provider's attribute mapping; an attribute the pool requires and nothing
/// maps refuses the sign-in ("Invalid user attributes: … The attribute is required").
/// Which attributes the pool requires is not in the message, so what can be said is what
/// is sent.
fn attributes(assertion: &Assertion) -> Finding {
    let id = RuleId::CognitoAttributes;
    let mut names: Vec<String> = Vec::new();
    for attribute in &assertion.attributes {
        let shown = quote(&attribute.name);
        if !names.contains(&shown) {
            names.push(shown);
        }
    }
    if names.is_empty() {
        return Finding::new(
            id,
            Severity::Warning,
            "No attributes for the user pool to map",
            "The assertion carries no attributes, so the pool's attribute mapping has nothing to fill its attributes with: a pool that requires one (email, often) refuses the user with \"Invalid user attributes: … The attribute is required\".",
            "Send the attributes the user pool requires (its sign-up attributes) from the IdP, and map each in the pool's SAML provider settings (Attribute mapping).",
        );
    }
    let more = names.len().saturating_sub(LISTED_VALUES);
    let listed = names
        .iter()
        .take(LISTED_VALUES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    Finding::new(
        id,
        Severity::Pass,
        format!("{} attribute(s) for the user pool to map", names.len()),
        format!(
            "Sent: {listed}{}. Every attribute the pool requires must be mapped from one of them in the SAML provider's attribute mapping.",
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        "",
    )
}

/// The certificates that made the intact signatures.
fn signing_certificates<'a>(context: &'a Context<'_>) -> Vec<&'a CertificateInfo> {
    context
        .verdicts
        .iter()
        .filter(|verdict| verdict.status().is_intact())
        .filter_map(|verdict| match verdict.key() {
            Some(KeyUsed::Trusted(index)) => {
                context.trust.keys.get(*index).map(|key| &key.certificate)
            }
            Some(KeyUsed::Embedded { index, .. }) => verdict.certificates.get(*index),
            None => None,
        })
        .collect()
}

/// `cognito.cert`: Cognito refuses a Response signed with a certificate outside its
/// validity period, although the key is the one it holds.
fn certificate(context: &Context<'_>) -> Finding {
    let id = RuleId::CognitoCert;
    let now = context.now();
    let signers = signing_certificates(context);
    if signers.is_empty() {
        return Finding::new(
            id,
            Severity::Info,
            "No signing certificate to check",
            "No intact signature names the certificate it was made with (see core.sig.*).",
            "",
        );
    }
    let rotation = "Rotate the certificate the planned way: create the new signing certificate at the IdP, upload the IdP's new metadata (or certificate) to the user pool's SAML provider, then make the IdP sign with it. Cognito keeps refusing sign-ins until the provider holds a valid certificate.";
    for certificate in signers {
        if now > certificate.not_after {
            return Finding::new(
                id,
                Severity::Error,
                "Cognito refuses the expired signing certificate",
                format!(
                    "{} expired at {}, {} before the reference time {now}; Amazon Cognito checks the dates of the IdP's signing certificate and refuses the Response (\"SAML Assertion signature is invalid\" or an expired-certificate error).",
                    certificate.subject,
                    certificate.not_after,
                    describe_duration(now.millis_since(certificate.not_after))
                ),
                rotation,
            );
        }
        if now < certificate.not_before {
            return Finding::new(
                id,
                Severity::Error,
                "Cognito refuses the not-yet-valid signing certificate",
                format!(
                    "{} is valid from {}, {} after the reference time {now}; Amazon Cognito checks the dates of the IdP's signing certificate.",
                    certificate.subject,
                    certificate.not_before,
                    describe_duration(certificate.not_before.millis_since(now))
                ),
                rotation,
            );
        }
    }
    Finding::new(
        id,
        Severity::Pass,
        "The signing certificate is within its dates, as Cognito requires",
        "",
        "",
    )
}

/// `cognito.errors`: the `error_description` a user pool sent back to the app's callback
/// URL in the same capture, explained from the error-text index.
fn errors(context: &Context<'_>) -> Finding {
    let id = RuleId::CognitoErrors;
    let Some(flow) = context.flow.har_flows.get(context.origin.input) else {
        return Finding::new(
            id,
            Severity::Pass,
            "No capture to look for a Cognito error in",
            "",
            "",
        );
    };
    if flow.is_empty() {
        return Finding::new(
            id,
            Severity::Pass,
            "No capture to look for a Cognito error in",
            "A HAR of the whole sign-in shows the error the user pool sends back to the app (error_description=).",
            "",
        );
    }
    let after = context.origin.har_entry.unwrap_or(0);
    let found = flow
        .iter()
        .filter(|entry| entry.index >= after)
        .flat_map(|entry| {
            [Some(entry.url.as_str()), entry.redirect_url.as_deref()]
                .into_iter()
                .flatten()
                .map(move |url| (entry.index, url))
        })
        .find_map(|(index, url)| Some((index, cognito::callback_error(url)?)));
    let Some((index, error)) = found else {
        return Finding::new(
            id,
            Severity::Pass,
            "No Cognito error in the capture",
            "No request after this Response carries error_description=.",
            "",
        );
    };
    let matched = error_text::lookup(&error.description, ErrorTextSource::Har);
    let explanation = matched
        .known
        .and_then(|text| {
            error_text::KNOWN
                .iter()
                .find(|known| known.text == text)
                .map(|known| format!(" {}", known.explanation))
        })
        .unwrap_or_default();
    let rules = if matched.rules.is_empty() {
        String::new()
    } else {
        format!(
            " See {}.",
            matched
                .rules
                .iter()
                .map(|rule| rule.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Finding::new(
        id,
        Severity::Error,
        "Cognito refused the sign-in",
        format!(
            "Request {} sends the user back to the app with error_description={}{}.{explanation}{rules}",
            crate::input::request_number(index),
            quote(&error.description),
            error
                .error
                .as_deref()
                .map(|code| format!(" (error={})", quote(code)))
                .unwrap_or_default()
        ),
        "Fix what the error names in the user pool's SAML provider settings or the IdP's application for Cognito, then sign in again.",
    )
}
