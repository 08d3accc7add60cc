//! Findings grouped by severity: icon and word (never colour alone), title, the detail
//! with the actual values, and the fix. Rules that explain the error text the user saw
//! come first in their group and say so (the engine orders them).

use saml_inspector::checks::Severity;
use saml_inspector::engine::view::FindingView;
use yew::prelude::*;

pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
        Severity::Pass => "✔",
    }
}

/// The group heading for a severity, counted.
fn group_title(severity: Severity, count: usize) -> String {
    let noun = match (severity, count) {
        (Severity::Error, 1) => "Error — stops the login",
        (Severity::Error, _) => "Errors — each stops the login",
        (Severity::Warning, 1) => "Warning — likely to fail or risky",
        (Severity::Warning, _) => "Warnings — likely to fail or risky",
        (Severity::Info, _) => "For context",
        (Severity::Pass, _) => "Checked and fine",
    };
    format!("{noun} ({count})")
}

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: FindingView,
}

/// One finding as a disclosure: the head is a `summary` (focusable, Enter/Space open
/// it); errors and warnings start open.
#[function_component]
pub fn FindingItem(props: &FindingItemProps) -> Html {
    let finding = &props.finding;
    let severity = finding.severity.label();
    let open = matches!(finding.severity, Severity::Error | Severity::Warning);
    html! {
        <li class={classes!("finding", severity)} data-testid="finding" data-rule={finding.rule.clone()}
            data-severity={severity}>
            <details {open}>
                <summary class="finding-head" data-testid="finding-head">
                    <span class="severity-icon" aria-hidden="true">{ severity_icon(finding.severity) }</span>
                    <span class="severity-word">{ severity }</span>
                    <span class="finding-title" data-testid="finding-title">{ &finding.title }</span>
                    if finding.explains {
                        <span class="badge explains">{ "explains the error you saw" }</span>
                    }
                    <code class="rule-id">{ &finding.rule }</code>
                </summary>
                if !finding.detail.is_empty() {
                    <p class="finding-detail" data-testid="finding-detail">{ &finding.detail }</p>
                }
                if !finding.fix.is_empty() && finding.severity != Severity::Pass {
                    <p class="finding-fix" data-testid="finding-fix"><strong>{ "Fix: " }</strong>{ &finding.fix }</p>
                }
            </details>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    /// Most severe first, those explaining the error text first within a severity.
    pub findings: Vec<FindingView>,
}

/// Findings grouped by severity, most severe first; passes collapsed.
#[function_component]
pub fn FindingList(props: &FindingListProps) -> Html {
    if props.findings.is_empty() {
        return html! { <p class="empty-note">{ "No checks produced findings for this message." }</p> };
    }
    let group = |severity: Severity| {
        let members: Vec<&FindingView> = props
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .collect();
        if members.is_empty() {
            return html! {};
        }
        let title = group_title(severity, members.len());
        let items = html! {
            <ul class="finding-items">
                { for members.iter().map(|finding| html! { <FindingItem finding={(*finding).clone()} /> }) }
            </ul>
        };
        let label = severity.label();
        if severity == Severity::Pass {
            html! {
                <details class={classes!("finding-group", label)} data-testid="finding-group" data-severity={label}>
                    <summary><h4 class="group-title">
                        <span aria-hidden="true">{ severity_icon(severity) }</span>{ " " }{ title }
                    </h4></summary>
                    { items }
                </details>
            }
        } else {
            html! {
                <section class={classes!("finding-group", label)} data-testid="finding-group" data-severity={label}>
                    <h4 class="group-title"><span aria-hidden="true">{ severity_icon(severity) }</span>{ " " }{ title }</h4>
                    { items }
                </section>
            }
        }
    };
    html! {
        <div class="findings" data-testid="findings">
            { group(Severity::Error) }
            { group(Severity::Warning) }
            { group(Severity::Info) }
            { group(Severity::Pass) }
        </div>
    }
}
