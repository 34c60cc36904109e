//! Nothing the network hands us may panic (DESIGN §6: a panic in wasm kills the whole panel).
//! Every decoder answers Ok or a typed Err for arbitrary input, plus targeted malformed cases:
//! bad base64, wrong RSA block sizes, bad padding, truncated and mistyped JSON.
//!
//! Failure classes and limits come from reference/obshell-api.md §5.2–5.3 (header and body
//! decryption) and §4 (DTO shapes).

mod common;

use base64::{engine::general_purpose::STANDARD, Engine};
use common::{agent_key, phase, SEED_RESPONSE};
use obshell_api::auth::server::ServerHeader;
use obshell_api::auth::{AesKeys, BodyDecryptError, ClientHeader, PublicKey};
use obshell_api::generic_id::AgentAddr;
use obshell_api::{Contents, DagDetail, Envelope, GenericId, ObTime, Operator, State};
use proptest::prelude::*;
use rand_core::OsRng;
use std::net::{Ipv4Addr, Ipv6Addr};

/// RSA decryption in a debug build costs about a millisecond a block; keep those cases fewer.
const CASES: u32 = 256;
const RSA_CASES: u32 = 64;

/// A 512-bit key: k = 64, so arbitrary inputs hit whole-block lengths often.
const K: usize = 64;

fn key() -> &'static obshell_api::auth::server::PrivateKey {
    agent_key(512)
}

fn valid_header() -> String {
    let h = ClientHeader {
        auth: "pw",
        ts: "1778231267".into(),
        uri: "/api/v1/task/dag/112?show_details=True",
        keys: Some(AesKeys::from_bytes(&[7; 32]).unwrap().to_base64()),
        session_id: None,
    };
    key().public().sign(&h, &mut OsRng).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Properties: arbitrary input never panics
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn envelope_decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<Envelope<DagDetail>>(&bytes);
        let _ = serde_json::from_slice::<Envelope<Contents<DagDetail>>>(&bytes);
    }

    #[test]
    fn envelope_decoders_never_panic_on_json_like_text(text in r#"[{}\[\]":,0-9a-z_ .eE+-]{0,200}"#) {
        let _ = serde_json::from_str::<Envelope<DagDetail>>(&text);
        let _ = serde_json::from_str::<Envelope<Contents<DagDetail>>>(&text);
    }

    #[test]
    fn dag_decoder_never_panics_on_mutated_fixtures(pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        // Mutate one byte of a real DAG envelope, then cut it somewhere: closer to the real
        // failure modes (corrupted proxies, truncated reads) than random bytes.
        let mut bytes = phase::FAILED_STAGE3.as_bytes().to_vec();
        let i = pos.index(bytes.len());
        bytes[i] = byte;
        let _ = serde_json::from_slice::<Envelope<DagDetail>>(&bytes);
        let n = cut.index(bytes.len() + 1);
        let _ = serde_json::from_slice::<Envelope<DagDetail>>(&bytes[..n]);
    }

    #[test]
    fn generic_id_parse_never_panics_and_canonicalises(text in "\\PC{0,80}") {
        if let Ok(id) = text.parse::<GenericId>() {
            // Whatever parses formats to a text that parses to the same id.
            prop_assert_eq!(id.to_string().parse::<GenericId>(), Ok(id));
        }
    }

    #[test]
    fn generic_id_parse_of_digit_strings(text in "[1-5][0-9]{0,60}") {
        if let Ok(id) = text.parse::<GenericId>() {
            prop_assert_eq!(id.to_string().parse::<GenericId>(), Ok(id));
        }
    }

    #[test]
    fn ob_time_parse_never_panics_and_round_trips(text in "\\PC{0,40}") {
        if let Some(t) = ObTime::parse(&text) {
            let back = ObTime::parse(&t.to_go_string());
            prop_assert_eq!(back, Some(t));
            prop_assert_eq!(back.unwrap().offset(), t.offset());
        }
    }

    #[test]
    fn ob_time_round_trips_generated_rfc3339(
        y in 0u32..10000, mo in 1u32..13, d in 1u32..29, h in 0u32..24, mi in 0u32..60, s in 0u32..60,
        frac in proptest::option::of("[0-9]{1,9}"), off in proptest::option::of((any::<bool>(), 0u32..24, 0u32..60)),
    ) {
        let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
        let zone = match off {
            None => "Z".to_string(),
            Some((east, oh, om)) => format!("{}{oh:02}:{om:02}", if east { '+' } else { '-' }),
        };
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{zone}");
        let t = ObTime::parse(&text);
        prop_assert!(t.is_some(), "valid RFC 3339 refused: {}", text);
        let t = t.unwrap();
        let go = t.to_go_string();
        // Go's RFC3339Nano: no trailing zeros in the fraction, no empty fraction.
        if let Some(dot) = go.find('.') {
            let digits: String = go[dot + 1..].chars().take_while(char::is_ascii_digit).collect();
            prop_assert!(!digits.is_empty() && !digits.ends_with('0'), "{} -> {}", text, go);
        }
        let back = ObTime::parse(&go).unwrap();
        prop_assert_eq!(back, t);
        prop_assert_eq!(back.offset(), t.offset());
    }

    #[test]
    fn public_key_parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300), text in "\\PC{0,200}") {
        let _ = PublicKey::from_base64_pkcs1(&STANDARD.encode(&bytes));
        let _ = PublicKey::from_base64_pkcs1(&text);
    }

    #[test]
    fn aes_keys_from_bytes_follows_obshells_length_rules(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        // §5.3: shorter than 16 → KeyAndIv.Invalid; exactly 32 → key ‖ iv; anything else
        // (IV not 16 bytes) panics inside obshell → 500 Common.Unexpected.
        let got = AesKeys::from_bytes(&bytes);
        match bytes.len() {
            0..=15 => prop_assert_eq!(got, Err(BodyDecryptError::KeyAndIvInvalid)),
            32 => {
                let keys = got.unwrap();
                prop_assert_eq!(&keys.key[..], &bytes[..16]);
                prop_assert_eq!(&keys.iv[..], &bytes[16..]);
            }
            _ => prop_assert_eq!(got, Err(BodyDecryptError::Malformed)),
        }
    }

    #[test]
    fn aes_decrypt_never_panics(key in any::<[u8; 32]>(), body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let keys = AesKeys::from_bytes(&key).unwrap();
        // Raw bytes as a body (mostly not base64).
        let _ = keys.decrypt(&body);
        // Base64 of arbitrary ciphertext: the length rule decides before the padding does.
        let result = keys.decrypt(STANDARD.encode(&body).as_bytes());
        if body.is_empty() {
            prop_assert_eq!(result, Err(BodyDecryptError::Malformed));
        } else if body.len() % 16 != 0 {
            prop_assert_eq!(result, Err(BodyDecryptError::ContentLengthInvalid));
        }
    }
}

/// Arbitrary bytes of k·n - 1, k·n or k·n + 1 bytes, n < 4: the lengths where block handling can
/// go wrong.
fn near_whole_blocks() -> impl Strategy<Value = Vec<u8>> {
    (0usize..4, 0usize..3)
        .prop_flat_map(|(blocks, extra)| proptest::collection::vec(any::<u8>(), (blocks * K + extra).saturating_sub(1)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(RSA_CASES))]

    #[test]
    fn decrypt_header_never_panics_on_arbitrary_base64(bytes in near_whole_blocks()) {
        let result = key().decrypt_header(&STANDARD.encode(&bytes));
        // Random blocks are not valid PKCS#1 v1.5 ciphertexts of JSON.
        prop_assert!(result.is_err());
    }

    #[test]
    fn decrypt_header_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        prop_assert!(key().decrypt_header(&text).is_err());
    }

    #[test]
    fn decrypt_header_refuses_any_single_byte_flip(pos in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let mut raw = STANDARD.decode(valid_header()).unwrap();
        let i = pos.index(raw.len());
        raw[i] ^= flip;
        prop_assert!(key().decrypt_header(&STANDARD.encode(&raw)).is_err(), "flip {:#x} at {}", flip, i);
    }
}

// ---------------------------------------------------------------------------------------------
// Targeted: header decryption (§5.2 steps 2–3, §5.6 DecryptFailed)
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_header_fixture_decrypts() {
    // Guard for the mutation tests: the unmutated header is fine.
    let h = key().decrypt_header(&valid_header()).unwrap();
    assert_eq!(h.uri, "/api/v1/task/dag/112?show_details=True");
}

#[test]
fn bad_base64_headers_are_errors() {
    let good = valid_header();
    // One 64-byte block encodes with "==" padding (64 = 3 * 21 + 1).
    let one_block = key().public().encrypt_chunked(b"{}", &mut OsRng).unwrap();
    assert!(one_block.ends_with("=="));
    assert!(key().decrypt_header(&one_block).is_ok(), "guard: the unmangled block is fine");
    for bad in [
        "!!!!".to_string(),
        "abc".to_string(),                                   // not padded
        one_block.trim_end_matches('=').to_string(),         // padding stripped
        format!("{one_block}="),                             // extra padding
        format!("-{}", &good[1..]),                          // URL-safe alphabet
        format!("{}_==", &one_block[..one_block.len() - 3]), // URL-safe alphabet
        format!("{}\u{e9}", &good[..good.len() - 4]),        // non-ASCII
        String::new(),
        " ".into(),
    ] {
        assert!(key().decrypt_header(&bad).is_err(), "{bad:?}");
    }
}

#[test]
fn wrong_block_sizes_are_errors() {
    let raw = STANDARD.decode(valid_header()).unwrap();
    assert_eq!(raw.len() % K, 0);
    for len in [1, K - 1, K + 1, raw.len() - 1] {
        let cut = STANDARD.encode(&raw[..len]);
        assert!(key().decrypt_chunked(&cut).is_err(), "{len} bytes");
        assert!(key().decrypt_header(&cut).is_err(), "{len} bytes");
    }
    let mut longer = raw.clone();
    longer.push(0);
    assert!(key().decrypt_header(&STANDARD.encode(&longer)).is_err());
    // A 1024-bit ciphertext sent to a 512-bit agent (the key changed): whole multiple of 64,
    // but every block is garbage.
    let other = agent_key(1024).public();
    let h = ClientHeader { auth: "pw", ts: "1".into(), uri: "/api/v1/info", keys: None, session_id: None };
    assert!(key().decrypt_header(&other.sign(&h, &mut OsRng).unwrap()).is_err());
}

#[test]
fn blocks_with_deterministically_bad_padding_are_errors() {
    // c = 0 and c = 1 decrypt to m = 0 and m = 1: no 0x00 0x02 prefix. All-0xFF is ≥ n.
    let zero = vec![0u8; K];
    let mut one = vec![0u8; K];
    one[K - 1] = 1;
    let high = vec![0xFFu8; K];
    for block in [zero, one, high] {
        assert!(key().decrypt_chunked(&STANDARD.encode(&block)).is_err());
        // Also as the second block after a valid one.
        let mut raw = STANDARD.decode(valid_header()).unwrap();
        raw.truncate(K);
        raw.extend_from_slice(&block);
        assert!(key().decrypt_chunked(&STANDARD.encode(&raw)).is_err());
    }
}

#[test]
fn header_that_is_not_json_is_an_error() {
    let public = key().public();
    for plain in [&b""[..], b"not json", b"{\"Auth\":", b"[1,2]", b"\"str\"", b"\xff\xfe"] {
        if plain.is_empty() {
            // An empty plaintext encrypts to nothing at all: the empty string.
            assert_eq!(public.encrypt_chunked(plain, &mut OsRng).unwrap(), "");
        }
        let sealed = public.encrypt_chunked(plain, &mut OsRng).unwrap();
        assert!(key().decrypt_header(&sealed).is_err(), "{:?}", String::from_utf8_lossy(plain));
    }
    // JSON, but Ts as a number (§5.2: Ts is a string).
    let sealed = public.encrypt_chunked(br#"{"Auth":"pw","Ts":1,"Uri":"/"}"#, &mut OsRng).unwrap();
    assert!(key().decrypt_header(&sealed).is_err());
}

#[test]
fn server_header_keys_of_wrong_sizes() {
    // §5.3: Keys shorter than 16 bytes → KeyAndIv.Invalid; 16–31 or over 32 → Malformed.
    for (len, want) in [
        (0, BodyDecryptError::KeyAndIvInvalid),
        (15, BodyDecryptError::KeyAndIvInvalid),
        (16, BodyDecryptError::Malformed),
        (31, BodyDecryptError::Malformed),
        (33, BodyDecryptError::Malformed),
    ] {
        let h = ServerHeader { keys: Some(vec![1; len]), ..Default::default() };
        assert_eq!(h.aes_keys(), Err(want), "{len} bytes");
    }
    // Missing Keys with a body behaves as "shorter than 16".
    assert_eq!(ServerHeader::default().aes_keys(), Err(BodyDecryptError::KeyAndIvInvalid));
}

// ---------------------------------------------------------------------------------------------
// Targeted: body decryption (§5.3 failure table)
// ---------------------------------------------------------------------------------------------

fn keys() -> AesKeys {
    AesKeys::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap()
}

#[test]
fn plain_json_body_is_refused() {
    // "Plain JSON sent instead of base64 ciphertext, even a literal {}" → 500 in obshell.
    for body in [&b"{}"[..], br#"{"mode":"full"}"#, b""] {
        assert_eq!(keys().decrypt(body), Err(BodyDecryptError::Malformed), "{:?}", String::from_utf8_lossy(body));
    }
}

#[test]
fn body_of_wrong_length_is_content_length_invalid() {
    for len in [1, 15, 17, 31, 33] {
        let body = STANDARD.encode(vec![9u8; len]);
        assert_eq!(keys().decrypt(body.as_bytes()), Err(BodyDecryptError::ContentLengthInvalid), "{len}");
    }
}

#[test]
fn bad_padding_is_an_error_not_a_panic() {
    // CBC: flipping bit b of byte i in the previous block (or the IV) flips the same bit of
    // plaintext byte i. XOR 0x80 into the last padding byte makes it ≥ 0x80 > 16: invalid
    // PKCS#7 for certain, whatever the key.
    let k = keys();
    for plain in [&br#"{"mode":"full"}"#[..], b"", b"0123456789abcdef0123"] {
        let cipher = STANDARD.decode(k.encrypt(plain)).unwrap();
        if cipher.len() == 16 {
            let mut iv = k.iv;
            iv[15] ^= 0x80;
            let shifted = AesKeys { key: k.key, iv };
            assert_eq!(shifted.decrypt(k.encrypt(plain).as_bytes()), Err(BodyDecryptError::Malformed));
        }
        let mut bad = cipher.clone();
        if bad.len() >= 32 {
            let n = bad.len();
            bad[n - 17] ^= 0x80;
            assert_eq!(k.decrypt(STANDARD.encode(&bad).as_bytes()), Err(BodyDecryptError::Malformed));
        }
        // Wrong key: garbage that fails or decodes to something else, never the plaintext.
        let other = AesKeys { key: [0xAA; 16], iv: k.iv };
        assert_ne!(other.decrypt(k.encrypt(plain).as_bytes()).ok().as_deref(), Some(plain));
    }
}

#[test]
fn body_base64_with_line_breaks_is_accepted() {
    // Only whitespace is tolerated around and inside the base64 text.
    let k = keys();
    let body = k.encrypt(&[b'x'; 100]);
    let wrapped: String =
        body.as_bytes().chunks(20).map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap())).collect();
    assert_eq!(k.decrypt(wrapped.as_bytes()).unwrap(), vec![b'x'; 100]);
}

// ---------------------------------------------------------------------------------------------
// Targeted: DAG JSON
// ---------------------------------------------------------------------------------------------

fn dag_json(patch: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    patch(v["data"].as_object_mut().unwrap());
    v.to_string()
}

fn decode(text: &str) -> Result<Envelope<DagDetail>, serde_json::Error> {
    serde_json::from_str(text)
}

#[test]
fn every_prefix_of_a_dag_envelope_fails_cleanly() {
    for text in [SEED_RESPONSE, phase::RETRIED_RUNNING] {
        let full = text.trim_end();
        for n in 0..=text.len() {
            if !text.is_char_boundary(n) {
                continue;
            }
            let prefix = &text[..n];
            let result = decode(prefix);
            // Only a prefix holding the whole document (maybe minus trailing whitespace) decodes.
            assert_eq!(result.is_ok(), prefix.trim_end() == full, "prefix of {n} bytes: {result:?}");
        }
    }
}

#[test]
fn wrong_types_are_errors() {
    // Go's decoder refuses these too (an int field given a string, an out-of-range number).
    for (key, value) in [
        ("stage", serde_json::json!("1")),
        ("max_stage", serde_json::json!(-1)),
        ("dag_id", serde_json::json!("4")),
        ("dag_id", serde_json::json!(4.5)),
        ("nodes", serde_json::json!({})),
        ("nodes", serde_json::json!("none")),
        ("id", serde_json::json!(22130706433028869u64)),
        ("additional_data", serde_json::json!([1, 2])),
    ] {
        let text = dag_json(|d| {
            d.insert(key.into(), value.clone());
        });
        assert!(decode(&text).is_err(), "{key}: {value}");
    }
    // 1e400 cannot even be built as a serde_json value: splice it in as text.
    let text = SEED_RESPONSE.replace(r#""dag_id": 4"#, r#""dag_id": 1e400"#);
    assert_ne!(text, SEED_RESPONSE);
    assert!(decode(&text).is_err());
}

#[test]
fn huge_numbers_are_errors_not_wraps() {
    for big in ["99999999999999999999999", "9223372036854775808", "-9223372036854775809"] {
        let text = SEED_RESPONSE.replace(r#""dag_id": 4"#, &format!(r#""dag_id": {big}"#));
        assert!(decode(&text).is_err(), "dag_id {big}");
    }
    let text = SEED_RESPONSE.replace(r#""stage": 1"#, r#""stage": 4294967296"#);
    assert!(decode(&text).is_err(), "stage past u32");
    // The extremes that do fit are kept exactly.
    let text = SEED_RESPONSE.replace(r#""dag_id": 4"#, r#""dag_id": 9223372036854775807"#);
    assert_eq!(decode(&text).unwrap().data.unwrap().dag_id, i64::MAX);
}

#[test]
fn unknown_enum_values_are_kept() {
    for (value, state) in [
        (serde_json::json!("PAUSED"), State::Unknown("PAUSED".into())),
        (serde_json::json!(""), State::Unknown(String::new())),
        (serde_json::json!("ready"), State::Unknown("ready".into())),
        (serde_json::json!(3), State::Unknown("3".into())),
        (serde_json::json!(null), State::Unknown("null".into())),
    ] {
        let text = dag_json(|d| {
            d.insert("state".into(), value.clone());
            d.insert("operator".into(), value.clone());
        });
        let dag = decode(&text).unwrap_or_else(|e| panic!("{value}: {e}")).data.unwrap();
        assert_eq!(dag.state, state, "{value}");
        assert!(matches!(dag.operator, Operator::Unknown(_)), "{value}");
        // An unknown state is neither finished nor started.
        assert!(!dag.is_finished());
    }
}

#[test]
fn missing_required_fields_are_errors() {
    for key in ["id", "state", "operator"] {
        let text = dag_json(|d| {
            d.remove(key);
        });
        assert!(decode(&text).is_err(), "without {key}");
    }
    for key in ["successful", "status"] {
        let mut v: serde_json::Value = serde_json::from_str(SEED_RESPONSE).unwrap();
        v.as_object_mut().unwrap().remove(key);
        assert!(decode(&v.to_string()).is_err(), "envelope without {key}");
    }
    // A required field missing deep inside a node fails the DAG too.
    let mut v: serde_json::Value = serde_json::from_str(phase::FAILED_STAGE3).unwrap();
    v["data"]["nodes"][2]["sub_tasks"][0].as_object_mut().unwrap().remove("state");
    assert!(decode(&v.to_string()).is_err());
}

#[test]
fn non_object_data_is_an_error() {
    for data in ["[]", "\"x\"", "1", "true"] {
        let text = SEED_RESPONSE.replacen(r#""data": {"#, &format!(r#""data": {data}, "unused": {{"#), 1);
        assert!(decode(&text).is_err(), "data = {data}");
    }
}

// ---------------------------------------------------------------------------------------------
// GenericId: Display / FromStr round trip (§4.4)
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn cluster_ids_round_trip(n in any::<u64>()) {
        let id = GenericId::Cluster(n);
        let text = id.to_string();
        // "1" + decimal id (§4.4).
        prop_assert_eq!(&text, &format!("1{n}"));
        prop_assert_eq!(text.parse::<GenericId>(), Ok(id));
    }

    #[test]
    fn local_v4_ids_round_trip(ip in any::<u32>(), port in any::<u16>(), n in any::<u64>(), obproxy in any::<bool>()) {
        let id = GenericId::Local { agent: AgentAddr::V4(Ipv4Addr::from(ip), port), id: n, obproxy };
        let text = id.to_string();
        // prefix 2 (or 4) + 10-digit IPv4 + 5-digit port + id.
        prop_assert_eq!(&text[..1], if obproxy { "4" } else { "2" });
        prop_assert_eq!(&text[1..11], format!("{ip:010}"));
        prop_assert_eq!(&text[11..16], format!("{port:05}"));
        prop_assert_eq!(&text[16..], n.to_string());
        prop_assert_eq!(text.parse::<GenericId>(), Ok(id));
    }

    #[test]
    fn local_v6_ids_round_trip(ip in any::<u128>(), port in any::<u16>(), n in any::<u64>(), obproxy in any::<bool>()) {
        let id = GenericId::Local { agent: AgentAddr::V6(Ipv6Addr::from(ip), port), id: n, obproxy };
        let text = id.to_string();
        // prefix 3 (or 5) + 39-digit IPv6 + 5-digit port + id.
        prop_assert_eq!(&text[..1], if obproxy { "5" } else { "3" });
        prop_assert_eq!(&text[1..40], format!("{ip:039}"));
        prop_assert_eq!(&text[40..45], format!("{port:05}"));
        prop_assert_eq!(&text[45..], n.to_string());
        prop_assert_eq!(text.parse::<GenericId>(), Ok(id));
    }
}

#[test]
fn generic_id_edge_cases() {
    // A local id needs all of prefix, address, port and a non-empty id.
    let v4 = format!("2{:010}{:05}", u32::from(Ipv4Addr::new(127, 0, 0, 1)), 2886);
    assert!(v4.parse::<GenericId>().is_err(), "no id digits");
    assert!(format!("{v4}9").parse::<GenericId>().is_ok());
    // Address or port out of range.
    assert!(format!("2{}{:05}9", "9999999999", 2886).parse::<GenericId>().is_err(), "IPv4 past u32");
    assert!(format!("2{:010}{}9", 1, "99999").parse::<GenericId>().is_err(), "port past u16");
    assert!(format!("3{}{:05}9", "9".repeat(39), 2886).parse::<GenericId>().is_err(), "IPv6 past u128");
    // Signs, spaces, non-ASCII digits.
    for bad in ["1+5", "+15", " 15", "15 ", "1٣", "2-000000001028869", "6123", "0123"] {
        assert!(bad.parse::<GenericId>().is_err(), "{bad:?}");
    }
}
