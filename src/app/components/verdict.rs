//! The verdict on one message, first thing under its title: will the login fail, and
//! how many problems stop it — in words, with an icon, never by colour alone.

use crate::app::state::SharedReport;
use saml_inspector::checks::{Pack, Severity};
use saml_inspector::report::MessageReport;
use saml_inspector::saml::MessageKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictBannerProps {
    /// The report, shared; the message is `report.messages[index]`.
    pub report: SharedReport,
    pub index: usize,
}

/// What the banner says: (`data-verdict`, icon, headline, next sentence).
pub fn verdict(message: &MessageReport) -> (&'static str, &'static str, String, String) {
    let count = |severity: Severity| {
        message
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let is_response = message.kind == MessageKind::Response;
    let ran = |pack: Pack| message.packs.iter().any(|choice| choice.pack == pack);
    let next = if ran(Pack::AmazonConnect) {
        "check the role's trust policy and its connect:GetFederationToken permission next"
    } else if ran(Pack::AwsIdentityCenter) {
        "check that the user exists in Identity Center with exactly this user name next"
    } else if ran(Pack::AwsIam) {
        "check the role's trust policy next"
    } else if is_response {
        "check the service provider's configuration next"
    } else {
        "check the other messages of the flow next"
    };
    // A redacted report read back says so first: its signatures cannot be checked and
    // its findings are those computed before redaction.
    let read_back = message
        .read_back
        .as_ref()
        .filter(|read_back| read_back.redacted)
        .map_or("", |_| "Redacted report — ");
    if errors > 0 && message.forged_or_altered() {
        let first = message
            .findings
            .first()
            .map(|finding| format!("First: {}.", finding.title.trim_end_matches('.')))
            .unwrap_or_default();
        return (
            "fail",
            "✖",
            format!("{read_back}Forged or altered: do not trust this message"),
            first,
        );
    }
    if errors > 0 {
        let headline = if is_response {
            format!("Login will fail: {}", plural(errors, "problem", "problems"))
        } else {
            format!("{} in this message", plural(errors, "problem", "problems"))
        };
        let first = message
            .findings
            .iter()
            .find(|finding| finding.severity == Severity::Error)
            .map(|finding| format!("First: {}.", finding.title.trim_end_matches('.')))
            .unwrap_or_default();
        return ("fail", "✖", format!("{read_back}{headline}"), first);
    }
    if warnings > 0 {
        return (
            "warn",
            "▲",
            format!(
                "{read_back}No blocking problem found, {} to review",
                plural(warnings, "warning", "warnings")
            ),
            format!("If the login still fails, {next}."),
        );
    }
    (
        "ok",
        "✔",
        format!("{read_back}No problems found in the message"),
        format!("— {next}."),
    )
}

#[function_component]
pub fn VerdictBanner(props: &VerdictBannerProps) -> Html {
    let Some(message) = props.report.0.messages.get(props.index) else {
        return html! {};
    };
    let (class, icon, headline, next) = verdict(message);
    html! {
        <div class={classes!("verdict", class)} data-testid="verdict-banner" data-verdict={class} role="status">
            <span class="verdict-icon" aria-hidden="true">{ icon }</span>
            <p>
                <strong data-testid="verdict-headline">{ headline }</strong>
                { " " }
                <span>{ next }</span>
            </p>
        </div>
    }
}
