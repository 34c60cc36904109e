//! What each sub-task of the backup and backup-config DAGs does when it runs: its log lines
//! (reference §7), its effect on the cluster and how long it takes, as a list of timed actions.

use crate::clock::Instant;
use crate::cluster::{archive_path, data_path, World};
use obshell_api::BackupMode;
use std::collections::VecDeque;

/// The kinds of DAG the sim runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DagKind {
    /// `Obcluster start full|increment backup` (reference §7); `tenant` for the tenant route.
    Backup { mode: BackupMode, encrypted: bool, plus_archive: bool, tenant: Option<String> },
    /// `Set obcluster backup config`; `base` = `backup_base_uri` if given.
    Config { base: Option<String> },
}

impl DagKind {
    pub fn name(&self) -> String {
        match self {
            DagKind::Backup { mode, tenant, .. } => {
                let word = match mode {
                    BackupMode::Full => "full",
                    BackupMode::Incremental => "increment",
                };
                match tenant {
                    Some(t) => format!("Obcluster start {word} backup for {t}"),
                    None => format!("Obcluster start {word} backup"),
                }
            }
            DagKind::Config { .. } => "Set obcluster backup config".to_string(),
        }
    }

    pub fn steps(&self) -> &'static [Step] {
        match self {
            DagKind::Backup { .. } => {
                &[Step::CheckDestination, Step::OpenArchiveLog, Step::StartBackup, Step::WaitBackupFinish]
            }
            DagKind::Config { .. } => &[Step::CheckBackupConfig, Step::SetBackupConfig],
        }
    }
}

/// One node of a DAG (and the name of its sub-tasks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    CheckDestination,
    OpenArchiveLog,
    StartBackup,
    WaitBackupFinish,
    CheckBackupConfig,
    SetBackupConfig,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::CheckDestination => "Check destination",
            Step::OpenArchiveLog => "Open archive log",
            Step::StartBackup => "Start backup",
            Step::WaitBackupFinish => obshell_api::dag::WAIT_BACKUP_STAGE,
            Step::CheckBackupConfig => "Check backup config",
            Step::SetBackupConfig => "Set backup config",
        }
    }

    /// Parallel nodes run one sub-task per agent; the others one, on the scheduling agent.
    pub fn parallel(self) -> bool {
        matches!(self, Step::CheckDestination | Step::CheckBackupConfig)
    }
}

/// When a planned action happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum When {
    /// This long (already scaled by speed) after the previous action.
    After(chrono::Duration),
    /// Once the tenant has no job left in `CDB_OB_BACKUP_JOBS` (stage 4 polls for that).
    TenantIdle(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    Log(String),
    /// The large-DAG option's extra lines (`crate::cluster::Bulk`), written at once.
    BulkLogs { label: String },
    CreateJob { tenant_id: i64 },
    OpenArchive { tenant_id: i64 },
    CancelJobs { tenant_ids: Vec<i64> },
    ApplyConfig { base: String },
    Succeed,
    /// Fail with this `ERROR: [...]` log line.
    Fail(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    pub when: When,
    pub action: Action,
}

/// Everything a sub-task needs to know to plan one execution.
pub(crate) struct Execution<'a> {
    pub kind: &'a DagKind,
    pub step: Step,
    pub rollback: bool,
    /// `fail-at-stage-N` hits this execution.
    pub inject_failure: bool,
    /// The agent running it (named in an injected connection error).
    pub agent: String,
    pub now: Instant,
}

struct Plan<'w> {
    world: &'w World,
    actions: VecDeque<Planned>,
}

impl Plan<'_> {
    fn after(&mut self, nominal_secs: f64, action: Action) {
        let when = When::After(self.world.scaled(nominal_secs));
        self.actions.push_back(Planned { when, action });
    }

    fn log(&mut self, nominal_secs: f64, line: String) {
        self.after(nominal_secs, Action::Log(line));
    }
}

/// The tenants a backup task works on. Tenants are re-read when each task runs (reference
/// §7, `allTenants`); the tenant route works on its one tenant.
fn tenants_of(world: &World, kind: &DagKind) -> Vec<(i64, String, &'static str)> {
    let wanted = |name: &str| match kind {
        DagKind::Backup { tenant: Some(t), .. } => t == name,
        _ => true,
    };
    world
        .tenants
        .iter()
        .filter(|t| wanted(&t.name))
        .map(|t| (t.id, t.label(), t.archive.status))
        .collect()
}

pub(crate) fn plan(world: &World, exec: &Execution<'_>) -> VecDeque<Planned> {
    let mut plan = Plan { world, actions: VecDeque::new() };
    let tenants = tenants_of(world, exec.kind);
    let mode = match exec.kind {
        DagKind::Backup { mode, .. } => *mode,
        DagKind::Config { .. } => BackupMode::Full,
    };
    if exec.rollback {
        // Rolling back "Start backup" cancels the backup and waits (reference §7); the other
        // steps have nothing to undo.
        if exec.step == Step::StartBackup {
            let tenant_ids = tenants.iter().map(|t| t.0).collect();
            plan.after(1.0, Action::CancelJobs { tenant_ids });
        }
        plan.after(1.0, Action::Succeed);
        return plan.actions;
    }
    match exec.step {
        // obshell's check is commented out: it succeeds at once (reference §7).
        Step::CheckDestination => {
            if exec.inject_failure {
                let line = format!(
                    "ERROR: [Common.Unexpected]: dial tcp {}: connect: connection refused",
                    exec.agent
                );
                plan.after(2.0, Action::Fail(line));
            } else {
                plan.after(2.0, Action::Succeed);
            }
        }
        Step::OpenArchiveLog => {
            let share = 5.0 / tenants.len().max(1) as f64;
            for (id, label, status) in &tenants {
                match *status {
                    // obshell's stage 2 gives up on an interrupted archive (reference §7).
                    "INTERRUPTED" => {
                        plan.log(0.0, format!("Archive log status of {label} is 'INTERRUPTED'"));
                        let name = label.split('(').next().unwrap_or(label);
                        let line = format!(
                            "ERROR: [Common.Unexpected]: Unexpected error: tenant {name} archive log is interrupted"
                        );
                        plan.after(share / 2.0, Action::Fail(line));
                        return plan.actions;
                    }
                    "DOING" => plan.log(share, format!("Archive log status of {label} is 'DOING'")),
                    "SUSPEND" => {
                        plan.log(0.0, format!("Archive log status of {label} is 'SUSPEND'"));
                        plan.log(share / 2.0, format!("Wait for {label} archive log to be 'DOING'"));
                        plan.after(share / 2.0, Action::OpenArchive { tenant_id: *id });
                    }
                    _ => {
                        plan.log(0.0, format!("Open archive log of {label}"));
                        if exec.inject_failure {
                            let name = label.split('(').next().unwrap_or(label);
                            let line = format!(
                                "ERROR: [Common.Unexpected]: tenant {name} archive log is interrupted"
                            );
                            plan.after(share / 2.0, Action::Fail(line));
                            return plan.actions;
                        }
                        plan.log(share * 0.3, format!("Wait {label} archive log opened"));
                        plan.log(share * 0.3, format!("Archive log status of {label} is 'BEGINNING'"));
                        plan.log(0.0, format!("Wait for {label} archive log to be 'DOING'"));
                        plan.after(share * 0.4, Action::OpenArchive { tenant_id: *id });
                    }
                }
            }
            plan.after(0.0, Action::Succeed);
        }
        Step::StartBackup => {
            let share = 3.0 / tenants.len().max(1) as f64;
            for (id, label, _) in &tenants {
                plan.log(0.0, format!("Start {} backup of {label}", mode.as_str()));
                if exec.inject_failure {
                    let line = "ERROR: [MySQL.Error]: Error 4012 (HY000): Timeout, query has reached the \
                                maximum query timeout: 10000000(us), maybe you can adjust the session \
                                variable ob_query_timeout or query_timeout hint, and try again."
                        .to_string();
                    plan.after(share, Action::Fail(line));
                    return plan.actions;
                }
                // A second start while a job runs is accepted by the API; OceanBase then refuses
                // the ALTER SYSTEM BACKUP here (reference §2.1).
                if world.has_running_job(*id, exec.now) {
                    let line = format!(
                        "ERROR: [Common.Unexpected]: tenant {label} already has a backup job in progress"
                    );
                    plan.after(share / 2.0, Action::Fail(line));
                    return plan.actions;
                }
                plan.after(share, Action::CreateJob { tenant_id: *id });
            }
            plan.after(0.0, Action::Succeed);
        }
        Step::WaitBackupFinish => {
            let bulky = world.bulk.log_lines > 0 || world.bulk.long_line_bytes.is_some();
            if let (true, Some((_, label, _))) = (bulky, tenants.first()) {
                plan.after(0.0, Action::BulkLogs { label: label.clone() });
            }
            for (id, label, _) in &tenants {
                plan.log(0.2, format!("Wait {label} backup finish"));
                if exec.inject_failure {
                    let line =
                        format!("ERROR: [OB.Cluster.AsyncOperationTimeout]: wait {label} backup finish timeout");
                    plan.after(5.0, Action::Fail(line));
                    return plan.actions;
                }
                plan.actions.push_back(Planned {
                    when: When::TenantIdle(*id),
                    action: Action::Log(format!("{label} backup finished")),
                });
            }
            plan.after(0.0, Action::Succeed);
        }
        Step::CheckBackupConfig => plan.after(1.5, Action::Succeed),
        Step::SetBackupConfig => {
            // A PATCH without `backup_base_uri` changes only the other settings, which the sim
            // does not model.
            if let DagKind::Config { base: Some(base) } = exec.kind {
                plan.after(3.0, Action::ApplyConfig { base: base.clone() });
                plan.after(0.0, Action::Succeed);
            } else {
                plan.after(3.0, Action::Succeed);
            }
        }
    }
    plan.actions
}

/// What "Set backup config" writes: each tenant's archive and data destinations.
pub(crate) fn apply_config(world: &mut World, base: &str) {
    for tenant in &mut world.tenants {
        tenant.archive_dest = archive_path(base, tenant.id);
        tenant.data_dest = data_path(base, tenant.id);
    }
}
