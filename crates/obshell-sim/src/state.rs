//! [`Sim`]: the shared state of one simulated agent, a cheap handle for handlers and tests.

use crate::blackout::Blackout;
use crate::clock::Instant;
use crate::cluster::{RecordedBackup, World};
use crate::config::{Scenario, SimConfig};
use crate::dag_engine::View;
use crate::faults::{Fault, FaultRng};
use crate::inject::Injections;
use crate::session::Sessions;
use crate::skew::Skew;
use chrono::{FixedOffset, Offset};
use obshell_api::auth::server::PrivateKey;
use obshell_api::{BackupRequest, DagDetail, ObTime};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

/// A handle on one simulated agent (an `Arc` inside: clone it freely).
#[derive(Clone)]
pub struct Sim(Arc<Inner>);

struct Inner {
    config: SimConfig,
    offset: FixedOffset,
    started: Instant,
    key: RwLock<PrivateKey>,
    /// Tenants, jobs and DAGs. No `.await` while it is held.
    world: Mutex<World>,
    sessions: Mutex<Sessions>,
    faults: Mutex<FaultRng>,
    /// Requests ("METHOD /path") whose next occurrence runs and then loses its connection.
    drop_next: Mutex<Vec<String>>,
    injections: Injections,
    blackout: Blackout,
    skew: Skew,
    /// `/api/v1` requests that reached the router (not those refused during a blackout).
    api_requests: AtomicU64,
}

#[derive(Debug)]
pub struct KeyGenError(pub String);

impl std::fmt::Display for KeyGenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot generate the agent's RSA key: {}", self.0)
    }
}

impl std::error::Error for KeyGenError {}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the simulation half-updated in a way that
    // matters more than answering; keep serving.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sim {
    pub fn new(config: SimConfig) -> Result<Self, KeyGenError> {
        let key = match &config.private_key {
            Some(key) => key.clone(),
            None => PrivateKey::generate(config.key_bits, &mut rand_core::OsRng)
                .map_err(|e| KeyGenError(e.to_string()))?,
        };
        let offset = FixedOffset::east_opt(config.utc_offset_secs).unwrap_or_else(|| chrono::Utc.fix());
        let started = config.clock.now();
        Ok(Sim(Arc::new(Inner {
            offset,
            started,
            key: RwLock::new(key),
            world: Mutex::new(World::new(&config)),
            sessions: Mutex::new(Sessions::default()),
            faults: Mutex::new(FaultRng::new(config.seed)),
            drop_next: Mutex::new(Vec::new()),
            injections: Injections::default(),
            blackout: Blackout::default(),
            skew: Skew::default(),
            api_requests: AtomicU64::new(0),
            config,
        })))
    }

    /// The next `METHOD /path` request (e.g. `POST /api/v1/obcluster/backup`) is handled, then
    /// its connection is closed without an answer: one deterministic ambiguous failure.
    pub fn drop_next_response(&self, target: &str) {
        lock(&self.0.drop_next).push(target.trim().to_string());
    }

    /// Whether this request is one to drop (consumes the mark).
    pub(crate) fn take_drop(&self, method: &str, path: &str) -> bool {
        let mut marks = lock(&self.0.drop_next);
        let target = format!("{method} {path}");
        match marks.iter().position(|m| *m == target) {
            Some(i) => {
                marks.remove(i);
                true
            }
            None => false,
        }
    }

    pub(crate) fn injections(&self) -> &Injections {
        &self.0.injections
    }

    pub(crate) fn blackout_state(&self) -> &Blackout {
        &self.0.blackout
    }

    pub(crate) fn skew(&self) -> &Skew {
        &self.0.skew
    }

    /// How many `/api/v1` requests the agent has seen (injected-upon ones included; ones
    /// refused by a blackout not): lets a test assert that the panel does not poll too much,
    /// or stops polling.
    pub fn api_requests(&self) -> u64 {
        self.0.api_requests.load(Ordering::Relaxed)
    }

    pub(crate) fn count_api_request(&self) {
        self.0.api_requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn config(&self) -> &SimConfig {
        &self.0.config
    }

    pub fn now(&self) -> Instant {
        self.0.config.clock.now()
    }

    pub(crate) fn view(&self) -> View {
        View { offset: self.0.offset, skew: self.0.skew.get() }
    }

    /// Now, as obshell prints `timestamp`: Go RFC 3339 with nanoseconds, the agent's zone
    /// and its (possibly skewed) clock.
    pub(crate) fn now_text(&self) -> String {
        ObTime(self.0.skew.apply(self.now()).with_timezone(&self.0.offset)).to_go_string()
    }

    /// Process start, which gin's panic recovery prints as `timestamp`.
    pub(crate) fn started_text(&self) -> String {
        ObTime(self.started_at().with_timezone(&self.0.offset)).to_go_string()
    }

    /// Process start by the agent's (possibly skewed) clock.
    pub(crate) fn started_at(&self) -> Instant {
        self.0.skew.apply(self.0.started)
    }

    /// The agent's wall clock in unix seconds, for the auth `Ts` check: the real wall clock
    /// (clients sign with theirs, `crate::clock`) plus the skew.
    pub(crate) fn wall_unix_secs(&self) -> i64 {
        self.0.skew.apply(chrono::Utc::now()).timestamp()
    }

    pub(crate) fn logs_requests(&self) -> bool {
        self.0.config.log_requests
    }

    pub(crate) fn is_cluster_agent(&self) -> bool {
        self.0.config.identity == obshell_api::agent::CLUSTER_AGENT
    }

    pub(crate) fn private_key(&self) -> PrivateKey {
        self.0.key.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// `public_key` of `GET /api/v1/secret`.
    pub fn public_key_base64(&self) -> String {
        self.0.key.read().unwrap_or_else(|p| p.into_inner()).public_base64_pkcs1()
    }

    /// Run `f` on the cluster after replaying everything due up to now.
    pub(crate) fn with_world<R>(&self, f: impl FnOnce(&mut World, Instant) -> R) -> R {
        let now = self.now();
        let mut world = lock(&self.0.world);
        world.advance(now);
        f(&mut world, now)
    }

    /// The agent that answers: the first of the simulated cluster.
    pub(crate) fn answering_agent(&self) -> obshell_api::dag::ExecuteAgent {
        lock(&self.0.world).agents.first().cloned().unwrap_or_default()
    }

    pub(crate) fn sessions(&self) -> MutexGuard<'_, Sessions> {
        lock(&self.0.sessions)
    }

    pub(crate) fn roll_fault(&self) -> Fault {
        lock(&self.0.faults).roll(self.0.config.flaky_rate)
    }

    pub fn scenario(&self) -> Scenario {
        lock(&self.0.world).scenario
    }

    /// Switch scenario at run time (`POST /__sim/scenario`).
    pub fn set_scenario(&self, scenario: Scenario) {
        self.with_world(|world, _| world.set_scenario(scenario));
    }

    /// The start-backup requests that created a DAG, decrypted.
    pub fn started_backups(&self) -> Vec<BackupRequest> {
        lock(&self.0.world)
            .recorded
            .iter()
            .filter_map(|r| r.request.clone())
            .collect()
    }

    /// Every start-backup request body the handlers saw, accepted or not.
    pub fn recorded_backups(&self) -> Vec<RecordedBackup> {
        lock(&self.0.world).recorded.clone()
    }

    /// Every session expires now (their next use gets `SessionExpired`).
    /// A session as `POST /api/v1/login` would open it, for tests standing in for a host
    /// console that signed in on its own and hands its session to the panel.
    pub fn open_session(&self) -> String {
        let now = self.now();
        self.sessions().create(now)
    }

    pub fn expire_sessions(&self) {
        let now = self.now();
        self.sessions().expire_all(now);
    }

    /// A new RSA key, as after an agent restart: headers signed with the old one no longer
    /// decrypt.
    pub fn rotate_key(&self) -> Result<(), KeyGenError> {
        let key = PrivateKey::generate(self.0.config.key_bits, &mut rand_core::OsRng)
            .map_err(|e| KeyGenError(e.to_string()))?;
        *self.0.key.write().unwrap_or_else(|p| p.into_inner()) = key;
        Ok(())
    }

    /// A DAG as `GET /api/v1/task/dag/:id` would show it (with details).
    pub fn dag(&self, generic_id: &str) -> Option<DagDetail> {
        let view = self.view();
        self.with_world(|world, _| {
            let d = world.find_dag(generic_id).ok()?;
            world.dags.get(d).map(|dag| view.dag(dag, true))
        })
    }
}
