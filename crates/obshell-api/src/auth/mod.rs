//! obshell's auth v2: an RSA-encrypted `X-OCS-Header` per request and AES-encrypted bodies.
//!
//! * Header: JSON `{Auth, Ts, Uri, Keys, session_id}` encrypted with RSA PKCS#1 v1.5 (not OAEP)
//!   in chunks of at most k-11 bytes, the k-byte blocks concatenated, base64 once.
//! * Body: base64(AES-128-CBC/PKCS#7(json)) with a fresh key and IV per request, carried in
//!   `Keys` = base64(key ‖ iv).
//!
//! [`client`] builds both (the panel, the tests); [`server`] (feature `server`) takes them apart
//! and verifies them the way obshell's middleware does (the stand-in).

pub mod aes_body;
pub mod client;
#[cfg(feature = "server")]
pub mod server;

pub use aes_body::{AesKeys, BodyDecryptError};
pub use client::{ClientHeader, KeyError, PublicKey};

/// The request header that carries the encrypted JSON.
pub const HEADER: &str = "X-OCS-Header";
/// The agent-password variant (obproxy routes); when both are present it wins.
pub const AGENT_HEADER: &str = "X-OCS-Agent-Header";
/// A client-chosen trace id that obshell echoes as `traceId`.
pub const TRACE_HEADER: &str = "X-OBSHELL-Trace-ID";

/// `Ts`: an expiry deadline in Unix seconds, sent as a string.
pub fn expiry_ts(now_unix_secs: i64, lifetime_secs: i64) -> String {
    now_unix_secs.saturating_add(lifetime_secs).to_string()
}

/// `POST /api/v1/logout` body: the session to end (required by obshell, hence checked by the
/// receiver rather than by the type).
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogoutParam {
    pub session_id: Option<String>,
}
