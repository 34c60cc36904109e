//! Auth v2 codec: the RSA `X-OCS-Header` and the AES body, client to server and against the plain
//! `rsa` / `aes` + `cbc` crates (reference/obshell-api.md §5.1–5.3, obshell-sdks.md §2 and §5).

mod common;

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use base64::{engine::general_purpose::STANDARD, Engine};
use common::{agent_key, rsa_key};
use obshell_api::auth::server::ServerHeader;
use obshell_api::auth::{expiry_ts, AesKeys, ClientHeader, KeyError, PublicKey};
use rand_core::{OsRng, RngCore};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::EncodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Encrypt, RsaPublicKey};
use serde_json::json;

const SIZES: [usize; 2] = [512, 1024];

/// A request-target much longer than one RSA block (117 bytes at 1024 bits, 53 at 512), so the
/// header JSON must be split into several chunks.
fn long_uri() -> String {
    let tenant = "tenant_with_a_rather_long_name_".repeat(6);
    format!("/api/v1/tenant/{tenant}/backup/tasks?start_time=2026-05-08T00%3A00%3A00%2B08%3A00&page=1&size=50&status=COMPLETED,FAILED&sort=start_timestamp,desc")
}

/// A root password with JSON-special and non-ASCII characters: it must survive the JSON and
/// the byte-wise chunking (a chunk boundary may split a UTF-8 sequence).
const PASSWORD: &str = "r00t \"p@ss\" \\ 密码-ü";

/// A fixed "now" (2026-05-08T17:06:47+08:00): verification is tested in verify.rs.
const NOW: i64 = 1_778_231_207;

// ---------------------------------------------------------------------------------------------
// Header: client -> server
// ---------------------------------------------------------------------------------------------

fn header_round_trip(bits: usize, uri: &str, with_keys: bool, session: Option<&str>) {
    let key = agent_key(bits);
    // The client gets the key the way obshell serves it: base64 PKCS#1 DER (§5.1).
    let public = PublicKey::from_base64_pkcs1(&key.public_base64_pkcs1()).expect("served key parses");
    assert_eq!(public, key.public());
    assert_eq!(public.bits(), bits);

    let aes = AesKeys::generate(&mut OsRng);
    let ts = expiry_ts(NOW, 60);
    let header = ClientHeader {
        auth: PASSWORD,
        ts: ts.clone(),
        uri,
        keys: with_keys.then(|| aes.to_base64()),
        session_id: session,
    };
    let sealed = public.sign(&header, &mut OsRng).expect("sign");

    // Block structure: k-byte blocks, one per (k-11)-byte chunk of the JSON (§5.2 step 2).
    let k = bits / 8;
    let json_len = serde_json::to_vec(&header).unwrap().len();
    let raw = STANDARD.decode(&sealed).expect("standard padded base64");
    assert_eq!(raw.len(), json_len.div_ceil(k - 11) * k, "{bits}-bit: blocks of exactly {k} bytes");

    let got: ServerHeader = key.decrypt_header(&sealed).expect("server decrypts the header");
    assert_eq!(got.auth, PASSWORD);
    assert_eq!(got.ts, ts);
    assert_eq!(got.ts, (NOW + 60).to_string(), "Ts is now + lifetime, as decimal text");
    assert_eq!(got.uri, uri);
    assert_eq!(got.session_id, session.unwrap_or(""));
    if with_keys {
        let mut both = aes.key.to_vec();
        both.extend_from_slice(&aes.iv);
        assert_eq!(got.keys.as_deref(), Some(&both[..]), "Keys = key ‖ iv, 32 bytes");
        assert_eq!(got.aes_keys().expect("32-byte Keys are valid"), aes);
    } else {
        assert_eq!(got.keys, None);
    }
}

#[test]
fn header_round_trip_512_bit_long_uri() {
    header_round_trip(512, &long_uri(), true, None);
}

#[test]
fn header_round_trip_1024_bit_long_uri() {
    header_round_trip(1024, &long_uri(), true, None);
}

#[test]
fn header_round_trip_short_get_without_keys() {
    // A GET without a body needs no Keys (§5.2); the query is part of the Uri.
    for bits in SIZES {
        header_round_trip(bits, "/api/v1/task/dag/112?show_details=True", false, None);
    }
}

#[test]
fn header_round_trip_with_session_id() {
    let session = "3f9c1a0b7d2e4c6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f";
    for bits in SIZES {
        header_round_trip(bits, "/api/v1/obcluster/backup", true, Some(session));
    }
}

#[test]
fn long_header_really_spans_several_blocks() {
    // Guard for the tests above: the long Uri alone is larger than one 1024-bit chunk.
    assert!(long_uri().len() > 2 * (1024 / 8 - 11));
}

// ---------------------------------------------------------------------------------------------
// Header: known-answer style, independent of PrivateKey::decrypt_chunked
// ---------------------------------------------------------------------------------------------

#[test]
fn signed_header_decrypts_with_plain_rsa_block_by_block() {
    for bits in SIZES {
        let private = rsa_key(bits);
        let k = private.size();
        assert_eq!(k, bits / 8);
        let public = PublicKey::from_rsa(private.to_public_key());
        assert_eq!(public.chunk_len(), k - 11, "obshell's agent chunks at k-11 (§5.2)");

        let aes = AesKeys::generate(&mut OsRng);
        let uri = long_uri();
        let ts = expiry_ts(NOW, 1800);
        let header =
            ClientHeader { auth: PASSWORD, ts: ts.clone(), uri: &uri, keys: Some(aes.to_base64()), session_id: None };
        let sealed = public.sign(&header, &mut OsRng).unwrap();

        let raw = STANDARD.decode(&sealed).unwrap();
        assert_eq!(raw.len() % k, 0, "{bits}-bit: whole k-byte blocks");
        let mut plain = Vec::new();
        let mut chunk_lens = Vec::new();
        for block in raw.chunks(k) {
            assert_eq!(block.len(), k);
            let part = private.decrypt(Pkcs1v15Encrypt, block).expect("PKCS#1 v1.5, not OAEP");
            chunk_lens.push(part.len());
            plain.extend_from_slice(&part);
        }
        // Chunks are at most k-11 bytes, all full except the last, so the count is
        // ceil(len / (k-11)).
        assert!(chunk_lens.iter().all(|&n| n <= k - 11 && n > 0), "{chunk_lens:?}");
        assert!(chunk_lens[..chunk_lens.len() - 1].iter().all(|&n| n == k - 11), "{chunk_lens:?}");
        assert_eq!(chunk_lens.len(), plain.len().div_ceil(k - 11));
        assert!(chunk_lens.len() >= 3, "the long Uri must need several blocks at {bits} bits");

        // Exactly the canonical keys, Ts as a JSON string (§5.2 table).
        let value: serde_json::Value = serde_json::from_slice(&plain).expect("the plaintext is JSON");
        assert_eq!(value, json!({"Auth": PASSWORD, "Ts": ts, "Uri": uri, "Keys": aes.to_base64()}),);
        assert!(value["Ts"].is_string());
        assert_eq!(STANDARD.decode(value["Keys"].as_str().unwrap()).unwrap().len(), 32);
    }
}

#[test]
fn header_without_body_omits_keys_and_session() {
    let private = rsa_key(512);
    let public = PublicKey::from_rsa(private.to_public_key());
    let header =
        ClientHeader { auth: "pw", ts: "1778231267".into(), uri: "/api/v1/task/dag/112", keys: None, session_id: None };
    let raw = STANDARD.decode(public.sign(&header, &mut OsRng).unwrap()).unwrap();
    let plain: Vec<u8> = raw.chunks(64).flat_map(|b| private.decrypt(Pkcs1v15Encrypt, b).unwrap()).collect();
    let value: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(value, json!({"Auth": "pw", "Ts": "1778231267", "Uri": "/api/v1/task/dag/112"}));
}

#[test]
fn every_signature_is_fresh() {
    // PKCS#1 v1.5 encryption is randomised: the same header never encrypts the same way twice,
    // so a captured header says nothing about the next one.
    let public = agent_key(512).public();
    let header = ClientHeader { auth: "pw", ts: "1".into(), uri: "/api/v1/info", keys: None, session_id: None };
    let a = public.sign(&header, &mut OsRng).unwrap();
    let b = public.sign(&header, &mut OsRng).unwrap();
    assert_ne!(a, b);
}

// ---------------------------------------------------------------------------------------------
// Header: what the official SDKs send, into the server half
// ---------------------------------------------------------------------------------------------

/// Encrypt like obshell-sdk-python / obshell-sdk-go: 53-byte chunks whatever the key size
/// (obshell-sdks.md §2 step 4, §5), with the plain `rsa` crate.
fn sdk_seal(served_public_key: &str, json_text: &str) -> String {
    let der = STANDARD.decode(served_public_key).unwrap();
    let public = RsaPublicKey::from_pkcs1_der(&der).expect("the served key is PKCS#1 DER");
    let mut out = Vec::new();
    for chunk in json_text.as_bytes().chunks(53) {
        out.extend(public.encrypt(&mut OsRng, Pkcs1v15Encrypt, chunk).unwrap());
    }
    STANDARD.encode(out)
}

#[test]
fn python_sdk_header_with_lower_case_keys_decrypts() {
    for bits in SIZES {
        let key = agent_key(bits);
        let aes = AesKeys::generate(&mut OsRng);
        // json.dumps with default separators, lower-case keys (obshell-sdks.md §2 step 3).
        let text = format!(
            r#"{{"auth": "secret", "ts": "1778231267", "uri": "/api/v1/task/dag/112?show_details=True", "keys": "{}"}}"#,
            aes.to_base64()
        );
        let got = key.decrypt_header(&sdk_seal(&key.public_base64_pkcs1(), &text)).expect("decrypts");
        assert_eq!(got.auth, "secret");
        assert_eq!(got.ts, "1778231267");
        assert_eq!(got.uri, "/api/v1/task/dag/112?show_details=True");
        assert_eq!(got.aes_keys().unwrap(), aes);
        assert_eq!(got.session_id, "");
    }
}

#[test]
fn go_sdk_get_header_with_null_keys_decrypts() {
    // The Go SDK uses Go field names and sends `"Keys": null` on GETs (obshell-sdks.md §5).
    let key = agent_key(1024);
    let text = r#"{"Auth":"secret","Ts":"1778231267","Uri":"/api/v1/task/dag/112","Keys":null}"#;
    let got = key.decrypt_header(&sdk_seal(&key.public_base64_pkcs1(), text)).unwrap();
    assert_eq!(
        (got.auth.as_str(), got.ts.as_str(), got.uri.as_str()),
        ("secret", "1778231267", "/api/v1/task/dag/112")
    );
    assert_eq!(got.keys, None);
}

// ---------------------------------------------------------------------------------------------
// ServerHeader::from_json: Go encoding/json semantics
// ---------------------------------------------------------------------------------------------

#[test]
fn from_json_matches_keys_case_insensitively() {
    for text in [
        r#"{"auth":"a","ts":"5","uri":"/u","session_id":"s"}"#,
        r#"{"Auth":"a","Ts":"5","Uri":"/u","Session_Id":"s"}"#,
        r#"{"AUTH":"a","TS":"5","URI":"/u","SESSION_ID":"s"}"#,
    ] {
        let h = ServerHeader::from_json(text.as_bytes()).expect(text);
        assert_eq!(
            (h.auth.as_str(), h.ts.as_str(), h.uri.as_str(), h.session_id.as_str()),
            ("a", "5", "/u", "s"),
            "{text}"
        );
    }
}

#[test]
fn from_json_accepts_null_keys_and_ignores_unknown_fields() {
    let h = ServerHeader::from_json(br#"{"Auth":"a","Ts":"5","Uri":"/u","Keys":null,"Token":"x","ForwardType":1}"#)
        .unwrap();
    assert_eq!(h.keys, None);
    assert_eq!(h.auth, "a");
    // Missing keys are simply empty, as for a Go struct.
    let h = ServerHeader::from_json(b"{}").unwrap();
    assert_eq!(h, ServerHeader::default());
}

#[test]
fn from_json_rejects_ts_as_a_number() {
    // `Ts` is a JSON string; Go cannot unmarshal a number into a string field (§5.2, §8).
    assert!(ServerHeader::from_json(br#"{"Auth":"a","Ts":1778231267,"Uri":"/u"}"#).is_err());
    assert!(ServerHeader::from_json(br#"{"auth":"a","ts":1778231267,"uri":"/u"}"#).is_err());
    assert!(ServerHeader::from_json(br#"{"Auth":1,"Ts":"5","Uri":"/u"}"#).is_err());
}

#[test]
fn from_json_rejects_non_objects_and_bad_keys_base64() {
    for bad in [&b"[]"[..], b"\"x\"", b"null", b"", b"{", br#"{"Keys":"not base64!"}"#] {
        assert!(ServerHeader::from_json(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
    }
}

// ---------------------------------------------------------------------------------------------
// Public key format (§5.1)
// ---------------------------------------------------------------------------------------------

#[test]
fn served_public_key_is_pkcs1_not_spki() {
    let key = agent_key(1024);
    let served = key.public_base64_pkcs1();
    // "A 1024-bit key's string starts MIGJAoGB…; SPKI would start MIGfMA0G…" (§5.1).
    assert!(served.starts_with("MIGJAoGB"), "{served}");
    let rsa_public = RsaPublicKey::from_pkcs1_der(&STANDARD.decode(&served).unwrap()).unwrap();
    let spki = STANDARD.encode(rsa_public.to_public_key_der().unwrap().as_bytes());
    assert!(spki.starts_with("MIGfMA0G"), "{spki}");
    assert_eq!(PublicKey::from_base64_pkcs1(&spki), Err(KeyError::NotPkcs1));
    // PEM armour is not base64.
    let pem = format!("-----BEGIN RSA PUBLIC KEY-----\n{served}\n-----END RSA PUBLIC KEY-----\n");
    assert_eq!(PublicKey::from_base64_pkcs1(&pem), Err(KeyError::NotBase64));
}

#[test]
fn tiny_modulus_is_refused() {
    // A PKCS#1 key too small to hold PKCS#1 v1.5 padding plus any payload.
    let n = rsa::BigUint::from(0xC2D5_B4F3_9A1F_0E77_u64);
    let tiny = RsaPublicKey::new_unchecked(n, rsa::BigUint::from(65537u32));
    let der = rsa::pkcs1::EncodeRsaPublicKey::to_pkcs1_der(&tiny).unwrap();
    assert!(matches!(PublicKey::from_base64_pkcs1(&STANDARD.encode(der.as_bytes())), Err(KeyError::TooSmall(_))));
}

// ---------------------------------------------------------------------------------------------
// Body (§5.3)
// ---------------------------------------------------------------------------------------------

const BODY_SIZES: [usize; 7] = [0, 1, 15, 16, 17, 4096, 65536];

fn random_bytes(len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    OsRng.fill_bytes(&mut v);
    v
}

#[test]
fn body_round_trip_for_block_edge_sizes() {
    let keys = AesKeys::generate(&mut OsRng);
    for len in BODY_SIZES {
        let plain = random_bytes(len);
        let body = keys.encrypt(&plain);
        // PKCS#7 always pads, so the ciphertext is the next multiple of 16 above len.
        let cipher = STANDARD.decode(&body).expect("standard base64 text");
        assert_eq!(cipher.len(), (len / 16 + 1) * 16, "len {len}");
        assert_eq!(keys.decrypt(body.as_bytes()).expect("decrypts"), plain, "len {len}");
    }
}

#[test]
fn body_decrypts_with_plain_aes_cbc() {
    // Independent of AesKeys::decrypt: key = Keys[0..16], iv = Keys[16..32] (§5.3).
    let keys = AesKeys::generate(&mut OsRng);
    let wire_keys = STANDARD.decode(keys.to_base64()).unwrap();
    assert_eq!(wire_keys.len(), 32);
    for len in BODY_SIZES {
        let plain = random_bytes(len);
        let cipher = STANDARD.decode(keys.encrypt(&plain)).unwrap();
        let dec = cbc::Decryptor::<aes::Aes128>::new_from_slices(&wire_keys[..16], &wire_keys[16..]).unwrap();
        assert_eq!(dec.decrypt_padded_vec_mut::<Pkcs7>(&cipher).unwrap(), plain, "len {len}");
    }
}

#[test]
fn body_travels_with_the_keys_in_the_header() {
    // The full client -> server path of a POST: Keys in the header, the body under them.
    let key = agent_key(1024);
    let aes = AesKeys::generate(&mut OsRng);
    let body = aes.encrypt(br#"{"mode":"full","plus_archive":true,"encryption":"enc-pass"}"#);
    let header = ClientHeader {
        auth: "pw",
        ts: expiry_ts(NOW, 60),
        uri: "/api/v1/obcluster/backup",
        keys: Some(aes.to_base64()),
        session_id: None,
    };
    let server = key.decrypt_header(&key.public().sign(&header, &mut OsRng).unwrap()).unwrap();
    let plain = server.aes_keys().unwrap().decrypt(body.as_bytes()).unwrap();
    let request: obshell_api::BackupRequest = serde_json::from_slice(&plain).unwrap();
    assert_eq!(request.mode, Some(obshell_api::BackupMode::Full));
    assert_eq!(request.plus_archive, Some(true));
    assert_eq!(request.encryption.as_deref(), Some("enc-pass"));
}

#[test]
fn fresh_aes_keys_per_request() {
    let a = AesKeys::generate(&mut OsRng);
    let b = AesKeys::generate(&mut OsRng);
    assert_ne!(a, b);
    assert_ne!(a.key, a.iv, "key and IV are drawn separately");
}

// ---------------------------------------------------------------------------------------------
// Login (§1.2): data = base64 AES-CBC of the 64-hex session id under the request's Keys
// ---------------------------------------------------------------------------------------------

#[test]
fn login_session_id_comes_back_through_aes() {
    let key = agent_key(1024);
    let client_keys = AesKeys::generate(&mut OsRng);
    let header = ClientHeader {
        auth: "pw",
        ts: expiry_ts(NOW, 60),
        uri: "/api/v1/login",
        keys: Some(client_keys.to_base64()),
        session_id: None,
    };
    let server_header = key.decrypt_header(&key.public().sign(&header, &mut OsRng).unwrap()).unwrap();

    // Server: 32 random bytes as hex (§5.4), encrypted with the request's Keys.
    let session_id: String = random_bytes(32).iter().map(|b| format!("{b:02x}")).collect();
    let data = server_header.aes_keys().unwrap().encrypt(session_id.as_bytes());

    // Client: decrypt `data` with the keys it sent.
    let plain = client_keys.decrypt(data.as_bytes()).expect("the login data decrypts");
    let got = String::from_utf8(plain).expect("UTF-8");
    assert_eq!(got, session_id);
    assert_eq!(got.len(), 64);
    assert!(got.bytes().all(|b| b.is_ascii_hexdigit()));

    // Under other keys it does not come back.
    let other = AesKeys::generate(&mut OsRng);
    assert_ne!(other.decrypt(data.as_bytes()).ok(), Some(session_id.into_bytes()));
}
