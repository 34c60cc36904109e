//! Past backup and backup-config DAGs (`GET /api/v1/task/dags/ob`) as rows for the history
//! page and its CSV / JSON export, what OceanBase really ran for the incremental ones, and the
//! typical duration of earlier backups for the ETA of a running one. Pure, so it is tested
//! natively.

use obshell_api::backup::JobOutcome;
use obshell_api::dag::BACKUP_CONFIG_DAG_NAME;
use obshell_api::{BackupDagName, BackupMode, DagDetail, State};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Backup,
    Config,
}

impl Kind {
    /// The value in the URL and in the page's select.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Backup => "backup",
            Kind::Config => "config",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        [Kind::Backup, Kind::Config].into_iter().find(|k| k.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    pub id: String,
    #[serde(skip)]
    pub dag_id: i64,
    pub name: String,
    pub kind: Kind,
    /// `full` / `incremental` for backups whose name says so.
    pub mode: Option<BackupMode>,
    /// The tenant of a tenant-level backup; `None` for the whole cluster.
    pub tenant: Option<String>,
    pub state: String,
    /// The DAG was cancelled (state FAILED with operator CANCEL).
    pub cancelled: bool,
    /// RFC 3339 as obshell reported them (agent's offset), when set.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// Only for finished DAGs: a running one has no duration yet.
    pub duration_ms: Option<i64>,
    /// For an incremental backup whose jobs were found in OceanBase's job lists: the tenants
    /// OceanBase backed up in full instead (nothing to build on). `None`: not known.
    pub taken_in_full: Option<Vec<String>>,
    /// When this DAG's backup jobs started (Unix ms), see [`DagDetail::backup_jobs_window`].
    #[serde(skip)]
    pub jobs_window: Option<(i64, Option<i64>)>,
}

/// Backup and backup-config DAGs, newest first.
pub fn rows(dags: &[DagDetail]) -> Vec<HistoryRow> {
    let mut rows: Vec<HistoryRow> = dags
        .iter()
        .filter_map(|d| {
            let (kind, parsed) = match BackupDagName::parse(&d.name) {
                Some(parsed) => (Kind::Backup, Some(parsed)),
                None if d.name == BACKUP_CONFIG_DAG_NAME => (Kind::Config, None),
                None => return None,
            };
            let set = |t: &Option<obshell_api::ObTime>| t.filter(|t| t.is_set()).map(|t| t.0.to_rfc3339());
            Some(HistoryRow {
                id: d.id.clone(),
                dag_id: d.dag_id,
                name: d.name.clone(),
                kind,
                mode: parsed.as_ref().and_then(|p| p.mode),
                tenant: parsed.and_then(|p| p.tenant),
                state: d.state.to_string(),
                cancelled: d.was_cancelled(),
                start_time: set(&d.start_time),
                end_time: set(&d.end_time),
                duration_ms: d.is_finished().then(|| d.span().duration_ms(0)).flatten(),
                taken_in_full: None,
                jobs_window: d.backup_jobs_window(),
            })
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.dag_id));
    rows
}

/// How many of a tenant's newest jobs the history reads: one page of obshell's list. A backup
/// older than these stays unknown rather than costing more requests.
pub const JOBS_PER_TENANT: u32 = obshell_api::backup::JOB_PAGE_SIZE;

/// Each tenant's newest jobs as read, `None` where the list could not be read.
pub type JobLists = [(String, Option<Vec<JobOutcome>>)];

/// Whose job lists tell what OceanBase ran for the incremental backups among the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantsToAsk {
    /// A cluster backup is among them: every tenant that can be backed up.
    All,
    /// Only tenant backups: their tenants.
    Named(Vec<String>),
}

/// `None` when no row asked for an incremental backup: nothing to ask then.
pub fn tenants_to_ask(rows: &[HistoryRow]) -> Option<TenantsToAsk> {
    let mut named = Vec::new();
    for row in rows.iter().filter(|r| r.mode == Some(BackupMode::Incremental)) {
        match &row.tenant {
            None => return Some(TenantsToAsk::All),
            Some(tenant) if !named.contains(tenant) => named.push(tenant.clone()),
            Some(_) => {}
        }
    }
    (!named.is_empty()).then_some(TenantsToAsk::Named(named))
}

/// Mark what OceanBase ran for each incremental backup, from each tenant's newest jobs. A job
/// belongs to the backup, full or incremental, of its tenant or of the cluster, whose jobs
/// window holds its start; to the nearest one when two do, as the clock tolerance makes
/// back-to-back windows overlap. A row is known only if every tenant in its scope was read and
/// its list reaches back to the row (see [`reaches_back`]); otherwise, as for a backup that
/// failed before starting any job, it stays unknown rather than claim "none in full".
pub fn mark_taken_in_full(rows: &mut [HistoryRow], jobs: &JobLists) {
    // For each row, the tenants with a job placed there, and whether that job ran in full.
    let mut placed: Vec<Vec<(&str, bool)>> = vec![Vec::new(); rows.len()];
    for (tenant, list) in jobs {
        for job in list.iter().flatten() {
            let Some(started) = job.started_ms() else { continue };
            let owner = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.kind == Kind::Backup && r.tenant.as_ref().is_none_or(|t| t == tenant))
                .filter_map(|(i, r)| {
                    let (start, end) = r.jobs_window?;
                    job.started_within(start, end).then_some((i, distance(started, start, end)))
                })
                .min_by_key(|(_, distance)| *distance);
            if let Some((i, _)) = owner {
                placed[i].push((tenant, job.is_full()));
            }
        }
    }
    for (row, here) in rows.iter_mut().zip(&placed) {
        if row.mode != Some(BackupMode::Incremental) {
            continue;
        }
        let Some((start, _)) = row.jobs_window else { continue };
        let mut in_scope = jobs.iter().filter(|(tenant, _)| row.tenant.as_ref().is_none_or(|t| t == tenant)).peekable();
        let asked = in_scope.peek().is_some();
        let every_tenant_seen = in_scope.all(|(tenant, list)| match list {
            Some(list) => here.iter().any(|(t, _)| t == tenant) || reaches_back(list, start),
            None => false,
        });
        row.taken_in_full = (asked && every_tenant_seen && !here.is_empty()).then(|| {
            let mut full: Vec<String> = Vec::new();
            for (tenant, _) in here.iter().filter(|(_, in_full)| *in_full) {
                if !full.iter().any(|f| f == tenant) {
                    full.push(tenant.to_string());
                }
            }
            full
        });
    }
}

/// How far a job's start lies from a window: 0 inside it, else from its nearer edge.
fn distance(started: i64, start: i64, end: Option<i64>) -> u64 {
    if started < start {
        started.abs_diff(start)
    } else {
        end.map_or(0, |end| started.saturating_sub(end).max(0).unsigned_abs())
    }
}

/// Whether a tenant's list holds every job it had since `start_ms`: it is the whole list (fewer
/// than a page), or its oldest job is older than that (give or take the clocks' tolerance).
fn reaches_back(list: &[JobOutcome], start_ms: i64) -> bool {
    list.len() < JOBS_PER_TENANT as usize
        || list
            .iter()
            .filter_map(JobOutcome::started_ms)
            .min()
            .is_some_and(|oldest| oldest <= start_ms - obshell_api::backup::CLOCK_TOLERANCE_MS)
}

impl HistoryRow {
    /// What OceanBase ran, as far as known: an incremental backup it took in full (for any
    /// tenant) ran as a full one.
    pub fn ran_as(&self) -> Option<BackupMode> {
        match (&self.mode, &self.taken_in_full) {
            (Some(BackupMode::Incremental), Some(full)) if !full.is_empty() => Some(BackupMode::Full),
            (mode, _) => *mode,
        }
    }
}

/// The median duration of earlier successful backups of the same scope (whole cluster, or
/// that tenant) and mode, and how many there were: what "usually" means for the ETA. A full
/// backup takes far longer than an incremental one, so mixing them would mislead: the mode is
/// what OceanBase ran ([`HistoryRow::ran_as`]: an incremental backup it took in full counts as
/// a full one, once [`mark_taken_in_full`] has said so). `mode: None` (a name without one)
/// compares with every backup of the scope.
pub fn typical_backup_ms(rows: &[HistoryRow], tenant: Option<&str>, mode: Option<BackupMode>, except_id: &str) -> Option<(i64, usize)> {
    let mut durations: Vec<i64> = rows
        .iter()
        .filter(|r| r.kind == Kind::Backup && r.id != except_id && r.tenant.as_deref() == tenant)
        .filter(|r| mode.is_none_or(|m| r.ran_as() == Some(m)))
        .filter(|r| r.state == State::Succeed.to_string())
        .filter_map(|r| r.duration_ms)
        .filter(|ms| *ms > 0)
        .collect();
    if durations.is_empty() {
        return None;
    }
    durations.sort_unstable();
    let mid = durations.len() / 2;
    let median = if durations.len().is_multiple_of(2) { (durations[mid - 1] + durations[mid]) / 2 } else { durations[mid] };
    Some((median, durations.len()))
}

const CSV_HEADER: &str = "id,name,kind,mode,taken_in_full,tenant,state,cancelled,start_time,end_time,duration_s";

/// RFC 4180: every field quoted when it holds a comma, quote or line break; a field that
/// starts like a formula is prefixed with `'` so a spreadsheet does not run it.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub fn to_csv(rows: &[HistoryRow]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            r.id.clone(),
            r.name.clone(),
            r.kind.as_str().into(),
            r.mode.map(|m| m.as_str().to_string()).unwrap_or_default(),
            // Tenant names are identifiers: a space cannot be part of one.
            r.taken_in_full.as_ref().map(|t| t.join(" ")).unwrap_or_default(),
            r.tenant.clone().unwrap_or_default(),
            r.state.clone(),
            r.cancelled.to_string(),
            r.start_time.clone().unwrap_or_default(),
            r.end_time.clone().unwrap_or_default(),
            r.duration_ms.map(|ms| crate::format::fixed(ms as f64 / 1000.0, 1)).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn to_json(rows: &[HistoryRow]) -> String {
    // Serialising plain strings, numbers and options cannot fail.
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dag(dag_id: i64, name: &str, state: &str, start: &str, end: &str) -> DagDetail {
        let json = serde_json::json!({
            "id": format!("1{dag_id}"), "dag_id": dag_id, "name": name, "stage": 4, "max_stage": 4,
            "state": state, "operator": "RUN", "start_time": start, "end_time": end, "nodes": null,
        });
        serde_json::from_value(json).unwrap()
    }

    fn sample() -> Vec<DagDetail> {
        vec![
            dag(1, "Obcluster start full backup", "SUCCEED", "2026-11-25T10:00:00+08:00", "2026-11-25T10:10:00+08:00"),
            dag(2, "Set obcluster backup config", "SUCCEED", "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:30+08:00"),
            dag(3, "Start obproxy", "SUCCEED", "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:30+08:00"),
            dag(4, "Obcluster start increment backup", "SUCCEED", "2026-11-25T11:00:00+08:00", "2026-11-25T11:20:00+08:00"),
            dag(5, "Obcluster start full backup for t1", "FAILED", "2026-11-25T12:00:00+08:00", "2026-11-25T12:01:00+08:00"),
            dag(6, "Obcluster start full backup", "RUNNING", "2026-11-25T13:00:00+08:00", "0001-01-01T00:00:00Z"),
        ]
    }

    #[test]
    fn keeps_backup_and_config_dags_newest_first() {
        let rows = rows(&sample());
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["16", "15", "14", "12", "11"]);
        assert_eq!(rows[1].tenant.as_deref(), Some("t1"));
        assert_eq!(rows[2].mode, Some(BackupMode::Incremental));
        assert_eq!(rows[3].kind, Kind::Config);
        assert_eq!(rows[4].duration_ms, Some(600_000));
        assert_eq!(rows[0].duration_ms, None, "running: no duration yet");
    }

    #[test]
    fn typical_duration_is_the_median_of_earlier_successes_of_the_same_scope_and_mode() {
        let rows = rows(&sample());
        assert_eq!(typical_backup_ms(&rows, None, None, "16"), Some((900_000, 2)));
        assert_eq!(typical_backup_ms(&rows, None, Some(BackupMode::Full), "16"), Some((600_000, 1)), "fulls only");
        assert_eq!(typical_backup_ms(&rows, None, Some(BackupMode::Incremental), "16"), Some((1_200_000, 1)));
        assert_eq!(typical_backup_ms(&rows, Some("t1"), None, "x"), None, "the only t1 backup failed");
        let mut marked = rows.clone();
        marked[2].taken_in_full = Some(vec!["t1".into()]);
        assert_eq!(typical_backup_ms(&marked, None, Some(BackupMode::Incremental), "16"), None, "that one ran in full");
        assert_eq!(typical_backup_ms(&marked, None, Some(BackupMode::Full), "16"), Some((900_000, 2)), "as a full one");
        marked[2].taken_in_full = Some(vec![]);
        assert_eq!(typical_backup_ms(&marked, None, Some(BackupMode::Incremental), "16"), Some((1_200_000, 1)));
    }

    fn job(job_id: i64, backup_type: &str, start: &str) -> JobOutcome {
        JobOutcome { job_id, backup_type: backup_type.into(), status: "COMPLETED".into(), start_timestamp: Some(start.into()), ..Default::default() }
    }

    #[test]
    fn an_incremental_backup_says_which_tenants_oceanbase_took_in_full() {
        let mut dags = sample();
        dags.push(dag(7, "Obcluster start increment backup for t2", "SUCCEED", "2026-11-25T14:00:00+08:00", "2026-11-25T14:05:00+08:00"));
        dags.push(dag(8, "Obcluster start increment backup", "SUCCEED", "2026-11-25T15:00:00+08:00", "2026-11-25T15:05:00+08:00"));
        let mut rows = rows(&dags);
        assert_eq!(tenants_to_ask(&rows), Some(TenantsToAsk::All), "a cluster incremental: every tenant");
        assert_eq!(tenants_to_ask(&rows[1..3]), Some(TenantsToAsk::Named(vec!["t2".into()])), "only t2's");
        assert_eq!(tenants_to_ask(&rows[2..4]), None, "no incremental: ask nothing");
        let t1 = vec![job(1, "FULL", "2026-11-25T11:00:02+08:00"), job(4, "INC", "2026-11-25T15:00:01+08:00")];
        let t2 = vec![
            job(2, "INC", "2026-11-25T11:00:02+08:00"),
            job(3, "FULL", "2026-11-25T14:00:01+08:00"),
            // Another tenant's name would not make t1's row say t2.
            job(5, "INC", "2026-11-25T15:00:01+08:00"),
        ];
        let jobs = vec![("t1".to_string(), Some(t1.clone())), ("t2".to_string(), Some(t2.clone()))];
        mark_taken_in_full(&mut rows, &jobs);
        let taken = |rows: &[HistoryRow], id: &str| rows.iter().find(|r| r.id == id).and_then(|r| r.taken_in_full.clone());
        assert_eq!(taken(&rows, "14"), Some(vec!["t1".to_string()]), "cluster incremental: t1 ran FULL, t2 INC");
        assert_eq!(taken(&rows, "17"), Some(vec!["t2".to_string()]), "the tenant backup of t2");
        assert_eq!(taken(&rows, "18"), Some(vec![]), "every job ran incremental");
        assert_eq!(taken(&rows, "11"), None, "a full backup is not looked at");
        assert_eq!(rows.iter().find(|r| r.id == "14").and_then(HistoryRow::ran_as), Some(BackupMode::Full));

        // t2's list could not be read: every backup that involves t2 is unknown, rather than
        // "none in full"; t1's own backups are not affected.
        let mut partial = super::rows(&dags);
        mark_taken_in_full(&mut partial, &[("t1".to_string(), Some(t1.clone())), ("t2".to_string(), None)]);
        assert_eq!(taken(&partial, "17"), None);
        assert_eq!(taken(&partial, "18"), None, "t2 may have run in full there");
        assert_eq!(taken(&partial, "14"), None);

        // A full page of newer jobs that does not reach back to a row: unknown as well.
        let page = JOBS_PER_TENANT as usize;
        let newer: Vec<JobOutcome> = (0..page).map(|i| job(100 + i as i64, "INC", "2026-11-26T10:00:00+08:00")).collect();
        let mut cut = super::rows(&dags);
        mark_taken_in_full(&mut cut, &[("t1".to_string(), Some(t1.clone())), ("t2".to_string(), Some(newer))]);
        assert_eq!(taken(&cut, "18"), None, "t2's job for it fell off the page");
        let mut short = super::rows(&dags);
        mark_taken_in_full(&mut short, &[("t1".to_string(), Some(t1)), ("t2".to_string(), Some(Vec::new()))]);
        assert_eq!(taken(&short, "18"), Some(vec![]), "t2 has no job at all (a newer tenant): t1 alone tells");

        // Back to back, closer than the clocks' tolerance: each job goes to the nearer backup,
        // so the full backup's jobs just before do not make the incremental one "in full".
        let close_dags = vec![
            dag(1, "Obcluster start full backup", "SUCCEED", "2026-11-25T10:00:00+08:00", "2026-11-25T10:00:02+08:00"),
            dag(2, "Obcluster start increment backup", "SUCCEED", "2026-11-25T10:00:04+08:00", "2026-11-25T10:00:06+08:00"),
        ];
        let close = vec![(
            "t1".to_string(),
            Some(vec![job(1, "FULL", "2026-11-25T10:00:01+08:00"), job(2, "INC", "2026-11-25T10:00:05+08:00")]),
        )];
        let mut back_to_back = super::rows(&close_dags);
        mark_taken_in_full(&mut back_to_back, &close);
        assert_eq!(back_to_back[0].taken_in_full, Some(vec![]), "{back_to_back:?}");
        // A job just inside the earlier window, though nearer the later one's start, stays there.
        assert_eq!(distance(10, 0, Some(12)), 0);
        assert_eq!(distance(15, 0, Some(12)), 3);
        assert_eq!(distance(-2, 0, None), 2);

        let csv = to_csv(&rows);
        assert!(csv.contains("\r\n14,Obcluster start increment backup,backup,incremental,t1,,SUCCEED"), "{csv}");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut rows = rows(&sample());
        rows[0].name = "=HYPERLINK(\"x\"),y".into();
        let csv = to_csv(&rows[..1]);
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(CSV_HEADER));
        assert_eq!(lines.next(), Some("16,\"'=HYPERLINK(\"\"x\"\"),y\",backup,full,,,RUNNING,false,2026-11-25T13:00:00+08:00,,"));
    }

    #[test]
    fn json_round_trips_the_rows() {
        let rows = rows(&sample());
        let value: serde_json::Value = serde_json::from_str(&to_json(&rows)).unwrap();
        assert_eq!(value.as_array().map(Vec::len), Some(5));
        assert_eq!(value[2]["mode"], "incremental");
        assert_eq!(value[4]["duration_ms"], 600_000);
    }
}
