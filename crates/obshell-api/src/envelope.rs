//! The JSON envelope around every `/api/v1` response (`ob/agent/lib/http/response.go`).

use serde::{Deserialize, Serialize};

/// `{successful, timestamp, duration, status, traceId, data?, error?}`.
///
/// `data` is absent on PATCH success and on errors, `null` for a typed nil, an object, or
/// `{"contents": [...]}` for lists (decode those with [`Contents`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub successful: bool,
    /// Server time, RFC 3339 with nanoseconds; kept as text (it is only shown).
    #[serde(default)]
    pub timestamp: String,
    /// Milliseconds spent in obshell's middleware chain.
    #[serde(default)]
    pub duration: u64,
    pub status: u16,
    #[serde(rename = "traceId", default)]
    pub trace_id: String,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

fn none<T>() -> Option<T> {
    None
}

/// The `error` object of a failed response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ApiError {
    /// Deprecated numeric code (1 = header decrypt failed, 10008 = unauthorized); omitted when 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(rename = "errCode", default)]
    pub err_code: String,
    #[serde(default)]
    pub message: String,
    #[serde(rename = "subErrors", default, skip_serializing_if = "Option::is_none")]
    pub sub_errors: Option<Vec<SubError>>,
}

/// One entry of `subErrors`. obshell fills these only on its rare multi-error path; decode them
/// leniently so an unexpected shape shows as text instead of failing the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SubError {
    Structured {
        #[serde(rename = "errCode", default)]
        err_code: String,
        #[serde(default)]
        message: String,
    },
    Text(String),
    Other(serde_json::Value),
}

impl SubError {
    pub fn describe(&self) -> String {
        match self {
            SubError::Structured { err_code, message } if err_code.is_empty() => message.clone(),
            SubError::Structured { err_code, message } => format!("{err_code}: {message}"),
            SubError::Text(text) => text.clone(),
            SubError::Other(value) => value.to_string(),
        }
    }
}

/// How obshell wraps a Go slice in `data`. A nil Go slice arrives as `{"contents": null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Contents<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub contents: Vec<T>,
}

/// A JSON `null` list as an empty one (a nil Go slice).
pub(crate) fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

impl<T> Envelope<T> {
    /// A success envelope as obshell writes it.
    pub fn ok(data: Option<T>, trace_id: String, timestamp: String, duration: u64) -> Self {
        Envelope { successful: true, timestamp, duration, status: 200, trace_id, data, error: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_absent_null_and_present() {
        let absent: Envelope<serde_json::Value> = serde_json::from_str(
            r#"{"successful":true,"timestamp":"t","duration":0,"status":200,"traceId":"ab"}"#,
        )
        .unwrap();
        assert!(absent.data.is_none());
        let null: Envelope<Option<u32>> = serde_json::from_str(
            r#"{"successful":true,"timestamp":"t","duration":0,"status":200,"traceId":"ab","data":null}"#,
        )
        .unwrap();
        assert_eq!(null.data, None);
        let list: Envelope<Contents<u32>> = serde_json::from_str(
            r#"{"successful":true,"timestamp":"t","duration":3,"status":200,"traceId":"ab","data":{"contents":[1,2]}}"#,
        )
        .unwrap();
        assert_eq!(list.data.unwrap().contents, vec![1, 2]);
    }

    #[test]
    fn error_with_sub_errors_of_any_shape() {
        let e: Envelope<()> = serde_json::from_str(
            r#"{"successful":false,"timestamp":"t","duration":1,"status":400,"traceId":"x",
                "error":{"errCode":"Common.BindJsonFailed","message":"validation error",
                "subErrors":[{"errCode":"A","message":"b"},"plain",7]}}"#,
        )
        .unwrap();
        let err = e.error.unwrap();
        assert_eq!(err.err_code, "Common.BindJsonFailed");
        let subs: Vec<String> = err.sub_errors.unwrap().iter().map(SubError::describe).collect();
        assert_eq!(subs, vec!["A: b", "plain", "7"]);
    }

    #[test]
    fn error_code_omitted_when_absent() {
        let err = ApiError { code: None, err_code: "X".into(), message: "m".into(), sub_errors: None };
        let text = serde_json::to_string(&err).unwrap();
        assert_eq!(text, r#"{"errCode":"X","message":"m"}"#);
    }
}
