//! The backup destination form's model: storage kind and location, the optional tuning values,
//! and the `ClusterBackupConfigParam` it becomes, checked with obshell's own rules and messages
//! ([`obshell_api::backup_config`]) before anything is sent. Pure, tested natively.

use obshell_api::backup::ClusterBackupConfigParam;
use obshell_api::backup_config;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StorageKind {
    #[default]
    File,
    Oss,
    Cos,
    S3,
}

impl StorageKind {
    pub const ALL: [StorageKind; 4] = [StorageKind::File, StorageKind::Oss, StorageKind::Cos, StorageKind::S3];

    pub fn scheme(self) -> &'static str {
        match self {
            StorageKind::File => "file://",
            StorageKind::Oss => "oss://",
            StorageKind::Cos => "cos://",
            StorageKind::S3 => "s3://",
        }
    }

    pub fn parse(text: &str) -> Option<StorageKind> {
        StorageKind::ALL.into_iter().find(|k| k.scheme().trim_end_matches("://") == text)
    }

    /// Object storage needs an endpoint and credentials; NFS (`file://`) does not.
    pub fn is_cloud(self) -> bool {
        self != StorageKind::File
    }
}

#[derive(Clone, Default, PartialEq, Eq)]
pub struct DestinationForm {
    pub kind: StorageKind,
    /// `/data/backup` for file, `bucket/dir` for object storage.
    pub path: String,
    pub host: String,
    pub access_id: String,
    /// A secret: never shown back, cleared once sent.
    pub access_key: String,
    pub region: String,
    pub binding: String,
    pub piece_switch_interval: String,
    pub archive_lag_target: String,
    pub log_archive_concurrency: String,
    pub ha_low_thread_score: String,
}

impl std::fmt::Debug for DestinationForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DestinationForm").field("kind", &self.kind).field("path", &self.path).finish_non_exhaustive()
    }
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn number(text: &str, field: &str) -> Result<Option<i64>, String> {
    match optional(text) {
        None => Ok(None),
        Some(t) => t.parse::<i64>().map(Some).map_err(|_| format!("{field} must be a whole number")),
    }
}

impl DestinationForm {
    /// The base URI obshell stores (`oss://bucket/dir?host=...&access_id=...&access_key=...`).
    pub fn base_uri(&self) -> String {
        let path = self.path.trim();
        let mut uri = format!("{}{}", self.kind.scheme(), path);
        if self.kind.is_cloud() {
            let mut query = vec![("host", self.host.trim()), ("access_id", self.access_id.trim()), ("access_key", self.access_key.as_str())];
            if self.kind == StorageKind::S3 {
                query.push(("s3_region", self.region.trim()));
            }
            let parts: Vec<String> = query.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={v}")).collect();
            if !parts.is_empty() {
                uri.push('?');
                uri.push_str(&parts.join("&"));
            }
        }
        uri
    }

    /// The request body, or the first problem in obshell's words.
    pub fn to_param(&self) -> Result<ClusterBackupConfigParam, String> {
        if self.path.trim().is_empty() {
            return Err("backup_base_uri cannot be empty".into());
        }
        let param = ClusterBackupConfigParam {
            backup_base_uri: Some(self.base_uri()),
            binding: optional(&self.binding),
            piece_switch_interval: optional(&self.piece_switch_interval),
            log_archive_concurrency: number(&self.log_archive_concurrency, "log_archive_concurrency")?,
            ha_low_thread_score: number(&self.ha_low_thread_score, "ha_low_thread_score")?,
            archive_lag_target: optional(&self.archive_lag_target),
            delete_policy: None,
        };
        backup_config::validate(&param, true).map_err(|p| p.message)?;
        Ok(param)
    }

    pub fn clear_secrets(&mut self) {
        self.access_key.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_object_storage_uris() {
        let f = DestinationForm { path: "/data/backup".into(), ..Default::default() };
        assert_eq!(f.base_uri(), "file:///data/backup");
        let f = DestinationForm {
            kind: StorageKind::S3,
            path: "bucket/ob".into(),
            host: "s3.example.com".into(),
            access_id: "AK".into(),
            access_key: "SK".into(),
            region: "us-east-1".into(),
            ..Default::default()
        };
        assert_eq!(f.base_uri(), "s3://bucket/ob?host=s3.example.com&access_id=AK&access_key=SK&s3_region=us-east-1");
        assert!(!format!("{f:?}").contains("SK"), "the key never reaches a log");
    }

    #[test]
    fn obshell_rules_and_words() {
        let mut f = DestinationForm { path: "/b".into(), ..Default::default() };
        assert!(f.to_param().is_ok());
        f.piece_switch_interval = "8d".into();
        assert_eq!(f.to_param().unwrap_err(), "piece_switch_interval must be between 24h0m0s and 168h0m0s");
        f.piece_switch_interval = "1d".into();
        f.log_archive_concurrency = "many".into();
        assert_eq!(f.to_param().unwrap_err(), "log_archive_concurrency must be a whole number");
        f.log_archive_concurrency = "101".into();
        assert_eq!(f.to_param().unwrap_err(), "log_archive_concurrency must be between 0 and 100");
        f.log_archive_concurrency = "8".into();
        f.binding = "mandatory".into();
        let param = f.to_param().unwrap();
        assert_eq!(param.log_archive_concurrency, Some(8));
        assert_eq!(param.backup_base_uri.as_deref(), Some("file:///b"));
        assert_eq!(DestinationForm::default().to_param().unwrap_err(), "backup_base_uri cannot be empty");
        let s3 = DestinationForm { kind: StorageKind::S3, path: "b".into(), archive_lag_target: "30s".into(), ..Default::default() };
        assert_eq!(s3.to_param().unwrap_err(), "archive_lag_target must be greater than 1m0s for S3");
    }
}
