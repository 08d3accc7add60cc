//! The page: Yew components over the core. The only code that touches the DOM.
//!
//! [`App`] owns the state ([`state::AppState`], transitions in `state.rs`); components
//! under `components/` render one part each from the engine's page view
//! (`saml_inspector::engine::view`, the only thing the page reads from the engine) and
//! report user actions through callbacks. The engine keeps the session (`engine.rs`):
//! the page sends it commands and an input's bytes once.

mod components;
mod engine;
mod frames;
mod state;
mod worker;

use components::context_panel::ContextPanel;
use components::export_panel::ExportPanel;
use components::flow_view::FlowView;
use components::input_list::InputList;
use components::intake::Intake;
use components::message_detail::MessageDetail;
use components::message_list::MessageList;
use components::paged::{DRAW_STEP, use_drawn};
use components::theme_toggle::ThemeToggle;
use components::trust_panel::TrustPanel;
use saml_inspector::engine::examples::Example;
use saml_inspector::engine::view::MessageView;
use saml_inspector::engine::{Command, InputId};
use state::{Action, AppState, LoadedInput, Theme};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The browser's clock, read only here, at the moment of a user action: milliseconds
/// since the Unix epoch (the engine reads them as a time; the page carries no dates).
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    let onadd = {
        let state = state.clone();
        Callback::from(move |inputs: Vec<LoadedInput>| {
            state.dispatch(Action::Add { inputs, now: now() })
        })
    };
    // The examples' contents live in the engine: the page names the example.
    let onexample = {
        let state = state.clone();
        Callback::from(move |example: &'static Example| {
            state.dispatch(Action::Example {
                id: example.id,
                file_name: example.file_name,
                now: now(),
            })
        })
    };
    // The callbacks the report's parts take are made once (the dispatcher does not
    // change), so a change of the page's state does not draw every part again.
    let dispatcher = state.dispatcher();
    let onremove = use_callback(dispatcher.clone(), |id: InputId, dispatcher| {
        dispatcher.dispatch(Action::Remove { id, now: now() })
    });
    let onclear = use_callback(dispatcher.clone(), |(), dispatcher| {
        dispatcher.dispatch(Action::Clear)
    });
    let onselect = use_callback(dispatcher.clone(), |index: usize, dispatcher| {
        dispatcher.dispatch(Action::Select(index))
    });
    let onview = use_callback(dispatcher.clone(), |original: bool, dispatcher| {
        dispatcher.dispatch(Action::ShowOriginal(original))
    });
    let ontrust = {
        let state = state.clone();
        Callback::from(move |inputs: Vec<LoadedInput>| {
            state.dispatch(Action::AddTrusted { inputs, now: now() })
        })
    };
    let onuntrust = {
        let state = state.clone();
        Callback::from(move |id: InputId| state.dispatch(Action::RemoveTrusted { id, now: now() }))
    };

    let onexpect = {
        let state = state.clone();
        Callback::from(move |(key, value): (&'static str, String)| {
            state.dispatch(Action::SetExpect {
                key,
                value,
                now: now(),
            })
        })
    };
    let onerrortext = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetErrorText { text, now: now() })
        })
    };
    let ontime = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetReferenceTime { text, now: now() })
        })
    };
    let onissueinstant = {
        let state = state.clone();
        Callback::from(move |on: bool| state.dispatch(Action::SetAtIssueInstant { on, now: now() }))
    };
    let ontheme = {
        let state = state.clone();
        Callback::from(move |theme: Theme| state.dispatch(Action::SetTheme(theme)))
    };
    let onsamlonly = use_callback(dispatcher, |only: bool, dispatcher| {
        dispatcher.dispatch(Action::SamlOnly(only))
    });
    // A big file goes to the engine as the File itself: it reads it (in its worker,
    // with progress) and reduces it.
    let onbig = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| {
            state.dispatch(Action::AddFile {
                file,
                by_worker: engine::place() != Some("main-thread"),
                now: now(),
            })
        })
    };
    // Cancel stops whatever the engine does (reading a big file, analysing): its worker
    // is ended, and a fresh one is given the inputs that stay.
    let oncancel = {
        let state = state.clone();
        Callback::from(move |()| {
            engine::cancel();
            state.dispatch(Action::Cancel);
        })
    };

    // Each analysis asked for runs in the engine; its answer comes back as an action
    // (dropped there if the user changed something meanwhile).
    use_effect_with(state.generation, {
        let state = state.clone();
        move |&generation| {
            if let Some(analysis) = state.analysis() {
                let onadded = {
                    let state = state.clone();
                    Callback::from(move |added| state.dispatch(Action::Added(added)))
                };
                let onprogress = {
                    let state = state.clone();
                    Callback::from(move |(id, progress)| {
                        state.dispatch(Action::Progress { id, progress })
                    })
                };
                wasm_bindgen_futures::spawn_local(async move {
                    let result = match engine::analyse(analysis, onadded, onprogress).await {
                        Ok(view) => Ok(Rc::new(view)),
                        Err(engine::Stopped::Cancelled) => return,
                        Err(engine::Stopped::Failed(reason)) => Err(reason),
                    };
                    // The view decoded (a big HAR's flow is thousands of rows) in one
                    // task, drawn in the next.
                    next_task().await;
                    state.dispatch(Action::Analysed { generation, result });
                });
            }
        }
    });
    // The message chosen: its detail comes from the engine.
    let wanted_detail = state
        .view
        .as_ref()
        .zip(state.selected)
        .filter(|_| state.detail.is_none())
        .map(|(view, index)| (view.generation, index));
    use_effect_with(wanted_detail, {
        let state = state.clone();
        move |wanted| {
            if let Some((generation, index)) = *wanted {
                wasm_bindgen_futures::spawn_local(async move {
                    // Until the detail is handed over to be drawn, a task after its
                    // answer.
                    let _unanswered = engine::Unanswered::new();
                    let detail =
                        engine::ask::<MessageView>(Command::ShowMessage { generation, index })
                            .await
                            .map(Rc::new);
                    next_task().await;
                    state.dispatch(Action::Detail { generation, detail });
                });
            }
        }
    });
    // The theme reaches the CSS as `data-theme` on the root element.
    use_effect_with(state.theme, |theme| apply_theme(*theme));
    // After the user moves to a message, keyboard focus follows to its heading, once
    // the engine has sent it.
    let focused = use_mut_ref(|| 0u32);
    use_effect_with(
        (
            state.focus_detail,
            state.detail.as_ref().map(|detail| detail.index),
        ),
        move |(count, shown)| {
            if shown.is_some() && *count > *focused.borrow() {
                *focused.borrow_mut() = *count;
                focus_by_id("detail-heading");
            }
        },
    );

    let view = state.view.clone().map(state::Shared);
    // When a report first appears, the message list and the detail are drawn first,
    // the flow a step later, the export panel a step after that (a big HAR's report is
    // not drawn at once). Later analyses keep them drawn (and the flow's opened rows).
    let shown = use_drawn(3 * DRAW_STEP, usize::from(view.is_some())) / DRAW_STEP;
    let has_inputs = !state.inputs.is_empty();
    html! {
        <>
            <a class="skip-link" href="#app-root">{ "Skip to the content" }</a>
            <header class="site-header">
                <div class="brand">
                    <h1>{ "SAML Inspector" }</h1>
                    <p class="tagline">
                        { "Drop the HAR of a failed single sign-on and see why it failed — AWS IAM, IAM Identity Center and Amazon Connect first — without reading XML. " }
                        <strong data-testid="privacy-promise">{ "Everything stays in this tab — it makes no network requests; you can even open it offline from a file." }</strong>
                    </p>
                </div>
                <ThemeToggle theme={state.theme} onchange={ontheme} />
            </header>
            <main id="app-root" class={classes!("layout", (!has_inputs).then_some("landing"))}>
                <div class="primary">
                    <Intake {onadd} {onexample} {has_inputs}
                        {onbig} oncancel={oncancel.clone()} pending={state.pending.clone()}
                        pending_error={state.pending_error.clone()} analysed_by={state.analysed_by} />
                    if state.analysing && state.pending.is_none() {
                        <p class="analysing" role="status" data-testid="analysing">
                            { "Analysing… " }
                            <button type="button" class="secondary" data-testid="cancel-analysis"
                                onclick={oncancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                        </p>
                    }
                    if state.cancelled {
                        <p class="hint" role="status" data-testid="cancelled">
                            { "Analysis cancelled: what is shown is from before your last change." }
                        </p>
                    }
                    if let Some(place) = engine::place() {
                        <span hidden=true data-testid="engine-place" data-engine={place} />
                    }
                    if let Some(error) = state.engine_error.clone() {
                        <p class="input-error" data-testid="input-error" role="alert">{ error }</p>
                    }
                    if let Some(view) = view.clone() {
                        <InputList view={view.clone()} {onremove} {onclear} />
                        if shown >= 2 {
                            <FlowView view={view.clone()} saml_only={state.saml_only} {onsamlonly}
                                onselect={onselect.clone()} selected={state.selected} />
                        }
                        <div class="workspace">
                            <MessageList view={view.clone()} selected={state.selected} {onselect} />
                            if let Some(detail) = state.detail.clone() {
                                <MessageDetail
                                    {detail}
                                    generation={view.generation}
                                    error_text={view.error_text.clone()}
                                    show_original={state.show_original}
                                    {onview}
                                />
                            }
                        </div>
                        if shown >= 3 {
                            <ExportPanel generation={view.generation} has_har={view.has_har} />
                        }
                    }
                </div>
                <aside class="side" aria-label="Context for the analysis">
                    <ContextPanel
                        expect={state.expect.clone()}
                        expect_errors={state.expect_errors.clone()}
                        error_text={state.error_text.clone()}
                        reference_time={state.reference_time.clone()}
                        reference_time_error={state.reference_time_error.clone()}
                        at_issue_instant={state.judges_at_issue_instant()}
                        time_typed={state.typed_reference_time().is_some()}
                        {onexpect}
                        {onerrortext}
                        {ontime}
                        {onissueinstant}
                    />
                    <TrustPanel
                        trusted={state.trusted.iter().map(|input| (input.id, input.name.clone())).collect::<Vec<_>>()}
                        keys={state.trust_keys.clone()}
                        errors={state.trust_errors.clone()}
                        onadd={ontrust}
                        onremove={onuntrust}
                    />
                </aside>
            </main>
            <footer class="site-footer">
                <p>{ "SAML Inspector runs entirely in your browser. Nothing you drop here is uploaded; the page's security policy forbids it from contacting any server." }</p>
            </footer>
        </>
    }
}

/// Resolves in a new task of the main thread (a zero-delay timer), so what was done
/// before and what is done after are not one long task.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window().map(|window| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
        });
        if !matches!(timer, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Sets or removes `data-theme` on the root element.
fn apply_theme(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let _ = match theme.attribute() {
        Some(value) => root.set_attribute("data-theme", value),
        None => root.remove_attribute("data-theme"),
    };
}

/// Moves keyboard focus to the element with this id, if it is on the page, and scrolls
/// it to the top of the window.
fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
        // The heading at the top of the window, the verdict right under it.
        element.scroll_into_view_with_bool(true);
    }
}

/// Shows a panic to the user as a sentence on the page instead of a frozen tab with a
/// console-only message. The core is written never to panic; this is the last resort.
pub fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("input-error fatal");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "input-error");
    banner.set_text_content(Some(&format!(
        "SAML Inspector stopped because of an internal error ({info}). Reload the page to start again; please report this with the kind of input you used (not the input itself)."
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
