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

mod auth;
mod bind;
mod clock;
mod cluster;
mod config;
mod dag_engine;
mod envelope;
mod error;
mod faults;
mod plans;
mod routes;
mod session;
mod state;
mod static_files;

pub use clock::{Clock, Instant, ManualClock, SystemClock};
pub use cluster::RecordedBackup;
pub use config::{Scenario, SimConfig, UnknownScenario};
pub use envelope::Reply;
pub use error::ObError;
pub use state::{KeyGenError, Sim};

use axum::body::Body;
use axum::Router;
use hyper_util::rt::TokioIo;
use tower::ServiceExt;

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

/// A response the `flaky` scenario wants lost: the service fails, so hyper closes the
/// connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the flaky scenario")
    }
}

impl std::error::Error for Dropped {}

/// Serve the sim on `listener` (HTTP/1.1, keep-alive) until the process ends. Unlike
/// `axum::serve`, this honours the `flaky` scenario's dropped connections.
pub async fn serve(listener: tokio::net::TcpListener, config: SimConfig) -> std::io::Result<()> {
    let (router, _sim) = try_app(config).map_err(std::io::Error::other)?;
    serve_router(listener, router).await
}

/// [`serve`] for a router made by [`app`] (to keep its [`Sim`] handle).
pub async fn serve_router(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a moment instead of spinning.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let router = router.clone();
                async move {
                    let response = match router.oneshot(request.map(Body::new)).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    if response.extensions().get::<faults::DropConnection>().is_some() {
                        return Err(Dropped);
                    }
                    Ok::<_, Dropped>(response)
                }
            });
            // A connection's end (normal, dropped, or a client gone) is nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

