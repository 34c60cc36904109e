//! The app shell: contexts, router, and the sign-in gate.

use crate::client::ObshellClient;
use crate::components::sign_in::SignIn;
use crate::components::top_bar::TopBar;
use crate::config::RuntimeConfig;
use crate::host::{Host, HostEvent};
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

/// Language and theme to start with: what the host asked for, else what the user chose
/// before, else config.json's language or the browser's.
pub fn initial_ui(config: &RuntimeConfig) -> UiState {
    let lang = preferences::language().or(config.language).or_else(preferences::browser_language).unwrap_or(Lang::En);
    let theme = config.theme.unwrap_or_else(preferences::theme);
    UiState { lang: RwSignal::new(lang), theme: RwSignal::new(theme) }
}

#[component]
pub fn App(
    config: RuntimeConfig,
    /// Created by the caller when a host needs to change them later (`mount`).
    #[prop(optional)]
    ui: Option<UiState>,
    /// The element a host console mounted the panel on: events are dispatched there.
    #[prop(optional)]
    host_element: Option<web_sys::HtmlElement>,
) -> impl IntoView {
    let client = ObshellClient::new(&config.api_base, config.request_timeout_ms);
    let session = SessionState::new();
    let ui = ui.unwrap_or_else(|| initial_ui(&config));
    let embedded = host_element.is_some();
    let host = Host::new(host_element, config.host_origins.clone());
    crate::host::listen_to_parent(ui, &config.host_origins);

    // obshell says the session is gone: bring the sign-in back over the current page.
    {
        let host = host.clone();
        client.on_session_lost(move || {
            session.expired.set(true);
            session.signed_in.set(false);
            host.emit(HostEvent::SessionLost);
        });
    }
    // A session handed over by the host: connect (agent info, clock, key) and use it. If that
    // fails, or the session turns out to be over, the sign-in appears as usual.
    let adopting = RwSignal::new(config.session_id.is_some());
    if let Some(id) = config.session_id.clone() {
        let client = client.clone();
        leptos::task::spawn_local(async move {
            if let Ok(info) = client.connect().await {
                client.adopt_session(id);
                session.agent.set(Some(info));
                session.clock_offset_ms.set(client.clock_offset_ms());
                session.signed_in.set(true);
                session.ever_signed_in.set(true);
            }
            adopting.set(false);
        });
    }
    {
        let client = client.clone();
        Effect::new(move |_| {
            let lang = ui.lang.get();
            client.set_language_tag(lang.tag());
            preferences::set_language(lang);
            // Embedded, the page is the host's: the panel's root carries its own `lang`.
            if !embedded {
                preferences::set_document_language(lang);
            }
        });
    }
    Effect::new(move |_| preferences::set_theme(ui.theme.get()));

    provide_context(Ctx { client, session, ui, config, host });

    view! {
        <div class=if embedded { "obp-app obp-embedded" } else { "obp-app obp-standalone" }
            data-theme=move || ui.theme.get().as_str() lang=move || ui.lang.get().tag()>
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
                <Show when=move || !session.signed_in.get() && !adopting.get()>
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

