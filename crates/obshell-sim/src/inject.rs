//! Deterministic fault injection ([`Sim::inject`]): one request (or a run of them) gets a
//! crafted answer, a delay, a lost answer, a reset or a truncated answer.
//!
//! The random `flaky` scenario shows that the panel survives faults on average; injections
//! let a test put one exact fault on one exact request (e.g. "the DAG poll after the start
//! gets an HTML 502 from a proxy") and assert what the panel does about it.

use crate::state::Sim;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Which requests an injection hits, how often, and what it does to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injection {
    /// `"GET"`, `"POST"`, `"PATCH"`, ... (case-insensitive), or `"*"` for any method.
    pub method: &'static str,
    /// The exact request path (no query), or a prefix when it ends with `*`
    /// (`/api/v1/task/*`). `/__sim/` hooks are never hit.
    pub path: String,
    /// How many matching requests it hits; `None` = until [`Sim::clear_injections`].
    pub times: Option<u32>,
    pub action: Action,
}

/// What an [`Injection`] does to a request it hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Answer this instead of the agent: no auth, no handler, no envelope, as a proxy in
    /// front of obshell (or a newer obshell) would answer.
    Reply { status: u16, content_type: String, body: Bytes },
    /// Wait this long, then handle the request normally.
    Delay(Duration),
    /// Handle the request (its effects happen), then close the connection without an answer:
    /// the ambiguous failure.
    Drop,
    /// Close the connection without running anything or answering.
    Reset,
    /// Handle the request, send the status line, the headers (with the full
    /// `Content-Length`) and only the first `keep_bytes` bytes of the body, then close the
    /// connection: an answer cut mid-way.
    Truncate { keep_bytes: usize },
}

/// The standard methods, so a method read from JSON becomes the `&'static str` an
/// [`Injection`] holds.
pub(crate) fn static_method(method: &str) -> Option<&'static str> {
    const METHODS: [&str; 8] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"];
    let upper = method.trim().to_ascii_uppercase();
    METHODS.into_iter().find(|m| *m == upper)
}

impl Injection {
    fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self.method == "*" || self.method.eq_ignore_ascii_case(method);
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.path,
        };
        method_ok && path_ok
    }
}

/// The armed injections, in the order they were added; the first match wins.
#[derive(Debug, Default)]
pub(crate) struct Injections(Mutex<Vec<Injection>>);

impl Injections {
    fn lock(&self) -> MutexGuard<'_, Vec<Injection>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn add(&self, injection: Injection) {
        // `times: Some(0)` would never fire; keeping it would only shadow later ones.
        if injection.times != Some(0) {
            self.lock().push(injection);
        }
    }

    fn clear(&self) {
        self.lock().clear();
    }

    /// The action for this request, if an injection hits it (one use of it is consumed).
    pub fn take(&self, method: &str, path: &str) -> Option<Action> {
        if path.starts_with("/__sim/") {
            return None;
        }
        let mut armed = self.lock();
        let i = armed.iter().position(|inj| inj.matches(method, path))?;
        let entry = armed.get_mut(i)?;
        let action = entry.action.clone();
        match &mut entry.times {
            Some(1) => {
                armed.remove(i);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(action)
    }
}

/// Marks a response whose body [`crate::serve_router`] cuts after this many bytes, then
/// closes the connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TruncateAt(pub usize);

/// The raw answer of [`Action::Reply`]: exactly what the test asked for.
pub(crate) fn reply(status: u16, content_type: &str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

impl Sim {
    /// Arm an injection. Injections only take effect over a real connection served by
    /// [`crate::serve`] / [`crate::serve_router`] for `Drop`, `Reset` and `Truncate` (an
    /// in-process `oneshot` has no connection to close); `Reply` and `Delay` work anywhere.
    pub fn inject(&self, injection: Injection) {
        self.injections().add(injection);
    }

    /// Disarm every injection.
    pub fn clear_injections(&self) {
        self.injections().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inj(method: &'static str, path: &str, times: Option<u32>) -> Injection {
        Injection { method, path: path.into(), times, action: Action::Reset }
    }

    #[test]
    fn first_match_wins_and_times_count_down() {
        let store = Injections::default();
        store.add(inj("GET", "/api/v1/task/*", Some(2)));
        store.add(Injection { action: Action::Drop, ..inj("*", "/api/v1/info", None) });
        store.add(inj("POST", "/api/v1/x", Some(0)));
        assert_eq!(store.take("POST", "/api/v1/task/dag/11"), None);
        assert_eq!(store.take("get", "/api/v1/task/dag/11"), Some(Action::Reset));
        assert_eq!(store.take("GET", "/api/v1/task/"), Some(Action::Reset));
        assert_eq!(store.take("GET", "/api/v1/task/dag/11"), None, "used up");
        assert_eq!(store.take("PATCH", "/api/v1/info"), Some(Action::Drop));
        assert_eq!(store.take("PATCH", "/api/v1/info"), Some(Action::Drop), "until cleared");
        assert_eq!(store.take("GET", "/api/v1/info/more"), None, "exact path");
        assert_eq!(store.take("POST", "/api/v1/x"), None, "times 0 never fires");
        store.add(inj("*", "*", None));
        assert_eq!(store.take("GET", "/__sim/scenario"), None, "hooks are never hit");
        store.clear();
        assert_eq!(store.take("GET", "/api/v1/info"), None);
    }

    #[test]
    fn methods() {
        assert_eq!(static_method("patch"), Some("PATCH"));
        assert_eq!(static_method("*"), Some("*"));
        assert_eq!(static_method("BREW"), None);
    }
}
