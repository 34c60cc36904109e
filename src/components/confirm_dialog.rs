//! A modal confirmation on the native `<dialog>`: focus is trapped and Esc closes it without
//! any script of ours, and the page behind is inert.

use crate::state::use_ctx;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<()>,
    #[prop(optional)] danger: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let ui = use_ctx().ui;
    let title_id = format!("obp-dialog-title-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let labelled_by = title_id.clone();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let go_back = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let want_open = open.get();
        if let Some(el) = dialog.get() {
            if want_open && !el.open() {
                let _ = el.show_modal();
                // Focus lands on the safe choice. Set here rather than with `autofocus`, which
                // browsers refuse inside a cross-origin iframe (an embedded panel).
                if let Some(button) = go_back.get() {
                    let _ = button.focus();
                }
            } else if !want_open && el.open() {
                el.close();
            }
        }
    });
    view! {
        <dialog node_ref=dialog class="obp-dialog" aria-labelledby=labelled_by
            on:close=move |_| open.set(false)>
            <h2 id=title_id class="obp-dialog-title">{title}</h2>
            <div class="obp-dialog-body">{children()}</div>
            <div class="obp-dialog-actions">
                <button type="button" class="obp-button" node_ref=go_back data-testid="go-back" on:click=move |_| open.set(false)>
                    {move || ui.lang.get().texts().go_back}
                </button>
                <button type="button" class="obp-button obp-primary" class:obp-danger=danger
                    data-testid="confirm"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }>
                    {confirm_label}
                </button>
            </div>
        </dialog>
    }
}
