//! Pack `aws-iam` — IAM SAML federation (`aws.*`): what AWS sign-in
//! (`https://signin.aws.amazon.com/saml` and the regional endpoints) and STS
//! `AssumeRoleWithSAML` require of a Response.
//!
//! The values AWS reads are AWS facts ([`crate::aws`]: attribute names, ARN shapes, STS
//! limits); this pack says, in words, what is wrong with them. Every rule reports once
//! per message, passes included.

use super::common::{attribute_values, iam_endpoints};
use super::context::{Context, Pack};
use super::idp::{self, Place};
use super::{Finding, RuleId, Severity};
use crate::aws::attributes::{
    DEFAULT_MAX_SESSION_DURATION, MAX_SESSION_TAGS, MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS,
    NAME_MAX_CHARS, NAME_MIN_CHARS, PRINCIPAL_TAG_PREFIX, ROLE, ROLE_SESSION_NAME,
    SESSION_DURATION, SESSION_DURATION_MAX, SESSION_DURATION_MIN, SOURCE_IDENTITY,
    TRANSITIVE_TAG_KEYS, is_session_name_char,
};
use crate::aws::{self, ArnProblem, Endpoint, RoleValueProblem};
use crate::dsig::Status;
use crate::saml::{Assertion, Attribute, MessageKind};
use crate::text::{quote, quote_marked};

/// How many offending characters a detail lists before "and N more" (a hostile value
/// can hold millions).
const LISTED_CHARACTERS: usize = 10;
/// How many values a detail shows in full before "and N more".
const LISTED_VALUES: usize = 5;

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    if message.kind != MessageKind::Response {
        return;
    }
    findings.push(encryption(context));
    // An encrypted assertion's attributes cannot be seen: aws.encryption says so once,
    // and no rule complains about a Role it cannot see.
    let Some(assertion) = message.evaluated_assertion() else {
        return;
    };
    findings.push(audience(context, assertion));
    findings.push(recipient(context, assertion));
    findings.push(recipient_region(context, assertion));
    let roles = attribute_values(assertion, ROLE);
    findings.push(role_present(context, assertion, roles.as_deref()));
    if let Some(roles) = roles.as_deref().filter(|roles| !roles.is_empty()) {
        findings.push(role_format(context, roles));
        findings.push(role_multiple(context, roles));
    }
    findings.push(session_name(context, assertion));
    findings.push(session_duration(context, assertion));
    findings.push(tags(context, assertion));
    findings.push(source_identity(context, assertion));
    findings.push(signing(context, assertion));
}

/// The XML Encryption algorithms worth naming: (URI, name, whether it is an old one to
/// move away from).
const ENCRYPTION_ALGORITHMS: &[(&str, &str, bool)] = &[
    (
        "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
        "3DES-CBC",
        true,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
        "AES-128-CBC",
        true,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#aes192-cbc",
        "AES-192-CBC",
        true,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
        "AES-256-CBC",
        true,
    ),
    (
        "http://www.w3.org/2009/xmlenc11#aes128-gcm",
        "AES-128-GCM",
        false,
    ),
    (
        "http://www.w3.org/2009/xmlenc11#aes192-gcm",
        "AES-192-GCM",
        false,
    ),
    (
        "http://www.w3.org/2009/xmlenc11#aes256-gcm",
        "AES-256-GCM",
        false,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#rsa-1_5",
        "RSA PKCS#1 v1.5",
        true,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
        "RSA-OAEP",
        false,
    ),
    (
        "http://www.w3.org/2009/xmlenc11#rsa-oaep",
        "RSA-OAEP",
        false,
    ),
];

/// An algorithm URI with its name when known: `3DES-CBC (http://…#tripledes-cbc)`.
fn algorithm_name(uri: &str) -> (String, bool) {
    match ENCRYPTION_ALGORITHMS
        .iter()
        .find(|(known, _, _)| *known == uri)
    {
        Some((_, name, old)) => (format!("{name} ({uri})"), *old),
        None => (quote(uri), false),
    }
}

/// `aws.encryption`: an EncryptedAssertion sent to IAM SAML federation. IAM decrypts it
/// (since February 2025) only when the SAML provider holds the matching private key (at
/// most two per provider); without the key here, that is what can be said, with the
/// algorithms the message names.
fn encryption(context: &Context<'_>) -> Finding {
    let response = match &context.message.body {
        crate::saml::Body::Response(response) if !response.encrypted_assertions.is_empty() => {
            response
        }
        _ => {
            return Finding::new(
                RuleId::AwsEncryption,
                Severity::Pass,
                "The assertion is not encrypted",
                "",
                "",
            );
        }
    };
    let mut algorithms = Vec::new();
    let mut old = Vec::new();
    for encrypted in &response.encrypted_assertions {
        for (what, uri) in [
            ("data", encrypted.data_algorithm.as_deref()),
            ("key transport", encrypted.key_algorithm.as_deref()),
        ] {
            let Some(uri) = uri else { continue };
            let (name, is_old) = algorithm_name(uri);
            let text = format!("{what} {name}");
            if is_old && !old.contains(&name) {
                old.push(name);
            }
            if !algorithms.contains(&text) {
                algorithms.push(text);
            }
        }
    }
    let named = if algorithms.is_empty() {
        " The message names no encryption algorithm.".to_owned()
    } else {
        format!(" It is encrypted with {}.", algorithms.join(", "))
    };
    let dated = if old.is_empty() {
        String::new()
    } else {
        format!(
            " {} is an older algorithm that some service providers no longer accept; AES-GCM with RSA-OAEP is the current choice.",
            old.join(" and ")
        )
    };
    Finding::new(
        RuleId::AwsEncryption,
        Severity::Warning,
        "The assertion is encrypted: the IAM SAML provider must hold the private key",
        format!(
            "The Response carries {} EncryptedAssertion element(s). IAM SAML federation accepts an encrypted assertion only when its SAML provider holds the private key matching the certificate the IdP encrypts for (at most two keys per provider); otherwise it refuses the response (\"… because no private key is provided\"). Without that key the inspector cannot open it, so its Role, RoleSessionName and other attributes are not checked here.{named}{dated}",
            response.encrypted_assertions.len()
        ),
        "In IAM, open the identity provider and add the private key that matches the IdP's encryption certificate (assertion encryption), or turn off assertion encryption in the IdP's AWS application. To check the attributes here, capture a Response with encryption off.",
    )
}

// --- values -------------------------------------------------------------------------

/// Most near misses one detail names.
const LISTED_NEAR_MISSES: usize = 5;

/// Attributes that look meant as `name` but are not exactly it (AWS matches names
/// exactly), each with how it misses: letter case or surrounding spaces, `http:` for
/// `https:`, a trailing `/`, or `name` (or its last path segment) only as the
/// FriendlyName.
fn near_misses(assertion: &Assertion, name: &str) -> Vec<String> {
    let normal = |text: &str| {
        let lowered = text.trim().to_ascii_lowercase();
        let lowered = lowered.trim_end_matches('/');
        lowered
            .strip_prefix("http://")
            .map_or_else(|| lowered.to_owned(), |rest| format!("https://{rest}"))
    };
    let wanted = normal(name);
    let short = name.rsplit('/').next().unwrap_or(name);
    let mut found = Vec::new();
    for attribute in assertion.attributes.iter().filter(|a| a.name != name) {
        if found.len() >= LISTED_NEAR_MISSES {
            break;
        }
        let shown = quote_marked(&attribute.name);
        if normal(&attribute.name) == wanted {
            let mut how = Vec::new();
            let trimmed = attribute.name.trim();
            if trimmed.len() != attribute.name.len() {
                how.push("spaces around it");
            }
            if trimmed.to_ascii_lowercase().starts_with("http://") {
                how.push("http: instead of https:");
            }
            if trimmed.ends_with('/') {
                how.push("a trailing /");
            }
            let case_only = trimmed
                .trim_end_matches('/')
                .replacen("http://", "https://", 1);
            if case_only != name && case_only.eq_ignore_ascii_case(name) {
                how.push("other letter case");
            }
            found.push(format!("{shown} ({})", how.join(", ")));
        } else if let Some(friendly) = attribute
            .friendly_name
            .as_deref()
            .filter(|friendly| *friendly == name || friendly.eq_ignore_ascii_case(short))
        {
            found.push(format!(
                "{shown} with FriendlyName {} (AWS reads the Name, never the FriendlyName)",
                quote(friendly)
            ));
        }
    }
    found
}

/// Where attributes are configured, in the recognised IdP's own terms.
fn attribute_setting(context: &Context<'_>) -> &'static str {
    idp::place(context.idp, Place::AwsAttributeMapping)
}

/// What is wrong with a RoleSessionName-like value (2–64 of `[a-zA-Z_0-9+=,.@-]`), in a
/// sentence, or `None` when it is fine.
pub fn session_name_problem(value: &str) -> Option<String> {
    let length = value.chars().count();
    let offending: Vec<(usize, char)> = value
        .chars()
        .enumerate()
        .filter(|(_, c)| !is_session_name_char(*c))
        .map(|(index, c)| (index + 1, c))
        .collect();
    let mut problems = Vec::new();
    if !offending.is_empty() {
        let listed: Vec<String> = offending
            .iter()
            .take(LISTED_CHARACTERS)
            .map(|(position, c)| format!("{c:?} (U+{:04X}) at position {position}", *c as u32))
            .collect();
        let more = offending.len().saturating_sub(LISTED_CHARACTERS);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        problems.push(format!(
            "characters outside [a-zA-Z_0-9+=,.@-]: {}{more}",
            listed.join(", ")
        ));
    }
    if length < NAME_MIN_CHARS {
        problems.push(format!(
            "{length} character(s), fewer than {NAME_MIN_CHARS}"
        ));
    } else if length > NAME_MAX_CHARS {
        problems.push(format!("{length} characters, more than {NAME_MAX_CHARS}"));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// The title of `aws.role.format` for a refused value: the whitespace named where it is
/// the problem (a trailing space is the classic), else the shape.
fn role_problem_title(value: &str, problem: &RoleValueProblem<'_>) -> String {
    let kind = |c: Option<char>| match c {
        Some(' ') => "space",
        Some('\t') => "tab",
        Some('\n' | '\r') => "line break",
        _ => "whitespace character",
    };
    match problem {
        RoleValueProblem::OuterWhitespace if value.ends_with(char::is_whitespace) => {
            format!("A Role value has a trailing {}", kind(value.chars().last()))
        }
        RoleValueProblem::OuterWhitespace => {
            format!("A Role value has a leading {}", kind(value.chars().next()))
        }
        RoleValueProblem::WhitespaceBeforeComma => {
            "A Role value has whitespace before its comma".to_owned()
        }
        RoleValueProblem::WhitespaceAfterComma => {
            "A Role value has whitespace after its comma".to_owned()
        }
        RoleValueProblem::Empty => "A Role value is empty".to_owned(),
        _ => "A Role value is not a role ARN and a provider ARN".to_owned(),
    }
}

/// What is wrong with a Role value, in words (`aws.role.format`'s detail).
fn describe_role_problem(problem: &RoleValueProblem<'_>) -> String {
    match problem {
        RoleValueProblem::Empty => "the value is empty".to_owned(),
        RoleValueProblem::OuterWhitespace => "the value starts or ends with whitespace".to_owned(),
        RoleValueProblem::PartCount {
            parts,
            other_separator,
        } => format!(
            "it must be two ARNs separated by one comma, but it has {parts} part(s){}",
            if *other_separator {
                " (separated by something other than a comma?)"
            } else {
                ""
            }
        ),
        RoleValueProblem::WhitespaceBeforeComma => {
            "there is whitespace before the comma".to_owned()
        }
        RoleValueProblem::WhitespaceAfterComma => "there is whitespace after the comma".to_owned(),
        RoleValueProblem::Arn(problem) => describe_arn_problem(problem),
        RoleValueProblem::TwoRoles => {
            "both ARNs are roles; one must be the SAML provider".to_owned()
        }
        RoleValueProblem::TwoProviders => {
            "both ARNs are SAML providers; one must be the role".to_owned()
        }
        RoleValueProblem::AccountsDiffer { role, provider } => format!(
            "the role is in account {role} but the SAML provider in account {provider}; both must be in the account being signed in to"
        ),
        RoleValueProblem::PartitionsDiffer { role, provider } => {
            format!("the role is in partition {role} but the SAML provider in {provider}")
        }
    }
}

/// What is wrong with one ARN of a Role value, in words.
fn describe_arn_problem(problem: &ArnProblem<'_>) -> String {
    match *problem {
        ArnProblem::NotAnArn { text } => format!(
            "{} is not an ARN (arn:aws:iam::<account>:role/<name>)",
            quote(text)
        ),
        ArnProblem::NotArnScheme { text } => {
            format!("{} does not start with \"arn:\"", quote(text))
        }
        ArnProblem::UnknownPartition { text, partition } => format!(
            "partition {} in {} is not aws, aws-cn or aws-us-gov",
            quote(partition),
            quote(text)
        ),
        ArnProblem::NotIam { text, service } => {
            format!("service {} in {} is not iam", quote(service), quote(text))
        }
        ArnProblem::HasRegion { text, region } => format!(
            "IAM ARNs have no region, but {} has {}",
            quote(text),
            quote(region)
        ),
        ArnProblem::BadAccount { text, account } => format!(
            "account {} in {} is not 12 digits",
            quote(account),
            quote(text)
        ),
        ArnProblem::BadRoleName { text, name } => format!(
            "role name {} in {} is not 1–64 characters of [a-zA-Z0-9+=,.@_-]",
            quote(name),
            quote(text)
        ),
        ArnProblem::BadRolePath { text, path } => format!(
            "role path {} in {} holds spaces or non-ASCII characters",
            quote(path),
            quote(text)
        ),
        ArnProblem::BadProviderName { text, name } => format!(
            "SAML provider name {} in {} is not 1–128 characters of [a-zA-Z0-9._-]",
            quote(name),
            quote(text)
        ),
        ArnProblem::UnknownResource { text } => format!(
            "{} names neither a role (role/...) nor a SAML provider (saml-provider/...)",
            quote(text)
        ),
    }
}

// --- rules ----------------------------------------------------------------------------

/// `aws.audience`: every AudienceRestriction must name an AWS sign-in audience.
fn audience(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsAudience;
    let restrictions: &[Vec<String>] = assertion
        .conditions
        .as_ref()
        .map_or(&[], |conditions| &conditions.audience_restrictions);
    let fix_where = idp::place(context.idp, Place::AwsAudience);
    if restrictions.is_empty() || restrictions.iter().all(Vec::is_empty) {
        return Finding::new(
            id,
            Severity::Error,
            "No Audience in the assertion",
            "The assertion's Conditions carry no AudienceRestriction/Audience; AWS refuses it (\"Response does not contain the required audience\").",
            format!(
                "Set {fix_where} to https://signin.aws.amazon.com/saml (or your regional endpoint https://<region>.signin.aws.amazon.com/saml)."
            ),
        );
    }
    let mut regional = Vec::new();
    let mut legacy = Vec::new();
    for (index, restriction) in restrictions.iter().enumerate() {
        let mut accepted = false;
        for audience in restriction {
            match aws::endpoint(audience) {
                Some(Endpoint::IamSaml { region }) => {
                    accepted = true;
                    if region.is_some() {
                        regional.push(audience.as_str());
                    }
                }
                _ if aws::is_metadata_entity_id(audience) => {
                    accepted = true;
                    legacy.push(audience.as_str());
                }
                _ => {}
            }
        }
        if accepted {
            continue;
        }
        let values: Vec<String> = restriction
            .iter()
            .take(LISTED_VALUES)
            .map(|a| quote_marked(a))
            .collect();
        let hint = restriction
            .iter()
            .find_map(|audience| near_miss_audience(audience))
            .unwrap_or_default();
        return Finding::new(
            id,
            Severity::Error,
            "The Audience is not AWS sign-in",
            format!(
                "AudienceRestriction {} names {}, none of which is https://signin.aws.amazon.com/saml, a regional https://<region>.signin.aws.amazon.com/saml or urn:amazon:webservices; AWS refuses the assertion (\"Response does not contain the required audience\").{hint}",
                index + 1,
                values.join(", ")
            ),
            format!(
                "Set {fix_where} to exactly https://signin.aws.amazon.com/saml (or your regional endpoint), with no trailing slash or spaces."
            ),
        );
    }
    if let Some(first) = regional.first() {
        return Finding::new(
            id,
            Severity::Pass,
            "The Audience is a regional AWS sign-in endpoint",
            format!(
                "The Audience is the regional endpoint {}, which AWS accepts. (The trust policy's SAML:aud is compared with the Recipient, not the Audience: see aws.recipient.)",
                quote(first)
            ),
            "",
        );
    }
    if let Some(first) = legacy.first() {
        return Finding::new(
            id,
            Severity::Pass,
            format!("The Audience is {first}, the entity id in AWS's SAML metadata"),
            format!(
                "{} is the entity id AWS publishes in its sign-in SAML metadata and is accepted as the audience; https://signin.aws.amazon.com/saml is the form AWS documents for new setups.",
                quote(first)
            ),
            "",
        );
    }
    Finding::new(
        id,
        Severity::Pass,
        "The Audience is the AWS sign-in endpoint",
        "",
        "",
    )
}

/// Explains a near miss of an AWS audience (case, trailing slash, http, spaces).
fn near_miss_audience(audience: &str) -> Option<String> {
    let trimmed = audience.trim();
    let lowered = trimmed.to_ascii_lowercase();
    let candidate = lowered.trim_end_matches('/');
    let candidate = candidate
        .strip_prefix("http://")
        .map(|rest| format!("https://{rest}"))
        .unwrap_or_else(|| candidate.to_owned());
    if candidate == aws::LEGACY_AUDIENCE
        || matches!(aws::endpoint(&candidate), Some(Endpoint::IamSaml { .. }))
    {
        Some(format!(
            " {} differs from the accepted {} only by case, spaces, a trailing slash or http: AWS compares exactly.",
            quote_marked(audience),
            quote(&candidate)
        ))
    } else {
        None
    }
}

/// `aws.recipient`: the bearer confirmation's Recipient is the IAM endpoint the Response
/// is posted to, and it is what the role's trust policy compares `SAML:aud` with (not
/// the Audience): a regional Recipient needs the regional URL in `SAML:aud`.
fn recipient(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsRecipient;
    let recipients: Vec<&str> = assertion
        .subject
        .iter()
        .flat_map(|subject| &subject.confirmations)
        .filter(|confirmation| {
            confirmation.method.as_deref() == Some(crate::saml::SubjectConfirmation::BEARER)
        })
        .filter_map(|confirmation| confirmation.data.as_ref()?.recipient.as_deref())
        .collect();
    let Some(&recipient) = recipients.first() else {
        return Finding::new(
            id,
            Severity::Info,
            "No Recipient to check",
            "The assertion has no bearer SubjectConfirmationData Recipient (see core.subject.confirmation): there is no endpoint for SAML:aud to match.",
            "",
        );
    };
    let fix_where = idp::place(context.idp, Place::AwsAudience);
    match aws::endpoint(recipient) {
        Some(Endpoint::IamSaml { region: None }) => Finding::new(
            id,
            Severity::Pass,
            "The Recipient is the global AWS sign-in endpoint",
            format!(
                "Recipient {}: the role's trust policy condition SAML:aud is compared with it.",
                quote(recipient)
            ),
            "",
        ),
        Some(Endpoint::IamSaml {
            region: Some(region),
        }) => Finding::new(
            id,
            Severity::Info,
            format!(
                "Regional Recipient ({region}): the role's trust policy must allow it in SAML:aud"
            ),
            format!(
                "The Recipient is the regional endpoint {}. The role's trust policy compares SAML:aud with the Recipient (not the Audience), so a policy that only allows https://signin.aws.amazon.com/saml refuses it with \"Not authorized to perform sts:AssumeRoleWithSAML\".",
                quote(recipient)
            ),
            format!(
                "In the role's trust policy, make the StringEquals condition on SAML:aud list {} (a list may name the global and several regional endpoints).",
                quote(recipient)
            ),
        ),
        _ => {
            let hint = near_miss_audience(recipient).unwrap_or_default();
            Finding::new(
                id,
                Severity::Error,
                "The Recipient is not an AWS sign-in endpoint",
                format!(
                    "SubjectConfirmationData Recipient {} is not https://signin.aws.amazon.com/saml or a regional https://<region>.signin.aws.amazon.com/saml: AWS takes the assertion only at the endpoint its Recipient names, and compares SAML:aud with it.{hint}",
                    quote_marked(recipient)
                ),
                format!(
                    "Set the ACS URL (Recipient) in {fix_where} to exactly https://signin.aws.amazon.com/saml or your regional endpoint."
                ),
            )
        }
    }
}

/// `aws.recipient.region`: Destination, Recipient and Audience must name one endpoint.
fn recipient_region(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsRecipientRegion;
    let endpoints = iam_endpoints(context, assertion);
    let describe = |region: &Option<String>| match region {
        Some(region) => format!("regional {region}"),
        None => "global".to_owned(),
    };
    let listed: Vec<String> = endpoints
        .iter()
        .take(LISTED_VALUES * 2)
        .map(|(label, url, region)| format!("{label} {} ({})", quote(url), describe(region)))
        .collect();
    if endpoints.is_empty() {
        return Finding::new(
            id,
            Severity::Info,
            "No AWS sign-in endpoint in Destination, Recipient or Audience",
            "None of Destination, SubjectConfirmationData Recipient and Audience is an IAM sign-in URL, so their regions cannot be compared (aws.audience and core.destination say what they are).",
            "",
        );
    }
    // Recipient must equal the endpoint the Response is posted to (Destination / POST URL).
    let posted_to: Vec<&(&str, &str, Option<String>)> = endpoints
        .iter()
        .filter(|(label, _, _)| *label == "Destination" || label.starts_with("the URL"))
        .collect();
    let recipients: Vec<&(&str, &str, Option<String>)> = endpoints
        .iter()
        .filter(|(label, _, _)| *label == "Recipient")
        .collect();
    for target in &posted_to {
        for recipient in &recipients {
            if target.2 != recipient.2 {
                return Finding::new(
                    id,
                    Severity::Error,
                    "Recipient and Destination are different sign-in endpoints",
                    format!(
                        "{} is {} but Recipient is {}: AWS requires the Recipient to be the endpoint the Response is posted to. All: {}.",
                        target.0,
                        describe(&target.2),
                        describe(&recipient.2),
                        listed.join("; ")
                    ),
                    "Use one sign-in endpoint for the ACS URL, Recipient and Destination in the IdP's AWS application (the global https://signin.aws.amazon.com/saml or one regional endpoint).",
                );
            }
        }
    }
    let first = &endpoints[0].2;
    if let Some(other) = endpoints.iter().find(|(_, _, region)| region != first) {
        return Finding::new(
            id,
            Severity::Warning,
            "The Audience names another sign-in endpoint than Destination/Recipient",
            format!(
                "The message mixes the {} and the {} endpoint ({}): AWS checks the Recipient, and the trust policy's SAML:aud must allow it.",
                describe(first),
                describe(&other.2),
                listed.join("; ")
            ),
            "Make Audience, Recipient and Destination name the same sign-in endpoint.",
        );
    }
    // The global endpoint serves sign-ins to every region; only a regional endpoint can
    // be in the wrong one.
    if let Some(expected) = context.expect.region.as_deref()
        && let Some(region) = first
        && expected != region
    {
        return Finding::new(
            id,
            Severity::Warning,
            format!("The sign-in endpoint is in {region}, not {expected} as you expected"),
            format!(
                "You expected region {}; the message is addressed to the {} endpoint ({}).",
                quote(expected),
                describe(first),
                listed.join("; "),
            ),
            format!(
                "If the sign-in should go through {expected}, set the ACS URL, Recipient and Audience to https://{expected}.signin.aws.amazon.com/saml (and list it in the trust policy's SAML:aud), or use the global endpoint."
            ),
        );
    }
    Finding::new(
        id,
        Severity::Pass,
        format!(
            "Destination, Recipient and Audience agree on the {} endpoint",
            describe(first)
        ),
        listed.join("; "),
        "",
    )
}

/// `aws.role.present`.
fn role_present(context: &Context<'_>, assertion: &Assertion, roles: Option<&[&str]>) -> Finding {
    let id = RuleId::AwsRolePresent;
    let fix = format!(
        "Send the attribute {ROLE} with one value per role, each \"<role ARN>,<SAML provider ARN>\"; it is set in {}.",
        attribute_setting(context)
    );
    match roles {
        None => {
            let near = near_misses(assertion, ROLE);
            let detail = if near.is_empty() {
                format!(
                    "The assertion has no attribute named {ROLE}; AWS cannot tell which role to assume (\"Your request included an invalid SAML response\")."
                )
            } else {
                format!(
                    "No attribute is named exactly {ROLE}. A near miss was found: {}. AWS matches the Name exactly, so it counts as missing (\"Your request included an invalid SAML response\").",
                    near.join("; ")
                )
            };
            Finding::new(
                id,
                Severity::Error,
                if near.is_empty() {
                    "The Role attribute is missing"
                } else {
                    "The Role attribute is missing: its Name is a near miss"
                },
                detail,
                fix,
            )
        }
        Some([]) => Finding::new(
            id,
            Severity::Error,
            "The Role attribute has no value",
            format!(
                "{ROLE} is present but has no AttributeValue (often: the user is in no group that maps to a role)."
            ),
            fix,
        ),
        Some(values) if values.iter().all(|value| value.trim().is_empty()) => Finding::new(
            id,
            Severity::Error,
            "The Role attribute's values are empty",
            format!(
                "{ROLE} has {} value(s), all empty or whitespace (often: the expression building the role produced nothing for this user).",
                values.len()
            ),
            fix,
        ),
        Some(values) => Finding::new(
            id,
            Severity::Pass,
            format!(
                "The Role attribute is present with {} value(s)",
                values.len()
            ),
            "",
            "",
        ),
    }
}

/// `aws.role.format`: each value a role ARN and a provider ARN, strictly.
fn role_format(context: &Context<'_>, roles: &[&str]) -> Finding {
    let id = RuleId::AwsRoleFormat;
    let fix = format!(
        "Make each value exactly \"arn:aws:iam::<account>:role/<name>,arn:aws:iam::<account>:saml-provider/<name>\" (no spaces, one comma, both in the same account) in {}.",
        attribute_setting(context)
    );
    let endpoint_partition = context.message.evaluated_assertion().and_then(|assertion| {
        iam_endpoints(context, assertion)
            .first()
            .and_then(|(_, url, _)| aws::sign_in_partition(url))
    });
    let mut parsed = Vec::new();
    for (index, value) in roles.iter().enumerate() {
        match aws::parse_role_value(value) {
            Ok(pair) => parsed.push(pair),
            Err(problem) => {
                let title = role_problem_title(value, &problem);
                // Padding alone: say whether the value is right once it is gone.
                let otherwise = match problem {
                    RoleValueProblem::OuterWhitespace
                    | RoleValueProblem::WhitespaceBeforeComma
                    | RoleValueProblem::WhitespaceAfterComma => {
                        let compact: String = value
                            .split(',')
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join(",");
                        if aws::parse_role_value(&compact).is_ok() {
                            " Without the whitespace it is a well-formed role ARN and provider ARN."
                        } else {
                            ""
                        }
                    }
                    _ => "",
                };
                let problem = describe_role_problem(&problem);
                return Finding::new(
                    id,
                    Severity::Error,
                    title,
                    format!(
                        "Role value {} of {}, {}: {problem}.{otherwise} AWS refuses the whole response (\"Your request included an invalid SAML response\").",
                        index + 1,
                        roles.len(),
                        quote_marked(value)
                    ),
                    fix,
                );
            }
        }
    }
    if let Some(partition) = endpoint_partition
        && let Some(pair) = parsed.iter().find(|pair| pair.role.partition != partition)
    {
        return Finding::new(
            id,
            Severity::Error,
            "The Role is in another AWS partition than the sign-in endpoint",
            format!(
                "{} is in partition {} but the message goes to the {partition} sign-in endpoint; a SAML provider exists only in its own partition (\"Specified provider doesn't exist\").",
                quote(pair.role.text),
                pair.role.partition
            ),
            "Use the sign-in endpoint of the partition the account is in (signin.aws.amazon.com, signin.amazonaws.cn or signin.amazonaws-us-gov.com).",
        );
    }
    if let Some(expected) = context.expect.account.as_deref()
        && !parsed.iter().any(|pair| pair.role.account == expected)
    {
        let accounts: Vec<&str> = parsed.iter().map(|pair| pair.role.account).collect();
        return Finding::new(
            id,
            Severity::Warning,
            format!("No role in account {expected}, the account you expected"),
            format!(
                "You expected account {expected}; the Role value(s) name account(s) {}.",
                accounts.join(", ")
            ),
            format!(
                "Check the account id in the role mapping in {} (a role in another account signs the user in elsewhere, or fails with \"Specified provider doesn't exist\").",
                attribute_setting(context)
            ),
        );
    }
    if let Some(expected) = context.expect.role.as_deref()
        && !parsed
            .iter()
            .any(|pair| pair.role.text == expected || pair.role_name == expected)
    {
        let names: Vec<String> = parsed.iter().map(|pair| quote(pair.role.text)).collect();
        let case_hint = parsed
            .iter()
            .find(|pair| {
                pair.role_name.eq_ignore_ascii_case(expected)
                    || pair.role.text.eq_ignore_ascii_case(expected)
            })
            .map(|pair| {
                format!(
                    " {} differs only by case; role names are matched exactly here.",
                    quote(pair.role_name)
                )
            })
            .unwrap_or_default();
        return Finding::new(
            id,
            Severity::Warning,
            "The role you expected is not in the Role attribute",
            format!(
                "You expected role {}; the Role value(s) name {}.{case_hint}",
                quote(expected),
                names.join(", ")
            ),
            format!(
                "Map the user to the expected role in {} (often a group membership).",
                attribute_setting(context)
            ),
        );
    }
    let first = &parsed[0];
    Finding::new(
        id,
        Severity::Pass,
        format!(
            "Role {} in account {} via SAML provider {}",
            first.role_name,
            first.role.account,
            first.provider_name()
        ),
        format!("{} well-formed value(s).", parsed.len()),
        "",
    )
}

/// `aws.role.multiple`.
fn role_multiple(context: &Context<'_>, roles: &[&str]) -> Finding {
    let id = RuleId::AwsRoleMultiple;
    let mut seen = std::collections::HashSet::new();
    let duplicates: Vec<&str> = roles
        .iter()
        .copied()
        .filter(|value| !seen.insert(*value))
        .collect();
    if let Some(duplicate) = duplicates.first() {
        return Finding::new(
            id,
            Severity::Warning,
            "The same Role value is sent more than once",
            format!(
                "{} appears {} times among {} values (usually two groups mapped to the same role).",
                quote_marked(duplicate),
                roles.iter().filter(|value| *value == duplicate).count(),
                roles.len()
            ),
            format!(
                "Send each role once; deduplicate the values in {}.",
                attribute_setting(context)
            ),
        );
    }
    if roles.len() > 1 {
        let connect = context.expect.profile == Some(Pack::AmazonConnect)
            || context.relay_state.is_some_and(aws::mentions_connect);
        return Finding::new(
            id,
            Severity::Info,
            format!("{} roles: the user gets AWS's role chooser", roles.len()),
            format!(
                "The Role attribute has {} values, so AWS shows a page to choose a role{}.",
                roles.len(),
                if connect {
                    "; Amazon Connect federation needs exactly one (see connect.role.single)"
                } else {
                    ""
                }
            ),
            "",
        );
    }
    Finding::new(id, Severity::Pass, "Exactly one role", "", "")
}

/// `aws.session.name`.
fn session_name(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsSessionName;
    let fix = format!(
        "Send {ROLE_SESSION_NAME} with one value of 2–64 characters from [a-zA-Z_0-9+=,.@-] (typically the user name or e-mail), set in {}.",
        attribute_setting(context)
    );
    let values = match attribute_values(assertion, ROLE_SESSION_NAME) {
        None => {
            let near = near_misses(assertion, ROLE_SESSION_NAME);
            let extra = if near.is_empty() {
                String::new()
            } else {
                format!(
                    " A near miss was found: {}; AWS matches the Name exactly.",
                    near.join("; ")
                )
            };
            return Finding::new(
                id,
                Severity::Error,
                "RoleSessionName is missing",
                format!(
                    "No attribute {ROLE_SESSION_NAME}: AWS says \"RoleSessionName is required in AuthnResponse\".{extra}"
                ),
                fix,
            );
        }
        Some(values) => values,
    };
    match values.as_slice() {
        [] => Finding::new(
            id,
            Severity::Error,
            "RoleSessionName has no value",
            "The RoleSessionName attribute has no AttributeValue: AWS says \"RoleSessionName is required in AuthnResponse\" (often: the user attribute it is built from is empty for this user).",
            fix,
        ),
        [value] => match session_name_problem(value) {
            None => Finding::new(
                id,
                Severity::Pass,
                format!("RoleSessionName {} is valid", quote(value)),
                "",
                "",
            ),
            Some(problem) => Finding::new(
                id,
                Severity::Error,
                "RoleSessionName has characters or a length AWS refuses",
                format!(
                    "RoleSessionName {}: {problem}. AWS says \"RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{{2,64}}\".",
                    quote(value)
                ),
                fix,
            ),
        },
        many => Finding::new(
            id,
            Severity::Error,
            "RoleSessionName has several values",
            format!(
                "RoleSessionName carries {} values ({}); AWS needs exactly one.",
                many.len(),
                many.iter()
                    .take(LISTED_VALUES)
                    .map(|v| quote(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            fix,
        ),
    }
}

/// `aws.session.duration`.
fn session_duration(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsSessionDuration;
    let fix = format!(
        "Send {SESSION_DURATION} as one whole number of seconds from {SESSION_DURATION_MIN} to {SESSION_DURATION_MAX}, not above the role's MaxSessionDuration (set in {}).",
        attribute_setting(context)
    );
    let Some(values) = attribute_values(assertion, SESSION_DURATION) else {
        return Finding::new(
            id,
            Severity::Pass,
            "SessionDuration is not sent (the console session lasts 1 hour)",
            "",
            "",
        );
    };
    let [value] = values.as_slice() else {
        return Finding::new(
            id,
            Severity::Error,
            "SessionDuration must have exactly one value",
            format!(
                "SessionDuration carries {} values ({}).",
                values.len(),
                values
                    .iter()
                    .take(LISTED_VALUES)
                    .map(|v| quote_marked(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            fix,
        );
    };
    let parsed = (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse::<u32>().ok())
        .flatten();
    let Some(seconds) = parsed else {
        return Finding::new(
            id,
            Severity::Error,
            "SessionDuration is not a whole number of seconds",
            format!(
                "SessionDuration is {}; AWS needs digits only (no spaces, units or decimals).",
                quote_marked(value)
            ),
            fix,
        );
    };
    if !(SESSION_DURATION_MIN..=SESSION_DURATION_MAX).contains(&seconds) {
        return Finding::new(
            id,
            Severity::Error,
            format!(
                "SessionDuration {seconds} is outside {SESSION_DURATION_MIN}–{SESSION_DURATION_MAX} seconds"
            ),
            format!(
                "SessionDuration is {seconds} s; AWS accepts 900 s (15 min) to 43200 s (12 h)."
            ),
            fix,
        );
    }
    if seconds > DEFAULT_MAX_SESSION_DURATION {
        return Finding::new(
            id,
            Severity::Info,
            format!("SessionDuration {seconds} s is above the default 1 hour role maximum"),
            format!(
                "SessionDuration asks for {seconds} s ({} h). Unless the role's MaxSessionDuration was raised to at least that, AWS refuses with \"Requested DurationSeconds exceeds MaxSessionDuration set for this role\".",
                f64::from(seconds) / 3600.0
            ),
            "Check the role's MaxSessionDuration (see the next steps) and raise it, or lower SessionDuration.",
        );
    }
    Finding::new(
        id,
        Severity::Pass,
        format!("SessionDuration {seconds} s is within the role default"),
        "",
        "",
    )
}

/// `aws.tags`: PrincipalTag attributes and TransitiveTagKeys.
fn tags(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsTags;
    let tag_attributes: Vec<&Attribute> = assertion
        .attributes
        .iter()
        .filter(|attribute| attribute.name.starts_with(PRINCIPAL_TAG_PREFIX))
        .collect();
    let transitive = attribute_values(assertion, TRANSITIVE_TAG_KEYS);
    if tag_attributes.is_empty() && transitive.is_none() {
        return Finding::new(id, Severity::Pass, "No session tags are sent", "", "");
    }
    let fix = format!(
        "Fix the PrincipalTag attributes in {}; the role's trust policy must also allow sts:TagSession for the SAML provider.",
        attribute_setting(context)
    );
    // Counted first: past the limit the login fails anyway, and it bounds the work below.
    if tag_attributes.len() > MAX_SESSION_TAGS {
        return Finding::new(
            id,
            Severity::Error,
            format!(
                "{} session tags, more than {MAX_SESSION_TAGS}",
                tag_attributes.len()
            ),
            format!(
                "The assertion sends {} PrincipalTag attributes; STS accepts at most {MAX_SESSION_TAGS} session tags.",
                tag_attributes.len()
            ),
            fix,
        );
    }
    let key_ok = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    let mut keys: Vec<String> = Vec::new();
    let mut lowered: std::collections::HashSet<String> = std::collections::HashSet::new();
    for attribute in &tag_attributes {
        let key = &attribute.name[PRINCIPAL_TAG_PREFIX.len()..];
        let problem = if key.is_empty() {
            Some("the tag key after \"PrincipalTag:\" is empty".to_owned())
        } else if key.chars().count() > MAX_TAG_KEY_CHARS {
            Some(format!(
                "the key has {} characters (at most {MAX_TAG_KEY_CHARS})",
                key.chars().count()
            ))
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            Some("keys starting with \"aws:\" are reserved for AWS".to_owned())
        } else if let Some(bad) = key.chars().find(|c| !key_ok(*c)) {
            Some(format!(
                "the key holds {bad:?} (U+{:04X}); tag keys allow letters, digits, spaces and _.:/=+-@",
                bad as u32
            ))
        } else if lowered.contains(&key.to_lowercase()) {
            Some("another tag has the same key (tag keys are case-insensitive)".to_owned())
        } else if attribute.values.len() != 1 {
            Some(format!(
                "it has {} values; a session tag has exactly one",
                attribute.values.len()
            ))
        } else if attribute.values[0].text.chars().count() > MAX_TAG_VALUE_CHARS {
            Some(format!(
                "its value has {} characters (at most {MAX_TAG_VALUE_CHARS})",
                attribute.values[0].text.chars().count()
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Finding::new(
                id,
                Severity::Error,
                "A session tag is invalid",
                format!(
                    "Session tag {}: {problem}. AssumeRoleWithSAML fails.",
                    quote_marked(&attribute.name)
                ),
                fix,
            );
        }
        keys.push(key.to_owned());
        lowered.insert(key.to_lowercase());
    }
    if let Some(transitive) = &transitive
        && let Some(unknown) = transitive
            .iter()
            .find(|key| !lowered.contains(&key.to_lowercase()))
    {
        return Finding::new(
            id,
            Severity::Error,
            "TransitiveTagKeys names a tag that is not sent",
            format!(
                "TransitiveTagKeys lists {} but no PrincipalTag attribute has that key (keys sent: {}). AssumeRoleWithSAML fails.",
                quote_marked(unknown),
                if keys.is_empty() {
                    "none".to_owned()
                } else {
                    keys.join(", ")
                }
            ),
            fix,
        );
    }
    Finding::new(
        id,
        Severity::Info,
        format!(
            "{} session tag(s) sent: the trust policy must allow sts:TagSession",
            keys.len()
        ),
        format!(
            "Tags {}{}. Without \"sts:TagSession\" next to \"sts:AssumeRoleWithSAML\" in the role's trust policy, AWS refuses with \"Not authorized to perform sts:AssumeRoleWithSAML\".",
            keys.iter()
                .take(LISTED_VALUES * 2)
                .map(|k| quote(k))
                .collect::<Vec<_>>()
                .join(", "),
            if transitive.is_some() {
                ", with TransitiveTagKeys"
            } else {
                ""
            }
        ),
        "Allow sts:TagSession for the SAML provider principal in the role's trust policy (see the next steps).",
    )
}

/// `aws.source.identity`.
fn source_identity(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsSourceIdentity;
    let Some(values) = attribute_values(assertion, SOURCE_IDENTITY) else {
        return Finding::new(id, Severity::Pass, "SourceIdentity is not sent", "", "");
    };
    let fix = format!(
        "Send {SOURCE_IDENTITY} with one value of 2–64 characters from [a-zA-Z_0-9+=,.@-], set in {}.",
        attribute_setting(context)
    );
    let [value] = values.as_slice() else {
        return Finding::new(
            id,
            Severity::Error,
            "SourceIdentity must have exactly one value",
            format!("SourceIdentity carries {} values.", values.len()),
            fix,
        );
    };
    if value
        .get(..4)
        .is_some_and(|start| start.eq_ignore_ascii_case("aws:"))
    {
        return Finding::new(
            id,
            Severity::Error,
            "SourceIdentity begins with the reserved prefix \"aws:\"",
            format!(
                "SourceIdentity {} begins with \"aws:\", a prefix AWS reserves for itself; AssumeRoleWithSAML refuses it.",
                quote(value)
            ),
            fix,
        );
    }
    let problem = session_name_problem(value);
    if let Some(problem) = problem {
        return Finding::new(
            id,
            Severity::Error,
            "SourceIdentity has characters or a length AWS refuses",
            format!(
                "SourceIdentity {}: {problem}. AWS says the source identity must match [a-zA-Z_0-9+=,.@-]{{2,64}}.",
                quote(value)
            ),
            fix,
        );
    }
    Finding::new(
        id,
        Severity::Info,
        format!(
            "SourceIdentity {} is valid: the trust policy must allow sts:SetSourceIdentity",
            quote(value)
        ),
        "When the assertion sets a SourceIdentity, the role's trust policy must allow \"sts:SetSourceIdentity\" as well as \"sts:AssumeRoleWithSAML\", or AWS refuses the sign-in.",
        "Allow sts:SetSourceIdentity for the SAML provider principal in the role's trust policy (see the next steps).",
    )
}

/// `aws.signing`: IAM needs the Response or the Assertion signed; which one is.
fn signing(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let id = RuleId::AwsSigning;
    let message = context.message;
    let signature_on = |info: &crate::saml::SignatureInfo| info.parent;
    // A signature that could not be checked (no key, redacted) is not broken.
    let status_of = |info: &crate::saml::SignatureInfo| {
        context
            .verdicts
            .iter()
            .find(|verdict| verdict.signature == info.node)
            .filter(|verdict| super::signature::not_checked(context.document, verdict).is_none())
            .map(|verdict| verdict.status())
    };
    let on_assertion: Vec<_> = message
        .signatures
        .iter()
        .filter(|info| signature_on(info) == Some(assertion.node))
        .collect();
    let on_response: Vec<_> = message
        .signatures
        .iter()
        .filter(|info| {
            info.parent_element.as_deref() == Some("Response")
                && info.parent_id.is_some()
                && info.parent_id.as_deref() == message.header().and_then(|h| h.id.as_deref())
        })
        .collect();
    let setting = idp::place(context.idp, Place::AwsSigning);
    let broken = on_assertion
        .iter()
        .chain(&on_response)
        .any(|info| status_of(info) == Some(Status::Invalid));
    let validity = if broken {
        " At least one of these signatures does not verify (see core.sig.valid)."
    } else {
        ""
    };
    // A signature that is intact but over something else is core.sig.coverage's error.
    let intact_elsewhere = context
        .verdicts
        .iter()
        .any(|verdict| verdict.status().is_intact());
    match (on_response.is_empty(), on_assertion.is_empty()) {
        (true, true) if !message.signatures.is_empty() && intact_elsewhere => Finding::new(
            id,
            Severity::Info,
            "The Response and the Assertion AWS reads are unsigned; the signature is elsewhere",
            "IAM SAML federation requires a signed Response or Assertion; the signature of this message covers something else (see core.sig.coverage), so AWS refuses it.",
            "",
        ),
        // Unsigned where AWS reads: core.sig.present's error says it; this rule adds
        // what IAM needs (one cause, one finding).
        (true, true) if !message.signatures.is_empty() => Finding::new(
            id,
            Severity::Info,
            "The Response and the Assertion AWS reads are unsigned; the signature is elsewhere",
            format!(
                "IAM SAML federation requires a signed Response or Assertion. Neither the Response nor the first Assertion (the one AWS reads) carries a ds:Signature, but {} other element(s) of the message do (see core.sig.present). AWS refuses it.",
                message.signatures.len()
            ),
            "",
        ),
        (true, true) => Finding::new(
            id,
            Severity::Info,
            "Neither the Response nor the Assertion is signed",
            "IAM SAML federation requires a signed Response or Assertion; this one carries no ds:Signature on either (see core.sig.present), so AWS refuses it.",
            format!("Turn on signing in {setting}."),
        ),
        // A signature that does not verify is core.sig.valid's error; this rule only says
        // which element carries it.
        (false, true) => Finding::new(
            id,
            Severity::Pass,
            "The Response is signed (covering its Assertion)",
            format!("IAM accepts a signed Response.{validity}"),
            "",
        ),
        (true, false) => Finding::new(
            id,
            Severity::Info,
            "Only the Assertion is signed",
            format!(
                "The Assertion carries the signature and the Response does not. IAM accepts a signed assertion, but some setups refuse it; if AWS says the response is invalid, sign the Response too.{validity}"
            ),
            format!("If the sign-in fails, sign both the Response and the Assertion in {setting}."),
        ),
        (false, false) => Finding::new(
            id,
            Severity::Pass,
            "The Response and the Assertion are both signed",
            validity.trim_start().to_owned(),
            "",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::{IamArn, lenient_role_value, parse_role_value};

    #[test]
    fn hostile_values_do_not_panic() {
        for value in [
            "\u{0}",
            "é,ü",
            ":::::",
            "arn:aws:iam::€€€€€€€€€€€€:role/x,y",
            ",",
            "arn:",
        ] {
            let _ = parse_role_value(value);
            let _ = session_name_problem(value);
            let _ = lenient_role_value(value);
        }
        // Pseudo-random strings over an alphabet of ARN pieces and multi-byte characters,
        // so every split and slice meets character boundaries it did not expect.
        let pieces = [
            "arn",
            ":",
            "aws",
            "iam",
            "role/",
            "saml-provider/",
            "/",
            ",",
            " ",
            "é",
            "€",
            "𝄞",
            "1111",
            "22223333",
            "\u{200b}",
            "\t",
            "",
            "-",
            "@",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut value = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                value.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let _ = parse_role_value(&value);
            let _ = IamArn::parse(&value);
            let _ = session_name_problem(&value);
            let _ = lenient_role_value(&value);
            let _ = crate::text::mark_whitespace(&value);
            let _ = crate::aws::sign_in_partition(&value);
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
        }
        let many = "\u{200b}".repeat(10_000);
        let problem = session_name_problem(&many).unwrap();
        assert!(problem.contains("and 9990 more"), "{problem}");
    }
}
