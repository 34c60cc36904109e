//! The seed document's response example must decode field for field.
//!
//! Fixture: `tests/fixtures/seed_start_backup_response.json`, copied verbatim from the "Response
//! example" of `/work/shared/seed/000_c76bb1f9ad82dc02.txt` ("Initiate a cluster-level backup",
//! `POST /api/v1/obcluster/backup`). Expected values below are read off that page, not off this
//! crate.

mod common;

use chrono::{FixedOffset, Timelike};
use common::SEED_RESPONSE;
use obshell_api::generic_id::AgentAddr;
use obshell_api::{BackupMode, BackupRequest, DagDetail, Envelope, GenericId, ObTime, Operator, State};
use std::net::Ipv4Addr;

fn seed() -> Envelope<DagDetail> {
    serde_json::from_str(SEED_RESPONSE).expect("the seed's response example decodes")
}

fn plus_eight() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

#[test]
fn envelope_fields_match_the_page() {
    let env = seed();
    assert!(env.successful);
    // `timestamp` is kept as text, byte for byte (reference/obshell-api.md §3).
    assert_eq!(env.timestamp, "2024-01-09T17:11:43.385889278+08:00");
    assert_eq!(env.duration, 1);
    assert_eq!(env.status, 200);
    assert_eq!(env.trace_id, "877fe32b83634153");
    assert!(env.error.is_none(), "a success has no error object");
    assert!(env.data.is_some());
}

#[test]
fn envelope_timestamp_text_is_a_valid_obshell_time() {
    // Go's time.Time JSON with nanoseconds and the agent's offset.
    let t = ObTime::parse(&seed().timestamp).expect("timestamp parses");
    assert_eq!(t.offset(), plus_eight());
    assert_eq!(t.0.nanosecond(), 385_889_278);
    // `date -d 2024-01-09T17:11:43.385889278+08:00 +%s%3N`
    assert_eq!(t.unix_millis(), 1_704_791_503_385);
}

#[test]
fn dag_scalar_fields_match_the_page() {
    let dag = seed().data.unwrap();
    assert_eq!(dag.id, "22130706433028869");
    assert_eq!(dag.dag_id, 4);
    assert_eq!(dag.name, "Obcluster start full backup");
    assert_eq!(dag.stage, 1);
    assert_eq!(dag.max_stage, 2);
    assert_eq!(dag.state, State::Ready);
    assert_eq!(dag.operator, Operator::Run);
    assert_eq!(dag.additional_data, None, "\"additional_data\": null");
    assert_eq!(dag.nodes, None, "\"nodes\": null (the create call shows no details)");
    assert!(dag.nodes().is_empty());
    // The page has no maintenance keys: they default rather than fail the decode.
    assert_eq!(dag.maintenance_type, 0);
    assert_eq!(dag.maintenance_key, "");
}

#[test]
fn dag_id_is_a_local_ipv4_generic_id() {
    // reference/obshell-api.md §4.4: "2" + IPv4 as a 10-digit u32 + 5-digit port + id.
    // 127.0.0.1 = 127 * 2^24 + 1 = 2130706433, port 02886, id 9.
    let id: GenericId = seed().data.unwrap().id.parse().expect("a valid generic id");
    assert_eq!(id, GenericId::Local { agent: AgentAddr::V4(Ipv4Addr::new(127, 0, 0, 1), 2886), id: 9, obproxy: false });
    assert_eq!(id.raw_id(), 9);
    assert_eq!(id.to_string(), "22130706433028869", "formatting gives the wire text back");
}

#[test]
fn start_and_end_times_keep_offset_and_nanoseconds() {
    let dag = seed().data.unwrap();
    let start = dag.start_time.expect("start_time parsed");
    let end = dag.end_time.expect("end_time parsed");
    for t in [start, end] {
        assert_eq!(t.offset(), plus_eight());
        assert_eq!(t.0.nanosecond(), 384_630_643);
        assert_eq!((t.0.hour(), t.0.minute(), t.0.second()), (17, 11, 43), "local wall clock");
        // `date -d 2024-01-09T17:11:43.384630643+08:00 +%s%3N`
        assert_eq!(t.unix_millis(), 1_704_791_503_384);
        assert!(t.is_set(), "a real instant, not a sentinel");
        assert_eq!(t.to_go_string(), "2024-01-09T17:11:43.384630643+08:00");
    }
    assert_eq!(start, end);
}

#[test]
fn seed_dag_rules() {
    // A READY DAG has not started: no bar, not finished, only cancel allowed (§4.5).
    let dag = seed().data.unwrap();
    assert!(!dag.is_finished());
    assert!(dag.current_node().is_none(), "no nodes in a create response");
    assert!(dag.failed_node().is_none());
    assert!(!dag.was_cancelled());
    assert_eq!(dag.allowed_operators(), vec![obshell_api::dag::DagOperator::Cancel]);
    assert_eq!(dag.span(), obshell_api::Span::NotStarted);
    assert_eq!(dag.axis(1_704_791_600_000), None);
}

#[test]
fn seed_re_encodes_to_the_same_json() {
    let env = seed();
    let out = serde_json::to_value(&env).unwrap();
    let original: serde_json::Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    // Every key of the page comes back with the same value. The crate adds the two
    // maintenance keys obshell itself sends (reference §4.1); the page omits them.
    let (out_data, orig_data) = (&out["data"], &original["data"]);
    for (key, value) in original.as_object().unwrap() {
        if key != "data" {
            assert_eq!(&out[key], value, "envelope key {key}");
        }
    }
    for (key, value) in orig_data.as_object().unwrap() {
        assert_eq!(&out_data[key], value, "data key {key}");
    }
    assert_eq!(out_data["maintenance_type"], 0);
    assert_eq!(out_data["maintenance_key"], "");
}

#[test]
fn seed_request_example() {
    // The page's request example has a trailing comma: not JSON. obshell's BindJSON would
    // answer Common.BindJsonFailed (reference §2.1 step 2); serde refuses it as well.
    assert!(serde_json::from_str::<BackupRequest>("{\n  \"mode\":\"full\",\n}").is_err());
    // Without the comma it is the documented body.
    let req: BackupRequest = serde_json::from_str(r#"{"mode":"full"}"#).unwrap();
    assert_eq!(req.mode, Some(BackupMode::Full));
    assert_eq!(req.plus_archive, None);
    assert_eq!(req.encryption, None);
}
