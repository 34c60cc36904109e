//! `auth::server::verify` in obshell's `Verify` order (reference/obshell-api.md §5.4–5.6).
//!
//! Order: header present → `Uri` equals the raw request-target → session path (session id set,
//! CLUSTER AGENT, not login: `Ts` then session) → password path (`Ts` only when `Auth` is
//! non-empty, then the password).

use obshell_api::auth::server::{verify, AuthFailure, Principal, ServerHeader, SessionState, VerifyRequest};
use obshell_api::error_code::ErrorKind;
use std::cell::Cell;

const NOW: i64 = 1_778_231_207;
const ROOT: &str = "R00t-p@ss";
const URI: &str = "/api/v1/obcluster/backup";
const SESSION: &str = "3f9c1a0b7d2e4c6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f";

fn header(auth: &str, ts: &str, uri: &str, session_id: &str) -> ServerHeader {
    ServerHeader { auth: auth.into(), ts: ts.into(), uri: uri.into(), keys: None, session_id: session_id.into() }
}

fn future() -> String {
    (NOW + 60).to_string()
}

fn past() -> String {
    (NOW - 1).to_string()
}

fn request<'a>(header: Option<&'a ServerHeader>, request_uri: &'a str) -> VerifyRequest<'a> {
    VerifyRequest {
        header,
        request_uri,
        now_unix_secs: NOW,
        is_cluster_agent: true,
        is_login_route: false,
        root_password: ROOT,
    }
}

/// Run verify with a session store that records whether it was consulted.
fn run(req: &VerifyRequest<'_>, store: SessionState) -> (Result<Principal, AuthFailure>, bool) {
    let asked = Cell::new(false);
    let result = verify(req, |id| {
        asked.set(true);
        assert_eq!(id, SESSION, "the store is asked about the header's session id");
        store
    });
    (result, asked.get())
}

fn expect_err(req: &VerifyRequest<'_>, store: SessionState) -> AuthFailure {
    match run(req, store).0 {
        Err(e) => e,
        Ok(p) => panic!("expected a rejection, got {p:?}"),
    }
}

fn assert_error(f: &AuthFailure, err_code: &str, status: u16, old_code: Option<i64>, message: &str) {
    let (kind, msg): (ErrorKind, String) = f.to_error();
    assert_eq!(kind.err_code, err_code, "{f:?}");
    assert_eq!(kind.status, status, "{f:?}");
    assert_eq!(kind.old_code, old_code, "{f:?}");
    assert_eq!(msg, message, "{f:?}");
}

// ---------------------------------------------------------------------------------------------
// 1. header present
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_header_is_400_not_401() {
    let f = expect_err(&request(None, URI), SessionState::Valid);
    assert_eq!(f, AuthFailure::HeaderNotFound);
    // §5.4 row 1 / §5.6: 400 Request.Header.NotFound, not wrapped, no old code.
    assert_error(
        &f,
        "Request.Header.NotFound",
        400,
        None,
        "X-OCS-Agent-Header or X-OCS-Header not found in http request header",
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Uri
// ---------------------------------------------------------------------------------------------

#[test]
fn uri_mismatch_beats_a_wrong_password_and_a_past_ts() {
    let h = header("wrong password", &past(), "/api/v1/obcluster/backup/config", "");
    let f = expect_err(&request(Some(&h), URI), SessionState::Valid);
    assert_eq!(f, AuthFailure::UriMismatch);
    assert_error(&f, "Security.Authentication.Header.UriMismatch", 401, Some(10008), "URI mismatch");
}

#[test]
fn uri_mismatch_beats_the_session_path() {
    let h = header("", "not a number", "/api/v1/obcluster/backup/", SESSION);
    let (result, asked) = run(&request(Some(&h), URI), SessionState::Unknown);
    assert_eq!(result, Err(AuthFailure::UriMismatch));
    assert!(!asked, "no session lookup before the Uri check");
}

#[test]
fn uri_must_match_byte_for_byte_including_the_query() {
    // The Python SDK signs `?show_details=True` (obshell-sdks.md §3); obshell compares with the
    // raw RequestURI (§5.4 row 2), so the query must be in both or in neither.
    let with_query = "/api/v1/task/dag/11?show_details=True";
    let without = "/api/v1/task/dag/11";
    let signed_with = header(ROOT, &future(), with_query, "");
    let signed_without = header(ROOT, &future(), without, "");

    assert_eq!(run(&request(Some(&signed_with), with_query), SessionState::Valid).0, Ok(Principal::Password));
    assert_eq!(run(&request(Some(&signed_without), without), SessionState::Valid).0, Ok(Principal::Password));
    assert_eq!(expect_err(&request(Some(&signed_with), without), SessionState::Valid), AuthFailure::UriMismatch);
    assert_eq!(expect_err(&request(Some(&signed_without), with_query), SessionState::Valid), AuthFailure::UriMismatch);

    // No normalisation of any kind: case, percent-encoding, trailing slash, query spelling.
    for other in [
        "/api/v1/task/dag/11?show_details=true",
        "/api/v1/task/dag/11?show_details=True&",
        "/API/v1/task/dag/11?show_details=True",
        "/api/v1/task/dag/11/?show_details=True",
        "/api/v1/task/dag/%311?show_details=True",
        "/api/v1/task/dag/11?show_details=True ",
    ] {
        assert_eq!(
            expect_err(&request(Some(&signed_with), other), SessionState::Valid),
            AuthFailure::UriMismatch,
            "{other}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. session path
// ---------------------------------------------------------------------------------------------

#[test]
fn session_path_checks_ts_before_the_session() {
    for ts in [past(), "soon".to_string(), String::new()] {
        let h = header("", &ts, URI, SESSION);
        let (result, asked) = run(&request(Some(&h), URI), SessionState::Valid);
        // §5.6: "Session path with an expired or invalid Ts (not wrapped)" → Expired, 401, 10008.
        assert_eq!(result, Err(AuthFailure::Expired { wrapped: false }), "Ts {ts:?}");
        assert!(!asked, "an expired Ts is refused before the session lookup");
        assert_error(
            &result.unwrap_err(),
            "Security.Authentication.Expired",
            401,
            Some(10008),
            "Authentication expired",
        );
    }
}

#[test]
fn session_path_unknown_and_expired_sessions() {
    let h = header("", &future(), URI, SESSION);
    let (unknown, asked) = run(&request(Some(&h), URI), SessionState::Unknown);
    assert!(asked);
    assert_eq!(unknown, Err(AuthFailure::SessionInvalid));
    assert_error(
        &unknown.unwrap_err(),
        "Security.Authentication.SessionInvalid",
        401,
        Some(10008),
        "Session is invalid",
    );

    let expired = run(&request(Some(&h), URI), SessionState::Expired).0;
    assert_eq!(expired, Err(AuthFailure::SessionExpired));
    assert_error(
        &expired.unwrap_err(),
        "Security.Authentication.SessionExpired",
        401,
        Some(10008),
        "Session is expired",
    );
}

#[test]
fn session_path_ignores_the_password() {
    // "The password is not checked on this path" (§5.4 row 3): a wrong Auth with a valid session
    // passes, and a right Auth does not rescue an unknown session.
    let wrong = header("wrong", &future(), URI, SESSION);
    assert_eq!(run(&request(Some(&wrong), URI), SessionState::Valid).0, Ok(Principal::Session(SESSION.into())));
    let right = header(ROOT, &future(), URI, SESSION);
    assert_eq!(run(&request(Some(&right), URI), SessionState::Unknown).0, Err(AuthFailure::SessionInvalid));
}

#[test]
fn ts_equal_to_now_is_not_expired() {
    // The only time check is `now > Ts` → expired (§5.5), so Ts == now passes.
    let h = header("", &NOW.to_string(), URI, SESSION);
    assert_eq!(run(&request(Some(&h), URI), SessionState::Valid).0, Ok(Principal::Session(SESSION.into())));
    let h = header(ROOT, &NOW.to_string(), URI, "");
    assert_eq!(run(&request(Some(&h), URI), SessionState::Valid).0, Ok(Principal::Password));
}

#[test]
fn far_future_ts_is_accepted() {
    // "There is no upper bound" (§5.5).
    let h = header(ROOT, &i64::MAX.to_string(), URI, "");
    assert_eq!(run(&request(Some(&h), URI), SessionState::Valid).0, Ok(Principal::Password));
}

#[test]
fn login_route_ignores_the_session_id() {
    // POST /api/v1/login uses Verify(ROUTE_LOGIN): password only, session id ignored (§1.2).
    let mut req_header = header(ROOT, &future(), "/api/v1/login", SESSION);
    let mut req = request(Some(&req_header), "/api/v1/login");
    req.is_login_route = true;
    let (result, asked) = run(&req, SessionState::Unknown);
    assert_eq!(result, Ok(Principal::Password));
    assert!(!asked, "the session store is not consulted on login");

    req_header.auth = "wrong".into();
    let mut req = request(Some(&req_header), "/api/v1/login");
    req.is_login_route = true;
    assert_eq!(
        run(&req, SessionState::Valid).0,
        Err(AuthFailure::IncorrectPassword),
        "a valid session does not bypass the login password"
    );
}

#[test]
fn session_id_on_a_non_cluster_agent_takes_the_password_path() {
    // The session path needs a CLUSTER AGENT (§5.4 row 3).
    let h = header(ROOT, &future(), URI, SESSION);
    let mut req = request(Some(&h), URI);
    req.is_cluster_agent = false;
    let (result, asked) = run(&req, SessionState::Unknown);
    assert_eq!(result, Ok(Principal::Password));
    assert!(!asked);
}

// ---------------------------------------------------------------------------------------------
// 4. password path
// ---------------------------------------------------------------------------------------------

#[test]
fn password_path_bad_ts_is_timestamp_invalid() {
    for ts in ["", "abc", "1.5", "0x10", "17782312070000000000000"] {
        let h = header(ROOT, ts, URI, "");
        let f = expect_err(&request(Some(&h), URI), SessionState::Valid);
        assert!(matches!(&f, AuthFailure::TimestampInvalid { ts: t, .. } if t == ts), "{ts:?}: {f:?}");
        let (kind, message) = f.to_error();
        assert_eq!(
            (kind.err_code, kind.status, kind.old_code),
            ("Security.Authentication.Timestamp.Invalid", 401, Some(10008))
        );
        // "Unauthorized: Invalid timestamp: %s, err: %s" (§5.6).
        let prefix = format!("Unauthorized: Invalid timestamp: {ts}, err: ");
        assert!(message.starts_with(&prefix) && message.len() > prefix.len(), "{message}");
    }
}

#[test]
fn password_path_past_ts_is_expired_and_wrapped() {
    let h = header(ROOT, &past(), URI, "");
    let f = expect_err(&request(Some(&h), URI), SessionState::Valid);
    assert_eq!(f, AuthFailure::Expired { wrapped: true });
    assert_error(&f, "Security.Authentication.Expired", 401, Some(10008), "Unauthorized: Authentication expired");
}

#[test]
fn password_path_checks_ts_before_the_password() {
    // A wrong password with an expired Ts reports the expiry (§5.4 row 4: Ts, then Auth).
    let h = header("wrong", &past(), URI, "");
    assert_eq!(expect_err(&request(Some(&h), URI), SessionState::Valid), AuthFailure::Expired { wrapped: true });
}

#[test]
fn wrong_password_is_incorrect_password() {
    for auth in ["wrong", "r00t-p@ss", "R00t-p@ss ", " R00t-p@ss"] {
        let h = header(auth, &future(), URI, "");
        let f = expect_err(&request(Some(&h), URI), SessionState::Valid);
        assert_eq!(f, AuthFailure::IncorrectPassword, "{auth:?}");
        assert_error(
            &f,
            "Security.Authentication.IncorrectOceanbasePassword",
            401,
            Some(10008),
            "Unauthorized: OceanBase password is incorrect",
        );
    }
    let h = header(ROOT, &future(), URI, "");
    assert_eq!(run(&request(Some(&h), URI), SessionState::Valid).0, Ok(Principal::Password));
}

#[test]
fn empty_auth_passes_only_with_an_empty_root_password() {
    // "An empty Auth passes only if the root password is empty, and then with no Ts check" (§5.4).
    for ts in [past(), "garbage".to_string(), future()] {
        let h = header("", &ts, URI, "");
        let mut req = request(Some(&h), URI);
        req.root_password = "";
        assert_eq!(run(&req, SessionState::Valid).0, Ok(Principal::Password), "Ts {ts:?}");

        req.root_password = ROOT;
        assert!(run(&req, SessionState::Valid).0.is_err(), "Ts {ts:?}: empty Auth with a real root password");
    }
    let h = header("", &future(), URI, "");
    assert_eq!(expect_err(&request(Some(&h), URI), SessionState::Valid), AuthFailure::IncorrectPassword);
}

// ---------------------------------------------------------------------------------------------
// Error table (§5.6): every auth rejection is a 401 with old code 10008, except the missing
// header (400, no code).
// ---------------------------------------------------------------------------------------------

#[test]
fn every_auth_rejection_maps_to_401_and_10008_except_the_missing_header() {
    let failures = [
        AuthFailure::UriMismatch,
        AuthFailure::Expired { wrapped: true },
        AuthFailure::Expired { wrapped: false },
        AuthFailure::TimestampInvalid { ts: "x".into(), reason: "r".into() },
        AuthFailure::IncorrectPassword,
        AuthFailure::SessionInvalid,
        AuthFailure::SessionExpired,
    ];
    for f in failures {
        let (kind, message) = f.to_error();
        assert_eq!(kind.status, 401, "{f:?}");
        assert_eq!(kind.old_code, Some(10008), "{f:?}");
        assert!(kind.err_code.starts_with("Security.Authentication."), "{f:?}");
        assert!(!message.is_empty());
        // The code table agrees with what verify reports.
        assert_eq!(obshell_api::error_code::kind_of(kind.err_code), Some(kind));
    }
    let (kind, _) = AuthFailure::HeaderNotFound.to_error();
    assert_eq!((kind.status, kind.old_code), (400, None));
}
