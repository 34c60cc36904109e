//! obshell's response envelope and its `PostHandlers` middleware (reference §3).
//!
//! Handlers and errors only say *what* to answer ([`Reply`], [`crate::ObError`]); the outermost
//! middleware writes the envelope, because only it knows the trace id, the duration and the
//! agent's clock. It also logs each request, never with a query, header value or body.

use crate::state::Sim;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use obshell_api::auth::TRACE_HEADER;
use obshell_api::{ApiError, Contents, Envelope};
use serde::Serialize;

/// How the trace id and timestamp of an envelope are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The normal path: trace id from `X-OBSHELL-Trace-ID` or 16 random hex digits.
    Handler,
    /// Rejected by header/body decryption, before obshell sets the trace id: `""`.
    BeforeTrace,
    /// gin's panic recovery: process-start timestamp, duration 0, `""` trace id.
    Recovered,
}

/// An envelope waiting for its trace id, timestamp and duration.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub status: StatusCode,
    pub data: Option<serde_json::Value>,
    pub error: Option<ApiError>,
    pub origin: Origin,
    /// The error is a raw Go error (`crate::i18n`).
    pub plain: bool,
}

impl IntoResponse for Pending {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// `data` present.
    Data(serde_json::Value),
    /// `data` absent: PATCH success and DAG/node operators (reference §1.3, §1.6).
    NoData,
}

impl Reply {
    pub fn data<T: Serialize>(value: &T) -> Reply {
        // Serialising the sim's own DTOs cannot fail; `null` would at least be valid JSON.
        Reply::Data(serde_json::to_value(value).unwrap_or(serde_json::Value::Null))
    }

    /// A Go slice: obshell wraps it as `{"contents": [...]}`.
    pub fn contents<T: Serialize + Clone>(items: Vec<T>) -> Reply {
        Reply::data(&Contents { contents: items })
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let data = match self {
            Reply::Data(value) => Some(value),
            Reply::NoData => None,
        };
        Pending { status: StatusCode::OK, data, error: None, origin: Origin::Handler, plain: false }.into_response()
    }
}

fn random_trace_id() -> String {
    let mut bytes = [0u8; 8];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The outermost middleware: renders [`Pending`] into obshell's JSON envelope and logs.
pub(crate) async fn layer(State(sim): State<Sim>, request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let trace_id = request
        .headers()
        .get(TRACE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(random_trace_id);
    let lang = crate::i18n::requested(request.headers().get(header::ACCEPT_LANGUAGE));
    let method = request.method().clone();
    let path = request.uri().path().to_string();

    let mut response = next.run(request).await;
    let mut logged_trace = trace_id.clone();
    let mut logged_error = String::new();
    if let Some(pending) = response.extensions_mut().remove::<Pending>() {
        let (timestamp, duration, trace) = match pending.origin {
            Origin::Handler => (sim.now_text(), elapsed_ms(started), trace_id),
            Origin::BeforeTrace => (sim.now_text(), elapsed_ms(started), String::new()),
            Origin::Recovered => (sim.started_text(), 0, String::new()),
        };
        logged_trace = trace.clone();
        let mut error = pending.error;
        // gin's recovery writes its answer itself, past obshell's localising PostHandlers.
        if pending.origin != Origin::Recovered {
            if let Some(error) = error.as_mut() {
                error.message = crate::i18n::localize(&error.err_code, &error.message, pending.plain, lang);
            }
        }
        // The errCode only: a message can quote what the request carried.
        if let Some(error) = &error {
            logged_error = format!(" {}", error.err_code);
        }
        let envelope = Envelope {
            successful: error.is_none(),
            timestamp,
            duration,
            status: pending.status.as_u16(),
            trace_id: trace,
            data: pending.data,
            error,
        };
        let body = serde_json::to_vec(&envelope).unwrap_or_default();
        // gin's `SetContentType` runs after the decrypt middlewares, so their rejections carry
        // gin's own default (reference §3).
        let content_type = match pending.origin {
            Origin::BeforeTrace => "application/json; charset=utf-8",
            _ => "application/json",
        };
        let extensions = std::mem::take(response.extensions_mut());
        response = Response::new(Body::from(body));
        *response.status_mut() = pending.status;
        *response.extensions_mut() = extensions;
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if sim.logs_requests() {
        let outcome = if response.extensions().get::<crate::faults::DropConnection>().is_some() {
            "dropped".to_string()
        } else {
            response.status().as_u16().to_string()
        };
        eprintln!("{method} {path} {outcome} traceId={logged_trace}{logged_error}");
    }
    response
}

fn elapsed_ms(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
