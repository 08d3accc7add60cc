// The page's Web Worker (a module worker, started by src/app/worker.rs): reads one big
// dropped file and reduces it with the analysis engine's WebAssembly (`reduce_har`,
// src/bin/engine.rs), so the tab stays responsive while hundreds of megabytes are read.
//
// It loads the engine's wasm-bindgen glue and .wasm from the page's own origin (their
// URLs come with the job; the browser cache serves them once the page has loaded the
// engine): nothing from elsewhere.
//
// In:  { js, wasm, file }              glue URL, .wasm URL, the dropped File
// Out: { type: "progress", phase: "reading" | "scanning", bytes, entries, total }
//      { type: "done", bytes }         the reduced file (its buffer transferred)
//      { type: "error", message }
let glue;

// Progress while reading: at most one message per this many bytes.
const READ_STEP = 4 << 20;

self.onmessage = async (event) => {
  const { js, wasm, file } = event.data;
  try {
    if (!glue) {
      glue = await import(js);
      await glue.default({ module_or_path: wasm });
    }
    const total = file.size;
    const buffer = new Uint8Array(total);
    const reader = file.stream().getReader();
    let offset = 0;
    let reported = 0;
    self.postMessage({ type: "progress", phase: "reading", bytes: 0, entries: 0, total });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = Math.min(value.length, total - offset);
      buffer.set(value.subarray(0, room), offset);
      offset += room;
      if (offset - reported >= READ_STEP) {
        reported = offset;
        self.postMessage({ type: "progress", phase: "reading", bytes: offset, entries: 0, total });
      }
    }
    const reduced = glue.reduce_har(buffer.subarray(0, offset), (bytes, entries) => {
      self.postMessage({ type: "progress", phase: "scanning", bytes, entries, total });
    });
    self.postMessage({ type: "done", bytes: reduced }, [reduced.buffer]);
  } catch (error) {
    self.postMessage({ type: "error", message: String((error && error.message) || error) });
  }
};
