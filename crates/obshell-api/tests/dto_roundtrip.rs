//! Every DTO survives JSON -> struct -> JSON -> struct, decoding the realistic obshell JSON of
//! reference/obshell-api.md (§1.1 info/status/secret, §2 bodies, §3 envelope, §4 DAG DTOs) and
//! obshell-sdks.md (§3 SDK bodies, §4 DagDetailDTO shape).

mod common;

use common::{dag_of, ms, phase, round_trip};
use obshell_api::agent::AgentRef;
use obshell_api::backup::{
    ArchiveLogStatusParam, BackupStatusParam, CdbObBackupTask, ClusterBackupConfigParam, ClusterBackupOverview,
    DeletePolicy, TenantBackupOverview,
};
use obshell_api::dag::{ExecuteAgent, SubTaskDetail};
use obshell_api::envelope::SubError;
use obshell_api::{
    AgentInfo, AgentStatus, ApiError, BackupMode, BackupRequest, Contents, DagDetail, Envelope, NodeDetail, ObTime,
    Operator, SecretInfo, State,
};

// ---------------------------------------------------------------------------------------------
// DagDetailDTO (§4.1–4.3)
// ---------------------------------------------------------------------------------------------

/// A DAG with a node and sub-tasks, keys in obshell's struct order, plus things a newer agent
/// may send: unknown keys at every level, unknown state/operator values.
const DAG_WITH_EXTRAS: &str = r#"{
  "id": "11000000000000000001", "dag_id": 1000000000000000001, "name": "Obcluster start full backup",
  "stage": 2, "max_stage": 4, "maintenance_type": 1, "maintenance_key": "",
  "state": "PAUSED", "operator": "SUSPEND",
  "start_time": "2026-05-08T17:06:49.004417+08:00", "end_time": "2026-05-08T17:06:49.004417+08:00",
  "additional_data": {"sub_dags": [3, 4], "main_dag_id": "1123"},
  "is_finished": false, "can_rollback": true,
  "nodes": [{
    "id": "145", "node_id": 45, "name": "Check destination", "state": "SUCCEED", "operator": "RUN",
    "start_time": "2026-05-08T17:06:49.10562+08:00", "end_time": "2026-05-08T17:06:49.631007+08:00",
    "additional_data": null, "stage": 1, "future_node_key": {"x": 1},
    "sub_tasks": [
      {"id": "1101", "task_id": 101, "name": "Check destination", "state": "SUCCEED", "operator": "RUN",
       "start_time": "2026-05-08T17:06:49.21+08:00", "end_time": "2026-05-08T17:06:49.61+08:00",
       "additional_data": null, "execute_times": 1, "execute_agent": {"ip": "10.10.10.1", "port": 2886},
       "task_logs": [], "can_cancel": true},
      {"id": "1102", "task_id": 102, "name": "Check destination", "state": "RETRYING", "operator": "WAIT",
       "start_time": "2026-05-08T17:06:49.22+08:00", "end_time": "2026-05-08T17:06:49.62+08:00",
       "additional_data": {"k": "v"}, "execute_times": 3, "execute_agent": {"ip": "fd00::2", "port": 2886},
       "task_logs": ["first line", "WARN: something", "ERROR: [Common.Unexpected]: Unexpected error: boom"]}
    ]
  }]
}"#;

#[test]
fn dag_with_nodes_sub_tasks_and_extras_round_trips() {
    let dag: DagDetail = round_trip(DAG_WITH_EXTRAS);
    assert_eq!(dag.id, "11000000000000000001");
    assert_eq!(dag.dag_id, 1_000_000_000_000_000_001, "int64 ids keep every digit");
    // Values a newer obshell might send are kept, not refused (wire_enum's Unknown).
    assert_eq!(dag.state, State::Unknown("PAUSED".into()));
    assert_eq!(dag.operator, Operator::Unknown("SUSPEND".into()));
    let extra = dag.additional_data.as_ref().expect("additional_data object");
    assert_eq!(extra["main_dag_id"], "1123");

    let node: &NodeDetail = &dag.nodes()[0];
    assert_eq!((node.node_id, node.name.as_str(), node.state.clone()), (45, "Check destination", State::Succeed));
    assert_eq!(node.sub_tasks.len(), 2);
    let a: &SubTaskDetail = &node.sub_tasks[0];
    assert_eq!(a.execute_agent, ExecuteAgent { ip: "10.10.10.1".into(), port: 2886 });
    assert_eq!(a.execute_agent.to_string(), "10.10.10.1:2886", "the SDKs' \"ip:port\" (obshell-sdks.md §4)");
    assert_eq!(a.task_logs, Some(vec![]));
    let b = &node.sub_tasks[1];
    assert_eq!(b.state, State::Unknown("RETRYING".into()));
    assert_eq!(b.operator, Operator::Unknown("WAIT".into()));
    assert_eq!(b.execute_times, 3);
    assert_eq!(b.execute_agent.to_string(), "[fd00::2]:2886", "IPv6 agents are bracketed");
    assert_eq!(b.logs().len(), 3);
    assert_eq!(b.additional_data.as_ref().unwrap()["k"], "v");

    // Unknown values go back out exactly as they came in.
    let out = serde_json::to_value(&dag).unwrap();
    assert_eq!(out["state"], "PAUSED");
    assert_eq!(out["operator"], "SUSPEND");
    assert_eq!(out["nodes"][0]["sub_tasks"][1]["state"], "RETRYING");
    // Extra keys are ignored, not echoed.
    assert!(out.get("is_finished").is_none() && out.get("can_rollback").is_none());
    assert!(out["nodes"][0].get("future_node_key").is_none());
}

#[test]
fn dag_times_keep_the_agent_offset_across_a_round_trip() {
    let dag: DagDetail = round_trip(DAG_WITH_EXTRAS);
    let out = serde_json::to_value(&dag).unwrap();
    // Go's RFC3339Nano: trailing zeros trimmed, offset kept (§4.6) -- identical text back.
    assert_eq!(out["start_time"], "2026-05-08T17:06:49.004417+08:00");
    assert_eq!(out["nodes"][0]["end_time"], "2026-05-08T17:06:49.631007+08:00");
    assert_eq!(out["nodes"][0]["sub_tasks"][0]["start_time"], "2026-05-08T17:06:49.21+08:00");
    assert_eq!(dag.start_time.unwrap().unix_millis(), ms("2026-05-08T17:06:49.004417+08:00"));
}

#[test]
fn dag_with_null_nodes_and_missing_optionals() {
    // The create response: `nodes: null`, no maintenance keys, no additional_data (§4.1, §8).
    let text = r#"{"id":"112","dag_id":12,"name":"Obcluster start full backup","stage":1,"max_stage":4,
        "state":"READY","operator":"RUN","start_time":"0001-01-01T00:00:00Z","end_time":"0001-01-01T00:00:00Z",
        "nodes":null}"#;
    let dag: DagDetail = round_trip(text);
    assert_eq!(dag.nodes, None);
    assert!(dag.nodes().is_empty());
    assert_eq!(dag.additional_data, None);
    assert_eq!(dag.maintenance_type, 0);
    // Go's zero time: parsed (it is valid RFC 3339), but not a real instant.
    let zero = dag.start_time.expect("zero time parses");
    assert!(!zero.is_set());
    assert_eq!(zero, ObTime::go_zero());
    assert_eq!(serde_json::to_value(&dag).unwrap()["start_time"], "0001-01-01T00:00:00Z");

    // Even fewer keys: only what the decoder truly needs.
    let bare: DagDetail = round_trip(r#"{"id":"11","state":"RUNNING","operator":"RUN"}"#);
    assert_eq!((bare.dag_id, bare.stage, bare.max_stage, bare.name.as_str()), (0, 0, 0, ""));
    assert_eq!((bare.start_time, bare.end_time), (None, None));
}

#[test]
fn node_with_null_or_missing_sub_tasks_and_sub_task_without_agent() {
    let node: NodeDetail =
        round_trip(r#"{"id":"145","node_id":45,"name":"n","state":"PENDING","operator":"RUN","sub_tasks":null}"#);
    assert!(node.sub_tasks.is_empty());
    let node: NodeDetail = round_trip(r#"{"id":"145","state":"PENDING","operator":"RUN"}"#);
    assert!(node.sub_tasks.is_empty());
    // Python's SDK crashes on a missing execute_agent (obshell-sdks.md §4); this decoder must not.
    let task: SubTaskDetail = round_trip(r#"{"id":"1101","state":"PENDING","operator":"RUN","task_logs":null}"#);
    assert_eq!(task.execute_agent, ExecuteAgent::default());
    assert_eq!(task.task_logs, None);
    assert!(task.logs().is_empty());
}

#[test]
fn epoch_and_zero_sentinels_round_trip_with_their_text() {
    for text in ["0001-01-01T00:00:00Z", "1970-01-01T08:00:00+08:00", "1970-01-01T00:00:00Z"] {
        let json =
            format!(r#"{{"id":"1","state":"FAILED","operator":"CANCEL","start_time":"{text}","end_time":"{text}"}}"#);
        let node: NodeDetail = round_trip(&json);
        let t = node.start_time.unwrap_or_else(|| panic!("{text} parses"));
        assert!(!t.is_set(), "{text} is a sentinel (§4.6)");
        assert_eq!(serde_json::to_value(&node).unwrap()["start_time"], text);
    }
    // The epoch read back in the agent's zone is still the epoch instant.
    let t = ObTime::parse("1970-01-01T08:00:00+08:00").unwrap();
    assert_eq!(t.unix_millis(), 0);
}

#[test]
fn unparseable_times_are_lenient() {
    // A newer agent's odd time must not fail the whole DAG: lenient -> None, no error.
    for bad in [r#""yesterday""#, r#""2026-05-08 17:06:47""#, r#""""#, "1778231207", "null", "{}", "[]", "true"] {
        let json = format!(r#"{{"id":"1","state":"RUNNING","operator":"RUN","start_time":{bad},"end_time":{bad}}}"#);
        let task: SubTaskDetail = round_trip(&json);
        assert_eq!((task.start_time, task.end_time), (None, None), "{bad}");
        assert!(serde_json::to_value(&task).unwrap()["start_time"].is_null());
    }
}

#[test]
fn every_lifecycle_fixture_round_trips() {
    for (name, text) in phase::ALL {
        let env: Envelope<DagDetail> = round_trip(text);
        let dag = env.data.unwrap_or_else(|| panic!("{name}: data"));
        assert_eq!(dag.nodes().len(), 4, "{name}");
        assert_eq!(dag.max_stage, 4, "{name}");
        // The re-encoded DAG is the fixture's DAG, key for key (§4 shapes, Go time text).
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&dag).unwrap(), original["data"], "{name}");
    }
}

#[test]
fn dag_decodes_equal_from_compact_and_pretty_json() {
    let pretty = dag_of(phase::FAILED_STAGE3);
    let compact: serde_json::Value = serde_json::from_str(phase::FAILED_STAGE3).unwrap();
    let again: Envelope<DagDetail> = serde_json::from_str(&compact.to_string()).unwrap();
    assert_eq!(again.data.unwrap(), pretty);
}

// ---------------------------------------------------------------------------------------------
// Request bodies (§2.1–2.4, obshell-sdks.md §3 and §5)
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_request_round_trips_what_the_sdks_send() {
    // Python, all fields (obshell-sdks.md §6: the decrypted probe body).
    let r: BackupRequest = round_trip(r#"{"mode": "full", "plus_archive": true, "encryption": "enc-pass"}"#);
    assert_eq!(
        (r.mode, r.plus_archive, r.encryption.as_deref()),
        (Some(BackupMode::Full), Some(true), Some("enc-pass"))
    );
    // Go SDK: unset pointer fields are sent as null (§5).
    let r: BackupRequest = round_trip(r#"{"mode":null,"plus_archive":null,"encryption":null}"#);
    assert_eq!(r, BackupRequest::default());
    // The panel's incremental request.
    let r: BackupRequest = round_trip(r#"{"mode":"incremental","plus_archive":false}"#);
    assert_eq!((r.mode, r.plus_archive), (Some(BackupMode::Incremental), Some(false)));
    // An empty body is `{}` after obshell's PaddingBody.
    assert_eq!(round_trip::<BackupRequest>("{}"), BackupRequest::default());
}

#[test]
fn backup_request_accepts_empty_and_upper_case_modes_like_obshell() {
    // Python sends `{"mode": mode or ""}` (obshell-sdks.md §3); obshell lower-cases `mode` and
    // treats nil or "" as full (obshell-api.md §2.1). "A server must accept missing, null and
    // "" for mode, and treat all of them as full" (obshell-sdks.md §5).
    let r: BackupRequest = round_trip(r#"{"mode": ""}"#);
    assert_eq!(r.mode.unwrap_or_default(), BackupMode::Full);
    let r: BackupRequest = round_trip(r#"{"mode": "FULL", "plus_archive": true}"#);
    assert_eq!(r.mode, Some(BackupMode::Full));
    let r: BackupRequest = round_trip(r#"{"mode": "Incremental"}"#);
    assert_eq!(r.mode, Some(BackupMode::Incremental));
    // What goes out is always obshell's lower-case spelling.
    assert_eq!(
        serde_json::to_string(&BackupRequest { mode: Some(BackupMode::Incremental), ..Default::default() }).unwrap(),
        r#"{"mode":"incremental"}"#
    );
}

#[test]
fn backup_status_and_archive_log_params_round_trip() {
    let s: BackupStatusParam = round_trip(r#"{"status": "canceled"}"#);
    assert_eq!(s.status.as_deref(), Some("canceled"));
    assert_eq!(round_trip::<BackupStatusParam>(r#"{"status": null}"#), BackupStatusParam::default());
    assert_eq!(round_trip::<BackupStatusParam>("{}"), BackupStatusParam::default());
    // The value is carried, not judged: obshell validates it (§2.2).
    assert_eq!(round_trip::<BackupStatusParam>(r#"{"status":"CANCELED"}"#).status.as_deref(), Some("CANCELED"));

    for status in ["DOING", "STOP", "SUSPEND", "doing", ""] {
        let a: ArchiveLogStatusParam = round_trip(&format!(r#"{{"status": "{status}"}}"#));
        assert_eq!(a.status.as_deref(), Some(status));
    }
    assert_eq!(round_trip::<ArchiveLogStatusParam>("{}"), ArchiveLogStatusParam::default());
}

#[test]
fn cluster_backup_config_round_trips_with_delete_policy() {
    let text = r#"{
        "backup_base_uri": "oss://bucket/backup?host=oss-cn-hangzhou.aliyuncs.com&access_id=AK&access_key=SK",
        "log_archive_concurrency": 10, "binding": "optional", "ha_low_thread_score": 8,
        "piece_switch_interval": "1d", "archive_lag_target": "1m",
        "delete_policy": {"policy": "default", "recovery_window": "7d"},
        "Location": "ignored by obshell"
    }"#;
    let c: ClusterBackupConfigParam = round_trip(text);
    assert_eq!(c.backup_base_uri.as_deref().map(|u| u.starts_with("oss://")), Some(true));
    assert_eq!((c.log_archive_concurrency, c.ha_low_thread_score), (Some(10), Some(8)));
    assert_eq!(c.binding.as_deref(), Some("optional"));
    assert_eq!(c.piece_switch_interval.as_deref(), Some("1d"));
    assert_eq!(c.archive_lag_target.as_deref(), Some("1m"));
    assert_eq!(c.delete_policy, Some(DeletePolicy { policy: "default".into(), recovery_window: "7d".into() }));
    // The secret-bearing URI never reaches Debug output.
    assert!(!format!("{c:?}").contains("SK"));

    // Python sends only the fields that are set, delete_policy even with one half (§3).
    let c: ClusterBackupConfigParam =
        round_trip(r#"{"backup_base_uri":"file:///data/backup","delete_policy":{"policy":"default"}}"#);
    assert_eq!(c.delete_policy, Some(DeletePolicy { policy: "default".into(), recovery_window: String::new() }));
    assert_eq!(c.binding, None);
    let out = serde_json::to_value(&c).unwrap();
    assert!(out.get("binding").is_none(), "unset fields stay off the wire: {out}");
}

// ---------------------------------------------------------------------------------------------
// Backup overview (§1.4 CdbObBackupTask keys)
// ---------------------------------------------------------------------------------------------

const BACKUP_TASK: &str = r#"{
  "tenant_id": 1002, "task_id": 31, "job_id": 8, "incarnation": 1, "backup_set_id": 5,
  "start_timestamp": "2026-05-08T17:07:13.101284+08:00", "end_timestamp": "0001-01-01T00:00:00Z",
  "status": "DOING", "start_scn": 1778231233101284000, "end_scn": 0, "user_ls_start_scn": 1778231233098112000,
  "encryption_mode": "NONE", "input_bytes": 2147483648, "output_bytes": 536870912,
  "output_rate_bytes": 1048576.5, "extra_meta_bytes": 4096, "tablet_count": 120,
  "finish_tablet_count": 48, "macro_block_count": 900, "finish_macro_block_count": 350,
  "file_count": 12, "meta_turn_id": 1, "data_turn_id": 1, "result": 0, "comment": "",
  "path": "oss://bucket/backup/1/1002/data"
}"#;

#[test]
fn backup_task_round_trips_every_key() {
    let t: CdbObBackupTask = round_trip(BACKUP_TASK);
    assert_eq!((t.tenant_id, t.task_id, t.job_id, t.backup_set_id), (1002, 31, 8, 5));
    assert_eq!(t.status, "DOING");
    assert_eq!(t.start_scn, 1_778_231_233_101_284_000);
    assert_eq!(t.input_bytes, 2_147_483_648, "past i32");
    assert_eq!(t.output_rate_bytes, 1_048_576.5);
    assert_eq!(t.end_timestamp.as_deref(), Some("0001-01-01T00:00:00Z"));
    assert_eq!(t.path, "oss://bucket/backup/1/1002/data");
    // All 26 keys of §1.4 go back out.
    let out = serde_json::to_value(&t).unwrap();
    let original: serde_json::Value = serde_json::from_str(BACKUP_TASK).unwrap();
    assert_eq!(out, original);
}

#[test]
fn backup_overviews_round_trip() {
    let cluster: ClusterBackupOverview =
        round_trip(&format!(r#"{{"statuses":[{BACKUP_TASK},{{"tenant_id":1004,"status":"COMPLETED","result":0}}]}}"#));
    assert_eq!(cluster.statuses.len(), 2);
    assert_eq!(cluster.statuses[1].tenant_id, 1004);
    assert_eq!(cluster.statuses[1].start_timestamp, None, "Python reads every key with .get: all optional");
    let tenant: TenantBackupOverview = round_trip(&format!(r#"{{"status":{BACKUP_TASK}}}"#));
    assert_eq!(tenant.status.tenant_id, 1002);
    // The envelope as GET /obcluster/backup/overview sends it.
    let env: Envelope<ClusterBackupOverview> = round_trip(&format!(
        r#"{{"successful":true,"timestamp":"2026-05-08T17:08:00.1+08:00","duration":12,"status":200,"traceId":"9a8b7c6d5e4f3a2b","data":{{"statuses":[{BACKUP_TASK}]}}}}"#
    ));
    assert_eq!(env.data.unwrap().statuses[0].job_id, 8);
}

// ---------------------------------------------------------------------------------------------
// Agent routes (§1.1, §5.1)
// ---------------------------------------------------------------------------------------------

#[test]
fn agent_info_round_trips_obshell_keys() {
    let text = r#"{"pid": 31415, "state": 2, "startAt": 1778231207523910000, "homePath": "/home/admin/oceanbase",
        "obVersion": "4.3.5.2-102010022025042116", "architecture": "x86_64", "ip": "10.10.10.1", "port": 2886,
        "zone": "zone1", "identity": "CLUSTER AGENT", "version": "4.5.0.0-100000012026050811",
        "isObproxyAgent": false, "security": true, "supportedAuth": ["v2"]}"#;
    let info: AgentInfo = round_trip(text);
    assert_eq!(info.start_at, 1_778_231_207_523_910_000, "unix nanoseconds fit i64");
    assert_eq!(info.identity, "CLUSTER AGENT");
    assert_eq!(info.supported_auth, vec!["v2".to_string()]);
    assert!(info.security && !info.is_obproxy_agent);
    assert_eq!(info.check_compatible(), Ok(()));
    let out = serde_json::to_value(&info).unwrap();
    assert_eq!(out, serde_json::from_str::<serde_json::Value>(text).unwrap(), "the camelCase keys go back out");
}

#[test]
fn agent_status_round_trips_with_and_without_sql_port() {
    let text = r#"{"agent":{"ip":"10.10.10.1","port":2886,"identity":"CLUSTER AGENT"},"state":2,
        "version":"4.5.0.0-100000012026050811","pid":31415,"startAt":1778231207523910000,"port":2886,
        "obState":3,"sqlPort":2881,"underMaintenance":false}"#;
    let s: AgentStatus = round_trip(text);
    assert_eq!(s.agent, AgentRef { ip: "10.10.10.1".into(), port: 2886, identity: "CLUSTER AGENT".into() });
    assert_eq!((s.state, s.ob_state, s.sql_port), (2, 3, Some(2881)));
    // sqlPort is omitempty in Go (§1.1).
    let s: AgentStatus = round_trip(
        r#"{"agent":{"ip":"10.10.10.1","port":2886,"identity":"SINGLE"},"state":2,"version":"4.5.0.0-1","pid":1,"startAt":1,"port":2886,"obState":0,"underMaintenance":true}"#,
    );
    assert_eq!(s.sql_port, None);
    assert!(serde_json::to_value(&s).unwrap().get("sqlPort").is_none());
}

#[test]
fn secret_info_round_trips() {
    let text = r#"{"ip":"10.10.10.1","port":2886,"public_key":"MIGJAoGBAMWb5ZLhbpQ2l1eAy7Kx"}"#;
    let s: SecretInfo = round_trip(text);
    assert_eq!(s.public_key, "MIGJAoGBAMWb5ZLhbpQ2l1eAy7Kx");
    assert_eq!((s.ip.as_str(), s.port), ("10.10.10.1", 2886));
    // public_key is the one field a client cannot do without.
    assert!(serde_json::from_str::<SecretInfo>(r#"{"ip":"10.10.10.1","port":2886}"#).is_err());
}

// ---------------------------------------------------------------------------------------------
// Envelope and ApiError (§3)
// ---------------------------------------------------------------------------------------------

const OK_HEAD: &str = r#""successful":true,"timestamp":"2026-05-08T17:06:47.123456789+08:00","duration":2,"status":200,"traceId":"5f0c2a9d13e84b71""#;

#[test]
fn envelope_with_data_absent() {
    // PATCH success: no `data` key at all.
    let env: Envelope<DagDetail> = round_trip(&format!("{{{OK_HEAD}}}"));
    assert!(env.data.is_none() && env.error.is_none());
    let out = serde_json::to_value(&env).unwrap();
    assert!(out.get("data").is_none() && out.get("error").is_none(), "{out}");
    assert_eq!(out["traceId"], "5f0c2a9d13e84b71");
}

#[test]
fn envelope_with_data_null() {
    // A typed nil pointer serialises as `"data": null` (§3).
    let env: Envelope<DagDetail> = round_trip(&format!(r#"{{{OK_HEAD},"data":null}}"#));
    assert!(env.data.is_none());
    let env: Envelope<serde_json::Value> = round_trip(&format!(
        r#"{{{OK_HEAD},"data":{{"tenant_id":1002,"archive_base_uri":"oss://b/a","data_base_uri":"oss://b/d"}}}}"#
    ));
    assert_eq!(env.data.unwrap()["tenant_id"], 1002);
}

#[test]
fn envelope_with_an_object() {
    let env: Envelope<SecretInfo> =
        round_trip(&format!(r#"{{{OK_HEAD},"data":{{"ip":"10.10.10.1","port":2886,"public_key":"MIGJ"}}}}"#));
    assert_eq!(env.data.unwrap().public_key, "MIGJ");
    assert_eq!(env.status, 200);
    assert_eq!(env.duration, 2);
}

#[test]
fn envelope_with_contents() {
    // A Go slice in `data` is wrapped as {"contents": [...]} (§3).
    let dags = [dag_of(phase::RUNNING_STAGE2), dag_of(phase::CREATED)];
    let list = serde_json::to_string(&dags).unwrap();
    let env: Envelope<Contents<DagDetail>> = round_trip(&format!(r#"{{{OK_HEAD},"data":{{"contents":{list}}}}}"#));
    assert_eq!(env.data.unwrap().contents, dags);
    let empty: Envelope<Contents<DagDetail>> = round_trip(&format!(r#"{{{OK_HEAD},"data":{{"contents":[]}}}}"#));
    assert!(empty.data.unwrap().contents.is_empty());
}

#[test]
fn envelope_with_null_contents_is_an_empty_list() {
    // obshell wraps any slice, and a nil Go slice marshals as null: `{"contents": null}` is what
    // an empty list looks like when the handler never appended (`buildResponseData` in
    // ob/agent/lib/http/response.go wraps whatever slice it gets).
    let env: Envelope<Contents<DagDetail>> = round_trip(&format!(r#"{{{OK_HEAD},"data":{{"contents":null}}}}"#));
    assert_eq!(env.data.map(|d| d.contents.len()), Some(0));
    let env: Envelope<Contents<DagDetail>> = round_trip(&format!(r#"{{{OK_HEAD},"data":{{}}}}"#));
    assert_eq!(env.data.map(|d| d.contents.len()), Some(0));
}

#[test]
fn error_envelope_with_old_code() {
    let text = r#"{"successful":false,"timestamp":"2026-05-08T17:06:47.52391+08:00","duration":0,"status":401,"traceId":"",
        "error":{"code":10008,"errCode":"Security.Authentication.IncorrectOceanbasePassword","message":"Unauthorized: OceanBase password is incorrect"}}"#;
    let env: Envelope<DagDetail> = round_trip(text);
    assert!(!env.successful);
    assert_eq!(env.status, 401);
    assert_eq!(env.trace_id, "", "rejected before the trace id is set");
    assert!(env.data.is_none());
    let err = env.error.unwrap();
    assert_eq!(err.code, Some(10008));
    assert_eq!(err.err_code, "Security.Authentication.IncorrectOceanbasePassword");
    assert_eq!(err.message, "Unauthorized: OceanBase password is incorrect");
    assert_eq!(err.sub_errors, None);
}

#[test]
fn error_without_old_code_stays_without_it() {
    // `code` is omitted when 0 (§3) and must not reappear on the way out.
    let err: ApiError = round_trip(
        r#"{"errCode":"OB.Backup.ArchiveDestEmpty","message":"Archive destination is empty, tenant: t1(1002)"}"#,
    );
    assert_eq!(err.code, None);
    let out = serde_json::to_value(&err).unwrap();
    assert!(out.get("code").is_none() && out.get("subErrors").is_none(), "{out}");
}

#[test]
fn error_with_sub_errors_round_trips() {
    // NewSubErrorsResponse: "validation error" with ApiFieldError entries {tag, field, message},
    // or "unhandled error" with anything (ob/agent/lib/http/response.go).
    let text = r#"{"code":0,"errCode":"Common.BadRequest","message":"validation error","subErrors":[
        {"errCode":"Common.IllegalArgument","message":"mode is invalid"},
        {"tag":"required","field":"session_id","message":"Key: 'LogoutParam.SessionId' Error:Field validation for 'SessionId' failed on the 'required' tag"},
        "plain text", 42, null]}"#;
    let err: ApiError = round_trip(text);
    let subs = err.sub_errors.as_ref().expect("subErrors");
    assert_eq!(subs.len(), 5);
    assert_eq!(
        subs[0],
        SubError::Structured { err_code: "Common.IllegalArgument".into(), message: "mode is invalid".into() }
    );
    assert_eq!(subs[0].describe(), "Common.IllegalArgument: mode is invalid");
    assert!(subs[1].describe().contains("'required' tag"));
    assert_eq!(subs[2], SubError::Text("plain text".into()));
    assert_eq!(subs[3].describe(), "42");
    assert_eq!(err.code, Some(0));
}
