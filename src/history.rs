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

/// Which rows the history shows, kept in the page's URL (`?state=failed&scope=t1&kind=backup`)
/// so a filtered view can be reloaded, bookmarked and shared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub state: StateFilter,
    pub scope: ScopeFilter,
    pub kind: Option<Kind>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    /// Not finished yet.
    Running,
    Succeeded,
    /// Failed or cancelled.
    Failed,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScopeFilter {
    #[default]
    All,
    Cluster,
    Tenant(String),
}

impl StateFilter {
    pub const ALL: [StateFilter; 4] = [StateFilter::All, StateFilter::Running, StateFilter::Succeeded, StateFilter::Failed];

    /// The value in the URL and in the page's select.
    pub fn as_str(self) -> &'static str {
        match self {
            StateFilter::All => "",
            StateFilter::Running => "running",
            StateFilter::Succeeded => "succeeded",
            StateFilter::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> StateFilter {
        StateFilter::ALL.into_iter().find(|s| s.as_str() == value).unwrap_or_default()
    }
}

impl ScopeFilter {
    /// The value in the URL and in the page's select: `""`, `cluster`, or a tenant's name.
    pub fn as_str(&self) -> &str {
        match self {
            ScopeFilter::All => "",
            ScopeFilter::Cluster => "cluster",
            ScopeFilter::Tenant(name) => name,
        }
    }

    /// A tenant's name is an identifier (letters, digits, `_`, `$`), which also keeps the URL
    /// free of anything to escape; any other value means no filter.
    pub fn parse(value: &str) -> ScopeFilter {
        match value {
            "" => ScopeFilter::All,
            "cluster" => ScopeFilter::Cluster,
            name if name.len() <= 128 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$') => {
                ScopeFilter::Tenant(name.to_string())
            }
            _ => ScopeFilter::All,
        }
    }
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

impl Filter {
    /// Read from a URL's query (`?a=b&c=d` or without the `?`); what is not understood is
    /// no filter.
    pub fn from_query(query: &str) -> Filter {
        let mut filter = Filter::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "state" => filter.state = StateFilter::parse(value),
                "scope" => filter.scope = ScopeFilter::parse(value),
                "kind" => filter.kind = Kind::parse(value),
                _ => {}
            }
        }
        filter
    }

    /// The query for the URL, `""` when nothing is filtered (the inverse of [`Filter::from_query`]).
    pub fn to_query(&self) -> String {
        let pairs: Vec<String> = [("state", self.state.as_str()), ("scope", self.scope.as_str()), ("kind", self.kind.map_or("", Kind::as_str))]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) }
    }

    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    pub fn keeps(&self, row: &HistoryRow) -> bool {
        let state = State::parse(&row.state);
        let state_ok = match self.state {
            StateFilter::All => true,
            StateFilter::Running => !matches!(state, State::Succeed | State::Failed),
            StateFilter::Succeeded => state == State::Succeed,
            StateFilter::Failed => state == State::Failed,
        };
        let scope_ok = match &self.scope {
            ScopeFilter::All => true,
            // A destination change applies to every tenant: it is the cluster's.
            ScopeFilter::Cluster => row.tenant.is_none(),
            ScopeFilter::Tenant(name) => row.tenant.as_ref() == Some(name),
        };
        state_ok && scope_ok && self.kind.is_none_or(|k| k == row.kind)
    }
}

/// The tenants the rows name, in order of first appearance: the scope filter's choices.
pub fn tenants_named(rows: &[HistoryRow]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in rows.iter().filter_map(|r| r.tenant.as_ref()) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// How many of a tenant's newest jobs the history reads: one page of obshell's list. An older
/// incremental backup than these stays unknown rather than costing more requests.
pub const JOBS_PER_TENANT: u32 = 100;

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

/// Mark what OceanBase ran for each incremental backup, from each tenant's newest jobs
/// (`jobs`: tenant name and its job list). A job belongs to the backup, full or incremental, of
/// its tenant or of the cluster, whose jobs window holds its start; to the nearest one when two
/// do, as the clock tolerance makes back-to-back windows overlap. An incremental backup none of
/// whose jobs is listed (too old, or it failed before starting any) stays unknown.
pub fn mark_taken_in_full(rows: &mut [HistoryRow], jobs: &[(String, Vec<JobOutcome>)]) {
    let mut placed: Vec<Option<Vec<String>>> = vec![None; rows.len()];
    for (tenant, list) in jobs {
        for job in list {
            let Some(started) = job.started_ms() else { continue };
            let owner = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.kind == Kind::Backup && r.tenant.as_ref().is_none_or(|t| t == tenant))
                .filter_map(|(i, r)| {
                    let (start, end) = r.jobs_window?;
                    job.started_within(start, end).then_some((i, started.abs_diff(start)))
                })
                .min_by_key(|(_, distance)| *distance);
            if let Some((i, _)) = owner {
                let full = placed[i].get_or_insert_with(Vec::new);
                if job.is_full() && !full.contains(tenant) {
                    full.push(tenant.clone());
                }
            }
        }
    }
    for (row, full) in rows.iter_mut().zip(placed) {
        if row.mode == Some(BackupMode::Incremental) {
            row.taken_in_full = full;
        }
    }
}

/// The median duration of earlier successful backups of the same scope (whole cluster, or
/// that tenant) and mode, and how many there were: what "usually" means for the ETA. A full
/// backup takes far longer than an incremental one, so mixing them would mislead: an
/// incremental backup that OceanBase took in full (as marked by [`mark_taken_in_full`]) is
/// left out too. `mode: None` (a name without one) compares with every backup of the scope.
pub fn typical_backup_ms(rows: &[HistoryRow], tenant: Option<&str>, mode: Option<BackupMode>, except_id: &str) -> Option<(i64, usize)> {
    let mut durations: Vec<i64> = rows
        .iter()
        .filter(|r| r.kind == Kind::Backup && r.id != except_id && r.tenant.as_deref() == tenant)
        .filter(|r| mode.is_none_or(|m| r.mode == Some(m)))
        .filter(|r| r.taken_in_full.as_ref().is_none_or(Vec::is_empty))
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
            match r.kind {
                Kind::Backup => "backup".into(),
                Kind::Config => "config".into(),
            },
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
        let jobs = vec![
            ("t1".to_string(), vec![job(1, "FULL", "2026-11-25T11:00:02+08:00"), job(4, "INC", "2026-11-25T15:00:01+08:00")]),
            (
                "t2".to_string(),
                vec![
                    job(2, "INC", "2026-11-25T11:00:02+08:00"),
                    job(3, "FULL", "2026-11-25T14:00:01+08:00"),
                    // Another tenant's name would not make t1's row say t2.
                    job(5, "INC", "2026-11-25T15:00:01+08:00"),
                ],
            ),
        ];
        mark_taken_in_full(&mut rows, &jobs);
        let taken = |id: &str| rows.iter().find(|r| r.id == id).unwrap().taken_in_full.clone();
        assert_eq!(taken("14"), Some(vec!["t1".to_string()]), "cluster incremental: t1 ran FULL, t2 INC");
        assert_eq!(taken("17"), Some(vec!["t2".to_string()]), "the tenant backup of t2");
        assert_eq!(taken("18"), Some(vec![]), "every job ran incremental");
        assert_eq!(taken("11"), None, "a full backup is not looked at");

        // No job of the row's tenant in its window: not known, rather than "none in full".
        let mut rows = super::rows(&dags);
        mark_taken_in_full(&mut rows, &jobs[..1]);
        assert_eq!(rows.iter().find(|r| r.id == "17").unwrap().taken_in_full, None);
        assert_eq!(rows.iter().find(|r| r.id == "14").unwrap().taken_in_full, Some(vec!["t1".to_string()]));

        // Back to back, closer than the clocks' tolerance: each job goes to the nearer backup,
        // so the full backup's jobs just before do not make the incremental one "in full".
        let dags = vec![
            dag(1, "Obcluster start full backup", "SUCCEED", "2026-11-25T10:00:00+08:00", "2026-11-25T10:00:02+08:00"),
            dag(2, "Obcluster start increment backup", "SUCCEED", "2026-11-25T10:00:04+08:00", "2026-11-25T10:00:06+08:00"),
        ];
        let close = vec![(
            "t1".to_string(),
            vec![job(1, "FULL", "2026-11-25T10:00:01+08:00"), job(2, "INC", "2026-11-25T10:00:05+08:00")],
        )];
        let mut back_to_back = super::rows(&dags);
        mark_taken_in_full(&mut back_to_back, &close);
        assert_eq!(back_to_back[0].taken_in_full, Some(vec![]), "{back_to_back:?}");

        let csv = to_csv(&rows);
        assert!(csv.contains("\r\n14,Obcluster start increment backup,backup,incremental,t1,,SUCCEED"), "{csv}");
    }

    #[test]
    fn the_filter_reads_back_from_its_query_and_keeps_what_it_says() {
        let filter = Filter { state: StateFilter::Failed, scope: ScopeFilter::Tenant("t1".into()), kind: Some(Kind::Backup) };
        assert_eq!(filter.to_query(), "?state=failed&scope=t1&kind=backup");
        assert_eq!(Filter::from_query(&filter.to_query()), filter);
        assert_eq!(Filter::default().to_query(), "", "no filter, no query");
        assert!(!Filter::from_query("").is_active());
        // What is not understood is no filter, and a hostile scope never reaches the URL.
        let odd = Filter::from_query("state=exploded&scope=%3Cscript%3E&kind=&x=1&scope");
        assert_eq!(odd, Filter::default());
        assert_eq!(ScopeFilter::parse("a/b"), ScopeFilter::All);
        assert_eq!(ScopeFilter::parse("cluster"), ScopeFilter::Cluster);

        let rows = rows(&sample());
        let kept = |query: &str| -> Vec<String> {
            let filter = Filter::from_query(query);
            rows.iter().filter(|r| filter.keeps(r)).map(|r| r.id.clone()).collect()
        };
        assert_eq!(kept(""), ["16", "15", "14", "12", "11"]);
        assert_eq!(kept("state=failed"), ["15"]);
        assert_eq!(kept("state=running"), ["16"]);
        assert_eq!(kept("state=succeeded&kind=backup"), ["14", "11"]);
        assert_eq!(kept("scope=t1"), ["15"]);
        assert_eq!(kept("scope=cluster&kind=config"), ["12"]);
        assert_eq!(kept("scope=t9"), Vec::<String>::new());
        assert_eq!(tenants_named(&rows), ["t1"]);
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
