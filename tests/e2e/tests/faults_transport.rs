//! Transport faults while the DAG page polls: the agent down (connection refused), an answer
//! cut mid-body, answers slower than the client's deadline; the agent restarting with a new
//! RSA key; the session expiring; the browser's clock 10 minutes off the agent's.

mod common;

use common::*;
use obshell_sim::Action;
use panel_e2e::{dist_with_config, sim, Front, Harness};
use std::time::{Duration, Instant};

/// A full backup DAG in about 17 s: it is still running while the faults hit.
const LIVE: f64 = 6.0;

/// The "Reconnecting in N s" numbers seen while `css` is sampled for `for_how_long`.
async fn reconnect_waits(h: &Harness, for_how_long: Duration) -> Vec<u32> {
    let end = Instant::now() + for_how_long;
    let mut seen = Vec::new();
    while Instant::now() < end {
        let text = h.text("[data-testid=poll-status]").await;
        if let Some(rest) = text.split("Reconnecting in ").nth(1) {
            if let Some(n) = rest.split(' ').next().and_then(|n| n.parse().ok()) {
                seen.push(n);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    seen
}

#[tokio::test]
async fn the_agent_down_for_seconds_reconnects_with_backoff_without_a_reload() {
    let h = Harness::start(sim("healthy", LIVE)).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;
    h.sim.blackout(Duration::from_secs(6));
    h.click("[data-testid=refresh]").await;
    h.wait_text("[data-testid=poll-status]", "Reconnecting in").await;
    let message = h.text("[data-testid=error-message]").await;
    assert!(message.contains("could not be reached"), "{message:?}");
    assert!(h.text("[data-testid=error-hint]").await.contains("Check that the agent"));
    // It backs off: the waits grow past the first second while the agent stays down.
    let waits = reconnect_waits(&h, Duration::from_secs(4)).await;
    assert!(waits.iter().any(|&n| n >= 2), "no back-off seen: {waits:?}");
    assert_alive(&h).await;
    // Back up: the panel resumes by itself.
    wait_succeeded_clean(&h).await;
    assert_same_page(&h).await;
    assert!(h.url().await.ends_with(&format!("/dag/{id}")));
    assert_eq!(h.sim.recorded_backups().len(), 1, "nothing was started twice");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn an_answer_cut_mid_body_reconnects_and_resumes() {
    let h = Harness::start(sim("healthy", LIVE)).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;
    h.sim.inject(inject("GET", &dag_path(&id), Some(3), Action::Truncate { keep_bytes: 40 }));
    h.click("[data-testid=refresh]").await;
    h.wait_text("[data-testid=poll-status]", "Reconnecting in").await;
    h.wait("[data-testid=error-panel]").await;
    assert!(h.text("[data-testid=error-hint]").await.len() > 10, "a next step is given");
    assert_alive(&h).await;
    wait_succeeded_clean(&h).await;
    assert_same_page(&h).await;
    assert_eq!(h.sim.recorded_backups().len(), 1, "nothing was started twice");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn answers_slower_than_the_deadline_time_out_then_resume() {
    let dist = dist_with_config(r#"{"requestTimeoutMs": 1000}"#);
    let h = Harness::start_with(sim("healthy", LIVE), Front::SimStatic { dir: dist.0.clone() }).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;
    h.sim.inject(inject("GET", &dag_path(&id), Some(2), Action::Delay(Duration::from_secs(3))));
    let t = Instant::now();
    h.click("[data-testid=refresh]").await;
    let message = h.wait_text("[data-testid=error-message]", "No answer within").await;
    let seen_after = t.elapsed();
    assert!(message.contains("No answer within 1s"), "the configured deadline is the one applied: {message:?}");
    assert!(seen_after < Duration::from_millis(2_900), "the panel gave up at its 1 s deadline, not when the agent answered: {seen_after:?}");
    h.wait_text("[data-testid=poll-status]", "Reconnecting in").await;
    assert!(h.text("[data-testid=error-hint]").await.contains("Check that the agent"));
    assert_alive(&h).await;
    wait_succeeded_clean(&h).await;
    assert_same_page(&h).await;
    assert_eq!(h.sim.recorded_backups().len(), 1, "nothing was started twice");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_new_agent_key_mid_poll_is_handled_silently() {
    let h = Harness::start(sim("healthy", LIVE)).await;
    start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;
    let before = h.sim.api_requests();
    h.sim.rotate_key().expect("rotate key");
    // No click: the regular polls hit the new key. For three poll intervals nothing may show.
    let end = Instant::now() + Duration::from_secs(6);
    while Instant::now() < end {
        assert_eq!(h.count("[data-testid=error-panel]").await, 0, "a key change is handled silently: {}", h.body_text().await);
        assert_eq!(h.count("[data-testid=sign-in]").await, 0, "no sign-in prompt for a key change");
        assert!(!h.text("[data-testid=poll-status]").await.contains("Reconnecting"), "no reconnecting for a key change");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(h.sim.api_requests() > before + 2, "the polls went on");
    wait_succeeded_clean(&h).await;
    assert_same_page(&h).await;
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn an_expired_session_mid_poll_signs_in_over_the_page_then_the_timeline_continues() {
    let h = Harness::start(sim("healthy", 4.0)).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;
    h.sim.expire_sessions();
    h.wait("[data-testid=session-expired]").await;
    assert_eq!(h.count("[data-testid=dag-page]").await, 1, "the DAG view stays under the dialog");
    assert_eq!(h.count("[data-testid=timeline]").await, 1, "the timeline stays under the dialog");
    assert_eq!(h.count("[data-testid=error-panel]").await, 0, "the dialog explains it; no extra error");
    h.sign_in().await;
    assert!(h.url().await.ends_with(&format!("/dag/{id}")));
    h.wait_text("[data-testid=poll-status]", "Live").await;
    // About 25 s of DAG at this speed, plus the time spent signing in.
    wait_text_for(&h, "[data-testid=summary]", "Succeeded in", Duration::from_secs(60)).await;
    wait_succeeded_clean(&h).await;
    assert_same_page(&h).await;
    assert_eq!(h.sim.recorded_backups().len(), 1);
    assert_alive(&h).await;
    h.close().await;
}

/// The agent's clock `minutes` ahead of the browser's (negative: behind).
async fn skewed_backup(minutes: i64) {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.sim.set_clock_skew(chrono::Duration::minutes(minutes));
    h.open("/").await;
    h.sign_in().await;
    let warning = h.text("[data-testid=clock-skew]").await;
    // Measured over a round trip: 10 minutes give or take a second.
    assert!(warning.contains("10m 0") || warning.contains("9m 59s"), "the skew is stated: {warning:?}");
    h.start_backup().await;
    wait_succeeded_clean(&h).await;
    // Durations and bars come from the agent's own times: a 2 s DAG never reads as 10 minutes.
    let elapsed = h.text("[data-testid=dag-elapsed]").await;
    assert!(!elapsed.contains('m') && !elapsed.contains('h'), "elapsed {elapsed:?} with a 10 min skew");
    let summary = h.text("[data-testid=summary]").await;
    assert!(!summary.contains("10m") && !summary.contains("9m"), "{summary:?}");
    for d in h.browser.find_all(fantoccini::Locator::Css("[data-testid=stage-duration]")).await.expect("durations") {
        let d = d.text().await.unwrap_or_default();
        assert!(!d.contains('m'), "stage duration {d:?}");
    }
    assert_eq!(accepted(&h).len(), 1);
    assert!(h.count("[data-testid=clock-skew]").await == 1, "the warning stays while signed in");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn browser_clock_10_minutes_behind_the_agent() {
    skewed_backup(10).await;
}

#[tokio::test]
async fn browser_clock_10_minutes_ahead_of_the_agent() {
    skewed_backup(-10).await;
}

/// Leave the page, let the delayed answer arrive, and check the panel still works.
async fn leave_then_check_alive(h: &Harness) {
    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-table]").await;
    // The delayed answer arrives after the page that asked is gone.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_alive(h).await;
    h.click("[data-testid=nav-backup]").await;
    h.wait("[data-testid=backup-form]").await;
    assert_same_page(h).await;
}

#[tokio::test]
async fn leaving_the_dag_page_while_obshell_answers_keeps_the_panel_alive() {
    // Realistic speed: the DAG runs for the whole test.
    let h = Harness::start(sim("healthy", 1.0)).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;

    // A DAG poll in flight when the page goes.
    h.sim.inject(inject("GET", &dag_path(&id), Some(1), Action::Delay(Duration::from_secs(2))));
    h.click("[data-testid=refresh]").await;
    leave_then_check_alive(&h).await;

    // A DAG action (Cancel) in flight when the page goes.
    h.open(&format!("/dag/{id}")).await;
    h.sign_in().await;
    mark_page(&h).await;
    h.wait("[data-testid=action-cancel]").await;
    h.sim.inject(inject("POST", &dag_path(&id), Some(1), Action::Delay(Duration::from_secs(2))));
    h.click("[data-testid=action-cancel]").await;
    h.click("[data-testid=confirm]").await;
    leave_then_check_alive(&h).await;
    h.close().await;
}
