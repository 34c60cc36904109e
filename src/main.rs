use leptos::prelude::*;
use obshell_panel::app::initial_ui;
use obshell_panel::config::{self, RuntimeConfig};
use obshell_panel::state::{Theme, UiState};
use obshell_panel::{i18n::Lang, App};
use wasm_bindgen::prelude::*;

fn main() {
    // A panic is a bug (outside data never panics by design); if one happens, say where in
    // the console instead of a bare "unreachable".
    console_error_panic_hook::set_once();
    // The panel's own index.html loads it through boot.js: take the whole page. Anywhere else a
    // host console loaded it to call `mount` itself.
    if !standalone() {
        return;
    }
    // Leptos sets up its executor when mounting; the config fetch runs before that.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::load().await;
        obshell_panel::perf::enable(config.perf_marks);
        leptos::mount::mount_to_body(move || view! { <App config=config /> });
    });
}

fn standalone() -> bool {
    let document = web_sys::window().and_then(|w| w.document());
    document.is_some_and(|d| d.query_selector("script[data-obp-wasm]").ok().flatten().is_some())
}

/// A panel a host console mounted; keep it to change language and theme, drop or `unmount` it
/// to take the panel down.
#[wasm_bindgen]
pub struct PanelHandle {
    ui: UiState,
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl PanelHandle {
    /// `en-US` or `zh-CN`; false for anything else.
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, tag: &str) -> bool {
        Lang::parse(tag).map(|lang| self.ui.lang.set(lang)).is_some()
    }

    /// `system`, `light` or `dark`; false for anything else.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, name: &str) -> bool {
        Theme::parse(name).map(|theme| self.ui.theme.set(theme)).is_some()
    }

    pub fn unmount(&mut self) {
        self.mounted = None;
    }
}

/// Mount the panel inside `element` of a host console. `options`: config.json's keys
/// (`apiBase`, `pollIntervalMs`, `requestTimeoutMs`, `language`, `hostOrigins`) plus
/// `sessionId` (a session the host opened, so no sign-in), `theme` and `basePath` (where the
/// panel's routes live in the host's URLs). A problem with them is shown on the panel, never
/// thrown.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> PanelHandle {
    let text = js_sys::JSON::stringify(&options).ok().and_then(|s| s.as_string()).filter(|s| s != "undefined");
    let config = RuntimeConfig::from_mount_options(text.as_deref().unwrap_or("{}"));
    obshell_panel::perf::enable(config.perf_marks);
    // The panel's routes extend the host page's own URL unless the host says where they live:
    // the page the host mounted it on is the panel's home.
    let page = || web_sys::window()?.location().pathname().ok();
    obshell_panel::paths::init(&config.base_path.clone().or_else(page).unwrap_or_default());
    let ui = initial_ui(&config);
    let host_element = element.clone();
    let mounted = leptos::mount::mount_to(element, move || view! { <App config=config ui=ui host_element=host_element /> });
    PanelHandle { ui, mounted: Some(Box::new(mounted)) }
}
