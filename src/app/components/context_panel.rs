//! What the user knows that the message does not say: the values they expect (user
//! name, account, region, target, the SP's entity ID and ACS URL), the error text they
//! saw, and the time to judge at (or the choice to judge each message at its own
//! IssueInstant, for an old pasted message; a time typed comes first).
//! Every change re-runs the analysis (text fields after a short pause in typing).

use gloo::timers::callback::Timeout;
use saml_inspector::checks::Expectations;
use saml_inspector::checks::error_text::KNOWN;
use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The targets the profile selector offers (`auto`: chosen from the message).
const PROFILES: &[(&str, &str)] = &[
    ("auto", "Automatic (from the message)"),
    ("aws-iam", "AWS IAM SAML federation"),
    ("aws-identity-center", "IAM Identity Center"),
    ("amazon-connect", "Amazon Connect"),
    ("metadata", "Metadata"),
];

/// The free-text expectations the panel asks for: `(key, label, placeholder)`, `key`
/// as `Expectations::set` takes it.
const EXPECT_FIELDS: &[(&str, &str, &str)] = &[
    ("username", "User name you sign in with", "jdoe@example.com"),
    ("account", "AWS account id", "123456789012"),
    ("region", "AWS region", "eu-west-1"),
    ("audience", "SP entity ID (audience)", ""),
    ("acs", "SP ACS URL", ""),
];

/// How long typing must pause before the analysis re-runs.
const TYPING_PAUSE_MS: u32 = 250;

#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    pub expect: Expectations,
    pub expect_errors: Vec<(String, String)>,
    pub error_text: String,
    /// As typed (the engine reads it).
    pub reference_time: String,
    /// Why the engine could not read it.
    pub reference_time_error: Option<String>,
    /// Each message is judged at its own IssueInstant.
    pub at_issue_instant: bool,
    /// A reference time is typed: it comes first, and the IssueInstant choice is off.
    pub time_typed: bool,
    /// `(key, value)` for `Expectations::set`.
    pub onexpect: Callback<(&'static str, String)>,
    pub onerrortext: Callback<String>,
    pub ontime: Callback<String>,
    pub onissueinstant: Callback<bool>,
}

#[function_component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let pending = use_mut_ref(|| None::<Timeout>);

    // A text field that reports its value after a pause in typing, and at once on
    // `change` (Enter or leaving the field).
    let debounced = |emit: Callback<String>| {
        let pending = pending.clone();
        let oninput = {
            let emit = emit.clone();
            let pending = pending.clone();
            Callback::from(move |event: InputEvent| {
                let value = event.target_unchecked_into::<HtmlInputElement>().value();
                let emit = emit.clone();
                *pending.borrow_mut() =
                    Some(Timeout::new(TYPING_PAUSE_MS, move || emit.emit(value)));
            })
        };
        let onchange = Callback::from(move |event: Event| {
            if let Some(timer) = pending.borrow_mut().take() {
                timer.cancel();
            }
            emit.emit(event.target_unchecked_into::<HtmlInputElement>().value());
        });
        (oninput, onchange)
    };
    let expect_field = |&(key, label, placeholder): &(&'static str, &str, &str)| {
        let expect = &props.expect;
        let value = match key {
            "username" => &expect.username,
            "account" => &expect.account,
            "region" => &expect.region,
            "audience" => &expect.audience,
            _ => &expect.acs,
        };
        let onexpect = props.onexpect.clone();
        let (oninput, onchange) = debounced(Callback::from(move |value: String| {
            onexpect.emit((key, value))
        }));
        let id = format!("expect-{key}");
        let error = props
            .expect_errors
            .iter()
            .find(|(field, _)| field == key)
            .map(|(_, reason)| reason.clone());
        let error_id = format!("{id}-error");
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }</label>
                <input id={id.clone()} type="text" spellcheck="false" autocomplete="off"
                    data-testid={id.clone()} placeholder={placeholder.to_owned()} value={value.clone().unwrap_or_default()}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| error_id.clone())}
                    {oninput} {onchange} />
                if let Some(error) = error {
                    <p class="field-error" id={error_id}>{ error }</p>
                }
            </div>
        }
    };
    let profile = props.expect.profile.map_or("auto", |pack| pack.as_str());
    let onprofile = {
        let onexpect = props.onexpect.clone();
        Callback::from(move |event: Event| {
            // A select's `value`, read by name (no extra web-sys feature needed).
            let value = event
                .target()
                .and_then(|target| js_sys::Reflect::get(&target, &JsValue::from_str("value")).ok())
                .and_then(|value| value.as_string())
                .unwrap_or_default();
            onexpect.emit(("profile", value));
        })
    };
    let (error_oninput, error_onchange) = debounced(props.onerrortext.clone());
    // The engine reads the time (and says why it cannot): the page carries no dates.
    let (time_oninput, time_onchange) = debounced(props.ontime.clone());
    let time_error = &props.reference_time_error;
    let onissueinstant = props
        .onissueinstant
        .reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <section class="context-panel" aria-labelledby="context-heading" data-testid="context-panel">
            <h2 id="context-heading">{ "What you know" }</h2>
            <p class="hint">{ "Optional. The checks compare the message with these; changing one re-runs the analysis." }</p>
            <div class="field-grid">
                { for EXPECT_FIELDS.iter().map(expect_field) }
                <div class="field">
                    <label for="expect-profile">{ "Target" }</label>
                    <select id="expect-profile" data-testid="expect-profile" onchange={onprofile}>
                        { for PROFILES.iter().map(|(value, label)| html! {
                            <option value={*value} selected={*value == profile}>{ *label }</option>
                        }) }
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="error-text">{ "The error you saw" }</label>
                <input id="error-text" type="text" list="known-error-texts" data-testid="error-text"
                    spellcheck="false" autocomplete="off" value={props.error_text.clone()}
                    placeholder="Start typing, or pick a known AWS error text"
                    oninput={error_oninput} onchange={error_onchange} />
                <datalist id="known-error-texts">
                    // The error-text catalogue, searchable as the user types; any other
                    // text may be typed too.
                    { for KNOWN.iter().map(|known| html! { <option value={known.text} label={known.explanation} /> }) }
                </datalist>
            </div>
            <div class="field">
                <label for="reference-time">{ "Judge at (UTC)" }</label>
                <input id="reference-time" type="text" data-testid="reference-time" spellcheck="false"
                    autocomplete="off" placeholder="automatic: HAR capture time, else now"
                    value={props.reference_time.clone()}
                    aria-invalid={time_error.is_some().then_some("true")}
                    aria-describedby={time_error.is_some().then_some("reference-time-error")}
                    oninput={time_oninput} onchange={time_onchange} />
                if let Some(reason) = time_error.clone() {
                    <p class="field-error" id="reference-time-error" role="alert">{ reason }</p>
                }
            </div>
            <div class="field field-check">
                <input id="at-issue-instant" type="checkbox" data-testid="at-issue-instant"
                    checked={props.at_issue_instant} disabled={props.time_typed}
                    aria-describedby="at-issue-instant-hint" onchange={onissueinstant} />
                <label for="at-issue-instant">{ "Judge each message at the time it was issued" }</label>
                <p class="hint" id="at-issue-instant-hint">
                    { if props.time_typed {
                        "Off while a time is typed above: that time is used."
                    } else {
                        "For an old message pasted long after the sign-in: its IssueInstant is taken as the time of the sign-in."
                    } }
                </p>
            </div>
        </section>
    }
}
