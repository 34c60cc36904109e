//! A test client for the sim: drives the router in-process and signs requests the way
//! obshell's clients do (obshell-api's client half of auth v2).

#![allow(dead_code)] // each test binary uses a different part of it

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request};
use axum::Router;
use base64::{engine::general_purpose::STANDARD, Engine};
use obshell_api::auth::server::PrivateKey;
use obshell_api::auth::{AesKeys, ClientHeader, PublicKey, HEADER};
use obshell_api::DagDetail;
use obshell_sim::{ManualClock, Sim, SimConfig};
use rand_core::OsRng;
use serde_json::{json, Value};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower::ServiceExt;

pub const PASSWORD: &str = "root-Pw'\"\\ é";

/// One key for the whole test binary: generating one per test is slow in debug, and a
/// 512-bit key (which old obshell installs still have) keeps the RSA work per request small.
pub fn shared_key() -> PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::generate(512, &mut OsRng).expect("key")).clone()
}

pub fn config() -> (SimConfig, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let config = SimConfig {
        root_password: PASSWORD.into(),
        clock: clock.clone(),
        private_key: Some(shared_key()),
        log_requests: false,
        test_hooks: true,
        ..SimConfig::default()
    };
    (config, clock)
}

pub struct TestSim {
    pub router: Router,
    pub sim: Sim,
    pub clock: Arc<ManualClock>,
    pub key: PublicKey,
    pub password: String,
    /// Sign with this session instead of the password.
    pub session: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub raw: Bytes,
    pub body: Value,
}

impl Resp {
    pub fn err_code(&self) -> &str {
        self.body["error"]["errCode"].as_str().unwrap_or("")
    }

    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }

    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    pub fn trace_id(&self) -> &str {
        self.body["traceId"].as_str().unwrap_or("<none>")
    }

    pub fn dag(&self) -> DagDetail {
        serde_json::from_value(self.data().clone()).expect("a DAG")
    }

    /// Asserts an error envelope and returns (status, errCode, message).
    pub fn error(&self) -> (u16, String, String) {
        assert_eq!(self.body["successful"], json!(false), "{}", self.body);
        assert_eq!(self.body["status"], json!(self.status));
        (self.status, self.err_code().to_string(), self.message().to_string())
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.status, 200, "{}", self.body);
        assert_eq!(self.body["successful"], json!(true), "{}", self.body);
        self
    }
}

pub fn start(config: SimConfig, clock: Arc<ManualClock>) -> TestSim {
    let password = config.root_password.clone();
    let (router, sim) = obshell_sim::app(config);
    let key = PublicKey::from_base64_pkcs1(&sim.public_key_base64()).expect("public key");
    TestSim { router, sim, clock, key, password, session: None }
}

pub fn healthy() -> TestSim {
    let (config, clock) = config();
    start(config, clock)
}

pub fn expiry() -> String {
    obshell_api::auth::expiry_ts(chrono::Utc::now().timestamp(), 60)
}

impl TestSim {
    pub fn advance(&self, secs: f64) {
        self.clock.advance(Duration::from_secs_f64(secs));
    }

    /// Step the clock in small increments, polling so each step is observed.
    pub async fn run_for(&self, secs: f64) {
        let steps = (secs / 0.5).ceil() as usize;
        for _ in 0..steps {
            self.advance(0.5);
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Resp {
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let raw = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Resp { status, headers, raw, body }
    }

    /// The `X-OCS-Header` for any header JSON.
    pub fn encrypt_header(&self, header: &Value) -> String {
        self.key.encrypt_chunked(header.to_string().as_bytes(), &mut OsRng).expect("encrypt")
    }

    /// A request signed as the panel does: password (or session), `Ts` = now + 60, `Uri`,
    /// and `Keys` plus an AES body when there is a body.
    pub fn signed(&self, method: Method, uri: &str, body: Option<&Value>) -> Request<Body> {
        let keys = AesKeys::generate(&mut OsRng);
        let header = ClientHeader {
            auth: if self.session.is_some() { "" } else { &self.password },
            ts: expiry(),
            uri,
            keys: body.map(|_| keys.to_base64()),
            session_id: self.session.as_deref(),
        };
        let signed = self.key.sign(&header, &mut OsRng).expect("sign");
        let body = match body {
            Some(value) => Body::from(keys.encrypt(value.to_string().as_bytes())),
            None => Body::empty(),
        };
        Request::builder().method(method).uri(uri).header(HEADER, signed).body(body).expect("request")
    }

    pub async fn get(&self, uri: &str) -> Resp {
        self.send(self.signed(Method::GET, uri, None)).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Resp {
        self.send(self.signed(Method::POST, uri, Some(&body))).await
    }

    pub async fn patch(&self, uri: &str, body: Value) -> Resp {
        self.send(self.signed(Method::PATCH, uri, Some(&body))).await
    }

    pub async fn plain(&self, method: Method, uri: &str) -> Resp {
        self.send(Request::builder().method(method).uri(uri).body(Body::empty()).expect("request")).await
    }

    /// Log in and sign further requests with the session.
    pub async fn login(&mut self) -> String {
        let keys = AesKeys::generate(&mut OsRng);
        let header = ClientHeader {
            auth: &self.password,
            ts: expiry(),
            uri: "/api/v1/login",
            keys: Some(keys.to_base64()),
            session_id: None,
        };
        let signed = self.key.sign(&header, &mut OsRng).expect("sign");
        let request =
            Request::builder().method(Method::POST).uri("/api/v1/login").header(HEADER, signed).body(Body::empty());
        let resp = self.send(request.expect("request")).await;
        resp.ok();
        let encrypted = resp.data().as_str().expect("session data").to_string();
        let id = String::from_utf8(keys.decrypt(encrypted.as_bytes()).expect("decrypt")).expect("utf8");
        self.session = Some(id.clone());
        id
    }

    pub async fn start_backup(&self, body: Value) -> String {
        let resp = self.post("/api/v1/obcluster/backup", body).await;
        resp.ok();
        resp.data()["id"].as_str().expect("id").to_string()
    }

    pub async fn dag(&self, id: &str) -> DagDetail {
        let resp = self.get(&format!("/api/v1/task/dag/{id}")).await;
        resp.ok();
        resp.dag()
    }

    pub async fn operate(&self, id: &str, operator: &str) -> Resp {
        self.post(&format!("/api/v1/task/dag/{id}"), json!({ "operator": operator })).await
    }

    /// Advance in half-second steps until the DAG is finished (or `max_secs` pass).
    pub async fn run_until_finished(&self, id: &str, max_secs: f64) -> DagDetail {
        let mut waited = 0.0;
        loop {
            let dag = self.dag(id).await;
            if dag.is_finished() || waited > max_secs {
                return dag;
            }
            self.advance(0.5);
            waited += 0.5;
        }
    }
}

pub fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}
