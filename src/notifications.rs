//! The browser's desktop notifications, for "tell me when it ends" while the tab is hidden.
//! Every call is a no-op where the browser has no `Notification` (some embedded views).

use leptos::prelude::*;

pub fn supported() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &wasm_bindgen::JsValue::from_str("Notification")).unwrap_or(false))
}

pub fn granted() -> bool {
    supported() && web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
}

/// Ask for permission; `flag` then says whether it was granted.
pub fn request(flag: RwSignal<bool>) {
    if !supported() {
        return;
    }
    if let Ok(promise) = web_sys::Notification::request_permission() {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            flag.set(granted());
        });
    }
}

pub fn show(title: &str, body: &str) {
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    let _ = web_sys::Notification::new_with_options(title, &options);
}

/// Whether the user is looking elsewhere: only then is a notification worth showing.
pub fn document_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}
