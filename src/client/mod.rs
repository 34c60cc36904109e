//! The only code that talks to obshell: signs each request (RSA header, AES body), sends it
//! through [`transport`], decodes the envelope through [`decode`]. It never renders; views call
//! its methods and show the typed results.
//!
//! Nothing here retries a request that might have changed something, with one exception that
//! is provably safe: a header obshell could not decrypt (old code 1, e.g. the agent restarted
//! with a new key) was refused before any handler ran, so it is re-sent once with a fresh key.

pub mod decode;
pub mod error;
pub mod transport;

pub use error::{ApiFailure, ClientError, NextStep};

use gloo_net::http::Method;
use obshell_api::{
    auth::{self, AesKeys, ClientHeader, PublicKey},
    routes, AgentInfo, ArchiveLogAction, ArchiveLogTask, BackupRequest, Contents, DagDetail, DagOperator, SecretInfo,
    SubTaskLog, TenantOverview,
};
use rand_core::{OsRng, RngCore};
use serde::{de::DeserializeOwned, Serialize};
use std::sync::{Arc, Mutex, MutexGuard};
use transport::{Outgoing, TransportError};

/// How long a signed header stays valid (obshell checks `Ts >= now` on arrival).
const HEADER_LIFETIME_SECS: i64 = 600;

/// The browser-side obshell client. Cheap to clone; shared through a Leptos context.
#[derive(Clone)]
pub struct ObshellClient(Arc<Inner>);

struct Inner {
    /// The prefix the browser calls (e.g. `/obshell`); the proxy strips it, so it is never
    /// part of the signed `Uri`.
    api_base: String,
    timeout_ms: u32,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    key: Option<PublicKey>,
    /// Agent clock minus browser clock, from `GET /api/v1/time`.
    clock_offset_ms: i64,
    session_id: Option<String>,
    /// Sent as a single tag so obshell localises its messages (a list would be ignored).
    accept_language: &'static str,
    on_session_lost: Option<Arc<dyn Fn() + Send + Sync>>,
}

/// Who signs a request.
enum Signer<'a> {
    None,
    Password(&'a str),
    Session,
}

impl ObshellClient {
    pub fn new(api_base: &str, timeout_ms: u32) -> Self {
        ObshellClient(Arc::new(Inner {
            api_base: api_base.trim_end_matches('/').to_string(),
            timeout_ms,
            state: Mutex::new(State { accept_language: "en-US", ..State::default() }),
        }))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // wasm is single-threaded and the panel aborts on panic, so the lock is never poisoned
        // or contended; recover the data anyway rather than unwrap.
        self.0.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn set_language_tag(&self, tag: &'static str) {
        self.state().accept_language = tag;
    }

    /// Called when obshell says the session is invalid or expired.
    pub fn on_session_lost(&self, callback: impl Fn() + Send + Sync + 'static) {
        self.state().on_session_lost = Some(Arc::new(callback));
    }

    /// Agent clock minus browser clock, in ms (positive: the browser is behind).
    pub fn clock_offset_ms(&self) -> i64 {
        self.state().clock_offset_ms
    }

    /// "Now" on the agent's clock, for durations of running steps.
    pub fn agent_now_ms(&self) -> i64 {
        js_sys::Date::now() as i64 + self.clock_offset_ms()
    }

    /// Check the agent can serve this panel, measure the clock offset and fetch its key.
    pub async fn connect(&self) -> Result<AgentInfo, ClientError> {
        let info: AgentInfo = self.get_data(routes::INFO, Signer::None).await?;
        info.check_compatible().map_err(ClientError::Incompatible)?;
        self.measure_clock().await?;
        self.fetch_key().await?;
        Ok(info)
    }

    async fn measure_clock(&self) -> Result<(), ClientError> {
        let sent = js_sys::Date::now();
        let text: String = self.get_data(routes::TIME, Signer::None).await?;
        let received = js_sys::Date::now();
        let agent = obshell_api::ObTime::parse(&text)
            .ok_or_else(|| ClientError::Malformed { status: 200, detail: format!("agent time {text:?}") })?;
        // The agent read its clock somewhere between send and receive: assume the middle.
        self.state().clock_offset_ms = agent.unix_millis() - ((sent + received) / 2.0) as i64;
        Ok(())
    }

    async fn fetch_key(&self) -> Result<(), ClientError> {
        // Unsigned and straight through send_once: the key retry in `exchange` relies on this.
        let raw = self.send_once(Method::GET, routes::SECRET, None, &Signer::None, None).await?;
        let secret: SecretInfo = decode::data(raw.reply()?)?;
        let key = PublicKey::from_base64_pkcs1(&secret.public_key).map_err(|e| ClientError::BadKey(e.to_string()))?;
        self.state().key = Some(key);
        Ok(())
    }

    /// Sign in with the root@sys password and keep only the session id, in memory.
    pub async fn login(&self, password: &str) -> Result<(), ClientError> {
        let keys = AesKeys::generate(&mut OsRng);
        let raw = self.exchange(Method::POST, routes::LOGIN, None, &Signer::Password(password), Some(&keys)).await?;
        let status = raw.status;
        let sealed: String = decode::data(raw.reply()?)?;
        let session = keys
            .decrypt(sealed.as_bytes())
            .ok()
            .and_then(|plain| String::from_utf8(plain).ok())
            .filter(|id| !id.is_empty() && id.len() <= 256)
            .ok_or_else(|| ClientError::Malformed { status, detail: "the session id could not be decrypted".into() })?;
        self.state().session_id = Some(session);
        Ok(())
    }

    /// Use a session another page opened (a host console handing its session over), after
    /// [`Self::connect`]. Kept in memory only, like one from [`Self::login`].
    pub fn adopt_session(&self, id: String) {
        self.state().session_id = Some(id);
    }

    /// End the session on the agent (best effort) and forget it here.
    pub async fn logout(&self) {
        let session = self.state().session_id.clone();
        if let Some(id) = session {
            let body = obshell_api::auth::LogoutParam { session_id: Some(id) };
            let _ = self.send(Method::POST, routes::LOGOUT, Some(&body)).await;
        }
        self.state().session_id = None;
    }

    /// `POST /api/v1/obcluster/backup`. Never retried: on [`ClientError::outcome_unknown`]
    /// the caller must ask obshell what is running before offering to start again.
    pub async fn start_backup(&self, request: &BackupRequest) -> Result<DagDetail, ClientError> {
        self.call(Method::POST, routes::CLUSTER_BACKUP, Some(request)).await
    }

    /// `POST /api/v1/tenant/:name/backup`: one tenant only, same body and same rule as
    /// [`Self::start_backup`] (never retried).
    pub async fn start_tenant_backup(&self, tenant: &str, request: &BackupRequest) -> Result<DagDetail, ClientError> {
        let path = routes::tenant_backup(tenant);
        self.call(Method::POST, &path, Some(request)).await
    }

    /// Cancel the backup jobs running in OceanBase (`ALTER SYSTEM CANCEL BACKUP`): of every
    /// user tenant (`PATCH /obcluster/backup`) or of one (`PATCH /tenant/:name/backup`).
    /// This is not cancelling the DAG, which only stops obshell from following the jobs.
    pub async fn cancel_backup_jobs(&self, tenant: Option<&str>) -> Result<(), ClientError> {
        let path = tenant.map_or_else(|| routes::CLUSTER_BACKUP.to_string(), routes::tenant_backup);
        let body = obshell_api::backup::BackupStatusParam { status: Some("canceled".into()) };
        self.send(Method::PATCH, &path, Some(&body)).await
    }

    /// Start, suspend or stop archive log for every user tenant or for one.
    pub async fn set_archive_log(&self, tenant: Option<&str>, action: ArchiveLogAction) -> Result<(), ClientError> {
        let path = tenant.map_or_else(|| routes::CLUSTER_BACKUP_LOG.to_string(), routes::tenant_archive_log);
        let body = obshell_api::backup::ArchiveLogStatusParam { status: Some(action.wire().into()) };
        self.send(Method::PATCH, &path, Some(&body)).await
    }

    /// Every tenant of the cluster, `sys` included (`GET /api/v1/tenants/overview`).
    pub async fn tenants(&self) -> Result<Vec<TenantOverview>, ClientError> {
        let list: Contents<TenantOverview> = self.get_data(routes::TENANTS_OVERVIEW, Signer::Session).await?;
        Ok(list.contents)
    }

    /// A tenant's archive log rounds (`GET /api/v1/tenant/:name/backup/log/tasks`).
    pub async fn archive_log_tasks(&self, tenant: &str) -> Result<Vec<ArchiveLogTask>, ClientError> {
        let list: Contents<ArchiveLogTask> = self.get_data(&routes::tenant_archive_log_tasks(tenant), Signer::Session).await?;
        Ok(list.contents)
    }

    /// Whether OceanBase has a completed backup of `tenant` in its current data destination for
    /// an incremental one to build on: the destination from
    /// `GET /api/v1/tenant/:name/backup/config/storage`, the completed jobs from
    /// `GET /api/v1/tenant/:name/backup/tasks` (with their count).
    pub async fn incremental_base(&self, tenant: &str) -> Result<obshell_api::backup::IncrementalBase, ClientError> {
        // An obshell without the storage route (older ones), or one that cannot show the URI
        // without a key, leaves the destination unknown: then any completed job counts, and
        // one is enough to tell.
        let destination = match self.backup_storage(tenant).await {
            Ok(info) => info.map(|i| i.data_base_uri).filter(|uri| !uri.is_empty()),
            Err(e) if e.is_session_lost() => return Err(e),
            Err(_) => None,
        };
        // With it known, the newest completed jobs are looked through for one written there.
        let size = if destination.is_some() { obshell_api::backup::JOB_PAGE_SIZE } else { 1 };
        let page: obshell_api::backup::JobOutcomePage =
            self.get_data(&routes::tenant_completed_backup_jobs(tenant, size), Signer::Session).await?;
        Ok(page.incremental_base(destination.as_deref()))
    }

    /// The tenant's newest completed backup job, if any: the newest backup set it can be
    /// restored from (`GET /api/v1/tenant/:name/backup/tasks?status=COMPLETED&size=1`).
    pub async fn last_completed_backup(&self, tenant: &str) -> Result<Option<obshell_api::backup::JobOutcome>, ClientError> {
        let page: obshell_api::backup::JobOutcomePage =
            self.get_data(&routes::tenant_completed_backup_jobs(tenant, 1), Signer::Session).await?;
        Ok(page.contents.into_iter().find(obshell_api::backup::JobOutcome::is_completed))
    }

    /// The tenant's current archive and data destinations, keys left out
    /// (`GET /api/v1/tenant/:name/backup/config/storage`); `None` when obshell will not show
    /// them (a URI that would still show a key).
    pub async fn backup_storage(&self, tenant: &str) -> Result<Option<obshell_api::backup::BackupDestInfo>, ClientError> {
        self.get_optional_data(&routes::tenant_backup_storage(tenant)).await
    }

    /// The tenant's newest `size` backup jobs as OceanBase records them, running ones included
    /// (`GET /api/v1/tenant/:name/backup/tasks`).
    pub async fn backup_jobs(&self, tenant: &str, size: u32) -> Result<Vec<obshell_api::backup::JobOutcome>, ClientError> {
        let page: obshell_api::backup::JobOutcomePage =
            self.get_data(&routes::tenant_backup_jobs(tenant, size), Signer::Session).await?;
        Ok(page.contents)
    }

    /// `POST /api/v1/obcluster/backup/config`: set the backup destination; obshell answers
    /// with the "Set obcluster backup config" DAG.
    pub async fn configure_backup(&self, param: &obshell_api::backup::ClusterBackupConfigParam) -> Result<DagDetail, ClientError> {
        self.call(Method::POST, routes::CLUSTER_BACKUP_CONFIG, Some(param)).await
    }

    /// Each user tenant's running (or last) backup job. obshell answers 404 `Common.NotFound`
    /// when no tenant has any; that is an empty list here.
    pub async fn backup_overview(&self) -> Result<Vec<obshell_api::backup::CdbObBackupTask>, ClientError> {
        match self.get_data::<obshell_api::backup::ClusterBackupOverview>(routes::CLUSTER_BACKUP_OVERVIEW, Signer::Session).await {
            Ok(overview) => Ok(overview.statuses),
            Err(ClientError::Api(f)) if f.status == 404 && f.err_code == "Common.NotFound" => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// One tenant's running (or last) backup job (`GET /api/v1/tenant/:name/backup/overview`);
    /// none yet (404) is an empty list, as for the cluster.
    pub async fn tenant_backup_overview(&self, tenant: &str) -> Result<Vec<obshell_api::backup::CdbObBackupTask>, ClientError> {
        let path = routes::tenant_backup_overview(tenant);
        match self.get_data::<obshell_api::backup::TenantBackupOverview>(&path, Signer::Session).await {
            Ok(overview) => Ok(vec![overview.status]),
            Err(ClientError::Api(f)) if f.status == 404 => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// `GET /api/v1/task/dag/:id` with details (obshell's default).
    pub async fn dag(&self, id: &str) -> Result<DagDetail, ClientError> {
        self.get_data(&routes::dag(id), Signer::Session).await
    }

    /// Unfinished DAGs of the cluster and its agents.
    pub async fn unfinished_dags(&self) -> Result<Vec<DagDetail>, ClientError> {
        let list: Contents<DagDetail> = self.get_data(routes::UNFINISHED_DAGS, Signer::Session).await?;
        Ok(list.contents)
    }

    /// Every cluster DAG, finished or not (`GET /api/v1/task/dags/ob`).
    pub async fn cluster_dags(&self) -> Result<Vec<DagDetail>, ClientError> {
        let list: Contents<DagDetail> = self.get_data(routes::CLUSTER_DAGS, Signer::Session).await?;
        Ok(list.contents)
    }

    pub async fn operate_dag(&self, id: &str, op: DagOperator) -> Result<(), ClientError> {
        let body = obshell_api::dag::OperatorBody::new(op);
        self.send(Method::POST, &routes::dag(id), Some(&body)).await
    }

    /// Node-level pass: mark a failed stage succeeded and let the DAG continue.
    pub async fn pass_node(&self, node_id: &str) -> Result<(), ClientError> {
        let body = obshell_api::dag::OperatorBody::new(DagOperator::Pass);
        self.send(Method::POST, &routes::node(node_id), Some(&body)).await
    }

    /// Every log line of a sub-task, across all its executions.
    pub async fn sub_task_logs(&self, id: &str) -> Result<Vec<SubTaskLog>, ClientError> {
        let list: Contents<SubTaskLog> = self.get_data(&routes::sub_task_logs(id), Signer::Session).await?;
        Ok(list.contents)
    }

    async fn get_data<T: DeserializeOwned>(&self, path: &str, signer: Signer<'_>) -> Result<T, ClientError> {
        let raw = self.exchange(Method::GET, path, None, &signer, None).await?;
        decode::data(raw.reply()?)
    }

    /// A GET signed with the session whose answer may carry no data.
    async fn get_optional_data<T: DeserializeOwned>(&self, path: &str) -> Result<Option<T>, ClientError> {
        let raw = self.exchange(Method::GET, path, None, &Signer::Session, None).await?;
        decode::optional_data(raw.reply()?)
    }

    /// A call signed with the session that answers with data of type `T`. Generic only in the
    /// types: signing, transport and the envelope check are in [`Self::exchange`] and
    /// [`decode::reply`], so they exist once in the bundle, not once per type.
    async fn call<T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<&impl Serialize>) -> Result<T, ClientError> {
        let raw = self.exchange(method, path, to_json(body)?.as_deref(), &Signer::Session, None).await?;
        decode::data(raw.reply()?)
    }

    /// A call signed with the session whose answer carries nothing the panel needs beyond
    /// success.
    async fn send(&self, method: Method, path: &str, body: Option<&impl Serialize>) -> Result<(), ClientError> {
        let raw = self.exchange(method, path, to_json(body)?.as_deref(), &Signer::Session, None).await?;
        raw.reply().map(drop)
    }

    /// Send, re-sending once only if obshell could not decrypt the header (it was refused
    /// before any handler ran), and report a lost session.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        json: Option<&[u8]>,
        signer: &Signer<'_>,
        login_keys: Option<&AesKeys>,
    ) -> Result<transport::RawResponse, ClientError> {
        let mut raw = self.send_once(method.clone(), path, json, signer, login_keys).await?;
        let mut refusal = auth_refusal(&raw);
        let key_rejected = refusal.as_ref().is_some_and(|e| matches!(e, ClientError::Api(f)
            if f.old_code == Some(1) || f.err_code == "Security.Authentication.Header.DecryptFailed"));
        if key_rejected && !matches!(signer, Signer::None) {
            self.fetch_key().await?;
            raw = self.send_once(method, path, json, signer, login_keys).await?;
            refusal = auth_refusal(&raw);
        }
        if matches!(signer, Signer::Session) && refusal.is_some_and(|e| e.is_session_lost()) {
            self.session_lost();
        }
        Ok(raw)
    }

    fn session_lost(&self) {
        let callback = {
            let mut state = self.state();
            state.session_id = None;
            state.on_session_lost.clone()
        };
        if let Some(callback) = callback {
            callback();
        }
    }

    async fn send_once(
        &self,
        method: Method,
        path: &str,
        json: Option<&[u8]>,
        signer: &Signer<'_>,
        login_keys: Option<&AesKeys>,
    ) -> Result<transport::RawResponse, ClientError> {
        let mut headers = vec![
            (auth::TRACE_HEADER, trace_id()),
            ("Accept-Language", self.state().accept_language.to_string()),
        ];
        let signing_started = crate::perf::now();
        let keys = match (json.is_some(), login_keys) {
            (_, Some(keys)) => Some(keys.clone()),
            (true, None) => Some(AesKeys::generate(&mut OsRng)),
            (false, None) => None,
        };
        let sealed_body = match (json, &keys) {
            (Some(json), Some(keys)) => {
                headers.push(("Content-Type", "application/json".into()));
                Some(keys.encrypt(json))
            }
            _ => None,
        };
        if !matches!(signer, Signer::None) {
            headers.push((auth::HEADER, self.sign(path, signer, keys.as_ref())?));
        }
        crate::perf::measure("obp:sign", signing_started);
        let url = format!("{}{}", self.0.api_base, path);
        transport::send(Outgoing { method, url: &url, headers, body: sealed_body, timeout_ms: self.0.timeout_ms })
            .await
            .map_err(|e| match e {
                TransportError::Network(detail) => ClientError::Network { detail },
                TransportError::Timeout => ClientError::Timeout { after_ms: self.0.timeout_ms },
                TransportError::TooLarge(bytes) => ClientError::TooLarge { bytes },
            })
    }

    fn sign(&self, path: &str, signer: &Signer<'_>, keys: Option<&AesKeys>) -> Result<String, ClientError> {
        let state = self.state();
        let key = state.key.as_ref().ok_or(ClientError::BadKey("the agent's key was not loaded".into()))?;
        let session_id = match signer {
            Signer::Session => Some(state.session_id.as_deref().ok_or(ClientError::NotSignedIn)?),
            _ => None,
        };
        let now_secs = (js_sys::Date::now() as i64 + state.clock_offset_ms) / 1000;
        let header = ClientHeader {
            auth: match signer {
                Signer::Password(pw) => pw,
                _ => "",
            },
            ts: auth::expiry_ts(now_secs, HEADER_LIFETIME_SECS),
            uri: path,
            keys: keys.map(AesKeys::to_base64),
            session_id,
        };
        key.sign(&header, &mut OsRng).map_err(|e| ClientError::BadKey(e.to_string()))
    }
}

/// obshell's reason for a 401, if the answer is one.
fn auth_refusal(raw: &transport::RawResponse) -> Option<ClientError> {
    if raw.status != 401 {
        return None;
    }
    raw.reply().err()
}

fn to_json(body: Option<&impl Serialize>) -> Result<Option<Vec<u8>>, ClientError> {
    body.map(|body| serde_json::to_vec(body).map_err(|e| ClientError::Malformed { status: 0, detail: e.to_string() }))
        .transpose()
}

/// 16 hex characters, the shape obshell uses; sent so the id is known even when a proxy, not
/// obshell, answers.
fn trace_id() -> String {
    let mut bytes = [0u8; 8];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
