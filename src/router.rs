//! The panel's routes and the browser history behind them.
//!
//! Five routes, deep links, Back and Forward, links that work under any base path, and a page's
//! own state in the URL's query: that is all the panel needs from a router. leptos_router did it with about a tenth of the wasm
//! (measured: see the README's performance section), so this small one replaces it. Parsing is
//! pure and tested natively; the history part is a signal, `pushState` and `popstate`.

use crate::paths;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Where the user is, as the path after the base says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: start a backup.
    Backup,
    /// `/dag/:id`: one task followed live.
    Dag(String),
    Destination,
    Tenants,
    History,
    NotFound,
}

impl Route {
    /// The route of `path`, the part of the URL's path after the base (`/dag/11`). A trailing
    /// slash is ignored; anything else unknown is [`Route::NotFound`].
    pub fn parse(path: &str) -> Route {
        let path = path.trim_end_matches('/');
        match path {
            "" => Route::Backup,
            "/destination" => Route::Destination,
            "/tenants" => Route::Tenants,
            "/history" => Route::History,
            _ => match path.strip_prefix("/dag/") {
                Some(id) if !id.is_empty() && !id.contains('/') => Route::Dag(id.to_string()),
                _ => Route::NotFound,
            },
        }
    }

    /// The path after the base that leads here (the inverse of [`Route::parse`]).
    pub fn path(&self) -> String {
        match self {
            Route::Backup | Route::NotFound => "/".into(),
            Route::Dag(id) => format!("/dag/{id}"),
            Route::Destination => "/destination".into(),
            Route::Tenants => "/tenants".into(),
            Route::History => "/history".into(),
        }
    }
}

/// `/history?state=failed` as (`/history`, `?state=failed`).
fn split_query(to: &str) -> (&str, &str) {
    to.find('?').map_or((to, ""), |at| to.split_at(at))
}

/// The route of a full URL path (`/admin/backup/dag/11` under the base `/admin/backup`).
fn route_of_location_path(pathname: &str, base: &str) -> Route {
    match pathname.strip_prefix(base) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Route::parse(rest),
        _ => Route::NotFound,
    }
}

fn current_route() -> Route {
    let pathname = window().location().pathname().unwrap_or_default();
    route_of_location_path(&pathname, paths::base())
}

fn current_query() -> String {
    window().location().search().unwrap_or_default()
}

/// The current route and its URL query (a page's own state, such as the history's filters),
/// shared by the app.
#[derive(Clone, Copy)]
pub struct Router {
    route: RwSignal<Route>,
    query: RwSignal<String>,
}

impl Router {
    /// A router following the browser's history: Back and Forward change the route. The
    /// listener goes with the owner (an embedded panel that unmounts leaves nothing behind).
    pub fn follow_history() -> Router {
        let router = Router::detached();
        let listener = window_event_listener(leptos::ev::popstate, move |_| {
            router.route.set(current_route());
            router.query.set(current_query());
        });
        on_cleanup(move || listener.remove());
        router
    }

    /// The route of the page as it is, without following later history changes (a component
    /// mounted on its own, in tests).
    pub fn detached() -> Router {
        Router { route: RwSignal::new(current_route()), query: RwSignal::new(current_query()) }
    }

    pub fn route(&self) -> Route {
        self.route.get()
    }

    pub fn is(&self, route: &Route) -> bool {
        self.route.with(|r| r == route)
    }

    /// The current URL's query (`?state=failed`), `""` if none. Tracked: Back, Forward and
    /// [`Router::go`] change it.
    pub fn query(&self) -> String {
        self.query.get()
    }

    /// Set the current URL's query (`""` removes it) without a new history entry: Back still
    /// leaves the page rather than stepping through its filters. The entry's state is kept (a
    /// host console's router may keep its own there).
    pub fn replace_query(&self, query: &str) {
        if self.query.with_untracked(|q| q == query) {
            return;
        }
        let url = format!("{}{query}", paths::href(&self.route.with_untracked(Route::path)));
        if let Ok(history) = window().history() {
            let state = history.state().unwrap_or(JsValue::NULL);
            let _ = history.replace_state_with_url(&state, "", Some(&url));
        }
        self.query.set(query.to_string());
    }

    /// Go to `to` (a path after the base, `/dag/11`, with a query if any): a new history
    /// entry, the top of the page.
    pub fn go(&self, to: &str) {
        let (path, query) = split_query(to);
        let route = Route::parse(path);
        let url = format!("{}{query}", paths::href(&route.path()));
        let _ = window().history().and_then(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&url)));
        window().scroll_to_with_x_and_y(0.0, 0.0);
        self.route.set(route);
        self.query.set(query.to_string());
    }
}

/// A link to one of the panel's routes (`to` is a path after the base, `/history`). A plain
/// click stays in the app; a modified one (new tab, new window) is the browser's. The current
/// page's link says so (`aria-current`).
#[component]
pub fn Link(#[prop(into)] to: String, children: Children) -> impl IntoView {
    let router = crate::state::use_ctx().router;
    let route = Route::parse(split_query(&to).0);
    let current = {
        let route = route.clone();
        move || router.is(&route).then_some("page")
    };
    let target = to.clone();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let modified = ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key();
        if ev.default_prevented() || ev.button() != 0 || modified {
            return;
        }
        ev.prevent_default();
        router.go(&target);
    };
    view! { <a href=paths::href(&to) aria-current=current on:click=on_click>{children()}</a> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_parses_back_from_its_path() {
        for route in [Route::Backup, Route::Dag("11".into()), Route::Destination, Route::Tenants, Route::History] {
            assert_eq!(Route::parse(&route.path()), route);
        }
    }

    #[test]
    fn paths_are_read_strictly() {
        assert_eq!(Route::parse(""), Route::Backup);
        assert_eq!(Route::parse("/history/"), Route::History);
        assert_eq!(Route::parse("/dag/1112"), Route::Dag("1112".into()));
        assert_eq!(Route::parse("/dag/"), Route::NotFound);
        assert_eq!(Route::parse("/dag/1/2"), Route::NotFound);
        assert_eq!(Route::parse("/tenant"), Route::NotFound);
        assert_eq!(Route::parse("/Tenants"), Route::NotFound);
    }

    #[test]
    fn a_query_is_split_off_the_path() {
        assert_eq!(split_query("/history?state=failed"), ("/history", "?state=failed"));
        assert_eq!(split_query("/history"), ("/history", ""));
        assert_eq!(Route::parse(split_query("/history?x=1").0), Route::History);
    }

    #[test]
    fn the_base_is_taken_off_the_location() {
        assert_eq!(route_of_location_path("/", ""), Route::Backup);
        assert_eq!(route_of_location_path("/admin/backup/", "/admin/backup"), Route::Backup);
        assert_eq!(route_of_location_path("/admin/backup", "/admin/backup"), Route::Backup);
        assert_eq!(route_of_location_path("/admin/backup/dag/7", "/admin/backup"), Route::Dag("7".into()));
        // Not under the base at all, or a longer name that only starts like it.
        assert_eq!(route_of_location_path("/other/dag/7", "/admin/backup"), Route::NotFound);
        assert_eq!(route_of_location_path("/admin/backupx", "/admin/backup"), Route::NotFound);
    }
}
