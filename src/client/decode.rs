//! Turning an HTTP answer into obshell's envelope, or into a [`ClientError`] that says what
//! came back instead. Pure, so every hostile shape is tested natively.

use super::error::{ApiFailure, ClientError};
use obshell_api::Envelope;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// How much of a non-JSON body to show (a proxy's HTML error page, say).
const SNIPPET_CHARS: usize = 200;

/// An answer whose envelope passed every check, with its `data` still undecoded: the
/// envelope is decoded and checked once, the same code for every call, and only `data` is
/// decoded per type (by [`data`]), which keeps the bundle from carrying one envelope decoder
/// per response type.
#[derive(Debug)]
pub struct Reply<'a> {
    pub status: u16,
    data: Option<&'a RawValue>,
}

/// Check an answer. Success means HTTP 2xx and an envelope with `successful: true`;
/// everything else is an error that says what came back instead.
pub fn reply<'a>(status: u16, content_type: &str, body: &'a str) -> Result<Reply<'a>, ClientError> {
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        return Err(ClientError::Malformed { status, detail: "empty response body".into() });
    }
    if !trimmed.starts_with('{') {
        return Err(ClientError::NotJson {
            status,
            content_type: content_type.to_string(),
            snippet: trimmed.chars().take(SNIPPET_CHARS).collect(),
        });
    }
    // The data is only delimited here, so an error envelope with odd data still reports its
    // error, and data of the wrong shape is reported by [`data`] after the envelope's checks.
    let env = serde_json::from_str::<Envelope<&RawValue>>(body)
        .map_err(|e| ClientError::Malformed { status, detail: e.to_string() })?;
    check(status, env)
}

fn check(status: u16, env: Envelope<&RawValue>) -> Result<Reply<'_>, ClientError> {
    let failed = !env.successful || env.error.is_some() || !(200..300).contains(&status);
    if !failed {
        return Ok(Reply { status, data: env.data });
    }
    match env.error {
        Some(error) => Err(ClientError::Api(Box::new(ApiFailure::from_envelope(
            // The HTTP status is what obshell set; the envelope's copy only fills in for a
            // proxy that rewrote the status line to 200.
            if (200..300).contains(&status) { env.status } else { status },
            error,
            env.trace_id,
            env.duration,
        )))),
        None => Err(ClientError::Malformed {
            status,
            detail: format!("successful={} with HTTP {status} and no error object", env.successful),
        }),
    }
}

impl super::transport::RawResponse {
    /// This answer, checked by [`reply`].
    pub fn reply(&self) -> Result<Reply<'_>, ClientError> {
        reply(self.status, &self.content_type, &self.body)
    }
}

/// `data` must be present (and not `null`) for this call, in the shape `T`.
pub fn data<T: DeserializeOwned>(reply: Reply<'_>) -> Result<T, ClientError> {
    let status = reply.status;
    let raw = reply.data.ok_or(ClientError::Malformed { status, detail: "the response has no data".into() })?;
    serde_json::from_str(raw.get()).map_err(|e| ClientError::Malformed { status, detail: e.to_string() })
}

/// `data` in the shape `T` if the answer has any: for calls where obshell answers no data
/// when it has nothing to say.
pub fn optional_data<T: DeserializeOwned>(reply: Reply<'_>) -> Result<Option<T>, ClientError> {
    if reply.data.is_none() {
        return Ok(None);
    }
    data(reply).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use obshell_api::DagDetail;

    const OK_DAG: &str = r#"{"successful":true,"timestamp":"2026-01-01T00:00:00+08:00","duration":2,"status":200,"traceId":"0123456789abcdef",
        "data":{"id":"15","dag_id":5,"name":"Obcluster start full backup","stage":1,"max_stage":4,"state":"READY","operator":"RUN",
        "start_time":"2026-01-01T00:00:00+08:00","end_time":"2026-01-01T00:00:00+08:00","additional_data":null,"nodes":null}}"#;

    #[test]
    fn success() {
        let reply = reply(200, "application/json", OK_DAG).unwrap();
        assert_eq!(data::<DagDetail>(reply).unwrap().id, "15");
    }

    #[test]
    fn optional_data_is_none_only_when_there_is_none() {
        let answer = |data: &str| format!(r#"{{"successful":true,"status":200{data}}}"#);
        let read = |body: &str| optional_data::<DagDetail>(reply(200, "application/json", body).unwrap());
        assert!(matches!(read(&answer("")), Ok(None)), "no data");
        assert!(matches!(read(&answer(r#","data":null"#)), Ok(None)), "data: null");
        assert_eq!(read(OK_DAG).unwrap().map(|d| d.id).as_deref(), Some("15"));
        assert!(matches!(read(&answer(r#","data":[1]"#)), Err(ClientError::Malformed { .. })), "data of another shape");
    }

    #[test]
    fn obshell_error() {
        let body = r#"{"successful":false,"timestamp":"t","duration":1,"status":400,"traceId":"abc",
            "error":{"errCode":"OB.Backup.ArchiveDestEmpty","message":"Archive destination is empty, tenant: t1(1002)"}}"#;
        match reply(400, "application/json", body) {
            Err(ClientError::Api(f)) => {
                assert_eq!(f.status, 400);
                assert_eq!(f.err_code, "OB.Backup.ArchiveDestEmpty");
                assert_eq!(f.trace_id, "abc");
                assert_eq!(f.duration_ms, 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn proxy_html() {
        let e = reply(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>").unwrap_err();
        assert!(matches!(e, ClientError::NotJson { status: 502, ref snippet, .. } if snippet.contains("502")));
    }

    #[test]
    fn hostile_shapes() {
        for (status, body) in [
            (200, ""),
            (200, "{"),
            (200, r#"{"successful":true}"#),
            (200, r#"{"successful":"yes","status":200}"#),
            (200, r#"{"successful":false,"status":200,"timestamp":"t","duration":0,"traceId":""}"#),
            (200, r#"{"successful":true,"status":200,"data":{"id":5}}"#),
            (200, r#"{"successful":true,"status":200,"data":[1,2]}"#),
        ] {
            let r = reply(status, "application/json", body).and_then(data::<DagDetail>);
            assert!(matches!(r, Err(ClientError::Malformed { .. })), "{body}: {r:?}");
        }
    }

    #[test]
    fn error_with_odd_data_still_reports_the_error() {
        let body = r#"{"successful":false,"status":500,"timestamp":"t","duration":0,"traceId":"",
            "data":"weird","error":{"errCode":"Common.Unexpected","message":"boom"}}"#;
        let e = reply(500, "application/json", body).unwrap_err();
        assert!(matches!(e, ClientError::Api(ref f) if f.err_code == "Common.Unexpected"), "{e:?}");
    }

    #[test]
    fn missing_data() {
        for body in [
            r#"{"successful":true,"status":200,"timestamp":"t","duration":0,"traceId":""}"#,
            r#"{"successful":true,"status":200,"timestamp":"t","duration":0,"traceId":"","data":null}"#,
        ] {
            let reply = reply(200, "application/json", body).unwrap();
            assert!(matches!(data::<DagDetail>(reply), Err(ClientError::Malformed { .. })), "{body}");
        }
    }
}

/// The two-step decode (envelope with raw data, then the data) must answer exactly what a
/// one-step decode of `Envelope<T>` plus the same checks would: same successes, same values.
#[cfg(test)]
mod properties {
    use super::*;
    use obshell_api::DagDetail;
    use proptest::prelude::*;

    const FAILED_STAGE3: &str = include_str!("../../crates/obshell-api/tests/fixtures/dag/failed_stage3.json");

    /// The one-step reference: decode everything at once, then the same success rule.
    fn one_step(status: u16, body: &str) -> Option<DagDetail> {
        let env = serde_json::from_str::<Envelope<DagDetail>>(body).ok()?;
        let ok = env.successful && env.error.is_none() && (200..300).contains(&status);
        if ok { env.data } else { None }
    }

    fn two_step(status: u16, body: &str) -> Result<DagDetail, ClientError> {
        reply(status, "application/json", body).and_then(data::<DagDetail>)
    }

    fn agree(status: u16, body: &str) -> Result<(), TestCaseError> {
        let two = two_step(status, body);
        match one_step(status, body) {
            Some(expected) => prop_assert_eq!(two.ok(), Some(expected), "{}", body),
            None => prop_assert!(two.is_err(), "two-step accepted what one step refuses: {}", body),
        }
        Ok(())
    }

    #[test]
    fn the_fixture_decodes_both_ways() {
        let dag = two_step(200, FAILED_STAGE3).expect("fixture");
        assert_eq!(Some(dag), one_step(200, FAILED_STAGE3));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn mutated_answers_decode_as_one_step_would(pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>(), status in prop::sample::select(vec![200u16, 201, 400, 500])) {
            // A real DAG answer with one byte changed, then cut somewhere: a corrupting proxy,
            // a truncated read.
            let mut bytes = FAILED_STAGE3.as_bytes().to_vec();
            let i = pos.index(bytes.len());
            bytes[i] = byte;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            agree(status, &text)?;
            let n = cut.index(text.len() + 1);
            if let Some(prefix) = text.get(..n) {
                agree(status, prefix)?;
            }
        }

        #[test]
        fn json_like_text_decodes_as_one_step_would(text in r#"[{}\[\]":,0-9a-z_ .eE+-]{0,200}"#) {
            agree(200, &text)?;
        }
    }
}

