//! Per-tenant archive log state (`CDB_OB_ARCHIVELOG_SUMMARY`) and what obshell's archive log
//! PATCH does to it (`ob/agent/executor/ob/backup_status.go`: `startArchiveLog`,
//! `stopArchiveLog`, `deferArchiveLog`).

use crate::clock::Instant;
use crate::cluster::Tenant;
use crate::error::ObError;
use obshell_api::error_code;

/// The archive log of one tenant: its status and the current round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Archive {
    /// `STOP`, `DOING`, `SUSPEND` or `INTERRUPTED`; the transient `BEGINNING` / `STOPPING` /
    /// `SUSPENDING` are not modelled (obshell treats them like their end state).
    pub status: &'static str,
    /// `round_id` of the current (or last) round; 0 = never opened.
    pub round: i64,
    /// When the current round started.
    pub started: Option<Instant>,
}

impl Default for Archive {
    fn default() -> Self {
        Archive { status: "STOP", round: 0, started: None }
    }
}

/// The statuses `ListArchiveLogTasks` selects: a stopped or interrupted archive lists nothing.
pub(crate) fn is_listed(status: &str) -> bool {
    matches!(status, "BEGINNING" | "DOING" | "STOPPING" | "PREPARE" | "SUSPEND")
}

/// `Common.Unexpected` built with `Occurf`: a typed error, so its message carries the
/// template's "Unexpected error: " prefix.
pub(crate) fn interrupted(tenant: &str) -> ObError {
    ObError::new(error_code::UNEXPECTED, format!("Unexpected error: tenant {tenant} archive log is interrupted"))
}

impl Archive {
    /// `ALTER SYSTEM ARCHIVELOG` (after enabling the destination): a new round.
    pub fn open(&mut self, now: Instant) {
        self.status = "DOING";
        self.round += 1;
        self.started = Some(now);
    }
}

/// What `PATCH .../backup/log` with this (validated) status does to one tenant.
pub(crate) fn patch(tenant: &mut Tenant, status: &str, now: Instant) -> Result<(), ObError> {
    let archive = &mut tenant.archive;
    match (status, archive.status) {
        (_, "INTERRUPTED") if status != "SUSPEND" => Err(interrupted(&tenant.name)),
        // Deferring the destination does not look at the status.
        ("SUSPEND", "DOING") => {
            archive.status = "SUSPEND";
            Ok(())
        }
        ("SUSPEND", _) => Ok(()),
        ("DOING", "STOP") => {
            archive.open(now);
            Ok(())
        }
        ("DOING", "SUSPEND") => {
            archive.status = "DOING";
            Ok(())
        }
        ("STOP", "DOING" | "SUSPEND") => {
            archive.status = "STOP";
            Ok(())
        }
        _ => Ok(()),
    }
}

impl crate::state::Sim {
    /// Make this tenant's archive log `INTERRUPTED` (as after a lost archive destination):
    /// archive PATCHes then fail with `Common.Unexpected`, the tasks route lists nothing, and
    /// a backup DAG fails at "Open archive log". `false` if there is no such user tenant.
    pub fn interrupt_archive_log(&self, tenant: &str) -> bool {
        self.with_world(|world, _| match world.tenants.iter_mut().find(|t| t.name == tenant) {
            Some(t) => {
                t.archive.status = "INTERRUPTED";
                true
            }
            None => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant() -> Tenant {
        Tenant {
            name: "t1".into(),
            id: 1002,
            archive_dest: "file:///b/1/1002/clog".into(),
            data_dest: String::new(),
            archive: Archive::default(),
            backup_sets: 0,
        }
    }

    #[test]
    fn transitions() {
        let now = chrono::Utc::now();
        let mut t = tenant();
        patch(&mut t, "SUSPEND", now).unwrap();
        assert_eq!(t.archive.status, "STOP", "nothing to defer");
        patch(&mut t, "DOING", now).unwrap();
        assert_eq!((t.archive.status, t.archive.round), ("DOING", 1));
        patch(&mut t, "SUSPEND", now).unwrap();
        assert_eq!(t.archive.status, "SUSPEND");
        patch(&mut t, "DOING", now).unwrap();
        assert_eq!((t.archive.status, t.archive.round), ("DOING", 1), "resume keeps the round");
        patch(&mut t, "STOP", now).unwrap();
        patch(&mut t, "DOING", now).unwrap();
        assert_eq!(t.archive.round, 2, "reopening starts a round");
        t.archive.status = "INTERRUPTED";
        for status in ["DOING", "STOP"] {
            let err = patch(&mut t, status, now).unwrap_err();
            assert_eq!(err.message, "Unexpected error: tenant t1 archive log is interrupted");
            assert_eq!(err.status().as_u16(), 500);
        }
        patch(&mut t, "SUSPEND", now).unwrap();
        assert_eq!(t.archive.status, "INTERRUPTED");
        assert!(is_listed("SUSPEND") && !is_listed("STOP") && !is_listed("INTERRUPTED"));
    }
}
