//! Error messages in the request's language (`Accept-Language`, obshell's single-tag rule).

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use obshell_api::routes;
use obshell_sim::Scenario;
use serde_json::{json, Value};

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn with_language(mut request: Request<Body>, language: &str) -> Request<Body> {
    request.headers_mut().insert("accept-language", language.parse().unwrap());
    request
}

/// Every error the backup, config, archive, tenant, task and auth routes can answer.
fn error_requests(ts: &TestSim) -> Vec<(&'static str, Request<Body>)> {
    let signed = |method: Method, uri: &str, body: Option<Value>| ts.signed(method, uri, body.as_ref());
    let mut expired = signed(Method::GET, "/api/v1/task/dag/unfinish", None);
    let old = json!({"Auth": PASSWORD, "Ts": "1", "Uri": "/api/v1/task/dag/unfinish"});
    expired.headers_mut().insert("x-ocs-header", ts.encrypt_header(&old).parse().unwrap());
    let mut bad_ts = signed(Method::GET, "/api/v1/task/dag/unfinish", None);
    let bad = json!({"Auth": PASSWORD, "Ts": "soon", "Uri": "/api/v1/task/dag/unfinish"});
    bad_ts.headers_mut().insert("x-ocs-header", ts.encrypt_header(&bad).parse().unwrap());
    let mut wrong_pw = signed(Method::GET, "/api/v1/task/dag/unfinish", None);
    let wrong = json!({"Auth": "nope", "Ts": expiry(), "Uri": "/api/v1/task/dag/unfinish"});
    wrong_pw.headers_mut().insert("x-ocs-header", ts.encrypt_header(&wrong).parse().unwrap());
    let mut session = signed(Method::GET, "/api/v1/task/dag/unfinish", None);
    let ghost = json!({"Auth": "", "Ts": expiry(), "Uri": "/api/v1/task/dag/unfinish", "session_id": "ab"});
    session.headers_mut().insert("x-ocs-header", ts.encrypt_header(&ghost).parse().unwrap());
    let mut garbage = signed(Method::GET, "/api/v1/task/dag/unfinish", None);
    garbage.headers_mut().insert("x-ocs-header", "bm9wZQ==".parse().unwrap());
    let mut no_keys = signed(Method::POST, routes::CLUSTER_BACKUP, None);
    *no_keys.body_mut() = Body::from("AAAAAAAAAAAAAAAAAAAAAA==");
    vec![
        ("Request.Header.NotFound", Request::get("/api/v1/task/dag/unfinish").body(Body::empty()).unwrap()),
        ("Security.Authentication.Header.UriMismatch", {
            let mut r = signed(Method::GET, "/api/v1/task/dag/unfinish", None);
            *r.uri_mut() = "/api/v1/task/dags/ob".parse().unwrap();
            r
        }),
        ("Security.Authentication.Expired", expired),
        ("Security.Authentication.Timestamp.Invalid", bad_ts),
        ("Security.Authentication.IncorrectOceanbasePassword", wrong_pw),
        ("Security.Authentication.SessionInvalid", session),
        ("Security.Authentication.Header.DecryptFailed", garbage),
        ("Request.Body.Decrypt.AES.KeyAndIv.Invalid", no_keys),
        ("Common.NotFound", signed(Method::GET, "/api/v1/nope", None)),
        ("Common.BindJsonFailed", signed(Method::POST, routes::CLUSTER_BACKUP, Some(json!({"mode": 1})))),
        ("OB.Backup.Mode.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP, Some(json!({"mode": "diff"})))),
        ("OB.Backup.Status.Invalid", signed(Method::PATCH, routes::CLUSTER_BACKUP, Some(json!({"status": "x"})))),
        ("OB.Backup.ArchiveLogStatus.Invalid", signed(Method::PATCH, routes::CLUSTER_BACKUP_LOG, Some(json!({"status": "x"})))),
        ("OB.Backup.BaseUriEmpty", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({})))),
        ("OB.Backup.BaseUriEmpty", signed(Method::PATCH, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"binding": "optional"})))),
        ("OB.Storage.URI.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "ftp://x"})))),
        ("OB.Backup.Binding.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "binding": "x"})))),
        ("Common.InvalidTimeDuration", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "piece_switch_interval": "soon"})))),
        ("OB.Backup.PieceSwitchInterval.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "piece_switch_interval": "1h"})))),
        ("OB.Backup.LogArchiveConcurrency.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "log_archive_concurrency": 101})))),
        ("OB.Backup.HaLowThreadScore.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "ha_low_thread_score": 101})))),
        ("OB.Backup.ArchiveLagTarget.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "archive_lag_target": "3h"})))),
        ("OB.Backup.ArchiveLagTargetForS3.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "s3://b", "archive_lag_target": "10s"})))),
        ("OB.Backup.DeletePolicy.Invalid", signed(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(json!({"backup_base_uri": "file:///b", "delete_policy": {"policy": "never"}})))),
        ("OB.Tenant.SysOperationNotAllowed", signed(Method::PATCH, &routes::tenant_archive_log("sys"), Some(json!({})))),
        ("OB.Tenant.NotExist", signed(Method::GET, &routes::tenant_archive_log_tasks("ghost"), None)),
        ("OB.Tenant.Mode.NotSupported", signed(Method::GET, "/api/v1/tenants/overview?mode=x", None)),
        ("Task.NotFound", signed(Method::GET, "/api/v1/task/dag/1999", None)),
        ("Task.GenericID.Invalid", signed(Method::GET, "/api/v1/task/dag/x1", None)),
        ("Task.Dag.Operator.NotSupport", signed(Method::POST, "/api/v1/task/dag/11", Some(json!({"operator": "x"})))),
    ]
}

#[tokio::test]
async fn zh_cn_gets_chinese_for_every_error() {
    let ts = healthy();
    assert_eq!(ts.start_backup(json!({})).await, "11");
    for (code, request) in error_requests(&ts) {
        let resp = ts.send(with_language(request, "zh-CN")).await;
        let (_, err_code, message) = resp.error();
        assert_eq!(err_code, code, "{message}");
        assert!(has_chinese(&message), "{code}: {message}");
    }
}

#[tokio::test]
async fn english_without_a_single_tag_and_the_same_codes() {
    let ts = healthy();
    assert_eq!(ts.start_backup(json!({})).await, "11");
    for language in [None, Some("zh-CN,zh;q=0.9,en;q=0.8"), Some("en-US")] {
        for (code, request) in error_requests(&ts) {
            let request = match language {
                Some(l) => with_language(request, l),
                None => request,
            };
            let resp = ts.send(request).await;
            let (_, err_code, message) = resp.error();
            assert_eq!(err_code, code);
            assert!(!has_chinese(&message), "{language:?} {code}: {message}");
        }
    }
}

#[tokio::test]
async fn exact_wording_for_the_panels_main_errors() {
    let (mut config, clock) = config();
    config.scenario = Scenario::NoBackupConfig;
    let ts = start(config, clock);
    let zh = |r| with_language(r, "zh");
    let resp = ts.send(zh(ts.signed(Method::POST, routes::CLUSTER_BACKUP, Some(&json!({}))))).await;
    assert_eq!(resp.error(), (400, "OB.Backup.ArchiveDestEmpty".into(), "租户：t1(1002) 的归档目标路径为空".into()));
    ts.sim.set_scenario(Scenario::NoUserTenants);
    let resp = ts.send(zh(ts.signed(Method::POST, routes::CLUSTER_BACKUP, Some(&json!({}))))).await;
    assert_eq!(resp.message(), "未找到用户租户");
    let mut stale = ts.signed(Method::GET, "/api/v1/task/dag/unfinish", None);
    let old = json!({"Auth": PASSWORD, "Ts": "1", "Uri": "/api/v1/task/dag/unfinish"});
    stale.headers_mut().insert("x-ocs-header", ts.encrypt_header(&old).parse().unwrap());
    assert_eq!(ts.send(zh(stale)).await.message(), "认证失败: 认证信息已过期");
    ts.sim.set_scenario(Scenario::Healthy);
    assert!(ts.sim.interrupt_archive_log("t1"));
    let resp = ts.send(zh(ts.signed(Method::PATCH, routes::CLUSTER_BACKUP_LOG, Some(&json!({"status": "DOING"}))))).await;
    assert_eq!(resp.message(), "非预期错误：tenant t1 archive log is interrupted");
}

#[tokio::test]
async fn panics_stay_english() {
    let ts = healthy();
    // A plain-JSON body makes obshell's body decryption panic: gin's recovery answers.
    let mut request = ts.signed(Method::POST, routes::CLUSTER_BACKUP, Some(&json!({})));
    *request.body_mut() = Body::from("{}");
    let resp = ts.send(with_language(request, "zh-CN")).await;
    assert_eq!(resp.error(), (500, "Common.Unexpected".into(), "Unexpected error: Internal Server Error".into()));
}
