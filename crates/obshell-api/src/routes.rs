//! obshell's route paths, as the agent sees them (relative to its root, `/api/v1/...`).
//!
//! Both the panel's client and the stand-in build paths here, so the two cannot drift.

pub const SECRET: &str = "/api/v1/secret";
pub const INFO: &str = "/api/v1/info";
pub const STATUS: &str = "/api/v1/status";
pub const TIME: &str = "/api/v1/time";
pub const LOGIN: &str = "/api/v1/login";
pub const LOGOUT: &str = "/api/v1/logout";
pub const CLUSTER_BACKUP: &str = "/api/v1/obcluster/backup";
pub const CLUSTER_BACKUP_CONFIG: &str = "/api/v1/obcluster/backup/config";
pub const CLUSTER_BACKUP_LOG: &str = "/api/v1/obcluster/backup/log";
pub const CLUSTER_BACKUP_OVERVIEW: &str = "/api/v1/obcluster/backup/overview";
pub const UNFINISHED_DAGS: &str = "/api/v1/task/dag/unfinish";
pub const CLUSTER_DAGS: &str = "/api/v1/task/dags/ob";
pub const TENANTS_OVERVIEW: &str = "/api/v1/tenants/overview";
/// axum route patterns of the tenant routes (the stand-in's router; clients use the
/// functions below, which encode the name).
pub const TENANT_BACKUP_PATTERN: &str = "/api/v1/tenant/{name}/backup";
pub const TENANT_BACKUP_OVERVIEW_PATTERN: &str = "/api/v1/tenant/{name}/backup/overview";
pub const TENANT_ARCHIVE_LOG_PATTERN: &str = "/api/v1/tenant/{name}/backup/log";
pub const TENANT_ARCHIVE_LOG_TASKS_PATTERN: &str = "/api/v1/tenant/{name}/backup/log/tasks";
pub const TENANT_BACKUP_JOBS_PATTERN: &str = "/api/v1/tenant/{name}/backup/tasks";
pub const TENANT_BACKUP_STORAGE_PATTERN: &str = "/api/v1/tenant/{name}/backup/config/storage";

/// Path segments are ids the agent handed out or tenant names; percent-encode anything that
/// is not unreserved so a hostile value cannot change the route.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn dag(id: &str) -> String {
    format!("/api/v1/task/dag/{}", encode_segment(id))
}

pub fn node(id: &str) -> String {
    format!("/api/v1/task/node/{}", encode_segment(id))
}

pub fn sub_task(id: &str) -> String {
    format!("/api/v1/task/sub_task/{}", encode_segment(id))
}

pub fn sub_task_logs(id: &str) -> String {
    format!("/api/v1/task/sub_task/{}/logs", encode_segment(id))
}

pub fn tenant_backup(tenant: &str) -> String {
    format!("/api/v1/tenant/{}/backup", encode_segment(tenant))
}

pub fn tenant_backup_overview(tenant: &str) -> String {
    format!("/api/v1/tenant/{}/backup/overview", encode_segment(tenant))
}

pub fn tenant_archive_log(tenant: &str) -> String {
    format!("/api/v1/tenant/{}/backup/log", encode_segment(tenant))
}

pub fn tenant_archive_log_tasks(tenant: &str) -> String {
    format!("/api/v1/tenant/{}/backup/log/tasks", encode_segment(tenant))
}

/// The tenant's current archive and data destinations, secrets left out.
pub fn tenant_backup_storage(tenant: &str) -> String {
    format!("/api/v1/tenant/{}/backup/config/storage", encode_segment(tenant))
}

/// The tenant's newest `size` backup jobs, running or ended (obshell's default order is
/// `start_timestamp,desc`).
pub fn tenant_backup_jobs(tenant: &str, size: u32) -> String {
    format!("/api/v1/tenant/{}/backup/tasks?size={size}", encode_segment(tenant))
}

/// The tenant's completed backup jobs, newest first, at most `size` of them (obshell's default
/// order is `start_timestamp,desc`); `total_elements` of the answer counts them all.
pub fn tenant_completed_backup_jobs(tenant: &str, size: u32) -> String {
    format!("/api/v1/tenant/{}/backup/tasks?status=COMPLETED&size={size}", encode_segment(tenant))
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_cannot_escape() {
        assert_eq!(super::dag("11"), "/api/v1/task/dag/11");
        assert_eq!(super::dag("../../secret?x"), "/api/v1/task/dag/..%2F..%2Fsecret%3Fx");
    }
}
