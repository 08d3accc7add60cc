//! A HAR as a flow: every request in order with method, status, host and path and its
//! time from the first; SAML-carrying requests marked with the message kind, redirects
//! and error pages visible, and the hand-off from the IdP to AWS called out.

use super::url_text::PathAndQuery;
use crate::app::state::{SharedReport, visible_flow_rows};
use saml_inspector::input::{FlowEntry, SamlParameter};
use saml_inspector::report::InputReport;
use saml_inspector::timestamp::describe_duration;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FlowViewProps {
    pub report: SharedReport,
    pub saml_only: bool,
    pub onsamlonly: Callback<bool>,
    /// A message chosen from the flow (index into `report.messages`).
    pub onselect: Callback<usize>,
    pub selected: Option<usize>,
}

#[function_component]
pub fn FlowView(props: &FlowViewProps) -> Html {
    let inputs: Vec<&InputReport> = props
        .report
        .0
        .inputs
        .iter()
        .filter(|input| !input.flow.is_empty())
        .collect();
    if inputs.is_empty() {
        return html! {};
    }
    let onchange = {
        let onsamlonly = props.onsamlonly.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            onsamlonly.emit(input.checked());
        })
    };
    html! {
        <section class="flow" aria-labelledby="flow-heading" data-testid="flow-view">
            <div class="section-head">
                <h2 id="flow-heading">{ "Flow" }</h2>
                <label class="switch">
                    <input type="checkbox" id="saml-only" data-testid="saml-only"
                        checked={props.saml_only} {onchange} />
                    { " SAML-related only (with the requests just around them)" }
                </label>
            </div>
            { for inputs.into_iter().map(|input| flow_table(props, input)) }
        </section>
    }
}

fn is_aws_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host.ends_with(".amazon.com")
        || host.ends_with(".amazonaws.com")
        || host.ends_with(".aws")
        || host.ends_with(".amazonaws.cn")
}

/// `(host, path and query)` of a URL, without parsing more than needed for display.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    }
}

fn flow_table(props: &FlowViewProps, input: &InputReport) -> Html {
    let report = &props.report.0;
    let first_time = input.flow.iter().find_map(|entry| entry.started_at);
    let carries: Vec<bool> = input
        .flow
        .iter()
        .map(|entry| !entry.saml.is_empty())
        .collect();
    let handoff = input.flow.iter().position(|entry| {
        entry.saml.contains(&SamlParameter::SamlResponse)
            && entry.method.eq_ignore_ascii_case("POST")
    });
    let rows = visible_flow_rows(&carries, props.saml_only);
    let hidden = input.flow.len() - rows.len();
    let row = |position: usize| -> Html {
        let entry: &FlowEntry = &input.flow[position];
        let (host, path) = split_url(&entry.url);
        let offset = entry
            .started_at
            .zip(first_time)
            .map(|(at, first)| format!("+{}", describe_duration(at.millis_since(first))))
            .unwrap_or_default();
        let messages: Vec<(usize, &str)> = report
            .messages
            .iter()
            .enumerate()
            .filter(|(_, message)| {
                message.origins().any(|origin| {
                    origin.input == input.index && origin.har_entry == Some(entry.index)
                })
            })
            .map(|(index, message)| (index, message.kind.as_str()))
            .collect();
        let status_class = match entry.status {
            Some(status) if status >= 400 => "status-error",
            Some(status) if (300..400).contains(&status) => "status-redirect",
            Some(_) => "status-ok",
            None => "status-none",
        };
        let status_text = match entry.status {
            Some(status) if status >= 400 => format!("✖ {status}"),
            Some(status) if (300..400).contains(&status) => format!("↪ {status}"),
            Some(status) => status.to_string(),
            None => "—".to_owned(),
        };
        let is_handoff = handoff == Some(position);
        let row_class = classes!(
            "flow-row",
            (!entry.saml.is_empty()).then_some("saml"),
            is_handoff.then_some("handoff"),
            status_class
        );
        html! {
            <tr class={row_class} data-testid="flow-row" data-saml={(!entry.saml.is_empty()).to_string()}
                data-status={entry.status.map(|status| status.to_string()).unwrap_or_default()}>
                <td class="num">{ entry.index + 1 }</td>
                <td class="offset">{ offset }</td>
                <td><code>{ &entry.method }</code></td>
                <td class={classes!("status", status_class)} title={entry.status_text.clone()}>{ status_text }</td>
                <td class="url" title={entry.url.clone()}>
                    <span class={classes!("host", is_aws_host(host).then_some("aws"))}>{ host }</span>
                    <PathAndQuery text={AttrValue::from(path.to_owned())} />
                    if let Some(target) = &entry.redirect_url {
                        <div class="redirect">{ "→ " }<PathAndQuery text={AttrValue::from(target.clone())} /></div>
                    }
                    if entry.status.is_some_and(|status| status >= 400) {
                        <span class="badge error">{ "error page" }</span>
                    }
                    if is_handoff {
                        <span class="badge handoff" data-testid="handoff">
                            { if is_aws_host(host) { "IdP → AWS hand-off" } else { "IdP → service provider hand-off" } }
                        </span>
                    }
                </td>
                <td class="saml-cell">
                    { for entry.saml.iter().map(|parameter| html! {
                        <span class="badge saml">{ parameter.as_str() }</span>
                    }) }
                    { for messages.into_iter().map(|(index, kind)| {
                        let onselect = props.onselect.clone();
                        let current = props.selected == Some(index);
                        html! {
                            <button type="button" class={classes!("link", current.then_some("current"))}
                                data-testid="flow-message" aria-current={current.then_some("true")}
                                onclick={Callback::from(move |_: MouseEvent| onselect.emit(index))}>
                                { format!("{kind} ▸") }
                            </button>
                        }
                    }) }
                </td>
            </tr>
        }
    };
    html! {
        <div class="flow-input">
            <h3 class="flow-title">{ format!("{} — {} requests", input.name, input.flow.len()) }
                if hidden > 0 { <span class="hint">{ format!(" ({hidden} hidden)") }</span> }
            </h3>
            <div class="table-scroll">
                <table class="flow-table" data-testid="flow-table">
                    <thead><tr>
                        <th scope="col">{ "#" }</th>
                        <th scope="col">{ "Time" }</th>
                        <th scope="col">{ "Method" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Host and path" }</th>
                        <th scope="col">{ "SAML" }</th>
                    </tr></thead>
                    <tbody>{ for rows.into_iter().map(row) }</tbody>
                </table>
            </div>
        </div>
    }
}
