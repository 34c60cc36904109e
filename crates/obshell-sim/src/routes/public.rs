//! The routes without `Verify` (reference §1.1).

use crate::envelope::Reply;
use crate::state::Sim;
use axum::extract::State;
use obshell_api::agent::{AgentRef, AgentStatus};
use obshell_api::{AgentInfo, SecretInfo};

/// The obshell release the sim claims to be (>= 4.2.3, so clients pick auth v2).
const VERSION: &str = "4.5.0.0-100000012026050811";
const OB_VERSION: &str = "4.3.5.2-102000042025031818";

fn start_at_nanos(sim: &Sim) -> i64 {
    sim.started_at().timestamp_nanos_opt().unwrap_or_default()
}

pub(super) async fn secret(State(sim): State<Sim>) -> Reply {
    let agent = sim.answering_agent();
    Reply::data(&SecretInfo { ip: agent.ip, port: agent.port, public_key: sim.public_key_base64() })
}

pub(super) async fn info(State(sim): State<Sim>) -> Reply {
    let agent = sim.answering_agent();
    Reply::data(&AgentInfo {
        pid: i64::from(std::process::id()),
        state: 2,
        start_at: start_at_nanos(&sim),
        home_path: "/home/admin/obshell".into(),
        ob_version: OB_VERSION.into(),
        architecture: std::env::consts::ARCH.into(),
        ip: agent.ip,
        port: agent.port,
        zone: "zone1".into(),
        identity: sim.config().identity.clone(),
        version: VERSION.into(),
        is_obproxy_agent: false,
        security: false,
        // Only v2: the Python client takes the first entry it supports (reference sdks §2).
        supported_auth: vec!["v2".into()],
    })
}

pub(super) async fn status(State(sim): State<Sim>) -> Reply {
    let agent = sim.answering_agent();
    Reply::data(&AgentStatus {
        agent: AgentRef { ip: agent.ip, port: agent.port, identity: sim.config().identity.clone() },
        state: 2,
        version: VERSION.into(),
        pid: i64::from(std::process::id()),
        start_at: start_at_nanos(&sim),
        port: agent.port,
        ob_state: 3,
        sql_port: Some(2881),
        under_maintenance: false,
    })
}

/// Go's `time.Now()` as JSON: RFC 3339 with nanoseconds, in the agent's zone.
pub(super) async fn time(State(sim): State<Sim>) -> Reply {
    Reply::Data(serde_json::Value::String(sim.now_text()))
}
