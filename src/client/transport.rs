//! The one place that touches the network: a fetch with a deadline and a size cap.
//!
//! Everything the browser hands back is untrusted: status, headers and body come back as plain
//! values for the client to decode; nothing here interprets them.

use gloo_net::http::{Method, Request};
use wasm_bindgen::JsCast;

/// Responses larger than this are refused unread past the cap: a DAG with 1,000 sub-tasks and
/// long logs is a few MiB, so 16 MiB leaves room without letting a broken proxy stall the tab.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

pub struct RawResponse {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// fetch rejected: connection refused, reset, or dropped mid-response.
    Network(String),
    /// No complete answer within the deadline; the request was aborted.
    Timeout,
    /// The body exceeded [`MAX_BODY_BYTES`].
    TooLarge(usize),
}

pub struct Outgoing<'a> {
    pub method: Method,
    pub url: &'a str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
    pub timeout_ms: u32,
}

/// Send one request. Aborts it (so no work is left behind) when the deadline passes.
pub async fn send(req: Outgoing<'_>) -> Result<RawResponse, TransportError> {
    let controller = web_sys::AbortController::new().map_err(|e| TransportError::Network(js_text(&e)))?;
    let signal = controller.signal();
    let abort = controller.clone();
    // Dropping the Timeout cancels it, so a finished request leaves no timer running.
    let _deadline = gloo_timers::callback::Timeout::new(req.timeout_ms, move || abort.abort());

    let request = request(&req, &signal).map_err(|e| TransportError::Network(js_text(&e)))?;

    let response = request.send().await.map_err(|e| classify(&signal, e))?;
    let status = response.status();
    let content_type = response.headers().get("content-type").unwrap_or_default();
    if let Some(len) = response.headers().get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        if len > MAX_BODY_BYTES {
            controller.abort();
            return Err(TransportError::TooLarge(len));
        }
    }
    let body = response.text().await.map_err(|e| classify(&signal, e))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(TransportError::TooLarge(body.len()));
    }
    Ok(RawResponse { status, content_type, body })
}

/// The fetch request, with the URL exactly as given. Not gloo-net's `RequestBuilder`: it
/// rewrites a URL that has a query (appending `&`, re-encoding), and obshell refuses any
/// request whose target differs by a byte from the signed `Uri`.
fn request(req: &Outgoing<'_>, signal: &web_sys::AbortSignal) -> Result<Request, wasm_bindgen::JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.as_ref());
    init.set_signal(Some(signal));
    let headers = web_sys::Headers::new()?;
    for (name, value) in &req.headers {
        headers.set(name, value)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    Ok(web_sys::Request::new_with_str_and_init(req.url, &init)?.into())
}

fn classify(signal: &web_sys::AbortSignal, err: gloo_net::Error) -> TransportError {
    if signal.aborted() {
        TransportError::Timeout
    } else {
        TransportError::Network(err.to_string())
    }
}

fn js_text(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
