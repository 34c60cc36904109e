//! Cluster and tenant backup routes: checks in obshell's order, effects, overview, config.

mod common;

use axum::http::Method;
use common::*;
use obshell_api::dag::State;
use obshell_sim::Scenario;
use serde_json::json;

const START: &str = "/api/v1/obcluster/backup";

fn with_scenario(scenario: Scenario) -> TestSim {
    let (mut config, clock) = config();
    config.scenario = scenario;
    start(config, clock)
}

#[tokio::test]
async fn start_checks_in_obshell_order() {
    // 1. identity first, even before the body is bound.
    let (mut config, clock) = config();
    config.identity = "SINGLE".into();
    let ts = start(config, clock);
    let resp = ts.post(START, json!({"mode": 1})).await;
    assert_eq!(
        resp.error(),
        (
            400,
            "Agent.Identify.NotSupportOperation".into(),
            "'10.0.0.1:2886' is 'SINGLE', instead of 'CLUSTER AGENT', does not support this operation".into()
        )
    );

    // 2. JSON, before the tenant checks.
    let ts = with_scenario(Scenario::NoUserTenants);
    for body in [json!({"mode": 1}), json!({"plus_archive": "true"}), json!({"encryption": false}), json!([1])] {
        let (status, code, message) = ts.post(START, body.clone()).await.error();
        assert_eq!((status, code.as_str()), (400, "Common.BindJsonFailed"), "{body}");
        assert!(message.starts_with("Bind JSON failed: "), "{message}");
    }
    // 3. no user tenants, before the mode.
    let resp = ts.post(START, json!({"mode": "increment"})).await;
    assert_eq!(resp.error(), (400, "OB.Backup.NoUserTenants".into(), "No user tenants found".into()));

    // 4. archive dest empty beats an invalid mode.
    let ts = with_scenario(Scenario::NoBackupConfig);
    let resp = ts.post(START, json!({"mode": "increment"})).await;
    assert_eq!(
        resp.error(),
        (400, "OB.Backup.ArchiveDestEmpty".into(), "Archive destination is empty, tenant: t1(1002)".into())
    );

    // 6. only then the mode.
    let ts = healthy();
    for mode in ["increment", "FULLL", "diff"] {
        let resp = ts.post(START, json!({ "mode": mode })).await;
        assert_eq!(
            resp.error(),
            (
                400,
                "OB.Backup.Mode.Invalid".into(),
                format!("Invalid backup mode: {}, must be full or incremental", mode.to_lowercase())
            )
        );
    }
    // No DAG was created by any failure.
    let resp = ts.get("/api/v1/task/dags/ob").await;
    assert_eq!(resp.data()["contents"], json!([]));
}

#[tokio::test]
async fn mode_defaults_and_case() {
    let ts = healthy();
    for (body, name) in [
        (json!({}), "Obcluster start full backup"),
        (json!({"mode": null, "plus_archive": null, "encryption": null}), "Obcluster start full backup"),
        (json!({"mode": ""}), "Obcluster start full backup"),
        (json!({"MODE": "FULL"}), "Obcluster start full backup"),
        (json!({"mode": "INCREMENTAL"}), "Obcluster start increment backup"),
    ] {
        let resp = ts.post(START, body.clone()).await;
        resp.ok();
        assert_eq!(resp.data()["name"], json!(name), "{body}");
    }
    let started = ts.sim.started_backups();
    assert_eq!(started.len(), 5);
    assert_eq!(started[4].mode, Some(obshell_api::BackupMode::Incremental));
}

#[tokio::test]
async fn encryption_password_arrives_byte_exact() {
    let ts = healthy();
    let secret = "p\"a\\ss wörd-密码'";
    ts.post(START, json!({"mode": "full", "plus_archive": true, "encryption": secret})).await.ok();
    ts.post(START, json!({"mode": "increment", "encryption": secret})).await;
    let started = ts.sim.started_backups();
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].encryption.as_deref(), Some(secret));
    assert_eq!(started[0].plus_archive, Some(true));
    let hook = ts.plain(Method::GET, "/__sim/backups").await;
    assert_eq!(hook.status, 200);
    let rows = hook.body.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["accepted"], json!(true));
    assert_eq!(rows[0]["dag_id"], json!("11"));
    let body: serde_json::Value = serde_json::from_str(rows[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["encryption"], json!(secret));
    assert_eq!(rows[1]["accepted"], json!(false));
    assert_eq!(rows[1]["err_code"], json!("OB.Backup.Mode.Invalid"));
}

#[tokio::test]
async fn tenant_backup_and_checks() {
    let ts = healthy();
    for (name, code, message) in [
        ("sys", "OB.Tenant.SysOperationNotAllowed", "System tenant is not allowed to perform this operation"),
        ("nope", "OB.Tenant.NotExist", "Tenant 'nope' does not exist."),
    ] {
        let resp = ts.post(&format!("/api/v1/tenant/{name}/backup"), json!({"mode": 1})).await;
        assert_eq!(resp.error(), (400, code.into(), message.into()), "tenant checks precede JSON");
        let resp = ts.get(&format!("/api/v1/tenant/{name}/backup/overview")).await;
        assert_eq!(resp.error(), (400, code.into(), message.into()));
    }
    let resp = ts.get("/api/v1/tenant//backup/overview").await;
    assert_eq!(resp.error(), (400, "OB.Tenant.Name.Empty".into(), "Tenant name is empty".into()));
    let resp = ts.get("/api/v1/tenant/t2/backup/overview").await;
    assert_eq!(resp.error().0, 404);
    assert_eq!(resp.error().1, "Task.NotFound");

    let resp = ts.post("/api/v1/tenant/t2/backup", json!({"mode": "incremental"})).await;
    resp.ok();
    assert_eq!(resp.data()["name"], json!("Obcluster start increment backup for t2"));
    let id = resp.data()["id"].as_str().unwrap().to_string();
    let dag = ts.run_until_finished(&id, 200.0).await;
    assert_eq!(dag.state, State::Succeed);
    let logs = dag.nodes()[2].sub_tasks[0].task_logs.clone().unwrap();
    assert_eq!(logs, ["Start incremental backup of t2(1004)"]);
    let resp = ts.get("/api/v1/tenant/t2/backup/overview").await;
    resp.ok();
    assert_eq!(resp.data()["status"]["status"], json!("COMPLETED"));
    assert_eq!(resp.data()["status"]["tenant_id"], json!(1004));
    // The cluster overview shows only the tenant that has a task.
    let resp = ts.get("/api/v1/obcluster/backup/overview").await;
    resp.ok();
    assert_eq!(resp.data()["statuses"].as_array().unwrap().len(), 1);

    let ts = with_scenario(Scenario::NoBackupConfig);
    let resp = ts.post("/api/v1/tenant/t1/backup", json!({"mode": "bad"})).await;
    assert_eq!(resp.error().1, "OB.Backup.ArchiveDestEmpty");
}

#[tokio::test]
async fn overview_numbers_advance_during_stage_4() {
    let ts = healthy();
    let resp = ts.get("/api/v1/obcluster/backup/overview").await;
    assert_eq!(resp.error(), (404, "Common.NotFound".into(), "Element not found: backup task".into()));
    let id = ts.start_backup(json!({"encryption": "k"})).await;
    ts.advance(13.0); // stage 3 has created both jobs
    let first = ts.get("/api/v1/obcluster/backup/overview").await;
    first.ok();
    let statuses = first.data()["statuses"].as_array().unwrap().clone();
    assert_eq!(statuses.len(), 2);
    assert_eq!(statuses[0]["tenant_id"], json!(1002));
    assert_eq!(statuses[0]["backup_set_id"], json!(1));
    assert_eq!(statuses[0]["encryption_mode"], json!("PASSWORD"));
    let mut last = (0, 0, 0);
    for _ in 0..6 {
        ts.advance(10.0);
        let resp = ts.get("/api/v1/obcluster/backup/overview").await;
        let row = resp.data()["statuses"][0].clone();
        let now = (
            row["finish_tablet_count"].as_i64().unwrap(),
            row["input_bytes"].as_i64().unwrap(),
            row["finish_macro_block_count"].as_i64().unwrap(),
        );
        if row["status"] == json!("DOING") {
            assert!(now.0 > last.0 && now.1 > last.1 && now.2 > last.2, "{now:?} after {last:?}");
            assert!(now.0 < row["tablet_count"].as_i64().unwrap());
            assert!(row["output_rate_bytes"].as_f64().unwrap() > 0.0);
        }
        last = now;
    }
    let dag = ts.run_until_finished(&id, 200.0).await;
    assert_eq!(dag.state, State::Succeed);
    let resp = ts.get("/api/v1/obcluster/backup/overview").await;
    for row in resp.data()["statuses"].as_array().unwrap() {
        assert_eq!(row["status"], json!("COMPLETED"));
        assert_eq!(row["finish_tablet_count"], row["tablet_count"]);
        assert!(row["end_timestamp"].is_string());
    }
}

#[tokio::test]
async fn cancel_backup_jobs() {
    let ts = healthy();
    let resp = ts.patch(START, json!({"status": "running"})).await;
    assert_eq!(
        resp.error(),
        (400, "OB.Backup.Status.Invalid".into(), "Invalid backup status: 'running', must be 'canceled'".into())
    );
    // Nothing running: still 200, no data.
    let resp = ts.patch(START, json!({})).await;
    resp.ok();
    assert!(resp.body.get("data").is_none());

    let id = ts.start_backup(json!({})).await;
    ts.advance(30.0);
    ts.patch(START, json!({"status": "CANCELED"})).await.ok();
    let resp = ts.get("/api/v1/obcluster/backup/overview").await;
    for row in resp.data()["statuses"].as_array().unwrap() {
        assert_eq!(row["status"], json!("CANCELED"));
    }
    // Stage 4 polls CDB_OB_BACKUP_JOBS until it is empty: the DAG finishes.
    let dag = ts.run_until_finished(&id, 10.0).await;
    assert_eq!(dag.state, State::Succeed);
}

#[tokio::test]
async fn archive_log_status() {
    let ts = healthy();
    let resp = ts.patch("/api/v1/obcluster/backup/log", json!({"status": "pause"})).await;
    assert_eq!(
        resp.error(),
        (
            400,
            "OB.Backup.ArchiveLogStatus.Invalid".into(),
            "Invalid archive log status: 'PAUSE', must be 'STOP' or 'DOING'".into()
        )
    );
    for status in ["doing", "SUSPEND", "stop", ""] {
        let resp = ts.patch("/api/v1/obcluster/backup/log", json!({ "status": status })).await;
        resp.ok();
        assert!(resp.body.get("data").is_none());
    }
    // Archive log open already: stage 2 only reports it.
    ts.patch("/api/v1/obcluster/backup/log", json!({"status": "doing"})).await.ok();
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 200.0).await;
    let logs = dag.nodes()[1].sub_tasks[0].task_logs.clone().unwrap();
    assert_eq!(
        logs,
        ["Archive log status of t1(1002) is 'DOING'", "Archive log status of t2(1004) is 'DOING'"]
    );
    // Suspended: re-enabled.
    ts.patch("/api/v1/obcluster/backup/log", json!({"status": "suspend"})).await.ok();
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 200.0).await;
    let logs = dag.nodes()[1].sub_tasks[0].task_logs.clone().unwrap();
    assert_eq!(logs[0], "Archive log status of t1(1002) is 'SUSPEND'");
    assert_eq!(logs[1], "Wait for t1(1002) archive log to be 'DOING'");
}

#[tokio::test]
async fn backup_config_fixes_missing_destinations() {
    let ts = with_scenario(Scenario::NoBackupConfig);
    assert_eq!(ts.post(START, json!({})).await.error().1, "OB.Backup.ArchiveDestEmpty");
    let config = "/api/v1/obcluster/backup/config";
    for (body, code) in [
        (json!({}), "OB.Backup.BaseUriEmpty"),
        (json!({"backup_base_uri": "ftp://x"}), "OB.Storage.URI.Invalid"),
        (json!({"backup_base_uri": "oss://b", "binding": "x"}), "OB.Backup.Binding.Invalid"),
        (json!({"backup_base_uri": "oss://b", "log_archive_concurrency": 200}), "OB.Backup.LogArchiveConcurrency.Invalid"),
        (json!({"backup_base_uri": "oss://b", "log_archive_concurrency": "2"}), "Common.BindJsonFailed"),
    ] {
        assert_eq!(ts.post(config, body.clone()).await.error().1, code, "{body}");
    }
    let resp = ts.patch(config, json!({"piece_switch_interval": "1d"})).await;
    assert_eq!(
        resp.error().2,
        "backup_base_uri cannot be empty: If piece_switch_interval is set, backup_base_uri must be set"
    );

    let resp = ts.post(config, json!({"backup_base_uri": "file:///nfs/backup", "binding": "optional"})).await;
    resp.ok();
    let data = resp.data().clone();
    assert_eq!(data["name"], json!("Set obcluster backup config"));
    assert_eq!(data["max_stage"], json!(2));
    assert_eq!(data["state"], json!("READY"));
    assert_eq!(data["nodes"], json!(null));
    let id = data["id"].as_str().unwrap().to_string();
    let dag = ts.dag(&id).await;
    let names: Vec<&str> = dag.nodes().iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["Check backup config", "Set backup config"]);
    assert_eq!(dag.nodes()[0].sub_tasks.len(), 3, "checked on every agent");
    // Until the DAG is done the destinations are still missing.
    assert_eq!(ts.post(START, json!({})).await.error().1, "OB.Backup.ArchiveDestEmpty");
    let dag = ts.run_until_finished(&id, 60.0).await;
    assert_eq!(dag.state, State::Succeed);
    let backup = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&backup, 200.0).await;
    assert_eq!(dag.state, State::Succeed);
    let resp = ts.get("/api/v1/obcluster/backup/overview").await;
    assert_eq!(resp.data()["statuses"][0]["path"], json!("file:///nfs/backup/1/1002/data"), "the destination's backup path");

    // PATCH without a base URI is fine.
    let resp = ts.patch(config, json!({"log_archive_concurrency": 4})).await;
    resp.ok();
    assert_eq!(resp.data()["name"], json!("Set obcluster backup config"));

    let ts = with_scenario(Scenario::NoUserTenants);
    let resp = ts.post(config, json!({"backup_base_uri": "oss://b"})).await;
    assert_eq!(resp.error().1, "OB.Backup.NoUserTenants");
}

#[tokio::test]
async fn scenario_switch_at_run_time() {
    let ts = healthy();
    let resp = ts.plain(Method::GET, "/__sim/scenario").await;
    assert_eq!(resp.body, json!({"scenario": "healthy"}));
    let req = axum::http::Request::post("/__sim/scenario").body(axum::body::Body::from("no-backup-config")).unwrap();
    assert_eq!(ts.send(req).await.status, 200);
    assert_eq!(ts.post(START, json!({})).await.error().1, "OB.Backup.ArchiveDestEmpty");
    let req = axum::http::Request::post("/__sim/scenario").body(axum::body::Body::from(r#""fail-at-stage-2""#)).unwrap();
    assert_eq!(ts.send(req).await.body, json!({"scenario": "fail-at-stage-2"}));
    assert_eq!(ts.sim.scenario(), Scenario::FailAtStage(2));
    let id = ts.start_backup(json!({})).await;
    assert_eq!(ts.run_until_finished(&id, 100.0).await.stage, 2);
    let req = axum::http::Request::post("/__sim/scenario").body(axum::body::Body::from("chaos")).unwrap();
    let resp = ts.send(req).await;
    assert_eq!(resp.status, 400);
    assert!(resp.body["error"].as_str().unwrap().contains("unknown scenario"));
}

#[tokio::test]
async fn backup_jobs_list_filters_sorts_and_pages() {
    use obshell_api::backup::{BackupJobPage, IncrementalBase, JobOutcomePage};
    let ts = healthy();
    let page = |resp: Resp| -> BackupJobPage { serde_json::from_value(resp.ok().data().clone()).expect("job page") };
    // What the panel reads of the same answer.
    let base = |resp: Resp| -> IncrementalBase {
        serde_json::from_value::<JobOutcomePage>(resp.ok().data().clone()).expect("outcomes").incremental_base(None)
    };
    // The tenant checks come first, as on every tenant route.
    let resp = ts.get(&obshell_api::routes::tenant_completed_backup_jobs("nope", 1)).await;
    assert_eq!(resp.error().1, "OB.Tenant.NotExist");
    let none = page(ts.get(&obshell_api::routes::tenant_completed_backup_jobs("t1", 1)).await);
    assert!(none.contents.is_empty());
    assert_eq!(none.page.total_elements, 0);
    assert_eq!(base(ts.get(&obshell_api::routes::tenant_completed_backup_jobs("t1", 1)).await), IncrementalBase::Missing);

    // An incremental with nothing to build on runs as a full backup, as in OceanBase; then a
    // full with archive log; then an incremental that has a base.
    let first = ts.start_backup(json!({"mode": "incremental"})).await;
    assert_eq!(ts.run_until_finished(&first, 400.0).await.state, State::Succeed);
    let converted = page(ts.get(&obshell_api::routes::tenant_completed_backup_jobs("t1", 1)).await);
    assert_eq!(converted.contents[0].backup_type, "FULL", "no base: OceanBase took a full backup");
    assert_eq!(base(ts.get(&obshell_api::routes::tenant_completed_backup_jobs("t1", 1)).await), IncrementalBase::Exists);
    let full = ts.start_backup(json!({"mode": "full", "plus_archive": true})).await;
    assert_eq!(ts.run_until_finished(&full, 400.0).await.state, State::Succeed);
    let inc = ts.start_backup(json!({"mode": "incremental"})).await;
    assert_eq!(ts.run_until_finished(&inc, 400.0).await.state, State::Succeed);

    let all = page(ts.get("/api/v1/tenant/t1/backup/tasks").await);
    assert_eq!(all.page, obshell_api::backup::Page { number: 1, size: 2_147_483_647, total_pages: 1, total_elements: 3 });
    let kinds: Vec<_> = all.contents.iter().map(|j| (j.backup_type.as_str(), j.plus_archivelog.as_str(), j.backup_set_id)).collect();
    assert_eq!(kinds, [("INC", "OFF", 3), ("FULL", "ON", 2), ("FULL", "OFF", 1)], "newest first by default");
    assert!(all.contents.iter().all(|j| j.status == "COMPLETED" && j.end_timestamp.is_some() && j.path.ends_with("/1/1002/data")));
    // One row is enough to tell: the count says how many there are.
    let newest = page(ts.get(&obshell_api::routes::tenant_completed_backup_jobs("t1", 1)).await);
    assert_eq!((newest.contents.len(), newest.page.total_elements), (1, 3));

    let oldest_first = page(ts.get("/api/v1/tenant/t1/backup/tasks?sort=start_timestamp,asc&size=1").await);
    assert_eq!(oldest_first.contents.len(), 1);
    assert_eq!(oldest_first.contents[0].backup_set_id, 1);
    assert_eq!((oldest_first.page.total_elements, oldest_first.page.total_pages), (3, 3));
    let second = page(ts.get("/api/v1/tenant/t1/backup/tasks?sort=start_timestamp,asc&size=1&page=2").await);
    assert_eq!((second.contents[0].backup_type.as_str(), second.contents[0].plus_archivelog.as_str()), ("FULL", "ON"));
    assert!(page(ts.get("/api/v1/tenant/t1/backup/tasks?page=4&size=1").await).contents.is_empty());
    // Status filters are upper-cased and compared exactly; a time filter in the future matches none.
    assert_eq!(page(ts.get("/api/v1/tenant/t1/backup/tasks?status=failed,canceled").await).page.total_elements, 0);
    assert_eq!(page(ts.get("/api/v1/tenant/t1/backup/tasks?status=completed").await).page.total_elements, 3);
    assert_eq!(page(ts.get("/api/v1/tenant/t1/backup/tasks?start_time=2999-01-01T00%3A00%3A00%2B08%3A00").await).contents.len(), 0);
    // A query gin cannot bind is refused, not ignored.
    assert_eq!(ts.get("/api/v1/tenant/t1/backup/tasks?size=many").await.error().0, 400);
    assert_eq!(ts.get("/api/v1/tenant/t1/backup/tasks?start_time=yesterday").await.error().0, 400);
}

#[tokio::test]
async fn an_incremental_builds_only_on_a_backup_in_the_current_destination() {
    let ts = healthy();
    let kind = |resp: Resp| -> String {
        let page: obshell_api::backup::BackupJobPage = serde_json::from_value(resp.ok().data().clone()).expect("job page");
        page.contents[0].backup_type.clone()
    };
    let newest = "/api/v1/tenant/t1/backup/tasks?size=1";
    // A canceled backup is no base either.
    let canceled = ts.start_backup(json!({"mode": "full"})).await;
    ts.advance(30.0);
    ts.patch(START, json!({"status": "CANCELED"})).await.ok();
    assert_eq!(ts.run_until_finished(&canceled, 400.0).await.state, State::Succeed);
    assert_eq!(ts.get(newest).await.data()["contents"][0]["status"], json!("CANCELED"));
    let inc = ts.start_backup(json!({"mode": "incremental"})).await;
    assert_eq!(ts.run_until_finished(&inc, 400.0).await.state, State::Succeed);
    assert_eq!(kind(ts.get(newest).await), "FULL", "only a canceled job before it");
    let inc = ts.start_backup(json!({"mode": "incremental"})).await;
    assert_eq!(ts.run_until_finished(&inc, 400.0).await.state, State::Succeed);
    assert_eq!(kind(ts.get(newest).await), "INC");

    // A new destination holds no backup set: the next incremental starts over with a full one.
    let config = ts.post("/api/v1/obcluster/backup/config", json!({"backup_base_uri": "file:///elsewhere"})).await;
    let config = config.data()["id"].as_str().expect("dag id").to_string();
    assert_eq!(ts.run_until_finished(&config, 60.0).await.state, State::Succeed);
    let inc = ts.start_backup(json!({"mode": "incremental"})).await;
    assert_eq!(ts.run_until_finished(&inc, 400.0).await.state, State::Succeed);
    let jobs: obshell_api::backup::BackupJobPage =
        serde_json::from_value(ts.get(newest).await.ok().data().clone()).expect("job page");
    assert_eq!(jobs.contents[0].backup_type, "FULL");
    assert!(jobs.contents[0].path.starts_with("file:///elsewhere/"), "{}", jobs.contents[0].path);
}

#[tokio::test]
async fn the_storage_route_shows_each_destination_without_its_keys() {
    use obshell_api::backup::{destination_path, BackupDestInfo};
    let ts = healthy();
    let storage = obshell_api::routes::tenant_backup_storage("t1");
    let info = |resp: Resp| -> BackupDestInfo { serde_json::from_value(resp.ok().data().clone()).expect("dest info") };
    let resp = ts.get(&obshell_api::routes::tenant_backup_storage("nope")).await;
    assert_eq!(resp.error().1, "OB.Tenant.NotExist");
    let before = info(ts.get(&storage).await);
    assert_eq!(before.tenant_id, 1002);
    assert!(before.data_base_uri.ends_with("/1/1002/data") && before.archive_base_uri.ends_with("/1/1002/clog"), "{before:?}");

    // An object store: its host stays, its keys never show; the path comes before the query.
    let base = "oss://bucket/backups?host=oss.example.com&access_id=AKID&access_key=SECRETKEY";
    let config = ts.post("/api/v1/obcluster/backup/config", json!({"backup_base_uri": base})).await;
    let config = config.data()["id"].as_str().expect("dag id").to_string();
    assert_eq!(ts.run_until_finished(&config, 60.0).await.state, State::Succeed);
    let after = info(ts.get(&storage).await);
    assert_eq!(after.data_base_uri, "oss://bucket/backups/1/1002/data?host=oss.example.com");
    assert_eq!(after.archive_base_uri, "oss://bucket/backups/1/1002/clog?host=oss.example.com");

    // A job records the destination's path, which is what the panel compares.
    let full = ts.start_backup(json!({"mode": "full"})).await;
    assert_eq!(ts.run_until_finished(&full, 400.0).await.state, State::Succeed);
    let jobs: obshell_api::backup::BackupJobPage =
        serde_json::from_value(ts.get("/api/v1/tenant/t1/backup/tasks?size=1").await.ok().data().clone()).expect("job page");
    assert_eq!(jobs.contents[0].path, destination_path(&after.data_base_uri));
    assert!(!jobs.contents[0].path.contains("SECRETKEY"));

    // A URI that would still show a key's name, even in its path: obshell answers no data.
    let config = ts.post("/api/v1/obcluster/backup/config", json!({"backup_base_uri": "file:///data/access_key_dir"})).await;
    let config = config.data()["id"].as_str().expect("dag id").to_string();
    assert_eq!(ts.run_until_finished(&config, 60.0).await.state, State::Succeed);
    let resp = ts.get(&storage).await;
    assert_eq!(resp.status, 200);
    assert!(resp.body.get("data").is_none(), "{}", resp.body);
}
