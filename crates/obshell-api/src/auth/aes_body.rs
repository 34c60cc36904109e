//! AES-128-CBC/PKCS#7 body encryption and the `Keys` field that carries key ‖ IV.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand_core::CryptoRngCore;
use std::fmt;

type Enc = cbc::Encryptor<aes::Aes128>;
type Dec = cbc::Decryptor<aes::Aes128>;

/// A per-request AES-128 key and CBC IV.
#[derive(Clone, PartialEq, Eq)]
pub struct AesKeys {
    pub key: [u8; 16],
    pub iv: [u8; 16],
}

impl fmt::Debug for AesKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AesKeys(<secret>)")
    }
}

/// Why a body could not be decrypted, in obshell's terms (`ob/agent/secure/body.go`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyDecryptError {
    /// `Keys` missing or shorter than 16 bytes.
    #[error("AES key and IV size error")]
    KeyAndIvInvalid,
    /// Ciphertext length not a multiple of the block size.
    #[error("AES content length error")]
    ContentLengthInvalid,
    /// Where obshell's own code panics (IV not 16 bytes, empty or non-base64 body, bad
    /// padding): it answers 500 `Common.Unexpected` "Internal Server Error".
    #[error("Internal Server Error")]
    Malformed,
}

impl AesKeys {
    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut key = [0u8; 16];
        let mut iv = [0u8; 16];
        rng.fill_bytes(&mut key);
        rng.fill_bytes(&mut iv);
        AesKeys { key, iv }
    }

    /// `Keys` as the header carries it: base64 of the 32 bytes key ‖ iv.
    pub fn to_base64(&self) -> String {
        let mut both = [0u8; 32];
        both[..16].copy_from_slice(&self.key);
        both[16..].copy_from_slice(&self.iv);
        STANDARD.encode(both)
    }

    /// From the raw `Keys` bytes, with obshell's length rules.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BodyDecryptError> {
        if bytes.len() < 16 {
            return Err(BodyDecryptError::KeyAndIvInvalid);
        }
        let (key, iv) = bytes.split_at(16);
        let key: [u8; 16] = key.try_into().map_err(|_| BodyDecryptError::KeyAndIvInvalid)?;
        // obshell slices iv = Keys[16:] and panics inside NewCBCDecrypter unless it is 16 bytes.
        let iv: [u8; 16] = iv.try_into().map_err(|_| BodyDecryptError::Malformed)?;
        Ok(AesKeys { key, iv })
    }

    /// base64(AES-128-CBC/PKCS#7(plain)): the HTTP body, as text (not a JSON string).
    pub fn encrypt(&self, plain: &[u8]) -> String {
        let cipher = Enc::new(&self.key.into(), &self.iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plain);
        STANDARD.encode(cipher)
    }

    /// The inverse of [`AesKeys::encrypt`].
    pub fn decrypt(&self, body: &[u8]) -> Result<Vec<u8>, BodyDecryptError> {
        let text: Vec<u8> = body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
        let cipher = STANDARD.decode(&text).map_err(|_| BodyDecryptError::Malformed)?;
        if cipher.is_empty() {
            return Err(BodyDecryptError::Malformed);
        }
        if cipher.len() % 16 != 0 {
            return Err(BodyDecryptError::ContentLengthInvalid);
        }
        Dec::new(&self.key.into(), &self.iv.into())
            .decrypt_padded_vec_mut::<Pkcs7>(&cipher)
            .map_err(|_| BodyDecryptError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::OsRng;

    #[test]
    fn round_trip_and_fresh_keys() {
        let a = AesKeys::generate(&mut OsRng);
        let b = AesKeys::generate(&mut OsRng);
        assert_ne!(a, b, "keys must be fresh per request");
        for len in [0usize, 1, 15, 16, 17, 1000] {
            let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
            assert_eq!(a.decrypt(a.encrypt(&plain).as_bytes()).unwrap(), plain);
        }
    }

    #[test]
    fn known_answer() {
        // Expected values from OpenSSL:
        // printf '{}' | openssl enc -aes-128-cbc -K 000102030405060708090a0b0c0d0e0f \
        //   -iv 101112131415161718191a1b1c1d1e1f | base64
        let keys = AesKeys {
            key: core::array::from_fn(|i| i as u8),
            iv: core::array::from_fn(|i| 16 + i as u8),
        };
        assert_eq!(keys.encrypt(b"{}"), "Mr1L6vnJhQ7OKFK7dnhC+g==");
        assert_eq!(keys.encrypt(br#"{"mode":"full"}"#), "qgbopWdO6+P7e5ZoSNMS5w==");
        assert_eq!(keys.decrypt(b"Mr1L6vnJhQ7OKFK7dnhC+g==").unwrap(), b"{}");
        assert_eq!(
            keys.to_base64(),
            STANDARD.encode((0u8..32).collect::<Vec<_>>()),
            "Keys is base64(key || iv)"
        );
    }

    #[test]
    fn obshell_failure_modes() {
        assert_eq!(AesKeys::from_bytes(&[0; 15]), Err(BodyDecryptError::KeyAndIvInvalid));
        assert_eq!(AesKeys::from_bytes(&[0; 20]), Err(BodyDecryptError::Malformed));
        assert_eq!(AesKeys::from_bytes(&[0; 33]), Err(BodyDecryptError::Malformed));
        let keys = AesKeys::from_bytes(&[7; 32]).unwrap();
        // A plain JSON body instead of ciphertext.
        assert_eq!(keys.decrypt(b"{}"), Err(BodyDecryptError::Malformed));
        assert_eq!(keys.decrypt(b"{\"mode\":\"full\"}"), Err(BodyDecryptError::Malformed));
        // Valid base64, wrong length.
        assert_eq!(keys.decrypt(STANDARD.encode([1u8; 20]).as_bytes()), Err(BodyDecryptError::ContentLengthInvalid));
    }
}
