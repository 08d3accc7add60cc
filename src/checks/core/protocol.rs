//! The protocol header and status of a request or response: `core.status`,
//! `core.version`, `core.issuer`, `core.destination` (SAML Core §3.2, Bindings §3.4.5.2
//! and §3.5.5.2, Profiles §4.1.4).

use super::{Notes, UrlParts, closest, difference, has_padding, quote, root_signed, time_problem};
use crate::aws::{self, Endpoint};
use crate::checks::context::{Context, Pack};
use crate::checks::idp::{self, Fix};
use crate::checks::{Finding, RuleId, Severity};
use crate::input::Binding;
use crate::saml::{Body, Header, Message, MessageKind, NAME_ID_FORMAT_ENTITY, Status, TimeValue};
use std::collections::HashSet;

pub(super) fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    if matches!(
        message.kind,
        MessageKind::Response | MessageKind::LogoutResponse
    ) {
        findings.push(super::status::status(message));
    }
    findings.push(version(message));
    findings.push(issuer(context));
    if let Some(finding) = destination(context) {
        findings.push(finding);
    }
}

/// `core.version`: `Version="2.0"`, `ID` and `IssueInstant` on the message and its
/// assertion (SAML Core §3.2.1, §2.3.3; `ID` is an `xs:ID`, an NCName).
pub(super) fn version(message: &Message) -> Finding {
    let mut notes = Notes::new(RuleId::CoreVersion);
    let name = message.kind.as_str();
    if let Some(header) = message.header() {
        check_header(
            &mut notes,
            name,
            header.version.as_deref(),
            header.id.as_deref(),
            header.issue_instant.as_ref(),
        );
    }
    for assertion in message.assertions() {
        check_header(
            &mut notes,
            "Assertion",
            assertion.version.as_deref(),
            assertion.id.as_deref(),
            assertion.issue_instant.as_ref(),
        );
        // The one SAML time no validity window reads (core.time.window reads the others).
        if let Some(instant) = assertion
            .authn_statements
            .iter()
            .filter_map(|statement| statement.authn_instant.as_ref())
            .find(|instant| instant.parsed.is_none())
        {
            notes.add(
                Severity::Error,
                "The AuthnStatement AuthnInstant is not a valid time",
                format!("The AuthnStatement AuthnInstant {}.", time_problem(instant)),
                "The IdP produced a malformed time: check its version and configuration, or report it to its vendor.",
            );
        }
    }
    // xs:ID values are unique in a document: a signature's `URI="#id"` must find one
    // element (two are a signature-wrapping sign).
    let ids = message
        .header()
        .and_then(|header| header.id.as_deref())
        .into_iter()
        .chain(message.assertions().iter().filter_map(|a| a.id.as_deref()));
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            notes.add(
                Severity::Warning,
                "Two elements share one ID",
                format!(
                    "The ID {} appears on more than one element; IDs must be unique in a document, and SPs refuse ambiguous signature references.",
                    quote(id)
                ),
                "Generate a distinct ID for the Response and each Assertion; if the IdP did not produce this, the message was tampered with.",
            );
        }
    }
    if let Some(header) = message.header() {
        notes.fact(
            Severity::Pass,
            format!(
                "{name} ID {}, Version {}, IssueInstant {}.",
                header
                    .id
                    .as_deref()
                    .map_or_else(|| "(none)".to_owned(), quote),
                header
                    .version
                    .as_deref()
                    .map_or_else(|| "(none)".to_owned(), quote),
                header
                    .issue_instant
                    .as_ref()
                    .map_or_else(|| "(none)".to_owned(), |time| quote(&time.text)),
            ),
        );
    }
    notes.finish("Version, ID and IssueInstant are well-formed")
}

fn check_header(
    notes: &mut Notes,
    element: &str,
    version: Option<&str>,
    id: Option<&str>,
    issue_instant: Option<&TimeValue>,
) {
    let fix = "The IdP or SP software produced a malformed message: check its version and configuration, or report it to its vendor.";
    match version {
        None => notes.add(
            Severity::Error,
            format!("The {element} has no Version"),
            format!("The {element} has no Version attribute; SAML 2.0 requires Version=\"2.0\"."),
            fix,
        ),
        Some("2.0") => {}
        Some(other) => notes.add(
            Severity::Error,
            format!("The {element} is not SAML 2.0"),
            format!(
                "The {element} has Version={}; only \"2.0\" is accepted.",
                quote(other)
            ),
            fix,
        ),
    }
    match id {
        None => notes.add(
            Severity::Error,
            format!("The {element} has no ID"),
            format!("The {element} has no ID attribute, which SAML requires (and signatures refer to)."),
            fix,
        ),
        Some(id) if !is_ncname(id) => notes.add(
            Severity::Warning,
            format!("The {element} ID is not a valid xs:ID"),
            format!(
                "The {element} ID {} is not an NCName (it must start with a letter or underscore and hold no spaces or colons); schema-validating SPs refuse it and signature references to it may not resolve.",
                quote(id)
            ),
            fix,
        ),
        Some(_) => {}
    }
    match issue_instant {
        None => notes.add(
            Severity::Error,
            format!("The {element} has no IssueInstant"),
            format!("The {element} has no IssueInstant attribute, which SAML requires."),
            fix,
        ),
        Some(time) if time.parsed.is_none() => notes.add(
            Severity::Error,
            format!("The {element} IssueInstant is not a valid time"),
            format!("The {element} IssueInstant {}.", time_problem(time)),
            fix,
        ),
        Some(_) => {}
    }
}

/// Whether `text` is an XML NCName (Namespaces in XML §3), the lexical space of `xs:ID`.
fn is_ncname(text: &str) -> bool {
    let mut characters = text.chars();
    let Some(first) = characters.next() else {
        return false;
    };
    let start = |c: char| {
        c == '_'
            || c.is_ascii_alphabetic()
            || matches!(c, '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{2ff}' | '\u{370}'..='\u{37d}' | '\u{37f}'..='\u{1fff}' | '\u{200c}'..='\u{200d}' | '\u{2070}'..='\u{218f}' | '\u{2c00}'..='\u{2fef}' | '\u{3001}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{fffd}' | '\u{10000}'..='\u{effff}')
    };
    start(first) && characters.all(|c| {
        start(c)
            || c.is_ascii_digit()
            || matches!(c, '-' | '.' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
    })
}

/// `core.issuer`: the Issuer of the message and its assertion, and the IdP metadata's
/// entityID (SAML Core §2.2.5, Profiles §4.1.4.2).
fn issuer(context: &Context<'_>) -> Finding {
    let message = context.message;
    let mut notes = Notes::new(RuleId::CoreIssuer);
    let name = message.kind.as_str();
    let header_issuer = message.header().and_then(|header| header.issuer.as_ref());
    let fix_issuer = idp::fix(context.idp, Fix::SameIssuer).to_owned();

    let is_request = matches!(
        message.kind,
        MessageKind::AuthnRequest | MessageKind::LogoutRequest
    );
    match header_issuer {
        None if is_request => notes.add(
            Severity::Error,
            format!("The {name} has no Issuer"),
            format!("The {name} does not say which SP sent it (no saml:Issuer), so the IdP cannot find the application."),
            "Set the SP's entity ID in its SAML settings so that it is sent as the Issuer.",
        ),
        None if matches!(message.body, Body::Response(_)) && root_signed(message) => notes.add(
            Severity::Warning,
            "The signed Response has no Issuer",
            "The Response is signed but carries no saml:Issuer; the Web Browser SSO profile requires one on a signed Response.",
            fix_issuer.clone(),
        ),
        None => {}
        Some(issuer) => check_issuer_value(&mut notes, name, &issuer.value, issuer.format.as_deref(), &fix_issuer),
    }

    let assertion_issuer = message
        .evaluated_assertion()
        .map(|assertion| assertion.issuer.as_ref());
    match assertion_issuer {
        Some(None) => notes.add(
            Severity::Error,
            "The Assertion has no Issuer",
            "The Assertion carries no saml:Issuer; SAML requires it and the SP looks up the IdP (and its signing key) by it.",
            fix_issuer.clone(),
        ),
        Some(Some(issuer)) => {
            check_issuer_value(&mut notes, "Assertion", &issuer.value, issuer.format.as_deref(), &fix_issuer);
            if let Some(response_issuer) = header_issuer.filter(|_| !is_request)
                && response_issuer.value != issuer.value
            {
                notes.add(
                    Severity::Warning,
                    "The Response and Assertion issuers differ",
                    format!(
                        "The Response Issuer is {} but the Assertion Issuer is {}: {}. Both must be the IdP's entity ID.",
                        quote(&response_issuer.value),
                        quote(&issuer.value),
                        difference(&response_issuer.value, &issuer.value)
                    ),
                    fix_issuer.clone(),
                );
            }
        }
        None => {}
    }

    // Compare with loaded IdP metadata (only for what the IdP sent).
    let sent_by_idp = matches!(message.body, Body::Response(_) | Body::Assertion(_));
    let shown = message
        .evaluated_assertion()
        .and_then(|assertion| assertion.issuer.as_ref())
        .or(header_issuer)
        .map(|issuer| issuer.value.as_str());
    let entity_ids: Vec<(&str, &str)> = context
        .idp_metadata()
        .filter_map(|entity| Some((entity.entity_id.as_deref()?, entity.source.as_str())))
        .collect();
    if sent_by_idp && let Some(value) = shown {
        match entity_ids.iter().find(|(id, _)| *id == value) {
            Some((_, source)) => notes.fact(
                Severity::Pass,
                format!(
                    "The issuer equals the entityID of the IdP metadata {}.",
                    quote(source)
                ),
            ),
            None => {
                if let Some((closest, source)) = closest(value, &entity_ids) {
                    notes.add(
                        Severity::Error,
                        "The issuer is not the IdP metadata's entityID",
                        format!(
                            "The message's issuer {} does not equal the entityID {} of the IdP metadata {}: {}. The SP looks the IdP up by this exact string (IAM: \"Issuer not present in specified provider\").",
                            quote(value),
                            quote(closest),
                            quote(source),
                            difference(value, closest)
                        ),
                        fix_issuer.clone(),
                    );
                }
            }
        }
    }
    if let Some(value) = shown {
        notes.fact(Severity::Pass, format!("Issuer {}.", quote(value)));
    }
    notes.finish("The issuer is present and consistent")
}

fn check_issuer_value(
    notes: &mut Notes,
    element: &str,
    value: &str,
    format: Option<&str>,
    fix: &str,
) {
    if value.trim().is_empty() {
        notes.add(
            Severity::Error,
            format!("The {element} Issuer is empty"),
            format!("The {element} Issuer is {}.", quote(value)),
            fix.to_owned(),
        );
    } else if has_padding(value) {
        notes.add(
            Severity::Error,
            format!("The {element} Issuer has invisible characters around it"),
            format!(
                "The {element} Issuer is {}: the comparison with the entity ID the SP holds is exact, so the surrounding characters make it a different issuer.",
                quote(value)
            ),
            "Write the issuer (entity ID) at the IdP without surrounding spaces or line breaks.",
        );
    }
    if let Some(format) = format
        && format != NAME_ID_FORMAT_ENTITY
    {
        notes.add(
            Severity::Warning,
            format!("The {element} Issuer has a non-entity Format"),
            format!(
                "The {element} Issuer has Format {}; the Web Browser SSO profile requires it to be omitted or {NAME_ID_FORMAT_ENTITY}.",
                quote(format)
            ),
            "Remove the Format from the Issuer in the IdP's configuration, or set it to the entity format.",
        );
    }
}

/// Where the SP wants Responses: (URL, where we learned it).
pub(super) fn expected_acs(context: &Context<'_>) -> Vec<(String, String)> {
    let mut expected = Vec::new();
    if let Some(acs) = &context.expect.acs {
        expected.push((acs.clone(), "the ACS URL you expected".to_owned()));
        return expected;
    }
    for entity in context.sp_metadata() {
        for url in &entity.acs_urls {
            expected.push((
                url.clone(),
                format!("the SP metadata {}", quote(&entity.source)),
            ));
        }
    }
    expected
}

/// The ACS URL asked for by the AuthnRequest this Response answers (by InResponseTo,
/// among the requests seen before it in the same input), with where it was seen. `None`
/// for an unsolicited Response: an earlier request may belong to another sign-in.
pub(super) fn requested_acs(context: &Context<'_>) -> Option<(String, String)> {
    let answered = context.message.in_response_to().or_else(|| {
        let assertion = context.message.evaluated_assertion()?;
        assertion
            .subject
            .as_ref()?
            .confirmations
            .iter()
            .find_map(|confirmation| confirmation.data.as_ref()?.in_response_to.as_deref())
    })?;
    let request = context
        .earlier_requests()
        .filter(|request| request.id.as_deref() == Some(answered))
        .last()?;
    let place = match request.har_entry {
        Some(entry) => format!(
            "the AuthnRequest of request {}",
            crate::input::request_number(entry)
        ),
        None => "the AuthnRequest given as an input".to_owned(),
    };
    Some((request.acs_url.clone()?, place))
}

/// The URL a Response was actually posted to (the HAR request URL or the auto-post form's
/// action), when known.
pub(super) fn posted_to<'a>(context: &Context<'a>) -> Option<&'a str> {
    match context.origin.binding {
        Binding::HtmlForm => context.form_action,
        Binding::Post => context.origin.url.as_deref(),
        Binding::Redirect | Binding::Raw => None,
    }
}

/// The fix for a URL (Destination, Recipient) that is not the SP's ACS.
pub(super) fn acs_fix(context: &Context<'_>) -> String {
    idp::fix(context.idp, Fix::AcsUrl).to_owned()
}

/// `core.destination`: a Response's Destination against the SP's ACS URL (SP metadata,
/// `expect.acs`, the AuthnRequest's ACS, the URL it was posted to); its presence on a
/// signed message (Bindings §3.5.5.2); an AuthnRequest's ACS against the SP metadata.
fn destination(context: &Context<'_>) -> Option<Finding> {
    let message = context.message;
    let header: &Header = message.header()?;
    let mut notes = Notes::new(RuleId::CoreDestination);
    let name = message.kind.as_str();
    let fix = acs_fix(context);

    if let Body::AuthnRequest(request) = &message.body {
        if let Some(acs) = &request.assertion_consumer_service_url {
            let expected = expected_acs(context);
            if !expected.is_empty() && !expected.iter().any(|(url, _)| url == acs) {
                let (closest, source) = closest(acs, &expected).unwrap_or(&expected[0]);
                notes.add(
                    Severity::Warning,
                    "The AuthnRequest asks for an ACS URL the SP metadata does not list",
                    format!(
                        "AssertionConsumerServiceURL {} is not {} from {}: {}. The IdP may refuse to answer there.",
                        quote(acs),
                        quote(closest),
                        source,
                        difference(acs, closest)
                    ),
                    "Configure the SP to request its registered ACS URL, or register this URL in the SP metadata given to the IdP.",
                );
            }
            notes.fact(
                Severity::Pass,
                format!("The AuthnRequest asks for the Response at {}.", quote(acs)),
            );
        }
        if let Some(destination) = &header.destination {
            notes.fact(
                Severity::Pass,
                format!("The AuthnRequest is addressed to {}.", quote(destination)),
            );
        }
        if header.destination.is_none() && root_signed(message) {
            notes.add(
                Severity::Warning,
                "The signed AuthnRequest has no Destination",
                "A signed request must say where it is going (Destination); IdPs that enforce the bindings rule refuse it.",
                "Have the SP include Destination (the IdP's SSO URL) in signed AuthnRequests.",
            );
        }
        return Some(notes.finish("The AuthnRequest's destination and ACS are consistent"));
    }

    let Some(destination) = header.destination.as_deref() else {
        if root_signed(message) {
            notes.add(
                Severity::Error,
                format!("The signed {name} has no Destination"),
                format!("The {name} is signed but has no Destination attribute; SAML Bindings require Destination on every signed message sent through the browser, and SPs refuse it."),
                fix,
            );
        } else if message.kind == MessageKind::Response {
            notes.add(
                Severity::Info,
                "The Response has no Destination",
                "The Response has no Destination attribute; it is optional on an unsigned Response, but many SPs check it.",
                fix,
            );
        } else {
            return None;
        }
        return Some(notes.finish(""));
    };

    if message.kind != MessageKind::Response {
        notes.fact(
            Severity::Pass,
            format!("Destination {}.", quote(destination)),
        );
        return Some(notes.finish("The message says where it is going"));
    }

    let mut compared = false;
    if let Some(posted) = posted_to(context) {
        compared = true;
        if posted != destination {
            // Browsers write the host in lower case in what they record: a difference in
            // the host's case alone may be the recording, not the message.
            let severity = if same_but_host_case(posted, destination) {
                Severity::Warning
            } else {
                Severity::Error
            };
            notes.add(
                severity,
                "The Response was posted somewhere other than its Destination",
                format!(
                    "Destination is {} but the browser posted it to {}: {}. The SP compares Destination with its own URL and refuses a mismatch.",
                    quote(destination),
                    quote(posted),
                    difference(destination, posted)
                ),
                fix.clone(),
            );
        }
    }
    let expected = expected_acs(context);
    if !expected.is_empty() {
        compared = true;
        if !expected.iter().any(|(url, _)| url == destination) {
            let (closest, source) = closest(destination, &expected).unwrap_or(&expected[0]);
            notes.add(
                Severity::Error,
                "The Destination is not the SP's ACS URL",
                format!(
                    "Destination {} is not {} from {}: {}.",
                    quote(destination),
                    quote(closest),
                    source,
                    difference(destination, closest)
                ),
                fix.clone(),
            );
        }
    }
    if expected.is_empty() && context.runs(Pack::AwsIam) {
        // AWS's endpoints are known: an IAM SAML Response goes to one of them.
        compared = true;
        if !matches!(aws::endpoint(destination), Some(Endpoint::IamSaml { .. })) {
            let (severity, hint) = if same_but_host_case(destination, aws::GLOBAL_SIGN_IN_URL)
                || aws::endpoint(&destination.to_ascii_lowercase()).is_some()
            {
                (
                    Severity::Warning,
                    format!(
                        ": {}",
                        difference(destination, &destination.to_ascii_lowercase())
                    ),
                )
            } else {
                (Severity::Error, nearest_iam_endpoint(destination))
            };
            notes.add(
                severity,
                "The Destination is not an AWS sign-in endpoint",
                format!(
                    "Destination {} is not IAM SAML federation's ACS (https://signin.aws.amazon.com/saml, or https://<region>.signin.aws.amazon.com/saml){hint}. AWS compares the Destination with the endpoint the Response is posted to and refuses it.",
                    quote(destination)
                ),
                fix.clone(),
            );
        }
    } else if expected.is_empty()
        && let Some(rule) = [
            (Pack::AwsIdentityCenter, "iic.urls"),
            (Pack::Cognito, "cognito.acs"),
        ]
        .into_iter()
        .find_map(|(pack, rule)| context.runs(pack).then_some(rule))
    {
        compared = true;
        notes.fact(
            Severity::Pass,
            format!("Whether the Destination is the target's ACS URL is checked by {rule}."),
        );
    }
    if let Some((acs, place)) = requested_acs(context) {
        compared = true;
        if acs != destination {
            notes.add(
                Severity::Error,
                "The Destination is not the ACS URL the AuthnRequest asked for",
                format!(
                    "{} asked for the Response at {}, but the Destination is {}: {}.",
                    capitalise(&place),
                    quote(&acs),
                    quote(destination),
                    difference(destination, &acs)
                ),
                fix.clone(),
            );
        } else {
            notes.fact(
                Severity::Pass,
                format!("The Destination is the ACS URL {place} asked for."),
            );
        }
    }
    if has_padding(destination) {
        notes.add(
            Severity::Error,
            "The Destination has invisible characters around it",
            format!("Destination is {}.", quote(destination)),
            fix.clone(),
        );
    }
    if compared {
        notes.fact(
            Severity::Pass,
            format!("Destination {}.", quote(destination)),
        );
        Some(notes.finish("The Destination is the SP's ACS URL"))
    } else {
        notes.fact(
            Severity::Pass,
            format!(
                "Destination {} (no SP metadata, AuthnRequest or expected ACS URL to compare it with).",
                quote(destination)
            ),
        );
        Some(notes.finish("The Response names its Destination"))
    }
}

/// How a URL differs from the IAM sign-in endpoint it most looks like, after `: `, or
/// nothing when it looks like none.
fn nearest_iam_endpoint(url: &str) -> String {
    let Some(parts) = UrlParts::parse(url) else {
        return String::new();
    };
    let host = parts.authority.to_ascii_lowercase();
    let looks_like = aws::PARTITIONS.iter().any(|partition| {
        host == partition.sign_in_host || host.ends_with(&format!(".{}", partition.sign_in_host))
    });
    if !looks_like {
        return String::new();
    }
    let candidate = format!("https://{host}/saml");
    format!(": {}", difference(url, &candidate))
}

pub(super) fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// Whether `status` is a failure (a Response with no assertion is then expected).
pub(super) fn failed(status: Option<&Status>) -> bool {
    status.is_some_and(|status| !status.is_success())
}

#[cfg(test)]
pub(super) fn is_ncname_for_tests(text: &str) -> bool {
    is_ncname(text)
}

/// Whether two URLs differ only in the letter case of their scheme and host (which are
/// case-insensitive, RFC 3986 §6.2.2.1).
fn same_but_host_case(one: &str, other: &str) -> bool {
    match (UrlParts::parse(one), UrlParts::parse(other)) {
        (Some(one), Some(other)) => {
            one.scheme.eq_ignore_ascii_case(other.scheme)
                && one.authority.eq_ignore_ascii_case(other.authority)
                && one.path == other.path
                && one.rest == other.rest
        }
        _ => false,
    }
}
