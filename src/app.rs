//! The app shell: contexts, router, and the sign-in gate.

use crate::client::ObshellClient;
use crate::components::sign_in::SignIn;
use crate::components::top_bar::TopBar;
use crate::config::RuntimeConfig;
use crate::i18n::Lang;
use crate::pages::{
    backup_page::BackupPage, dag_page::DagPage, destination_page::DestinationPage, history_page::HistoryPage,
    tenants_page::TenantsPage,
};
use crate::preferences;
use crate::state::{Ctx, SessionState, UiState};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App(config: RuntimeConfig) -> impl IntoView {
    let client = ObshellClient::new(&config.api_base, config.request_timeout_ms);
    let session = SessionState::new();
    let lang = preferences::language().or(config.language).or_else(preferences::browser_language).unwrap_or(Lang::En);
    let ui = UiState { lang: RwSignal::new(lang), theme: RwSignal::new(preferences::theme()) };

    // obshell says the session is gone: bring the sign-in back over the current page.
    client.on_session_lost(move || {
        session.expired.set(true);
        session.signed_in.set(false);
    });
    {
        let client = client.clone();
        Effect::new(move |_| {
            let lang = ui.lang.get();
            client.set_language_tag(lang.tag());
            preferences::set_language(lang);
            preferences::set_document_language(lang);
        });
    }
    Effect::new(move |_| preferences::set_theme(ui.theme.get()));

    provide_context(Ctx { client, session, ui, config });

    view! {
        <div class="obp-app" data-theme=move || ui.theme.get().as_str()>
            <Router base=crate::paths::base()>
                <TopBar />
                <main class="obp-main">
                    // Pages mount after the first sign-in and stay mounted when a session
                    // expires, so the form or the DAG view survives a re-sign-in.
                    <Show when=move || session.ever_signed_in.get()>
                        <Routes fallback=move || view! { <NotFound /> }>
                            <Route path=path!("/") view=BackupPage />
                            <Route path=path!("/dag/:id") view=DagPage />
                            <Route path=path!("/destination") view=DestinationPage />
                            <Route path=path!("/tenants") view=TenantsPage />
                            <Route path=path!("/history") view=HistoryPage />
                        </Routes>
                    </Show>
                </main>
                <Show when=move || !session.signed_in.get()>
                    <SignIn />
                </Show>
            </Router>
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let ui = crate::state::use_ctx().ui;
    view! {
        <section class="obp-page">
            <p>
                <leptos_router::components::A href=crate::paths::href("/")>{move || ui.lang.get().texts().not_found}</leptos_router::components::A>
            </p>
        </section>
    }
}

