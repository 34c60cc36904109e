//! Sign in with the root@sys password: check the agent can serve the panel, measure the clock,
//! fetch the key, open a session. The password lives only in this form's signal and is
//! cleared as soon as the session is open.
//!
//! Shown as the first page, and later as a modal over whatever the user was doing when the
//! session expired (that page stays mounted underneath, so nothing is lost).

use crate::client::ClientError;
use crate::components::error_panel::ErrorPanel;
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn SignIn() -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui) = (ctx.client.clone(), ctx.session, ctx.ui);
    let t = move || ui.lang.get().texts();
    let password = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);

    let sign_in = Action::new_local(move |pw: &String| {
        let (client, pw) = (client.clone(), pw.clone());
        async move {
            let info = client.connect().await?;
            client.login(&pw).await?;
            Ok::<_, ClientError>(info)
        }
    });
    Effect::new(move |_| {
        if let Some(result) = sign_in.value().get() {
            match result {
                Ok(info) => {
                    password.set(String::new());
                    error.set(None);
                    session.agent.set(Some(info));
                    session.clock_offset_ms.set(ctx.client.clock_offset_ms());
                    session.expired.set(false);
                    session.signed_in.set(true);
                    session.ever_signed_in.set(true);
                    crate::perf::measure_signed_in();
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !sign_in.pending().get_untracked() {
            crate::perf::sign_in_pressed();
            sign_in.dispatch(password.get_untracked());
        }
    };
    let as_overlay = move || session.ever_signed_in.get();
    // Effects run once the view is in the document: the form is usable from here.
    Effect::new(|_| crate::perf::mark_ready());

    view! {
        <div class=move || if as_overlay() { "obp-overlay" } else { "obp-page-center" }>
            <form class="obp-card obp-sign-in" on:submit=submit
                role=move || as_overlay().then_some("dialog")
                aria-modal=move || as_overlay().then_some("true")
                aria-labelledby="obp-sign-in-title" data-testid="sign-in">
                <h1 id="obp-sign-in-title">{move || t().sign_in_title}</h1>
                <Show when=move || session.expired.get()>
                    <p class="obp-notice" role="status" data-testid="session-expired">{move || t().session_expired}</p>
                </Show>
                <p class="obp-muted">{move || t().sign_in_intro}</p>
                <label for="obp-root-password">{move || t().root_password}</label>
                <div class="obp-password-row">
                    <input id="obp-root-password" name="root-password"
                        type=move || if reveal.get() { "text" } else { "password" }
                        autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                    <button type="button" class="obp-button" aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)>
                        {move || if reveal.get() { t().hide } else { t().show }}
                    </button>
                </div>
                <button type="submit" class="obp-button obp-primary" data-testid="sign-in-submit"
                    disabled=move || sign_in.pending().get()
                    aria-busy=move || sign_in.pending().get().to_string()>
                    {move || if sign_in.pending().get() { t().signing_in } else { t().sign_in }}
                </button>
                {move || error.get().map(|e| view! { <ErrorPanel error=e /> })}
            </form>
        </div>
    }
}
