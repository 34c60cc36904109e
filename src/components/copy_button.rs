//! Copy a text to the clipboard, with a short "Copied" acknowledgement.

use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let ui = use_ctx().ui;
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let promise = window.navigator().clipboard().write_text(&text.get_untracked());
            leptos::task::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(ok);
            });
        }
    };
    view! {
        <button type="button" class="obp-link-button" on:click=copy
            aria-label=move || label.clone().unwrap_or_else(|| ui.lang.get().texts().copy.to_string())>
            {move || {
                let t = ui.lang.get().texts();
                if copied.get() { t.copied } else { t.copy }
            }}
        </button>
    }
}
