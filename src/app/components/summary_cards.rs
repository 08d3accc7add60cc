//! The message at a glance: who issued it, for whom, to where, when it is valid (drawn
//! on a line with the reference time and the skew), the AWS roles split into account /
//! role / provider, and the session name and duration. Every value says whether a
//! signature covers it. The engine splits and words it all (`engine::view::Cards`).

use saml_inspector::engine::Command;
use saml_inspector::engine::view::{Cards, IdpView, RoleRow, Shown, TimeCard, TimeRow};
use std::rc::Rc;
use yew::prelude::*;

use super::paged::{self, Answer, Drawn, Fetch, PagedTable, Words};
use super::value::{Value, mark_badge, marked};
use std::future::Future;
use std::pin::Pin;

#[derive(Properties, PartialEq)]
pub struct SummaryCardsProps {
    pub cards: Rc<Cards>,
    pub idp: Option<IdpView>,
    /// The analysis and the message (for further pages of roles).
    pub generation: u32,
    pub message: usize,
}

fn field(label: &str, testid: &str, value: Option<&Shown>) -> Html {
    let Some(value) = value else {
        return html! {};
    };
    html! {
        <>
            <dt>{ label }</dt>
            <dd>
                <span data-testid={testid.to_owned()}><Value text={AttrValue::from(value.text.clone())} /></span>
                if let Some(mark) = value.mark { { " " }{ mark_badge(mark) } }
            </dd>
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
    let cards = &props.cards;
    let issuer = html! {
        <dl class="fields">
            { field("Issuer", "field-issuer", cards.issuer.as_ref()) }
            if let Some(idp) = &props.idp {
                <dt>{ "Identity provider" }</dt>
                <dd data-testid="field-idp">{ &idp.name }<span class="hint">{ format!(" — from {}", idp.evidence) }</span></dd>
            }
            { field("In response to", "field-in-response-to", cards.in_response_to.as_ref()) }
            { field("Status", "field-status", cards.status.as_ref()) }
            { field("Second-level status", "field-sub-status", cards.sub_status.as_ref()) }
            { field("Status message", "field-status-message", cards.status_message.as_ref()) }
            { field("Entity ID", "field-entity-id", cards.entity_ids.as_ref()) }
        </dl>
    };
    let subject = cards.name_id.as_ref().map(|_| {
        html! {
            <dl class="fields">
                { field("NameID", "field-name-id", cards.name_id.as_ref()) }
                { field("Format", "field-name-id-format", cards.name_id_format.as_ref()) }
            </dl>
        }
    });
    let endpoints = html! {
        <dl class="fields">
            { field("Audience", "field-audience", cards.audience.as_ref()) }
            { field("Destination", "field-destination", cards.destination.as_ref()) }
            { field("Recipient", "field-recipient", cards.recipient.as_ref()) }
            { field("ACS URL", "field-acs", cards.acs.as_ref()) }
            { field("Response binding", "field-protocol-binding", cards.protocol_binding.as_ref()) }
            { field("RelayState", "field-relay-state", cards.relay_state.as_ref()) }
        </dl>
    };
    let has_endpoints = cards.audience.is_some()
        || cards.destination.is_some()
        || cards.acs.is_some()
        || cards.relay_state.is_some();
    html! {
        <div class="cards" data-testid="summary-cards">
            { card("Issued by", "card-issuer", issuer) }
            if let Some(subject) = subject {
                { card("Signs in", "card-subject", subject) }
            }
            if has_endpoints {
                { card("Sent to", "card-endpoints", endpoints) }
            }
            if let Some(time) = &cards.time {
                { time_card(time) }
            }
            if cards.roles.total > 0 {
                { card("AWS roles", "card-roles", html! {
                    <PagedTable key={format!("{}-{}", props.generation, props.message)}
                        generation={props.generation} message={props.message}
                        first={Drawn::new(&cards.roles, role_row)} total={cards.roles.total}
                        fetch={fetch_roles as Fetch}
                        class="roles" testid="roles-table" words={&ROLE_WORDS}
                        head={html! { <tr>
                            <th scope="col">{ "Account" }</th>
                            <th scope="col">{ "Role" }</th>
                            <th scope="col">{ "SAML provider" }</th>
                            <th scope="col">{ "As sent" }</th>
                        </tr> }} />
                }) }
            }
            if cards.session_name.is_some() || cards.session_duration.is_some() {
                { card("AWS session", "card-session", html! {
                    <dl class="fields">
                        { field("Session name", "field-session-name", cards.session_name.as_ref()) }
                        if cards.session_names > 1 {
                            <dd><span class="badge warning">{ format!("{} values", cards.session_names) }</span></dd>
                        }
                        { field("Duration", "field-session-duration", cards.session_duration.as_ref()) }
                    </dl>
                }) }
            }
        </div>
    }
}

const ROLE_WORDS: Words = Words {
    noun: "roles",
    count: "role-count",
    more: "more-roles",
};

fn fetch_roles(
    generation: u32,
    message: usize,
    from: usize,
) -> Pin<Box<dyn Future<Output = Answer>>> {
    Box::pin(paged::fetch(
        Command::Roles {
            generation,
            message,
            from,
        },
        role_row,
    ))
}

fn role_row(role: &RoleRow) -> Html {
    let shown = |part: &Option<String>| match part {
        Some(text) => html! { <Value text={AttrValue::from(text.clone())} /> },
        None => html! { <span class="badge warning">{ "not found" }</span> },
    };
    html! {
        <tr data-testid="role-row">
            <td class="role-part">
                { shown(&role.account) }
                if let Some(partition) = role.partition.as_deref().filter(|partition| *partition != "aws") {
                    <span class="badge">{ partition.to_owned() }</span>
                }
            </td>
            <td class="role-part">{ shown(&role.role) }</td>
            <td class="role-part">{ shown(&role.provider) }</td>
            <td class="role-raw">
                { marked(&role.raw, Some(role.mark)) }
                if role.not_pair {
                    <span class="badge warning">{ "not a role,provider pair" }</span>
                }
                if role.extra_text {
                    <span class="badge warning">{ "extra text" }</span>
                }
            </td>
        </tr>
    }
}

/// The validity window as a line: NotBefore … reference time … NotOnOrAfter, with the
/// IssueInstant and the skew to the reference time. Drawn in SVG with attributes (the
/// CSP forbids style attributes), and said in words next to it.
fn time_card(time: &TimeCard) -> Html {
    let state = time.state.clone();
    let time_row = |label: &str, testid: &str, row: Option<&TimeRow>| {
        let Some(row) = row else {
            return html! {};
        };
        html! {
            <>
                <dt>{ label }</dt>
                <dd>
                    <span data-testid={testid.to_owned()}>
                        <Value text={AttrValue::from(row.value.text.clone())} />
                        if let Some(note) = &row.note {
                            <span class="hint">{ format!(" — {note}") }</span>
                        }
                    </span>
                    if let Some(mark) = row.value.mark { { " " }{ mark_badge(mark) } }
                </dd>
            </>
        }
    };
    let body = html! {
        <>
            <p class={classes!("window-state", state.clone())} data-testid="time-window" data-state={state.clone()}>{ &time.state_text }</p>
            <svg class="timeline" viewBox="0 0 1000 40" preserveAspectRatio="none" role="img"
                aria-label={format!("Validity window and reference time: {}", time.state_text)}>
                <line class="axis" x1="0" y1="20" x2="1000" y2="20" />
                <rect class="window" x={time.bar_x.clone()} y="12" width={time.bar_width.clone()} height="16" rx="3" />
                if let Some(issued) = &time.issued_x {
                    <line class="issued" x1={issued.clone()} y1="6" x2={issued.clone()} y2="34" />
                }
                <line class={classes!("reference", state.clone())} x1={time.reference_x.clone()} y1="0" x2={time.reference_x.clone()} y2="40" />
            </svg>
            <p class="hint timeline-legend">{ "Box: NotBefore to NotOnOrAfter · solid line: reference time · dashed line: IssueInstant" }</p>
            <dl class="fields times">
                { time_row("NotBefore", "field-not-before", time.not_before.as_ref()) }
                <dt>{ "Reference time" }</dt>
                <dd data-testid="field-reference-time">
                    <code class="value">{ &time.reference }</code>
                    <span class="hint">{ format!(" — {}", time.reference_source) }</span>
                </dd>
                { time_row("NotOnOrAfter", "field-not-on-or-after", time.not_on_or_after.as_ref()) }
                { time_row("Bearer NotOnOrAfter", "field-bearer-not-on-or-after", time.bearer_until.as_ref()) }
                { time_row("IssueInstant", "field-issue-instant", time.issue_instant.as_ref()) }
            </dl>
        </>
    };
    card("Valid", "card-time", body)
}
