//! The page's side of the analysis engine ([`saml_inspector::engine`], a second
//! WebAssembly module), started the first time it is needed. It runs in a module Web
//! Worker (`engine-worker.js`), so analyses, exports and XML views never hold up the
//! tab; where no worker can start (the single file opened from `file://`, a browser
//! without module workers, a worker whose script or engine fails to load) it runs on the
//! main thread instead, loaded through `globalThis.samlInspectorEngine()`, which
//! `boot.js` defines in the served page (an `import()` of the engine's glue from the
//! page's own origin) and an inline script in the single file. Either way each call is a
//! function of the engine by name: requests go in as JSON with the bytes alongside,
//! views come back as JSON.

use crate::app::worker;
use saml_inspector::engine::{Request, View};
use saml_inspector::redact::Policy;
use saml_inspector::xml::pretty::Line;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The name of the loader `boot.js` (or the single file) puts on `globalThis`.
const LOADER: &str = "samlInspectorEngine";

/// Calls waiting for the worker's answer: id → (resolve, reject) of their promise.
type Pending = Rc<RefCell<HashMap<u32, (js_sys::Function, js_sys::Function)>>>;

/// The engine in its worker.
struct WorkerEngine {
    worker: web_sys::Worker,
    engine_js: String,
    engine_wasm: String,
    next_id: Cell<u32>,
    pending: Pending,
    /// The engine stopped on an internal error and the worker closed.
    broken: Rc<Cell<bool>>,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

/// A call that failed, and whether the engine itself could not run there (then the
/// call is made again on the main thread).
struct Failure {
    message: String,
    fatal: bool,
}

impl WorkerEngine {
    fn start() -> Result<WorkerEngine, JsValue> {
        let started = worker::start_module_worker(worker::ENGINE_WORKER_SCRIPT)?;
        let pending: Pending = Rc::default();
        let broken = Rc::new(Cell::new(false));
        let onmessage = {
            let pending = pending.clone();
            let broken = broken.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |message: web_sys::MessageEvent| {
                    let data = message.data();
                    let field =
                        |name: &str| js_sys::Reflect::get(&data, &name.into()).unwrap_or_default();
                    let Some(id) = field("id").as_f64() else {
                        return;
                    };
                    let Some((resolve, reject)) = pending.borrow_mut().remove(&(id as u32)) else {
                        return;
                    };
                    let error = field("error");
                    if field("broken").as_bool() == Some(true) {
                        broken.set(true);
                    }
                    let _ = if error.is_undefined() {
                        resolve.call1(&JsValue::NULL, &field("result"))
                    } else {
                        reject.call1(
                            &JsValue::NULL,
                            &failure(&error, field("fatal").as_bool() != Some(false)),
                        )
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
                let waiting: Vec<_> = pending.borrow_mut().drain().collect();
                let reason = failure(&"the engine's worker did not start".into(), true);
                for (_, (_, reject)) in waiting {
                    let _ = reject.call1(&JsValue::NULL, &reason);
                }
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
            broken,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    async fn call(&self, name: &str, args: &js_sys::Array) -> Result<JsValue, Failure> {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let promise = {
            let pending = self.pending.clone();
            js_sys::Promise::new(&mut |resolve, reject| {
                pending.borrow_mut().insert(id, (resolve, reject));
            })
        };
        let message = js_sys::Object::new();
        for (key, value) in [
            ("id", JsValue::from(id)),
            ("js", self.engine_js.as_str().into()),
            ("wasm", self.engine_wasm.as_str().into()),
            ("call", name.into()),
            ("args", args.into()),
        ] {
            let _ = js_sys::Reflect::set(&message, &key.into(), &value);
        }
        // The bytes are copied, not transferred: a call made again on the main thread
        // needs them intact.
        if let Err(error) = self.worker.post_message(&message) {
            self.pending.borrow_mut().remove(&id);
            return Err(Failure {
                message: describe(error),
                fatal: true,
            });
        }
        JsFuture::from(promise).await.map_err(|failure| Failure {
            message: js_sys::Reflect::get(&failure, &"message".into())
                .ok()
                .and_then(|message| message.as_string())
                .unwrap_or_else(|| describe(failure.clone())),
            fatal: js_sys::Reflect::get(&failure, &"fatal".into())
                .ok()
                .and_then(|fatal| fatal.as_bool())
                .unwrap_or(true),
        })
    }
}

/// `{ message, fatal }`, what a waiting call is rejected with.
fn failure(message: &JsValue, fatal: bool) -> JsValue {
    let failure = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&failure, &"message".into(), message);
    let _ = js_sys::Reflect::set(&failure, &"fatal".into(), &fatal.into());
    failure.into()
}

/// Where the engine runs, once it was first needed.
#[derive(Clone)]
enum Place {
    Worker(Rc<WorkerEngine>),
    MainThread,
}

thread_local! {
    static PLACE: RefCell<Option<Place>> = const { RefCell::new(None) };
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

/// Calls the engine's function `name` with `args`: in its worker, or on the main thread
/// where the worker cannot run.
async fn call(name: &str, args: js_sys::Array) -> Result<JsValue, String> {
    let place = PLACE.with(|place| {
        place
            .borrow_mut()
            .get_or_insert_with(|| {
                WorkerEngine::start()
                    .map(|engine| Place::Worker(Rc::new(engine)))
                    .unwrap_or(Place::MainThread)
            })
            .clone()
    });
    if let Place::Worker(engine) = place {
        match engine.call(name, &args).await {
            Ok(value) => return Ok(value),
            Err(failure) if engine.broken.get() => {
                // The next call starts a fresh engine.
                engine.worker.terminate();
                PLACE.with(|place| *place.borrow_mut() = None);
                return Err(format!(
                    "the analysis engine stopped on an internal error ({}); it restarts with \
                     the next change. Please report this with the kind of input you used (not \
                     the input itself).",
                    failure.message
                ));
            }
            Err(failure) if !failure.fatal => return Err(failure.message),
            Err(_) => {
                engine.worker.terminate();
                PLACE.with(|place| *place.borrow_mut() = Some(Place::MainThread));
            }
        }
    }
    let (module, function) = function(name).await?;
    function.apply(&module, &args).map_err(describe)
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

fn byte_arrays(all: &[&[u8]]) -> js_sys::Array {
    all.iter()
        .map(|bytes| js_sys::Uint8Array::from(*bytes))
        .collect()
}

/// Analyses `inputs` with `trusted` as trust anchors.
pub async fn analyze(
    request: &Request,
    inputs: &[&[u8]],
    trusted: &[&[u8]],
) -> Result<View, String> {
    let request = serde_json::to_string(request).map_err(|error| error.to_string())?;
    let arguments =
        js_sys::Array::of3(&request.into(), &byte_arrays(inputs), &byte_arrays(trusted));
    let json = call("analyze", arguments)
        .await
        .map_err(|message| format!("the analysis failed: {message}"))?
        .as_string()
        .ok_or("the analysis returned no text")?;
    serde_json::from_str(&json).map_err(|error| format!("the analysis could not be read: {error}"))
}

/// A redacted export (`markdown`, `json`, `html` or `har`) of the report the engine
/// made for `generation`.
pub async fn export(
    generation: u32,
    format: &str,
    policy: Policy,
    salt: &str,
    har: Option<&[u8]>,
) -> Result<String, String> {
    let policy = serde_json::to_string(&policy).map_err(|error| error.to_string())?;
    let arguments = js_sys::Array::of5(
        &generation.into(),
        &format.into(),
        &policy.into(),
        &salt.into(),
        &har.map_or(JsValue::UNDEFINED, |bytes| {
            js_sys::Uint8Array::from(bytes).into()
        }),
    );
    call("export_report", arguments)
        .await
        .map_err(|message| format!("the export failed: {message}"))?
        .as_string()
        .ok_or_else(|| "the export returned no text".to_owned())
}

/// The XML view's lines for `xml` (`None`: it does not parse).
pub async fn pretty(xml: &str) -> Result<Option<Vec<Line>>, String> {
    let json = call("pretty_xml", js_sys::Array::of1(&xml.into())).await?;
    match json.as_string() {
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|error| format!("the XML view could not be read: {error}")),
        None => Ok(None),
    }
}

/// The content of a built-in example.
pub async fn example(id: &str) -> Result<String, String> {
    call("example", js_sys::Array::of1(&id.into()))
        .await?
        .as_string()
        .ok_or_else(|| format!("there is no example `{id}`"))
}

/// Reduces a dropped file on the main thread (where no worker can start), reporting
/// `(bytes scanned, entries scanned)`. (Never through the engine's worker: a function
/// cannot be sent to a worker, and where workers run, `worker.js` reduces.)
pub async fn reduce_har(bytes: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, String> {
    let (module, reduce) = function("reduce_har").await?;
    let reduced = reduce
        .call2(&module, &js_sys::Uint8Array::from(bytes), progress)
        .map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&reduced).to_vec())
}
