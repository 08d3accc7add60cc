// Starts the page's WebAssembly app, and sets up the loader of its analysis engine.
//
// Trunk's default loader is an inline module script, which the page's
// Content-Security-Policy (script-src 'self') forbids. Trunk.toml's pattern_script
// loads this file instead and writes the names of the wasm-bindgen glue and the .wasm
// of both modules into the data- attributes of the <script> tag that loads it.
const tag = document.querySelector("script[data-js][data-wasm]");
const base = document.baseURI;

// The engine (src/bin/engine.rs) is a second module, loaded the first time the page
// has something to analyse (src/app/engine.rs calls this). Its file names carry no
// content hash, so they get the page's hashed .wasm name as a version: a new page never
// runs with an old engine from the cache. src/app/worker.rs reads the same attributes
// for engine-worker.js.
const version = encodeURIComponent(tag.dataset.wasm.split("/").pop());
tag.dataset.engineJs = new URL(`${tag.dataset.engineJs}?v=${version}`, base).href;
tag.dataset.engineWasm = new URL(`${tag.dataset.engineWasm}?v=${version}`, base).href;
let engine;
globalThis.samlInspectorEngine = () =>
  (engine ??= (async () => {
    const module = await import(tag.dataset.engineJs);
    await module.default({ module_or_path: tag.dataset.engineWasm });
    return module;
  })().catch((error) => {
    engine = undefined; // the next call tries again
    throw error;
  }));

const glue = await import(new URL(tag.dataset.js, base).href);
await glue.default({ module_or_path: new URL(tag.dataset.wasm, base) });
