//! A button whose action changes the cluster: it asks first (saying what will happen), runs
//! once, shows obshell's refusal if there is one, and reports success to its owner. The action
//! itself is the owner's (a client call); this component only sequences it.

use crate::client::ClientError;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_panel::ErrorPanel;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use std::rc::Rc;

/// The client call behind the button.
pub type Perform = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<(), ClientError>>>;

#[component]
pub fn ConfirmedAction(
    #[prop(into)] label: Signal<String>,
    /// What will happen, in the confirmation.
    #[prop(into)]
    explanation: Signal<String>,
    #[prop(optional)] danger: bool,
    test_id: &'static str,
    perform: Perform,
    on_done: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);
    let perform = StoredValue::new_local(perform);
    let on_confirm = Callback::new(move |_| {
        // One run at a time: a second confirm while the first is in flight does nothing.
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let run = perform.with_value(|p| p());
        leptos::task::spawn_local(async move {
            let result = run.await;
            busy.set(false);
            match result {
                // `try_`: the page that passed it may be gone by the time obshell answers.
                Ok(()) => {
                    on_done.try_run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <div class="obp-confirmed-action">
            <button type="button" class="obp-button" class:obp-danger=danger data-testid=test_id
                disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                on:click=move |_| open.set(true)>
                {label}
            </button>
            {move || error.get().map(|e| view! { <ErrorPanel error=e /> })}
            <ConfirmDialog open=open title=label confirm_label=label on_confirm=on_confirm danger=danger>
                <p data-testid="confirm-explanation">{explanation}</p>
            </ConfirmDialog>
        </div>
    }
}
