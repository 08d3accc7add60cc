//! What to do next, with the message's values filled in: commands to copy (the async
//! Clipboard API; nothing leaves the tab) and what to look for in their output.

use saml_inspector::checks::NextStep;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NextStepsProps {
    pub steps: Vec<NextStep>,
}

/// Writes `text` to the clipboard through `navigator.clipboard.writeText`, looked up
/// dynamically (absent on insecure origins); returns whether the call could be made.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window, &JsValue::from_str("navigator"))
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")))
        .ok()
        .filter(|value| value.is_object());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")) else {
        return false;
    };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else {
        return false;
    };
    // The promise's rejection (permission refused) is not ours to report loudly: the
    // command stays selectable on the page.
    if let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text))
        && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
    {
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
        let _ = promise.catch(&ignore);
        // Kept for the promise, which may settle later; one small closure per click.
        ignore.forget();
        return true;
    }
    false
}

#[derive(Properties, PartialEq)]
struct StepProps {
    step: NextStep,
}

#[function_component]
fn Step(props: &StepProps) -> Html {
    let copied = use_state(|| None::<bool>);
    let step = &props.step;
    html! {
        <li class="next-step" data-testid="next-step">
            <p class="next-step-title"><strong>{ &step.title }</strong></p>
            if let Some(command) = &step.command {
                <div class="command">
                    // Focusable, so a long command scrolls by keyboard too.
                    <pre tabindex="0" role="group" aria-label={format!("Command: {}", step.title)}><code data-testid="next-step-command">{ command }</code></pre>
                    <button type="button" class="copy" data-testid="copy-command"
                        aria-label={format!("Copy command: {}", step.title)}
                        onclick={{
                            let copied = copied.clone();
                            let command = command.clone();
                            Callback::from(move |_: MouseEvent| copied.set(Some(copy_to_clipboard(&command))))
                        }}>
                        { match *copied { Some(true) => "Copied ✔", Some(false) => "Select and copy", None => "Copy" } }
                    </button>
                </div>
            }
            if !step.detail.is_empty() {
                <p class="next-step-detail">{ &step.detail }</p>
            }
        </li>
    }
}

#[function_component]
pub fn NextSteps(props: &NextStepsProps) -> Html {
    if props.steps.is_empty() {
        return html! {};
    }
    html! {
        <section class="next-steps" aria-labelledby="next-steps-heading" data-testid="next-steps">
            <h3 id="next-steps-heading">{ "Next steps" }</h3>
            <ol>
                { for props.steps.iter().map(|step| html! { <Step step={step.clone()} /> }) }
            </ol>
        </section>
    }
}
