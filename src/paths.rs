//! Where the panel lives. The page's `<base href>` says it (`/` by default, `/admin/backup/`
//! when hosted there; see the README), so one build serves any sub-path.
//!
//! Two rules follow from how leptos_router treats paths: `navigate("/dag/1")` adds the base
//! itself, but an `<A href>` that starts with `/` is used as written, so every link is built
//! with [`href`].

use std::sync::OnceLock;

/// The base path without its trailing slash: `""` at the origin's root.
pub fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
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
