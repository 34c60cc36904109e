//! The server half of auth v2, as obshell's middleware does it (`HeaderDecrypt`, `BodyDecrypt`,
//! `Verify`): used by the stand-in agent and by tests that check what a client sent.

use super::aes_body::AesKeys;
use crate::error_code::{self, ErrorKind};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand_core::CryptoRngCore;
use rsa::{pkcs1::EncodeRsaPublicKey, traits::PublicKeyParts, Pkcs1v15Encrypt, RsaPrivateKey};
use std::fmt;

/// The agent's RSA key pair.
#[derive(Clone)]
pub struct PrivateKey(RsaPrivateKey);

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({} bits)", self.0.size() * 8)
    }
}

impl PrivateKey {
    /// obshell generates 1024-bit keys (and still meets 512-bit ones from old installs).
    pub fn generate(bits: usize, rng: &mut impl CryptoRngCore) -> Result<Self, rsa::Error> {
        RsaPrivateKey::new(rng, bits).map(PrivateKey)
    }

    pub fn public(&self) -> super::PublicKey {
        super::PublicKey::from_rsa(self.0.to_public_key())
    }

    /// `public_key` of `GET /api/v1/secret`: base64 of the PKCS#1 DER (not SPKI, no PEM).
    pub fn public_base64_pkcs1(&self) -> String {
        match self.0.to_public_key().to_pkcs1_der() {
            Ok(der) => STANDARD.encode(der.as_bytes()),
            // Encoding an in-memory key cannot fail; an empty key makes every client fail loudly.
            Err(_) => String::new(),
        }
    }

    /// Split into k-byte blocks, decrypt each with PKCS#1 v1.5, concatenate.
    pub fn decrypt_chunked(&self, b64: &str) -> Result<Vec<u8>, String> {
        let cipher = STANDARD.decode(b64.trim()).map_err(|e| format!("illegal base64 data: {e}"))?;
        let k = self.0.size();
        if cipher.is_empty() || cipher.len() % k != 0 {
            return Err(format!("ciphertext length {} is not a multiple of {k}", cipher.len()));
        }
        let mut plain = Vec::with_capacity(cipher.len());
        for block in cipher.chunks(k) {
            let part = self.0.decrypt(Pkcs1v15Encrypt, block).map_err(|e| format!("crypto/rsa: {e}"))?;
            plain.extend_from_slice(&part);
        }
        Ok(plain)
    }

    /// Decrypt and parse an `X-OCS-Header` value.
    pub fn decrypt_header(&self, b64: &str) -> Result<ServerHeader, String> {
        let plain = self.decrypt_chunked(b64)?;
        ServerHeader::from_json(&plain)
    }
}

/// The decrypted header. Keys were matched case-insensitively, as Go's `encoding/json` does.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ServerHeader {
    pub auth: String,
    pub ts: String,
    pub uri: String,
    /// Raw bytes of `Keys` (base64-decoded; Go decodes a `[]byte` field that way).
    pub keys: Option<Vec<u8>>,
    pub session_id: String,
}

impl fmt::Debug for ServerHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerHeader")
            .field("auth", &if self.auth.is_empty() { "" } else { "<masked>" })
            .field("ts", &self.ts)
            .field("uri", &self.uri)
            .field("keys", &self.keys.as_ref().map(|k| k.len()))
            .field("session_id", &if self.session_id.is_empty() { "" } else { "<masked>" })
            .finish()
    }
}

impl ServerHeader {
    pub fn from_json(bytes: &[u8]) -> Result<Self, String> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let mut header = ServerHeader::default();
        for (key, value) in map {
            let text = |field: &str| match &value {
                serde_json::Value::String(s) => Ok(Some(s.clone())),
                serde_json::Value::Null => Ok(None),
                other => Err(format!("json: cannot unmarshal {other} into Go struct field HttpHeader.{field} of type string")),
            };
            match key.to_ascii_lowercase().as_str() {
                "auth" => header.auth = text("Auth")?.unwrap_or_default(),
                "ts" => header.ts = text("Ts")?.unwrap_or_default(),
                "uri" => header.uri = text("Uri")?.unwrap_or_default(),
                "session_id" => header.session_id = text("session_id")?.unwrap_or_default(),
                "keys" => {
                    header.keys = match text("Keys")? {
                        Some(b64) => Some(STANDARD.decode(b64).map_err(|e| format!("illegal base64 data in Keys: {e}"))?),
                        None => None,
                    }
                }
                _ => {}
            }
        }
        Ok(header)
    }

    /// The AES keys for the body, with obshell's length rules.
    pub fn aes_keys(&self) -> Result<AesKeys, super::BodyDecryptError> {
        AesKeys::from_bytes(self.keys.as_deref().unwrap_or(&[]))
    }
}

/// What a session lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Valid,
    Unknown,
    Expired,
}

/// Who a verified request speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Password,
    Session(String),
}

/// A rejected request, in `Verify`'s order of checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailure {
    HeaderNotFound,
    UriMismatch,
    /// `Ts` in the past; `wrapped` on the password path ("Unauthorized: ...").
    Expired { wrapped: bool },
    TimestampInvalid { ts: String, reason: String },
    IncorrectPassword,
    SessionInvalid,
    SessionExpired,
}

impl AuthFailure {
    /// errCode, HTTP status, old code and obshell's English message.
    pub fn to_error(&self) -> (ErrorKind, String) {
        use error_code as e;
        match self {
            AuthFailure::HeaderNotFound => (
                e::HEADER_NOT_FOUND,
                "X-OCS-Agent-Header or X-OCS-Header not found in http request header".into(),
            ),
            AuthFailure::UriMismatch => (e::URI_MISMATCH, "URI mismatch".into()),
            AuthFailure::Expired { wrapped: true } => {
                (e::AUTH_EXPIRED, "Unauthorized: Authentication expired".into())
            }
            AuthFailure::Expired { wrapped: false } => (e::AUTH_EXPIRED, "Authentication expired".into()),
            AuthFailure::TimestampInvalid { ts, reason } => (
                e::TIMESTAMP_INVALID,
                format!("Unauthorized: Invalid timestamp: {ts}, err: {reason}"),
            ),
            AuthFailure::IncorrectPassword => {
                (e::INCORRECT_PASSWORD, "Unauthorized: OceanBase password is incorrect".into())
            }
            AuthFailure::SessionInvalid => (e::SESSION_INVALID, "Session is invalid".into()),
            AuthFailure::SessionExpired => (e::SESSION_EXPIRED, "Session is expired".into()),
        }
    }
}

/// What `Verify` needs to know about the request and the agent.
pub struct VerifyRequest<'a> {
    pub header: Option<&'a ServerHeader>,
    /// The raw request-target (path and query) as received.
    pub request_uri: &'a str,
    pub now_unix_secs: i64,
    pub is_cluster_agent: bool,
    /// `POST /api/v1/login` takes the password path even with a session id.
    pub is_login_route: bool,
    pub root_password: &'a str,
}

fn parse_ts(ts: &str) -> Result<i64, String> {
    ts.parse::<i64>().map_err(|e| format!("strconv.ParseInt: parsing {ts:?}: {e}"))
}

/// obshell's `Verify`, in its order: header present, `Uri` match, then the session path or the
/// password path.
pub fn verify(
    req: &VerifyRequest<'_>,
    session: impl FnOnce(&str) -> SessionState,
) -> Result<Principal, AuthFailure> {
    let header = req.header.ok_or(AuthFailure::HeaderNotFound)?;
    if header.uri != req.request_uri {
        return Err(AuthFailure::UriMismatch);
    }
    if !header.session_id.is_empty() && req.is_cluster_agent && !req.is_login_route {
        match parse_ts(&header.ts) {
            Ok(ts) if ts >= req.now_unix_secs => {}
            _ => return Err(AuthFailure::Expired { wrapped: false }),
        }
        return match session(&header.session_id) {
            SessionState::Valid => Ok(Principal::Session(header.session_id.clone())),
            SessionState::Unknown => Err(AuthFailure::SessionInvalid),
            SessionState::Expired => Err(AuthFailure::SessionExpired),
        };
    }
    if header.auth.is_empty() {
        // An empty Auth passes only when the root password is empty, with no Ts check.
        return if req.root_password.is_empty() {
            Ok(Principal::Password)
        } else {
            Err(AuthFailure::IncorrectPassword)
        };
    }
    let ts = parse_ts(&header.ts)
        .map_err(|reason| AuthFailure::TimestampInvalid { ts: header.ts.clone(), reason })?;
    if ts < req.now_unix_secs {
        return Err(AuthFailure::Expired { wrapped: true });
    }
    if header.auth != req.root_password {
        return Err(AuthFailure::IncorrectPassword);
    }
    Ok(Principal::Password)
}
