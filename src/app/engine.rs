//! The page's side of the analysis engine ([`saml_inspector::engine`], a second
//! WebAssembly module), started the first time it is needed. The engine keeps the
//! session (the inputs, the context, the latest analysis); the page sends it commands.
//!
//! It runs in one module Web Worker (`engine-worker.js`), so reading, reducing and
//! analysing never hold up the tab; where no worker can start (the single file opened
//! from `file://`, a browser without module workers, a worker whose script or engine
//! fails to load) it runs on the main thread instead, loaded through
//! `globalThis.samlInspectorEngine()` (`boot.js` in the served page, an inline script in
//! the single file), through the same commands.
//!
//! Commands are posted in the order they are made, and each place carries them out in
//! that order (the worker queues them; on the main thread a promise chain does). What
//! the engine holds is mirrored here ([`Mirror`]), so a change sends only what changed:
//! an input's bytes travel once, with the command that adds it. When the engine has to
//! start again — it stopped on an internal error, the worker could not load and the
//! main thread takes over, or the user cancelled a long analysis and the worker was
//! ended — the mirror is forgotten and the next analysis adds the inputs again from
//! what the page kept of them (small inputs' bytes, big files' `File` handles, examples'
//! names).

use crate::app::worker;
use saml_inspector::engine::command::Added;
use saml_inspector::engine::{Command, Context, InputId, Mirror, PageView, Wanted, decode};
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// The name of the loader `boot.js` (or the single file) puts on `globalThis`.
const LOADER: &str = "samlInspectorEngine";

/// Where an input's content comes from, kept by the page so the engine can be given it
/// (once, or again after a restart).
#[derive(Debug, Clone)]
pub enum Source {
    /// Read on the main thread (a small file, a paste).
    Bytes(Rc<Vec<u8>>),
    /// A big file, read by the engine's worker (or on the main thread without one).
    File(web_sys::File),
    /// A built-in example: the engine holds its content.
    Example(&'static str),
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Source::Bytes(a), Source::Bytes(b)) => Rc::ptr_eq(a, b),
            (Source::File(a), Source::File(b)) => a == b,
            (Source::Example(a), Source::Example(b)) => a == b,
            _ => false,
        }
    }
}

/// How far a big file is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Still reading the file (else: scanning it).
    pub reading: bool,
    pub bytes: f64,
    pub entries: f64,
}

/// Why a command got no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The engine started again (or moved to the main thread): the session is empty and
    /// the commands are to be made again.
    Restarted,
    /// The user cancelled: the worker was ended.
    Cancelled,
    /// The command was refused, or the engine could not be loaded.
    Refused(String),
}

/// Calls waiting for the worker's answer: id → (resolve, reject, progress).
type Pending = Rc<RefCell<HashMap<u32, Waiting>>>;

struct Waiting {
    resolve: js_sys::Function,
    reject: js_sys::Function,
    progress: Option<Callback<Progress>>,
}

/// The engine in its worker.
struct WorkerEngine {
    worker: web_sys::Worker,
    engine_js: String,
    engine_wasm: String,
    next_id: Cell<u32>,
    pending: Pending,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

/// What a waiting call is rejected with: `{ message, kind }`.
fn rejection(message: &JsValue, kind: &str) -> JsValue {
    let failure = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&failure, &"message".into(), message);
    let _ = js_sys::Reflect::set(&failure, &"kind".into(), &kind.into());
    failure.into()
}

impl WorkerEngine {
    fn start() -> Result<WorkerEngine, JsValue> {
        let started = worker::start_module_worker(worker::ENGINE_WORKER_SCRIPT)?;
        let pending: Pending = Rc::default();
        let onmessage = {
            let pending = pending.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |message: web_sys::MessageEvent| {
                    let data = message.data();
                    let field =
                        |name: &str| js_sys::Reflect::get(&data, &name.into()).unwrap_or_default();
                    let Some(id) = field("id").as_f64().map(|id| id as u32) else {
                        return;
                    };
                    let progress = field("progress");
                    if !progress.is_undefined() {
                        let number = |name: &str| {
                            js_sys::Reflect::get(&progress, &name.into())
                                .ok()
                                .and_then(|value| value.as_f64())
                                .unwrap_or_default()
                        };
                        let reading = js_sys::Reflect::get(&progress, &"phase".into())
                            .ok()
                            .and_then(|phase| phase.as_string())
                            .is_some_and(|phase| phase == "reading");
                        if let Some(callback) = pending
                            .borrow()
                            .get(&id)
                            .and_then(|waiting| waiting.progress.clone())
                        {
                            callback.emit(Progress {
                                reading,
                                bytes: number("bytes"),
                                entries: number("entries"),
                            });
                        }
                        return;
                    }
                    let Some(waiting) = pending.borrow_mut().remove(&id) else {
                        return;
                    };
                    let error = field("error");
                    let _ = if error.is_undefined() {
                        waiting.resolve.call1(&JsValue::NULL, &field("result"))
                    } else {
                        let kind = if field("broken").as_bool() == Some(true) {
                            "broken"
                        } else if field("fatal").as_bool() != Some(false) {
                            "fatal"
                        } else {
                            "refused"
                        };
                        waiting
                            .reject
                            .call1(&JsValue::NULL, &rejection(&error, kind))
                    };
                },
            )
        };
        started
            .worker
            .set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // The script did not load: every waiting call is made again on the main thread.
        let onerror = {
            let pending = pending.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                event.prevent_default();
                reject_all(&pending, "the engine's worker did not start", "fatal");
            })
        };
        started
            .worker
            .set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(WorkerEngine {
            worker: started.worker,
            engine_js: started.engine_js,
            engine_wasm: started.engine_wasm,
            next_id: Cell::new(0),
            pending,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    /// Posts one command now; the promise settles with the answer.
    fn post(
        &self,
        command: &str,
        payload: &Payload,
        progress: Option<Callback<Progress>>,
    ) -> js_sys::Promise {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let promise = {
            let pending = self.pending.clone();
            js_sys::Promise::new(&mut |resolve, reject| {
                pending.borrow_mut().insert(
                    id,
                    Waiting {
                        resolve,
                        reject,
                        progress: progress.clone(),
                    },
                );
            })
        };
        let message = js_sys::Object::new();
        let mut fields: Vec<(&str, JsValue)> = vec![
            ("id", JsValue::from(id)),
            ("js", self.engine_js.as_str().into()),
            ("wasm", self.engine_wasm.as_str().into()),
            ("command", command.into()),
        ];
        let transfer = js_sys::Array::new();
        match payload {
            Payload::None => {}
            Payload::Bytes(bytes) => {
                // A copy for the worker, its buffer transferred: the page keeps its own.
                let array = js_sys::Uint8Array::from(bytes.as_slice());
                transfer.push(&array.buffer());
                fields.push(("bytes", array.into()));
            }
            Payload::File(file) => fields.push(("file", file.clone().into())),
        }
        for (key, value) in fields {
            let _ = js_sys::Reflect::set(&message, &key.into(), &value);
        }
        if let Err(error) = self.worker.post_message_with_transfer(&message, &transfer)
            && let Some(waiting) = self.pending.borrow_mut().remove(&id)
        {
            let _ = waiting
                .reject
                .call1(&JsValue::NULL, &rejection(&describe(error).into(), "fatal"));
        }
        promise
    }
}

/// Rejects every waiting call.
fn reject_all(pending: &Pending, message: &str, kind: &str) {
    let waiting: Vec<_> = pending.borrow_mut().drain().collect();
    let reason = rejection(&message.into(), kind);
    for (_, waiting) in waiting {
        let _ = waiting.reject.call1(&JsValue::NULL, &reason);
    }
}

/// What travels beside a command.
#[derive(Debug, Clone)]
pub enum Payload {
    None,
    Bytes(Rc<Vec<u8>>),
    File(web_sys::File),
}

/// Where the engine runs, once it was first needed.
#[derive(Clone)]
enum Place {
    Worker(Rc<WorkerEngine>),
    MainThread,
}

thread_local! {
    static PLACE: RefCell<Option<Place>> = const { RefCell::new(None) };
    /// Counts the engines started: a mirror of another one is forgotten.
    static EPOCH: Cell<u32> = const { Cell::new(0) };
    /// What the engine of `EPOCH` holds.
    static MIRROR: RefCell<(u32, Mirror)> = RefCell::new((0, Mirror::new()));
    /// The main thread's commands, one after another.
    static CHAIN: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// Commands asked ([`ask`]) and not answered yet.
    static ASKED: Cell<usize> = const { Cell::new(0) };
}

/// A command asked and not answered yet (a view part, a page of rows, the XML), or an
/// answer not drawn yet ([`Unanswered`]).
pub fn waiting() -> bool {
    ASKED.get() > 0
}

/// Counts as a command not answered, while held: [`ask`] holds one until the answer
/// comes; a caller that draws the answer a task later holds one until then.
pub struct Unanswered(());

impl Unanswered {
    pub fn new() -> Unanswered {
        ASKED.set(ASKED.get() + 1);
        Unanswered(())
    }
}

impl Drop for Unanswered {
    fn drop(&mut self) {
        ASKED.set(ASKED.get().saturating_sub(1));
    }
}

/// Where the engine runs (`worker` or `main-thread`), once it was first needed.
pub fn place() -> Option<&'static str> {
    PLACE.with(|place| {
        place.borrow().as_ref().map(|place| match place {
            Place::Worker(_) => "worker",
            Place::MainThread => "main-thread",
        })
    })
}

/// The engine starts again (or elsewhere): it holds nothing.
fn new_epoch() {
    EPOCH.with(|epoch| epoch.set(epoch.get().wrapping_add(1)));
}

/// Ends the engine's worker, whatever it is doing (a long analysis, a big file), and
/// rejects every waiting command as cancelled. The next command starts a fresh
/// engine, which is given the inputs again. On the main thread nothing can be stopped
/// (and nothing runs while the user could click).
pub fn cancel() {
    let place = PLACE.with(|place| place.borrow().clone());
    if let Some(Place::Worker(engine)) = place {
        engine.worker.terminate();
        reject_all(&engine.pending, "cancelled", "cancelled");
        PLACE.with(|place| *place.borrow_mut() = None);
        new_epoch();
    }
}

fn current_place() -> Place {
    PLACE.with(|place| {
        place
            .borrow_mut()
            .get_or_insert_with(|| {
                WorkerEngine::start()
                    .map(|engine| Place::Worker(Rc::new(engine)))
                    .unwrap_or(Place::MainThread)
            })
            .clone()
    })
}

/// Posts a command now, in order after those posted before; the future is its answer,
/// encoded (`saml_inspector::engine::decode` reads it).
fn post(
    command: &Command,
    payload: Payload,
    progress: Option<Callback<Progress>>,
) -> impl std::future::Future<Output = Result<Vec<u8>, Failure>> + 'static {
    let json = serde_json::to_string(command).unwrap_or_default();
    let epoch = EPOCH.with(Cell::get);
    let (promise, in_worker) = match current_place() {
        Place::Worker(engine) => (engine.post(&json, &payload, progress), true),
        Place::MainThread => (on_main_thread(json, payload, progress), false),
    };
    // Handled from now on, even if its answer is never awaited (a command after one
    // that was cancelled).
    let answer = JsFuture::from(promise);
    async move {
        let failure = match answer.await {
            Ok(answer) if answer.is_instance_of::<js_sys::Uint8Array>() => {
                return Ok(js_sys::Uint8Array::new(&answer).to_vec());
            }
            Ok(_) => return Err(Failure::Refused("the engine answered nothing".to_owned())),
            Err(failure) => failure,
        };
        let field = |name: &str| {
            js_sys::Reflect::get(&failure, &name.into())
                .ok()
                .and_then(|value| value.as_string())
        };
        let message = field("message").unwrap_or_else(|| describe(failure.clone()));
        match field("kind").as_deref() {
            Some("cancelled") => Err(Failure::Cancelled),
            Some("broken") => {
                // The next command starts a fresh engine.
                restart_after(epoch, None);
                Err(Failure::Refused(format!(
                    "the analysis engine stopped on an internal error ({message}); it restarts \
                     with the next change. Please report this with the kind of input you used \
                     (not the input itself)."
                )))
            }
            Some("fatal") if in_worker => {
                // The worker could not run the engine: the main thread takes over.
                restart_after(epoch, Some(Place::MainThread));
                Err(Failure::Restarted)
            }
            _ => Err(Failure::Refused(message)),
        }
    }
}

/// Ends the engine of `epoch` (once, whichever of its commands sees it first) and
/// puts `next` in its place (`None`: a fresh worker with the next command).
fn restart_after(epoch: u32, next: Option<Place>) {
    if EPOCH.with(Cell::get) != epoch {
        return;
    }
    if let Some(Place::Worker(engine)) = PLACE.with(|place| place.borrow().clone()) {
        engine.worker.terminate();
        reject_all(&engine.pending, "the engine moved", "fatal");
    }
    PLACE.with(|place| *place.borrow_mut() = next);
    new_epoch();
}

/// Runs a command on the main thread after those before it.
fn on_main_thread(
    json: String,
    payload: Payload,
    progress: Option<Callback<Progress>>,
) -> js_sys::Promise {
    let task = Closure::once_into_js(move |_: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let reject = |message: String| rejection(&message.into(), "fatal");
            let (module, function) = function("command").await.map_err(reject)?;
            let bytes: JsValue = match payload {
                Payload::None => JsValue::UNDEFINED,
                Payload::Bytes(bytes) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
                Payload::File(file) => {
                    if let Some(progress) = &progress {
                        progress.emit(Progress {
                            reading: true,
                            bytes: 0.0,
                            entries: 0.0,
                        });
                    }
                    let buffer = JsFuture::from(file.array_buffer())
                        .await
                        .map_err(|error| rejection(&describe(error).into(), "refused"))?;
                    js_sys::Uint8Array::new(&buffer).into()
                }
            };
            // Progress cannot be drawn while the main thread is busy reducing.
            function
                .call3(&module, &json.into(), &bytes, &JsValue::UNDEFINED)
                .map_err(|error| {
                    let kind = if error.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
                        "broken"
                    } else {
                        "refused"
                    };
                    rejection(&describe(error).into(), kind)
                })
        })
    });
    CHAIN.with(|chain| {
        let previous = chain
            .borrow_mut()
            .take()
            .unwrap_or_else(|| js_sys::Promise::resolve(&JsValue::UNDEFINED));
        let next = call_then(&previous, &task);
        // The chain goes on whatever this command's fate.
        let settled = Closure::once_into_js(|_: JsValue| JsValue::UNDEFINED);
        *chain.borrow_mut() = Some(call_then2(&next, &settled));
        next
    })
}

/// `promise.then(callback)`.
fn call_then(promise: &js_sys::Promise, callback: &JsValue) -> js_sys::Promise {
    js_sys::Reflect::get(promise, &"then".into())
        .ok()
        .and_then(|then| then.dyn_into::<js_sys::Function>().ok())
        .and_then(|then| then.call1(promise, callback).ok())
        .and_then(|next| next.dyn_into().ok())
        .unwrap_or_else(|| js_sys::Promise::reject(&"no then".into()))
}

/// `promise.then(callback, callback)`.
fn call_then2(promise: &js_sys::Promise, callback: &JsValue) -> js_sys::Promise {
    js_sys::Reflect::get(promise, &"then".into())
        .ok()
        .and_then(|then| then.dyn_into::<js_sys::Function>().ok())
        .and_then(|then| then.call2(promise, callback, callback).ok())
        .and_then(|next| next.dyn_into().ok())
        .unwrap_or_else(|| js_sys::Promise::resolve(&JsValue::UNDEFINED))
}

/// The engine module on the main thread (its exported functions), loading it on the
/// first call.
async fn module() -> Result<JsValue, String> {
    let loader: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &LOADER.into())
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or("the page's start-up script did not set up the analysis engine")?;
    let promise: js_sys::Promise = loader
        .call0(&JsValue::NULL)
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "the engine's loader did not return a promise".to_owned())?;
    JsFuture::from(promise).await.map_err(|error| {
        format!(
            "the analysis engine could not be loaded: {}",
            describe(error)
        )
    })
}

/// The engine's exported function `name`.
async fn function(name: &str) -> Result<(JsValue, js_sys::Function), String> {
    let module = module().await?;
    let function = js_sys::Reflect::get(&module, &name.into())
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or_else(|| format!("the analysis engine has no `{name}`"))?;
    Ok((module, function))
}

/// A thrown JavaScript value as a sentence.
fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".to_owned())
}

/// Sends one command (no bytes) and reads its answer as `T`.
pub async fn ask<T: DeserializeOwned>(command: Command) -> Result<T, String> {
    let _unanswered = Unanswered::new();
    let answer = post(&command, Payload::None, None)
        .await
        .map_err(|failure| match failure {
            Failure::Refused(message) => message,
            Failure::Cancelled => "cancelled".to_owned(),
            Failure::Restarted => {
                "the analysis engine restarted; it answers after the next analysis".to_owned()
            }
        })?;
    decode(&answer)
}

/// One input of the page, as the engine is to hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Holding {
    pub id: InputId,
    pub name: String,
    pub source: Source,
}

/// What an analysis is of: every input (trusted keys included), which are trusted, the
/// context.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub inputs: Vec<Holding>,
    pub trusted: Vec<InputId>,
    pub context: Context,
    pub generation: u32,
    pub selected: Option<usize>,
}

/// Why an analysis did not come back.
#[derive(Debug, Clone, PartialEq)]
pub enum Stopped {
    Cancelled,
    Failed(String),
}

/// Brings the engine's session to `analysis` and analyses it: only the commands that
/// change something, an input's bytes only when the engine does not hold it yet.
/// `onadded` hears each input added, `onprogress` how far a big file is.
pub async fn analyse(
    analysis: Analysis,
    onadded: Callback<Added>,
    onprogress: Callback<(InputId, Progress)>,
) -> Result<PageView, Stopped> {
    // Twice at most: when the worker cannot run the engine, the main thread does.
    for _ in 0..2 {
        let epoch = EPOCH.with(Cell::get);
        let names: Vec<(InputId, &str)> = analysis
            .inputs
            .iter()
            .map(|input| (input.id, input.name.as_str()))
            .collect();
        let commands = MIRROR.with(|mirror| {
            let mut mirror = mirror.borrow_mut();
            if mirror.0 != epoch {
                *mirror = (epoch, Mirror::new());
            }
            mirror.1.commands(
                &Wanted {
                    inputs: &names,
                    trusted: &analysis.trusted,
                    context: &analysis.context,
                },
                analysis.generation,
                analysis.selected,
            )
        });
        // Every command is posted before any answer is awaited: they run in this order.
        let mut answers = Vec::new();
        for command in commands {
            let (command, payload, progress) = match command {
                Command::AddInput { id, name } => {
                    let source = analysis
                        .inputs
                        .iter()
                        .find(|input| input.id == id)
                        .map(|input| input.source.clone());
                    let progress = {
                        let onprogress = onprogress.clone();
                        Callback::from(move |step: Progress| onprogress.emit((id, step)))
                    };
                    match source {
                        Some(Source::Example(example)) => (
                            Command::AddExample {
                                id,
                                example: example.to_owned(),
                            },
                            Payload::None,
                            None,
                        ),
                        Some(Source::File(file)) => (
                            Command::AddInput { id, name },
                            Payload::File(file),
                            Some(progress),
                        ),
                        Some(Source::Bytes(bytes)) => {
                            (Command::AddInput { id, name }, Payload::Bytes(bytes), None)
                        }
                        None => continue,
                    }
                }
                other => (other, Payload::None, None),
            };
            let adds = matches!(
                command,
                Command::AddInput { .. } | Command::AddExample { .. }
            );
            answers.push((adds, post(&command, payload, progress)));
        }
        let mut view = None;
        let mut restarted = false;
        for (adds, answer) in answers {
            match answer.await {
                Ok(answer) if adds => {
                    if let Ok(added) = decode::<Added>(&answer) {
                        onadded.emit(added);
                    }
                }
                Ok(answer) => view = Some(answer),
                Err(Failure::Restarted) => restarted = true,
                Err(Failure::Cancelled) => return Err(Stopped::Cancelled),
                Err(Failure::Refused(message)) => {
                    // The engine may not hold what the mirror says: start over next time.
                    MIRROR.with(|mirror| mirror.borrow_mut().1.reset());
                    return Err(Stopped::Failed(format!("the analysis failed: {message}")));
                }
            }
        }
        if restarted {
            continue;
        }
        let answer = view.ok_or_else(|| Stopped::Failed("the analysis returned nothing".into()))?;
        return decode(&answer).map_err(Stopped::Failed);
    }
    Err(Stopped::Failed(
        "the analysis engine could not be started".to_owned(),
    ))
}
