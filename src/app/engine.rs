//! The page's side of the analysis engine ([`saml_inspector::engine`], a second
//! WebAssembly module). The engine is loaded the first time it is needed through
//! `globalThis.samlInspectorEngine()`, which `boot.js` defines in the served page (an
//! `import()` of the engine's glue from the page's own origin) and an inline script
//! defines in the single file; both load it once. Calls are plain function calls on the
//! loaded module: requests go in as JSON with the bytes alongside, views come back as
//! JSON.

use saml_inspector::engine::{Request, View};
use saml_inspector::redact::Policy;
use saml_inspector::xml::pretty::Line;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The name of the loader `boot.js` (or the single file) puts on `globalThis`.
const LOADER: &str = "samlInspectorEngine";

/// The engine module (its exported functions), loading it on the first call.
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
    let (module, analyze) = function("analyze").await?;
    let request = serde_json::to_string(request).map_err(|error| error.to_string())?;
    let json = analyze
        .call3(
            &module,
            &request.into(),
            &byte_arrays(inputs),
            &byte_arrays(trusted),
        )
        .map_err(|error| format!("the analysis failed: {}", describe(error)))?
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
    let (module, export) = function("export_report").await?;
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
    export
        .apply(&module, &arguments)
        .map_err(|error| format!("the export failed: {}", describe(error)))?
        .as_string()
        .ok_or_else(|| "the export returned no text".to_owned())
}

/// The XML view's lines for `xml` (`None`: it does not parse).
pub async fn pretty(xml: &str) -> Result<Option<Vec<Line>>, String> {
    let (module, pretty) = function("pretty_xml").await?;
    let json = pretty.call1(&module, &xml.into()).map_err(describe)?;
    match json.as_string() {
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|error| format!("the XML view could not be read: {error}")),
        None => Ok(None),
    }
}

/// The content of a built-in example.
pub async fn example(id: &str) -> Result<String, String> {
    let (module, example) = function("example").await?;
    example
        .call1(&module, &id.into())
        .map_err(describe)?
        .as_string()
        .ok_or_else(|| format!("there is no example `{id}`"))
}

/// Reduces a dropped file on the main thread (where no worker can start), reporting
/// `(bytes scanned, entries scanned)`.
pub async fn reduce_har(bytes: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, String> {
    let (module, reduce) = function("reduce_har").await?;
    let reduced = reduce
        .call2(&module, &js_sys::Uint8Array::from(bytes), progress)
        .map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&reduced).to_vec())
}
