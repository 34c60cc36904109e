//! What a simulated agent looks like: its cluster, its password, its scenario.

use crate::clock::{Clock, SystemClock};
use obshell_api::auth::server::PrivateKey;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// A named behaviour of the simulated agent (`--scenario`, `POST /__sim/scenario`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scenario {
    /// Every tenant has archive and data destinations; every DAG succeeds.
    #[default]
    Healthy,
    /// No tenant has backup destinations: start-backup fails with `OB.Backup.ArchiveDestEmpty`
    /// until `POST /api/v1/obcluster/backup/config` has run.
    NoBackupConfig,
    /// The cluster has only the sys tenant: `OB.Backup.NoUserTenants`.
    NoUserTenants,
    /// Each DAG fails this stage (1-based) on its first execution, with an `ERROR: [...]` log
    /// line; a retry then succeeds.
    FailAtStage(u32),
    /// About 20% of `/api/v1` requests get a 500 envelope or a dropped connection.
    Flaky,
    /// Every `/api/v1` response is delayed ([`SimConfig::slow_delay`]).
    Slow,
    /// Backup jobs take longer than obshell's 3600 s sub-task timeout, so stage 4 fails with
    /// "sub task timeout" after 3600 simulated seconds; a retry waits for the rest.
    TimeoutStage4,
}

impl Scenario {
    /// Scenarios that decide the shape of the cluster (and not just its behaviour).
    pub(crate) fn shapes_cluster(self) -> bool {
        matches!(self, Scenario::NoBackupConfig | Scenario::NoUserTenants)
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scenario::Healthy => f.write_str("healthy"),
            Scenario::NoBackupConfig => f.write_str("no-backup-config"),
            Scenario::NoUserTenants => f.write_str("no-user-tenants"),
            Scenario::FailAtStage(n) => write!(f, "fail-at-stage-{n}"),
            Scenario::Flaky => f.write_str("flaky"),
            Scenario::Slow => f.write_str("slow"),
            Scenario::TimeoutStage4 => f.write_str("timeout-stage-4"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScenario(pub String);

impl fmt::Display for UnknownScenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown scenario {:?}; known: healthy, no-backup-config, no-user-tenants, \
             fail-at-stage-N (N = 1..4), flaky, slow, timeout-stage-4",
            self.0
        )
    }
}

impl std::error::Error for UnknownScenario {}

impl FromStr for Scenario {
    type Err = UnknownScenario;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim();
        let scenario = match name {
            "healthy" => Scenario::Healthy,
            "no-backup-config" => Scenario::NoBackupConfig,
            "no-user-tenants" => Scenario::NoUserTenants,
            "flaky" => Scenario::Flaky,
            "slow" => Scenario::Slow,
            "timeout-stage-4" => Scenario::TimeoutStage4,
            other => match other.strip_prefix("fail-at-stage-").map(str::parse::<u32>) {
                // The backup DAG has 4 stages (reference §7).
                Some(Ok(n @ 1..=4)) => Scenario::FailAtStage(n),
                _ => return Err(UnknownScenario(name.to_string())),
            },
        };
        Ok(scenario)
    }
}

/// Everything that makes one simulated agent.
#[derive(Clone)]
pub struct SimConfig {
    /// The cluster's root@sys password (the `Auth` of the password path).
    pub root_password: String,
    pub scenario: Scenario,
    /// Divides the nominal durations of simulated work (1 = realistic minutes).
    pub speed: f64,
    /// Number of agents in the simulated cluster (`10.0.0.1:2886`, `10.0.0.2:2886`, ...); the
    /// first is the one answering.
    pub agents: usize,
    /// User tenants, in "DB order" (ids 1002, 1004, ...).
    pub tenants: Vec<String>,
    /// Serve the panel's `dist/` from here, with SPA fallback to `index.html`.
    pub static_dir: Option<PathBuf>,
    /// Mount the `/__sim/*` test hooks.
    pub test_hooks: bool,
    /// The agent host's zone offset, used for every timestamp it prints (default +08:00).
    pub utc_offset_secs: i32,
    /// The answering agent's identity; anything but `CLUSTER AGENT` makes backup routes refuse
    /// with `Agent.Identify.NotSupportOperation`.
    pub identity: String,
    /// Where "now" comes from; tests inject a [`crate::ManualClock`].
    pub clock: Arc<dyn Clock>,
    /// RSA key size for `GET /api/v1/secret` (obshell: 1024).
    pub key_bits: usize,
    /// Use this key instead of generating one (tests share one to save key generation).
    pub private_key: Option<PrivateKey>,
    /// Seed of the RNG that picks which requests the `flaky` scenario breaks.
    pub seed: u64,
    /// Delay added to every `/api/v1` response in the `slow` scenario.
    pub slow_delay: Duration,
    /// Fraction of `/api/v1` requests the `flaky` scenario breaks.
    pub flaky_rate: f64,
    /// Log each request (method, path, status, traceId) to stderr.
    pub log_requests: bool,
    /// Sub-tasks of each *parallel* stage ("Check destination", "Check backup config"),
    /// spread over the agents in turn; 0 = obshell's shape, one per agent. Sequential stages
    /// keep their one sub-task (it does the stage's work). For large-DAG tests (~1,000).
    pub subtasks_per_stage: usize,
    /// Extra log lines the backup DAG's "Wait backup Finish" sub-task writes when it starts
    /// (0 = none): a sub-task log as large as a long real backup's, for log-viewer tests.
    pub log_lines_per_subtask: usize,
    /// Also write one line of this many bytes there (e.g. 1 MB).
    pub long_log_line_bytes: Option<usize>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            root_password: String::new(),
            scenario: Scenario::Healthy,
            speed: 1.0,
            agents: 3,
            tenants: vec!["t1".into(), "t2".into()],
            static_dir: None,
            test_hooks: false,
            utc_offset_secs: 8 * 3600,
            identity: obshell_api::agent::CLUSTER_AGENT.into(),
            clock: Arc::new(SystemClock),
            key_bits: 1024,
            private_key: None,
            seed: 0x000b_5e11,
            slow_delay: Duration::from_millis(1500),
            flaky_rate: 0.2,
            log_requests: true,
            subtasks_per_stage: 0,
            log_lines_per_subtask: 0,
            long_log_line_bytes: None,
        }
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("root_password", &"<masked>")
            .field("scenario", &self.scenario)
            .field("speed", &self.speed)
            .field("agents", &self.agents)
            .field("tenants", &self.tenants)
            .field("static_dir", &self.static_dir)
            .field("test_hooks", &self.test_hooks)
            .field("utc_offset_secs", &self.utc_offset_secs)
            .field("identity", &self.identity)
            .field("key_bits", &self.key_bits)
            .field("subtasks_per_stage", &self.subtasks_per_stage)
            .field("log_lines_per_subtask", &self.log_lines_per_subtask)
            .field("long_log_line_bytes", &self.long_log_line_bytes)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_names_round_trip() {
        for name in [
            "healthy",
            "no-backup-config",
            "no-user-tenants",
            "fail-at-stage-1",
            "fail-at-stage-3",
            "flaky",
            "slow",
            "timeout-stage-4",
        ] {
            let s: Scenario = name.parse().unwrap();
            assert_eq!(s.to_string(), name);
        }
        assert!("fail-at-stage-5".parse::<Scenario>().is_err());
        assert!("fail-at-stage-x".parse::<Scenario>().is_err());
        assert!("nope".parse::<Scenario>().is_err());
    }
}
