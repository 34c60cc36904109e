//! Request input as gin binds it: JSON bodies with Go's `encoding/json` rules, the
//! `show_details` query flag, path parameters; every failure is `Common.BindJsonFailed`.

use crate::error::ObError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Go matches JSON keys to fields case-insensitively (a later key wins); the sim's parameter
/// types use obshell's lower-case tags, so lower-casing every key gives the same result.
fn fold_keys(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .map(|(key, value)| {
            let value = match value {
                Value::Object(inner) => Value::Object(fold_keys(inner)),
                other => other,
            };
            (key.to_lowercase(), value)
        })
        .collect()
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "array",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Null | Value::Object(_) => "object",
    }
}

/// `c.BindJSON(&param)`: `null` leaves the zero value, an object fills the fields (unknown
/// keys ignored, `null` values allowed), anything else is a bind error.
pub(crate) fn bind<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ObError> {
    match serde_json::from_slice::<Value>(body).map_err(ObError::bind)? {
        Value::Null => Ok(T::default()),
        Value::Object(map) => serde_json::from_value(Value::Object(fold_keys(map))).map_err(ObError::bind),
        other => Err(ObError::bind(format!(
            "json: cannot unmarshal {} into Go value of type {}",
            json_type(&other),
            std::any::type_name::<T>().rsplit("::").next().unwrap_or("struct")
        ))),
    }
}

/// gin's `binding:"required"` on a string: absent or empty fails validation.
pub(crate) fn required(value: Option<String>, go_struct: &str, go_field: &str) -> Result<String, ObError> {
    match value {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(ObError::bind(format!(
            "Key: '{go_struct}.{go_field}' Error:Field validation for '{go_field}' failed on the 'required' tag"
        ))),
    }
}

/// Go's `strconv.ParseBool`, which accepts `True` (what the Python client sends).
fn parse_go_bool(text: &str) -> Result<bool, ObError> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        other => Err(ObError::bind(format!("strconv.ParseBool: parsing {other:?}: invalid syntax"))),
    }
}

/// `show_details` (default true, reference §1.6); gin uses the first value given.
pub(crate) fn show_details(query: Option<&str>) -> Result<bool, ObError> {
    let value = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == "show_details")
        .map(|(_, value)| value);
    match value {
        None | Some("") => Ok(true),
        Some(text) => parse_go_bool(text),
    }
}

/// The (decrypted, `{}`-padded) request body.
pub(crate) struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ObError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(request, state).await.map(RawBody).map_err(|_| ObError::recovered())
    }
}

/// A single path parameter (`:id`, `:name`), as gin's `c.Param` gives it.
pub(crate) struct Param(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Param {
    type Rejection = ObError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Param(value))
            .map_err(ObError::bind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    struct P {
        mode: Option<String>,
        plus_archive: Option<bool>,
    }

    #[test]
    fn go_json_rules() {
        let p: P = bind(br#"{"MODE":"Full","Plus_Archive":true,"other":1}"#).unwrap();
        assert_eq!(p, P { mode: Some("Full".into()), plus_archive: Some(true) });
        let p: P = bind(br#"{"mode":null,"plus_archive":null}"#).unwrap();
        assert_eq!(p, P::default());
        assert_eq!(bind::<P>(b"null").unwrap(), P::default());
        for bad in [&br#"{"mode":1}"#[..], br#"{"plus_archive":"true"}"#, b"[1]", b"{", b"\"x\""] {
            let err = bind::<P>(bad).unwrap_err();
            assert_eq!(err.kind.err_code, "Common.BindJsonFailed");
            assert!(err.message.starts_with("Bind JSON failed: "), "{}", err.message);
        }
    }

    #[test]
    fn show_details_values() {
        assert!(show_details(None).unwrap());
        assert!(show_details(Some("show_details=True")).unwrap());
        assert!(!show_details(Some("a=1&show_details=False")).unwrap());
        assert!(!show_details(Some("show_details=0&show_details=1")).unwrap());
        assert!(show_details(Some("show_details=yes")).is_err());
    }
}
