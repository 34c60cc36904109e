// Loads the panel without any inline script, so the page runs under a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'). Trunk writes the hashed
// file names into the data attributes of the <script> tag that loads this file; they are
// relative to the page's <base href>, so the panel can live under any sub-path.
const tag = document.querySelector("script[data-obp-wasm]");
const at = (name) => new URL(name, document.baseURI).href;
const { default: init } = await import(at(tag.dataset.obpJs));
await init({ module_or_path: at(tag.dataset.obpWasm) });
