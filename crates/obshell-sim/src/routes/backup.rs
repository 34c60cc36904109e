//! Cluster and tenant backup routes (reference §1.3, §1.4, §2). Every one of them is for a
//! `CLUSTER AGENT` only, and checks that first.

use crate::auth::Authed;
use obshell_api::backup_config;
use crate::bind::{bind, Param, RawBody};
use crate::cluster::{RecordedBackup, Tenant, World};
use crate::envelope::Reply;
use crate::error::ObError;
use crate::plans::DagKind;
use crate::state::Sim;
use axum::extract::State;
use axum::http::Uri;
use obshell_api::agent::CLUSTER_AGENT;
use obshell_api::backup::{
    uri_without_keys, ArchiveLogStatusParam, BackupDestInfo, BackupStatusParam, ClusterBackupConfigParam, ClusterBackupOverview,
    TenantBackupOverview,
};
use obshell_api::error_code;
use obshell_api::{BackupMode, BackupRequest};

pub(super) fn check_identity(sim: &Sim) -> Result<(), ObError> {
    if sim.is_cluster_agent() {
        return Ok(());
    }
    let agent = sim.answering_agent();
    Err(ObError::new(
        error_code::NOT_SUPPORT_OPERATION,
        format!(
            "'{}:{}' is '{}', instead of '{CLUSTER_AGENT}', does not support this operation",
            agent.ip,
            agent.port,
            sim.config().identity
        ),
    ))
}

/// `checkTenantAndGetName` (reference §1.4).
pub(super) fn check_tenant<'w>(world: &'w World, name: &str) -> Result<&'w Tenant, ObError> {
    if name.is_empty() {
        return Err(ObError::new(error_code::TENANT_NAME_EMPTY, "Tenant name is empty"));
    }
    if name == "sys" {
        return Err(ObError::new(
            error_code::TENANT_SYS_NOT_ALLOWED,
            "System tenant is not allowed to perform this operation",
        ));
    }
    world
        .tenant_by_name(name)
        .ok_or_else(|| ObError::new(error_code::TENANT_NOT_EXIST, format!("Tenant '{name}' does not exist.")))
}

/// `BackupParam`, bound as obshell does: `mode` is any string until it is validated, last.
#[derive(Debug, Default, serde::Deserialize)]
struct BackupParam {
    mode: Option<String>,
    plus_archive: Option<bool>,
    encryption: Option<String>,
}

fn parse_mode(mode: Option<&str>) -> Result<BackupMode, ObError> {
    match mode.unwrap_or_default().to_lowercase().as_str() {
        "" | "full" => Ok(BackupMode::Full),
        "incremental" => Ok(BackupMode::Incremental),
        other => Err(ObError::new(
            error_code::MODE_INVALID,
            format!("Invalid backup mode: {other}, must be full or incremental"),
        )),
    }
}

/// The destination checks of one tenant (reference §2.1, checks 4 and 5).
fn check_dests(tenant: &Tenant) -> Result<(), ObError> {
    if tenant.archive_dest.is_empty() {
        return Err(ObError::new(
            error_code::ARCHIVE_DEST_EMPTY,
            format!("Archive destination is empty, tenant: {}", tenant.label()),
        ));
    }
    if tenant.data_dest.is_empty() {
        return Err(ObError::new(
            error_code::DATA_DEST_EMPTY,
            format!("Data destination is empty, tenant: {}", tenant.label()),
        ));
    }
    Ok(())
}

/// The steps both start-backup routes share once identity (and the tenant) are checked:
/// bind, destinations, mode, DAG. Every body that gets here is recorded for the test hooks.
fn start_backup(sim: &Sim, path: &str, body: &[u8], tenant: Option<&str>) -> Result<Reply, ObError> {
    let view = sim.view();
    sim.with_world(|world, now| {
        let outcome = (|| {
            let param: BackupParam = bind(body)?;
            match tenant {
                Some(name) => check_dests(check_tenant(world, name)?)?,
                None => {
                    if world.tenants.is_empty() {
                        return Err(ObError::new(error_code::NO_USER_TENANTS, "No user tenants found"));
                    }
                    world.tenants.iter().try_for_each(check_dests)?;
                }
            }
            let mode = parse_mode(param.mode.as_deref())?;
            let encryption = param.encryption.filter(|e| !e.is_empty());
            let kind = DagKind::Backup {
                mode,
                encrypted: encryption.is_some(),
                plus_archive: param.plus_archive.unwrap_or(false),
                tenant: tenant.map(str::to_string),
            };
            let d = world.create_dag(kind, now);
            let request = BackupRequest { mode: Some(mode), plus_archive: param.plus_archive, encryption };
            Ok((d, request))
        })();
        let mut record = RecordedBackup {
            path: path.to_string(),
            body: String::from_utf8_lossy(body).into_owned(),
            accepted: outcome.is_ok(),
            err_code: None,
            dag_id: None,
            request: None,
        };
        let reply = match outcome {
            Ok((d, request)) => {
                let dag = world.dags.get(d).map(|dag| view.created(dag));
                record.dag_id = dag.as_ref().map(|dag| dag.id.clone());
                record.request = Some(request);
                Ok(Reply::data(&dag))
            }
            Err(error) => {
                record.err_code = Some(error.kind.err_code.to_string());
                Err(error)
            }
        };
        world.recorded.push(record);
        reply
    })
}

/// POST `/api/v1/obcluster/backup`: identity, JSON, no user tenants, archive dest, data
/// dest, then mode (reference §2.1). A second start while one runs is accepted.
pub(super) async fn start_cluster(
    State(sim): State<Sim>,
    _: Authed,
    uri: Uri,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    start_backup(&sim, uri.path(), &body, None)
}

/// POST `/api/v1/tenant/:name/backup`: identity, tenant checks, JSON, that tenant's
/// destinations, mode.
pub(super) async fn start_tenant(
    State(sim): State<Sim>,
    _: Authed,
    Param(name): Param,
    uri: Uri,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    sim.with_world(|world, _| check_tenant(world, &name).map(|_| ()))?;
    start_backup(&sim, uri.path(), &body, Some(&name))
}

/// `BackupStatusParam.Check` (reference §2.2): empty means `canceled`, the only value.
pub(super) fn bind_backup_status(body: &[u8]) -> Result<(), ObError> {
    let param: BackupStatusParam = bind(body)?;
    let status = param.status.unwrap_or_default().to_lowercase();
    if !matches!(status.as_str(), "" | "canceled") {
        return Err(ObError::new(
            error_code::STATUS_INVALID,
            format!("Invalid backup status: '{status}', must be 'canceled'"),
        ));
    }
    Ok(())
}

/// `ArchiveLogStatusParam.Check` (reference §2.3): empty means `STOP`, upper-cased.
pub(super) fn bind_archive_status(body: &[u8]) -> Result<&'static str, ObError> {
    let param: ArchiveLogStatusParam = bind(body)?;
    match param.status.unwrap_or_default().to_uppercase().as_str() {
        "" | "STOP" => Ok("STOP"),
        "DOING" => Ok("DOING"),
        "SUSPEND" => Ok("SUSPEND"),
        // obshell's message leaves SUSPEND out although it accepts it.
        other => Err(ObError::new(
            error_code::ARCHIVE_LOG_STATUS_INVALID,
            format!("Invalid archive log status: '{other}', must be 'STOP' or 'DOING'"),
        )),
    }
}

/// PATCH `/api/v1/obcluster/backup`: cancel every running backup job (reference §2.2). Stage 4
/// of a running backup DAG polls `CDB_OB_BACKUP_JOBS` until it is empty, so a cancel lets it
/// finish (SUCCEED) while the overview shows the jobs CANCELED, as on obshell.
pub(super) async fn cancel_cluster(
    State(sim): State<Sim>,
    _: Authed,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    bind_backup_status(&body)?;
    sim.with_world(|world, now| {
        let ids: Vec<i64> = world.tenants.iter().map(|t| t.id).collect();
        world.cancel_jobs(&ids, now);
    });
    Ok(Reply::NoData)
}

/// PATCH `/api/v1/obcluster/backup/log`: archive log STOP, DOING or SUSPEND for each user
/// tenant in order (reference §2.3). An interrupted tenant stops the loop with an error;
/// the tenants before it have changed, as on obshell.
pub(super) async fn patch_archive_log(
    State(sim): State<Sim>,
    _: Authed,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let status = bind_archive_status(&body)?;
    sim.with_world(|world, now| {
        world.tenants.iter_mut().try_for_each(|tenant| crate::archive::patch(tenant, status, now))
    })?;
    Ok(Reply::NoData)
}

/// GET `/api/v1/obcluster/backup/overview`: per user tenant its running (or last) backup task.
pub(super) async fn cluster_overview(State(sim): State<Sim>, _: Authed) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let view = sim.view();
    let statuses: Vec<_> = sim.with_world(|world, now| {
        world
            .tenants
            .iter()
            .filter_map(|t| world.overview(t.id, now))
            .map(|job| job.view(now, &view, world.speed))
            .collect()
    });
    if statuses.is_empty() {
        return Err(ObError::new(error_code::NOT_FOUND, "Element not found: backup task"));
    }
    Ok(Reply::data(&ClusterBackupOverview { statuses }))
}

/// GET `/api/v1/tenant/:name/backup/overview`.
pub(super) async fn tenant_overview(
    State(sim): State<Sim>,
    _: Authed,
    Param(name): Param,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let view = sim.view();
    let status = sim.with_world(|world, now| {
        let tenant = check_tenant(world, &name)?;
        world
            .overview(tenant.id, now)
            .map(|job| job.view(now, &view, world.speed))
            .ok_or_else(|| ObError::new(error_code::TASK_NOT_FOUND, "Task not found"))
    })?;
    Ok(Reply::data(&TenantBackupOverview { status }))
}

/// GET `/api/v1/tenant/:name/backup/config/storage`: the tenant's destinations with their
/// secrets left out (`GenerateURIWithoutSecret`), and no data at all if a key still shows.
pub(super) async fn tenant_storage(State(sim): State<Sim>, _: Authed, Param(name): Param) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let info = sim.with_world(|world, _| {
        let tenant = check_tenant(world, &name)?;
        Ok::<_, ObError>(BackupDestInfo {
            tenant_id: tenant.id,
            archive_base_uri: uri_without_keys(&tenant.archive_dest),
            data_base_uri: uri_without_keys(&tenant.data_dest),
        })
    })?;
    let shows_key = |uri: &str| uri.contains("access_id") || uri.contains("access_key");
    if shows_key(&info.archive_base_uri) || shows_key(&info.data_base_uri) {
        return Ok(Reply::NoData);
    }
    Ok(Reply::data(&info))
}

fn configure(sim: &Sim, body: &[u8], is_post: bool) -> Result<Reply, ObError> {
    check_identity(sim)?;
    let param: ClusterBackupConfigParam = bind(body)?;
    let base = backup_config::validate(&param, is_post)?;
    let view = sim.view();
    sim.with_world(|world, now| {
        if world.tenants.is_empty() {
            return Err(ObError::new(error_code::NO_USER_TENANTS, "No user tenants found"));
        }
        let d = world.create_dag(DagKind::Config { base }, now);
        Ok(Reply::data(&world.dags.get(d).map(|dag| view.created(dag))))
    })
}

/// POST `/api/v1/obcluster/backup/config`: the `Set obcluster backup config` DAG, after which
/// every tenant has destinations under `backup_base_uri` (reference §2.4, §7).
pub(super) async fn post_config(State(sim): State<Sim>, _: Authed, RawBody(body): RawBody) -> Result<Reply, ObError> {
    configure(&sim, &body, true)
}

/// PATCH `/api/v1/obcluster/backup/config`: the same DAG; `backup_base_uri` optional.
pub(super) async fn patch_config(State(sim): State<Sim>, _: Authed, RawBody(body): RawBody) -> Result<Reply, ObError> {
    configure(&sim, &body, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_dest_then_data_dest() {
        let mut tenant = Tenant {
            name: "t1".into(),
            id: 1002,
            archive_dest: String::new(),
            data_dest: String::new(),
            archive: crate::archive::Archive::default(),
            backup_sets: 0,
        };
        assert_eq!(check_dests(&tenant).unwrap_err().kind.err_code, "OB.Backup.ArchiveDestEmpty");
        tenant.archive_dest = "file:///b/1/1002/clog".into();
        let err = check_dests(&tenant).unwrap_err();
        assert_eq!(err.kind.err_code, "OB.Backup.DataDestEmpty");
        assert_eq!(err.message, "Data destination is empty, tenant: t1(1002)");
        tenant.data_dest = "file:///b/1/1002/data".into();
        assert!(check_dests(&tenant).is_ok());
    }

    #[test]
    fn modes() {
        assert_eq!(parse_mode(None).unwrap(), BackupMode::Full);
        assert_eq!(parse_mode(Some("Incremental")).unwrap(), BackupMode::Incremental);
        assert_eq!(parse_mode(Some("increment")).unwrap_err().kind.err_code, "OB.Backup.Mode.Invalid");
    }
}
