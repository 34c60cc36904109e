//! What OceanBase really runs for each job of an incremental backup DAG. With no backup to
//! build on in the tenant's current destination, OceanBase takes an incremental backup in full
//! (see [`obshell_api::backup::IncrementalBase`]). The form warns when it can tell beforehand;
//! it cannot see a destination change, and its check can fail or come back unsure. OceanBase's
//! own job list says afterwards, so the DAG page asks it once per job and shows the answer.

use crate::client::ObshellClient;
use crate::tenant_names::name_of;
use leptos::prelude::*;
use leptos::task::spawn_local;
use obshell_api::backup::{CdbObBackupTask, JobOutcome};
use obshell_api::{BackupDagName, BackupMode};

/// How many of a tenant's newest jobs to look through for the one this DAG started: it is the
/// newest unless another backup of the tenant started right after it.
const NEWEST_JOBS: u32 = 5;

/// The jobs of `jobs` (the progress card's, from OceanBase's overview) as OceanBase's job list
/// records them, once known. Asked only for an incremental backup DAG, once a job's tenant name
/// is known (`names`); a question that fails is asked again when the jobs or names next change,
/// one that finds nothing is not.
pub fn use_backup_types(
    client: ObshellClient,
    jobs: RwSignal<Vec<CdbObBackupTask>>,
    backup_name: Memo<Option<BackupDagName>>,
    names: Signal<Vec<(i64, String)>>,
) -> Signal<Vec<JobOutcome>> {
    let recorded = RwSignal::new(Vec::<JobOutcome>::new());
    // Job ids asked about (or being asked about).
    let asked = StoredValue::new(Vec::<i64>::new());
    Effect::new(move |_| {
        if backup_name.with(|n| n.as_ref().map(|n| n.mode)) != Some(Some(BackupMode::Incremental)) {
            return;
        }
        // (job id, tenant name) of the jobs not asked about yet whose tenant is known.
        let new: Vec<(i64, String)> = names.with(|names| {
            jobs.with(|jobs| {
                asked.with_value(|asked| {
                    jobs.iter()
                        .filter(|j| !asked.contains(&j.job_id))
                        .filter_map(|j| name_of(names, j.tenant_id).map(|name| (j.job_id, name.to_string())))
                        .collect()
                })
            })
        });
        if new.is_empty() {
            return;
        }
        asked.update_value(|asked| asked.extend(new.iter().map(|(job, _)| *job)));
        let client = client.clone();
        spawn_local(async move {
            for (job_id, tenant) in new {
                match client.backup_jobs(&tenant, NEWEST_JOBS).await {
                    Ok(list) => {
                        if let Some(job) = list.into_iter().find(|j| j.job_id == job_id) {
                            // `try_`: the page may have been left while obshell answered.
                            if recorded.try_update(|r| r.push(job)).is_none() {
                                return;
                            }
                        }
                    }
                    Err(_) => {
                        asked.try_update_value(|asked| asked.retain(|&j| j != job_id));
                    }
                }
            }
        });
    });
    recorded.into()
}
