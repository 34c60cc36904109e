//! The host console around an embedded panel: events out, settings in.
//!
//! * Mounted by `mount(element, options)` (or the `<obshell-backup-panel>` element of
//!   `embed.js`): events are `CustomEvent`s dispatched on that element (`bubbles`,
//!   `composed`, so they leave a shadow root), with the facts in `detail`.
//! * In an iframe: events are posted to the parent window, once per origin listed in
//!   config.json's `hostOrigins` (a message to any other origin is dropped by the browser), and
//!   the parent may send `{type: "obp:set-language", value: "zh-CN"}` or
//!   `{type: "obp:set-theme", value: "dark"}`; messages from any other origin or window are
//!   ignored.
//!
//! Events carry ids and states only, never a secret.

use crate::i18n::Lang;
use crate::state::{Theme, UiState};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Something the host may want to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEvent {
    BackupStarted { dag_id: String },
    DagFinished { dag_id: String, state: String },
    SessionLost,
}

impl HostEvent {
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::BackupStarted { .. } => "obp:backup-started",
            HostEvent::DagFinished { .. } => "obp:dag-finished",
            HostEvent::SessionLost => "obp:session-lost",
        }
    }

    /// The facts, as a JS object.
    fn detail(&self) -> JsValue {
        let object = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
        };
        match self {
            HostEvent::BackupStarted { dag_id } => set("dagId", dag_id),
            HostEvent::DagFinished { dag_id, state } => {
                set("dagId", dag_id);
                set("state", state);
            }
            HostEvent::SessionLost => {}
        }
        object.into()
    }
}

/// Where events go. Cheap to clone; lives in the app context.
#[derive(Clone, Default)]
pub struct Host {
    element: Option<StoredValue<web_sys::HtmlElement, LocalStorage>>,
    origins: Arc<Vec<String>>,
}

impl Host {
    pub fn new(element: Option<web_sys::HtmlElement>, origins: Vec<String>) -> Host {
        Host { element: element.map(StoredValue::new_local), origins: Arc::new(origins) }
    }

    pub fn emit(&self, event: HostEvent) {
        if let Some(element) = self.element.and_then(|e| e.try_get_value()) {
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&event.detail());
            if let Ok(custom) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
                let _ = element.dispatch_event(&custom);
            }
        }
        if let Some(parent) = parent_window() {
            let message = event.detail();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &event.name().into());
            for origin in self.origins.iter() {
                let _ = parent.post_message(&message, origin);
            }
        }
    }
}

/// The embedding window, when the panel runs in an iframe.
fn parent_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// A settings message from the host, once its origin and sender are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostCommand {
    Language(Lang),
    Theme(Theme),
}

/// Read a message's `data`; anything not exactly a known command is `None`.
pub fn parse_command(kind: &str, value: &str) -> Option<HostCommand> {
    match kind {
        "obp:set-language" => Lang::parse(value).map(HostCommand::Language),
        "obp:set-theme" => Theme::parse(value).map(HostCommand::Theme),
        _ => None,
    }
}

/// Accept language and theme from the parent window, for the app's lifetime. Only when the
/// panel is framed and `origins` is not empty.
pub fn listen_to_parent(ui: UiState, origins: &[String]) {
    let (Some(window), Some(parent)) = (web_sys::window(), parent_window()) else { return };
    if origins.is_empty() {
        return;
    }
    let origins = origins.to_vec();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let from_parent = event.source().is_some_and(|s| js_sys::Object::is(&s, &parent));
        if !from_parent || !origins.iter().any(|o| *o == event.origin()) {
            return;
        }
        let data = event.data();
        let text = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok().and_then(|v| v.as_string());
        let (Some(kind), Some(value)) = (text("type"), text("value")) else { return };
        match parse_command(&kind, &value) {
            Some(HostCommand::Language(lang)) => ui.lang.set(lang),
            Some(HostCommand::Theme(theme)) => ui.theme.set(theme),
            None => {}
        }
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // The panel is the whole framed page: the listener lives as long as it does.
    on_message.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_commands_with_valid_values() {
        assert_eq!(parse_command("obp:set-language", "zh-CN"), Some(HostCommand::Language(Lang::Zh)));
        assert_eq!(parse_command("obp:set-theme", "dark"), Some(HostCommand::Theme(Theme::Dark)));
        assert_eq!(parse_command("obp:set-theme", "pink"), None);
        assert_eq!(parse_command("obp:start-backup", "full"), None, "the host cannot start anything");
        assert_eq!(HostEvent::BackupStarted { dag_id: "11".into() }.name(), "obp:backup-started");
    }
}
