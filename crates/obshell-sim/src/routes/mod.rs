//! The route table: obshell's paths and methods (reference §1), gin's `NoRoute`, and the
//! middleware chain in obshell's order.

mod backup;
mod backup_jobs;
mod fault_hooks;
mod hooks;
mod public;
mod session;
mod task;
mod tenant;

use crate::error::ObError;
use crate::state::Sim;
use crate::{auth, envelope, faults, static_files};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use obshell_api::routes as path;

pub(crate) fn router(sim: Sim) -> Router {
    let mut router = Router::new()
        .route(path::SECRET, get(public::secret))
        .route(path::INFO, get(public::info))
        .route(path::STATUS, get(public::status).post(public::status))
        .route(path::TIME, get(public::time))
        .route(path::LOGIN, post(session::login))
        .route(path::LOGOUT, post(session::logout))
        .route(path::CLUSTER_BACKUP_CONFIG, post(backup::post_config).patch(backup::patch_config))
        .route(path::CLUSTER_BACKUP, post(backup::start_cluster).patch(backup::cancel_cluster))
        .route(path::CLUSTER_BACKUP_LOG, patch(backup::patch_archive_log))
        .route(path::CLUSTER_BACKUP_OVERVIEW, get(backup::cluster_overview))
        .route(path::TENANTS_OVERVIEW, get(tenant::overview))
        .route(path::TENANT_BACKUP_PATTERN, post(backup::start_tenant).patch(tenant::cancel_backup))
        .route(path::TENANT_BACKUP_OVERVIEW_PATTERN, get(backup::tenant_overview))
        .route(path::TENANT_ARCHIVE_LOG_PATTERN, patch(tenant::patch_archive_log))
        .route(path::TENANT_ARCHIVE_LOG_TASKS_PATTERN, get(tenant::archive_log_tasks))
        .route(path::TENANT_BACKUP_JOBS_PATTERN, get(backup_jobs::list))
        .route(path::TENANT_BACKUP_STORAGE_PATTERN, get(backup::tenant_storage))
        .route(path::UNFINISHED_DAGS, get(task::unfinished))
        .route(path::CLUSTER_DAGS, get(task::cluster_dags))
        .route("/api/v1/task/dag/{id}", get(task::get_dag).post(task::operate_dag))
        .route("/api/v1/task/node/{id}", get(task::get_node).post(task::operate_node))
        .route("/api/v1/task/sub_task/{id}", get(task::get_sub_task))
        .route("/api/v1/task/sub_task/{id}/logs", get(task::sub_task_logs));
    if sim.config().test_hooks {
        router = router.merge(hooks::router()).merge(fault_hooks::router());
    }
    // Outermost first: PostHandlers (envelope, log) → faults → HeaderDecrypt/BodyDecrypt/
    // PaddingBody → gin's method rules → routes (reference §0).
    router
        .fallback(no_route)
        .method_not_allowed_fallback(not_found)
        .layer(from_fn_with_state(sim.clone(), gin_methods))
        .layer(from_fn_with_state(sim.clone(), auth::decrypt_layer))
        .layer(from_fn_with_state(sim.clone(), faults::layer))
        .layer(from_fn_with_state(sim.clone(), envelope::layer))
        .layer(from_fn_with_state(sim.clone(), crate::serve::probe_layer))
        .with_state(sim)
}

async fn not_found() -> ObError {
    ObError::route_not_found()
}

/// gin registers no HEAD or OPTIONS handlers (axum answers HEAD on GET routes): 404.
async fn gin_methods(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::HEAD | Method::OPTIONS) && is_api(request.uri().path()) {
        return ObError::route_not_found().into_response();
    }
    next.run(request).await
}

fn is_api(path: &str) -> bool {
    path.contains("/api/v1") || path.contains("/rpc/v1")
}

/// gin's `NoRoute`: API paths and OPTIONS get the 404 envelope; anything else is the panel's
/// static files when a directory is served (reference §1.7, §6).
async fn no_route(State(sim): State<Sim>, request: Request) -> Response {
    let static_dir = sim.config().static_dir.clone();
    match static_dir {
        Some(dir)
            if !is_api(request.uri().path())
                && matches!(*request.method(), Method::GET | Method::HEAD) =>
        {
            static_files::serve(&dir, &sim.config().frame_ancestors, request).await
        }
        _ => ObError::route_not_found().into_response(),
    }
}
