//! App-wide reactive state, shared through contexts. Small `Copy` structs of signals, so
//! components take what they need with `expect_context`-free helpers that cannot panic.

use crate::client::ObshellClient;
use crate::config::RuntimeConfig;
use crate::i18n::Lang;
use leptos::prelude::*;
use obshell_api::AgentInfo;

/// Who is signed in to which agent.
#[derive(Clone, Copy)]
pub struct SessionState {
    pub signed_in: RwSignal<bool>,
    /// Pages mount after the first sign-in and stay mounted through later ones, so a session
    /// that expires mid-way loses nothing the user was looking at.
    pub ever_signed_in: RwSignal<bool>,
    /// The last session ended on the agent's side (shown on the sign-in dialog).
    pub expired: RwSignal<bool>,
    pub agent: RwSignal<Option<AgentInfo>>,
    /// Agent clock minus browser clock, ms.
    pub clock_offset_ms: RwSignal<i64>,
}

impl SessionState {
    pub fn new() -> Self {
        SessionState {
            signed_in: RwSignal::new(false),
            ever_signed_in: RwSignal::new(false),
            expired: RwSignal::new(false),
            agent: RwSignal::new(None),
            clock_offset_ms: RwSignal::new(0),
        }
    }
}

impl Default for SessionState {
    fn default() -> Self {
        SessionState::new()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Theme> {
        [Theme::System, Theme::Light, Theme::Dark].into_iter().find(|t| t.as_str() == text)
    }
}

/// Language and theme.
#[derive(Clone, Copy)]
pub struct UiState {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
}

/// Everything a page needs, fetched once at the top of a component.
#[derive(Clone)]
pub struct Ctx {
    pub client: ObshellClient,
    pub session: SessionState,
    pub ui: UiState,
    pub config: RuntimeConfig,
    /// The console embedding the panel, if any.
    pub host: crate::host::Host,
    pub router: crate::router::Router,
    /// The last backup start, wherever the user is now.
    pub start: crate::start_status::StartState,
}

/// The app context. `App` provides it before any component runs; a component mounted on its
/// own (tests) gets a fresh default one instead of a panic.
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().unwrap_or_else(|| {
        let config = RuntimeConfig::default();
        Ctx {
            client: ObshellClient::new(&config.api_base, config.request_timeout_ms),
            session: SessionState::new(),
            ui: UiState { lang: RwSignal::new(Lang::En), theme: RwSignal::new(Theme::System) },
            config,
            host: crate::host::Host::default(),
            router: crate::router::Router::detached(),
            start: crate::start_status::StartState::new(),
        }
    })
}
