//! The client half of auth v2: what the panel (and any test client) sends.

use base64::{engine::general_purpose::STANDARD, Engine};
use rand_core::CryptoRngCore;
use rsa::{pkcs1::DecodeRsaPublicKey, traits::PublicKeyParts, Pkcs1v15Encrypt, RsaPublicKey};
use serde::Serialize;
use std::fmt;

/// The agent's RSA public key, from `GET /api/v1/secret`.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(RsaPublicKey);

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({} bits)", self.bits())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the agent's public key is not base64")]
    NotBase64,
    #[error("the agent's public key is not a PKCS#1 RSA public key")]
    NotPkcs1,
    #[error("the agent's public key is too small ({0} bits)")]
    TooSmall(usize),
    #[error("RSA encryption failed")]
    EncryptFailed,
}

impl PublicKey {
    /// From `public_key`: base64 (standard, padded) of a PKCS#1 `RSAPublicKey` DER.
    pub fn from_base64_pkcs1(text: &str) -> Result<Self, KeyError> {
        let der = STANDARD.decode(text.trim()).map_err(|_| KeyError::NotBase64)?;
        let key = RsaPublicKey::from_pkcs1_der(&der).map_err(|_| KeyError::NotPkcs1)?;
        // PKCS#1 v1.5 needs 11 bytes of padding per block; refuse keys that leave no room.
        if key.size() <= 11 + 16 {
            return Err(KeyError::TooSmall(key.size() * 8));
        }
        Ok(PublicKey(key))
    }

    pub fn from_rsa(key: RsaPublicKey) -> Self {
        PublicKey(key)
    }

    pub fn bits(&self) -> usize {
        self.0.size() * 8
    }

    /// Bytes of plaintext per RSA block: k - 11 (what obshell's own agent uses).
    pub fn chunk_len(&self) -> usize {
        self.0.size() - 11
    }

    /// Encrypt `plain` in k-11 byte chunks, concatenate the k-byte blocks, base64 once.
    pub fn encrypt_chunked(
        &self,
        plain: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Result<String, KeyError> {
        let mut blocks = Vec::with_capacity(plain.len().div_ceil(self.chunk_len()).max(1) * self.0.size());
        for chunk in plain.chunks(self.chunk_len()) {
            let block = self.0.encrypt(rng, Pkcs1v15Encrypt, chunk).map_err(|_| KeyError::EncryptFailed)?;
            blocks.extend_from_slice(&block);
        }
        Ok(STANDARD.encode(blocks))
    }

    /// The `X-OCS-Header` value for one request.
    pub fn sign(&self, header: &ClientHeader<'_>, rng: &mut impl CryptoRngCore) -> Result<String, KeyError> {
        // Serialising a struct of strings cannot fail; map the impossible error anyway.
        let json = serde_json::to_vec(header).map_err(|_| KeyError::EncryptFailed)?;
        self.encrypt_chunked(&json, rng)
    }
}

/// The JSON inside `X-OCS-Header`, with obshell's canonical key spellings.
///
/// Holds the root password while it is being sent; [`fmt::Debug`] never shows it.
#[derive(Serialize, Clone, PartialEq, Eq)]
pub struct ClientHeader<'a> {
    /// The root@sys password, or `""` when a session is used.
    #[serde(rename = "Auth")]
    pub auth: &'a str,
    /// Expiry deadline, Unix seconds, as a string.
    #[serde(rename = "Ts")]
    pub ts: String,
    /// The request-target obshell sees: path plus `?query`, byte-identical.
    #[serde(rename = "Uri")]
    pub uri: &'a str,
    /// base64(key ‖ iv) when the request has a body (and for login).
    #[serde(rename = "Keys", skip_serializing_if = "Option::is_none")]
    pub keys: Option<String>,
    #[serde(rename = "session_id", skip_serializing_if = "Option::is_none")]
    pub session_id: Option<&'a str>,
}

impl fmt::Debug for ClientHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientHeader")
            .field("auth", &if self.auth.is_empty() { "" } else { "<masked>" })
            .field("ts", &self.ts)
            .field("uri", &self.uri)
            .field("keys", &self.keys.as_ref().map(|_| "<masked>"))
            .field("session_id", &self.session_id.map(|_| "<masked>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_spki_and_garbage() {
        assert_eq!(PublicKey::from_base64_pkcs1("!!"), Err(KeyError::NotBase64));
        assert_eq!(PublicKey::from_base64_pkcs1("AAAA"), Err(KeyError::NotPkcs1));
    }

    #[test]
    fn header_json_shape() {
        let h = ClientHeader { auth: "pw", ts: "100".into(), uri: "/api/v1/x?a=1", keys: None, session_id: None };
        assert_eq!(serde_json::to_string(&h).unwrap(), r#"{"Auth":"pw","Ts":"100","Uri":"/api/v1/x?a=1"}"#);
        assert!(!format!("{h:?}").contains("pw\""));
    }
}
