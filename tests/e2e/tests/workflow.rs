//! The backup workflow around the form and the timeline: tenant-level backups, archive log
//! control, cancelling backup jobs, and the history with its export. Real Chromium, real
//! obshell-sim, real auth; each test checks what the user sees and what the agent did.

mod common;

use common::{eventually, FAST};
use fantoccini::Locator;
use panel_e2e::{sim, Harness};

const CONFIRM: &str = "dialog[open] [data-testid=confirm]";

#[tokio::test]
async fn a_tenant_level_backup_goes_to_the_tenant_route() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    // The scope list comes from GET /api/v1/tenants/overview: user tenants only, no sys.
    h.wait("[data-testid=scope] option[value=t2]").await;
    assert_eq!(h.count("[data-testid=scope] option[value=sys]").await, 0);
    choose_scope(&h, "t2").await;
    h.click("[data-testid=start-backup]").await;
    let summary = h.text("[data-testid=confirm-summary]").await;
    assert!(summary.contains("tenant t2 only"), "{summary}");
    h.click(CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    h.wait_text("h1", "for t2").await;
    let started = h.sim.recorded_backups();
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].path, "/api/v1/tenant/t2/backup");
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.close().await;
}

#[tokio::test]
async fn archive_log_is_started_suspended_and_stopped_with_confirmations() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    h.click("[data-testid=nav-tenants]").await;
    h.wait("[data-testid=tenants-table]").await;
    assert_eq!(h.count("[data-testid=tenant-row]").await, 2, "t1 and t2, not sys");
    h.wait_text("[data-tenant=t1] [data-testid=archive-state]", "Stopped").await;
    // No backup has completed yet: nothing to restore from, and the page says so.
    h.wait_text("[data-tenant=t2] [data-testid=last-completed]", "No completed backup yet").await;

    // Start for every user tenant: the confirmation says what happens, then both archive.
    h.click("[data-testid=all-tenants-actions] [data-testid=archive-start]").await;
    let explanation = h.text("dialog[open] [data-testid=confirm-explanation]").await;
    assert!(explanation.contains("every user tenant") && explanation.contains("redo log"), "{explanation}");
    h.click(CONFIRM).await;
    h.wait("[data-testid=action-done]").await;
    h.wait_attr("[data-tenant=t1] [data-testid=archive-state]", "data-state", "DOING").await;
    h.wait_attr("[data-tenant=t2] [data-testid=archive-state]", "data-state", "DOING").await;

    // Suspend one tenant only.
    h.click("[data-tenant=t1] [data-testid=archive-suspend]").await;
    let explanation = h.text("dialog[open] [data-testid=confirm-explanation]").await;
    assert!(explanation.contains("tenant t1") && explanation.contains("pauses"), "{explanation}");
    h.click(CONFIRM).await;
    h.wait_attr("[data-tenant=t1] [data-testid=archive-state]", "data-state", "SUSPEND").await;
    h.wait_attr("[data-tenant=t2] [data-testid=archive-state]", "data-state", "DOING").await;
    // A suspended archive offers Start and Stop, not Suspend again.
    assert_eq!(h.count("[data-tenant=t1] [data-testid=archive-suspend]").await, 0);
    assert_eq!(h.count("[data-tenant=t1] [data-testid=archive-start]").await, 1);

    // Going back ("Go back") changes nothing.
    h.click("[data-tenant=t2] [data-testid=archive-stop]").await;
    h.click("dialog[open] [data-testid=go-back]").await;
    h.click("[data-testid=refresh]").await;
    h.wait_attr("[data-tenant=t2] [data-testid=archive-state]", "data-state", "DOING").await;

    // Stop t2: it leaves the archive task list, so it reads as stopped.
    h.click("[data-tenant=t2] [data-testid=archive-stop]").await;
    h.click(CONFIRM).await;
    h.wait_text("[data-tenant=t2] [data-testid=archive-state]", "Stopped").await;
    // obshell answers the overview with 404 while no tenant has a backup job yet, and the
    // browser logs every 404; anything else is a real error.
    let errors: Vec<String> =
        h.console_errors().await.into_iter().filter(|e| !e.contains("/api/v1/obcluster/backup/overview")).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn cancelling_the_backup_jobs_is_not_cancelling_the_task() {
    // Slow enough that the jobs are still running when the button is pressed.
    let h = Harness::start(sim("healthy", 3.0)).await;
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    h.wait("[data-testid=progress-job]").await;
    h.click("[data-testid=cancel-jobs]").await;
    let explanation = h.text("dialog[open] [data-testid=confirm-explanation]").await;
    assert!(explanation.contains("CANCEL BACKUP") && explanation.contains("not cancelling the obshell task"), "{explanation}");
    h.click(CONFIRM).await;
    // OceanBase's jobs end CANCELED; obshell's task then finishes because no job is left.
    h.wait_attr("[data-testid=progress-job]", "data-status", "CANCELED").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert_eq!(h.count("[data-testid=cancel-jobs]").await, 0, "nothing left to cancel");
    h.close().await;
}

#[tokio::test]
async fn history_lists_backups_with_mode_and_exports_csv_and_json() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    let first = h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.click("[data-testid=nav-backup]").await;
    h.click("[data-testid=mode-incremental]").await;
    let second = h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    // Both tenants' jobs, named from the tenant list, are incremental in OceanBase's job list:
    // the full backup before gave each a base.
    let inc = "[data-testid=progress-job][data-backup-type=INC]";
    h.wait(&format!("{inc} ~ {inc}")).await;
    assert_eq!(h.count("[data-testid=progress-taken-in-full]").await, 0);
    // OceanBase reports tenant ids; the card names them.
    let card = h.wait_text("[data-testid=backup-progress]", "t2 (1004) · backup set 2").await;
    assert!(card.contains("t1 (1002) · backup set 2"), "{card}");

    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-table]").await;
    assert_eq!(h.count("[data-testid=history-row]").await, 2);
    h.wait_text(&format!("[data-id='{second}'] [data-testid=history-mode]"), "Incremental").await;
    h.wait_text(&format!("[data-id='{first}'] [data-testid=history-mode]"), "Full").await;
    // OceanBase's job lists placed the incremental one: every tenant ran incremental.
    h.wait_attr(&format!("[data-id='{second}'] [data-testid=history-mode]"), "data-taken-in-full", "").await;
    assert_eq!(h.count("[data-testid=history-taken-in-full]").await, 0);

    // Capture what the export hands to the browser instead of a file on disk.
    h.browser
        .execute("window.__exports = []; URL.createObjectURL = (blob) => { window.__exports.push(blob); return 'blob:captured'; };", vec![])
        .await
        .expect("patch createObjectURL");
    h.click("[data-testid=export-csv]").await;
    h.click("[data-testid=export-json]").await;
    let texts = h
        .browser
        .execute_async("const done = arguments[0]; Promise.all(window.__exports.map(b => b.text())).then(done);", vec![])
        .await
        .expect("read exports");
    let texts: Vec<String> = serde_json::from_value(texts).expect("two texts");
    assert_eq!(texts.len(), 2);
    let csv: Vec<&str> = texts[0].split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(csv[0], "id,name,kind,mode,taken_in_full,tenant,state,cancelled,start_time,end_time,duration_s");
    assert!(csv[1].starts_with(&format!("{second},Obcluster start increment backup,backup,incremental,,,SUCCEED,false,")), "{csv:?}");
    assert!(csv[2].starts_with(&format!("{first},Obcluster start full backup,backup,full,,,SUCCEED,false,")), "{csv:?}");
    let json: serde_json::Value = serde_json::from_str(&texts[1]).expect("JSON export parses");
    assert_eq!(json[0]["id"], second.as_str());
    assert_eq!(json[1]["mode"], "full");
    assert_eq!(json[0]["taken_in_full"], serde_json::json!([]), "placed, none in full");
    assert_eq!(json[1]["taken_in_full"], serde_json::Value::Null, "a full backup is not looked at");
    assert!(json[1]["duration_ms"].as_i64().is_some_and(|ms| ms > 0));
    // Filters: kept in the URL, so a reload shows the same rows; cleared, every row again.
    select(&h, "[data-testid=filter-state]", "running").await;
    h.wait("[data-testid=history-no-match]").await;
    h.wait_text("[data-testid=history-showing]", "Showing 0 of 2").await;
    assert!(h.url().await.ends_with("/history?state=running"), "{}", h.url().await);
    h.browser.refresh().await.expect("reload");
    // The session lives in memory only: signing in again lands on the same filtered view.
    h.sign_in().await;
    h.wait("[data-testid=history-no-match]").await;
    assert!(h.url().await.ends_with("/history?state=running"), "{}", h.url().await);
    select(&h, "[data-testid=filter-state]", "succeeded").await;
    h.wait_text("[data-testid=history-showing]", "Showing 2 of 2").await;
    select(&h, "[data-testid=filter-kind]", "config").await;
    h.wait("[data-testid=history-no-match]").await;
    assert!(h.url().await.ends_with("/history?state=succeeded&kind=config"), "{}", h.url().await);
    // The History link means the whole history: the URL and the rows agree.
    h.click("[data-testid=nav-history]").await;
    h.wait_gone("[data-testid=history-showing]").await;
    assert_eq!(h.count("[data-testid=history-row]").await, 2);
    assert!(h.url().await.ends_with("/history"), "{}", h.url().await);
    // Back returns to the filtered view.
    h.browser.back().await.expect("back");
    h.wait("[data-testid=history-no-match]").await;
    h.click("[data-testid=clear-filters]").await;
    h.wait_gone("[data-testid=history-showing]").await;
    assert_eq!(h.count("[data-testid=history-row]").await, 2);
    assert!(h.url().await.ends_with("/history"), "{}", h.url().await);
    let state = h.browser.find(Locator::Css("[data-testid=filter-state]")).await.expect("state filter");
    assert_eq!(state.prop("value").await.expect("value").as_deref(), Some(""), "the select follows the cleared filter");

    // From the history straight to a timeline.
    h.click(&format!("[data-id='{first}'] a")).await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert!(h.url().await.ends_with(&format!("/dag/{first}")));
    h.close().await;
}

/// Choose `value` in the select at `css`.
async fn select(h: &Harness, css: &str, value: &str) {
    h.wait(css).await.select_by_value(value).await.expect("select a value");
}

/// Choose a scope in the form ("" is the whole cluster).
async fn choose_scope(h: &Harness, value: &str) {
    h.wait("[data-testid=scope] option[value=t2]").await;
    h.browser
        .find(Locator::Css("[data-testid=scope]"))
        .await
        .expect("scope select")
        .select_by_value(value)
        .await
        .expect("choose scope");
}

#[tokio::test]
async fn incremental_names_the_tenants_oceanbase_will_back_up_in_full() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    choose_scope(&h, "").await;
    // OceanBase has no backup of any tenant yet: an incremental backup would run in full.
    h.click("[data-testid=mode-incremental]").await;
    let notice = h.wait_text("[data-testid=no-incremental-base]", "t1, t2").await;
    assert!(notice.contains("will take a full backup instead"), "{notice}");
    // The confirmation says it again; it warns, it does not forbid.
    h.click("[data-testid=start-backup]").await;
    h.wait_text("[data-testid=confirm-no-incremental-base]", "t1, t2").await;
    h.click("[data-testid=go-back]").await;
    // Full says nothing.
    h.click("[data-testid=mode-full]").await;
    assert_eq!(h.count("[data-testid=no-incremental-base]").await, 0);

    // An incremental backup of t1 only, started anyway: OceanBase takes it in full, as warned
    // (the sim's own tests check the job it records).
    choose_scope(&h, "t1").await;
    h.click("[data-testid=mode-incremental]").await;
    h.wait_text("[data-testid=no-incremental-base]", "t1").await;
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    // The DAG page says what OceanBase ran, from its job list.
    h.wait("[data-testid=progress-job][data-backup-type=FULL]").await;
    h.wait_text("[data-testid=progress-taken-in-full]", "A full backup").await;
    let taken_in_full = h.url().await.rsplit('/').next().expect("a DAG id").to_string();
    // A tenant backup's DAG names its tenant: the card's heading needs no tenant list.
    h.wait_text("[data-testid=progress-tenant]", "t1 (1002) · backup set 1").await;

    // Now t1 has a base and only t2 is named; t1 alone is no cause for a warning.
    h.click("[data-testid=nav-backup]").await;
    choose_scope(&h, "").await;
    h.click("[data-testid=mode-incremental]").await;
    let notice = h.wait_text("[data-testid=no-incremental-base]", "t2").await;
    assert!(!notice.contains("t1"), "{notice}");
    choose_scope(&h, "t2").await;
    h.wait_text("[data-testid=no-incremental-base]", "t2").await;
    choose_scope(&h, "t1").await;
    h.wait_gone("[data-testid=no-incremental-base]").await;

    // This incremental backup builds on the first one: the DAG page says nothing of a full one.
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    h.wait("[data-testid=progress-job][data-backup-type=INC]").await;
    assert_eq!(h.count("[data-testid=progress-taken-in-full]").await, 0);
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    let incremental = h.url().await.rsplit('/').next().expect("a DAG id").to_string();

    // The next one's expected duration comes from that incremental backup of t1 alone: not
    // from the one OceanBase took in full, nor from any full backup.
    h.click("[data-testid=nav-backup]").await;
    choose_scope(&h, "t1").await;
    h.click("[data-testid=mode-incremental]").await;
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.wait("[data-testid=dag-page]").await;
    h.wait_text("[data-testid=typical-duration]", "Earlier incremental backups of this scope took").await;
    h.wait_text("[data-testid=typical-duration]", "(median of 1)").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;

    // The history says the same of both, from the same job lists.
    h.click("[data-testid=nav-history]").await;
    let row = |id: &str| format!("[data-id='{id}'] [data-testid=history-mode]");
    h.wait_text(&format!("{} [data-testid=history-taken-in-full]", row(&taken_in_full)), "In full: t1").await;
    h.wait_attr(&row(&incremental), "data-taken-in-full", "").await;
    assert_eq!(h.count("[data-testid=history-taken-in-full]").await, 1, "only the backup OceanBase took in full");

    // A new destination holds no backup of t1: OceanBase would start over in full, and the
    // form says so although t1 has completed backups (in the old destination).
    h.click("[data-testid=nav-destination]").await;
    h.fill("#obp-dest-path", "/data/elsewhere").await;
    h.click("[data-testid=save-destination]").await;
    h.wait_text("h1", "Set obcluster backup config").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.click("[data-testid=nav-backup]").await;
    choose_scope(&h, "t1").await;
    h.click("[data-testid=mode-incremental]").await;
    let notice = h.wait_text("[data-testid=no-incremental-base]", "t1").await;
    assert!(notice.contains("in its current destination"), "{notice}");

    // Started anyway, it runs in full, and its expected duration is then a full backup's: the
    // one t1 backup OceanBase took in full (an incremental by name), not the incremental ones.
    h.click("[data-testid=start-backup]").await;
    h.click(CONFIRM).await;
    h.wait("[data-testid=progress-job][data-backup-type=FULL]").await;
    h.wait_text("[data-testid=typical-duration]", "Earlier full backups of this scope took").await;
    h.wait_text("[data-testid=typical-duration]", "(median of 1)").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "{errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn an_earlier_backups_page_shows_none_of_a_later_backups_jobs() {
    let h = Harness::start(sim("healthy", FAST)).await;
    h.open("/").await;
    h.sign_in().await;
    let first = h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.wait_text("[data-testid=backup-progress]", "backup set 1").await;
    // Days apart in real life; here just beyond the tolerance for clocks that differ.
    let apart = obshell_api::backup::CLOCK_TOLERANCE_MS as u64 + 1_000;
    tokio::time::sleep(std::time::Duration::from_millis(apart)).await;
    h.click("[data-testid=nav-backup]").await;
    h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.wait_text("[data-testid=backup-progress]", "backup set 2").await;

    // The first backup's page, opened now: OceanBase's overview lists each tenant's last job,
    // the second backup's. Those are not this DAG's, and its card must not claim them (nor
    // offer to cancel them, were they running).
    h.open(&format!("/dag/{first}")).await;
    h.sign_in().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    // The overview was asked and answered (Resource Timing lists a request once its answer is
    // in) and the page has drawn what it kept of it: nothing.
    let answered = "return performance.getEntriesByType('resource').some(e => e.name.includes('/api/v1/obcluster/backup/overview'))";
    eventually("the page asked OceanBase's overview", &h, || async { h.js(answered, vec![]).await == serde_json::json!(true) }).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(h.count("[data-testid=progress-job]").await, 0, "{}", h.body_text().await);
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "{errors:#?}");
    h.close().await;
}
