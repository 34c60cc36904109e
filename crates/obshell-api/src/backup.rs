//! Backup request bodies and views (`ob/param/backup.go`,
//! `ob/agent/repository/model/oceanbase/backup.go`).

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// `mode` of a data backup. obshell lower-cases it and defaults `null`/`""` to full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BackupMode {
    #[default]
    Full,
    Incremental,
}

impl BackupMode {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupMode::Full => "full",
            BackupMode::Incremental => "incremental",
        }
    }
}

impl<'de> Deserialize<'de> for BackupMode {
    /// As obshell reads it: lower-cased, `""` meaning full (the Python SDK sends `"mode": ""`).
    /// ASCII case folding, as for every obshell keyword here: the keywords are ASCII, and the
    /// Unicode case tables would grow the panel's bundle.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match text.to_ascii_lowercase().as_str() {
            "" | "full" => Ok(BackupMode::Full),
            "incremental" => Ok(BackupMode::Incremental),
            _ => Err(serde::de::Error::unknown_variant(&text, &["full", "incremental"])),
        }
    }
}

impl fmt::Display for BackupMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Body of `POST /api/v1/obcluster/backup` and `POST /api/v1/tenant/:name/backup`.
///
/// Every field is optional on the wire. `encryption` is the backup set's password: it must never
/// be logged; [`fmt::Debug`] masks it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BackupRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<BackupMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plus_archive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
}

impl fmt::Debug for BackupRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupRequest")
            .field("mode", &self.mode)
            .field("plus_archive", &self.plus_archive)
            .field("encryption", &self.encryption.as_ref().map(|_| "<masked>"))
            .finish()
    }
}

/// Body of `PATCH /api/v1/obcluster/backup`: cancel the running backup jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BackupStatusParam {
    /// Only `canceled` is allowed; `null`/`""` default to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// Body of `PATCH /api/v1/obcluster/backup/log`: `STOP`, `DOING` or `SUSPEND` (`null` = STOP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ArchiveLogStatusParam {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `delete_policy` of a backup config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DeletePolicy {
    #[serde(default)]
    pub policy: String,
    #[serde(default)]
    pub recovery_window: String,
}

/// Body of `POST`/`PATCH /api/v1/obcluster/backup/config`.
///
/// `backup_base_uri` may embed `access_id`/`access_key`; [`fmt::Debug`] masks the whole URI.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClusterBackupConfigParam {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_base_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece_switch_interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_archive_concurrency: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ha_low_thread_score: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_lag_target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_policy: Option<DeletePolicy>,
}

impl fmt::Debug for ClusterBackupConfigParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClusterBackupConfigParam")
            .field("backup_base_uri", &self.backup_base_uri.as_ref().map(|_| "<masked>"))
            .field("binding", &self.binding)
            .field("piece_switch_interval", &self.piece_switch_interval)
            .field("log_archive_concurrency", &self.log_archive_concurrency)
            .field("ha_low_thread_score", &self.ha_low_thread_score)
            .field("archive_lag_target", &self.archive_lag_target)
            .field("delete_policy", &self.delete_policy)
            .finish()
    }
}

/// `CdbObBackupTask`: one tenant's running (or last) backup task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CdbObBackupTask {
    pub tenant_id: i64,
    pub task_id: i64,
    pub job_id: i64,
    pub incarnation: i64,
    pub backup_set_id: i64,
    pub start_timestamp: Option<String>,
    pub end_timestamp: Option<String>,
    pub status: String,
    pub start_scn: i64,
    pub end_scn: i64,
    pub user_ls_start_scn: i64,
    pub encryption_mode: String,
    pub input_bytes: i64,
    pub output_bytes: i64,
    pub output_rate_bytes: f64,
    pub extra_meta_bytes: i64,
    pub tablet_count: i64,
    pub finish_tablet_count: i64,
    pub macro_block_count: i64,
    pub finish_macro_block_count: i64,
    pub file_count: i64,
    pub meta_turn_id: i64,
    pub data_turn_id: i64,
    pub result: i64,
    pub comment: String,
    pub path: String,
}

/// How many of a tenant's newest jobs the panel reads at once (one page of obshell's list):
/// past those, an answer that needs older jobs is "cannot tell", never a guess.
pub const JOB_PAGE_SIZE: u32 = 100;

/// How far apart OceanBase's and obshell's clocks may read for the same instant: both run on
/// the cluster's hosts, which OceanBase requires to be time-synchronised (far closer than this).
pub const CLOCK_TOLERANCE_MS: i64 = 5_000;

/// A job's `start_timestamp` in Unix ms, if readable.
fn started_ms(start_timestamp: Option<&str>) -> Option<i64> {
    crate::time::ObTime::parse(start_timestamp?).map(|t| t.unix_millis())
}

/// Whether `started_ms` lies between `start_ms` and `end_ms` (Unix ms; no end: still open),
/// give or take [`CLOCK_TOLERANCE_MS`].
fn within(started_ms: i64, start_ms: i64, end_ms: Option<i64>) -> bool {
    started_ms >= start_ms - CLOCK_TOLERANCE_MS && end_ms.is_none_or(|end| started_ms <= end + CLOCK_TOLERANCE_MS)
}

impl CdbObBackupTask {
    /// Whether this job started between `start_ms` and `end_ms` (Unix ms; no end: still open),
    /// give or take [`CLOCK_TOLERANCE_MS`]: see [`crate::DagDetail::backup_jobs_window`].
    /// OceanBase's overview shows each tenant's running job, else its last one: for a DAG opened
    /// after a later backup, that is the later backup's job, not this DAG's. A job without a
    /// readable start time is kept.
    pub fn started_within(&self, start_ms: i64, end_ms: Option<i64>) -> bool {
        started_ms(self.start_timestamp.as_deref()).is_none_or(|started| within(started, start_ms, end_ms))
    }

    /// Share of the work done, 0..=1: macro blocks when known (they track bytes), else tablets.
    pub fn fraction_done(&self) -> Option<f64> {
        let pair = if self.macro_block_count > 0 {
            (self.finish_macro_block_count, self.macro_block_count)
        } else {
            (self.finish_tablet_count, self.tablet_count)
        };
        (pair.1 > 0).then(|| (pair.0 as f64 / pair.1 as f64).clamp(0.0, 1.0))
    }

    /// Still working (not COMPLETED, FAILED or CANCELED).
    pub fn is_running(&self) -> bool {
        !matches!(self.status.as_str(), "COMPLETED" | "FAILED" | "CANCELED")
    }

    /// Seconds left at the pace so far: `elapsed × (1 − done) / done`. `None` before any
    /// progress (no pace yet) or once finished.
    pub fn eta_secs(&self, elapsed_secs: f64) -> Option<f64> {
        let done = self.fraction_done()?;
        (self.is_running() && done > 0.0 && done < 1.0 && elapsed_secs > 0.0)
            .then(|| elapsed_secs * (1.0 - done) / done)
    }
}

/// `data` of `GET /api/v1/obcluster/backup/overview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClusterBackupOverview {
    #[serde(default)]
    pub statuses: Vec<CdbObBackupTask>,
}

/// `data` of `GET /api/v1/tenant/:name/backup/overview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TenantBackupOverview {
    #[serde(default)]
    pub status: CdbObBackupTask,
}

/// One backup job as `GET /api/v1/tenant/:name/backup/tasks` lists it (`bo.BackupJob`): a row
/// of `CDB_OB_BACKUP_JOB_HISTORY`, or of `CDB_OB_BACKUP_JOBS` while it runs. This is OceanBase's
/// own record, so it also holds backups that obshell did not start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BackupJob {
    pub tenant_id: i64,
    pub job_id: i64,
    pub backup_set_id: i64,
    /// `ON` or `OFF`.
    pub plus_archivelog: String,
    /// `FULL` or `INC`.
    pub backup_type: String,
    pub start_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_timestamp: Option<String>,
    pub status: String,
    pub result: i64,
    pub comment: String,
    pub description: String,
    pub path: String,
}

/// `page` of a paginated answer (`bo.CustomPage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Page {
    pub number: u64,
    pub size: u64,
    pub total_pages: u64,
    pub total_elements: u64,
}

/// `data` of `GET /api/v1/tenant/:name/backup/tasks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BackupJobPage {
    #[serde(default, deserialize_with = "crate::envelope::null_as_empty")]
    pub contents: Vec<BackupJob>,
    #[serde(default)]
    pub page: Page,
}

/// Of a [`BackupJob`], only which job it is, what OceanBase ran, when, where and how it ended:
/// all the panel reads of the list, so the bundle carries a decoder for these few fields instead
/// of the whole row (7 KB less wasm when it had three, measured).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct JobOutcome {
    pub job_id: i64,
    /// `FULL` or `INC`: what OceanBase ran, which is FULL for an incremental backup with
    /// nothing to build on (see [`IncrementalBase`]).
    pub backup_type: String,
    pub status: String,
    pub start_timestamp: Option<String>,
    /// Set once the job ended.
    pub end_timestamp: Option<String>,
    /// The destination's backup path the job wrote to.
    pub path: String,
}

impl JobOutcome {
    pub fn is_completed(&self) -> bool {
        self.status.eq_ignore_ascii_case("COMPLETED")
    }

    pub fn is_full(&self) -> bool {
        self.backup_type.eq_ignore_ascii_case("FULL")
    }

    /// When this job started (Unix ms), if readable.
    pub fn started_ms(&self) -> Option<i64> {
        started_ms(self.start_timestamp.as_deref())
    }

    /// Whether this job started while a DAG ran (see [`CdbObBackupTask::started_within`]). A job
    /// without a readable start time belongs to no DAG: the history claims nothing of it.
    pub fn started_within(&self, start_ms: i64, end_ms: Option<i64>) -> bool {
        self.started_ms().is_some_and(|started| within(started, start_ms, end_ms))
    }
}

/// `data` of `GET /api/v1/tenant/:name/backup/tasks`, read as [`JobOutcome`]s.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub struct JobOutcomePage {
    #[serde(default, deserialize_with = "crate::envelope::null_as_empty")]
    pub contents: Vec<JobOutcome>,
    #[serde(default)]
    pub page: Page,
}

/// `data` of `GET /api/v1/tenant/:name/backup/config/storage` (`bo.BackupDestInfo`): the
/// tenant's current destinations as obshell reads them from OceanBase, with secrets left out.
/// obshell answers no data at all when a URI would still show an access key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BackupDestInfo {
    pub tenant_id: i64,
    pub archive_base_uri: String,
    pub data_base_uri: String,
}

/// The place a destination URI names, without its query (an object store's host and keys):
/// what OceanBase records as a job's `path`, so the two can be compared.
pub fn destination_path(uri: &str) -> &str {
    let path = uri.split_once('?').map_or(uri, |(path, _)| path);
    path.trim_end_matches('/')
}

/// A destination URI with only the object store's settings that are known to be harmless
/// (host, region, app id and the like); keys, tokens and anything unknown are left out. obshell
/// strips the keys itself before answering (`GenerateURIWithoutSecret`); the panel does it again
/// before showing a URI, so an agent that did not can never put a secret on the screen.
pub fn uri_without_keys(uri: &str) -> String {
    const SHOWN: [&str; 9] = [
        "host",
        "appid",
        "s3_region",
        "delete_mode",
        "checksum_type",
        "addressing_model",
        "max_iops",
        "max_bandwidth",
        "enable_worm",
    ];
    let Some((path, query)) = uri.split_once('?') else { return uri.to_string() };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| pair.split('=').next().is_some_and(|key| SHOWN.iter().any(|shown| key.eq_ignore_ascii_case(shown))))
        .collect();
    if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) }
}

/// Whether an incremental backup of a tenant has a backup set to build on.
///
/// OceanBase builds an incremental backup on the newest successful backup set, full or
/// incremental, in the tenant's current backup path. When there is none it does not refuse: it
/// quietly takes a full backup instead (`ObBackupDataScheduler::update_backup_type_if_need_`),
/// which takes longer and needs more space than the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncrementalBase {
    /// At least one completed backup (in the current destination, when that is known).
    Exists,
    /// Every completed job was listed and none is (in the current destination, when known):
    /// OceanBase will take a full backup.
    Missing,
    /// Only part of the list was fetched and it shows no such job: no telling.
    Unknown,
}

impl JobOutcomePage {
    /// Read a page of *completed* jobs (`status=COMPLETED`), newest first. Each row's status is
    /// checked again, so an agent that ignored the filter cannot make a failed job count as a
    /// base. With the tenant's current data destination known (`destination`), only a job
    /// written there is one: OceanBase looks for a base in the current destination only, so
    /// after a change of destination the next incremental backup runs in full.
    pub fn incremental_base(&self, destination: Option<&str>) -> IncrementalBase {
        let here = |job: &&JobOutcome| destination.is_none_or(|d| destination_path(&job.path) == destination_path(d));
        if self.contents.iter().filter(here).any(JobOutcome::is_completed) {
            IncrementalBase::Exists
        } else if self.page.number <= 1 && self.page.total_elements <= self.contents.len() as u64 {
            IncrementalBase::Missing
        } else {
            IncrementalBase::Unknown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_skips_unset_fields_and_masks_secret() {
        let empty = BackupRequest::default();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
        let full = BackupRequest {
            mode: Some(BackupMode::Incremental),
            plus_archive: Some(true),
            encryption: Some("s3cr\"et".into()),
        };
        let text = serde_json::to_string(&full).unwrap();
        assert_eq!(text, r#"{"mode":"incremental","plus_archive":true,"encryption":"s3cr\"et"}"#);
        assert!(!format!("{full:?}").contains("s3cr"));
    }

    #[test]
    fn a_job_belongs_to_the_dag_it_started_within() {
        let job = |at: Option<&str>| CdbObBackupTask { start_timestamp: at.map(str::to_string), ..Default::default() };
        let ms = |text: &str| crate::time::ObTime::parse(text).unwrap().unix_millis();
        let (start, end) = (ms("2026-11-25T10:00:00+08:00"), ms("2026-11-25T10:30:00+08:00"));
        assert!(job(Some("2026-11-25T10:00:03.5+08:00")).started_within(start, Some(end)));
        assert!(job(Some("2026-11-25T02:00:03Z")).started_within(start, Some(end)), "another offset, same instant");
        assert!(job(Some("2026-11-25T09:59:57+08:00")).started_within(start, Some(end)), "within the clock tolerance");
        assert!(!job(Some("2026-11-25T10:30:06+08:00")).started_within(start, Some(end)), "past it");
        assert!(!job(Some("2026-11-25T11:00:00+08:00")).started_within(start, Some(end)), "a later backup's job");
        assert!(!job(Some("2026-11-25T09:00:00+08:00")).started_within(start, Some(end)), "an earlier backup's job");
        assert!(job(Some("2026-11-25T11:00:00+08:00")).started_within(start, None), "the DAG still runs");
        assert!(job(None).started_within(start, Some(end)), "no start time: kept");
        assert!(job(Some("yesterday")).started_within(start, Some(end)), "unreadable: kept");

        // The history's read of the job list: the same window, but a job it cannot place is
        // claimed by no DAG.
        let outcome = |at: Option<&str>| JobOutcome { start_timestamp: at.map(str::to_string), ..Default::default() };
        assert!(outcome(Some("2026-11-25T10:30:04+08:00")).started_within(start, Some(end)));
        assert!(!outcome(Some("2026-11-25T11:00:00+08:00")).started_within(start, Some(end)), "a later backup's job");
        assert!(!outcome(None).started_within(start, Some(end)), "no start time: no DAG's");
        assert!(!outcome(Some("yesterday")).started_within(start, None), "unreadable: no DAG's");
    }

    #[test]
    fn progress_and_eta() {
        let mut t = CdbObBackupTask { status: "DOING".into(), tablet_count: 10, finish_tablet_count: 5, ..Default::default() };
        assert_eq!(t.fraction_done(), Some(0.5));
        t.macro_block_count = 400;
        t.finish_macro_block_count = 100;
        assert_eq!(t.fraction_done(), Some(0.25), "macro blocks win over tablets");
        assert_eq!(t.eta_secs(60.0), Some(180.0), "a quarter in a minute: three minutes to go");
        assert_eq!(t.eta_secs(0.0), None);
        t.status = "COMPLETED".into();
        assert_eq!(t.eta_secs(60.0), None);
        let empty = CdbObBackupTask::default();
        assert_eq!(empty.fraction_done(), None);
        let odd = CdbObBackupTask { tablet_count: 3, finish_tablet_count: 9, ..Default::default() };
        assert_eq!(odd.fraction_done(), Some(1.0), "never above 100%");
    }

    fn job(status: &str) -> JobOutcome {
        JobOutcome { status: status.into(), ..Default::default() }
    }

    #[test]
    fn incremental_base_only_claims_what_the_page_shows() {
        let page = |jobs: Vec<JobOutcome>, total: u64| JobOutcomePage {
            page: Page { number: 1, size: 1, total_pages: total, total_elements: total },
            contents: jobs,
        };
        assert_eq!(page(vec![job("COMPLETED")], 7).incremental_base(None), IncrementalBase::Exists, "one completed job is enough");
        assert_eq!(page(vec![job("completed")], 1).incremental_base(None), IncrementalBase::Exists);
        assert_eq!(page(vec![], 0).incremental_base(None), IncrementalBase::Missing);
        assert_eq!(page(vec![job("FAILED")], 1).incremental_base(None), IncrementalBase::Missing, "a failed job is no base");
        assert_eq!(page(vec![job("CANCELED")], 3).incremental_base(None), IncrementalBase::Unknown, "more jobs than listed");
        assert_eq!(page(vec![], 2).incremental_base(None), IncrementalBase::Unknown, "jobs counted but none listed");

        // With the current destination known, only a job written there counts.
        let at = |path: &str| JobOutcome { path: path.into(), ..job("COMPLETED") };
        let (a, b) = ("oss://bucket/a/1/1002/data", "oss://bucket/b/1/1002/data");
        let moved = page(vec![at(a)], 1);
        assert_eq!(moved.incremental_base(Some(b)), IncrementalBase::Missing, "the destination changed since");
        assert_eq!(moved.incremental_base(Some(&format!("{a}?host=oss.example.com"))), IncrementalBase::Exists, "query aside");
        assert_eq!(page(vec![at(b), at(a)], 5).incremental_base(Some(a)), IncrementalBase::Exists, "back to an earlier one");
        assert_eq!(page(vec![at(b)], 5).incremental_base(Some(a)), IncrementalBase::Unknown, "more jobs than listed");
        assert_eq!(moved.incremental_base(None), IncrementalBase::Exists, "destination unknown: any job");
    }

    #[test]
    fn uri_without_keys_keeps_only_harmless_settings() {
        assert_eq!(
            uri_without_keys("oss://b/p?host=h&access_id=AK&ACCESS_KEY=SK&delete_mode=tagging"),
            "oss://b/p?host=h&delete_mode=tagging"
        );
        assert_eq!(uri_without_keys("oss://b/p?access_id=AK&access_key=SK"), "oss://b/p");
        assert_eq!(uri_without_keys("s3://b/p?host=h&encrypt_key=EK&sts_token=T&s3_region=r"), "s3://b/p?host=h&s3_region=r", "unknown: left out");
        assert_eq!(uri_without_keys("file:///data/backup"), "file:///data/backup");
    }

    #[test]
    fn destination_path_leaves_out_the_query() {
        assert_eq!(destination_path("oss://b/p/1/1002/data?host=h&access_id=x"), "oss://b/p/1/1002/data");
        assert_eq!(destination_path("file:///data/backup/"), "file:///data/backup");
        assert_eq!(destination_path(""), "");
    }

    #[test]
    fn backup_job_page_decodes_obshell_json() {
        let text = r#"{"contents":[{"tenant_id":1002,"job_id":7,"backup_set_id":3,"plus_archivelog":"OFF","backup_type":"FULL",
            "start_timestamp":"2026-11-25T10:00:00.123456+08:00","end_timestamp":"2026-11-25T10:05:00+08:00","status":"COMPLETED",
            "result":0,"comment":"","description":"","path":"file:///data/backup/1/1002/data"}],
            "page":{"number":1,"size":100,"total_pages":1,"total_elements":1}}"#;
        let page: BackupJobPage = serde_json::from_str(text).unwrap();
        assert_eq!(page.contents[0].backup_set_id, 3);
        let outcomes: JobOutcomePage = serde_json::from_str(text).unwrap();
        let lean = JobOutcome {
            job_id: 7,
            backup_type: "FULL".into(),
            status: "COMPLETED".into(),
            start_timestamp: Some("2026-11-25T10:00:00.123456+08:00".into()),
            end_timestamp: Some("2026-11-25T10:05:00+08:00".into()),
            path: "file:///data/backup/1/1002/data".into(),
        };
        assert_eq!(outcomes.contents, [lean], "the lean read sees the same job");
        assert!(outcomes.contents[0].is_full());
        assert_eq!(outcomes.page, page.page);
        assert_eq!(outcomes.incremental_base(None), IncrementalBase::Exists);
        let nil: JobOutcomePage = serde_json::from_str(r#"{"contents":null}"#).unwrap();
        assert!(nil.contents.is_empty());
    }

    #[test]
    fn config_debug_masks_uri() {
        let c = ClusterBackupConfigParam {
            backup_base_uri: Some("oss://b/p?access_id=A&access_key=SECRET".into()),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("SECRET"));
    }
}
