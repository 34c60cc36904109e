//! What OceanBase really runs for each job of an incremental backup DAG. With no backup to
//! build on in the tenant's current destination, OceanBase takes an incremental backup in full
//! (see [`obshell_api::backup::IncrementalBase`]). The form warns when it can tell beforehand;
//! it cannot see a destination change, and its check can fail or come back unsure. OceanBase's
//! own job list says afterwards, so the DAG page asks it once per job and shows the answer.

use crate::client::ObshellClient;
use leptos::prelude::*;
use leptos::task::spawn_local;
use obshell_api::backup::{CdbObBackupTask, JobOutcome};
use obshell_api::{BackupDagName, BackupMode};

/// How many of a tenant's newest jobs to look through for the one this DAG started: it is the
/// newest unless another backup of the tenant started right after it.
const NEWEST_JOBS: u32 = 5;

/// The jobs of `jobs` (the progress card's, from OceanBase's overview) as OceanBase's job list
/// records them, once known. Asked only for an incremental backup DAG; a question that fails
/// is asked again when the jobs next change, one that finds nothing is not.
pub fn use_backup_types(
    client: ObshellClient,
    jobs: RwSignal<Vec<CdbObBackupTask>>,
    backup_name: Memo<Option<BackupDagName>>,
) -> Signal<Vec<JobOutcome>> {
    let recorded = RwSignal::new(Vec::<JobOutcome>::new());
    // Job ids asked about (or being asked about).
    let asked = StoredValue::new(Vec::<i64>::new());
    Effect::new(move |_| {
        let Some(name) = backup_name.get() else { return };
        if name.mode != Some(BackupMode::Incremental) {
            return;
        }
        let new: Vec<(i64, i64)> = jobs.with(|jobs| {
            asked.with_value(|asked| {
                jobs.iter().filter(|j| !asked.contains(&j.job_id)).map(|j| (j.tenant_id, j.job_id)).collect()
            })
        });
        if new.is_empty() {
            return;
        }
        asked.update_value(|asked| asked.extend(new.iter().map(|&(_, job)| job)));
        let client = client.clone();
        spawn_local(async move {
            let forget = |job_id: i64| {
                asked.try_update_value(|asked| asked.retain(|&j| j != job_id));
            };
            // The job list is per tenant name; the overview gives ids. A tenant backup's DAG
            // names its tenant, a cluster backup's jobs need the tenant list.
            let names: Vec<(i64, String)> = match name.tenant {
                Some(tenant) => new.iter().map(|&(id, _)| (id, tenant.clone())).collect(),
                None => match client.tenants().await {
                    Ok(list) => list.into_iter().map(|t| (t.tenant_id, t.tenant_name)).collect(),
                    Err(_) => {
                        new.iter().for_each(|&(_, job)| forget(job));
                        return;
                    }
                },
            };
            for (tenant_id, job_id) in new {
                let Some((_, tenant)) = names.iter().find(|(id, _)| *id == tenant_id) else { continue };
                match client.backup_jobs(tenant, NEWEST_JOBS).await {
                    Ok(list) => {
                        if let Some(job) = list.into_iter().find(|j| j.job_id == job_id) {
                            // `try_`: the page may have been left while obshell answered.
                            if recorded.try_update(|r| r.push(job)).is_none() {
                                return;
                            }
                        }
                    }
                    Err(_) => forget(job_id),
                }
            }
        });
    });
    recorded.into()
}
