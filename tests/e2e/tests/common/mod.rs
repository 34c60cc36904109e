//! Helpers shared by the fault tests (faults_*.rs) and workflow.rs: arming injections,
//! watching the page for panics, waiting for the timeline to finish or for any condition.
#![allow(dead_code)]

use obshell_sim::{Action, Injection};
use panel_e2e::{Harness, WAIT};
use std::time::{Duration, Instant};

pub const FAST: f64 = 50.0;

/// Console entries that mean the wasm died or panicked (a panic in wasm kills the panel).
pub async fn panics(h: &Harness) -> Vec<String> {
    h.console_errors()
        .await
        .into_iter()
        .filter(|e| {
            let l = e.to_ascii_lowercase();
            l.contains("panicked") || l.contains("runtimeerror") || l.contains("unreachable") || l.contains("uncaught")
        })
        .collect()
}

/// Fail the test if the panel panicked; then prove the page still answers script and
/// still reacts to a click (the theme selector's neighbour, the "Refresh now" link).
pub async fn assert_alive(h: &Harness) {
    let p = panics(h).await;
    assert!(p.is_empty(), "the panel panicked or threw: {p:#?}");
    let started = Instant::now();
    let v = h.browser.execute("return 1 + 1", vec![]).await.expect("the page runs script");
    assert_eq!(v, serde_json::json!(2));
    assert!(started.elapsed() < Duration::from_secs(10), "the page hung for {:?}", started.elapsed());
}

pub fn reply(method: &'static str, path: &str, times: u32, status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Injection {
    Injection {
        method,
        path: path.into(),
        times: Some(times),
        action: Action::Reply { status, content_type: content_type.into(), body: body.into().into() },
    }
}

pub fn inject(method: &'static str, path: &str, times: Option<u32>, action: Action) -> Injection {
    Injection { method, path: path.into(), times, action }
}

pub fn dag_path(id: &str) -> String {
    format!("/api/v1/task/dag/{id}")
}

/// Sign in, start a full backup, wait for the first successful poll; the DAG's id.
pub async fn start_and_follow(h: &Harness) -> String {
    h.open("/").await;
    h.sign_in().await;
    let id = h.start_backup().await;
    h.wait("[data-testid=dag-state] .obp-badge").await;
    id
}

/// A marker only this page load has: if it is gone, the page was reloaded.
pub async fn mark_page(h: &Harness) {
    h.browser.execute("window.__e2eMark = 'same-page'", vec![]).await.expect("mark");
}

pub async fn assert_same_page(h: &Harness) {
    let v = h.browser.execute("return window.__e2eMark || null", vec![]).await.expect("read mark");
    assert_eq!(v, serde_json::json!("same-page"), "the page was reloaded");
}

/// Wait until the timeline says the DAG succeeded and no error is shown any more.
pub async fn wait_succeeded_clean(h: &Harness) {
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.wait_gone("[data-testid=error-panel]").await;
}

/// Poll `f` until it is true or `WAIT` passes.
pub async fn eventually<F, Fut>(what: &str, h: &Harness, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + WAIT;
    while !f().await {
        assert!(Instant::now() < deadline, "never: {what}; page:\n{}", h.body_text().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Accepted backups the agent recorded.
pub fn accepted(h: &Harness) -> Vec<obshell_sim::RecordedBackup> {
    h.sim.recorded_backups().into_iter().filter(|b| b.accepted).collect()
}

/// `Harness::wait_text` with a longer deadline (big DAGs).
pub async fn wait_text_for(h: &Harness, css: &str, needle: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(el) = h.browser.find(fantoccini::Locator::Css(css)).await {
            let text = el.text().await.unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
        }
        assert!(Instant::now() < deadline, "{css} never contained {needle:?}; page:\n{}", h.body_text().await);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
