//! The simulated OceanBase cluster: agents, user tenants, their backup destinations, archive
//! log status and backup jobs (what `CDB_OB_BACKUP_JOBS` / `CDB_OB_BACKUP_TASKS` would hold).

use crate::archive::Archive;
use crate::clock::Instant;
use crate::config::{Scenario, SimConfig};
use crate::dag_engine::{Dag, View};
use obshell_api::backup::{BackupJob as JobRecord, CdbObBackupTask};
use obshell_api::dag::ExecuteAgent;
use obshell_api::backup::destination_path;
use obshell_api::BackupMode;

/// The simulated cluster's id, used in destination paths (`<base>/<cluster_id>/<tenant_id>/...`).
pub(crate) const CLUSTER_ID: i64 = 1;

#[derive(Debug, Clone)]
pub(crate) struct Tenant {
    pub name: String,
    pub id: i64,
    /// `CDB_OB_ARCHIVE_DEST.path`; empty = not configured.
    pub archive_dest: String,
    /// `CDB_OB_BACKUP_PARAMETER.data_backup_dest`; empty = not configured.
    pub data_dest: String,
    /// Archive log status and round (reference §2.3, `crate::archive`).
    pub archive: Archive,
    /// Last `backup_set_id` handed out.
    pub backup_sets: i64,
}

impl Tenant {
    /// How obshell names a tenant in messages and logs: `t1(1002)`.
    pub fn label(&self) -> String {
        format!("{}({})", self.name, self.id)
    }
}

/// One `ALTER SYSTEM BACKUP` job of one tenant.
#[derive(Debug, Clone)]
pub(crate) struct BackupJob {
    pub job_id: i64,
    pub tenant_id: i64,
    pub backup_set_id: i64,
    /// What OceanBase ran, which is not always what was asked (see `effective_mode`).
    pub mode: BackupMode,
    pub encrypted: bool,
    pub plus_archive: bool,
    pub created: Instant,
    /// BEGINNING until then, DOING after.
    pub doing_at: Instant,
    /// COMPLETED at this time unless canceled first.
    pub end_at: Instant,
    pub canceled_at: Option<Instant>,
    pub path: String,
    /// Totals reached at completion.
    pub tablets: i64,
    pub macro_blocks: i64,
    pub bytes: i64,
}

impl BackupJob {
    /// When the job leaves `CDB_OB_BACKUP_JOBS` (completed or canceled).
    pub fn effective_end(&self) -> Instant {
        match self.canceled_at {
            Some(at) if at < self.end_at => at,
            _ => self.end_at,
        }
    }

    pub fn is_running(&self, now: Instant) -> bool {
        self.effective_end() > now
    }

    pub fn status(&self, now: Instant) -> &'static str {
        match self.canceled_at {
            Some(at) if at <= now && at < self.end_at => "CANCELED",
            _ if self.end_at <= now => "COMPLETED",
            _ if self.doing_at <= now => "DOING",
            _ => "BEGINNING",
        }
    }

    /// Fraction of the work done at `now`: it advances while the job is DOING.
    fn progress(&self, now: Instant) -> f64 {
        let until = now.min(self.effective_end());
        let total = (self.end_at - self.doing_at).num_milliseconds().max(1) as f64;
        let done = (until - self.doing_at).num_milliseconds().max(0) as f64;
        (done / total).clamp(0.0, 1.0)
    }

    /// The row `GET /obcluster/backup/overview` shows.
    pub fn view(&self, now: Instant, view: &View, speed: f64) -> CdbObBackupTask {
        let progress = self.progress(now);
        let part = |total: i64| (total as f64 * progress).floor() as i64;
        let input = part(self.bytes);
        // Backup sets compress: roughly 60% of the input is written.
        let output = (input as f64 * 0.6) as i64;
        let status = self.status(now);
        let finished = matches!(status, "COMPLETED" | "CANCELED");
        let simulated_secs =
            ((now.min(self.effective_end()) - self.doing_at).num_milliseconds().max(0) as f64 / 1000.0) * speed;
        let render = |t: Instant| view.text(t);
        // SCNs are OceanBase's clock, the same host clock as the agent's.
        let scn = |t: Instant| view.skewed(t).timestamp_nanos_opt().unwrap_or_default();
        CdbObBackupTask {
            tenant_id: self.tenant_id,
            task_id: self.job_id,
            job_id: self.job_id,
            incarnation: 1,
            backup_set_id: self.backup_set_id,
            start_timestamp: Some(render(self.created)),
            end_timestamp: finished.then(|| render(self.effective_end())),
            status: status.to_string(),
            start_scn: scn(self.created),
            end_scn: if finished { scn(self.effective_end()) } else { 0 },
            user_ls_start_scn: scn(self.created),
            encryption_mode: if self.encrypted { "PASSWORD" } else { "NONE" }.to_string(),
            input_bytes: input,
            output_bytes: output,
            output_rate_bytes: if simulated_secs > 0.0 { output as f64 / simulated_secs } else { 0.0 },
            extra_meta_bytes: if progress > 0.0 { 4096 } else { 0 },
            tablet_count: self.tablets,
            finish_tablet_count: part(self.tablets),
            macro_block_count: self.macro_blocks,
            finish_macro_block_count: part(self.macro_blocks),
            file_count: part(self.macro_blocks / 8),
            meta_turn_id: 1,
            data_turn_id: if status == "BEGINNING" { 0 } else { 1 },
            result: if status == "CANCELED" { -4072 } else { 0 },
            comment: String::new(),
            path: self.path.clone(),
        }
    }
}

impl BackupJob {
    /// The row `GET /tenant/:name/backup/tasks` lists (`CDB_OB_BACKUP_JOB_HISTORY` once it
    /// ended, `CDB_OB_BACKUP_JOBS` before: there a task's BEGINNING is the job's INIT).
    pub fn record(&self, now: Instant, view: &View) -> JobRecord {
        let status = match self.status(now) {
            "BEGINNING" => "INIT",
            other => other,
        };
        let finished = matches!(status, "COMPLETED" | "CANCELED");
        JobRecord {
            tenant_id: self.tenant_id,
            job_id: self.job_id,
            backup_set_id: self.backup_set_id,
            plus_archivelog: if self.plus_archive { "ON" } else { "OFF" }.to_string(),
            backup_type: match self.mode {
                BackupMode::Full => "FULL",
                BackupMode::Incremental => "INC",
            }
            .to_string(),
            start_timestamp: Some(view.text(self.created)),
            end_timestamp: finished.then(|| view.text(self.effective_end())),
            status: status.to_string(),
            result: if status == "CANCELED" { -4072 } else { 0 },
            comment: String::new(),
            description: String::new(),
            path: self.path.clone(),
        }
    }
}

/// What the sim hands out ids for, each from its own sequence (like obshell's tables).
#[derive(Debug, Clone)]
pub(crate) struct Ids {
    pub dag: i64,
    pub node: i64,
    pub sub_task: i64,
    pub log: i64,
    pub job: i64,
}

impl Ids {
    fn new() -> Self {
        Ids { dag: 0, node: 0, sub_task: 0, log: 0, job: 0 }
    }
}

pub(crate) fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

/// A start-backup request body as the sim decrypted it (for `GET /__sim/backups`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RecordedBackup {
    /// The route it came in on.
    pub path: String,
    /// The decrypted body, byte for byte (it may hold the backup encryption password: only
    /// the test hooks ever show it).
    pub body: String,
    /// Whether a DAG was created for it.
    pub accepted: bool,
    /// The errCode it was rejected with, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub err_code: Option<String>,
    /// The DAG created for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag_id: Option<String>,
    /// What the sim understood, for accepted requests (mode normalised).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<obshell_api::BackupRequest>,
}

/// Everything behind the sim's one mutex.
pub(crate) struct World {
    pub scenario: Scenario,
    pub speed: f64,
    pub agents: Vec<ExecuteAgent>,
    pub tenants: Vec<Tenant>,
    /// The configured tenant names, to rebuild the cluster when the scenario changes its shape.
    tenant_names: Vec<String>,
    pub jobs: Vec<BackupJob>,
    pub dags: Vec<Dag>,
    pub ids: Ids,
    pub recorded: Vec<RecordedBackup>,
    /// The large-DAG options (`SimConfig::subtasks_per_stage` and the log sizes).
    pub bulk: Bulk,
}

/// Options that make DAGs as large as a big cluster's (`crate::SimConfig`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bulk {
    pub subtasks_per_stage: usize,
    pub log_lines: usize,
    pub long_line_bytes: Option<usize>,
}

impl World {
    pub fn new(config: &SimConfig) -> Self {
        let agents = (1..=config.agents.max(1))
            .map(|i| ExecuteAgent { ip: format!("10.0.0.{i}"), port: 2886 })
            .collect();
        let mut world = World {
            scenario: config.scenario,
            speed: if config.speed.is_finite() && config.speed > 0.0 { config.speed } else { 1.0 },
            agents,
            tenants: Vec::new(),
            tenant_names: config.tenants.clone(),
            jobs: Vec::new(),
            dags: Vec::new(),
            ids: Ids::new(),
            recorded: Vec::new(),
            bulk: Bulk {
                subtasks_per_stage: config.subtasks_per_stage,
                log_lines: config.log_lines_per_subtask,
                long_line_bytes: config.long_log_line_bytes,
            },
        };
        world.shape_cluster();
        world
    }

    /// Build the tenants the scenario calls for (ids 1002, 1004, ...: user tenants are even).
    fn shape_cluster(&mut self) {
        let configured = !matches!(self.scenario, Scenario::NoBackupConfig);
        self.tenants = if self.scenario == Scenario::NoUserTenants {
            Vec::new()
        } else {
            self.tenant_names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let id = 1002 + 2 * i as i64;
                    let base = "file:///data/backup";
                    Tenant {
                        name: name.clone(),
                        id,
                        archive_dest: if configured { archive_path(base, id) } else { String::new() },
                        data_dest: if configured { data_path(base, id) } else { String::new() },
                        archive: Archive::default(),
                        backup_sets: 0,
                    }
                })
                .collect()
        };
    }

    /// Switch scenario. One that shapes the cluster (or leaving one) rebuilds the tenants;
    /// behavioural scenarios leave the cluster as it is.
    pub fn set_scenario(&mut self, scenario: Scenario) {
        let reshape = scenario.shapes_cluster() || self.scenario.shapes_cluster();
        self.scenario = scenario;
        if reshape {
            self.shape_cluster();
        }
    }

    /// Simulated seconds → real time at the configured speed (capped at ~30 years).
    pub fn scaled(&self, nominal_secs: f64) -> chrono::Duration {
        let millis = (nominal_secs * 1000.0 / self.speed).round().clamp(0.0, 1e12) as i64;
        chrono::Duration::try_milliseconds(millis).unwrap_or(chrono::Duration::MAX)
    }

    pub fn tenant_by_name(&self, name: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.name == name)
    }

    pub fn tenant_mut(&mut self, id: i64) -> Option<&mut Tenant> {
        self.tenants.iter_mut().find(|t| t.id == id)
    }

    /// Whether the tenant has a job still in `CDB_OB_BACKUP_JOBS`.
    pub fn has_running_job(&self, tenant_id: i64, now: Instant) -> bool {
        self.jobs.iter().any(|j| j.tenant_id == tenant_id && j.is_running(now))
    }

    /// When the tenant's last job leaves `CDB_OB_BACKUP_JOBS` (what stage 4 polls for).
    pub fn tenant_idle_at(&self, tenant_id: i64) -> Option<Instant> {
        self.jobs.iter().filter(|j| j.tenant_id == tenant_id).map(BackupJob::effective_end).max()
    }

    /// `ALTER SYSTEM BACKUP [INCREMENTAL] TENANT = t` (reference §7, stage 3).
    pub fn create_job(&mut self, tenant_id: i64, asked: BackupMode, encrypted: bool, plus_archive: bool, at: Instant) {
        let mode = self.effective_mode(tenant_id, asked, at);
        let tenant_count = self.tenants.len().max(1) as f64;
        let position = self.tenants.iter().position(|t| t.id == tenant_id).unwrap_or(0) as f64;
        let job_id = next(&mut self.ids.job);
        // Nominal job lengths: a full backup ~90 s, an incremental ~40 s; tenants finish one
        // after the other. `timeout-stage-4` makes them outlast obshell's 3600 s sub-task
        // timeout.
        let total = match (self.scenario, mode) {
            (Scenario::TimeoutStage4, _) => 5400.0,
            (_, BackupMode::Full) => 90.0,
            (_, BackupMode::Incremental) => 40.0,
        };
        let length = total * (0.6 + 0.4 * (position + 1.0) / tenant_count);
        let doing_at = later(at, self.scaled(2.0_f64.min(length / 4.0)));
        let end_at = later(at, self.scaled(length));
        let Some(tenant) = self.tenant_mut(tenant_id) else { return };
        tenant.backup_sets += 1;
        let backup_set_id = tenant.backup_sets;
        let scale = match mode {
            BackupMode::Full => 1,
            BackupMode::Incremental => 4,
        };
        // OceanBase records the destination's backup path on the job and its tasks (neither
        // the backup set's directory nor the object store's settings).
        let path = destination_path(&tenant.data_dest).to_string();
        let seed = tenant_id % 100;
        self.jobs.push(BackupJob {
            job_id,
            tenant_id,
            backup_set_id,
            mode,
            encrypted,
            plus_archive,
            created: at,
            doing_at,
            end_at,
            canceled_at: None,
            path,
            tablets: (1200 + 37 * seed) / scale,
            macro_blocks: (48_000 + 1_500 * seed) / scale,
            bytes: (6 * 1024 * 1024 * 1024 + seed * 97 * 1024 * 1024) / scale,
        });
    }

    /// What OceanBase really runs: an incremental backup builds on the newest successful backup
    /// set, full or incremental, in the tenant's current backup path; with none there it quietly
    /// becomes a full backup (`ObBackupDataScheduler::update_backup_type_if_need_`). A job the
    /// sim ended as COMPLETED is such a set.
    fn effective_mode(&self, tenant_id: i64, asked: BackupMode, at: Instant) -> BackupMode {
        let Some(tenant) = self.tenants.iter().find(|t| t.id == tenant_id) else { return asked };
        let has_base = self
            .jobs
            .iter()
            .any(|j| j.tenant_id == tenant_id && j.path == destination_path(&tenant.data_dest) && j.status(at) == "COMPLETED");
        match asked {
            BackupMode::Incremental if !has_base => BackupMode::Full,
            _ => asked,
        }
    }

    /// `ALTER SYSTEM CANCEL BACKUP TENANT = t` for every running job of these tenants.
    pub fn cancel_jobs(&mut self, tenant_ids: &[i64], now: Instant) {
        for job in self.jobs.iter_mut().filter(|j| tenant_ids.contains(&j.tenant_id)) {
            if job.is_running(now) {
                job.canceled_at = Some(now);
            }
        }
    }

    /// Per tenant, its running job, else its last one (reference §1.4, overview).
    pub fn overview(&self, tenant_id: i64, now: Instant) -> Option<&BackupJob> {
        let mut jobs = self.jobs.iter().filter(|j| j.tenant_id == tenant_id);
        let running = jobs.clone().find(|j| j.is_running(now));
        running.or_else(|| jobs.next_back())
    }
}

/// `at + delay`, saturating instead of panicking at the end of time.
pub(crate) fn later(at: Instant, delay: chrono::Duration) -> Instant {
    at.checked_add_signed(delay).unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
}

/// The cluster form of backup config: `<base>/<cluster_id>/<tenant_id>/clog` (reference §2.4).
pub(crate) fn archive_path(base: &str, tenant_id: i64) -> String {
    under(base, &format!("{CLUSTER_ID}/{tenant_id}/clog"))
}

pub(crate) fn data_path(base: &str, tenant_id: i64) -> String {
    under(base, &format!("{CLUSTER_ID}/{tenant_id}/data"))
}

/// `base` with `sub` appended to its path; an object store's query (host, keys) stays last.
fn under(base: &str, sub: &str) -> String {
    let (path, query) = base.split_once('?').map_or((base, None), |(path, query)| (path, Some(query)));
    let path = format!("{}/{sub}", path.trim_end_matches('/'));
    query.map_or_else(|| path.clone(), |query| format!("{path}?{query}"))
}
