//! The tenants' job lists that tell what OceanBase ran for the history's incremental backups
//! (see [`history::mark_taken_in_full`]): one request per tenant, all in flight together, asked
//! only when an incremental backup is listed.

use crate::client::ObshellClient;
use crate::history::{self, TenantsToAsk};
use obshell_api::backup::JobOutcome;

/// Each tenant's newest jobs ([`history::JOBS_PER_TENANT`]), `None` for a tenant whose list
/// could not be read (its backups then stay unknown). `None` in all if the tenant list could
/// not be read, or `still_wanted` turned false meanwhile (the page was left, or a newer load
/// began).
pub async fn job_lists(
    client: &ObshellClient,
    tenants: TenantsToAsk,
    still_wanted: impl Fn() -> bool,
) -> Option<Vec<(String, Option<Vec<JobOutcome>>)>> {
    let tenants: Vec<String> = match tenants {
        TenantsToAsk::Named(names) => names,
        TenantsToAsk::All => {
            client.tenants().await.ok()?.into_iter().filter(|t| t.can_back_up()).map(|t| t.tenant_name).collect()
        }
    };
    if !still_wanted() {
        return None;
    }
    let lists =
        futures::future::join_all(tenants.iter().map(|tenant| client.backup_jobs(tenant, history::JOBS_PER_TENANT))).await;
    let jobs = tenants.into_iter().zip(lists).map(|(tenant, list)| (tenant, list.ok())).collect();
    still_wanted().then_some(jobs)
}
