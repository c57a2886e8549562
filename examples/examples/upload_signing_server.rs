//! An upload-signing backend for the Upload Widget, and a verified webhook endpoint, on
//! axum.
//!
//! ```text
//! CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> PORT=3000 \
//!   cargo run --example upload_signing_server
//! ```
//!
//! Listens on `127.0.0.1:$PORT` (default 3000). Without `CLOUDINARY_URL` (or
//! `CLOUDINARY_API_SECRET`) it uses the documentation's demo account
//! `cloudinary://1234:abcd@demo` and says so. Routes and answers are documented in
//! `cld_sign_examples::upload_signing_server`:
//!
//! ```text
//! curl -s localhost:3000/api/sign-upload -H 'content-type: application/json' \
//!   -d "{\"paramsToSign\": {\"timestamp\": $(date +%s), \"public_id\": \"sample_image\", \"source\": \"uw\"}}"
//! ```

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use cld_sign_examples::upload_signing_server::{
    AppState, DEMO_CLOUDINARY_URL, app, config_from, serve,
};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let (config, demo) = match config_from(|name| std::env::var(name).ok()) {
        Ok(found) => found,
        Err(err) => {
            eprintln!("{}: {err}", err.kind());
            return ExitCode::from(2);
        }
    };
    if demo {
        eprintln!(
            "CLOUDINARY_URL is not set: using the documentation's demo account {DEMO_CLOUDINARY_URL}"
        );
    }
    if config.api_key().is_none() {
        eprintln!("no API key configured: answers will carry \"api_key\": null");
    }
    let port = match std::env::var("PORT") {
        Err(_) => 3000,
        Ok(text) => match text.parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("PORT={text:?} is not a port number (0 to 65535)");
                return ExitCode::from(2);
            }
        },
    };
    let listener = match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Ok(addr) = listener.local_addr() {
        eprintln!("listening on http://{addr} (POST /api/sign-upload, POST /webhooks/cloudinary)");
    }
    match serve(
        listener,
        app(AppState::new(&config)),
        std::future::pending(),
    )
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("server error: {err}");
            ExitCode::FAILURE
        }
    }
}
