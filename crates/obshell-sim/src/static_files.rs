//! The panel's `dist/` on the same origin as the API (`--static DIR`), as obshell serves its
//! own dashboard: existing files as they are (their pre-compressed copies when there are some),
//! any other path `index.html` (reference §6).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// What the panel's pages may load: only their own origin (plus wasm compilation); who may
/// frame them comes from the configuration.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   connect-src 'self'; img-src 'self' data:; frame-ancestors ";

const CSP_SELF: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                        connect-src 'self'; img-src 'self' data:; frame-ancestors 'self'";

pub(crate) async fn serve(dir: &Path, frame_ancestors: &str, request: Request) -> Response {
    let is_config = request.uri().path().ends_with("/config.json");
    // The release build's .br/.gz copies when the browser accepts them (deploy/precompress.sh).
    let service = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.join("index.html")));
    let mut response = match service.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let is_html = content_type.starts_with("text/html");
    let is_code = is_html
        || content_type.starts_with("text/css")
        || content_type.starts_with("text/javascript")
        || content_type.starts_with("application/javascript");
    let headers = response.headers_mut();
    if is_code {
        // A value that cannot be a header (a newline from a bad flag) falls back to 'self'.
        let csp = HeaderValue::from_str(&format!("{CSP}{frame_ancestors}"))
            .unwrap_or_else(|_| HeaderValue::from_static(CSP_SELF));
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    // The same URL may be sent compressed or not, by what the request accepts: caches must
    // keep the two apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // The shell and its run-time config must be re-validated so a new build is picked up.
    if is_html || is_config {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response.into_response()
}
