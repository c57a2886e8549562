//! A local Cloudinary for tests and offline development: the `cld-sign-stand-in` crate,
//! started in a few lines. It checks upload, delivery and download signatures as
//! Cloudinary does, keeps what it accepted and serves it back.
//!
//! ```text
//! CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> PORT=3001 \
//!   cargo run -p cld-sign-examples --example upload_api_stand_in
//! ```
//!
//! Point an app at it with the SDKs' `upload_prefix` setting:
//! `CLOUDINARY_URL=...?upload_prefix=http://127.0.0.1:3001`. What it checks and answers
//! is documented in the crate (`cargo doc -p cld-sign-stand-in --open`); its binary,
//! `cld-sign-stand-in`, has more settings (a storage folder, the auth token key).

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use cld_sign_examples::account::startup;
use cld_sign_stand_in::StandIn;

#[tokio::main]
async fn main() -> ExitCode {
    let (account, port) = match startup("upload_api_stand_in", 3001) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let started = StandIn::builder()
        .config(account.config)
        .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .start()
        .await;
    match started {
        Ok(running) => eprintln!("upload API stand-in listening on {}", running.base_url()),
        Err(err) => {
            eprintln!("upload_api_stand_in: {err}");
            return ExitCode::FAILURE;
        }
    }
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
