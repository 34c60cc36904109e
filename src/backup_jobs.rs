//! The backup jobs behind a backup DAG, as OceanBase reports them
//! (`GET /api/v1/obcluster/backup/overview`, or a tenant's own): what the progress card shows,
//! and what "Cancel backup jobs" acts on.
//!
//! Fetched right after each DAG poll once "Wait backup Finish" has started (and once more
//! after the end), never on a timer of its own: it follows the DAG poller's pace, pauses and
//! back-off.

use crate::client::ObshellClient;
use crate::components::confirmed_action::Perform;
use futures::FutureExt;
use leptos::prelude::*;
use obshell_api::backup::CdbObBackupTask;
use obshell_api::dag::{is_backup_dag_name, WAIT_BACKUP_STAGE};
use obshell_api::{BackupDagName, DagDetail};
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct BackupJobs {
    /// The jobs of the last answer (empty until OceanBase reports any).
    pub jobs: RwSignal<Vec<CdbObBackupTask>>,
    /// How long "Wait backup Finish" has run, for the time-left estimate.
    pub wait_elapsed: Signal<Option<i64>>,
    /// Whether any job is still running: only then can they be cancelled.
    pub running: Signal<bool>,
    /// "Cancel backup jobs" for the DAG's scope: its tenant's jobs, or every tenant's.
    /// Kept in the arena: a `Show` child that uses it must be `Send`, an `Rc` is not.
    pub cancel: StoredValue<Perform, LocalStorage>,
}

/// Follow the jobs of the backup that `dag` (the poller's last answer) runs. `backup_name` is
/// what the DAG's name says about it; `now_ms` the agent-clock "now" for the running stage.
pub fn use_backup_jobs(
    client: ObshellClient,
    dag: RwSignal<Option<Arc<DagDetail>>>,
    backup_name: Memo<Option<BackupDagName>>,
    now_ms: RwSignal<i64>,
) -> BackupJobs {
    let jobs = RwSignal::new(Vec::<CdbObBackupTask>::new());
    let tenant = move || backup_name.with_untracked(|n| n.as_ref().and_then(|n| n.tenant.clone()));
    // Whether "Wait backup Finish" has started, and its span; the node itself (which may hold
    // 100,000 log lines) is not copied.
    let wait_stage = move || {
        dag.with(|d| {
            d.as_ref()
                .filter(|d| is_backup_dag_name(&d.name))
                .and_then(|d| d.nodes().iter().find(|n| n.name == WAIT_BACKUP_STAGE))
                .map(|n| (n.state.has_started(), n.span()))
        })
    };
    let fetching = StoredValue::new(false);
    {
        let client = client.clone();
        Effect::new(move |_| {
            let started = wait_stage().is_some_and(|(started, _)| started);
            if started && !fetching.get_value() {
                fetching.set_value(true);
                let (client, tenant) = (client.clone(), tenant());
                // The overview shows each tenant's last job, which for a DAG opened after a
                // later backup is that backup's: keep only jobs this DAG started. Unknown DAG
                // times (reset by a retry) keep every job.
                let window = dag.with_untracked(|d| d.as_ref().and_then(|d| d.backup_jobs_window()));
                let belongs = move |job: &CdbObBackupTask| window.is_none_or(|(start, end)| job.started_within(start, end));
                leptos::task::spawn_local(async move {
                    // A tenant-level backup follows that tenant's job only.
                    let answer = match tenant {
                        Some(name) => client.tenant_backup_overview(&name).await,
                        None => client.backup_overview().await,
                    };
                    if let Ok(list) = answer {
                        jobs.set(list.into_iter().filter(belongs).collect());
                    }
                    fetching.set_value(false);
                });
            }
        });
    }
    let cancel = StoredValue::<Perform, LocalStorage>::new_local(std::rc::Rc::new(move || {
        let (client, tenant) = (client.clone(), tenant());
        async move { client.cancel_backup_jobs(tenant.as_deref()).await }.boxed_local()
    }));
    BackupJobs {
        jobs,
        wait_elapsed: Signal::derive(move || wait_stage().and_then(|(_, span)| span.duration_ms(now_ms.get()))),
        running: Signal::derive(move || jobs.with(|j| j.iter().any(CdbObBackupTask::is_running))),
        cancel,
    }
}
