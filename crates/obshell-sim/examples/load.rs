//! Load figures for the sim (not a test): 50 concurrent authenticated pollers, each on its own
//! keep-alive connection, polling `GET /api/v1/task/dag/:id` with a session for a number of
//! seconds, against an in-process sim on 127.0.0.1.
//!
//! `cargo run --release -p obshell-sim --example load -- [SECONDS]` (default 30).

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use obshell_api::auth::{AesKeys, ClientHeader, PublicKey, HEADER};
use obshell_api::{DagDetail, Envelope};
use obshell_sim::SimConfig;
use rand_core::OsRng;
use std::time::{Duration, Instant};

const POLLERS: usize = 50;
const PASSWORD: &str = "load-test";

type Conn = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

async fn connect(addr: std::net::SocketAddr) -> Result<Conn, Box<dyn std::error::Error + Send + Sync>> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

fn header(key: &PublicKey, uri: &str, auth: &str, keys: Option<String>, session: Option<&str>) -> String {
    let header = ClientHeader {
        auth,
        ts: obshell_api::auth::expiry_ts(chrono::Utc::now().timestamp(), 60),
        uri,
        keys,
        session_id: session,
    };
    key.sign(&header, &mut OsRng).unwrap_or_default()
}

async fn send(conn: &mut Conn, method: &str, uri: &str, signed: Option<String>) -> Option<(u16, Bytes)> {
    let mut builder = hyper::Request::builder().method(method).uri(uri).header("host", "sim");
    if let Some(signed) = signed {
        builder = builder.header(HEADER, signed);
    }
    let request = builder.body(Empty::new()).ok()?;
    // The previous exchange may not have released the connection yet.
    conn.ready().await.ok()?;
    let response = conn.send_request(request).await.ok()?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.ok()?.to_bytes();
    Some((status, body))
}

#[derive(Default)]
struct Tally {
    requests: u64,
    errors: u64,
    malformed: u64,
    latencies_us: Vec<u64>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let seconds: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(30);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let config = SimConfig {
        root_password: PASSWORD.into(),
        speed: 10.0,
        log_requests: false,
        ..SimConfig::default()
    };
    tokio::spawn(obshell_sim::serve(listener, config));

    // Key, session and a running backup DAG to poll.
    let mut conn = connect(addr).await?;
    let (_, secret) = send(&mut conn, "GET", "/api/v1/secret", None).await.ok_or("secret")?;
    let secret: serde_json::Value = serde_json::from_slice(&secret)?;
    let key = PublicKey::from_base64_pkcs1(secret["data"]["public_key"].as_str().ok_or("key")?)?;
    let keys = AesKeys::generate(&mut OsRng);
    let login = header(&key, "/api/v1/login", PASSWORD, Some(keys.to_base64()), None);
    let (_, body) = send(&mut conn, "POST", "/api/v1/login", Some(login)).await.ok_or("login")?;
    let login: serde_json::Value = serde_json::from_slice(&body)?;
    let session = String::from_utf8(keys.decrypt(login["data"].as_str().ok_or("session")?.as_bytes())?)?;
    let start = header(&key, "/api/v1/obcluster/backup", "", None, Some(&session));
    let (_, body) = send(&mut conn, "POST", "/api/v1/obcluster/backup", Some(start)).await.ok_or("start")?;
    let started: serde_json::Value = serde_json::from_slice(&body)?;
    let uri = format!("/api/v1/task/dag/{}", started["data"]["id"].as_str().ok_or("dag id")?);

    println!("{POLLERS} pollers, {seconds} s, GET {uri} with a session");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let began = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..POLLERS {
        let (key, uri, session) = (key.clone(), uri.clone(), session.clone());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut conn = connect(addr).await.ok();
            while Instant::now() < deadline {
                let Some(open) = conn.as_mut() else {
                    tally.errors += 1;
                    conn = connect(addr).await.ok();
                    continue;
                };
                let signed = header(&key, &uri, "", None, Some(&session));
                let sent = Instant::now();
                let answer = send(open, "GET", &uri, Some(signed)).await;
                tally.latencies_us.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
                tally.requests += 1;
                match answer {
                    Some((200, body)) => match serde_json::from_slice::<Envelope<DagDetail>>(&body) {
                        Ok(envelope) if envelope.successful && envelope.data.is_some() => {}
                        _ => tally.malformed += 1,
                    },
                    Some(_) => tally.errors += 1,
                    None => {
                        tally.errors += 1;
                        conn = connect(addr).await.ok();
                    }
                }
            }
            tally
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await?;
        total.requests += tally.requests;
        total.errors += tally.errors;
        total.malformed += tally.malformed;
        total.latencies_us.extend(tally.latencies_us);
    }
    let elapsed = began.elapsed().as_secs_f64();
    total.latencies_us.sort_unstable();
    let percentile = |p: f64| {
        let index = ((total.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        total.latencies_us.get(index).copied().unwrap_or_default() as f64 / 1000.0
    };
    println!(
        "requests {}  errors {}  malformed {}  {:.0} req/s  p50 {:.2} ms  p99 {:.2} ms",
        total.requests,
        total.errors,
        total.malformed,
        total.requests as f64 / elapsed,
        percentile(0.50),
        percentile(0.99)
    );
    Ok(())
}
