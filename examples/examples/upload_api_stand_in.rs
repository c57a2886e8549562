//! A local stand-in for Cloudinary's upload API: it checks upload signatures as Cloudinary
//! does and answers as Cloudinary does, for tests and offline development. It checks
//! signatures only and stores nothing durable (the file is counted and dropped).
//!
//! ```text
//! CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> PORT=3001 \
//!   cargo run -p cld-sign-examples --example upload_api_stand_in
//! ```
//!
//! Listens on `127.0.0.1:$PORT` (default 3001) and answers
//! `POST /v1_1/<cloud>/<resource_type>/upload`. Point an app at it with the SDKs'
//! `upload_prefix` setting: `CLOUDINARY_URL=...?upload_prefix=http://127.0.0.1:3001`. It
//! refuses to start without `CLOUDINARY_URL` (or `CLOUDINARY_API_SECRET`); `--demo` uses
//! the documentation's public demo account. What it checks and answers is documented in
//! `cld_sign_examples::upload_api_stand_in`.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use cld_sign_examples::account::{DEMO_CLOUDINARY_URL, startup};
use cld_sign_examples::serve::serve_forever;
use cld_sign_examples::upload_api_stand_in::{StandInState, app};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let (account, port) = match startup("upload_api_stand_in", 3001) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    if account.demo {
        eprintln!(
            "DEMO MODE (--demo): checking signatures made with the documentation's PUBLIC demo account {DEMO_CLOUDINARY_URL}"
        );
    }
    if let Ok(addr) = listener.local_addr() {
        eprintln!(
            "upload API stand-in (checks signatures only, stores nothing) listening on http://{addr}\n  \
             POST /v1_1/{}/<resource_type>/upload",
            account.config.cloud_name().unwrap_or_default()
        );
    }
    serve_forever(listener, app(StandInState::new(account))).await
}
