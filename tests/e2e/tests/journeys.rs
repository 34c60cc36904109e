//! The user journeys of the panel, in real Chromium against obshell-sim over real HTTP with
//! real auth. Each asserts what the user sees and, where it matters, what the agent received.

use obshell_api::BackupMode;
use panel_e2e::{sim, Harness};

/// A full backup DAG takes about 100 simulated seconds; at this speed, about 2 s.
const FAST: f64 = 50.0;

#[tokio::test]
async fn release_build_loads_without_console_errors() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.wait("[data-testid=sign-in]").await;
    assert_eq!(h.text("label[for=obp-root-password]").await, "Root password");
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    // The check itself works: an error logged now is seen.
    h.browser.execute("console.error('e2e-probe')", vec![]).await.expect("execute");
    assert!(h.console_errors().await.iter().any(|e| e.contains("e2e-probe")));
    h.close().await;
}

#[tokio::test]
async fn incremental_encrypted_backup_with_archive_reaches_succeed() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.click("[data-testid=mode-incremental]").await;
    h.click("[data-testid=plus-archive]").await;
    // Quotes, a backslash and non-ASCII: must reach the agent byte for byte.
    let secret = "p\"a\\ss 密码 ✓";
    h.fill("[data-testid=encryption]", secret).await;
    h.fill("[data-testid=encryption-confirm]", secret).await;
    h.click("[data-testid=start-backup]").await;
    let summary = h.text("[data-testid=confirm-summary]").await;
    assert!(summary.contains("Mode: Incremental") && summary.contains("Plus archive log: yes") && summary.contains("Encrypted: yes"), "{summary}");
    assert!(!summary.contains(secret), "the confirmation must never show the password");
    h.click("[data-testid=confirm]").await;
    h.wait("[data-testid=dag-page]").await;
    let id = h.dag_id_from_url().await;

    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert_eq!(h.text("[data-testid=dag-stage]").await, "Stage 4 of 4");
    assert_eq!(h.count("[data-testid=stage][data-state=SUCCEED]").await, 4);
    h.wait_text("[data-testid=poll-status]", "no more updates").await;

    let started = h.sim.started_backups();
    assert_eq!(started.len(), 1, "exactly one backup started");
    assert_eq!(started[0].mode, Some(BackupMode::Incremental));
    assert_eq!(started[0].plus_archive, Some(true));
    assert_eq!(started[0].encryption.as_deref(), Some(secret));
    let dag = h.sim.dag(&id).expect("the DAG the panel shows exists");
    assert_eq!(dag.name, "Obcluster start increment backup");
    // The whole journey ran under the sim's strict CSP (no inline script or style) without a
    // single console error or violation report.
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    // The form forgot the secret once it was sent.
    h.open("/").await;
    h.sign_in().await;
    assert_eq!(h.prop("[data-testid=encryption]", "value").await, "");
    h.close().await;
}

#[tokio::test]
async fn missing_backup_destination_says_to_configure_it() {
    let h = Harness::start(sim("no-backup-config", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.click("[data-testid=start-backup]").await;
    h.click("[data-testid=confirm]").await;
    assert_eq!(h.text("[data-testid=error-code]").await, "OB.Backup.ArchiveDestEmpty");
    assert_eq!(h.text("[data-testid=error-status]").await, "400");
    assert!(h.text("[data-testid=error-hint]").await.contains("backup destination"));
    let trace = h.text("[data-testid=error-trace]").await;
    assert_eq!(trace.len(), 16, "a copyable 16-hex trace id: {trace:?}");
    assert!(h.sim.started_backups().is_empty());
    h.close().await;
}

#[tokio::test]
async fn failed_stage_three_then_retry_reaches_succeed() {
    let h = Harness::start(sim("fail-at-stage-3", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "FAILED").await;
    let summary = h.wait_text("[data-testid=summary]", "Failed at stage 3").await;
    assert!(summary.contains("Start backup"), "{summary}");
    assert!(h.text("[data-testid=summary-error]").await.starts_with("ERROR: ["));
    assert_eq!(h.count("[data-testid=action-cancel]").await, 0, "cancel is not offered on a failed DAG");
    h.click("[data-testid=action-retry]").await;
    assert!(h.text("[data-testid=consequence]").await.contains("failed stage again"));
    h.click("[data-testid=confirm]").await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.close().await;
}

#[tokio::test]
async fn cancel_on_a_running_dag_ends_failed_cancelled() {
    // Realistic speed: the DAG is still running when Cancel is pressed.
    let h = Harness::start(sim("healthy", 1.0)).await;
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    h.wait("[data-testid=action-cancel]").await;
    h.click("[data-testid=action-cancel]").await;
    h.click("[data-testid=confirm]").await;
    h.wait_text("[data-testid=summary]", "cancelled").await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "FAILED").await;
    assert!(h.text("[data-testid=dag-state]").await.contains("Cancelled"));
    h.close().await;
}

#[tokio::test]
async fn reload_on_a_dag_link_resumes_after_sign_in() {
    let h = Harness::start(sim("healthy", 8.0)).await;
    h.open("/").await;
    h.sign_in().await;
    let id = h.start_backup().await;
    h.browser.refresh().await.expect("reload");
    // The session lived only in memory: sign in again, and land on the same DAG.
    h.sign_in().await;
    assert!(h.url().await.ends_with(&format!("/dag/{id}")));
    h.wait_text("[data-testid=dag-stage]", "of 4").await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.close().await;
}

#[tokio::test]
async fn wrong_password_shows_the_auth_error() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in_with("not-the-password").await;
    assert_eq!(h.text("[data-testid=error-code]").await, "Security.Authentication.IncorrectOceanbasePassword");
    assert_eq!(h.text("[data-testid=error-status]").await, "401");
    assert!(h.text("[data-testid=error-hint]").await.contains("password is wrong"));
    h.close().await;
}

#[tokio::test]
async fn session_expiring_mid_poll_returns_to_sign_in_and_back() {
    let h = Harness::start(sim("healthy", 1.0)).await;
    h.open("/").await;
    h.sign_in().await;
    let id = h.start_backup().await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    h.sim.expire_sessions();
    h.wait("[data-testid=session-expired]").await;
    // The DAG view is still there under the dialog.
    assert!(h.count("[data-testid=dag-page]").await == 1);
    h.sign_in().await;
    assert!(h.url().await.ends_with(&format!("/dag/{id}")));
    h.wait_text("[data-testid=poll-status]", "Live").await;
    h.close().await;
}

#[tokio::test]
async fn double_click_starts_one_backup() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.click("[data-testid=start-backup]").await;
    let confirm = h.wait("[data-testid=confirm]").await;
    confirm.click().await.expect("first click");
    // The dialog closes on the first click; a second click on where it was must not start
    // another backup, nor may pressing Start again while the first is in flight.
    let _ = confirm.click().await;
    if let Ok(start) = h.browser.find(fantoccini::Locator::Css("[data-testid=start-backup]")).await {
        let _ = start.click().await;
    }
    h.wait("[data-testid=dag-page]").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(h.sim.started_backups().len(), 1);
    h.close().await;
}

#[tokio::test]
async fn a_lost_answer_to_start_ends_on_every_dag_that_exists_never_hidden() {
    let h = Harness::start(sim("healthy", 1.0)).await;
    h.open("/").await;
    h.sign_in().await;
    // obshell creates the DAG, but the answer never arrives. Chromium re-sends a request by
    // itself when a reused keep-alive connection drops before the answer (POST included), so
    // drop that copy's answer too: the panel gets a network error either way.
    h.sim.drop_next_response("POST /api/v1/obcluster/backup");
    h.sim.drop_next_response("POST /api/v1/obcluster/backup");
    h.click("[data-testid=start-backup]").await;
    h.click("[data-testid=confirm]").await;
    let deadline = std::time::Instant::now() + panel_e2e::WAIT;
    loop {
        let started = h.sim.recorded_backups().iter().filter(|b| b.accepted).count();
        if h.count("[data-testid=dag-page]").await == 1 {
            // One backup existed: the panel found it by asking obshell, and shows it.
            assert_eq!(started, 1);
            let id = h.dag_id_from_url().await;
            assert!(h.sim.dag(&id).is_some());
            break;
        }
        if h.count("[data-testid=duplicate-starts]").await == 1 {
            // The browser's own re-send created a second one: both are listed, none hidden.
            let links = h.count("[data-testid=duplicate-starts] a").await;
            assert_eq!(links, started, "every backup DAG that exists is listed");
            assert!(started >= 2);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "neither the DAG nor a warning; page:\n{}", h.body_text().await);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Back on the form, the running backup is announced with a link before another start.
    h.open("/").await;
    h.sign_in().await;
    let notice = h.wait_text("[data-testid=running-notice]", "Backup tasks running now").await;
    assert!(notice.contains("Obcluster start full backup"), "{notice}");
    h.click("[data-testid=start-backup]").await;
    h.wait("[data-testid=confirm]").await;
    assert!(h.text(".obp-dialog").await.contains("Another backup task is running"));
    h.close().await;
}

#[tokio::test]
async fn polling_survives_lost_answers_and_a_new_agent_key() {
    let h = Harness::start(sim("healthy", 1.0)).await;
    h.open("/").await;
    h.sign_in().await;
    let id = h.start_backup().await;
    h.wait_text("[data-testid=poll-status]", "Live").await;

    // The agent restarts with a new RSA key: the next signed request fails with code 1, the
    // panel fetches the new key and re-sends it once, and the user notices nothing.
    h.sim.rotate_key().expect("rotate key");
    h.click("[data-testid=refresh]").await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    assert_eq!(h.count("[data-testid=error-panel]").await, 0, "a key change is handled silently");

    // Answers to the poll get lost. Chromium silently re-sends a request whose reused
    // connection dropped (a few times), so lose enough answers for the panel to see it: it
    // says it is reconnecting, backs off, and carries on without a reload.
    for _ in 0..12 {
        h.sim.drop_next_response(&format!("GET /api/v1/task/dag/{id}"));
    }
    h.click("[data-testid=refresh]").await;
    h.wait_text("[data-testid=poll-status]", "Reconnecting in").await;
    // "Refresh now" skips the rest of the back-off wait.
    let deadline = std::time::Instant::now() + panel_e2e::WAIT;
    while !h.text("[data-testid=poll-status]").await.contains("Live") {
        assert!(std::time::Instant::now() < deadline, "never recovered: {}", h.body_text().await);
        h.click("[data-testid=refresh]").await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    assert_eq!(h.count("[data-testid=error-panel]").await, 0, "the error clears once it recovers");
    assert_eq!(h.sim.started_backups().len(), 1, "nothing was started twice");
    h.close().await;
}

#[tokio::test]
async fn sign_out_ends_the_session_and_takes_the_pages_down() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    h.click("[data-testid=sign-out]").await;
    h.wait("[data-testid=sign-in]").await;
    assert_eq!(h.count("[data-testid=dag-page]").await, 0, "nothing of the cluster stays on screen");
    assert_eq!(h.count("[data-testid=session-expired]").await, 0, "a sign-out is not an expiry");
    h.sign_in().await;
    h.wait("[data-testid=dag-page]").await;
    h.close().await;
}

#[tokio::test]
async fn an_expired_session_keeps_the_filled_form_but_not_its_passwords() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.click("[data-testid=mode-incremental]").await;
    h.click("[data-testid=plus-archive]").await;
    h.fill("[data-testid=encryption]", "s3cret").await;
    h.fill("[data-testid=encryption-confirm]", "s3cret").await;
    h.sim.expire_sessions();
    // Pressing Start finds the session gone: the sign-in comes back over the form, the start
    // is abandoned (never retried behind the user's back), and the secrets are gone.
    h.click("[data-testid=start-backup]").await;
    h.click("[data-testid=confirm]").await;
    h.wait("[data-testid=session-expired]").await;
    h.sign_in().await;
    assert_eq!(h.count("[data-testid=error-panel]").await, 0, "the sign-in already explained it");
    assert_eq!(h.prop("[data-testid=encryption]", "value").await, "");
    assert_eq!(h.prop("[data-testid=encryption-confirm]", "value").await, "");
    assert_eq!(h.prop("[data-testid=mode-incremental]", "checked").await, "true", "the rest of the form is kept");
    assert_eq!(h.prop("[data-testid=plus-archive]", "checked").await, "true");
    assert!(h.sim.started_backups().is_empty(), "nothing started with an expired session");
    h.close().await;
}

#[tokio::test]
async fn a_missing_destination_is_configured_from_the_panel_then_the_backup_runs() {
    let h = Harness::start(sim("no-backup-config", FAST)).await;
    h.open("/tenants").await;
    h.sign_in().await;
    // The tenants page says where backups go: nowhere yet.
    let destination = h.wait_text("[data-tenant=t1] [data-testid=destination]", "Data not set").await;
    assert!(destination.contains("Archive log not set"), "{destination}");
    h.click("[data-testid=nav-backup]").await;
    h.start_backup_expecting_error().await;
    assert_eq!(h.text("[data-testid=error-code]").await, "OB.Backup.ArchiveDestEmpty");
    h.click("[data-testid=configure-destination]").await;
    h.wait("[data-testid=destination-form]").await;
    // obshell's own rules, checked before sending.
    h.fill("#obp-dest-path", "/data/backup").await;
    h.click("[data-testid=destination-form] details summary").await;
    h.fill("#obp-dest-piece", "8d").await;
    assert_eq!(h.text("[data-testid=dest-problem]").await, "piece_switch_interval must be between 24h0m0s and 168h0m0s");
    h.fill("#obp-dest-piece", "1d").await;
    h.click("[data-testid=save-destination]").await;
    h.wait("[data-testid=dag-page]").await;
    h.wait_text("h1", "Set obcluster backup config").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.click("[data-testid=nav-backup]").await;
    h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert_eq!(h.sim.started_backups().len(), 1);
    // Each tenant's destinations, as OceanBase now has them.
    h.click("[data-testid=nav-tenants]").await;
    let destination = h.wait_text("[data-tenant=t2] [data-testid=destination]", "file:///data/backup/1/1004/data").await;
    assert!(destination.contains("file:///data/backup/1/1004/clog"), "{destination}");
    // And the backup just taken, the newest one to restore from.
    let last = h.wait_text("[data-tenant=t2] [data-testid=last-completed]", "Last completed:").await;
    assert!(last.ends_with("ago) · Full"), "{last}");
    h.close().await;
}

#[tokio::test]
async fn a_running_backup_shows_real_progress_per_tenant() {
    let h = Harness::start(sim("healthy", 6.0)).await;
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    // While "Wait backup Finish" runs: each tenant's job from OceanBase, with numbers.
    h.wait("[data-testid=progress-job][data-status=DOING]").await;
    assert_eq!(h.count("[data-testid=progress-job]").await, 2, "one per user tenant (t1, t2)");
    h.wait_text("[data-testid=progress-done]", "macro blocks").await;
    h.wait("[data-testid=progress-eta]").await;
    // A stage opened while the DAG runs stays open, with its sub-tasks, through the next polls.
    let toggle = "[data-testid=stage][data-stage='4'] .obp-stage-toggle";
    h.click(toggle).await;
    let asked = h.sim.api_requests();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while h.sim.api_requests() < asked + 4 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(h.sim.api_requests() >= asked + 4, "the panel kept polling");
    assert_eq!(h.prop(toggle, "ariaExpanded").await, "true", "an opened stage stays open across polls");
    assert!(h.count("[data-testid=stage][data-stage='4'] [data-testid=sub-task]").await >= 1);
    // At the end: every job completed, at 100%.
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.wait("[data-testid=progress-job][data-status=COMPLETED]").await;
    let done = h.text("[data-testid=progress-done]").await;
    assert!(done.starts_with("100%"), "{done}");
    h.close().await;
}
