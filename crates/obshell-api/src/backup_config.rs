//! obshell's rules for a cluster backup config (`BackupConfigParam.Check`, reference §2.4),
//! with its error codes and messages. The stand-in enforces them; the panel checks a form
//! against them before sending, so the user sees obshell's own wording at once.

use crate::backup::ClusterBackupConfigParam;
use crate::error_code::{self, ErrorKind};

/// One broken rule: the errCode obshell answers with and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub kind: ErrorKind,
    pub message: String,
}

impl ConfigProblem {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ConfigProblem { kind, message: message.into() }
    }
}

/// obshell's duration form `<int><unit>` (us, ms, s, m, h, d), in microseconds.
fn parse_duration(text: &str) -> Result<i64, ConfigProblem> {
    let invalid = |reason: &str| {
        ConfigProblem::new(error_code::INVALID_TIME_DURATION, format!("Time duration '{text}' is invalid: {reason}"))
    };
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: i64 = number.parse().map_err(|_| invalid("missing number"))?;
    let micros: i64 = match unit {
        "us" => 1,
        "ms" => 1_000,
        "s" => 1_000_000,
        "m" => 60_000_000,
        "h" => 3_600_000_000,
        "d" => 86_400_000_000,
        _ => return Err(invalid("unknown unit")),
    };
    number.checked_mul(micros).ok_or_else(|| invalid("out of range"))
}

const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;

fn check_uri(uri: &str) -> Result<(), ConfigProblem> {
    if ["oss://", "cos://", "s3://", "file://"].iter().any(|scheme| uri.starts_with(scheme)) {
        Ok(())
    } else {
        Err(ConfigProblem::new(error_code::STORAGE_URI_INVALID, "Invalid storage URI: invalid path type"))
    }
}

fn set(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty())
}

/// Check a POST (`is_post`) or PATCH body; returns the new base URI, if any. Rules are checked
/// in obshell's order, so the first problem is the one obshell would report.
pub fn validate(param: &ClusterBackupConfigParam, is_post: bool) -> Result<Option<String>, ConfigProblem> {
    let base = param.backup_base_uri.clone().filter(|b| !b.is_empty());
    if base.is_none() {
        let empty = "backup_base_uri cannot be empty";
        if is_post {
            return Err(ConfigProblem::new(error_code::BASE_URI_EMPTY, empty));
        }
        if set(&param.binding) {
            return Err(ConfigProblem::new(
                error_code::BASE_URI_EMPTY,
                format!("{empty}: If binding is set, backup_base_uri must be set"),
            ));
        }
        if set(&param.piece_switch_interval) {
            return Err(ConfigProblem::new(
                error_code::BASE_URI_EMPTY,
                format!("{empty}: If piece_switch_interval is set, backup_base_uri must be set"),
            ));
        }
    }
    let binding = param.binding.as_deref().unwrap_or_default().to_ascii_uppercase();
    if !matches!(binding.as_str(), "" | "OPTIONAL" | "MANDATORY") {
        return Err(ConfigProblem::new(
            error_code::BINDING_INVALID,
            format!("Invalid binding mode: {binding}, must be OPTIONAL or MANDATORY"),
        ));
    }
    if let Some(interval) = param.piece_switch_interval.as_deref().filter(|s| !s.is_empty()) {
        if !(DAY..=7 * DAY).contains(&parse_duration(interval)?) {
            return Err(ConfigProblem::new(
                error_code::PIECE_SWITCH_INTERVAL_INVALID,
                "piece_switch_interval must be between 24h0m0s and 168h0m0s",
            ));
        }
    }
    if param.log_archive_concurrency.is_some_and(|c| !(0..=100).contains(&c)) {
        return Err(ConfigProblem::new(
            error_code::LOG_ARCHIVE_CONCURRENCY_INVALID,
            "log_archive_concurrency must be between 0 and 100",
        ));
    }
    if param.ha_low_thread_score.is_some_and(|c| !(0..=100).contains(&c)) {
        return Err(ConfigProblem::new(
            error_code::HA_LOW_THREAD_SCORE_INVALID,
            "ha_low_thread_score must be between 0 and 100",
        ));
    }
    if let Some(lag) = param.archive_lag_target.as_deref().filter(|s| !s.is_empty()) {
        let lag = parse_duration(&lag.to_ascii_lowercase())?;
        if lag > 2 * HOUR {
            return Err(ConfigProblem::new(
                error_code::ARCHIVE_LAG_TARGET_INVALID,
                "archive_lag_target must be less than 2h0m0s",
            ));
        }
        if base.as_deref().is_some_and(|b| b.starts_with("s3://")) && lag < 60_000_000 {
            return Err(ConfigProblem::new(
                error_code::ARCHIVE_LAG_TARGET_FOR_S3_INVALID,
                "archive_lag_target must be greater than 1m0s for S3",
            ));
        }
    }
    if let Some(policy) = &param.delete_policy {
        let name = policy.policy.to_ascii_lowercase();
        if !matches!(name.as_str(), "" | "default") {
            return Err(ConfigProblem::new(
                error_code::DELETE_POLICY_INVALID,
                format!("Invalid delete policy: '{name}', must be 'default'"),
            ));
        }
    }
    if let Some(base) = &base {
        check_uri(base)?;
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::DeletePolicy;

    fn param(base: &str) -> ClusterBackupConfigParam {
        ClusterBackupConfigParam { backup_base_uri: Some(base.into()), ..Default::default() }
    }

    fn code(result: Result<Option<String>, ConfigProblem>) -> &'static str {
        result.unwrap_err().kind.err_code
    }

    #[test]
    fn rules() {
        assert_eq!(validate(&param("file:///b"), true).unwrap().as_deref(), Some("file:///b"));
        assert_eq!(code(validate(&param(""), true)), "OB.Backup.BaseUriEmpty");
        assert_eq!(validate(&param(""), false).unwrap(), None);
        let patch = ClusterBackupConfigParam { binding: Some("optional".into()), ..Default::default() };
        let err = validate(&patch, false).unwrap_err();
        assert_eq!(err.message, "backup_base_uri cannot be empty: If binding is set, backup_base_uri must be set");
        assert_eq!(code(validate(&param("http://x"), true)), "OB.Storage.URI.Invalid");
        let p = ClusterBackupConfigParam { binding: Some("sometimes".into()), ..param("oss://b") };
        assert_eq!(validate(&p, true).unwrap_err().message, "Invalid binding mode: SOMETIMES, must be OPTIONAL or MANDATORY");
        let p = ClusterBackupConfigParam { piece_switch_interval: Some("2d".into()), ..param("oss://b") };
        assert!(validate(&p, true).is_ok());
        let p = ClusterBackupConfigParam { piece_switch_interval: Some("8d".into()), ..param("oss://b") };
        assert_eq!(code(validate(&p, true)), "OB.Backup.PieceSwitchInterval.Invalid");
        let p = ClusterBackupConfigParam { piece_switch_interval: Some("2 days".into()), ..param("oss://b") };
        assert_eq!(code(validate(&p, true)), "Common.InvalidTimeDuration");
        let p = ClusterBackupConfigParam { log_archive_concurrency: Some(101), ..param("oss://b") };
        assert_eq!(code(validate(&p, true)), "OB.Backup.LogArchiveConcurrency.Invalid");
        let p = ClusterBackupConfigParam { ha_low_thread_score: Some(-1), ..param("oss://b") };
        assert_eq!(code(validate(&p, true)), "OB.Backup.HaLowThreadScore.Invalid");
        let p = ClusterBackupConfigParam { archive_lag_target: Some("3H".into()), ..param("oss://b") };
        assert_eq!(code(validate(&p, true)), "OB.Backup.ArchiveLagTarget.Invalid");
        let p = ClusterBackupConfigParam { archive_lag_target: Some("30s".into()), ..param("s3://b") };
        assert_eq!(code(validate(&p, true)), "OB.Backup.ArchiveLagTargetForS3.Invalid");
        let policy = DeletePolicy { policy: "Never".into(), recovery_window: String::new() };
        let p = ClusterBackupConfigParam { delete_policy: Some(policy), ..param("oss://b") };
        assert_eq!(validate(&p, true).unwrap_err().message, "Invalid delete policy: 'never', must be 'default'");
    }
}
