//! Starting a backup the hard way: double clicks, Enter held down, two tabs at once, a reload
//! while the start is in flight, an answer slower than the deadline; a 1,024-character
//! encryption password with quotes, backslashes and non-ASCII; the whole thing in Chinese.
//! The agent's record (`recorded_backups`) says how many backups each sequence started.

mod common;

use common::*;
use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use obshell_sim::Action;
use panel_e2e::{sim, Harness, WAIT};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const CONFIRM: &str = "dialog[open] [data-testid=confirm]";
const ENTER: char = '\u{E007}';
const RUNNING_WARNING: &str = "Another backup task is running";

/// A real pointer double click (two presses 50 ms apart) on `css`.
async fn double_click(h: &Harness, css: &str) {
    let element = h.wait(css).await;
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element, duration: None, x: 0.0, y: 0.0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Pause { duration: Duration::from_millis(50) })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    let _ = h.browser.perform_actions(mouse).await;
    let _ = h.browser.release_actions().await;
}

/// Let any second request the page might send arrive at the agent.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(1_500)).await;
}

#[tokio::test]
async fn double_clicks_on_start_and_on_confirm_start_one_backup_each_time() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    // A real double click on Start opens one confirmation, a real double click on Confirm
    // starts one backup (the second press lands on the page behind the closing dialog).
    double_click(&h, "[data-testid=start-backup]").await;
    h.wait(CONFIRM).await;
    assert!(accepted(&h).is_empty(), "Start alone never starts anything");
    double_click(&h, CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    settle().await;
    assert_eq!(accepted(&h).len(), 1, "one double click, one backup");
    let first = h.dag_id_from_url().await;
    assert_eq!(accepted(&h)[0].dag_id.as_deref(), Some(first.as_str()), "the page shows the DAG that was created");

    // Harsher than any mouse: two clicks on Confirm in the same task, before anything renders.
    h.click("[data-testid=nav-backup]").await;
    h.click("[data-testid=start-backup]").await;
    h.wait(CONFIRM).await;
    h.browser
        .execute("const b = document.querySelector('[data-testid=confirm]'); b.click(); b.click(); b.click();", vec![])
        .await
        .expect("triple click");
    eventually("the second DAG page", &h, || async { h.url().await.contains("/dag/") && !h.url().await.ends_with(&first) }).await;
    settle().await;
    assert_eq!(accepted(&h).len(), 2, "three synchronous clicks, one more backup");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn enter_held_down_on_confirm_starts_one_backup() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.click("[data-testid=start-backup]").await;
    h.wait(CONFIRM).await;
    h.browser.execute("document.querySelector('[data-testid=confirm]').focus()", vec![]).await.expect("focus");
    // Held down: repeated keydowns without a keyup, then a burst of presses.
    let mut keys = KeyActions::new("keyboard".into());
    for _ in 0..25 {
        keys = keys.then(KeyAction::Down { value: ENTER });
    }
    keys = keys.then(KeyAction::Up { value: ENTER });
    for _ in 0..25 {
        keys = keys.then(KeyAction::Down { value: ENTER }).then(KeyAction::Up { value: ENTER });
    }
    let _ = h.browser.perform_actions(keys).await;
    let _ = h.browser.release_actions().await;
    h.wait("[data-testid=dag-page]").await;
    settle().await;
    let started = accepted(&h);
    assert_eq!(started.len(), 1, "Enter held down: {} backups started", started.len());
    assert_eq!(started[0].dag_id.as_deref(), Some(h.dag_id_from_url().await.as_str()));
    assert_alive(&h).await;
    h.close().await;
}

/// Sign in, and open the confirmation in the current window.
async fn ready_to_confirm(h: &Harness) {
    h.open("/").await;
    h.sign_in().await;
    h.wait("[data-testid=backup-form]").await;
    h.click("[data-testid=start-backup]").await;
    h.wait(CONFIRM).await;
}

/// What a tab ended on: the DAG ids it shows (its URL or a list of links), once it settled.
async fn outcome(h: &Harness) -> BTreeSet<String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let url = h.url().await;
        if let Some((_, id)) = url.rsplit_once("/dag/") {
            return [id.to_string()].into();
        }
        if h.count("[data-testid=duplicate-starts]").await == 1 {
            let mut ids = BTreeSet::new();
            for a in h.browser.find_all(Locator::Css("[data-testid=duplicate-starts] a")).await.expect("links") {
                let href = a.attr("href").await.ok().flatten().unwrap_or_default();
                ids.insert(href.rsplit_once("/dag/").map(|(_, id)| id.to_string()).unwrap_or(href));
            }
            return ids;
        }
        if h.count("[data-testid=start-status] [data-testid=error-panel]").await == 1 {
            // Refused: it must say why, and point at what runs.
            return BTreeSet::new();
        }
        assert!(Instant::now() < deadline, "the tab never settled; it says:\n{}", h.body_text().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_tabs_confirming_at_the_same_moment_each_end_on_what_exists() {
    let h = Harness::start(sim("healthy", 5.0)).await;
    let first = h.browser.window().await.expect("window");
    ready_to_confirm(&h).await;
    let second = h.browser.new_window(true).await.expect("new tab").handle;
    h.browser.switch_to_window(second.clone()).await.expect("switch");
    ready_to_confirm(&h).await;
    // Both starts in flight together: the agent holds each for 1.5 s.
    h.sim.inject(inject("POST", "/api/v1/obcluster/backup", Some(2), Action::Delay(Duration::from_millis(1_500))));
    h.click(CONFIRM).await;
    h.browser.switch_to_window(first.clone()).await.expect("switch");
    h.click(CONFIRM).await;
    let seen_first = outcome(&h).await;
    h.browser.switch_to_window(second.clone()).await.expect("switch");
    let seen_second = outcome(&h).await;
    settle().await;
    let started: BTreeSet<String> = accepted(&h).into_iter().filter_map(|b| b.dag_id).collect();
    assert!(!started.is_empty() && started.len() <= 2, "one click sequence per tab, at most one backup each: {started:?}");
    for id in seen_first.iter().chain(&seen_second) {
        assert!(h.sim.dag(id).is_some(), "a tab shows DAG {id}, which does not exist");
    }
    let shown: BTreeSet<String> = seen_first.union(&seen_second).cloned().collect();
    assert!(started.is_subset(&shown), "every backup that started is in front of the user: started {started:?}, shown {shown:?}");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_backup_started_in_another_tab_is_announced_before_starting_another() {
    let h = Harness::start(sim("healthy", 2.0)).await;
    let first = h.browser.window().await.expect("window");
    h.open("/").await;
    h.sign_in().await;
    h.wait("[data-testid=backup-form]").await;
    // Tab 2 starts a backup while tab 1 sits on the form.
    let second = h.browser.new_window(true).await.expect("new tab").handle;
    h.browser.switch_to_window(second).await.expect("switch");
    h.open("/").await;
    h.sign_in().await;
    let running = h.start_backup().await;
    // Back in tab 1, the user presses Start: the confirmation must say a backup is running.
    h.browser.switch_to_window(first).await.expect("switch");
    h.click("[data-testid=start-backup]").await;
    h.wait(CONFIRM).await;
    let dialog = h.text("dialog[open]").await;
    let notice = h.count("[data-testid=running-notice]").await;
    assert!(
        dialog.contains(RUNNING_WARNING),
        "tab 1's confirmation does not warn that backup {running} (started in tab 2) is running; running-notice on the form: {notice}; dialog: {dialog:?}"
    );
    assert_eq!(accepted(&h).len(), 1);
    h.close().await;
}

#[tokio::test]
async fn a_reload_while_the_start_is_in_flight_ends_on_the_backup_that_exists() {
    let h = Harness::start(sim("healthy", 2.0)).await;
    h.open("/").await;
    h.sign_in().await;
    h.sim.inject(inject("POST", "/api/v1/obcluster/backup", Some(1), Action::Delay(Duration::from_secs(2))));
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.browser.refresh().await.expect("reload");
    // Let the agent finish with the request the page left behind.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let started = accepted(&h);
    eprintln!("reload during start: the agent recorded {} request(s), {} accepted", h.sim.recorded_backups().len(), started.len());
    assert!(started.len() <= 1, "a reload never starts a second backup: {}", started.len());
    h.sign_in().await;
    if let Some(id) = started.first().and_then(|b| b.dag_id.clone()) {
        // It did start: the form says so, with a link to it.
        let notice = h.wait_text("[data-testid=running-notice]", "Backup tasks running now").await;
        assert!(notice.contains("Obcluster start full backup"), "{notice}");
        h.click("[data-testid=running-notice] a").await;
        h.wait("[data-testid=dag-page]").await;
        assert_eq!(h.dag_id_from_url().await, id);
        h.wait_text("[data-testid=poll-status]", "Live").await;
    } else {
        h.wait("[data-testid=backup-form]").await;
        assert_eq!(h.count("[data-testid=running-notice]").await, 0);
    }
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_reload_after_obshell_created_the_backup_but_before_the_panel_knew_shows_it() {
    let h = Harness::start(sim("healthy", 2.0)).await;
    h.open("/").await;
    h.sign_in().await;
    h.wait("[data-testid=backup-form]").await;
    // The panel's check before sending and its check after a lost answer are slow (1.5 s
    // each); the start itself is handled and its answer lost (twice: Chromium re-sends a
    // POST whose reused connection dropped). The reload comes while the panel is checking.
    h.sim.inject(inject("GET", "/api/v1/task/dags/ob", Some(2), Action::Delay(Duration::from_millis(1_500))));
    h.sim.drop_next_response("POST /api/v1/obcluster/backup");
    h.sim.drop_next_response("POST /api/v1/obcluster/backup");
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    eventually("the agent created the backup", &h, || async { !accepted(&h).is_empty() }).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.browser.refresh().await.expect("reload");
    h.sign_in().await;
    settle().await;
    let started: BTreeSet<String> = accepted(&h).into_iter().filter_map(|b| b.dag_id).collect();
    let notice = h.wait_text("[data-testid=running-notice]", "Backup tasks running now").await;
    let mut linked = BTreeSet::new();
    for a in h.browser.find_all(Locator::Css("[data-testid=running-notice] a")).await.expect("links") {
        let href = a.attr("href").await.ok().flatten().unwrap_or_default();
        linked.insert(href.rsplit_once("/dag/").map(|(_, id)| id.to_string()).unwrap_or(href));
    }
    assert!(
        started.is_subset(&linked),
        "after the reload the form must point at every backup that runs: running {started:?}, linked {linked:?}; notice: {notice:?}"
    );
    // The panel sent one request; Chromium re-sends it once per answer dropped on a reused
    // connection (two here), and nothing beyond that may happen.
    assert!((1..=3).contains(&started.len()), "{started:?}");
    h.close().await;
}

#[tokio::test]
async fn a_start_whose_answer_is_cut_mid_body_ends_on_the_dag_it_created() {
    // obshell creates the DAG and starts answering, then the connection dies mid-body (a
    // proxy restart, say). The browser cannot re-send it (the answer had begun): exactly one
    // backup exists, and the panel must find it by asking obshell, not offer to start again.
    // (An answer *slower* than the deadline cannot be staged with the sim: when the panel
    // aborts the fetch, hyper cancels the delayed handler, so nothing starts; obshell, in Go,
    // would still start it.)
    let h = Harness::start(sim("healthy", 2.0)).await;
    h.open("/").await;
    h.sign_in().await;
    h.sim.inject(inject("POST", "/api/v1/obcluster/backup", Some(1), Action::Truncate { keep_bytes: 30 }));
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    settle().await;
    let started = accepted(&h);
    assert_eq!(started.len(), 1, "one start, one backup");
    assert_eq!(h.dag_id_from_url().await, started[0].dag_id.clone().expect("dag id"), "the panel shows the DAG that was created");
    h.wait_text("[data-testid=poll-status]", "Live").await;
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_1024_character_password_with_quotes_backslashes_and_non_ascii_arrives_byte_exact() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    let pattern: Vec<char> = "p\"a\\ss'密码✓é `{}\\\"\\n%&<>".chars().collect();
    let secret: String = pattern.iter().cycle().take(1_024).collect();
    assert_eq!(secret.chars().count(), 1_024);
    h.fill("[data-testid=encryption]", &secret).await;
    h.fill("[data-testid=encryption-confirm]", &secret).await;
    assert_eq!(h.count("[data-testid=form-problem]:not(:empty)").await, 0, "{}", h.body_text().await);
    h.click("[data-testid=start-backup]").await;
    let summary = h.text("[data-testid=confirm-summary]").await;
    assert!(summary.contains("Encrypted: yes"), "{summary}");
    h.click(CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    let recorded = h.sim.recorded_backups();
    assert_eq!(recorded.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&recorded[0].body).expect("the body the agent decrypted is JSON");
    let sent = body["encryption"].as_str().expect("encryption sent as a string");
    assert_eq!(sent.chars().count(), 1_024, "length");
    assert_eq!(sent, secret, "byte for byte");
    assert_eq!(h.sim.started_backups()[0].encryption.as_deref(), Some(secret.as_str()));
    // The secret is gone from the page once sent.
    assert!(!h.body_text().await.contains("密码✓é"));
    h.click("[data-testid=nav-backup]").await;
    assert_eq!(h.prop("[data-testid=encryption]", "value").await, "");
    h.close().await;
}

#[tokio::test]
async fn in_chinese_end_to_end_with_obshells_own_chinese_error() {
    let h = Harness::start(sim("no-backup-config", FAST)).await;
    h.open("/").await;
    h.wait("[data-testid=sign-in]").await;
    h.browser
        .find(Locator::Css("[data-testid=language]"))
        .await
        .expect("language")
        .select_by_value("zh-CN")
        .await
        .expect("choose zh-CN");
    h.wait_text("label[for=obp-root-password]", "Root 密码").await;
    assert!(h.text("[data-testid=sign-in-submit]").await.contains("登录"));
    h.sign_in().await;
    assert_eq!(h.text("[data-testid=start-backup]").await, "开始备份");
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.wait("[data-testid=start-status] [data-testid=error-panel]").await;
    assert_eq!(h.text("[data-testid=error-code]").await, "OB.Backup.ArchiveDestEmpty");
    // obshell's own message, in obshell's Chinese (the agent localises on Accept-Language).
    assert_eq!(h.text("[data-testid=error-message]").await, "租户：t1(1002) 的归档目标路径为空");
    assert!(h.text("[data-testid=error-hint]").await.contains("尚未配置备份目的地"));
    assert!(h.text("[data-testid=error-panel]").await.contains("请求失败"));
    assert!(h.text("[data-testid=configure-destination]").await.contains("配置备份目的地"));
    assert!(h.sim.started_backups().is_empty());
    // Remembered across a reload.
    h.browser.refresh().await.expect("reload");
    h.wait_text("label[for=obp-root-password]", "Root 密码").await;
    assert_eq!(h.prop("[data-testid=language]", "value").await, "zh-CN");
    h.sign_in().await;
    assert_eq!(h.text("[data-testid=start-backup]").await, "开始备份");
    assert_alive(&h).await;
    h.close().await;
}

/// Confirm a start whose answer takes `delay`, then go to History at once.
async fn start_then_leave(h: &Harness, delay: Duration) {
    h.sim.inject(inject("POST", "/api/v1/obcluster/backup", Some(1), Action::Delay(delay)));
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-page]").await;
}

#[tokio::test]
async fn a_backup_started_while_the_user_went_elsewhere_is_announced_there() {
    let h = Harness::start(sim("healthy", 2.0)).await;
    h.open("/").await;
    h.sign_in().await;
    start_then_leave(&h, Duration::from_secs(4)).await;
    // Back on the form while the start is in flight: it is locked, so nothing can go twice.
    h.click("[data-testid=nav-backup]").await;
    h.wait_attr("[data-testid=start-backup]", "aria-busy", "true").await;
    assert_eq!(h.prop("[data-testid=start-backup]", "disabled").await, "true");
    h.click("[data-testid=nav-history]").await;

    // The answer arrives on History: the user stays there and is told, with the way to it.
    let outcome = h.wait("[data-testid=start-outcome][data-outcome=started]").await;
    assert!(h.url().await.ends_with("/history"), "not taken away: {}", h.url().await);
    let started = accepted(&h);
    assert_eq!(started.len(), 1);
    let id = started[0].dag_id.clone().expect("a DAG was created");
    let text = outcome.text().await.unwrap_or_default();
    assert!(text.contains(&format!("task {id}")), "{text}");
    h.click("[data-testid=start-outcome] a").await;
    h.wait("[data-testid=dag-page]").await;
    assert_eq!(h.dag_id_from_url().await, id);
    h.wait_gone("[data-testid=start-outcome]").await;
    // Seen once, it does not come back.
    h.click("[data-testid=nav-tenants]").await;
    h.wait("[data-testid=tenants-page]").await;
    assert_eq!(h.count("[data-testid=start-outcome]").await, 0);
    assert_eq!(accepted(&h).len(), 1);
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_start_refused_while_the_user_went_elsewhere_is_not_lost() {
    // No destination: obshell refuses the start (OB.Backup.ArchiveDestEmpty).
    let h = Harness::start(sim("no-backup-config", 2.0)).await;
    h.open("/").await;
    h.sign_in().await;
    start_then_leave(&h, Duration::from_secs(2)).await;
    h.wait("[data-testid=start-outcome][data-outcome=failed]").await;
    assert!(h.url().await.ends_with("/history"));
    // The form has the details: obshell's error and the way to fix it.
    h.click("[data-testid=start-outcome] a").await;
    h.wait_text("[data-testid=start-status]", "OB.Backup.ArchiveDestEmpty").await;
    h.wait("[data-testid=configure-destination]").await;
    assert_eq!(h.count("[data-testid=start-outcome]").await, 0, "the form says it itself");
    // Seen there, it is not announced again elsewhere; the form keeps the details.
    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-page]").await;
    assert_eq!(h.count("[data-testid=start-outcome]").await, 0);
    h.click("[data-testid=nav-backup]").await;
    h.wait_text("[data-testid=start-status]", "OB.Backup.ArchiveDestEmpty").await;
    assert!(accepted(&h).is_empty());
    assert_alive(&h).await;
    h.close().await;
}
