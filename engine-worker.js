// The analysis engine's Web Worker (a module worker, started by src/app/engine.rs): the
// page's analyses, exports and XML views run here, off the main thread, so the tab stays
// responsive while a big HAR is analysed.
//
// It loads the engine's wasm-bindgen glue and .wasm from the page's own origin (their
// URLs come with each call), once, and calls the engine's exported function by name.
//
// In:  { id, js, wasm, call, args }    call: the engine's function, args: its arguments
// Out: { id, result }                  what it returned
//      { id, error, fatal, broken }    what it threw; fatal: the engine did not load;
//                                      broken: it stopped on an internal error (a trap),
//                                      so this worker closes and the page starts another
let engine;

self.onmessage = async (event) => {
  const { id, js, wasm, call, args } = event.data;
  try {
    if (!engine) {
      const glue = await import(js);
      await glue.default({ module_or_path: wasm });
      engine = glue;
    }
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error), fatal: true });
    return;
  }
  try {
    if (typeof engine[call] !== "function") throw new Error(`the engine has no ${call}`);
    self.postMessage({ id, result: engine[call](...args) });
  } catch (error) {
    const broken = error instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, error: String((error && error.message) || error), fatal: false, broken });
    if (broken) self.close();
  }
};
