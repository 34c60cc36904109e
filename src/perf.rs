//! User Timing marks for the benchmark (`./dev bench`): what a poll update, a log render and
//! request signing cost in the real browser, and how much wasm memory the panel holds.
//!
//! Off unless `config.json` says `"perfMarks": true`: a dashboard left open for days must not
//! fill the browser's performance timeline. The one exception is `obp:ready`, a single mark
//! when the first form can be used.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use wasm_bindgen::{JsCast, JsValue};

static ENABLED: AtomicBool = AtomicBool::new(false);

pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

fn performance() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok().filter(|p| p.is_object())
}

fn call(name: &str, args: &[JsValue]) {
    let Some(perf) = performance() else { return };
    let Ok(method) = js_sys::Reflect::get(&perf, &name.into()) else { return };
    let Some(method) = method.dyn_ref::<js_sys::Function>() else { return };
    let args: js_sys::Array = args.iter().collect();
    // A browser without User Timing level 3 throws on the options object: nothing to report.
    let _ = method.apply(&perf, &args);
}

/// `performance.now()`, or 0 where there is none.
pub fn now() -> f64 {
    performance()
        .and_then(|p| js_sys::Reflect::get(&p, &"now".into()).ok().map(|f| (p, f)))
        .and_then(|(p, f)| f.dyn_into::<js_sys::Function>().ok()?.call0(&p).ok()?.as_f64())
        .unwrap_or(0.0)
}

/// Whether measures are being recorded (so callers can skip the work of taking them).
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Record `name` from `start` (a [`now`] value) to now.
pub fn measure(name: &str, start: f64) {
    if !enabled() {
        return;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &now().into());
    call("measure", &[name.into(), options.into()]);
}

/// `obp:wasm-memory` with the size of the wasm linear memory as its detail.
pub fn mark_wasm_memory() {
    if !enabled() {
        return;
    }
    let bytes = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"detail".into(), &bytes.into());
    call("mark", &["obp:wasm-memory".into(), options.into()]);
}

/// `obp:ready`, once: the first form is on the page and usable.
pub fn mark_ready() {
    static DONE: AtomicBool = AtomicBool::new(false);
    if !DONE.swap(true, Ordering::Relaxed) {
        call("mark", &["obp:ready".into()]);
    }
}

/// [`now`] when Sign in was last pressed, as `f64` bits; 0 while no sign-in is pending.
static SIGN_IN_PRESSED: AtomicU64 = AtomicU64::new(0);

/// Sign in was pressed: the start of `obp:sign-in`.
pub fn sign_in_pressed() {
    if enabled() {
        SIGN_IN_PRESSED.store(now().to_bits(), Ordering::Relaxed);
    }
}

/// `obp:sign-in`: from Sign in pressed until the page behind it (the backup form, on `/`) is
/// drawn and usable. This is the wait a user has after the first form: four requests, RSA
/// encryption of the password, then the page.
pub fn measure_signed_in() {
    let pressed = SIGN_IN_PRESSED.swap(0, Ordering::Relaxed);
    if pressed != 0 {
        measure_render("obp:sign-in", f64::from_bits(pressed));
    }
}

/// Measure an update to the page as the user gets it: from `start` until the reactive
/// effects it woke have run and the browser has laid the page out again (reading
/// `offsetHeight` forces that layout now instead of at the next frame).
pub fn measure_render(name: &'static str, start: f64) {
    if !enabled() {
        return;
    }
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.offset_height();
        }
        measure(name, start);
    });
}
