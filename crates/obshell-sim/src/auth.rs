//! Auth v2 as obshell's middleware chain does it (reference §5): `HeaderDecrypt` →
//! `BodyDecrypt` → `PaddingBody` as one middleware, then `Verify` as extractors on the
//! protected routes.

use crate::error::ObError;
use crate::state::Sim;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use obshell_api::auth::server::{verify, Principal, ServerHeader, VerifyRequest};
use obshell_api::auth::{BodyDecryptError, AGENT_HEADER, HEADER};
use obshell_api::error_code;

/// Bodies larger than this are refused (nothing obshell accepts comes close).
const BODY_LIMIT: usize = 1 << 20;

/// What the decrypt middleware found, for `Verify` and the login handler.
#[derive(Clone, Default)]
pub(crate) struct Decrypted {
    pub header: Option<ServerHeader>,
}

fn body_error(error: BodyDecryptError) -> ObError {
    match error {
        BodyDecryptError::KeyAndIvInvalid => {
            ObError::before_trace(error_code::BODY_KEY_IV_INVALID, format!("Unauthorized: {error}"))
        }
        BodyDecryptError::ContentLengthInvalid => {
            ObError::before_trace(error_code::BODY_CONTENT_LENGTH_INVALID, format!("Unauthorized: {error}"))
        }
        // Where obshell's own code panics (a plain JSON body, an IV that is not 16 bytes).
        BodyDecryptError::Malformed => ObError::recovered(),
    }
}

/// Decrypt `X-OCS-Header` (the agent header wins when both are present) and the body, and
/// replace an empty body by `{}`. Every path goes through it (gin registers these globally),
/// except the sim's own plain-JSON test hooks.
pub(crate) async fn decrypt_layer(State(sim): State<Sim>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/__sim/") {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let raw = parts.headers.get(AGENT_HEADER).or_else(|| parts.headers.get(HEADER));
    let header = match raw {
        None => None,
        Some(value) => {
            let decrypted = value
                .to_str()
                .map_err(|e| e.to_string())
                .and_then(|text| sim.private_key().decrypt_header(text));
            match decrypted {
                Ok(header) => Some(header),
                Err(reason) => {
                    return ObError::before_trace(
                        error_code::HEADER_DECRYPT_FAILED,
                        format!("Decrypt http header failed: {reason}"),
                    )
                    .into_response()
                }
            }
        }
    };
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return ObError::recovered().into_response();
    };
    let plain = match &header {
        Some(header) if !bytes.is_empty() => {
            match header.aes_keys().and_then(|keys| keys.decrypt(&bytes)) {
                Ok(plain) => Bytes::from(plain),
                Err(error) => return body_error(error).into_response(),
            }
        }
        _ => bytes,
    };
    let plain = if plain.is_empty() { Bytes::from_static(b"{}") } else { plain };
    parts.extensions.insert(Decrypted { header });
    next.run(Request::from_parts(parts, Body::from(plain))).await
}

fn verify_parts(parts: &Parts, sim: &Sim, is_login_route: bool) -> Result<Principal, ObError> {
    let header = parts.extensions.get::<Decrypted>().and_then(|d| d.header.as_ref());
    let request_uri = parts.uri.path_and_query().map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    let root_password = &sim.config().root_password;
    let request = VerifyRequest {
        header,
        request_uri,
        now_unix_secs: sim.wall_unix_secs(),
        is_cluster_agent: sim.is_cluster_agent(),
        is_login_route,
        root_password,
    };
    let now = sim.now();
    verify(&request, |id| sim.sessions().check(id, now)).map_err(|failure| {
        let (kind, message) = failure.to_error();
        ObError::new(kind, message)
    })
}

/// `Verify()`: a request signed with the root password or a live session.
pub(crate) struct Authed;

impl FromRequestParts<Sim> for Authed {
    type Rejection = ObError;

    async fn from_request_parts(parts: &mut Parts, sim: &Sim) -> Result<Self, Self::Rejection> {
        verify_parts(parts, sim, false).map(|_| Authed)
    }
}

/// `Verify(ROUTE_LOGIN)`: the password path even when a session id is sent; hands the
/// login handler the request's `Keys`, which encrypt the session id it returns.
pub(crate) struct LoginAuthed {
    pub keys: Vec<u8>,
}

impl FromRequestParts<Sim> for LoginAuthed {
    type Rejection = ObError;

    async fn from_request_parts(parts: &mut Parts, sim: &Sim) -> Result<Self, Self::Rejection> {
        verify_parts(parts, sim, true)?;
        let keys = parts
            .extensions
            .get::<Decrypted>()
            .and_then(|d| d.header.as_ref())
            .and_then(|h| h.keys.clone())
            .unwrap_or_default();
        Ok(LoginAuthed { keys })
    }
}
