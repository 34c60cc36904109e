//! obshell's error codes as data (`ob/agent/errors/errorcode.go`): which HTTP status each one
//! comes with, its deprecated numeric code, and what an operator should do next.

/// One errCode and how obshell sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorKind {
    pub err_code: &'static str,
    /// HTTP status = the code's kind (400 bad request, 401 unauthorized, 404, 500).
    pub status: u16,
    /// The deprecated numeric `error.code` (1 = header decrypt failed, 10008 = unauthorized).
    pub old_code: Option<i64>,
}

macro_rules! kinds {
    ($($name:ident = $code:literal, $status:literal, $old:expr;)*) => {
        $(pub const $name: ErrorKind = ErrorKind { err_code: $code, status: $status, old_code: $old };)*
        /// Every errCode this crate knows, for lookups by name.
        pub const ALL: &[ErrorKind] = &[$($name),*];
    };
}

kinds! {
    NOT_SUPPORT_OPERATION = "Agent.Identify.NotSupportOperation", 400, None;
    BIND_JSON_FAILED = "Common.BindJsonFailed", 400, None;
    NOT_FOUND = "Common.NotFound", 404, None;
    UNEXPECTED = "Common.Unexpected", 500, None;
    INVALID_TIME_DURATION = "Common.InvalidTimeDuration", 400, None;
    MYSQL_ERROR = "MySQL.Error", 400, None;
    NO_USER_TENANTS = "OB.Backup.NoUserTenants", 400, None;
    ARCHIVE_DEST_EMPTY = "OB.Backup.ArchiveDestEmpty", 400, None;
    DATA_DEST_EMPTY = "OB.Backup.DataDestEmpty", 400, None;
    MODE_INVALID = "OB.Backup.Mode.Invalid", 400, None;
    STATUS_INVALID = "OB.Backup.Status.Invalid", 400, None;
    ARCHIVE_LOG_STATUS_INVALID = "OB.Backup.ArchiveLogStatus.Invalid", 400, None;
    BASE_URI_EMPTY = "OB.Backup.BaseUriEmpty", 400, None;
    BINDING_INVALID = "OB.Backup.Binding.Invalid", 400, None;
    PIECE_SWITCH_INTERVAL_INVALID = "OB.Backup.PieceSwitchInterval.Invalid", 400, None;
    LOG_ARCHIVE_CONCURRENCY_INVALID = "OB.Backup.LogArchiveConcurrency.Invalid", 400, None;
    HA_LOW_THREAD_SCORE_INVALID = "OB.Backup.HaLowThreadScore.Invalid", 400, None;
    ARCHIVE_LAG_TARGET_INVALID = "OB.Backup.ArchiveLagTarget.Invalid", 400, None;
    ARCHIVE_LAG_TARGET_FOR_S3_INVALID = "OB.Backup.ArchiveLagTargetForS3.Invalid", 400, None;
    DELETE_POLICY_INVALID = "OB.Backup.DeletePolicy.Invalid", 400, None;
    STORAGE_URI_INVALID = "OB.Storage.URI.Invalid", 400, None;
    TENANT_NAME_EMPTY = "OB.Tenant.Name.Empty", 400, None;
    TENANT_NOT_EXIST = "OB.Tenant.NotExist", 400, None;
    TENANT_SYS_NOT_ALLOWED = "OB.Tenant.SysOperationNotAllowed", 400, None;
    TENANT_UNDER_MAINTENANCE = "OB.Tenant.UnderMaintenance", 500, None;
    TASK_CREATE_FAILED = "Task.CreateFailed", 500, None;
    TASK_NOT_FOUND = "Task.NotFound", 404, None;
    GENERIC_ID_INVALID = "Task.GenericID.Invalid", 400, None;
    DAG_OPERATOR_NOT_SUPPORT = "Task.Dag.Operator.NotSupport", 400, None;
    DAG_RETRY_NOT_FAILED = "Task.Dag.Operator.RetryNotFailedDag", 400, None;
    DAG_ROLLBACK_NOT_FAILED = "Task.Dag.Operator.RollbackNotFailedDag", 400, None;
    DAG_CANCEL_FINISHED = "Task.Dag.Operator.CancelFinishedDag", 400, None;
    DAG_PASS_NOT_FAILED = "Task.Dag.Operator.PassNotFailedDag", 400, None;
    NODE_OPERATOR_NOT_SUPPORT = "Task.Node.Operator.NotSupport", 400, None;
    NODE_PASS_NOT_FAILED_DAG = "Task.Node.Operator.PassNotFailedDag", 400, None;
    NODE_PASS_NOT_FAILED_NODE = "Task.Node.Operator.PassNotFailedNode", 400, None;
    HEADER_NOT_FOUND = "Request.Header.NotFound", 400, None;
    BODY_KEY_IV_INVALID = "Request.Body.Decrypt.AES.KeyAndIv.Invalid", 500, None;
    BODY_CONTENT_LENGTH_INVALID = "Request.Body.Decrypt.AES.ContentLength.Invalid", 500, None;
    HEADER_DECRYPT_FAILED = "Security.Authentication.Header.DecryptFailed", 401, Some(1);
    URI_MISMATCH = "Security.Authentication.Header.UriMismatch", 401, Some(10008);
    AUTH_EXPIRED = "Security.Authentication.Expired", 401, Some(10008);
    TIMESTAMP_INVALID = "Security.Authentication.Timestamp.Invalid", 401, Some(10008);
    INCORRECT_PASSWORD = "Security.Authentication.IncorrectOceanbasePassword", 401, Some(10008);
    WITH_AGENT_PASSWORD = "Security.Authentication.WithAgentPassword", 401, Some(10008);
    SESSION_INVALID = "Security.Authentication.SessionInvalid", 401, Some(10008);
    SESSION_EXPIRED = "Security.Authentication.SessionExpired", 401, Some(10008);
}

/// Look an errCode up by name.
pub fn kind_of(err_code: &str) -> Option<ErrorKind> {
    ALL.iter().copied().find(|k| k.err_code == err_code)
}

/// What an operator should do next, independent of language (the panel words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hint {
    /// `OB.Backup.ArchiveDestEmpty` / `DataDestEmpty`: no backup destination is configured.
    ConfigureBackupDestination,
    /// `OB.Backup.NoUserTenants`: there is nothing to back up.
    NothingToBackUp,
    /// `OB.Backup.Mode.Invalid`: only full and incremental exist.
    ChooseValidMode,
    /// The agent is not a cluster agent: point the panel at a running cluster's agent.
    UseClusterAgent,
    /// Wrong root@sys password.
    CheckPassword,
    /// Session unknown or expired: sign in again.
    SignInAgain,
    /// `Ts` expired on arrival: the browser clock is behind the agent's.
    CheckClock,
    /// The signed `Uri` differs from what obshell saw: a proxy rewrote the path or query.
    CheckProxyPath,
    /// The agent could not decrypt the header: its key changed (restart); reload the key.
    ReloadKey,
    /// The DAG is not in a state that allows this operation: refresh and look again.
    RefreshDagState,
    /// The task id does not exist on this agent.
    TaskGone,
    /// The tenant named is wrong or not allowed.
    CheckTenant,
    /// Another operation holds the tenant: wait and try again.
    TryLater,
    /// The request body was refused: a panel/agent version mismatch.
    ReportBug,
    /// Internal error in obshell or OceanBase: check the agent's log with the trace id.
    CheckAgentLog,
    /// A backup config value is out of range; the message names it.
    FixConfigValue,
}

/// The hint for an errCode, falling back on the HTTP status.
pub fn hint_for(err_code: &str, status: u16) -> Hint {
    use Hint::*;
    match err_code {
        "OB.Backup.ArchiveDestEmpty" | "OB.Backup.DataDestEmpty" => ConfigureBackupDestination,
        "OB.Backup.NoUserTenants" => NothingToBackUp,
        "OB.Backup.Mode.Invalid" => ChooseValidMode,
        "Agent.Identify.NotSupportOperation" => UseClusterAgent,
        "Security.Authentication.IncorrectOceanbasePassword"
        | "Security.Authentication.WithAgentPassword" => CheckPassword,
        "Security.Authentication.SessionInvalid" | "Security.Authentication.SessionExpired" => {
            SignInAgain
        }
        "Security.Authentication.Expired" | "Security.Authentication.Timestamp.Invalid" => {
            CheckClock
        }
        "Security.Authentication.Header.UriMismatch" => CheckProxyPath,
        "Security.Authentication.Header.DecryptFailed" => ReloadKey,
        "Task.NotFound" | "Task.GenericID.Invalid" => TaskGone,
        "OB.Tenant.NotExist" | "OB.Tenant.SysOperationNotAllowed" | "OB.Tenant.Name.Empty" => {
            CheckTenant
        }
        "OB.Tenant.UnderMaintenance" => TryLater,
        "Common.BindJsonFailed" | "Request.Header.NotFound" => ReportBug,
        code if code.starts_with("Request.Body.Decrypt") => ReportBug,
        code if code.starts_with("Task.Dag.Operator") || code.starts_with("Task.Node.Operator") => {
            RefreshDagState
        }
        code if code.starts_with("OB.Backup.") || code.starts_with("OB.Storage.") => FixConfigValue,
        _ => match status {
            401 => SignInAgain,
            404 => TaskGone,
            _ => CheckAgentLog,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_statuses_match_kinds() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(ALL[i + 1..].iter().all(|b| b.err_code != a.err_code), "{a:?} twice");
            assert!(matches!(a.status, 400 | 401 | 404 | 500), "{a:?}");
            if a.old_code.is_some() {
                assert_eq!(a.status, 401, "{a:?}: only auth errors carry an old code");
            }
        }
    }

    #[test]
    fn destination_hints() {
        assert_eq!(hint_for("OB.Backup.ArchiveDestEmpty", 400), Hint::ConfigureBackupDestination);
        assert_eq!(hint_for("OB.Backup.DataDestEmpty", 400), Hint::ConfigureBackupDestination);
        assert_eq!(hint_for("OB.Backup.NoUserTenants", 400), Hint::NothingToBackUp);
        assert_eq!(hint_for("Task.Dag.Operator.RetryNotFailedDag", 400), Hint::RefreshDagState);
        assert_eq!(hint_for("Something.New", 401), Hint::SignInAgain);
        assert_eq!(hint_for("Something.New", 500), Hint::CheckAgentLog);
        assert_eq!(kind_of("Security.Authentication.Header.DecryptFailed").unwrap().old_code, Some(1));
    }
}
