// The analysis engine's Web Worker (a module worker, started by src/app/engine.rs): the
// engine's session lives here — the inputs, the context, the latest analysis — and the
// page sends it small commands, so the tab stays responsive while a big HAR is read
// and analysed. One worker, one engine.
//
// It loads the engine's wasm-bindgen glue and .wasm from the page's own origin (their
// URLs come with each message), once, and hands each command to the engine's
// `command` function, one at a time, in the order they came.
//
// In:  { id, js, wasm, command, bytes?, file? }
//        command: the command as JSON; bytes: a Uint8Array beside it (an input's);
//        file: a dropped File, read here (with progress) and then handed over as bytes
// Out: { id, progress: { phase: "reading" | "scanning", bytes, entries, total } }
//      { id, result }                  the answer, as JSON
//      { id, error, fatal, broken }    what it threw; fatal: the engine did not load;
//                                      broken: it stopped on an internal error (a trap),
//                                      so this worker closes and the page starts another
let engine;
let queue = Promise.resolve();

// Progress while reading a file: at most one message per this many bytes.
const READ_STEP = 4 << 20;

self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};

async function read(id, file) {
  const total = file.size;
  const buffer = new Uint8Array(total);
  const reader = file.stream().getReader();
  let offset = 0;
  let reported = 0;
  self.postMessage({ id, progress: { phase: "reading", bytes: 0, entries: 0, total } });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = Math.min(value.length, total - offset);
    buffer.set(value.subarray(0, room), offset);
    offset += room;
    if (offset - reported >= READ_STEP) {
      reported = offset;
      self.postMessage({ id, progress: { phase: "reading", bytes: offset, entries: 0, total } });
    }
  }
  return buffer.subarray(0, offset);
}

async function handle({ id, js, wasm, command, bytes, file }) {
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
    let data = bytes;
    let progress;
    if (file) {
      data = await read(id, file);
      const total = file.size;
      progress = (scanned, entries) =>
        self.postMessage({ id, progress: { phase: "scanning", bytes: scanned, entries, total } });
    }
    self.postMessage({ id, result: engine.command(command, data, progress) });
  } catch (error) {
    const broken = error instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, error: String((error && error.message) || error), fatal: false, broken });
    if (broken) self.close();
  }
}
