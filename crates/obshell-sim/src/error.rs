//! The one error type: an obshell errCode with its message, rendered as obshell's envelope.

use crate::envelope::{Origin, Pending};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use obshell_api::error_code::{self, ErrorKind};
use obshell_api::ApiError;
use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct ObError {
    pub kind: ErrorKind,
    pub message: String,
    pub(crate) origin: Origin,
    /// A raw Go error rather than one of obshell's typed errors (`crate::i18n`).
    pub(crate) plain: bool,
}

impl ObError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ObError { kind, message: message.into(), origin: Origin::Handler, plain: false }
    }

    /// Rejected by `HeaderDecrypt`/`BodyDecrypt`, which run before obshell assigns a trace id
    /// (reference §3: `traceId` is `""` then).
    pub(crate) fn before_trace(kind: ErrorKind, message: impl Into<String>) -> Self {
        ObError { kind, message: message.into(), origin: Origin::BeforeTrace, plain: false }
    }

    /// Where obshell's own code panics and gin's `Recovery` answers (reference §3): 500
    /// `Common.Unexpected` with a fixed timestamp, duration 0 and an empty trace id.
    pub(crate) fn recovered() -> Self {
        ObError {
            kind: error_code::UNEXPECTED,
            message: "Unexpected error: Internal Server Error".into(),
            origin: Origin::Recovered,
            plain: false,
        }
    }

    /// gin's `NoRoute` (reference §1.7): unknown paths, wrong methods and every OPTIONS.
    pub fn route_not_found() -> Self {
        ObError::new(error_code::NOT_FOUND, "Element not found: 404 not found")
    }

    /// A Go `BindJSON` failure.
    pub fn bind(reason: impl fmt::Display) -> Self {
        ObError::new(error_code::BIND_JSON_FAILED, format!("Bind JSON failed: {reason}"))
    }

    /// A plain Go error: `Common.Unexpected` with the raw text as message (reference §3).
    pub fn unexpected(text: impl Into<String>) -> Self {
        ObError { plain: true, ..ObError::new(error_code::UNEXPECTED, text) }
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.kind.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl fmt::Debug for ObError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObError({} {}: {})", self.kind.status, self.kind.err_code, self.message)
    }
}

impl fmt::Display for ObError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.err_code, self.message)
    }
}

impl std::error::Error for ObError {}

impl IntoResponse for ObError {
    fn into_response(self) -> Response {
        let status = self.status();
        let error = ApiError {
            code: self.kind.old_code,
            err_code: self.kind.err_code.to_string(),
            message: self.message,
            sub_errors: None,
        };
        Pending { status, data: None, error: Some(error), origin: self.origin, plain: self.plain }
            .into_response()
    }
}

impl From<obshell_api::backup_config::ConfigProblem> for ObError {
    fn from(problem: obshell_api::backup_config::ConfigProblem) -> Self {
        ObError::new(problem.kind, problem.message)
    }
}
