//! Starting the engine's module Web Worker (`engine-worker.js`, copied next to the page
//! by Trunk) under the page's Trusted Types policy, and the size from which a dropped
//! file is handed to it as a `File` (read there, with progress, and reduced there when
//! it is a big HAR) instead of being read on the main thread.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Files up to this size are read on the main thread and sent as bytes; bigger ones go
/// to the engine's worker as the `File` itself, which reads it there with progress.
pub const WORKER_THRESHOLD_BYTES: f64 = (2u64 << 20) as f64;

/// The Trusted Types policy that may turn exactly the worker script's URL into a
/// script URL (the page's CSP names it; no other policy exists).
const POLICY_NAME: &str = "saml-inspector-worker";

/// The page's worker script (copied next to the page by Trunk), where the analysis
/// engine runs (`app::engine`).
pub const ENGINE_WORKER_SCRIPT: &str = "engine-worker.js";

/// A module worker started from one of the page's worker scripts, and the URLs of the
/// engine's glue and `.wasm` it is to load.
pub struct Started {
    pub worker: web_sys::Worker,
    pub engine_js: String,
    pub engine_wasm: String,
}

/// Starts `script` (the page's worker script) as a module worker. Fails where no
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
    let allowed = absolute(ENGINE_WORKER_SCRIPT)?;
    let url = absolute(script)?;
    if url != allowed {
        return Err("not the page's worker script".into());
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
/// by a policy that accepts only the URL of the page's worker script; the plain string
/// elsewhere.
fn trusted_script_url(url: &str, allowed: String) -> Result<JsValue, JsValue> {
    let factory = js_sys::Reflect::get(&js_sys::global(), &"trustedTypes".into())?;
    if factory.is_undefined() || factory.is_null() {
        return Ok(url.into());
    }
    let policy = POLICY.with(|slot| -> Result<JsValue, JsValue> {
        if let Some(policy) = slot.borrow().clone() {
            return Ok(policy);
        }
        let create = Closure::<dyn Fn(String) -> String>::new(move |candidate: String| {
            if candidate == allowed {
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
