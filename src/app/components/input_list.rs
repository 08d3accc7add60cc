//! The inputs of the analysis: what each was recognised as and its problems (a HAR's
//! requests are in the flow view).

use crate::app::state::SharedReport;
use saml_inspector::checks::decoding::describe_kind;
use saml_inspector::report::InputReport;
use yew::prelude::*;

use super::findings::FindingItem;

#[derive(Properties, PartialEq)]
pub struct InputListProps {
    pub report: SharedReport,
    pub onremove: Callback<usize>,
    pub onclear: Callback<()>,
}

#[function_component]
pub fn InputList(props: &InputListProps) -> Html {
    let report = &props.report.0;
    let onclear = {
        let onclear = props.onclear.clone();
        Callback::from(move |_: MouseEvent| onclear.emit(()))
    };
    html! {
        <section class="inputs" aria-labelledby="inputs-heading">
            <div class="section-head">
                <h2 id="inputs-heading">{ format!("Inputs ({})", report.inputs.len()) }</h2>
                <button type="button" class="secondary" onclick={onclear}>{ "Clear all" }</button>
            </div>
            <ul class="input-items">
                { for report.inputs.iter().map(|input| input_item(input, &props.onremove)) }
            </ul>
        </section>
    }
}

fn input_item(input: &InputReport, onremove: &Callback<usize>) -> Html {
    let index = input.index;
    let onclick = {
        let onremove = onremove.clone();
        Callback::from(move |_: MouseEvent| onremove.emit(index))
    };
    let summary = format!(
        "{} · {}{}",
        describe_kind(input.kind),
        human_bytes(input.bytes),
        if input.flow.is_empty() {
            String::new()
        } else {
            format!(" · {}", requests(input.flow.len()))
        }
    );
    html! {
        <li class="input-item" data-testid="input-item">
            <div class="input-line">
                <span class="input-name">{ &input.name }</span>
                <span class="input-summary">{ summary }</span>
                <button type="button" class="link" aria-label={format!("Remove {}", input.name)} {onclick}>{ "Remove" }</button>
            </div>
            if let Some(error) = &input.error {
                <p class="input-error" data-testid="input-error" role="alert">
                    { format!("{} could not be read: {error}.", input.name) }
                </p>
            }
            <ul class="finding-items">
                { for input.findings.iter().filter(|finding| input.error.is_none() || finding.severity != saml_inspector::checks::Severity::Error).map(|finding| html! { <FindingItem finding={finding.clone()} /> }) }
            </ul>
            { for input.notes.iter().map(|note| html! {
                <p class="input-note">{ match note.har_entry { Some(entry) => format!("Request {}: {}", entry + 1, note.message), None => note.message.clone() } }</p>
            }) }
            { for input.certificates.iter().map(|certificate| html! {
                <p class="input-certificate">
                    { format!("Certificate {} ({}), valid {} to {}", certificate.subject, certificate.key, certificate.not_before, certificate.not_after) }
                    <br />
                    <code class="fingerprint">{ format!("SHA-256 {}", certificate.sha256_fingerprint) }</code>
                </p>
            }) }
        </li>
    }
}

/// `1.2 MB`, `830 bytes`.
pub fn human_bytes(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// "1 request", "6 requests".
fn requests(count: usize) -> String {
    if count == 1 {
        "1 request".to_owned()
    } else {
        format!("{count} requests")
    }
}
