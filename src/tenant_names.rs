//! Tenant names for the ids OceanBase's backup overview reports: DBAs know their tenants by
//! name, and the per-tenant routes (the job list) take one.

use crate::client::ObshellClient;
use leptos::prelude::*;
use leptos::task::spawn_local;
use obshell_api::backup::CdbObBackupTask;
use obshell_api::BackupDagName;

/// `(tenant id, name)` for the tenants of `jobs`. A tenant backup's DAG names its tenant, so
/// its jobs need no request; a cluster backup's are read from the tenant list once, when the
/// first jobs arrive (asked again when the jobs change, if that failed).
pub fn use_tenant_names(
    client: ObshellClient,
    jobs: RwSignal<Vec<CdbObBackupTask>>,
    backup_name: Memo<Option<BackupDagName>>,
) -> Signal<Vec<(i64, String)>> {
    let listed = RwSignal::new(Vec::<(i64, String)>::new());
    let asking = StoredValue::new(false);
    Effect::new(move |_| {
        let cluster = backup_name.with(|n| n.as_ref().is_some_and(|n| n.tenant.is_none()));
        if !cluster || jobs.with(Vec::is_empty) || asking.get_value() || listed.with_untracked(|l| !l.is_empty()) {
            return;
        }
        asking.set_value(true);
        let client = client.clone();
        spawn_local(async move {
            if let Ok(tenants) = client.tenants().await {
                // `try_`: the page may have been left while obshell answered.
                listed.try_set(tenants.into_iter().map(|t| (t.tenant_id, t.tenant_name)).collect());
            }
            asking.try_set_value(false);
        });
    });
    Signal::derive(move || {
        let own = backup_name.with(|n| n.as_ref().and_then(|n| n.tenant.clone()));
        match own {
            Some(name) => jobs.with(|jobs| jobs.iter().map(|j| (j.tenant_id, name.clone())).collect()),
            None => listed.get(),
        }
    })
}

/// The name of tenant `id`, if known.
pub fn name_of(names: &[(i64, String)], id: i64) -> Option<&str> {
    names.iter().find(|(tenant, _)| *tenant == id).map(|(_, name)| name.as_str())
}
