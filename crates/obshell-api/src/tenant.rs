//! Tenant views the backup workflow needs: the tenant list (`GET /api/v1/tenants/overview`,
//! obshell `agent/api/tenant_handler.go` → `model.TenantOverview`) and each tenant's archive log
//! tasks (`GET /api/v1/tenant/:name/backup/log/tasks`, reference §1.4).
//!
//! Every field defaults, so a newer obshell that drops one still decodes.

use serde::{Deserialize, Serialize};

/// One tenant as `GET /api/v1/tenants/overview` lists it (inside `{"contents": [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TenantOverview {
    pub tenant_name: String,
    pub tenant_id: i64,
    pub created_time: Option<String>,
    /// `MYSQL` or `ORACLE`.
    pub mode: String,
    /// `NORMAL`, `CREATING`, `RESTORE`, ...
    pub status: String,
    /// `YES` / `NO`.
    pub locked: String,
    pub primary_zone: String,
    pub locality: String,
    /// `YES` / `NO`.
    pub in_recyclebin: String,
    /// The tenant's `read_only` variable is 1.
    pub read_only: bool,
    /// How to connect (obshell fills one `DIRECT` entry: an `obclient` command line).
    pub connection_strings: Vec<ConnectionString>,
}

/// `bo.ObproxyAndConnectionString`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ConnectionString {
    /// `DIRECT` or `OBPROXY`.
    #[serde(rename = "type")]
    pub kind: String,
    pub obproxy_address: String,
    pub obproxy_port: i64,
    pub connection_string: String,
}

impl TenantOverview {
    /// A tenant a backup can be started for: not `sys` (obshell refuses it,
    /// `OB.Tenant.SysOperationNotAllowed`) and not in the recycle bin.
    pub fn can_back_up(&self) -> bool {
        self.tenant_name != "sys" && !self.in_recyclebin.eq_ignore_ascii_case("YES")
    }
}

/// One archive log round of a tenant (`CDB_OB_ARCHIVELOG_SUMMARY` as obshell reports it,
/// `bo.ArchiveLogTask`). obshell lists only rounds in `BEGINNING`, `DOING`, `STOPPING`,
/// `PREPARE` or `SUSPEND`: a stopped or interrupted archive gives an empty list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ArchiveLogTask {
    pub tenant_id: i64,
    pub tenant_name: String,
    pub round_id: i64,
    /// `BEGINNING`, `DOING`, `SUSPENDING`, `SUSPEND`, `STOPPING`, `STOP`, `INTERRUPTED`.
    pub status: String,
    pub path: String,
    /// Seconds the archive lags behind: a Go `float64` (`truncate(..., 4)`), e.g. `1.2345`.
    pub delay: f64,
    pub checkpoint: Option<String>,
    pub start_time: Option<String>,
}

/// What archive logging is doing, folded from the raw status for the UI and the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveState {
    /// `BEGINNING` / `DOING`.
    Running,
    /// `SUSPENDING` / `SUSPEND`.
    Suspended,
    /// `STOPPING` / `STOP`, or no round at all.
    Stopped,
    /// `INTERRUPTED`: obshell refuses every change (`Common.Unexpected`).
    Interrupted,
    /// A status this panel does not know (a newer obshell).
    Unknown,
}

impl ArchiveState {
    pub fn of(status: &str) -> ArchiveState {
        match status.to_ascii_uppercase().as_str() {
            "BEGINNING" | "DOING" => ArchiveState::Running,
            "SUSPENDING" | "SUSPEND" => ArchiveState::Suspended,
            "STOPPING" | "STOP" | "" => ArchiveState::Stopped,
            "INTERRUPTED" => ArchiveState::Interrupted,
            _ => ArchiveState::Unknown,
        }
    }
}

/// The `status` values `PATCH .../backup/log` accepts (reference §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveLogAction {
    /// `DOING`: enable the destination and open archive log.
    Start,
    /// `SUSPEND`: defer the destination; archiving pauses and can be resumed.
    Suspend,
    /// `STOP`: `NOARCHIVELOG`; the log stream since the last checkpoint is no longer archived.
    Stop,
}

impl ArchiveLogAction {
    pub fn wire(self) -> &'static str {
        match self {
            ArchiveLogAction::Start => "DOING",
            ArchiveLogAction::Suspend => "SUSPEND",
            ArchiveLogAction::Stop => "STOP",
        }
    }

    /// Whether the action changes anything from `state` (the UI offers only these).
    pub fn applies_to(self, state: ArchiveState) -> bool {
        match self {
            ArchiveLogAction::Start => matches!(state, ArchiveState::Stopped | ArchiveState::Suspended),
            ArchiveLogAction::Suspend => state == ArchiveState::Running,
            ArchiveLogAction::Stop => matches!(state, ArchiveState::Running | ArchiveState::Suspended),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_obshell_tenant_overview_and_tolerates_missing_fields() {
        let full = r#"{"tenant_name":"t1","tenant_id":1002,"created_time":"2026-11-25T10:00:00+08:00",
            "mode":"MYSQL","status":"NORMAL","locked":"NO","primary_zone":"RANDOM","locality":"FULL{1}@z1",
            "in_recyclebin":"NO","future_field":1}"#;
        let t: TenantOverview = serde_json::from_str(full).unwrap();
        assert_eq!((t.tenant_name.as_str(), t.tenant_id), ("t1", 1002));
        assert!(t.can_back_up());
        let sparse: TenantOverview = serde_json::from_str(r#"{"tenant_name":"sys"}"#).unwrap();
        assert!(!sparse.can_back_up());
        let binned: TenantOverview =
            serde_json::from_str(r#"{"tenant_name":"old","in_recyclebin":"YES"}"#).unwrap();
        assert!(!binned.can_back_up());
    }

    #[test]
    fn archive_task_delay_is_fractional() {
        let t: ArchiveLogTask = serde_json::from_str(
            r#"{"tenant_id":1002,"tenant_name":"t1","round_id":3,"status":"DOING","path":"file:///b",
                "delay":1.2345,"checkpoint":"2026-11-25T10:00:00+08:00","start_time":"2026-11-25T09:00:00+08:00"}"#,
        )
        .unwrap();
        assert_eq!(t.delay, 1.2345);
        assert_eq!(t.round_id, 3);
    }

    #[test]
    fn archive_states_and_actions() {
        assert_eq!(ArchiveState::of("DOING"), ArchiveState::Running);
        assert_eq!(ArchiveState::of("suspend"), ArchiveState::Suspended);
        assert_eq!(ArchiveState::of("STOP"), ArchiveState::Stopped);
        assert_eq!(ArchiveState::of("INTERRUPTED"), ArchiveState::Interrupted);
        assert_eq!(ArchiveState::of("REBALANCING"), ArchiveState::Unknown);
        assert!(ArchiveLogAction::Start.applies_to(ArchiveState::Stopped));
        assert!(!ArchiveLogAction::Start.applies_to(ArchiveState::Running));
        assert!(ArchiveLogAction::Suspend.applies_to(ArchiveState::Running));
        assert!(!ArchiveLogAction::Stop.applies_to(ArchiveState::Stopped));
        assert!(!ArchiveLogAction::Stop.applies_to(ArchiveState::Interrupted));
        assert_eq!(ArchiveLogAction::Suspend.wire(), "SUSPEND");
    }
}
