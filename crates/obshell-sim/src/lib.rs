//! A stand-in obshell agent: obshell's backup, task and auth HTTP API (routes, envelope, error
//! codes and their order, auth v2, DAG lifecycle) over a simulated OceanBase cluster.
//!
//! The wire truth is the project's `reference/obshell-api.md` (cited as "reference §N"); the
//! wire types come from `obshell-api`. Used by the panel's demo and all its end-to-end tests:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let config = obshell_sim::SimConfig { root_password: "pw".into(), test_hooks: true, ..Default::default() };
//! obshell_sim::serve(listener, config).await
//! # }
//! ```

mod archive;
mod auth;
mod bind;
mod blackout;
mod clock;
mod cluster;
mod config;
mod dag_engine;
mod envelope;
mod error;
mod faults;
mod i18n;
mod inject;
mod plans;
mod routes;
mod serve;
mod session;
mod skew;
mod state;
mod static_files;

pub use clock::{Clock, Instant, ManualClock, SystemClock};
pub use cluster::RecordedBackup;
pub use config::{Scenario, SimConfig, UnknownScenario};
pub use envelope::Reply;
pub use error::ObError;
pub use inject::{Action, Injection};
pub use serve::{serve, serve_router};
pub use state::{KeyGenError, Sim};

use axum::Router;

/// The router and a handle on its state, or why the agent's RSA key could not be made.
pub fn try_app(config: SimConfig) -> Result<(Router, Sim), KeyGenError> {
    let sim = Sim::new(config)?;
    Ok((routes::router(sim.clone()), sim))
}

/// The router and a handle on its state.
///
/// # Panics
///
/// If the agent's RSA key cannot be generated (an impossible `key_bits`); see [`try_app`].
pub fn app(config: SimConfig) -> (Router, Sim) {
    match try_app(config) {
        Ok(app) => app,
        Err(error) => panic!("{error}"),
    }
}
