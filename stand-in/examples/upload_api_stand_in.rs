//! The stand-in started from your own code, in a few lines: a local Cloudinary that checks
//! upload, delivery and download signatures as Cloudinary does, keeps what it accepted and
//! serves it back.
//!
//! ```text
//! CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> PORT=3001 \
//!   cargo run -p cld-sign-stand-in --example upload_api_stand_in
//! ```
//!
//! Point an app at it with the SDKs' `upload_prefix` setting:
//! `CLOUDINARY_URL=...?upload_prefix=http://127.0.0.1:3001`. What it checks and answers
//! is documented in the crate (`cargo doc -p cld-sign-stand-in --open`); its binary,
//! `cld-sign-stand-in` (`cargo run -p cld-sign-stand-in`), has more settings (a storage
//! folder, the auth token key, `--demo`).

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use cld_sign_stand_in::StandIn;

#[tokio::main]
async fn main() -> ExitCode {
    let Some(url) = std::env::var("CLOUDINARY_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "upload_api_stand_in: set CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>"
        );
        return ExitCode::from(2);
    };
    let port = match std::env::var("PORT").map(|text| text.parse::<u16>()) {
        Err(_) => 3001,
        Ok(Ok(port)) => port,
        Ok(Err(_)) => {
            eprintln!("upload_api_stand_in: PORT is not a port number (0 to 65535)");
            return ExitCode::from(2);
        }
    };
    let started = StandIn::builder()
        .cloudinary_url(url)
        .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .start()
        .await;
    let running = match started {
        Ok(running) => running,
        Err(err) => {
            eprintln!("upload_api_stand_in: {err}");
            return ExitCode::from(2);
        }
    };
    eprintln!("upload API stand-in listening on {}", running.base_url());
    // Serves until the process is stopped.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
