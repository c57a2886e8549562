//! Serving a router with timeouts and limits, so slow or idle clients cannot hold the
//! server's connections forever (`axum::serve` sets no timeout and no limit).
//!
//! - a header-read timeout (hyper's HTTP/1 server with a timer): a connection that does
//!   not send a complete request head in time, idle keep-alive connections included, is
//!   closed;
//! - a request timeout (tower-http `TimeoutLayer`): 408 when a request is not answered in
//!   time;
//! - a body timeout (tower-http `RequestBodyTimeoutLayer`): reading a body that stalls
//!   between chunks fails, which the signing route and the stand-in answer with 408 (the
//!   webhook's extractor with 400 `unreadable_body`);
//! - at most [`Limits::max_connections`] open connections (further ones wait in the
//!   listen backlog) and at most [`Limits::max_in_flight`] requests being handled at once
//!   (tower's `GlobalConcurrencyLimitLayer`; further ones wait).

use std::error::Error as StdError;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// Timeouts and limits of [`serve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Time to receive a complete request head, from the connection's start or the end of
    /// the previous response (default 10 s).
    pub header_read_timeout: Duration,
    /// Time to answer a request, body reading included (default 30 s): then 408.
    pub request_timeout: Duration,
    /// Longest wait for the next piece of a request body (default 10 s).
    pub body_timeout: Duration,
    /// Open connections at most (default 512).
    pub max_connections: usize,
    /// Requests handled at once at most (default 256).
    pub max_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            max_connections: 512,
            max_in_flight: 256,
        }
    }
}

/// `router` with the request timeout, body timeout and in-flight limit of `limits`.
pub fn with_limits(router: Router, limits: &Limits) -> Router {
    router
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(GlobalConcurrencyLimitLayer::new(limits.max_in_flight))
}

/// Whether reading a body failed because it stalled past the body timeout.
pub fn is_body_timeout(err: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(err) = next {
        if err.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        next = err.source();
    }
    false
}

/// What an example binary does once it is set up: [`serve`] with the default [`Limits`]
/// until the process is stopped, and the exit status (a server error is printed).
pub async fn serve_forever(listener: TcpListener, router: Router) -> std::process::ExitCode {
    match serve(listener, router, Limits::default(), std::future::pending()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("server error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Serves `router` (with [`with_limits`] applied) over HTTP/1.1 on `listener` until
/// `shutdown` completes; then stops accepting, lets the requests in flight finish, closes
/// idle connections and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let router = with_limits(router, &limits);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => {
                permit.map_err(|_| io::Error::other("connection limit closed"))?
            }
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Per-connection failures (reset before accept, too many open files):
                // back off briefly and keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(router.clone()),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out is not a server error.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
