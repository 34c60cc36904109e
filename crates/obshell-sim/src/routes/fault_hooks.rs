//! Test hooks for deterministic faults (`--test-hooks` only): injections, blackouts, clock
//! skew and the request counter, as plain JSON for browser tests that drive a sim process.

use crate::inject::{static_method, Action, Injection};
use crate::state::Sim;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

pub(super) fn router() -> Router<Sim> {
    Router::new()
        .route("/__sim/inject", post(inject).delete(clear))
        .route("/__sim/blackout", post(blackout))
        .route("/__sim/clock-skew", get(skew).post(set_skew))
        .route("/__sim/api-requests", get(api_requests))
        .route("/__sim/archive/interrupt", post(interrupt_archive))
}

fn bad_request(reason: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": reason.to_string()}))).into_response()
}

/// A hook body, decoded without axum's `Json` extractor so a bad body gets the hooks' own
/// `{"error": ...}` form (and no content-type is required of a quick `curl`).
fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

fn default_content_type() -> String {
    "application/json".into()
}

/// The JSON form of [`Action`], tagged by `type`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ActionBody {
    /// `body` is text (JSON to return is given as a string).
    Reply {
        status: u16,
        #[serde(default = "default_content_type")]
        content_type: String,
        #[serde(default)]
        body: String,
    },
    Delay { ms: u64 },
    Drop,
    Reset,
    Truncate { keep_bytes: usize },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InjectBody {
    method: String,
    path: String,
    #[serde(default)]
    times: Option<u32>,
    action: ActionBody,
}

/// Body: `{"method": "GET", "path": "/api/v1/task/dag/*", "times": 1, "action": {...}}`.
async fn inject(State(sim): State<Sim>, body: Bytes) -> Response {
    let body: InjectBody = match decode(&body) {
        Ok(body) => body,
        Err(reason) => return bad_request(reason),
    };
    let Some(method) = static_method(&body.method) else {
        return bad_request(format!("unknown method {:?}", body.method));
    };
    let action = match body.action {
        ActionBody::Reply { status, content_type, body } => {
            if !(100..=999).contains(&status) {
                return bad_request(format!("status {status} is not an HTTP status"));
            }
            Action::Reply { status, content_type, body: Bytes::from(body) }
        }
        ActionBody::Delay { ms } => Action::Delay(Duration::from_millis(ms)),
        ActionBody::Drop => Action::Drop,
        ActionBody::Reset => Action::Reset,
        ActionBody::Truncate { keep_bytes } => Action::Truncate { keep_bytes },
    };
    sim.inject(Injection { method, path: body.path.clone(), times: body.times, action });
    Json(json!({"injected": {"method": method, "path": body.path, "times": body.times}})).into_response()
}

async fn clear(State(sim): State<Sim>) -> Response {
    sim.clear_injections();
    Json(json!({"cleared": true})).into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlackoutBody {
    ms: u64,
}

/// Body: `{"ms": 3000}`. The answer comes before the blackout matters (this connection is
/// the test's, and hooks are outside `/api/v1`), but later connections are refused.
async fn blackout(State(sim): State<Sim>, body: Bytes) -> Response {
    match decode::<BlackoutBody>(&body) {
        Ok(BlackoutBody { ms }) => {
            sim.blackout(Duration::from_millis(ms));
            Json(json!({"blackout_ms": ms})).into_response()
        }
        Err(reason) => bad_request(reason),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkewBody {
    /// Milliseconds the agent's clock runs ahead (negative: behind).
    ms: i64,
}

async fn skew(State(sim): State<Sim>) -> Response {
    Json(json!({"ms": sim.clock_skew().num_milliseconds()})).into_response()
}

/// Body: `{"ms": -600000}` (ten minutes behind).
async fn set_skew(State(sim): State<Sim>, body: Bytes) -> Response {
    match decode::<SkewBody>(&body) {
        Ok(SkewBody { ms }) => match chrono::Duration::try_milliseconds(ms) {
            Some(offset) => {
                sim.set_clock_skew(offset);
                Json(json!({"ms": ms})).into_response()
            }
            None => bad_request("skew out of range"),
        },
        Err(reason) => bad_request(reason),
    }
}

async fn api_requests(State(sim): State<Sim>) -> Response {
    Json(json!({"api_requests": sim.api_requests()})).into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantBody {
    tenant: String,
}

/// Body: `{"tenant": "t1"}`: that tenant's archive log becomes `INTERRUPTED`.
async fn interrupt_archive(State(sim): State<Sim>, body: Bytes) -> Response {
    match decode::<TenantBody>(&body) {
        Ok(TenantBody { tenant }) if sim.interrupt_archive_log(&tenant) => {
            Json(json!({"interrupted": tenant})).into_response()
        }
        Ok(TenantBody { tenant }) => bad_request(format!("no user tenant {tenant:?}")),
        Err(reason) => bad_request(reason),
    }
}
