//! The message at a glance: who issued it, for whom, to where, when it is valid (drawn
//! on a line with the reference time and the skew), the AWS roles split into account /
//! role / provider, and the session name and duration.

use crate::app::state::SharedReport;
use saml_inspector::Timestamp;
use saml_inspector::aws::attributes::{ROLE, ROLE_SESSION_NAME as SESSION_NAME, SESSION_DURATION};
use saml_inspector::aws::{self, LenientArn};
use saml_inspector::engine::MessageFacts;
use saml_inspector::report::render::short_urn;
use saml_inspector::report::{MessageReport, TimeSource};
use saml_inspector::timestamp::describe_duration;
use yew::prelude::*;

use super::value::Value;

#[derive(Properties, PartialEq)]
pub struct SummaryCardsProps {
    /// The report, shared; the message is `report.messages[index]`.
    pub report: SharedReport,
    pub index: usize,
}

fn field(label: &str, testid: &str, value: Option<&str>) -> Html {
    let Some(value) = value else {
        return html! {};
    };
    html! {
        <>
            <dt>{ label }</dt>
            <dd data-testid={testid.to_owned()}><Value text={AttrValue::from(value.to_owned())} /></dd>
        </>
    }
}

fn card(title: &str, testid: &str, body: Html) -> Html {
    html! {
        <section class="card" data-testid={testid.to_owned()}>
            <h4>{ title }</h4>
            { body }
        </section>
    }
}

#[function_component]
pub fn SummaryCards(props: &SummaryCardsProps) -> Html {
    let Some(message) = props.report.0.messages.get(props.index) else {
        return html! {};
    };
    let no_facts = MessageFacts::default();
    let facts = props.report.facts(props.index).unwrap_or(&no_facts);
    let status = facts.status.as_ref();
    let audiences = &facts.audiences;
    let (acs, request_binding) = (facts.acs.as_deref(), facts.request_binding.as_deref());
    let entity_ids = &facts.entity_ids;
    let attribute_values = |name: &str| -> Vec<&str> {
        message
            .attributes
            .iter()
            .filter(|attribute| attribute.name == name)
            .flat_map(|attribute| attribute.values.iter().map(String::as_str))
            .collect()
    };
    let roles = attribute_values(ROLE);
    let session_name = attribute_values(SESSION_NAME);
    let session_duration = attribute_values(SESSION_DURATION);

    let issuer = html! {
        <dl class="fields">
            { field("Issuer", "field-issuer", message.issuer.as_deref()) }
            if let Some(idp) = &message.idp {
                <dt>{ "Identity provider" }</dt>
                <dd data-testid="field-idp">{ idp.idp.name() }<span class="hint">{ format!(" — from {}", idp.evidence) }</span></dd>
            }
            { field("In response to", "field-in-response-to", facts.in_response_to.as_deref()) }
            { field("Status", "field-status", status.and_then(|status| status.code.as_deref()).map(short_urn)) }
            { field("Second-level status", "field-sub-status", status.and_then(|status| status.sub_code.as_deref()).map(short_urn)) }
            { field("Status message", "field-status-message", status.and_then(|status| status.message.as_deref())) }
            { field("Entity ID", "field-entity-id", (!entity_ids.is_empty()).then(|| entity_ids.join(", ")).as_deref()) }
        </dl>
    };
    let subject = message.subject.as_ref().map(|subject| {
        html! {
            <dl class="fields">
                { field("NameID", "field-name-id", Some(subject.name_id.as_str())) }
                { field("Format", "field-name-id-format", subject.format.as_deref().map(short_urn)) }
            </dl>
        }
    });
    let audience = (!audiences.is_empty()).then(|| audiences.join(", "));
    let endpoints = html! {
        <dl class="fields">
            { field("Audience", "field-audience", audience.as_deref()) }
            { field("Destination", "field-destination", message.destination.as_deref()) }
            { field("Recipient", "field-recipient", facts.recipient.as_deref()) }
            { field("ACS URL", "field-acs", acs) }
            { field("Response binding", "field-protocol-binding", request_binding.map(short_urn)) }
            { field("RelayState", "field-relay-state", message.relay_state.as_deref()) }
        </dl>
    };
    let has_endpoints = audience.is_some()
        || message.destination.is_some()
        || acs.is_some()
        || message.relay_state.is_some();
    html! {
        <div class="cards" data-testid="summary-cards">
            { card("Issued by", "card-issuer", issuer) }
            if let Some(subject) = subject {
                { card("Signs in", "card-subject", subject) }
            }
            if has_endpoints {
                { card("Sent to", "card-endpoints", endpoints) }
            }
            { time_card(message, facts) }
            if !roles.is_empty() {
                { card("AWS roles", "card-roles", roles_table(&roles)) }
            }
            if !session_name.is_empty() || !session_duration.is_empty() {
                { card("AWS session", "card-session", session(&session_name, &session_duration)) }
            }
        </div>
    }
}

/// One part of a Role value: a role or a provider ARN as sent, read leniently (the
/// value is still shown as it is when it is not shaped like an ARN).
struct ArnPart<'a> {
    text: &'a str,
    arn: LenientArn<'a>,
}

fn arn_part(text: &str) -> ArnPart<'_> {
    ArnPart {
        text,
        arn: aws::lenient_arn(text),
    }
}

fn roles_table(roles: &[&str]) -> Html {
    let rows = roles.iter().map(|value| {
        let parts = aws::role_value_parts(value);
        let role = parts.role.map(arn_part);
        let provider = parts.provider.map(arn_part);
        let shown = |part: Option<&str>| match part {
            Some(text) => html! { <Value text={AttrValue::from(text.to_owned())} /> },
            None => html! { <span class="badge warning">{ "not found" }</span> },
        };
        let account = role
            .as_ref()
            .and_then(|role| role.arn.account)
            .or_else(|| provider.as_ref().and_then(|provider| provider.arn.account));
        html! {
            <tr data-testid="role-row">
                <td class="role-part">{ shown(account) }</td>
                <td class="role-part">{ shown(role.as_ref().and_then(|role| role.arn.name("role"))) }</td>
                <td class="role-part">{ shown(provider.as_ref().and_then(|provider| provider.arn.name("saml-provider"))) }</td>
                <td class="role-raw">
                    <Value text={AttrValue::from((*value).to_owned())} />
                    if role.is_none() || provider.is_none() || parts.parts != 2 {
                        <span class="badge warning">{ "not a role,provider pair" }</span>
                    }
                    if role.as_ref().zip(provider.as_ref()).is_some_and(|(role, provider)| role.text.len() + provider.text.len() + 1 != value.len()) {
                        <span class="badge warning">{ "extra text" }</span>
                    }
                </td>
            </tr>
        }
    });
    html! {
        <div class="table-scroll">
            <table class="roles" data-testid="roles-table">
                <thead><tr>
                    <th scope="col">{ "Account" }</th>
                    <th scope="col">{ "Role" }</th>
                    <th scope="col">{ "SAML provider" }</th>
                    <th scope="col">{ "As sent" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

fn session(names: &[&str], durations: &[&str]) -> Html {
    let duration_text = durations
        .first()
        .map(|text| match text.trim().parse::<i64>() {
            Ok(seconds) => format!(
                "{text} s = {}",
                describe_duration(seconds.saturating_mul(1000))
            ),
            Err(_) => (*text).to_owned(),
        });
    html! {
        <dl class="fields">
            { field("Session name", "field-session-name", names.first().copied()) }
            if names.len() > 1 {
                <dd><span class="badge warning">{ format!("{} values", names.len()) }</span></dd>
            }
            { field("Duration", "field-session-duration", duration_text.as_deref()) }
        </dl>
    }
}

fn source_text(source: TimeSource) -> &'static str {
    match source {
        TimeSource::Har => "HAR capture time",
        TimeSource::User => "the time you chose",
        TimeSource::Clock => "now, by this computer's clock",
    }
}

/// `time` said relative to the reference time: "5 min before the reference time".
fn relative(time: Timestamp, reference: Timestamp) -> String {
    let millis = reference.millis_since(time);
    if millis >= 0 {
        format!("{} before the reference time", describe_duration(millis))
    } else {
        format!("{} after the reference time", describe_duration(-millis))
    }
}

/// The validity window as a line: NotBefore … reference time … NotOnOrAfter, with the
/// IssueInstant and the skew to the reference time. Drawn in SVG with attributes (the
/// CSP forbids style attributes), and said in words next to it.
fn time_card(message: &MessageReport, facts: &MessageFacts) -> Html {
    let issued = facts.issued.as_ref();
    let not_before = facts.not_before.as_ref();
    let not_after = facts.not_on_or_after.as_ref();
    let bearer_until = facts.bearer_until.as_ref();
    let reference = message.reference_time;
    let now = reference.value;
    if not_before.is_none() && not_after.is_none() && issued.is_none() {
        return html! {};
    }
    let start = not_before.and_then(|time| time.parsed);
    let end = not_after.and_then(|time| time.parsed);
    let issued_at = issued.and_then(|time| time.parsed);
    let state = match (start, end) {
        (Some(start), _) if now < start => "early",
        (_, Some(end)) if now >= end => "expired",
        (None, None) => "open",
        _ => "inside",
    };
    let state_text = match state {
        "early" => "✖ Not yet valid at the reference time",
        "expired" => "✖ Expired at the reference time",
        "open" => "No validity window in the assertion",
        _ => "✔ Inside the validity window at the reference time",
    };
    // Positions on a 0..1000 line, with room on both sides.
    let points: Vec<i64> = [start, end, issued_at, Some(now)]
        .into_iter()
        .flatten()
        .map(Timestamp::unix_millis)
        .collect();
    let low = points.iter().copied().min().unwrap_or(0);
    let high = points.iter().copied().max().unwrap_or(0);
    let span = (high - low).max(1);
    let x = |time: Timestamp| -> String {
        let fraction = (time.unix_millis() - low) as f64 / span as f64;
        format!("{:.1}", 50.0 + fraction * 900.0)
    };
    let bar_start = start.map_or("0".to_owned(), x);
    let bar_end = end.map_or("1000".to_owned(), x);
    let bar_width = format!(
        "{:.1}",
        (bar_end.parse::<f64>().unwrap_or(1000.0) - bar_start.parse::<f64>().unwrap_or(0.0))
            .max(2.0)
    );
    let skew = issued_at.map(|issued| now.millis_since(issued));
    let time_row = |label: &str, testid: &str, text: Option<&str>, note: Option<String>| {
        let Some(text) = text else {
            return html! {};
        };
        html! {
            <>
                <dt>{ label }</dt>
                <dd data-testid={testid.to_owned()}>
                    <Value text={AttrValue::from(text.to_owned())} />
                    if let Some(note) = note {
                        <span class="hint">{ format!(" — {note}") }</span>
                    }
                </dd>
            </>
        }
    };
    let body = html! {
        <>
            <p class={classes!("window-state", state)} data-testid="time-window" data-state={state}>{ state_text }</p>
            <svg class="timeline" viewBox="0 0 1000 40" preserveAspectRatio="none" role="img"
                aria-label={format!("Validity window and reference time: {state_text}")}>
                <line class="axis" x1="0" y1="20" x2="1000" y2="20" />
                <rect class="window" x={bar_start} y="12" width={bar_width} height="16" rx="3" />
                if let Some(issued) = issued_at {
                    <line class="issued" x1={x(issued)} y1="6" x2={x(issued)} y2="34" />
                }
                <line class={classes!("reference", state)} x1={x(now)} y1="0" x2={x(now)} y2="40" />
            </svg>
            <p class="hint timeline-legend">{ "Box: NotBefore to NotOnOrAfter · solid line: reference time · dashed line: IssueInstant" }</p>
            <dl class="fields times">
                { time_row("NotBefore", "field-not-before", not_before.map(|time| time.text.as_str()),
                    start.map(|start| relative(start, now))) }
                <dt>{ "Reference time" }</dt>
                <dd data-testid="field-reference-time">
                    <code class="value">{ now.to_string() }</code>
                    <span class="hint">{ format!(" — {}", source_text(reference.source)) }</span>
                </dd>
                { time_row("NotOnOrAfter", "field-not-on-or-after", not_after.map(|time| time.text.as_str()),
                    end.map(|end| relative(end, now))) }
                { time_row("Bearer NotOnOrAfter", "field-bearer-not-on-or-after", bearer_until.map(|time| time.text.as_str()),
                    bearer_until.and_then(|time| time.parsed).map(|end| relative(end, now))) }
                { time_row("IssueInstant", "field-issue-instant", issued.map(|time| time.text.as_str()),
                    skew.map(|skew| format!("skew {} (reference {} issue; about 5 min is tolerated)",
                        describe_duration(skew.abs()), if skew >= 0 { "after" } else { "before" }))) }
            </dl>
        </>
    };
    card("Valid", "card-time", body)
}
