//! Every way a call to obshell can fail, as one type the views can explain.

use obshell_api::{envelope::SubError, hint_for, ApiError, Hint, Incompatibility};

/// A failed call. Each variant carries what the error view needs to say what happened and
/// what to do next; none of them carries a secret.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// No answer (connection refused, dropped). For a request that changes something the
    /// outcome is unknown: it may have been applied.
    Network { detail: String },
    /// No answer before the deadline; same caveat.
    Timeout { after_ms: u32 },
    /// The answer was larger than the panel accepts.
    TooLarge { bytes: usize },
    /// An answer that is not obshell JSON: typically a proxy's HTML error page.
    NotJson { status: u16, content_type: String, snippet: String },
    /// JSON, but not the envelope or data shape obshell sends.
    Malformed { status: u16, detail: String },
    /// obshell answered with an error envelope (boxed: it is the largest variant).
    Api(Box<ApiFailure>),
    /// The agent cannot serve this panel (not a cluster agent, no auth v2).
    Incompatible(Incompatibility),
    /// The agent's public key is unusable.
    BadKey(String),
    /// A signed call was attempted without a session.
    NotSignedIn,
}

/// obshell's own error, with everything needed to report it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    pub status: u16,
    pub err_code: String,
    pub message: String,
    pub old_code: Option<i64>,
    pub sub_errors: Vec<String>,
    pub trace_id: String,
    pub duration_ms: u64,
}

impl ApiFailure {
    pub fn from_envelope(status: u16, error: ApiError, trace_id: String, duration_ms: u64) -> Self {
        ApiFailure {
            status,
            err_code: error.err_code,
            message: error.message,
            old_code: error.code,
            sub_errors: error.sub_errors.unwrap_or_default().iter().map(SubError::describe).collect(),
            trace_id,
            duration_ms,
        }
    }
}

/// What to tell the user to do, for failures obshell did not explain itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    Agent(Hint),
    /// Could not reach the agent: check the proxy/agent is up; the panel keeps trying.
    CheckConnection,
    /// A proxy or server in front of obshell answered instead of obshell.
    CheckProxy,
    /// The response was cut short or mangled.
    ReportResponse,
    /// Point the panel at a running cluster's agent (4.2.3 or newer).
    UseSupportedAgent,
}

impl ClientError {
    pub fn next_step(&self) -> NextStep {
        match self {
            ClientError::Api(f) => NextStep::Agent(hint_for(&f.err_code, f.status)),
            ClientError::Network { .. } | ClientError::Timeout { .. } => NextStep::CheckConnection,
            ClientError::NotJson { .. } => NextStep::CheckProxy,
            ClientError::TooLarge { .. } | ClientError::Malformed { .. } => NextStep::ReportResponse,
            ClientError::Incompatible(_) => NextStep::UseSupportedAgent,
            ClientError::BadKey(_) => NextStep::Agent(Hint::ReloadKey),
            ClientError::NotSignedIn => NextStep::Agent(Hint::SignInAgain),
        }
    }

    /// No answer came back, so a state-changing request may or may not have been applied.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ClientError::Network { .. } | ClientError::Timeout { .. })
    }

    /// The session is gone: the user must sign in again.
    pub fn is_session_lost(&self) -> bool {
        match self {
            ClientError::NotSignedIn => true,
            ClientError::Api(f) => {
                f.status == 401
                    && matches!(
                        f.err_code.as_str(),
                        "Security.Authentication.SessionInvalid" | "Security.Authentication.SessionExpired"
                    )
            }
            _ => false,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api(f) => Some(f.status),
            ClientError::NotJson { status, .. } | ClientError::Malformed { status, .. } => Some(*status),
            _ => None,
        }
    }
}
