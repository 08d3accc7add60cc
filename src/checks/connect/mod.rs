//! Pack `amazon-connect` — IAM SAML federation into an Amazon Connect instance
//! (`connect.*`): the RelayState that sends the user on to the instance, the user name
//! Connect matches against RoleSessionName, the single role, and the IdP-initiated flow.

use super::common::{attribute_values, iam_endpoints};
use super::context::Context;
use super::idp::{self, Fix, Place};
use super::{Finding, RuleId, Severity};
use crate::aws::attributes::{ROLE, ROLE_SESSION_NAME};
use crate::aws::connect::{
    KNOWN_DESTINATIONS, RELAY_STATE_SHAPE, is_console_host, is_instance_id, is_instance_url,
};
use crate::aws::{self, ConnectRelayState, https_parts, is_region};
use crate::saml::MessageKind;
use crate::text::quote;

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    if context.message.kind != MessageKind::Response {
        return;
    }
    findings.push(relay_state(context));
    if let Some(assertion) = context.message.evaluated_assertion() {
        let session_names = attribute_values(assertion, ROLE_SESSION_NAME);
        findings.push(username(context, session_names.as_deref()));
        findings.push(role_single(
            context,
            attribute_values(assertion, ROLE).as_deref(),
        ));
    }
    findings.push(idp_initiated(context));
}

/// `connect.relaystate`.
fn relay_state(context: &Context<'_>) -> Finding {
    let id = RuleId::ConnectRelayState;
    let shape = RELAY_STATE_SHAPE;
    let fix = format!(
        "Set {} to {shape}, with your instance's region and id.",
        idp::place(context.idp, Place::RelayState)
    );
    let Some(relay) = context.relay_state else {
        return Finding::new(
            id,
            Severity::Error,
            "No RelayState: the sign-in lands in the AWS console, not Connect",
            "The Response was sent without a RelayState, so after AWS sign-in the user is not federated into the Connect instance.",
            fix,
        );
    };
    let Some(parsed) = aws::connect_relay_state(relay) else {
        return Finding::new(
            id,
            Severity::Error,
            "The RelayState is not a Connect federation URL",
            format!(
                "RelayState {}: {}.",
                quote(relay),
                relay_state_problem(relay)
            ),
            fix,
        );
    };
    if !is_instance_id(&parsed.instance_id) {
        return Finding::new(
            id,
            Severity::Error,
            "The RelayState's instance id is not an instance id",
            format!(
                "RelayState names instance {}; Connect expects the instance id, a UUID such as 5f1e2d3c-aaaa-bbbb-cccc-123456789abc (shown in the instance ARN), not the alias or the ARN.",
                quote(&parsed.instance_id)
            ),
            fix,
        );
    }
    if let Some(problem) = region_problem(context, &parsed) {
        return problem;
    }
    if let Some(destination) = parsed.destination.as_deref()
        && !destination.starts_with('/')
    {
        return Finding::new(
            id,
            Severity::Error,
            "The RelayState's destination is not a path",
            format!(
                "destination is {}; Connect takes a path on the instance such as /ccp-v2 (written %2Fccp-v2).",
                quote(destination)
            ),
            fix,
        );
    }
    let destination_note = match parsed.destination.as_deref() {
        None => " No destination: the user lands on the instance's home page.".to_owned(),
        Some(path) if KNOWN_DESTINATIONS.contains(&path) => format!(" Destination {path}."),
        Some(path) => format!(
            " Destination {} is not one of {} (check the spelling).",
            quote(path),
            KNOWN_DESTINATIONS.join(", ")
        ),
    };
    Finding::new(
        id,
        Severity::Pass,
        format!(
            "The RelayState federates into Connect instance {} in {}",
            parsed.instance_id, parsed.region
        ),
        destination_note.trim_start().to_owned(),
        "",
    )
}

/// Why a RelayState that mentions Connect is not a federation URL, in words.
fn relay_state_problem(relay: &str) -> String {
    if relay.contains("%2F") || relay.contains("%2f") || relay.contains("%3A") {
        return "it is still percent-encoded after decoding (encoded twice in the IdP)".to_owned();
    }
    if relay != relay.trim() {
        return "it has leading or trailing whitespace".to_owned();
    }
    if relay.starts_with("http://") {
        return "it uses http, not https".to_owned();
    }
    let Some((host, path)) = https_parts(relay) else {
        return "it is not an https URL".to_owned();
    };
    let (label, base) = host.split_once('.').unwrap_or(("", host));
    if !is_console_host(base) && host != "console.aws.amazon.com" {
        return format!(
            "the host {} is not <region>.console.aws.amazon.com (the instance's own URL cannot be the RelayState)",
            quote(host)
        );
    }
    if host == "console.aws.amazon.com" || !is_region(label) {
        return format!(
            "the host {} has no region; it must be <region>.console.aws.amazon.com for the instance's region",
            quote(host)
        );
    }
    if !path.starts_with("/connect/federate/") {
        return format!(
            "the path {} is not /connect/federate/<instance-id>",
            quote(path)
        );
    }
    "the instance id is missing or followed by another path segment".to_owned()
}

/// The RelayState region against the sign-in endpoint's region and the user's.
fn region_problem(context: &Context<'_>, parsed: &ConnectRelayState) -> Option<Finding> {
    let id = RuleId::ConnectRelayState;
    let assertion = context.message.evaluated_assertion()?;
    let regional = iam_endpoints(context, assertion)
        .into_iter()
        .find_map(|(label, url, region)| region.map(|region| (label, url, region)));
    if let Some((label, url, region)) = regional
        && region != parsed.region
    {
        return Some(Finding::new(
            id,
            Severity::Error,
            "The RelayState's region differs from the sign-in endpoint's",
            format!(
                "RelayState federates into {} but {label} is the {region} endpoint {}; the Connect instance's region and the regional sign-in endpoint must agree.",
                parsed.region,
                quote(url)
            ),
            format!(
                "Use https://{0}.signin.aws.amazon.com/saml as ACS/Recipient/Audience (and in the trust policy's SAML:aud), or the global endpoint, for an instance in {0}.",
                parsed.region
            ),
        ));
    }
    if let Some(expected) = context.expect.region.as_deref()
        && expected != parsed.region
    {
        return Some(Finding::new(
            id,
            Severity::Warning,
            format!(
                "The RelayState points at {}, not {expected} as you expected",
                parsed.region
            ),
            format!(
                "You expected the instance in {}; RelayState names region {}.",
                quote(expected),
                quote(&parsed.region)
            ),
            "Put the instance's own region in the RelayState host.",
        ));
    }
    None
}

/// `connect.username`: RoleSessionName must equal the Connect user name exactly.
fn username(context: &Context<'_>, session_names: Option<&[&str]>) -> Finding {
    let id = RuleId::ConnectUsername;
    let Some(&[session_name]) = session_names else {
        return Finding::new(
            id,
            Severity::Info,
            "No single RoleSessionName to compare with the Connect user name",
            "Connect signs the user in as the RoleSessionName; see aws.session.name for what is wrong with it.",
            "",
        );
    };
    let Some(expected) = context.expect.username.as_deref() else {
        return Finding::new(
            id,
            Severity::Info,
            format!("Connect will look for the user {}", quote(session_name)),
            "Connect matches RoleSessionName to the Connect user name exactly, case included; say which Connect user name you expect, to compare it.",
            "",
        );
    };
    if session_name == expected {
        return Finding::new(
            id,
            Severity::Pass,
            format!(
                "RoleSessionName equals the Connect user name {}",
                quote(expected)
            ),
            "",
            "",
        );
    }
    let fix = idp::fix(context.idp, Fix::ConnectUserName);
    let why = if session_name.eq_ignore_ascii_case(expected) {
        "they differ only by letter case, and Connect compares case-sensitively".to_owned()
    } else if session_name.trim() == expected.trim() {
        "they differ only by whitespace, which Connect does not ignore".to_owned()
    } else if session_name
        .split_once('@')
        .is_some_and(|(local, _)| local.eq_ignore_ascii_case(expected))
    {
        "RoleSessionName carries a domain (@...) that the Connect user name does not have"
            .to_owned()
    } else if expected
        .split_once('@')
        .is_some_and(|(local, _)| local.eq_ignore_ascii_case(session_name))
    {
        "the Connect user name has a domain (@...) that RoleSessionName lacks".to_owned()
    } else {
        "they are different names".to_owned()
    };
    Finding::new(
        id,
        Severity::Error,
        "RoleSessionName is not the Connect user name",
        format!(
            "RoleSessionName {} vs Connect user name {}: {why}. Connect refuses with \"Access Denied ... has not been onboarded to this application\".",
            quote(session_name),
            quote(expected)
        ),
        fix,
    )
}

/// `connect.role.single`.
fn role_single(context: &Context<'_>, roles: Option<&[&str]>) -> Finding {
    let id = RuleId::ConnectRoleSingle;
    let roles = roles.unwrap_or_default();
    match roles.len() {
        0 => Finding::new(
            id,
            Severity::Info,
            "No Role value (see aws.role.present)",
            "Connect federation needs exactly one Role value.",
            "",
        ),
        1 => Finding::new(id, Severity::Pass, "Exactly one role for Connect", "", ""),
        many => Finding::new(
            id,
            Severity::Error,
            format!("{many} roles: Connect federation needs exactly one"),
            format!(
                "The Role attribute has {many} values; AWS then shows its role chooser and the RelayState to Connect is lost, so the user never reaches the instance{}.",
                context
                    .relay_state
                    .map(|relay| format!(" ({})", quote(relay)))
                    .unwrap_or_default()
            ),
            "Send a single Role value for the Connect application (a separate IdP app, or a role mapping that yields only the Connect federation role).",
        ),
    }
}

/// `connect.idp.initiated`: Connect federation must start at the IdP.
fn idp_initiated(context: &Context<'_>) -> Finding {
    let id = RuleId::ConnectIdpInitiated;
    let fix = "Start at the IdP: open the Connect application from the IdP's portal (or its IdP-initiated sign-on URL) instead of bookmarking the instance URL.";
    let requests: Vec<_> = context.earlier_requests().collect();
    if let Some(request) = requests.last() {
        return Finding::new(
            id,
            Severity::Warning,
            "The flow started with an AuthnRequest (SP-initiated)",
            format!(
                "An AuthnRequest{} was sent before this Response{}; IAM federation into Connect is IdP-initiated, and starting from the instance ends in \"Session Expired\".",
                request
                    .id
                    .as_deref()
                    .map(|id| format!(" {}", quote(id)))
                    .unwrap_or_default(),
                request
                    .har_entry
                    .map(|entry| format!(" (request {})", crate::input::request_number(entry)))
                    .unwrap_or_default()
            ),
            fix,
        );
    }
    if let Some(in_response_to) = context.message.in_response_to() {
        return Finding::new(
            id,
            Severity::Warning,
            "The Response answers an AuthnRequest (SP-initiated)",
            format!(
                "InResponseTo is {}: the sign-in began at a service provider, but Connect federation through IAM begins at the IdP.",
                quote(in_response_to)
            ),
            fix,
        );
    }
    let Some(flow) = context
        .flow
        .har_flows
        .get(context.origin.input)
        .filter(|flow| !flow.is_empty())
    else {
        if context.error_text.is_some_and(|matched| {
            matched
                .text
                .to_ascii_lowercase()
                .contains("session expired")
        }) {
            return Finding::new(
                id,
                Severity::Warning,
                "\"Session Expired\" usually means the instance URL was opened directly",
                "This Response is IdP-initiated, but Connect shows \"Session Expired\" when the user opens the instance URL (or a bookmark of it) without a federated session; a HAR of the whole sign-in would show it.",
                fix,
            );
        }
        return Finding::new(
            id,
            Severity::Pass,
            "IdP-initiated: the Response answers no AuthnRequest",
            "Give a HAR of the whole sign-in to also check for a direct visit to the instance URL.",
            "",
        );
    };
    let here = context.origin.har_entry.unwrap_or(usize::MAX);
    if let Some(entry) = flow
        .iter()
        .filter(|entry| entry.index < here)
        .find(|entry| is_instance_url(&entry.url))
    {
        return Finding::new(
            id,
            Severity::Warning,
            "The instance URL was opened before the IdP sign-in",
            format!(
                "Request {} went straight to the Connect instance ({} {}); without an existing session that ends in \"Session Expired\". Federation only works when the user starts at the IdP.",
                crate::input::request_number(entry.index),
                entry.method,
                quote(&entry.url)
            ),
            fix,
        );
    }
    Finding::new(
        id,
        Severity::Pass,
        "IdP-initiated: no AuthnRequest or direct instance visit before the Response",
        "",
        "",
    )
}
