// Loads the panel without any inline script, so the page runs under a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'). Trunk writes the hashed
// file names into the data attributes of the <script> tag that loads this file.
const tag = document.querySelector("script[data-obp-wasm]");
const { default: init } = await import(tag.dataset.obpJs);
await init({ module_or_path: tag.dataset.obpWasm });
