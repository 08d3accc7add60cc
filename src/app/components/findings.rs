//! Findings: severity as icon and word (never colour alone), title, detail, fix.

use saml_inspector::checks::{Finding, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: Finding,
}

pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
        Severity::Pass => "✔",
    }
}

#[function_component]
pub fn FindingItem(props: &FindingItemProps) -> Html {
    let finding = &props.finding;
    let severity = finding.severity.label();
    html! {
        <div class={classes!("finding", severity)} data-testid="finding" data-rule={finding.id.as_str()}>
            <p class="finding-head">
                <span class="severity" aria-hidden="true">{ severity_icon(finding.severity) }</span>
                <span class="severity-word">{ severity }</span>
                <span class="finding-title">{ &finding.title }</span>
                <code class="rule-id">{ finding.id.as_str() }</code>
            </p>
            if finding.severity != Severity::Pass {
                <p class="finding-detail">{ &finding.detail }</p>
                if !finding.fix.is_empty() {
                    <p class="finding-fix"><strong>{ "Fix: " }</strong>{ &finding.fix }</p>
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub findings: Vec<Finding>,
}

/// Findings grouped by severity, most severe first; passes collapsed.
#[function_component]
pub fn FindingList(props: &FindingListProps) -> Html {
    let (passes, others): (Vec<&Finding>, Vec<&Finding>) = props
        .findings
        .iter()
        .partition(|finding| finding.severity == Severity::Pass);
    html! {
        <div class="findings">
            { for others.iter().map(|finding| html! { <FindingItem finding={(*finding).clone()} /> }) }
            if !passes.is_empty() {
                <details class="passes">
                    <summary>{ format!("{} checks passed", passes.len()) }</summary>
                    { for passes.iter().map(|finding| html! { <FindingItem finding={(*finding).clone()} /> }) }
                </details>
            }
        </div>
    }
}
