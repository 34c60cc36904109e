//! Auth v2 on the protected routes: every failure, in obshell's order (reference §5).

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use obshell_api::auth::{AesKeys, HEADER, TRACE_HEADER};
use rand_core::OsRng;
use serde_json::{json, Value};

const DAGS: &str = "/api/v1/task/dags/ob";

fn with_header(method: Method, uri: &str, header: String, body: Body) -> Request<Body> {
    Request::builder().method(method).uri(uri).header(HEADER, header).body(body).unwrap()
}

fn header(auth: &str, ts: &str, uri: &str) -> Value {
    json!({"Auth": auth, "Ts": ts, "Uri": uri})
}

#[tokio::test]
async fn missing_header_is_400_not_401() {
    let ts = healthy();
    let resp = ts.plain(Method::GET, DAGS).await;
    assert_eq!(
        resp.error(),
        (
            400,
            "Request.Header.NotFound".into(),
            "X-OCS-Agent-Header or X-OCS-Header not found in http request header".into()
        )
    );
    assert!(resp.body["error"].get("code").is_none(), "no old code: {}", resp.body);
    assert_eq!(resp.trace_id().len(), 16);
}

#[tokio::test]
async fn undecryptable_header_is_401_code_1_without_trace_id() {
    let ts = healthy();
    for garbage in ["not base64!", "AAAA", &b64(&[7u8; 64])] {
        let resp = ts.send(with_header(Method::GET, DAGS, garbage.to_string(), Body::empty())).await;
        let (status, code, message) = resp.error();
        assert_eq!((status, code.as_str()), (401, "Security.Authentication.Header.DecryptFailed"));
        assert!(message.starts_with("Decrypt http header failed: "), "{message}");
        assert_eq!(resp.body["error"]["code"], json!(1));
        assert_eq!(resp.trace_id(), "", "decrypt failures precede the trace id");
        assert_eq!(resp.headers["content-type"], "application/json; charset=utf-8");
    }
    // A header that decrypts to something that is not JSON.
    let not_json = ts.key.encrypt_chunked(b"hello", &mut OsRng).unwrap();
    let resp = ts.send(with_header(Method::GET, DAGS, not_json, Body::empty())).await;
    assert_eq!(resp.error().1, "Security.Authentication.Header.DecryptFailed");
    // Even a public route decrypts a header it is sent.
    let resp = ts.send(with_header(Method::GET, "/api/v1/info", "garbage".into(), Body::empty())).await;
    assert_eq!(resp.status, 401);
}

#[tokio::test]
async fn verify_failures_and_their_order() {
    let ts = healthy();
    let exp = expiry();
    let cases = [
        // Uri must be the raw request-target, query included.
        (header(PASSWORD, &exp, "/api/v1/task/dags/ob?x=1"), "Security.Authentication.Header.UriMismatch", "URI mismatch"),
        // A Uri mismatch beats a wrong password.
        (header("wrong", &exp, "/api/v1/task/dags"), "Security.Authentication.Header.UriMismatch", "URI mismatch"),
        (header(PASSWORD, "1000", DAGS), "Security.Authentication.Expired", "Unauthorized: Authentication expired"),
        // Expiry is checked before the password.
        (header("wrong", "1000", DAGS), "Security.Authentication.Expired", "Unauthorized: Authentication expired"),
        (
            header(PASSWORD, "soon", DAGS),
            "Security.Authentication.Timestamp.Invalid",
            "Unauthorized: Invalid timestamp: soon, err: strconv.ParseInt: parsing \"soon\": invalid digit found in string",
        ),
        (header("wrong", &exp, DAGS), "Security.Authentication.IncorrectOceanbasePassword", "Unauthorized: OceanBase password is incorrect"),
        (header("", &exp, DAGS), "Security.Authentication.IncorrectOceanbasePassword", "Unauthorized: OceanBase password is incorrect"),
    ];
    for (value, code, message) in cases {
        let resp = ts.send(with_header(Method::GET, DAGS, ts.encrypt_header(&value), Body::empty())).await;
        assert_eq!(resp.error(), (401, code.into(), message.into()), "{value}");
        assert_eq!(resp.body["error"]["code"], json!(10008));
        assert_eq!(resp.trace_id().len(), 16);
    }
    // Ts is a string; a number does not decode.
    let number = json!({"Auth": PASSWORD, "Ts": 1, "Uri": DAGS});
    let resp = ts.send(with_header(Method::GET, DAGS, ts.encrypt_header(&number), Body::empty())).await;
    assert_eq!(resp.error().1, "Security.Authentication.Header.DecryptFailed");
    // The right one passes.
    ts.send(with_header(Method::GET, DAGS, ts.encrypt_header(&header(PASSWORD, &exp, DAGS)), Body::empty()))
        .await
        .ok();
}

#[tokio::test]
async fn body_failures_are_500_and_precede_auth() {
    let ts = healthy();
    let uri = "/api/v1/obcluster/backup";
    let keys = AesKeys::generate(&mut OsRng);
    let signed = |auth: &str, keys: Option<String>| {
        let mut value = header(auth, &expiry(), uri);
        if let Some(keys) = keys {
            value["Keys"] = json!(keys);
        }
        ts.encrypt_header(&value)
    };
    // A plain JSON body, even with a wrong password: obshell panics in the unpadding.
    for auth in [PASSWORD, "wrong"] {
        let req = with_header(Method::POST, uri, signed(auth, Some(keys.to_base64())), Body::from(r#"{"mode":"full"}"#));
        let resp = ts.send(req).await;
        assert_eq!(
            resp.error(),
            (500, "Common.Unexpected".into(), "Unexpected error: Internal Server Error".into())
        );
        assert_eq!(resp.trace_id(), "");
        assert_eq!(resp.body["duration"], json!(0));
        let req = with_header(Method::POST, uri, signed(auth, Some(keys.to_base64())), Body::from("{}"));
        assert_eq!(ts.send(req).await.status, 500, "even a literal {{}}");
    }
    // Keys missing or short.
    for keys in [None, Some(b64(&[1u8; 8]))] {
        let body = Body::from(AesKeys::generate(&mut OsRng).encrypt(b"{}"));
        let resp = ts.send(with_header(Method::POST, uri, signed("wrong", keys), body)).await;
        assert_eq!(
            resp.error(),
            (
                500,
                "Request.Body.Decrypt.AES.KeyAndIv.Invalid".into(),
                "Unauthorized: AES key and IV size error".into()
            )
        );
        assert_eq!(resp.trace_id(), "");
    }
    // Keys of 20 bytes: the IV is not 16 bytes and obshell panics.
    let resp = ts.send(with_header(Method::POST, uri, signed(PASSWORD, Some(b64(&[1u8; 20]))), Body::from("AAAA"))).await;
    assert_eq!(resp.error().1, "Common.Unexpected");
    // Ciphertext that is not a multiple of the block size.
    let resp = ts
        .send(with_header(Method::POST, uri, signed(PASSWORD, Some(keys.to_base64())), Body::from(b64(&[1u8; 20]))))
        .await;
    assert_eq!(resp.error().1, "Request.Body.Decrypt.AES.ContentLength.Invalid");
    // An empty body needs no Keys: it becomes {}.
    let resp = ts.send(with_header(Method::POST, uri, signed(PASSWORD, None), Body::empty())).await;
    resp.ok();
    assert_eq!(resp.data()["name"], json!("Obcluster start full backup"));
}

#[tokio::test]
async fn python_and_go_client_quirks() {
    // A 1024-bit agent, as obshell makes them.
    let (mut config, clock) = config();
    config.private_key = None;
    let ts = start(config, clock);
    let secret = ts.plain(Method::GET, "/api/v1/secret").await;
    assert!(secret.data()["public_key"].as_str().unwrap().starts_with("MIGJAoGB"), "PKCS#1 1024-bit");
    assert_eq!(ts.key.bits(), 1024);

    // Python: lower-case keys, 53-byte RSA chunks, `True` in the query, no Content-Type.
    let uri = "/api/v1/obcluster/backup";
    let keys = AesKeys::generate(&mut OsRng);
    let value = json!({"auth": PASSWORD, "ts": expiry(), "uri": uri, "keys": keys.to_base64()});
    let text = serde_json::to_string(&value).unwrap();
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, secret.data()["public_key"].as_str().unwrap()).unwrap();
    let public = <rsa::RsaPublicKey as rsa::pkcs1::DecodeRsaPublicKey>::from_pkcs1_der(&der).unwrap();
    let mut blocks = Vec::new();
    for chunk in text.as_bytes().chunks(53) {
        blocks.extend(public.encrypt(&mut OsRng, rsa::Pkcs1v15Encrypt, chunk).unwrap());
    }
    let body = keys.encrypt(br#"{"mode": "", "plus_archive": true, "encryption": "x"}"#);
    let resp = ts.send(with_header(Method::POST, uri, b64(&blocks), Body::from(body))).await;
    resp.ok();
    let id = resp.data()["id"].as_str().unwrap().to_string();
    let poll = format!("/api/v1/task/dag/{id}?show_details=True");
    let value = json!({"auth": PASSWORD, "ts": expiry(), "uri": poll, "keys": keys.to_base64()});
    ts.send(with_header(Method::GET, &poll, ts.encrypt_header(&value), Body::empty())).await.ok();

    // Go SDK: `Keys: null` on GETs, Content-Type application/json.
    let value = json!({"Auth": PASSWORD, "Ts": expiry(), "Uri": DAGS, "Keys": null});
    let req = Request::builder()
        .uri(DAGS)
        .header(HEADER, ts.encrypt_header(&value))
        .header("content-type", "application/json")
        .body(Body::empty())
        .unwrap();
    ts.send(req).await.ok();
}

#[tokio::test]
async fn sessions_login_slide_expire_logout() {
    let mut ts = healthy();
    let id = ts.login().await;
    assert_eq!(id.len(), 64);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    // The session path ignores the password.
    ts.password = "not the password".into();
    ts.get(DAGS).await.ok();
    // Sliding idle timeout of 1800 s.
    ts.advance(1700.0);
    ts.get(DAGS).await.ok();
    ts.advance(1700.0);
    ts.get(DAGS).await.ok();
    ts.advance(1801.0);
    let resp = ts.get(DAGS).await;
    assert_eq!(
        resp.error(),
        (401, "Security.Authentication.SessionExpired".into(), "Session is expired".into())
    );
    assert_eq!(resp.body["error"]["code"], json!(10008));

    ts.password = PASSWORD.into();
    ts.session = None;
    ts.login().await;
    ts.sim.expire_sessions();
    assert_eq!(ts.get(DAGS).await.error().1, "Security.Authentication.SessionExpired");

    ts.session = Some("f".repeat(64));
    assert_eq!(
        ts.get(DAGS).await.error(),
        (401, "Security.Authentication.SessionInvalid".into(), "Session is invalid".into())
    );

    // Session path with an expired Ts: not wrapped.
    ts.session = None;
    let live = ts.login().await;
    let value = json!({"Auth": "", "Ts": "1000", "Uri": DAGS, "session_id": live});
    let resp = ts.send(with_header(Method::GET, DAGS, ts.encrypt_header(&value), Body::empty())).await;
    assert_eq!(resp.error(), (401, "Security.Authentication.Expired".into(), "Authentication expired".into()));

    // Login takes the password path even with a session id.
    let value = json!({"Auth": "", "Ts": expiry(), "Uri": "/api/v1/login", "session_id": live, "Keys": AesKeys::generate(&mut OsRng).to_base64()});
    let resp = ts.send(with_header(Method::POST, "/api/v1/login", ts.encrypt_header(&value), Body::empty())).await;
    assert_eq!(resp.error().1, "Security.Authentication.IncorrectOceanbasePassword");
    // Login without Keys: obshell slices them and panics.
    let value = json!({"Auth": PASSWORD, "Ts": expiry(), "Uri": "/api/v1/login"});
    let resp = ts.send(with_header(Method::POST, "/api/v1/login", ts.encrypt_header(&value), Body::empty())).await;
    assert_eq!(resp.error().0, 500);

    // Logout needs session_id, and ends the session.
    let resp = ts.post("/api/v1/logout", json!({})).await;
    let (status, code, message) = resp.error();
    assert_eq!((status, code.as_str()), (400, "Common.BindJsonFailed"));
    assert!(message.contains("'SessionID' failed on the 'required' tag"), "{message}");
    let resp = ts.post("/api/v1/logout", json!({"session_id": live})).await;
    resp.ok();
    assert!(resp.body.get("data").is_none());
    ts.session = Some(live);
    assert_eq!(ts.get(DAGS).await.error().1, "Security.Authentication.SessionInvalid");
}

#[tokio::test]
async fn rotated_key_rejects_old_headers_with_code_1() {
    let mut ts = healthy();
    ts.get(DAGS).await.ok();
    let resp = ts.plain(Method::POST, "/__sim/key/rotate").await;
    assert_eq!(resp.status, 200);
    let resp = ts.get(DAGS).await;
    assert_eq!(resp.error().1, "Security.Authentication.Header.DecryptFailed");
    assert_eq!(resp.body["error"]["code"], json!(1));
    let secret = ts.plain(Method::GET, "/api/v1/secret").await;
    ts.key = obshell_api::auth::PublicKey::from_base64_pkcs1(secret.data()["public_key"].as_str().unwrap()).unwrap();
    ts.get(DAGS).await.ok();
}

#[tokio::test]
async fn trace_ids() {
    let ts = healthy();
    let resp = ts.get(DAGS).await;
    let trace = resp.trace_id();
    assert_eq!(trace.len(), 16);
    assert!(trace.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    let mut req = ts.signed(Method::GET, DAGS, None);
    req.headers_mut().insert(TRACE_HEADER, "my-trace-1".parse().unwrap());
    assert_eq!(ts.send(req).await.trace_id(), "my-trace-1");
}

#[tokio::test]
async fn non_cluster_agent_identity() {
    let (mut config, clock) = config();
    config.identity = "FOLLOWER".into();
    let mut ts = start(config, clock);
    ts.login().await;
    // The session path exists only on a cluster agent: this falls to the password path.
    let resp = ts.get(DAGS).await;
    assert_eq!(resp.error().1, "Security.Authentication.IncorrectOceanbasePassword");
}
