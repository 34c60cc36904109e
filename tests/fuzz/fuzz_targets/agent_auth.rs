//! The sim's (obshell's) side of v2 auth after RSA: the decrypted header's JSON, the AES keys it
//! carries, the body they decrypt, and `Verify` on what came out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obshell_api::auth::server::{verify, ServerHeader, SessionState, VerifyRequest};

fuzz_target!(|input: &[u8]| {
    // A header's JSON, then (after the first 0xFF, which JSON text never holds) a body.
    let (header, body) = match input.iter().position(|&b| b == 0xFF) {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, &[][..]),
    };
    let Ok(header) = ServerHeader::from_json(header) else { return };
    if let Ok(keys) = header.aes_keys() {
        let _ = keys.decrypt(body);
    }
    for (cluster, login, password) in [(true, false, "pw"), (true, true, ""), (false, false, "pw")] {
        let req = VerifyRequest {
            header: Some(&header),
            request_uri: "/api/v1/obcluster/backup",
            is_cluster_agent: cluster,
            is_login_route: login,
            root_password: password,
            now_unix_secs: 1_778_231_267,
        };
        let _ = verify(&req, |id| if id.len() % 2 == 0 { SessionState::Valid } else { SessionState::Expired });
    }
});
