//! `Sim::inject`, `Sim::blackout`, `Sim::set_clock_skew`, `Sim::api_requests` and their
//! `/__sim/` hooks, over real TCP (dropping, truncating and refusing need a connection).

mod common;

use axum::http::Method;
use common::*;
use obshell_api::auth::HEADER;
use obshell_sim::{Action, Clock, Injection};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn serve() -> (TestSim, SocketAddr) {
    let ts = healthy();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(obshell_sim::serve_router(listener, ts.router.clone()));
    (ts, addr)
}

/// Everything the server sent on a fresh connection before it closed (or an error if it
/// could not even connect/write).
async fn raw_exchange(addr: SocketAddr, head: &str, body: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!("{head}Host: sim\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    match tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await {
        Ok(Ok(_)) => Ok(answer),
        // A reset after some bytes: what came is what the client saw.
        Ok(Err(_)) if !answer.is_empty() => Ok(answer),
        Ok(Err(error)) => Err(error),
        Err(_) => Err(std::io::Error::other("timed out")),
    }
}

/// (status, headers text, body bytes) of an answer; `None` if nothing was answered.
fn parse(answer: &[u8]) -> Option<(u16, String, Vec<u8>)> {
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, head, answer[split + 4..].to_vec()))
}

async fn get(addr: SocketAddr, path: &str) -> Option<(u16, String, Vec<u8>)> {
    let answer = raw_exchange(addr, &format!("GET {path} HTTP/1.1\r\n"), "").await.ok()?;
    parse(&answer)
}

async fn hook(addr: SocketAddr, method: &str, path: &str, body: Value) -> (u16, Value) {
    let answer = raw_exchange(addr, &format!("{method} {path} HTTP/1.1\r\n"), &body.to_string()).await.unwrap();
    let (status, _, body) = parse(&answer).expect("hooks always answer");
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A signed start-backup over TCP.
async fn start_backup(ts: &TestSim, addr: SocketAddr) -> Option<(u16, String, Vec<u8>)> {
    let request = ts.signed(Method::POST, "/api/v1/obcluster/backup", Some(&json!({"mode": "full"})));
    let header = request.headers()[HEADER].to_str().unwrap().to_string();
    let body = axum::body::to_bytes(request.into_body(), usize::MAX).await.unwrap();
    let head = format!("POST /api/v1/obcluster/backup HTTP/1.1\r\n{HEADER}: {header}\r\n");
    parse(&raw_exchange(addr, &head, std::str::from_utf8(&body).unwrap()).await.ok()?)
}

fn injection(method: &'static str, path: &str, times: Option<u32>, action: Action) -> Injection {
    Injection { method, path: path.into(), times, action }
}

#[tokio::test]
async fn reply_replaces_everything_including_auth_then_runs_out() {
    let (ts, addr) = serve().await;
    let html = "<html><body>502 Bad Gateway</body></html>";
    ts.sim.inject(injection(
        "POST",
        "/api/v1/obcluster/backup",
        Some(1),
        Action::Reply { status: 502, content_type: "text/html".into(), body: html.into() },
    ));
    // No signature at all: a proxy answers before obshell could check it.
    let (status, head, body) = parse(
        &raw_exchange(addr, "POST /api/v1/obcluster/backup HTTP/1.1\r\n", "").await.unwrap(),
    )
    .unwrap();
    assert_eq!(status, 502);
    assert!(head.to_ascii_lowercase().contains("content-type: text/html"), "{head}");
    assert_eq!(body, html.as_bytes());
    assert!(ts.sim.started_backups().is_empty(), "the handler did not run");
    // Used up: the real agent answers again.
    let (status, _, _) = start_backup(&ts, addr).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(ts.sim.started_backups().len(), 1);
}

#[tokio::test]
async fn reply_works_in_process_too_with_a_prefix_and_any_method() {
    let ts = healthy();
    let newer = r#"{"successful":true,"status":200,"data":{"id":"11","state":"PAUSED","future":[1]}}"#;
    ts.sim.inject(injection(
        "*",
        "/api/v1/task/*",
        None,
        Action::Reply { status: 200, content_type: "application/json".into(), body: newer.into() },
    ));
    for path in ["/api/v1/task/dag/11", "/api/v1/task/dag/unfinish"] {
        let resp = ts.get(path).await;
        assert_eq!(resp.raw, newer.as_bytes());
    }
    assert_eq!(ts.post("/api/v1/task/dag/11", json!({"operator": "retry"})).await.raw, newer.as_bytes());
    // Other paths are untouched.
    assert_eq!(ts.get("/api/v1/info").await.status, 200);
    assert_eq!(ts.get("/api/v1/info").await.body["data"]["identity"], json!("CLUSTER AGENT"));
    ts.sim.clear_injections();
    assert_eq!(ts.get("/api/v1/task/dag/11").await.err_code(), "Task.NotFound");
}

#[tokio::test]
async fn delay_then_the_handler_runs() {
    let (ts, addr) = serve().await;
    ts.sim.inject(injection("GET", "/api/v1/time", Some(1), Action::Delay(Duration::from_millis(400))));
    let started = Instant::now();
    let (status, _, _) = get(addr, "/api/v1/time").await.unwrap();
    assert_eq!(status, 200);
    assert!(started.elapsed() >= Duration::from_millis(400), "{:?}", started.elapsed());
    let started = Instant::now();
    assert_eq!(get(addr, "/api/v1/time").await.unwrap().0, 200);
    assert!(started.elapsed() < Duration::from_millis(400), "only once");
    drop(ts);
}

#[tokio::test]
async fn drop_runs_the_handler_but_loses_the_answer() {
    let (ts, addr) = serve().await;
    ts.sim.inject(injection("POST", "/api/v1/obcluster/backup", Some(1), Action::Drop));
    assert!(start_backup(&ts, addr).await.is_none(), "no answer");
    assert_eq!(ts.sim.started_backups().len(), 1, "but the backup started");
    assert_eq!(start_backup(&ts, addr).await.unwrap().0, 200);
}

#[tokio::test]
async fn reset_runs_nothing_and_answers_nothing() {
    let (ts, addr) = serve().await;
    ts.sim.inject(injection("POST", "/api/v1/obcluster/backup", Some(2), Action::Reset));
    assert!(start_backup(&ts, addr).await.is_none());
    assert!(start_backup(&ts, addr).await.is_none());
    assert!(ts.sim.started_backups().is_empty(), "the handler never ran");
    assert_eq!(start_backup(&ts, addr).await.unwrap().0, 200);
}

#[tokio::test]
async fn truncate_sends_the_head_and_only_part_of_the_body() {
    let (ts, addr) = serve().await;
    let (_, _, whole) = get(addr, "/api/v1/info").await.unwrap();
    assert!(whole.len() > 40);
    ts.sim.inject(injection("GET", "/api/v1/info", Some(1), Action::Truncate { keep_bytes: 17 }));
    let (status, head, body) = get(addr, "/api/v1/info").await.expect("the head was sent");
    assert_eq!(status, 200);
    let length = format!("content-length: {}", whole.len());
    assert!(head.to_ascii_lowercase().contains(&length), "{head}");
    assert_eq!(body.len(), 17, "{}", String::from_utf8_lossy(&body));
    assert_eq!(body, &whole[..17]);
    // keep_bytes beyond the body: all of it, then the connection closes.
    ts.sim.inject(injection("GET", "/api/v1/info", Some(1), Action::Truncate { keep_bytes: 1 << 20 }));
    let (_, head, body) = get(addr, "/api/v1/info").await.unwrap();
    assert_eq!(body.len(), whole.len());
    assert!(head.to_ascii_lowercase().contains("connection: close"), "{head}");
}

#[tokio::test]
async fn blackout_refuses_new_and_kept_alive_connections_then_state_survives() {
    let (mut ts, addr) = serve().await;
    ts.login().await;
    let id = ts.start_backup(json!({})).await;
    // A kept-alive connection opened before the outage.
    let mut kept = tokio::net::TcpStream::connect(addr).await.unwrap();
    let one = "GET /api/v1/time HTTP/1.1\r\nHost: sim\r\n\r\n";
    kept.write_all(one.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = kept.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));

    let before = ts.sim.api_requests();
    ts.sim.blackout(Duration::from_millis(600));
    assert!(ts.sim.in_blackout());
    assert!(get(addr, "/api/v1/time").await.is_none(), "a new connection gets nothing");
    kept.write_all(one.as_bytes()).await.unwrap();
    let n = kept.read(&mut buf).await.unwrap_or(0);
    assert_eq!(n, 0, "the kept-alive connection is closed: {}", String::from_utf8_lossy(&buf[..n]));
    assert_eq!(ts.sim.api_requests(), before, "a down agent sees no requests");

    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!ts.sim.in_blackout());
    assert_eq!(get(addr, "/api/v1/time").await.unwrap().0, 200);
    // Session and DAG survived the "restart".
    assert_eq!(ts.dag(&id).await.id, id);
}

#[tokio::test]
async fn clock_skew_moves_everything_the_agent_reports_and_the_ts_check() {
    let ts = healthy();
    let real = ts.clock.now();
    let parse_time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let id = ts.start_backup(json!({})).await;
    let before = ts.dag(&id).await;

    ts.sim.set_clock_skew(chrono::Duration::minutes(-10));
    assert_eq!(ts.sim.clock_skew(), chrono::Duration::minutes(-10));
    let resp = ts.get("/api/v1/time").await;
    let reported = parse_time(resp.data());
    assert_eq!((real - reported.to_utc()).num_seconds(), 600);
    assert_eq!((real - parse_time(&resp.body["timestamp"]).to_utc()).num_seconds(), 600);
    let after = ts.dag(&id).await;
    let shift = before.start_time.unwrap().0 - after.start_time.unwrap().0;
    assert_eq!(shift.num_seconds(), 600, "DAG times follow the agent's clock");

    // 10 minutes behind: a header that expired 5 minutes ago (by real time) is still valid
    // for this agent.
    let header = json!({"Auth": PASSWORD, "Ts": (chrono::Utc::now().timestamp() - 300).to_string(), "Uri": "/api/v1/task/dag/unfinish"});
    let request = axum::http::Request::builder()
        .uri("/api/v1/task/dag/unfinish")
        .header(HEADER, ts.encrypt_header(&header))
        .body(axum::body::Body::empty())
        .unwrap();
    ts.send(request).await.ok();
    // 10 minutes ahead: a header valid for 5 more minutes has expired.
    ts.sim.set_clock_skew(chrono::Duration::minutes(10));
    let header = json!({"Auth": PASSWORD, "Ts": (chrono::Utc::now().timestamp() + 300).to_string(), "Uri": "/api/v1/task/dag/unfinish"});
    let request = axum::http::Request::builder()
        .uri("/api/v1/task/dag/unfinish")
        .header(HEADER, ts.encrypt_header(&header))
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(ts.send(request).await.err_code(), "Security.Authentication.Expired");
}

#[tokio::test]
async fn api_requests_counts_api_calls_only() {
    let ts = healthy();
    assert_eq!(ts.sim.api_requests(), 0);
    ts.get("/api/v1/info").await;
    ts.plain(Method::GET, "/api/v1/nope").await;
    ts.plain(Method::GET, "/__sim/scenario").await;
    ts.plain(Method::GET, "/index.html").await;
    assert_eq!(ts.sim.api_requests(), 2);
}

#[tokio::test]
async fn hooks_mirror_the_api() {
    let (ts, addr) = serve().await;
    let (status, body) = hook(
        addr,
        "POST",
        "/__sim/inject",
        json!({"method": "get", "path": "/api/v1/info", "times": 1,
               "action": {"type": "reply", "status": 503, "body": "{\"busy\":true}"}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, head, body) = get(addr, "/api/v1/info").await.unwrap();
    assert_eq!((status, body.as_slice()), (503, &b"{\"busy\":true}"[..]));
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"));
    assert_eq!(get(addr, "/api/v1/info").await.unwrap().0, 200);

    for action in [json!({"type": "reset"}), json!({"type": "drop"})] {
        hook(addr, "POST", "/__sim/inject", json!({"method": "GET", "path": "/api/v1/info", "action": action})).await;
        assert!(get(addr, "/api/v1/info").await.is_none());
        assert_eq!(hook(addr, "DELETE", "/__sim/inject", json!(null)).await.0, 200);
        assert_eq!(get(addr, "/api/v1/info").await.unwrap().0, 200);
    }
    hook(addr, "POST", "/__sim/inject",
        json!({"method": "GET", "path": "/api/v1/info", "times": 1, "action": {"type": "truncate", "keep_bytes": 5}})).await;
    assert_eq!(get(addr, "/api/v1/info").await.unwrap().2.len(), 5);
    hook(addr, "POST", "/__sim/inject",
        json!({"method": "GET", "path": "/api/v1/time", "times": 1, "action": {"type": "delay", "ms": 300}})).await;
    let started = Instant::now();
    assert_eq!(get(addr, "/api/v1/time").await.unwrap().0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    for bad in [
        json!({"method": "BREW", "path": "/x", "action": {"type": "reset"}}),
        json!({"method": "GET", "path": "/x", "action": {"type": "explode"}}),
        json!({"method": "GET", "path": "/x", "action": {"type": "reply", "status": 42}}),
        json!({"path": "/x", "action": {"type": "reset"}}),
    ] {
        let (status, body) = hook(addr, "POST", "/__sim/inject", bad.clone()).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body["error"].is_string());
    }

    assert_eq!(hook(addr, "POST", "/__sim/clock-skew", json!({"ms": -600_000})).await, (200, json!({"ms": -600_000})));
    assert_eq!(ts.sim.clock_skew(), chrono::Duration::minutes(-10));
    assert_eq!(hook(addr, "GET", "/__sim/clock-skew", json!(null)).await.1, json!({"ms": -600_000}));

    let (_, counted) = hook(addr, "GET", "/__sim/api-requests", json!(null)).await;
    assert_eq!(counted["api_requests"], json!(ts.sim.api_requests()));
    assert_eq!(ts.sim.api_requests(), 8, "every /api/v1 request, injected-upon ones too");

    assert_eq!(hook(addr, "POST", "/__sim/blackout", json!({"ms": 400})).await.0, 200);
    assert!(get(addr, "/api/v1/info").await.is_none());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(get(addr, "/api/v1/info").await.unwrap().0, 200);
}

#[tokio::test]
async fn hooks_are_absent_without_test_hooks() {
    let (mut config, clock) = config();
    config.test_hooks = false;
    let ts = start(config, clock);
    for path in ["/__sim/inject", "/__sim/blackout", "/__sim/clock-skew"] {
        assert_ne!(ts.plain(Method::POST, path).await.status, 200, "{path}");
    }
}
