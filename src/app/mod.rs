//! The page: Yew components over the core. The only code that touches the DOM.
//!
//! [`App`] owns the state ([`state::AppState`], transitions in `state.rs`); components
//! under `components/` render one part each and report user actions through callbacks.

mod components;
mod engine;
mod state;
mod worker;

use components::context_panel::ContextPanel;
use components::export_panel::ExportPanel;
use components::flow_view::FlowView;
use components::input_list::InputList;
use components::intake::Intake;
use components::message_detail::MessageDetail;
use components::message_list::MessageList;
use components::theme_toggle::ThemeToggle;
use components::trust_panel::TrustPanel;
use saml_inspector::Timestamp;
use saml_inspector::engine::examples::Example;
use state::{Action, AppState, LoadedInput, PendingInput, Theme};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The browser's clock, read only here, at the moment of a user action.
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
        .or_else(|| Timestamp::parse("1970-01-01T00:00:00Z"))
        .unwrap_or_else(|| unreachable!("the epoch is a valid timestamp"))
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
    // The examples' contents live in the engine, loaded with it on the first click.
    let onexample = {
        let state = state.clone();
        Callback::from(move |example: &'static Example| {
            state.dispatch(Action::ExampleRequested);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match engine::example(example.id).await {
                    Ok(text) => state.dispatch(Action::Replace {
                        inputs: vec![LoadedInput {
                            name: example.file_name.to_owned(),
                            bytes: Rc::new(text.into_bytes()),
                        }],
                        now: now(),
                    }),
                    Err(reason) => state.dispatch(Action::ExampleFailed(reason)),
                }
            });
        })
    };
    let onremove = {
        let state = state.clone();
        Callback::from(move |index: usize| state.dispatch(Action::Remove { index, now: now() }))
    };
    let onclear = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Clear))
    };
    let onselect = {
        let state = state.clone();
        Callback::from(move |index: usize| state.dispatch(Action::Select(index)))
    };
    let onview = {
        let state = state.clone();
        Callback::from(move |original: bool| state.dispatch(Action::ShowOriginal(original)))
    };
    let ontrust = {
        let state = state.clone();
        Callback::from(move |inputs: Vec<LoadedInput>| {
            state.dispatch(Action::AddTrusted { inputs, now: now() })
        })
    };
    let onuntrust = {
        let state = state.clone();
        Callback::from(move |index: usize| {
            state.dispatch(Action::RemoveTrusted { index, now: now() })
        })
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
        Callback::from(move |time: Option<Timestamp>| {
            state.dispatch(Action::SetReferenceTime { time, now: now() })
        })
    };
    let ontheme = {
        let state = state.clone();
        Callback::from(move |theme: Theme| state.dispatch(Action::SetTheme(theme)))
    };
    let onsamlonly = {
        let state = state.clone();
        Callback::from(move |only: bool| state.dispatch(Action::SamlOnly(only)))
    };

    // Each analysis asked for runs in the engine; its answer comes back as an action
    // (dropped there if the user changed something meanwhile).
    use_effect_with(state.generation, {
        let state = state.clone();
        move |&generation| {
            if let Some(request) = state.request() {
                let inputs: Vec<Rc<Vec<u8>>> = state
                    .inputs
                    .iter()
                    .map(|input| input.bytes.clone())
                    .collect();
                let trusted: Vec<Rc<Vec<u8>>> = state
                    .trusted
                    .iter()
                    .map(|input| input.bytes.clone())
                    .collect();
                wasm_bindgen_futures::spawn_local(async move {
                    let result =
                        engine::analyze(&request, &slices(&inputs), &slices(&trusted)).await;
                    state.dispatch(Action::Analysed { generation, result });
                });
            }
        }
    });
    // The theme reaches the CSS as `data-theme` on the root element.
    use_effect_with(state.theme, |theme| apply_theme(*theme));
    // After the user moves to a message, keyboard focus follows to its heading.
    use_effect_with(state.focus_detail, |count| {
        if *count > 0 {
            focus_by_id("detail-heading");
        }
    });
    // The big file being read, one at a time; the others dropped with it wait in turn.
    let job = use_mut_ref(|| None::<worker::Job>);
    let queue = use_mut_ref(VecDeque::<web_sys::File>::new);
    let onbig = {
        let state = state.clone();
        let job = job.clone();
        let queue = queue.clone();
        Callback::from(move |file: web_sys::File| {
            queue.borrow_mut().push_back(file);
            start_next(&state, &job, &queue);
        })
    };
    let oncancel = {
        let state = state.clone();
        let job = job.clone();
        let queue = queue.clone();
        Callback::from(move |()| {
            queue.borrow_mut().clear();
            drop(job.borrow_mut().take());
            state.dispatch(Action::Cancel);
        })
    };

    let report = state.report.clone();
    let selected = state
        .selected
        .zip(report.as_ref())
        .filter(|(index, report)| *index < report.0.messages.len());

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
                        {onbig} {oncancel} pending={state.pending.clone()}
                        pending_error={state.pending_error.clone()} analysed_by={state.analysed_by} />
                    if state.analysing {
                        <p class="analysing" role="status" data-testid="analysing">{ "Analysing…" }</p>
                    }
                    if let Some(place) = engine::place() {
                        <span hidden=true data-testid="engine-place" data-engine={place} />
                    }
                    if let Some(error) = state.engine_error.clone() {
                        <p class="input-error" data-testid="input-error" role="alert">{ error }</p>
                    }
                    if let Some(report) = report.clone() {
                        <InputList report={report.clone()} {onremove} {onclear} />
                        <FlowView report={report.clone()} saml_only={state.saml_only} {onsamlonly}
                            onselect={onselect.clone()} selected={state.selected} />
                        <div class="workspace">
                            <MessageList report={report.clone()} selected={state.selected} {onselect} />
                            if let Some((index, report)) = selected {
                                <MessageDetail
                                    report={report.clone()}
                                    {index}
                                    show_original={state.show_original}
                                    {onview}
                                />
                            }
                        </div>
                        if let Some(generation) = state.report_generation {
                            <ExportPanel report={report.clone()} {generation} inputs={state.inputs.clone()} />
                        }
                    }
                </div>
                <aside class="side" aria-label="Context for the analysis">
                    <ContextPanel
                        expect={state.expect.clone()}
                        expect_errors={state.expect_errors.clone()}
                        error_text={state.error_text.clone()}
                        reference_time={state.reference_time}
                        {onexpect}
                        {onerrortext}
                        {ontime}
                    />
                    <TrustPanel
                        trusted={state.trusted.clone()}
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

fn slices(all: &[Rc<Vec<u8>>]) -> Vec<&[u8]> {
    all.iter().map(|bytes| bytes.as_slice()).collect()
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

/// Moves keyboard focus to the element with this id, if it is on the page.
fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

type JobSlot = Rc<RefCell<Option<worker::Job>>>;
type FileQueue = Rc<RefCell<VecDeque<web_sys::File>>>;

/// Starts reading the next queued big file, unless one is being read.
fn start_next(state: &UseReducerHandle<AppState>, job: &JobSlot, queue: &FileQueue) {
    if job.borrow().is_some() {
        return;
    }
    let Some(file) = queue.borrow_mut().pop_front() else {
        return;
    };
    let name = file.name();
    let total_bytes = file.size();
    let on_event = {
        let state = state.clone();
        let job = job.clone();
        let queue = queue.clone();
        let name = name.clone();
        Callback::from(move |event: worker::Event| match event {
            worker::Event::Progress {
                reading,
                bytes,
                entries,
            } => state.dispatch(Action::Progress {
                reading,
                bytes,
                entries,
            }),
            worker::Event::Done(bytes) => {
                finish(&job);
                state.dispatch(Action::Reduced {
                    input: LoadedInput {
                        name: name.clone(),
                        bytes: Rc::new(bytes),
                    },
                    original_bytes: total_bytes,
                    now: now(),
                });
                start_next(&state, &job, &queue);
            }
            worker::Event::Failed(reason) => {
                finish(&job);
                state.dispatch(Action::Failed(reason));
                start_next(&state, &job, &queue);
            }
        })
    };
    let started = worker::start(file, on_event);
    state.dispatch(Action::Pending(PendingInput {
        name,
        total_bytes,
        reading: true,
        bytes: 0.0,
        entries: 0.0,
        by_worker: started.by_worker,
    }));
    *job.borrow_mut() = Some(started);
}

/// Ends a finished job after the callback that reported its end has returned (it runs
/// inside the job's own closures).
fn finish(job: &JobSlot) {
    let finished = job.borrow_mut().take();
    gloo::timers::callback::Timeout::new(0, move || drop(finished)).forget();
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
