//! Public routes, the envelope, gin's 404s (no CORS ever), and the panel's static files.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use obshell_api::ObTime;
use serde_json::json;

#[tokio::test]
async fn public_routes() {
    let ts = healthy();
    let resp = ts.plain(Method::GET, "/api/v1/secret").await;
    resp.ok();
    assert_eq!(resp.data()["ip"], json!("10.0.0.1"));
    assert_eq!(resp.data()["port"], json!(2886));
    assert!(obshell_api::auth::PublicKey::from_base64_pkcs1(resp.data()["public_key"].as_str().unwrap()).is_ok());

    let resp = ts.plain(Method::GET, "/api/v1/info").await;
    resp.ok();
    let info: obshell_api::AgentInfo = serde_json::from_value(resp.data().clone()).unwrap();
    assert_eq!(info.identity, "CLUSTER AGENT");
    assert_eq!(info.supported_auth, ["v2"]);
    assert!(info.version.starts_with("4.5.0.0"));
    assert!(!info.security);
    assert_eq!(info.check_compatible(), Ok(()));
    let keys: Vec<&String> = resp.data().as_object().unwrap().keys().collect();
    assert!(keys.iter().any(|k| *k == "startAt") && keys.iter().any(|k| *k == "isObproxyAgent"));

    for method in [Method::GET, Method::POST] {
        let resp = ts.plain(method, "/api/v1/status").await;
        resp.ok();
        assert_eq!(resp.data()["agent"]["identity"], json!("CLUSTER AGENT"));
        assert_eq!(resp.data()["state"], json!(2));
        assert_eq!(resp.data()["obState"], json!(3));
    }

    let resp = ts.plain(Method::GET, "/api/v1/time").await;
    resp.ok();
    let time = ObTime::parse(resp.data().as_str().unwrap()).unwrap();
    assert_eq!(time.offset().local_minus_utc(), 8 * 3600);
}

/// The envelope's top-level keys in the order they were written.
fn keys_in_order(resp: &Resp) -> Vec<String> {
    let text = String::from_utf8_lossy(&resp.raw);
    let mut keys: Vec<(usize, String)> = resp
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone()))
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

#[tokio::test]
async fn envelope_shape() {
    let ts = healthy();
    let resp = ts.plain(Method::GET, "/api/v1/info").await;
    assert_eq!(keys_in_order(&resp), ["successful", "timestamp", "duration", "status", "traceId", "data"]);
    assert_eq!(resp.headers["content-type"], "application/json");
    let stamp = resp.body["timestamp"].as_str().unwrap();
    assert!(stamp.ends_with("+08:00"), "{stamp}");
    assert!(ObTime::parse(stamp).is_some());
    // A PATCH success has no data key; an error has no data key and an error object.
    let resp = ts.patch("/api/v1/obcluster/backup", json!({})).await;
    assert_eq!(keys_in_order(&resp), ["successful", "timestamp", "duration", "status", "traceId"]);
    let resp = ts.get("/api/v1/task/dag/x").await;
    assert_eq!(keys_in_order(&resp), ["successful", "timestamp", "duration", "status", "traceId", "error"]);
    assert_eq!(resp.headers["content-type"], "application/json");
}

#[tokio::test]
async fn unknown_paths_wrong_methods_and_options_are_404_without_cors() {
    let ts = healthy();
    for (method, path) in [
        (Method::GET, "/api/v1/nope"),
        (Method::GET, "/api/v1/obcluster/backup"),
        (Method::DELETE, "/api/v1/task/dag/11"),
        (Method::PUT, "/api/v1/login"),
        (Method::OPTIONS, "/api/v1/obcluster/backup"),
        (Method::OPTIONS, "/api/v1/info"),
        (Method::OPTIONS, "/"),
        (Method::HEAD, "/api/v1/info"),
        (Method::GET, "/rpc/v1/agent"),
        (Method::GET, "/"),
    ] {
        let resp = ts.plain(method.clone(), path).await;
        assert_eq!(resp.status, 404, "{method} {path}");
        if method != Method::HEAD {
            assert_eq!(
                resp.error(),
                (404, "Common.NotFound".into(), "Element not found: 404 not found".into()),
                "{method} {path}"
            );
        }
        assert!(
            !resp.headers.keys().any(|k| k.as_str().starts_with("access-control-")),
            "{method} {path}: {:?}",
            resp.headers
        );
    }
    // With a CORS preflight's headers too.
    let req = axum::http::Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/obcluster/backup")
        .header("origin", "http://elsewhere.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "x-ocs-header")
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = ts.send(req).await;
    assert_eq!(resp.status, 404);
    assert!(!resp.headers.keys().any(|k| k.as_str().starts_with("access-control-")));
}

#[tokio::test]
async fn hooks_are_off_unless_asked() {
    let (mut config, clock) = config();
    config.test_hooks = false;
    let ts = start(config, clock);
    assert_eq!(ts.plain(Method::GET, "/__sim/backups").await.status, 404);
    assert_eq!(ts.plain(Method::POST, "/__sim/sessions/expire").await.status, 404);
}

#[tokio::test]
async fn static_files_with_spa_fallback() {
    let dir = std::env::temp_dir().join(format!("obshell-sim-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>panel</title>").unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("assets/app.css"), "body{}").unwrap();
    std::fs::write(dir.join("assets/app.wasm"), b"\0asm").unwrap();
    std::fs::write(dir.join("config.json"), "{}").unwrap();
    let (mut config, clock) = config();
    config.static_dir = Some(dir.clone());
    let ts = start(config, clock);
    let csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'self'";

    for path in ["/", "/dag/11", "/login", "/deep/link/x"] {
        let resp = ts.plain(Method::GET, path).await;
        assert_eq!(resp.status, 200, "{path}");
        assert!(String::from_utf8_lossy(&resp.raw).contains("<title>panel</title>"), "{path}");
        assert_eq!(resp.headers["content-security-policy"], csp);
        assert_eq!(resp.headers["cache-control"], "no-cache");
    }
    let resp = ts.plain(Method::GET, "/assets/app.js").await;
    assert_eq!(resp.raw, "console.log(1)");
    assert_eq!(resp.headers["content-security-policy"], csp);
    assert!(resp.headers.get("cache-control").is_none());
    let resp = ts.plain(Method::GET, "/assets/app.css").await;
    assert_eq!(resp.headers["content-security-policy"], csp);
    let resp = ts.plain(Method::GET, "/assets/app.wasm").await;
    assert_eq!(resp.headers["content-type"], "application/wasm");
    assert_eq!(resp.raw, &b"\0asm"[..]);
    // A release build's pre-compressed copy is sent to a browser that accepts it, as the
    // original file's type; caches are told the answer varies.
    std::fs::write(dir.join("assets/app.wasm.br"), "brotli bytes").unwrap();
    let accepts_br = Request::builder().uri("/assets/app.wasm").header("accept-encoding", "gzip, br").body(Body::empty()).unwrap();
    let resp = ts.send(accepts_br).await;
    assert_eq!(resp.raw, "brotli bytes");
    assert_eq!(resp.headers["content-encoding"], "br");
    assert_eq!(resp.headers["content-type"], "application/wasm");
    assert_eq!(resp.headers["vary"], "accept-encoding");
    let resp = ts.plain(Method::GET, "/assets/app.wasm").await;
    assert_eq!(resp.raw, &b"\0asm"[..]);
    assert!(resp.headers.get("content-encoding").is_none());
    assert_eq!(resp.headers["vary"], "accept-encoding");
    let resp = ts.plain(Method::GET, "/config.json").await;
    assert_eq!(resp.headers["cache-control"], "no-cache");
    // API paths never fall back to the panel.
    assert_eq!(ts.plain(Method::GET, "/api/v1/nope").await.err_code(), "Common.NotFound");
    assert_eq!(ts.plain(Method::OPTIONS, "/login").await.status, 404);
    assert_eq!(ts.plain(Method::POST, "/login").await.status, 404);
    std::fs::remove_dir_all(&dir).ok();
}
