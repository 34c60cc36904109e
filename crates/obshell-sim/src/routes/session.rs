//! Login and logout (reference §1.2, §5.4).

use crate::auth::{Authed, LoginAuthed};
use crate::bind::{bind, required, RawBody};
use crate::envelope::Reply;
use crate::error::ObError;
use crate::state::Sim;
use axum::extract::State;
use obshell_api::auth::{AesKeys, LogoutParam};

/// `data` = base64 AES-CBC (under the request's `Keys`) of a new 64-hex-char session id.
pub(super) async fn login(State(sim): State<Sim>, auth: LoginAuthed) -> Result<Reply, ObError> {
    // obshell slices the key and IV out of `Keys` and panics when they are short.
    let keys = AesKeys::from_bytes(&auth.keys).map_err(|_| ObError::recovered())?;
    let id = sim.sessions().create(sim.now());
    Ok(Reply::Data(serde_json::Value::String(keys.encrypt(id.as_bytes()))))
}

pub(super) async fn logout(State(sim): State<Sim>, _: Authed, RawBody(body): RawBody) -> Result<Reply, ObError> {
    let param: LogoutParam = bind(&body)?;
    let id = required(param.session_id, "LogoutParam", "SessionID")?;
    sim.sessions().remove(&id);
    Ok(Reply::NoData)
}
