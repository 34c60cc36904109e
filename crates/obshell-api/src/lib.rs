//! obshell's wire format, shared by the panel (wasm) and the stand-in agent (native).
//!
//! Source of truth: obshell 4.5.0.0 (`oceanbase/obshell` at `61ee147`), summarised in the
//! project's `reference/obshell-api.md`. Everything here is pure Rust with no web-sys, so it is
//! tested natively.

pub mod agent;
pub mod auth;
pub mod backup;
pub mod backup_config;
pub mod dag;
pub mod envelope;
pub mod error_code;
pub mod generic_id;
pub mod routes;
pub mod tenant;
pub mod time;

pub use agent::{AgentInfo, AgentStatus, Incompatibility, SecretInfo};
pub use backup::{BackupMode, BackupRequest};
pub use dag::{BackupDagName, DagDetail, DagOperator, NodeDetail, Operator, Span, State, SubTaskDetail, SubTaskLog};
pub use envelope::{ApiError, Contents, Envelope};
pub use error_code::{hint_for, Hint};
pub use generic_id::GenericId;
pub use tenant::{ArchiveLogAction, ArchiveLogTask, ArchiveState, TenantOverview};
pub use time::ObTime;
