//! The tenants' job lists that tell what OceanBase ran for the history's incremental backups
//! (see [`history::mark_taken_in_full`]): one request per tenant, asked only when an incremental
//! backup is listed. Advisory, so a tenant whose list cannot be read is left out.

use crate::client::ObshellClient;
use crate::history::{self, TenantsToAsk};
use obshell_api::backup::JobOutcome;

/// Each tenant's newest jobs ([`history::JOBS_PER_TENANT`]), or `None` if the tenant list
/// could not be read or `still_wanted` turned false (the page was left, or a newer load began).
pub async fn job_lists(
    client: &ObshellClient,
    tenants: TenantsToAsk,
    still_wanted: impl Fn() -> bool,
) -> Option<Vec<(String, Vec<JobOutcome>)>> {
    let tenants = match tenants {
        TenantsToAsk::Named(names) => names,
        TenantsToAsk::All => {
            client.tenants().await.ok()?.into_iter().filter(|t| t.can_back_up()).map(|t| t.tenant_name).collect()
        }
    };
    let mut jobs = Vec::new();
    for tenant in tenants {
        if !still_wanted() {
            return None;
        }
        if let Ok(list) = client.backup_jobs(&tenant, history::JOBS_PER_TENANT).await {
            jobs.push((tenant, list));
        }
    }
    still_wanted().then_some(jobs)
}
