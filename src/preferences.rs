//! Non-secret preferences remembered in localStorage: language and theme. Nothing else is
//! ever stored (no password, no session id).

use crate::i18n::Lang;
use crate::state::Theme;

const LANG_KEY: &str = "obshell-panel.lang";
const THEME_KEY: &str = "obshell-panel.theme";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn language() -> Option<Lang> {
    get(LANG_KEY).as_deref().and_then(Lang::parse)
}

pub fn set_language(lang: Lang) {
    set(LANG_KEY, lang.tag());
}

pub fn browser_language() -> Option<Lang> {
    web_sys::window()?.navigator().language().as_deref().and_then(Lang::parse)
}

/// `<html lang>` follows the choice, so screen readers pronounce the text correctly.
pub fn set_document_language(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

pub fn theme() -> Theme {
    get(THEME_KEY).as_deref().and_then(Theme::parse).unwrap_or(Theme::System)
}

pub fn set_theme(theme: Theme) {
    set(THEME_KEY, theme.as_str());
}
