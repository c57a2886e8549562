//! `upload_signing_server`, the signed-upload app: signing backend, upload form page,
//! Upload Widget page and a verified webhook endpoint, on axum.
//!
//! ```text
//! CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> PORT=3000 \
//!   cargo run -p cld-sign-signing-server
//! ```
//!
//! Listens on `127.0.0.1:$PORT` (default 3000); open `http://127.0.0.1:3000/` for the
//! form, `/widget` for the Upload Widget. It refuses to start without `CLOUDINARY_URL` (or
//! `CLOUDINARY_API_SECRET`); `--demo` uses the documentation's public demo account
//! `cloudinary://1234:abcd@demo` instead, and says so.
//!
//! Optional settings:
//! - `?upload_prefix=http://127.0.0.1:3001` in `CLOUDINARY_URL`: where the form page
//!   uploads (e.g. the stand-in, `cargo run -p cld-sign-stand-in`);
//! - `NOTIFICATION_URL`: a `notification_url` signed into the form's params (e.g.
//!   `http://127.0.0.1:3000/webhooks/cloudinary` with the stand-in);
//!
//! Routes and answers are documented in `cld_sign_signing_server::app`:
//!
//! ```text
//! curl -s localhost:3000/api/signuploadform
//! curl -s localhost:3000/api/sign-upload \
//!   -d "{\"paramsToSign\": {\"timestamp\": $(date +%s), \"folder\": \"signed_upload_demo_uw\", \"source\": \"uw\"}}"
//! ```

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use cld_sign_signing_server::account::{DEMO_CLOUDINARY_URL, startup};
use cld_sign_signing_server::app::{AppState, Settings, app};
use cld_sign_signing_server::serve::serve_forever;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let (account, port) = match startup("upload_signing_server", 3000) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let env = |name: &str| std::env::var(name).ok();
    let mut settings = Settings::new(account);
    settings.choices.notification_url = env("NOTIFICATION_URL").filter(|u| !u.is_empty());
    let listener = match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let account = &settings.account;
    if account.demo {
        eprintln!(
            "DEMO MODE (--demo): signing with the documentation's PUBLIC demo account {DEMO_CLOUDINARY_URL}; \
             its secret is printed in Cloudinary's docs, so nothing signed here is secret"
        );
    }
    if account.config.api_key().is_none() {
        eprintln!("no API key configured: answers will carry null api keys");
    }
    if let Ok(addr) = listener.local_addr() {
        eprintln!(
            "listening on http://{addr} (cloud {:?}, uploads to {})\n  \
             GET / (upload form), GET /widget (Upload Widget)\n  \
             GET /api/signuploadform, GET /api/signuploadwidget, POST /api/sign-upload\n  \
             POST /webhooks/cloudinary",
            account.config.cloud_name().unwrap_or_default(),
            account.upload_url("auto"),
        );
    }
    serve_forever(listener, app(AppState::new(settings))).await
}
