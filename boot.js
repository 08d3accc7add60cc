// Starts the page's WebAssembly app.
//
// Trunk's default loader is an inline module script, which the page's
// Content-Security-Policy (script-src 'self') forbids. Trunk.toml's pattern_script
// loads this file instead and writes the content-hashed names of the wasm-bindgen glue
// and the .wasm into the data- attributes of the <script> tag that loads it.
const tag = document.querySelector("script[data-js][data-wasm]");
const glue = await import(new URL(tag.dataset.js, document.baseURI).href);
await glue.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI) });
