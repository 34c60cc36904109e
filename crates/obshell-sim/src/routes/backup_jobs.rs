//! GET `/api/v1/tenant/:name/backup/tasks`: one tenant's backup jobs, as obshell lists them
//! (`executor/ob` `GetTenantBackupTasks` → `TenantService.GetTenantBackupJobs`): the rows of
//! `CDB_OB_BACKUP_JOB_HISTORY` and `CDB_OB_BACKUP_JOBS` filtered by start time and status,
//! sorted in memory, then cut to one page; `page.total_elements` counts every match.

use super::backup::{check_identity, check_tenant};
use crate::auth::Authed;
use crate::clock::Instant;
use crate::bind::Param;
use crate::envelope::Reply;
use crate::error::ObError;
use crate::state::Sim;
use axum::extract::{RawQuery, State};
use chrono::{DateTime, FixedOffset};
use obshell_api::backup::{BackupJob, BackupJobPage, Page};
use serde::Deserialize;

/// `QueryBackupTasksParam` as gin binds it from the query string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Query {
    start_time: Option<String>,
    end_time: Option<String>,
    status: String,
    sort: Option<String>,
    page: Option<u64>,
    size: Option<u64>,
}

/// What `QueryBackupTasksParam.Format` makes of it.
struct Filter {
    since: Option<DateTime<FixedOffset>>,
    until: Option<DateTime<FixedOffset>>,
    statuses: Vec<String>,
    by_end: bool,
    ascending: bool,
    page: u64,
    size: u64,
}

fn time(value: Option<String>) -> Result<Option<DateTime<FixedOffset>>, ObError> {
    value
        .map(|v| DateTime::parse_from_rfc3339(&v).map_err(|e| ObError::bind(format!("parsing time \"{v}\": {e}"))))
        .transpose()
}

fn filter(query: Option<&str>) -> Result<Filter, ObError> {
    let q: Query = serde_urlencoded::from_str(query.unwrap_or_default()).map_err(ObError::bind)?;
    let sort = q.sort.unwrap_or_else(|| "start_timestamp,desc".into());
    let (by, order) = sort.split_once(',').unwrap_or((sort.as_str(), ""));
    Ok(Filter {
        since: time(q.start_time)?,
        until: time(q.end_time)?,
        statuses: if q.status.is_empty() { Vec::new() } else { q.status.to_ascii_uppercase().split(',').map(str::to_string).collect() },
        by_end: by == "end_timestamp",
        ascending: order == "asc",
        page: q.page.filter(|p| *p >= 1).unwrap_or(1),
        size: q.size.filter(|s| *s >= 1).unwrap_or(2_147_483_647),
    })
}

/// One job: the agent's times (what the filters and the sort read) beside the row listed.
struct Listed {
    start: Instant,
    end: Option<Instant>,
    job: BackupJob,
}

impl Listed {
    fn sort_key(&self, by_end: bool) -> Option<Instant> {
        if by_end { self.end } else { Some(self.start) }
    }
}

pub(super) async fn list(
    State(sim): State<Sim>,
    _: Authed,
    Param(name): Param,
    RawQuery(query): RawQuery,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let view = sim.view();
    let rows = sim.with_world(|world, now| {
        let tenant_id = check_tenant(world, &name)?.id;
        let rows: Vec<_> = world
            .jobs
            .iter()
            .filter(|j| j.tenant_id == tenant_id)
            .map(|j| {
                let end = (!j.is_running(now)).then(|| view.skewed(j.effective_end()));
                Listed { start: view.skewed(j.created), end, job: j.record(now, &view) }
            })
            .collect();
        Ok::<_, ObError>(rows)
    })?;
    let f = filter(query.as_deref())?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .filter(|r| f.since.is_none_or(|s| r.start >= s) && f.until.is_none_or(|u| r.start <= u))
        .filter(|r| f.statuses.is_empty() || f.statuses.contains(&r.job.status))
        .collect();
    // Jobs without the sort key go last, whichever the order (obshell's comparator).
    rows.sort_by(|a, b| {
        match (a.sort_key(f.by_end), b.sort_key(f.by_end)) {
            (Some(x), Some(y)) if f.ascending => x.cmp(&y),
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    let total = rows.len() as u64;
    let start = (f.page - 1).saturating_mul(f.size);
    let contents: Vec<BackupJob> =
        rows.into_iter().skip(usize::try_from(start).unwrap_or(usize::MAX)).take(usize::try_from(f.size).unwrap_or(usize::MAX)).map(|r| r.job).collect();
    let page = Page { number: f.page, size: f.size, total_pages: total.div_ceil(f.size), total_elements: total };
    Ok(Reply::data(&BackupJobPage { contents, page }))
}
