//! Helpers shared by the integration tests: a server on an ephemeral loopback port; the
//! HTTP client and answers come from `cld-sign-test-support`.

use std::io;
use std::time::Duration;

use axum::Router;
use cld_sign_signing_server::serve::{Limits, serve};
pub use cld_sign_test_support::{Answer, HttpClient, client, eventually, fresh_dir, request};
use hyper::Method;
use hyper::body::Bytes;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server running `router` on 127.0.0.1:<ephemeral>.
pub struct Running {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub client: HttpClient,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl Running {
    pub async fn start(router: Router, limits: Limits) -> Self {
        Self::start_on(listener().await, router, limits)
    }

    /// Serves on a listener bound beforehand (to know the address first).
    pub fn start_on(listener: TcpListener, router: Router, limits: Limits) -> Self {
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, limits, async {
            let _ = stopped.await;
        }));
        Self {
            base: format!("http://{addr}"),
            addr,
            client: client(),
            stop,
            task,
        }
    }

    /// Sends `method` `path` on the server's pooled client; the answer, read in full.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Answer {
        request(&self.client, &self.base, method, path, headers, body).await
    }

    pub async fn stop(self) {
        // Idle pooled connections would hold the graceful shutdown open: close them first.
        drop(self.client);
        self.stop.send(()).expect("server still running");
        tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .expect("the server stops within 30 s")
            .expect("server task")
            .expect("server ran without I/O error");
    }
}

/// A listener on 127.0.0.1:<ephemeral>.
pub async fn listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback")
}
