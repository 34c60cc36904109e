//! The agent's public routes: `/api/v1/info`, `/api/v1/status`, `/api/v1/secret`.

use serde::{Deserialize, Serialize};

/// The identity a cluster's running agents have; cluster backup needs it.
pub const CLUSTER_AGENT: &str = "CLUSTER AGENT";

/// `data` of `GET /api/v1/info` (`meta.AgentStatus`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AgentInfo {
    #[serde(default)]
    pub pid: i64,
    #[serde(default)]
    pub state: i64,
    #[serde(rename = "startAt", default)]
    pub start_at: i64,
    #[serde(rename = "homePath", default)]
    pub home_path: String,
    #[serde(rename = "obVersion", default)]
    pub ob_version: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub port: u32,
    #[serde(default)]
    pub zone: String,
    #[serde(default)]
    pub identity: String,
    #[serde(default)]
    pub version: String,
    #[serde(rename = "isObproxyAgent", default)]
    pub is_obproxy_agent: bool,
    #[serde(default)]
    pub security: bool,
    #[serde(rename = "supportedAuth", default)]
    pub supported_auth: Vec<String>,
}

/// Why the panel cannot work with an agent, if it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incompatibility {
    /// Not a running cluster's agent (e.g. `SINGLE`, `UNIDENTIFIED`): backup is refused there.
    NotClusterAgent { identity: String },
    /// The agent does not offer auth v2 (obshell 4.2.2.0 and older).
    NoAuthV2 { supported: Vec<String>, version: String },
}

impl AgentInfo {
    pub fn check_compatible(&self) -> Result<(), Incompatibility> {
        if !self.supported_auth.iter().any(|a| a == "v2") {
            return Err(Incompatibility::NoAuthV2 {
                supported: self.supported_auth.clone(),
                version: self.version.clone(),
            });
        }
        if self.identity != CLUSTER_AGENT {
            return Err(Incompatibility::NotClusterAgent { identity: self.identity.clone() });
        }
        Ok(())
    }
}

/// `agent` of `GET /api/v1/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AgentRef {
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub port: u32,
    #[serde(default)]
    pub identity: String,
}

/// `data` of `GET /api/v1/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AgentStatus {
    #[serde(default)]
    pub agent: AgentRef,
    /// 0 unknown, 1 starting, 2 running, 3 stopping, 4 stopped.
    #[serde(default)]
    pub state: i64,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub pid: i64,
    #[serde(rename = "startAt", default)]
    pub start_at: i64,
    #[serde(default)]
    pub port: u32,
    /// 0 not running, 1 running without connection, 2 restricted, 3 available.
    #[serde(rename = "obState", default)]
    pub ob_state: i64,
    #[serde(rename = "sqlPort", default, skip_serializing_if = "Option::is_none")]
    pub sql_port: Option<u32>,
    #[serde(rename = "underMaintenance", default)]
    pub under_maintenance: bool,
}

/// `data` of `GET /api/v1/secret`: base64 of a PKCS#1 `RSAPublicKey` DER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SecretInfo {
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub port: u32,
    pub public_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility() {
        let mut info = AgentInfo {
            identity: CLUSTER_AGENT.into(),
            supported_auth: vec!["v2".into()],
            ..Default::default()
        };
        assert_eq!(info.check_compatible(), Ok(()));
        info.identity = "SINGLE".into();
        assert!(matches!(info.check_compatible(), Err(Incompatibility::NotClusterAgent { .. })));
        info.supported_auth.clear();
        assert!(matches!(info.check_compatible(), Err(Incompatibility::NoAuthV2 { .. })));
    }
}
