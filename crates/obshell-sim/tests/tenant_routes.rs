//! Tenant routes: overview, archive rounds, archive PATCH (cluster and tenant), tenant backup
//! cancel; auth first, then obshell's check order.

mod common;

use axum::http::Method;
use common::*;
use obshell_api::routes;
use obshell_api::tenant::{ArchiveLogTask, TenantOverview};
use serde_json::{json, Value};

fn tasks(resp: &Resp) -> Vec<ArchiveLogTask> {
    resp.ok();
    serde_json::from_value(resp.data()["contents"].clone()).expect("tasks")
}

async fn archive_status(ts: &TestSim, tenant: &str) -> Option<String> {
    tasks(&ts.get(&routes::tenant_archive_log_tasks(tenant)).await).first().map(|t| t.status.clone())
}

#[tokio::test]
async fn every_route_needs_auth_first() {
    let ts = healthy();
    let cases = [
        (Method::GET, routes::TENANTS_OVERVIEW.to_string()),
        (Method::GET, routes::tenant_archive_log_tasks("nope")),
        (Method::GET, routes::tenant_completed_backup_jobs("nope", 1)),
        (Method::PATCH, routes::tenant_archive_log("sys")),
        (Method::PATCH, routes::tenant_backup("")),
    ];
    for (method, uri) in cases {
        let resp = ts.plain(method.clone(), &uri).await;
        assert_eq!(resp.error().1, "Request.Header.NotFound", "{method} {uri}");
    }
    let mut wrong = healthy();
    wrong.password = "wrong".into();
    let resp = wrong.get(routes::TENANTS_OVERVIEW).await;
    assert_eq!(resp.error().1, "Security.Authentication.IncorrectOceanbasePassword");
}

#[tokio::test]
async fn overview_lists_sys_and_user_tenants_as_contents() {
    let ts = healthy();
    let resp = ts.get(routes::TENANTS_OVERVIEW).await;
    resp.ok();
    let rows: Vec<TenantOverview> = serde_json::from_value(resp.data()["contents"].clone()).unwrap();
    let names: Vec<(&str, i64)> = rows.iter().map(|t| (t.tenant_name.as_str(), t.tenant_id)).collect();
    assert_eq!(names, [("sys", 1), ("t1", 1002), ("t2", 1004)]);
    assert!(rows.iter().all(|t| t.mode == "MYSQL" && t.in_recyclebin == "NO" && t.created_time.is_some()));
    assert_eq!(rows[1].connection_strings[0].kind, "DIRECT");
    assert!(!rows[0].can_back_up() && rows[1].can_back_up());
    assert_eq!(ts.get("/api/v1/tenants/overview?mode=MYSQL").await.data()["contents"].as_array().unwrap().len(), 3);
    assert_eq!(ts.get("/api/v1/tenants/overview?mode=ORACLE").await.data()["contents"], json!([]));
    assert_eq!(
        ts.get("/api/v1/tenants/overview?mode=mysql").await.error(),
        (400, "OB.Tenant.Mode.NotSupported".into(), "Tenant mode 'mysql' is not supported.".into())
    );
    // Identity beats everything after auth.
    let (mut config, clock) = config();
    config.identity = "FOLLOWER".into();
    let ts = start(config, clock);
    assert_eq!(ts.get("/api/v1/tenants/overview?mode=bad").await.error().1, "Agent.Identify.NotSupportOperation");
}

#[tokio::test]
async fn tenant_checks_come_in_obshell_order_before_the_body() {
    let ts = healthy();
    for uri in [routes::tenant_archive_log("sys"), routes::tenant_backup("sys")] {
        let resp = ts.patch(&uri, json!({"status": 7})).await;
        assert_eq!(
            resp.error(),
            (400, "OB.Tenant.SysOperationNotAllowed".into(), "System tenant is not allowed to perform this operation".into())
        );
    }
    let resp = ts.get(&routes::tenant_archive_log_tasks("ghost")).await;
    assert_eq!(resp.error(), (400, "OB.Tenant.NotExist".into(), "Tenant 'ghost' does not exist.".into()));
    // Then the body, then its value.
    let resp = ts.patch(&routes::tenant_archive_log("t1"), json!({"status": 7})).await;
    assert_eq!(resp.error().1, "Common.BindJsonFailed");
    let resp = ts.patch(&routes::tenant_archive_log("t1"), json!({"status": "pause"})).await;
    assert_eq!(
        resp.error(),
        (400, "OB.Backup.ArchiveLogStatus.Invalid".into(), "Invalid archive log status: 'PAUSE', must be 'STOP' or 'DOING'".into())
    );
    let resp = ts.patch(&routes::tenant_backup("t1"), json!({"status": "stopped"})).await;
    assert_eq!(
        resp.error(),
        (400, "OB.Backup.Status.Invalid".into(), "Invalid backup status: 'stopped', must be 'canceled'".into())
    );
    let (mut config, clock) = config();
    config.identity = "SINGLE".into();
    let ts = start(config, clock);
    let resp = ts.patch(&routes::tenant_archive_log("sys"), json!({})).await;
    assert_eq!(resp.error().1, "Agent.Identify.NotSupportOperation", "identity before the tenant");
}

#[tokio::test]
async fn archive_patches_drive_what_the_tasks_route_reports() {
    let ts = healthy();
    assert_eq!(archive_status(&ts, "t1").await, None, "stopped: nothing listed");
    ts.patch(&routes::tenant_archive_log("t1"), json!({"status": "doing"})).await.ok();
    ts.advance(10.0);
    let listed = tasks(&ts.get(&routes::tenant_archive_log_tasks("t1")).await);
    assert_eq!(listed.len(), 1);
    let task = &listed[0];
    assert_eq!((task.tenant_id, task.tenant_name.as_str(), task.round_id, task.status.as_str()), (1002, "t1", 1, "DOING"));
    assert_eq!(task.path, "file:///data/backup/1/1002/clog");
    assert_eq!(task.delay, 1.234, "a float, as obshell's truncate(..., 4)");
    assert_eq!(archive_status(&ts, "t2").await, None, "only t1 changed");

    // PATCH success has no data key.
    let resp = ts.patch(&routes::tenant_archive_log("t1"), json!({"status": "SUSPEND"})).await;
    resp.ok();
    assert!(resp.body.get("data").is_none(), "{}", resp.body);
    assert_eq!(archive_status(&ts, "t1").await.as_deref(), Some("SUSPEND"));
    // The cluster route changes every tenant; an empty body means STOP.
    ts.patch(routes::CLUSTER_BACKUP_LOG, json!({"status": "DOING"})).await.ok();
    assert_eq!(archive_status(&ts, "t1").await.as_deref(), Some("DOING"));
    assert_eq!(archive_status(&ts, "t2").await.as_deref(), Some("DOING"));
    ts.patch(routes::CLUSTER_BACKUP_LOG, json!({})).await.ok();
    assert_eq!(archive_status(&ts, "t1").await, None);
    ts.patch(&routes::tenant_archive_log("t1"), json!({"status": "DOING"})).await.ok();
    assert_eq!(tasks(&ts.get(&routes::tenant_archive_log_tasks("t1")).await)[0].round_id, 2, "a new round");
}

#[tokio::test]
async fn an_interrupted_archive_refuses_changes() {
    let ts = healthy();
    assert!(ts.sim.interrupt_archive_log("t2"));
    assert!(!ts.sim.interrupt_archive_log("sys"));
    let resp = ts.patch(routes::CLUSTER_BACKUP_LOG, json!({"status": "DOING"})).await;
    assert_eq!(
        resp.error(),
        (500, "Common.Unexpected".into(), "Unexpected error: tenant t2 archive log is interrupted".into())
    );
    // Tenants before the interrupted one were changed, as obshell's loop does.
    assert_eq!(archive_status(&ts, "t1").await.as_deref(), Some("DOING"));
    assert_eq!(archive_status(&ts, "t2").await, None, "interrupted rounds are not listed");
    assert_eq!(ts.patch(&routes::tenant_archive_log("t2"), json!({"status": "STOP"})).await.error().0, 500);
    // Deferring the destination does not look at the status.
    ts.patch(&routes::tenant_archive_log("t2"), json!({"status": "SUSPEND"})).await.ok();
    // A backup DAG fails at "Open archive log".
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 120.0).await;
    assert_eq!((dag.state.to_string(), dag.stage), ("FAILED".to_string(), 2));
    let logs: Vec<String> = dag.nodes.unwrap()[1].sub_tasks[0].task_logs.clone().unwrap_or_default();
    assert!(logs.iter().any(|l| l.contains("tenant t2 archive log is interrupted")), "{logs:?}");
}

#[tokio::test]
async fn tenant_cancel_stops_only_that_tenants_job() {
    let ts = healthy();
    let id = ts.start_backup(json!({})).await;
    ts.run_for(15.0).await;
    ts.dag(&id).await;
    let running = |v: &Value| v["status"] == json!("DOING") || v["status"] == json!("BEGINNING");
    let overview = ts.get(routes::CLUSTER_BACKUP_OVERVIEW).await;
    assert!(overview.data()["statuses"].as_array().unwrap().iter().all(running), "{}", overview.body);
    let resp = ts.patch(&routes::tenant_backup("t1"), json!({})).await;
    resp.ok();
    assert!(resp.body.get("data").is_none());
    let overview = ts.get(routes::CLUSTER_BACKUP_OVERVIEW).await;
    let statuses = overview.data()["statuses"].as_array().unwrap().clone();
    assert_eq!(statuses[0]["status"], json!("CANCELED"), "{}", overview.body);
    assert!(running(&statuses[1]), "{}", overview.body);
}

#[tokio::test]
async fn interrupt_hook() {
    let ts = healthy();
    let resp = ts
        .send(
            axum::http::Request::post("/__sim/archive/interrupt")
                .body(axum::body::Body::from(r#"{"tenant":"t1"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(resp.status, 200);
    assert_eq!(ts.patch(&routes::tenant_archive_log("t1"), json!({"status": "DOING"})).await.error().0, 500);
    let resp = ts
        .send(axum::http::Request::post("/__sim/archive/interrupt").body(axum::body::Body::from(r#"{"tenant":"x"}"#)).unwrap())
        .await;
    assert_eq!(resp.status, 400);
}
