//! The connection loop: HTTP/1.1 with keep-alive, plus what only a connection can do (which
//! `axum::serve` cannot): lose an answer ([`DropConnection`]), cut one short
//! ([`TruncateAt`]), and refuse everything during a [`Sim::blackout`].

use crate::faults::DropConnection;
use crate::inject::TruncateAt;
use crate::state::Sim;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use hyper::body::Frame;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tower::ServiceExt;

/// A response the sim wants lost: the service fails, so hyper closes the connection without
/// answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the sim")
    }
}

impl std::error::Error for Dropped {}

/// A request extension only [`serve_router`] can set (the network cannot): asks the router
/// for its [`Sim`], so a loop given just a `Router` still honours blackouts.
#[derive(Debug, Clone, Copy)]
struct HandleProbe;

/// The outermost middleware: answers a [`HandleProbe`] with the sim in the response's
/// extensions; every other request passes untouched.
pub(crate) async fn probe_layer(
    axum::extract::State(sim): axum::extract::State<Sim>,
    request: Request,
    next: Next,
) -> Response {
    if request.extensions().get::<HandleProbe>().is_some() {
        let mut response = Response::default();
        response.extensions_mut().insert(sim);
        return response;
    }
    next.run(request).await
}

async fn find_sim(router: &Router) -> Option<Sim> {
    let mut request = Request::new(Body::empty());
    request.extensions_mut().insert(HandleProbe);
    let response = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    response.extensions().get::<Sim>().cloned()
}

/// The body of a truncated answer: the kept bytes, a moment for hyper to flush them, then
/// an error, on which hyper closes the connection short of the promised `Content-Length`.
struct Cut {
    kept: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl hyper::body::Body for Cut {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(kept) = self.kept.take() {
            return Poll::Ready(Some(Ok(Frame::data(kept))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other("answer truncated by the sim")))),
        }
    }
}

async fn truncate(response: Response, keep_bytes: usize) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(full) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    if keep_bytes >= full.len() {
        // Nothing to cut: the whole answer, then the connection ends.
        parts.headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Response::from_parts(parts, Body::from(full));
    }
    let cut = Cut {
        kept: Some(full.slice(..keep_bytes)),
        pause: Box::pin(tokio::time::sleep(Duration::from_millis(50))),
    };
    Response::from_parts(parts, Body::new(cut))
}

/// Close a connection at once, with a TCP reset (as a host with no listener would answer).
fn refuse(stream: tokio::net::TcpStream) {
    // Zero linger makes the close a reset, and cannot block on drop.
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// Serve the sim on `listener` (HTTP/1.1, keep-alive) until the process ends. Unlike
/// `axum::serve`, this honours dropped and truncated answers and blackouts.
pub async fn serve(listener: tokio::net::TcpListener, config: crate::SimConfig) -> std::io::Result<()> {
    let (router, _sim) = crate::try_app(config).map_err(std::io::Error::other)?;
    serve_router(listener, router).await
}

/// [`serve`] for a router made by [`crate::app`] (to keep its [`Sim`] handle).
pub async fn serve_router(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    let sim = find_sim(&router).await;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a moment instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if sim.as_ref().is_some_and(Sim::in_blackout) {
            refuse(stream);
            continue;
        }
        let router = router.clone();
        let sim = sim.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let router = router.clone();
                let sim = sim.clone();
                async move {
                    // A kept-alive connection of a down agent: no answer.
                    if sim.as_ref().is_some_and(Sim::in_blackout) {
                        return Err(Dropped);
                    }
                    let response = match router.oneshot(request.map(Body::new)).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    if response.extensions().get::<DropConnection>().is_some() {
                        return Err(Dropped);
                    }
                    match response.extensions().get::<TruncateAt>().copied() {
                        Some(TruncateAt(keep)) => Ok(truncate(response, keep).await),
                        None => Ok::<_, Dropped>(response),
                    }
                }
            });
            // A connection's end (normal, dropped, or a client gone) is nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
