//! Test hooks (`--test-hooks` only): plain JSON, no auth, outside `/api/v1` so the faithful
//! 404s there stay faithful.

use crate::config::Scenario;
use crate::state::Sim;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

pub(super) fn router() -> Router<Sim> {
    Router::new()
        .route("/__sim/backups", get(backups))
        .route("/__sim/sessions/expire", post(expire_sessions))
        .route("/__sim/key/rotate", post(rotate_key))
        .route("/__sim/scenario", get(scenario).post(set_scenario))
        .route("/__sim/faults/drop-next", post(drop_next))
}

/// The decrypted start-backup bodies, accepted or not, in arrival order.
async fn backups(State(sim): State<Sim>) -> Response {
    Json(sim.recorded_backups()).into_response()
}

async fn expire_sessions(State(sim): State<Sim>) -> Response {
    sim.expire_sessions();
    Json(json!({"expired": true})).into_response()
}

/// A new RSA key, as after an agent restart.
async fn rotate_key(State(sim): State<Sim>) -> Response {
    let rotated = {
        let sim = sim.clone();
        tokio::task::spawn_blocking(move || sim.rotate_key()).await
    };
    match rotated {
        Ok(Ok(())) => Json(json!({"public_key": sim.public_key_base64()})).into_response(),
        Ok(Err(error)) => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": error.to_string()}))).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": error.to_string()}))).into_response(),
    }
}

/// Body: `METHOD /path` as plain text; that request's next occurrence runs, then its
/// connection is dropped.
async fn drop_next(State(sim): State<Sim>, body: Bytes) -> Response {
    let target = String::from_utf8_lossy(&body).into_owned();
    sim.drop_next_response(&target);
    Json(json!({"drop_next": target.trim()})).into_response()
}

async fn scenario(State(sim): State<Sim>) -> Response {
    Json(json!({"scenario": sim.scenario().to_string()})).into_response()
}

/// Body: the scenario's name, as plain text, a JSON string or `{"scenario": name}`.
async fn set_scenario(State(sim): State<Sim>, body: Bytes) -> Response {
    let text = String::from_utf8_lossy(&body).into_owned();
    let name = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(serde_json::Value::Object(map)) => {
            map.get("scenario").and_then(|v| v.as_str()).unwrap_or_default().to_string()
        }
        _ => text,
    };
    match name.parse::<Scenario>() {
        Ok(scenario) => {
            sim.set_scenario(scenario);
            Json(json!({"scenario": scenario.to_string()})).into_response()
        }
        Err(error) => (StatusCode::BAD_REQUEST, Json(json!({"error": error.to_string()}))).into_response(),
    }
}
