//! Serving an axum [`Router`] over HTTP/1.1 the way a client expects, with limits that slow
//! or greedy clients cannot turn against the others (`axum::serve` sets neither).
//!
//! - **Whole bodies.** A request's body is read to its end before the answer is sent,
//!   chunked or not, even when the handler answered without reading it (up to
//!   [`DRAIN_LIMIT`] more bytes). When the end cannot be had (the body is too large, stalls,
//!   or the request timed out) the answer says `Connection: close` and the connection is
//!   closed after it, so a keep-alive client never writes into a connection the server
//!   has given up on.
//! - **One deadline a request.** [`Limits::request_timeout`] runs from the request's head
//!   to its answer, body included; [`Limits::body_timeout`] bounds each wait for the next
//!   piece of the body; [`Limits::header_read_timeout`] bounds the wait for a request head
//!   (idle keep-alive connections included). There is no queue to wait in: nothing is
//!   waited for but the client itself.
//! - **Excess load is refused at once**, never queued: a connection beyond
//!   [`Limits::max_connections`] gets `503` and is closed; a body that would take the
//!   bytes held by all requests at once past [`Limits::max_buffered_bytes`] gets `503`
//!   (with `Retry-After: 1`). A slow client holds its own connection and the bytes it sent,
//!   and nothing the others need.
//!
//! Refusals are JSON, `{"error": "<name>", "message": "..."}` by default ([`serve`]); a
//! server with its own error shape passes its own [`Refusal`] writer ([`serve_with`]).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::header::{CONNECTION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// The most body bytes read after the handler answered without reading to the end; past
/// that the answer says `Connection: close` instead (1 MiB).
pub const DRAIN_LIMIT: usize = 1024 * 1024;

/// Timeouts and limits of [`serve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Time to receive a complete request head, from the connection's start or the end of
    /// the previous answer (default 10 s); then the connection is closed.
    pub header_read_timeout: Duration,
    /// Time from a request's head to its answer, reading the body included (default
    /// 30 s); then `408` and `Connection: close`.
    pub request_timeout: Duration,
    /// Longest wait for the next piece of a request body (default 10 s); then `408` and
    /// `Connection: close`.
    pub body_timeout: Duration,
    /// Open connections at most (default 1024); a further one is answered `503` and closed
    /// at once.
    pub max_connections: usize,
    /// The largest request body (default 110 MiB: a 100 MiB upload and its form); a larger
    /// one gets `413` and `Connection: close`.
    pub max_body_bytes: usize,
    /// Body bytes held by all requests at once at most (default 1 GiB): a request whose
    /// next piece would pass it gets `503` and `Connection: close`.
    pub max_buffered_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_body_bytes: 110 * 1024 * 1024,
            max_buffered_bytes: 1024 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// These limits with `max_body_bytes` set (the other fields cannot be set by a struct
    /// literal outside this crate, so each has a setter).
    #[must_use]
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// These limits with `request_timeout` set.
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// These limits with `body_timeout` set.
    #[must_use]
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// These limits with `header_read_timeout` set.
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// These limits with `max_connections` set.
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// These limits with `max_buffered_bytes` set.
    #[must_use]
    pub fn max_buffered_bytes(mut self, bytes: usize) -> Self {
        self.max_buffered_bytes = bytes;
        self
    }
}

/// Why the server answered a request itself, in place of the router.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The request or its body took longer than the limits allow: `408`.
    Timeout,
    /// The body is larger than [`Limits::max_body_bytes`]: `413`.
    TooLarge,
    /// The server holds as many connections or body bytes as it may: `503`.
    Busy,
}

impl Refusal {
    /// The status of the answer.
    pub fn status(self) -> StatusCode {
        match self {
            Self::Timeout => StatusCode::REQUEST_TIMEOUT,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The snake_case name of the refusal: `request_timeout`, `payload_too_large`,
    /// `server_busy`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Timeout => "request_timeout",
            Self::TooLarge => "payload_too_large",
            Self::Busy => "server_busy",
        }
    }

    /// What the client can do about it.
    pub fn message(self) -> &'static str {
        match self {
            Self::Timeout => "the request was not received in time: send it faster",
            Self::TooLarge => "the request body is larger than this server accepts",
            Self::Busy => "the server is at its limit of connections or body bytes: retry shortly",
        }
    }

    /// The default answer: JSON `{"error": <name>, "message": <message>}`.
    pub fn json_response(self) -> Response {
        let body = serde_json::json!({ "error": self.name(), "message": self.message() });
        json(self.status(), &body)
    }
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response {
    let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    (status, content_type, body.to_string()).into_response()
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

/// Serves `router` over HTTP/1.1 on `listener` within `limits` until `shutdown`
/// completes; then stops accepting, lets the requests in flight finish, closes idle
/// connections and returns. Refusals are [`Refusal::json_response`].
///
/// # Errors
/// None today: failures of single connections are not the server's; the `Result` leaves
/// room for listener errors that end serving.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with(listener, router, limits, Refusal::json_response, shutdown).await
}

/// [`serve`], answering refusals with `refuse` (a server with its own error shape).
///
/// # Errors
/// As [`serve`].
pub async fn serve_with(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    refuse: fn(Refusal) -> Response,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let guard = Arc::new(Guard {
        router,
        limits,
        refuse,
        budget: Budget::new(limits.max_buffered_bytes),
    });
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // Refusing a connection takes a moment (write the 503, let the client read it); so
    // that refusing cannot pile up, at most this many are refused at once and further
    // ones are dropped.
    let refusing = Arc::new(Semaphore::new(256));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Per-connection failures (reset before accept, too many open files):
                // back off briefly and keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            if let Ok(permit) = Arc::clone(&refusing).try_acquire_owned() {
                let body = (refuse)(Refusal::Busy);
                tokio::spawn(async move {
                    refuse_connection(stream, body).await;
                    drop(permit);
                });
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let guard = Arc::clone(&guard);
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let guard = Arc::clone(&guard);
            async move { Ok::<_, std::convert::Infallible>(guard.handle(request).await) }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
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

/// Answers a connection over the limit with `response` (its status and body) and closes
/// it, all within two seconds.
async fn refuse_connection(mut stream: TcpStream, response: Response) {
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map(|body| body.to_bytes())
        .unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default(),
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&body).await?;
        stream.shutdown().await?;
        // Read what the client sent until it closes, so that closing does not reset the
        // connection under the answer.
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        io::Result::Ok(())
    })
    .await;
}

/// Body bytes held by all requests at once.
struct Budget {
    used: AtomicUsize,
    max: usize,
}

impl Budget {
    fn new(max: usize) -> Self {
        Self {
            used: AtomicUsize::new(0),
            max,
        }
    }

    /// Takes `bytes`, or nothing when that would pass the maximum.
    fn take(&self, bytes: usize) -> bool {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(bytes).filter(|total| *total <= self.max)
            })
            .is_ok()
    }

    fn give_back(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::AcqRel);
    }
}

struct Guard {
    router: Router,
    limits: Limits,
    refuse: fn(Refusal) -> Response,
    budget: Budget,
}

/// What the guarded body and its request share.
struct BodyState {
    /// The body as hyper gives it; taken back to drain it after the handler answered.
    inner: Option<Incoming>,
    read: usize,
    ended: bool,
    refused: Option<Refusal>,
}

/// Gives the budget back when the request is done, however it ends.
struct Held<'a> {
    budget: &'a Budget,
    state: Arc<Mutex<BodyState>>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let read = lock(&self.state).read;
        self.budget.give_back(read);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Guard {
    async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Response {
        let deadline = Instant::now() + self.limits.request_timeout;
        let (parts, incoming) = request.into_parts();
        let state = Arc::new(Mutex::new(BodyState {
            ended: http_body::Body::is_end_stream(&incoming),
            inner: Some(incoming),
            read: 0,
            refused: None,
        }));
        let held = Held {
            budget: &self.budget,
            state: Arc::clone(&state),
        };
        let body = GuardedBody {
            state: Arc::clone(&state),
            guard: Arc::clone(&self),
            deadline,
            timer: None,
        };
        let request = Request::from_parts(parts, Body::new(body));
        let answered =
            tokio::time::timeout_at(deadline, self.router.clone().oneshot(request)).await;
        let mut response = match answered {
            Ok(Ok(response)) => response,
            Ok(Err(never)) => match never {},
            Err(_) => return self.refused(Refusal::Timeout),
        };
        if let Some(refusal) = lock(&state).refused {
            return self.refused(refusal);
        }
        if !self.drain(&state, deadline).await {
            close(&mut response);
        }
        drop(held);
        response
    }

    fn refused(&self, refusal: Refusal) -> Response {
        let mut response = (self.refuse)(refusal);
        if refusal == Refusal::Busy {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        }
        close(&mut response);
        response
    }

    /// Reads what is left of the body (at most [`DRAIN_LIMIT`] bytes, within the
    /// deadline and the body timeout); whether it ended.
    async fn drain(&self, state: &Mutex<BodyState>, deadline: Instant) -> bool {
        let mut inner = {
            let mut state = lock(state);
            if state.ended {
                return true;
            }
            match state.inner.take() {
                Some(inner) => inner,
                None => return false,
            }
        };
        let mut drained = 0usize;
        loop {
            let wait = deadline.min(Instant::now() + self.limits.body_timeout);
            match tokio::time::timeout_at(wait, inner.frame()).await {
                Ok(None) => return true,
                Ok(Some(Ok(frame))) => {
                    if let Some(data) = frame.data_ref() {
                        drained += data.len();
                        if drained > DRAIN_LIMIT {
                            return false;
                        }
                    }
                }
                Ok(Some(Err(_))) | Err(_) => return false,
            }
        }
    }
}

/// Marks `response` as the last on its connection: hyper closes the connection after it.
fn close(response: &mut Response) {
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
}

/// A request body read within the limits: it counts the bytes against the request's
/// maximum and the server's budget, and fails when the next piece is late.
struct GuardedBody {
    state: Arc<Mutex<BodyState>>,
    guard: Arc<Guard>,
    deadline: Instant,
    /// Armed when a read has to wait, for the body timeout from then (capped by the
    /// deadline); disarmed by the next piece. A body that is already there (the usual
    /// small POST) reads the clock and touches the timer wheel not at all.
    timer: Option<Pin<Box<Sleep>>>,
}

/// Why a guarded body could not be read.
#[derive(Debug)]
enum BodyError {
    Refused(Refusal),
    Client(hyper::Error),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(refusal) => f.write_str(refusal.message()),
            Self::Client(err) => write!(f, "the request body could not be read: {err}"),
        }
    }
}

impl std::error::Error for BodyError {}

impl GuardedBody {
    fn refuse(
        &self,
        state: &mut BodyState,
        refusal: Refusal,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        state.refused.get_or_insert(refusal);
        // The rest of the body is not read: the connection closes after the answer.
        state.inner = None;
        Poll::Ready(Some(Err(BodyError::Refused(refusal))))
    }
}

impl http_body::Body for GuardedBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        let shared = Arc::clone(&this.state);
        let mut state = lock(&shared);
        if let Some(refusal) = state.refused {
            return Poll::Ready(Some(Err(BodyError::Refused(refusal))));
        }
        if state.ended {
            return Poll::Ready(None);
        }
        let Some(inner) = state.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(inner).poll_frame(cx) {
            Poll::Ready(None) => {
                state.ended = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Err(err))) => {
                state.inner = None;
                Poll::Ready(Some(Err(BodyError::Client(err))))
            }
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let len = data.len();
                    if state.read + len > this.guard.limits.max_body_bytes {
                        return this.refuse(&mut state, Refusal::TooLarge);
                    }
                    if !this.guard.budget.take(len) {
                        return this.refuse(&mut state, Refusal::Busy);
                    }
                    state.read += len;
                }
                // The next wait starts its own timeout.
                this.timer = None;
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                let timer = this.timer.get_or_insert_with(|| {
                    let limits = &this.guard.limits;
                    Box::pin(tokio::time::sleep_until(
                        this.deadline.min(Instant::now() + limits.body_timeout),
                    ))
                });
                ready!(timer.as_mut().poll(cx));
                this.refuse(&mut state, Refusal::Timeout)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        lock(&self.state).ended
    }

    fn size_hint(&self) -> SizeHint {
        lock(&self.state)
            .inner
            .as_ref()
            .map_or_else(SizeHint::default, http_body::Body::size_hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `request` on a new connection to `addr` and reads the answer until the
    /// server closes, within five seconds.
    async fn exchange(addr: std::net::SocketAddr, request: &str) -> String {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
            .await
            .unwrap()
            .unwrap();
        String::from_utf8(answer).unwrap()
    }

    #[test]
    fn limits_setters_set_their_field() {
        let limits = Limits::default()
            .body_timeout(Duration::from_millis(1234))
            .header_read_timeout(Duration::from_millis(5678));
        assert_eq!(limits.body_timeout, Duration::from_millis(1234));
        assert_eq!(limits.header_read_timeout, Duration::from_millis(5678));
        // The other fields keep their defaults.
        assert_eq!(limits.request_timeout, Limits::default().request_timeout);
        assert_eq!(limits.max_connections, Limits::default().max_connections);
    }

    #[test]
    fn refusals_are_answered_as_json() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        for (refusal, status, name, message) in [
            (
                Refusal::Timeout,
                408,
                "request_timeout",
                "the request was not received in time: send it faster",
            ),
            (
                Refusal::TooLarge,
                413,
                "payload_too_large",
                "the request body is larger than this server accepts",
            ),
            (
                Refusal::Busy,
                503,
                "server_busy",
                "the server is at its limit of connections or body bytes: retry shortly",
            ),
        ] {
            assert_eq!(refusal.name(), name);
            assert_eq!(refusal.message(), message);
            assert_eq!(BodyError::Refused(refusal).to_string(), message);
            let response = refusal.json_response();
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(
                response.headers().get(CONTENT_TYPE).unwrap(),
                "application/json"
            );
            let body = runtime
                .block_on(response.into_body().collect())
                .unwrap()
                .to_bytes();
            let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(
                body,
                serde_json::json!({ "error": name, "message": message })
            );
        }
    }

    /// `serve_forever` serves: a request gets its answer (it does not return at once).
    #[tokio::test]
    async fn serve_forever_serves() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new().route("/", axum::routing::get(|| async { "served" }));
        let server = tokio::spawn(serve_forever(listener, router));
        let answer = exchange(
            addr,
            "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.ends_with("served"), "{answer}");
        assert!(!server.is_finished());
        server.abort();
    }

    /// A handler sees the body's end and size as the client declared them: an empty body
    /// has ended, a body with a `content-length` has that exact size and has not ended.
    #[tokio::test]
    async fn guarded_bodies_report_their_end_and_size() {
        use http_body::Body as _;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new().fallback(|request: axum::extract::Request| async move {
            let body = request.into_body();
            format!("{} {:?}", body.is_end_stream(), body.size_hint().exact())
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, router, Limits::default(), async {
            let _ = stopped.await;
        }));
        for (request, seen) in [
            (
                "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
                "true Some(0)",
            ),
            (
                "POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 5\r\n\r\nhello",
                "false Some(5)",
            ),
        ] {
            let answer = exchange(addr, request).await;
            assert!(answer.ends_with(seen), "{request:?}: {answer}");
        }
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }
}
