//! Tenant routes the backup workflow needs: the tenant list (`GET /api/v1/tenants/overview`,
//! obshell `ob/agent/api/tenant_handler.go` `getTenantOverView` → `executor/tenant`
//! `GetTenantsOverView`), and per tenant: archive rounds, archive log PATCH and backup cancel
//! (`ob/agent/api/backup_route.go`). Every tenant route runs `checkTenantAndGetName` first:
//! identity, empty name, `sys`, unknown tenant; then binds the body.

use super::backup::{bind_archive_status, bind_backup_status, check_identity, check_tenant};
use crate::archive;
use crate::auth::Authed;
use crate::bind::{Param, RawBody};
use crate::cluster::{Tenant, World};
use crate::dag_engine::View;
use crate::envelope::Reply;
use crate::error::ObError;
use crate::state::Sim;
use axum::extract::{RawQuery, State};
use obshell_api::error_code::ErrorKind;
use obshell_api::tenant::{ArchiveLogTask, ConnectionString, TenantOverview};

/// `OB.Tenant.Mode.NotSupported` (illegal argument: 400).
const MODE_NOT_SUPPORTED: ErrorKind =
    ErrorKind { err_code: "OB.Tenant.Mode.NotSupported", status: 400, old_code: None };

/// The sys tenant's id (user tenants are 1002, 1004, ...; their meta tenants are not listed).
const SYS_TENANT_ID: i64 = 1;

/// gin's `c.Query("mode")`: the first value, `""` when absent.
fn mode_of(query: Option<&str>) -> String {
    query
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == "mode")
        .map(|(_, value)| value.to_string())
        .unwrap_or_default()
}

fn overview_row(view: &View, sim: &Sim, name: &str, id: i64, age_days: i64) -> TenantOverview {
    let agent = sim.answering_agent();
    let created = crate::cluster::later(sim.now(), chrono::Duration::days(-age_days));
    TenantOverview {
        tenant_name: name.to_string(),
        tenant_id: id,
        created_time: Some(view.text(created)),
        mode: "MYSQL".into(),
        status: "NORMAL".into(),
        locked: "NO".into(),
        primary_zone: "RANDOM".into(),
        locality: "FULL{1}@zone1".into(),
        in_recyclebin: "NO".into(),
        read_only: false,
        connection_strings: vec![ConnectionString {
            kind: "DIRECT".into(),
            obproxy_address: String::new(),
            obproxy_port: 0,
            connection_string: format!("obclient -h{} -P2881 -uroot@{name} -p", agent.ip),
        }],
    }
}

/// GET `/api/v1/tenants/overview[?mode=MYSQL|ORACLE]`: `sys` and every user tenant (meta
/// tenants and the recycle bin excluded), as `{"contents": [...]}`. The mode is compared
/// exactly, as obshell does.
pub(super) async fn overview(
    State(sim): State<Sim>,
    _: Authed,
    RawQuery(query): RawQuery,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let mode = mode_of(query.as_deref());
    if !matches!(mode.as_str(), "" | "MYSQL" | "ORACLE") {
        return Err(ObError::new(MODE_NOT_SUPPORTED, format!("Tenant mode '{mode}' is not supported.")));
    }
    let view = sim.view();
    let names: Vec<(String, i64)> =
        sim.with_world(|world, _| world.tenants.iter().map(|t| (t.name.clone(), t.id)).collect());
    let mut rows = vec![overview_row(&view, &sim, "sys", SYS_TENANT_ID, 90)];
    rows.extend(names.iter().enumerate().map(|(i, (name, id))| overview_row(&view, &sim, name, *id, 30 - i as i64)));
    // Every simulated tenant is a MySQL tenant.
    if mode == "ORACLE" {
        rows.clear();
    }
    Ok(Reply::contents(rows))
}

/// A listed round of one tenant: `delay` is how far the checkpoint lags, as a float.
fn archive_task(tenant: &Tenant, view: &View, now: crate::clock::Instant) -> Option<ArchiveLogTask> {
    if !archive::is_listed(tenant.archive.status) {
        return None;
    }
    let started = tenant.archive.started.unwrap_or(now);
    // A suspended archive's checkpoint stands still; a running one trails by ~1.2 s.
    let checkpoint = match tenant.archive.status {
        "SUSPEND" => started,
        _ => crate::cluster::later(now, chrono::Duration::milliseconds(-1_234)).max(started),
    };
    let delay = (now - checkpoint).num_microseconds().unwrap_or(0) as f64 / 1e6;
    Some(ArchiveLogTask {
        tenant_id: tenant.id,
        tenant_name: tenant.name.clone(),
        round_id: tenant.archive.round,
        status: tenant.archive.status.to_string(),
        path: tenant.archive_dest.clone(),
        delay: (delay * 10_000.0).trunc() / 10_000.0,
        checkpoint: Some(view.text(checkpoint)),
        start_time: Some(view.text(started)),
    })
}

/// GET `/api/v1/tenant/:name/backup/log/tasks`: `{"contents": [ArchiveLogTask]}`, empty when
/// the archive is stopped or interrupted.
pub(super) async fn archive_log_tasks(
    State(sim): State<Sim>,
    _: Authed,
    Param(name): Param,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    let view = sim.view();
    let tasks = sim.with_world(|world, now| {
        let tenant = check_tenant(world, &name)?;
        Ok::<_, ObError>(archive_task(tenant, &view, now).into_iter().collect::<Vec<_>>())
    })?;
    Ok(Reply::contents(tasks))
}

fn tenant_index(world: &World, name: &str) -> Result<usize, ObError> {
    let id = check_tenant(world, name)?.id;
    world.tenants.iter().position(|t| t.id == id).ok_or_else(|| ObError::unexpected("tenant vanished"))
}

/// PATCH `/api/v1/tenant/:name/backup/log`: that tenant's archive STOP, DOING or SUSPEND.
pub(super) async fn patch_archive_log(
    State(sim): State<Sim>,
    _: Authed,
    Param(name): Param,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    sim.with_world(|world, _| check_tenant(world, &name).map(|_| ()))?;
    let status = bind_archive_status(&body)?;
    sim.with_world(|world, now| {
        let i = tenant_index(world, &name)?;
        match world.tenants.get_mut(i) {
            Some(tenant) => archive::patch(tenant, status, now),
            None => Ok(()),
        }
    })?;
    Ok(Reply::NoData)
}

/// PATCH `/api/v1/tenant/:name/backup`: cancel that tenant's running backup job, if any.
pub(super) async fn cancel_backup(
    State(sim): State<Sim>,
    _: Authed,
    Param(name): Param,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    check_identity(&sim)?;
    sim.with_world(|world, _| check_tenant(world, &name).map(|_| ()))?;
    bind_backup_status(&body)?;
    sim.with_world(|world, now| {
        let id = check_tenant(world, &name)?.id;
        world.cancel_jobs(&[id], now);
        Ok::<_, ObError>(())
    })?;
    Ok(Reply::NoData)
}
