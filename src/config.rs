//! Run-time configuration: `config.json` next to `index.html`, so one `dist/` serves every
//! deployment without a rebuild. Absent means defaults; broken means defaults plus a visible
//! notice (a typo must not silently point the panel somewhere else).

use crate::i18n::Lang;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeConfig {
    /// URL prefix the browser calls for obshell's API (e.g. `/obshell` when a proxy strips
    /// it). Empty: same origin, `/api/v1/...` directly.
    pub api_base: String,
    /// How often a running DAG is re-fetched.
    pub poll_interval_ms: u32,
    /// Deadline for one API call.
    pub request_timeout_ms: u32,
    /// Language when the user has not chosen one (else the browser's).
    pub language: Option<Lang>,
    /// Record User Timing measures for the benchmark (see `perf`).
    pub perf_marks: bool,
    /// Why `config.json` was ignored, to show on the page.
    pub problem: Option<String>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            api_base: String::new(),
            poll_interval_ms: 2_000,
            request_timeout_ms: 15_000,
            language: None,
            perf_marks: false,
            problem: None,
        }
    }
}

/// The file's shape; every key optional.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfigFile {
    api_base: Option<String>,
    poll_interval_ms: Option<u32>,
    request_timeout_ms: Option<u32>,
    language: Option<String>,
    perf_marks: Option<bool>,
}

impl RuntimeConfig {
    /// Apply `config.json`'s text over the defaults.
    pub fn from_json(text: &str) -> RuntimeConfig {
        let mut config = RuntimeConfig::default();
        match serde_json::from_str::<ConfigFile>(text) {
            Ok(file) => {
                if let Some(base) = file.api_base {
                    match normalise_base(&base) {
                        Some(base) => config.api_base = base,
                        None => config.problem = Some(format!("apiBase {base:?} must be a path such as /obshell")),
                    }
                }
                // Clamp so a typo cannot hammer the agent or stall the view.
                if let Some(ms) = file.poll_interval_ms {
                    config.poll_interval_ms = ms.clamp(500, 60_000);
                }
                if let Some(ms) = file.request_timeout_ms {
                    config.request_timeout_ms = ms.clamp(1_000, 120_000);
                }
                config.language = file.language.as_deref().and_then(Lang::parse);
                config.perf_marks = file.perf_marks.unwrap_or(false);
            }
            Err(e) => config.problem = Some(format!("config.json ignored: {e}")),
        }
        config
    }
}

/// An API base must be a same-origin path (obshell sends no CORS headers, so another origin
/// cannot work): `""`, `/`, or `/prefix` without query or fragment.
fn normalise_base(base: &str) -> Option<String> {
    let trimmed = base.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Some(String::new());
    }
    let ok = trimmed.starts_with('/')
        && !trimmed.starts_with("//")
        && !trimmed.contains(['?', '#', '\\', ' '])
        && !trimmed.split('/').any(|seg| seg == "..");
    ok.then(|| trimmed.to_string())
}

/// Fetch `config.json` beside the page. A missing file is normal (defaults); anything else
/// that goes wrong is reported on the page.
pub async fn load() -> RuntimeConfig {
    use crate::client::transport::{send, Outgoing};
    let outgoing = Outgoing {
        method: gloo_net::http::Method::GET,
        url: "config.json",
        headers: vec![("Cache-Control", "no-cache".into())],
        body: None,
        timeout_ms: 5_000,
    };
    match send(outgoing).await {
        // Absent: a 404, or a host's SPA fallback answering with index.html.
        Ok(r) if r.status == 404 || r.body.trim_start().starts_with('<') => RuntimeConfig::default(),
        Ok(r) if (200..300).contains(&r.status) => RuntimeConfig::from_json(&r.body),
        Ok(r) => RuntimeConfig { problem: Some(format!("config.json: HTTP {}", r.status)), ..RuntimeConfig::default() },
        Err(e) => RuntimeConfig { problem: Some(format!("config.json: {e:?}")), ..RuntimeConfig::default() },
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = RuntimeConfig::from_json(r#"{"apiBase":"/obshell/","pollIntervalMs":10,"language":"zh-CN"}"#);
        assert_eq!(c.api_base, "/obshell");
        assert_eq!(c.poll_interval_ms, 500, "clamped");
        assert_eq!(c.language, Some(Lang::Zh));
        assert!(c.problem.is_none());
    }

    #[test]
    fn broken_or_foreign_base_is_reported() {
        let c = RuntimeConfig::from_json("{not json");
        assert_eq!(c.api_base, "");
        assert!(c.problem.is_some());
        for bad in ["https://evil.example", "//evil.example", "/a/../b", "/x?y"] {
            let c = RuntimeConfig::from_json(&format!(r#"{{"apiBase":"{bad}"}}"#));
            assert_eq!(c.api_base, "", "{bad}");
            assert!(c.problem.is_some(), "{bad}");
        }
        assert!(RuntimeConfig::from_json(r#"{"apiBse":"/x"}"#).problem.is_some(), "typos are reported");
    }
}
