//! Past backup and backup-config DAGs (`GET /api/v1/task/dags/ob`) as rows for the history
//! page and its CSV / JSON export, and the typical duration of earlier backups for the ETA of
//! a running one. Pure, so it is tested natively.

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
            })
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.dag_id));
    rows
}

/// The median duration of earlier successful backups of the same scope (whole cluster, or
/// that tenant) and how many there were: what "usually" means for the ETA.
pub fn typical_backup_ms(rows: &[HistoryRow], tenant: Option<&str>, except_id: &str) -> Option<(i64, usize)> {
    let mut durations: Vec<i64> = rows
        .iter()
        .filter(|r| r.kind == Kind::Backup && r.id != except_id && r.tenant.as_deref() == tenant)
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

const CSV_HEADER: &str = "id,name,kind,mode,tenant,state,cancelled,start_time,end_time,duration_s";

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
    fn typical_duration_is_the_median_of_earlier_successes_of_the_same_scope() {
        let rows = rows(&sample());
        assert_eq!(typical_backup_ms(&rows, None, "16"), Some((900_000, 2)));
        assert_eq!(typical_backup_ms(&rows, Some("t1"), "x"), None, "the only t1 backup failed");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut rows = rows(&sample());
        rows[0].name = "=HYPERLINK(\"x\"),y".into();
        let csv = to_csv(&rows[..1]);
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(CSV_HEADER));
        assert_eq!(lines.next(), Some("16,\"'=HYPERLINK(\"\"x\"\"),y\",backup,full,,RUNNING,false,2026-11-25T13:00:00+08:00,,"));
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
