//! The app shell: contexts, the page of the current route, and the sign-in gate.

use crate::client::ObshellClient;
use crate::components::sign_in::SignIn;
use crate::components::start_outcome::StartOutcome;
use crate::components::top_bar::TopBar;
use crate::config::RuntimeConfig;
use crate::host::{Host, HostEvent};
use crate::i18n::Lang;
use crate::pages::{
    backup_page::BackupPage, dag_page::DagPage, destination_page::DestinationPage, history_page::HistoryPage,
    tenants_page::TenantsPage,
};
use crate::preferences;
use crate::router::{Link, Route, Router};
use crate::start_status::{StartState, StartStatus};
use crate::state::{Ctx, SessionState, UiState};
use leptos::prelude::*;

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

    let router = Router::follow_history();
    let start = StartState::new();
    // A new sign-in starts clean: no outcome of an earlier session's start is announced.
    Effect::new(move |_| {
        if !session.ever_signed_in.get() {
            start.status.set(StartStatus::Idle);
        }
    });
    provide_context(Ctx { client, session, ui, config, host, router, start });
    // Only a new route builds a new page (a memo: the same route twice is no change).
    let route = Memo::new(move |_| router.route());
    let page = move || match route.get() {
        Route::Backup => view! { <BackupPage /> }.into_any(),
        Route::Dag(id) => view! { <DagPage id=id /> }.into_any(),
        Route::Destination => view! { <DestinationPage /> }.into_any(),
        Route::Tenants => view! { <TenantsPage /> }.into_any(),
        Route::History => view! { <HistoryPage /> }.into_any(),
        Route::NotFound => view! { <NotFound /> }.into_any(),
    };

    view! {
        <div class=if embedded { "obp-app obp-embedded" } else { "obp-app obp-standalone" }
            data-theme=move || ui.theme.get().as_str() lang=move || ui.lang.get().tag()>
            <TopBar />
            <main class="obp-main">
                // Pages mount after the first sign-in and stay mounted when a session
                // expires, so the form or the DAG view survives a re-sign-in.
                <Show when=move || session.ever_signed_in.get()>
                    <StartOutcome />
                    {page}
                </Show>
            </main>
            <Show when=move || !session.signed_in.get() && !adopting.get()>
                <SignIn />
            </Show>
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let ui = crate::state::use_ctx().ui;
    view! {
        <section class="obp-page">
            <p>
                <Link to="/">{move || ui.lang.get().texts().not_found}</Link>
            </p>
        </section>
    }
}

