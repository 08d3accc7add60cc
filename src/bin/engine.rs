//! The page's analysis engine: a second WebAssembly module, loaded by the page the
//! first time there is something to analyse (`boot.js` in the served page, an inline
//! script in the single file) and by `worker.js` to reduce big HARs. A thin
//! wasm-bindgen face over [`saml_inspector::engine`]; natively an empty program.

fn main() {}

#[cfg(target_arch = "wasm32")]
mod exports {
    use saml_inspector::Limits;
    use saml_inspector::Report;
    use saml_inspector::engine::{self, ExportFormat, Request, examples};
    use saml_inspector::input::{InputKind, har, sniff};
    use saml_inspector::redact::Policy;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The last report made, with its request's generation: what exports redact.
        static LAST: RefCell<Option<(u32, Report)>> = const { RefCell::new(None) };
    }

    /// Analyses: `request` is an [`engine::Request`] as JSON, `inputs` and `trusted`
    /// arrays of `Uint8Array` in the order of its names. Returns the
    /// [`engine::View`] as JSON.
    #[wasm_bindgen]
    pub fn analyze(
        request: &str,
        inputs: js_sys::Array,
        trusted: js_sys::Array,
    ) -> Result<String, JsValue> {
        let request: Request = serde_json::from_str(request)
            .map_err(|error| JsValue::from_str(&format!("a malformed request: {error}")))?;
        let bytes = |array: &js_sys::Array| -> Vec<Vec<u8>> {
            array
                .iter()
                .map(|item| js_sys::Uint8Array::new(&item).to_vec())
                .collect()
        };
        let (inputs, trusted) = (bytes(&inputs), bytes(&trusted));
        let mut view = engine::run(&request, &slices(&inputs), &slices(&trusted));
        let json = view
            .to_page_json()
            .map_err(|message| JsValue::from_str(&message))?;
        let last = view.report.map(|report| (view.generation, report));
        LAST.with(|slot| *slot.borrow_mut() = last);
        Ok(json)
    }

    fn slices(all: &[Vec<u8>]) -> Vec<&[u8]> {
        all.iter().map(Vec::as_slice).collect()
    }

    /// A redacted export (`format`: markdown, json, html or har) of the report
    /// [`analyze`] made for `generation` (only the last one is kept). `policy` is a
    /// redaction policy as JSON; `har` the HAR input's bytes, for the sanitized HAR.
    #[wasm_bindgen]
    pub fn export_report(
        generation: u32,
        format: &str,
        policy: &str,
        salt: &str,
        har: Option<Vec<u8>>,
    ) -> Result<String, JsValue> {
        let format = ExportFormat::parse(format)
            .ok_or_else(|| JsValue::from_str(&format!("no export format `{format}`")))?;
        let policy: Policy = serde_json::from_str(policy)
            .map_err(|error| JsValue::from_str(&format!("a malformed policy: {error}")))?;
        LAST.with(|slot| match &*slot.borrow() {
            Some((last, report)) if *last == generation => {
                engine::export(report, format, policy, salt.as_bytes(), har.as_deref())
                    .map_err(|message| JsValue::from_str(&message))
            }
            _ => Err(JsValue::from_str(
                "the report changed while the export was being made; try again",
            )),
        })
    }

    /// Reduces a dropped file for analysis (a HAR to the parts the analysis reads; any
    /// other input unchanged), reporting `(bytes scanned, entries scanned)` to
    /// `progress`. Called by `worker.js`, and by the page where no worker can start.
    #[wasm_bindgen]
    pub fn reduce_har(bytes: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, JsValue> {
        if sniff(bytes) != InputKind::Har {
            return Ok(bytes.to_vec());
        }
        har::reduce(bytes, &Limits::default(), &mut |step| {
            let _ = progress.call2(
                &JsValue::NULL,
                &JsValue::from_f64(step.bytes_scanned as f64),
                &JsValue::from_f64(step.entries_scanned as f64),
            );
        })
        .map_err(|error| JsValue::from_str(&error.to_string()))
    }

    /// The XML view's lines for `xml` as JSON, or `None` when it does not parse.
    #[wasm_bindgen]
    pub fn pretty_xml(xml: &str) -> Option<String> {
        serde_json::to_string(&engine::pretty_lines(xml)?).ok()
    }

    /// The content of a built-in example ([`examples::EXAMPLES`] lists them).
    #[wasm_bindgen]
    pub fn example(id: &str) -> Option<String> {
        examples::content(id).map(str::to_owned)
    }
}
