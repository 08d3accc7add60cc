//! The page's analysis engine: a second WebAssembly module, loaded by the page the
//! first time there is something to analyse, in its Web Worker (`engine-worker.js`) or,
//! where no worker can start, on the main thread (`boot.js` in the served page, an
//! inline script in the single file). A thin wasm-bindgen face over
//! [`saml_inspector::engine::Session`]: one session per module instance, one function
//! for every command. Natively an empty program.

fn main() {}

#[cfg(target_arch = "wasm32")]
mod exports {
    use saml_inspector::engine::Session;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The session: the inputs, the context, the latest analysis.
        static SESSION: RefCell<Session> = RefCell::new(Session::new());
    }

    /// Carries out one command (`saml_inspector::engine::Command` as JSON) with the
    /// bytes that travel beside it, and returns the answer encoded
    /// (`saml_inspector::engine::Answer::encode`). `progress`, when
    /// given, hears `(bytes scanned, entries scanned)` while a big HAR is reduced.
    #[wasm_bindgen]
    pub fn command(
        command: &str,
        bytes: Option<Vec<u8>>,
        progress: Option<js_sys::Function>,
    ) -> Result<Vec<u8>, JsValue> {
        let mut report = |step: saml_inspector::input::har::Progress| {
            if let Some(progress) = &progress {
                let _ = progress.call2(
                    &JsValue::NULL,
                    &JsValue::from_f64(step.bytes_scanned as f64),
                    &JsValue::from_f64(step.entries_scanned as f64),
                );
            }
        };
        SESSION.with(|session| {
            session
                .borrow_mut()
                .handle_encoded(command, bytes, &mut report)
                .map_err(|error| JsValue::from_str(&error.to_string()))
        })
    }
}
