//! Where the panel lives. The page's `<base href>` says it (`/` by default, `/admin/backup/`
//! when hosted there; see the README), so one build serves any sub-path. Every link and every
//! history entry is built with [`href`] (see `router.rs`).

use std::sync::OnceLock;

static BASE: OnceLock<String> = OnceLock::new();

/// Set the base path before the panel renders (a host console's `basePath`). Later calls
/// change nothing: one panel, one place.
pub fn init(path: &str) {
    let _ = BASE.set(path.trim_end_matches('/').to_string());
}

/// The base path without its trailing slash: `""` at the origin's root.
pub fn base() -> &'static str {
    BASE.get_or_init(|| {
        let from_page = || -> Option<String> {
            let uri = web_sys::window()?.document()?.base_uri().ok()??;
            Some(web_sys::Url::new(&uri).ok()?.pathname())
        };
        from_page().map(|p| p.trim_end_matches('/').to_string()).unwrap_or_default()
    })
}

/// A link to one of the panel's routes (`route` starts with `/`).
pub fn href(route: &str) -> String {
    format!("{}{route}", base())
}
