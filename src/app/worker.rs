//! Big files off the main thread: a dropped file over [`WORKER_THRESHOLD_BYTES`] is read
//! and reduced ([`saml_inspector::input::har::reduce`]) in a module Web Worker
//! (`worker.js`, copied next to the page by Trunk), which loads the analysis engine's
//! glue and `.wasm` (the page's second module, `src/bin/engine.rs`) and calls its
//! `reduce_har`. The worker reports
//! progress and posts back the reduced bytes (transferred); the page then analyses them
//! as usual. Where no worker can start (the single-file build opened from `file://`, a
//! browser without module workers, a script that fails to load) the same reduction runs
//! on the main thread: slower to show, same result.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::Callback;

/// Files up to this size are read on the main thread as before: a worker's start-up
/// costs more than it saves.
pub const WORKER_THRESHOLD_BYTES: f64 = (2u64 << 20) as f64;

/// The Trusted Types policy that may turn exactly the worker script's URL into a
/// script URL (the page's CSP names it; no other policy exists).
const POLICY_NAME: &str = "saml-inspector-worker";

/// What a job reports to the page.
pub enum Event {
    Progress {
        /// Still reading the file (else: scanning it).
        reading: bool,
        bytes: f64,
        entries: f64,
    },
    Done(Vec<u8>),
    Failed(String),
}

/// A running reduction. Dropping it stops it (the worker is terminated, a main-thread
/// read aborted). Never drop it from inside one of its own callbacks.
pub struct Job {
    pub by_worker: bool,
    worker: Option<web_sys::Worker>,
    _onmessage: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    _onerror: Option<Closure<dyn FnMut(web_sys::Event)>>,
    _reader: Rc<RefCell<Option<gloo::file::callbacks::FileReader>>>,
}

impl Drop for Job {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.terminate();
        }
    }
}

/// Starts reducing `file`, in a worker when one can start.
pub fn start(file: web_sys::File, on_event: Callback<Event>) -> Job {
    let reader = Rc::new(RefCell::new(None));
    match spawn(&file, &on_event, &reader) {
        Ok((worker, onmessage, onerror)) => Job {
            by_worker: true,
            worker: Some(worker),
            _onmessage: Some(onmessage),
            _onerror: Some(onerror),
            _reader: reader,
        },
        Err(_) => {
            *reader.borrow_mut() = Some(on_main_thread(file, on_event));
            Job {
                by_worker: false,
                worker: None,
                _onmessage: None,
                _onerror: None,
                _reader: reader,
            }
        }
    }
}

type Spawned = (
    web_sys::Worker,
    Closure<dyn FnMut(web_sys::MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

fn spawn(
    file: &web_sys::File,
    on_event: &Callback<Event>,
    reader: &Rc<RefCell<Option<gloo::file::callbacks::FileReader>>>,
) -> Result<Spawned, JsValue> {
    let started = start_module_worker(WORKER_SCRIPT)?;
    let (worker, js, wasm) = (started.worker, started.engine_js, started.engine_wasm);

    let onmessage = {
        let on_event = on_event.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            let data = message.data();
            let field = |name: &str| {
                js_sys::Reflect::get(&data, &JsValue::from_str(name)).unwrap_or_default()
            };
            match field("type").as_string().as_deref() {
                Some("progress") => on_event.emit(Event::Progress {
                    reading: field("phase").as_string().as_deref() == Some("reading"),
                    bytes: field("bytes").as_f64().unwrap_or_default(),
                    entries: field("entries").as_f64().unwrap_or_default(),
                }),
                Some("done") => on_event.emit(Event::Done(
                    js_sys::Uint8Array::new(&field("bytes")).to_vec(),
                )),
                Some("error") => on_event.emit(Event::Failed(
                    field("message").as_string().unwrap_or_default(),
                )),
                _ => {}
            }
        })
    };
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker script or the glue could not load: do the work here instead.
    let onerror = {
        let on_event = on_event.clone();
        let reader = reader.clone();
        let file = file.clone();
        let worker = worker.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            worker.terminate();
            if reader.borrow().is_none() {
                *reader.borrow_mut() = Some(on_main_thread(file.clone(), on_event.clone()));
            }
        })
    };
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));

    let job = js_sys::Object::new();
    js_sys::Reflect::set(&job, &"js".into(), &js.into())?;
    js_sys::Reflect::set(&job, &"wasm".into(), &wasm.into())?;
    js_sys::Reflect::set(&job, &"file".into(), file)?;
    worker.post_message(&job)?;
    Ok((worker, onmessage, onerror))
}

/// The page's two worker scripts (copied next to the page by Trunk): this module's, and
/// the one the analysis engine runs in (`app::engine`).
const WORKER_SCRIPT: &str = "worker.js";
pub const ENGINE_WORKER_SCRIPT: &str = "engine-worker.js";

/// A module worker started from one of the page's worker scripts, and the URLs of the
/// engine's glue and `.wasm` it is to load.
pub struct Started {
    pub worker: web_sys::Worker,
    pub engine_js: String,
    pub engine_wasm: String,
}

/// Starts `script` (one of the page's worker scripts) as a module worker. Fails where no
/// worker can start: from `file://` (the single file), without module workers, or when
/// the page was not started by `boot.js`.
pub fn start_module_worker(script: &str) -> Result<Started, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    if window.location().protocol()? == "file:" {
        return Err("workers cannot load from file://".into());
    }
    let document = window.document().ok_or("no document")?;
    // The tag boot.js reads: the engine's glue and .wasm.
    let tag = document
        .query_selector("script[data-engine-js][data-engine-wasm]")?
        .ok_or("no boot script tag")?;
    let base = document.base_uri()?.ok_or("no base URI")?;
    let absolute = |relative: &str| -> Result<String, JsValue> {
        Ok(web_sys::Url::new_with_base(relative, &base)?.href())
    };
    let engine_js = absolute(
        &tag.get_attribute("data-engine-js")
            .ok_or("no data-engine-js")?,
    )?;
    let engine_wasm = absolute(
        &tag.get_attribute("data-engine-wasm")
            .ok_or("no data-engine-wasm")?,
    )?;
    let allowed = [absolute(WORKER_SCRIPT)?, absolute(ENGINE_WORKER_SCRIPT)?];
    let url = absolute(script)?;
    if !allowed.contains(&url) {
        return Err("not one of the page's worker scripts".into());
    }

    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let constructor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"Worker".into())?.dyn_into()?;
    let worker: web_sys::Worker = js_sys::Reflect::construct(
        &constructor,
        &js_sys::Array::of2(&trusted_script_url(&url, allowed)?, &options),
    )?
    .dyn_into()?;
    Ok(Started {
        worker,
        engine_js,
        engine_wasm,
    })
}

thread_local! {
    static POLICY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// `url` as a TrustedScriptURL when the page enforces Trusted Types (its CSP does), made
/// by a policy that accepts only the URLs of the page's worker scripts; the plain string
/// elsewhere.
fn trusted_script_url(url: &str, allowed: [String; 2]) -> Result<JsValue, JsValue> {
    let factory = js_sys::Reflect::get(&js_sys::global(), &"trustedTypes".into())?;
    if factory.is_undefined() || factory.is_null() {
        return Ok(url.into());
    }
    let policy = POLICY.with(|slot| -> Result<JsValue, JsValue> {
        if let Some(policy) = slot.borrow().clone() {
            return Ok(policy);
        }
        let create = Closure::<dyn Fn(String) -> String>::new(move |candidate: String| {
            if allowed.contains(&candidate) {
                candidate
            } else {
                "about:invalid".to_owned()
            }
        });
        let rules = js_sys::Object::new();
        js_sys::Reflect::set(&rules, &"createScriptURL".into(), create.as_ref())?;
        // The policy lives as long as the page.
        create.forget();
        let create_policy: js_sys::Function =
            js_sys::Reflect::get(&factory, &"createPolicy".into())?.dyn_into()?;
        let policy = create_policy.call2(&factory, &POLICY_NAME.into(), &rules)?;
        *slot.borrow_mut() = Some(policy.clone());
        Ok(policy)
    })?;
    let create_script_url: js_sys::Function =
        js_sys::Reflect::get(&policy, &"createScriptURL".into())?.dyn_into()?;
    create_script_url.call1(&policy, &url.into())
}

/// The fallback: read, then reduce on the main thread with the engine loaded there.
fn on_main_thread(
    file: web_sys::File,
    on_event: Callback<Event>,
) -> gloo::file::callbacks::FileReader {
    on_event.emit(Event::Progress {
        reading: true,
        bytes: 0.0,
        entries: 0.0,
    });
    let file = gloo::file::File::from(file);
    gloo::file::callbacks::read_as_bytes(&file, move |result| match result {
        Ok(bytes) => wasm_bindgen_futures::spawn_local(async move {
            // Progress could not be drawn while the main thread is busy reducing.
            let progress = Closure::<dyn Fn()>::new(|| {});
            match crate::app::engine::reduce_har(&bytes, progress.as_ref().unchecked_ref()).await {
                Ok(reduced) => on_event.emit(Event::Done(reduced)),
                Err(message) => on_event.emit(Event::Failed(message)),
            }
        }),
        Err(error) => on_event.emit(Event::Failed(error.to_string())),
    })
}
