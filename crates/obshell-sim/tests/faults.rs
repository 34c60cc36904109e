//! The sim's own fault scenarios over real TCP: flaky (500s and dropped connections) and slow.

mod common;

use common::*;
use obshell_api::auth::HEADER;
use obshell_sim::Scenario;
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn serve(scenario: Scenario) -> (TestSim, SocketAddr) {
    let (mut config, clock) = config();
    config.scenario = scenario;
    config.slow_delay = Duration::from_millis(300);
    let ts = start(config, clock);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(obshell_sim::serve_router(listener, ts.router.clone()));
    (ts, addr)
}

/// One HTTP/1.1 exchange on a fresh connection; `None` if it closed without an answer.
async fn exchange(addr: SocketAddr, head: &str, body: &str) -> Option<(u16, serde_json::Value)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("{head}Host: sim\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let json = text.split("\r\n\r\n").nth(1).and_then(|b| serde_json::from_str(b).ok()).unwrap_or_default();
    Some((status, json))
}

#[tokio::test]
async fn flaky_breaks_a_fifth_of_requests_half_500_half_dropped() {
    let (_ts, addr) = serve(Scenario::Flaky).await;
    let (mut ok, mut errors, mut dropped) = (0, 0, 0);
    for _ in 0..300 {
        match exchange(addr, "GET /api/v1/info HTTP/1.1\r\n", "").await {
            Some((200, _)) => ok += 1,
            Some((500, body)) => {
                assert_eq!(body["error"]["errCode"], json!("Common.Unexpected"));
                assert_eq!(body["status"], json!(500));
                errors += 1;
            }
            Some((status, body)) => panic!("unexpected {status}: {body}"),
            None => dropped += 1,
        }
    }
    assert_eq!(ok + errors + dropped, 300);
    assert!((20..=45).contains(&errors), "500s: {errors}");
    assert!((20..=45).contains(&dropped), "dropped: {dropped}");
    // Test hooks are never broken.
    for _ in 0..20 {
        assert_eq!(exchange(addr, "GET /__sim/scenario HTTP/1.1\r\n", "").await.unwrap().0, 200);
    }
}

#[tokio::test]
async fn a_dropped_start_may_still_have_started_a_backup() {
    let (ts, addr) = serve(Scenario::Flaky).await;
    let (mut answered, mut dropped) = (0, 0);
    for _ in 0..40 {
        let request = ts.signed(axum::http::Method::POST, "/api/v1/obcluster/backup", Some(&json!({"mode": "full"})));
        let header = request.headers()[HEADER].to_str().unwrap().to_string();
        let body = axum::body::to_bytes(request.into_body(), usize::MAX).await.unwrap();
        let head = format!("POST /api/v1/obcluster/backup HTTP/1.1\r\n{HEADER}: {header}\r\n");
        match exchange(addr, &head, &String::from_utf8_lossy(&body)).await {
            Some((200, _)) => answered += 1,
            Some(_) => {}
            None => dropped += 1,
        }
    }
    assert!(dropped > 0);
    // The handler ran before the connection was dropped: the client cannot tell.
    assert_eq!(ts.sim.started_backups().len(), answered + dropped);
}

#[tokio::test]
async fn slow_delays_api_responses_only() {
    let (_ts, addr) = serve(Scenario::Slow).await;
    let started = Instant::now();
    assert_eq!(exchange(addr, "GET /api/v1/info HTTP/1.1\r\n", "").await.unwrap().0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    let started = Instant::now();
    assert_eq!(exchange(addr, "GET /__sim/scenario HTTP/1.1\r\n", "").await.unwrap().0, 200);
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn serve_binds_and_answers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (config, _) = config();
    tokio::spawn(obshell_sim::serve(listener, config));
    let (status, body) = exchange(addr, "GET /api/v1/info HTTP/1.1\r\n", "").await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["data"]["supportedAuth"], json!(["v2"]));
    // Keep-alive: two requests on one connection.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let one = "GET /api/v1/time HTTP/1.1\r\nHost: sim\r\n\r\n";
    stream.write_all(format!("{one}{one}").as_bytes()).await.unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while seen.matches("HTTP/1.1 200").count() < 2 {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await.unwrap().unwrap();
        assert!(n > 0, "connection closed early: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[tokio::test]
async fn drop_next_loses_exactly_one_answer_after_the_handler_ran() {
    let (ts, addr) = serve(Scenario::Healthy).await;
    ts.sim.drop_next_response("POST /api/v1/obcluster/backup");
    let send = || async {
        let request = ts.signed(axum::http::Method::POST, "/api/v1/obcluster/backup", Some(&json!({"mode": "full"})));
        let header = request.headers()[HEADER].to_str().unwrap().to_string();
        let body = axum::body::to_bytes(request.into_body(), usize::MAX).await.unwrap();
        let head = format!("POST /api/v1/obcluster/backup HTTP/1.1\r\n{HEADER}: {header}\r\n");
        exchange(addr, &head, std::str::from_utf8(&body).unwrap()).await
    };
    // Other routes are untouched by the mark.
    assert_eq!(exchange(addr, "GET /api/v1/info HTTP/1.1\r\n", "").await.unwrap().0, 200);
    assert!(send().await.is_none(), "the first start loses its answer");
    assert_eq!(ts.sim.started_backups().len(), 1, "but the backup did start");
    assert_eq!(send().await.unwrap().0, 200, "only one answer is dropped");
    assert_eq!(ts.sim.started_backups().len(), 2);
}
