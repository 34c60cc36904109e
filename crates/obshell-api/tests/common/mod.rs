//! Helpers shared by the integration tests. Each test file is its own crate and uses a subset,
//! so unused-item warnings are expected here.
#![allow(dead_code)]

use obshell_api::auth::server::PrivateKey;
use obshell_api::{DagDetail, Envelope};
use rand_core::OsRng;
use rsa::RsaPrivateKey;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use std::sync::OnceLock;

/// The seed's "Response example" (see `tests/fixtures/README.md`).
pub const SEED_RESPONSE: &str = include_str!("../fixtures/seed_start_backup_response.json");

/// One lifecycle phase of the 4-stage cluster backup DAG (see `tests/fixtures/README.md`).
pub mod phase {
    pub const CREATED: &str = include_str!("../fixtures/dag/created.json");
    pub const RUNNING_STAGE2: &str = include_str!("../fixtures/dag/running_stage2.json");
    pub const FAILED_STAGE3: &str = include_str!("../fixtures/dag/failed_stage3.json");
    pub const CANCELLED: &str = include_str!("../fixtures/dag/cancelled.json");
    pub const SUCCEEDED: &str = include_str!("../fixtures/dag/succeeded.json");
    pub const RETRIED_READY: &str = include_str!("../fixtures/dag/retried_ready.json");
    pub const RETRIED_RUNNING: &str = include_str!("../fixtures/dag/retried_running.json");

    pub const ALL: [(&str, &str); 7] = [
        ("created", CREATED),
        ("running_stage2", RUNNING_STAGE2),
        ("failed_stage3", FAILED_STAGE3),
        ("cancelled", CANCELLED),
        ("succeeded", SUCCEEDED),
        ("retried_ready", RETRIED_READY),
        ("retried_running", RETRIED_RUNNING),
    ];
}

/// Decode a `GET /task/dag/:id` envelope and return its DAG, failing the test loudly otherwise.
pub fn dag_of(envelope_json: &str) -> DagDetail {
    let envelope: Envelope<DagDetail> =
        serde_json::from_str(envelope_json).unwrap_or_else(|e| panic!("fixture does not decode: {e}"));
    assert!(envelope.successful && envelope.status == 200 && envelope.error.is_none());
    envelope.data.expect("a DAG envelope carries data")
}

/// JSON -> struct -> JSON -> struct: both structs equal and both JSON renderings equal.
///
/// Comparing the JSON values as well catches what `PartialEq` cannot see: chrono compares
/// instants only, so a lost `+08:00` offset would still compare equal as a struct.
pub fn round_trip<T>(json: &str) -> T
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let first: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("decode failed: {e}\n{json}"));
    let text = serde_json::to_string(&first).expect("encode");
    let second: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("re-decode failed: {e}\n{text}"));
    assert_eq!(first, second, "struct changed across a round trip via {text}");
    let again = serde_json::to_string(&second).expect("encode again");
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&text).unwrap(), serde_json::from_str(&again).unwrap());
    assert_eq!(a, b, "JSON changed across a round trip");
    first
}

/// Parse RFC 3339 text with chrono directly, independent of `ObTime`, into Unix milliseconds.
pub fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).expect(rfc3339).timestamp_millis()
}

/// An agent key pair of the given size, generated once per test binary: RSA key generation is
/// slow in debug builds. obshell uses 1024-bit keys; old installs may still have 512-bit ones
/// (reference/obshell-sdks.md §2).
pub fn agent_key(bits: usize) -> &'static PrivateKey {
    static K512: OnceLock<PrivateKey> = OnceLock::new();
    static K1024: OnceLock<PrivateKey> = OnceLock::new();
    let cell = match bits {
        512 => &K512,
        1024 => &K1024,
        other => panic!("no cached key of {other} bits"),
    };
    cell.get_or_init(|| PrivateKey::generate(bits, &mut OsRng).expect("RSA key generation"))
}

/// A plain `rsa` crate key of the given size, for checks that must not go through this crate's
/// server code.
pub fn rsa_key(bits: usize) -> &'static RsaPrivateKey {
    static K512: OnceLock<RsaPrivateKey> = OnceLock::new();
    static K1024: OnceLock<RsaPrivateKey> = OnceLock::new();
    let cell = match bits {
        512 => &K512,
        1024 => &K1024,
        other => panic!("no cached key of {other} bits"),
    };
    cell.get_or_init(|| RsaPrivateKey::new(&mut OsRng, bits).expect("RSA key generation"))
}
