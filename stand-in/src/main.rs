//! `cld-sign-stand-in`: a local Cloudinary for tests and offline development.
//!
//! ```text
//! CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name> PORT=3001 cld-sign-stand-in [--dir <folder>] [--demo]
//! ```
//!
//! Listens on `127.0.0.1:$PORT` (default 3001). Point an app at it with the SDKs'
//! `upload_prefix` setting (`CLOUDINARY_URL=...?upload_prefix=http://127.0.0.1:3001`), and
//! their `cname` (`127.0.0.1:3001`, `secure` off) for delivery URLs. `--dir` keeps assets
//! in a folder across restarts; `CLOUDINARY_AUTH_TOKEN_KEY` enables auth tokens; `--demo`
//! uses the documentation's public demo account. It refuses to start without an account.
//! Exit status 2 for bad settings, 1 for a server error.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use cld_sign_stand_in::StandIn;

/// The documentation's public demo account, used only behind `--demo`.
const DEMO_CLOUDINARY_URL: &str = "cloudinary://1234:abcd@demo";

struct Settings {
    url: String,
    port: u16,
    dir: Option<PathBuf>,
    token_key: Option<String>,
    demo: bool,
}

fn settings(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Settings, String> {
    let mut demo = false;
    let mut dir = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--demo" => demo = true,
            "--dir" => {
                dir = Some(PathBuf::from(
                    args.next()
                        .ok_or("usage_error: --dir needs a folder: --dir <folder>")?,
                ));
            }
            other => {
                return Err(format!(
                    "usage_error: unknown argument {other:?}; the flags are --dir <folder> and --demo"
                ));
            }
        }
    }
    let configured = env("CLOUDINARY_URL").filter(|u| !u.trim().is_empty());
    let url = match (configured, demo) {
        (Some(_), true) => {
            return Err(
                "usage_error: --demo was given but CLOUDINARY_URL is set: use one or the other"
                    .into(),
            );
        }
        (Some(url), false) => url,
        (None, true) => DEMO_CLOUDINARY_URL.to_owned(),
        (None, false) => {
            return Err("not_configured: set CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>, or pass --demo to use the documentation's public demo account".into());
        }
    };
    let port = match env("PORT") {
        None => 3001,
        Some(text) => text.parse().map_err(|_| {
            format!("invalid_port: PORT={text:?} is not a port number (0 to 65535)")
        })?,
    };
    let token_key = env("CLOUDINARY_AUTH_TOKEN_KEY").filter(|k| !k.is_empty());
    Ok(Settings {
        url,
        port,
        dir,
        token_key,
        demo,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let settings = match settings(std::env::args().skip(1), env) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut builder = StandIn::builder()
        .cloudinary_url(settings.url)
        .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, settings.port)));
    if let Some(dir) = settings.dir {
        builder = builder.storage_dir(dir);
    }
    if let Some(key) = settings.token_key {
        builder = builder.auth_token_key(key);
    }
    let running = match builder.start().await {
        Ok(running) => running,
        Err(err) => {
            eprintln!("{}", start_error_line(&err));
            return ExitCode::from(2);
        }
    };
    if settings.demo {
        let _ = writeln!(
            std::io::stderr(),
            "DEMO MODE (--demo): checking signatures made with the documentation's PUBLIC demo account {DEMO_CLOUDINARY_URL}"
        );
    }
    // Not `eprintln!`: a closed stderr must not stop the server.
    let _ = writeln!(
        std::io::stderr(),
        "cld-sign-stand-in listening on {}\n  upload: POST {}",
        running.base_url(),
        running.upload_url("<resource_type>")
    );
    // Serves until the process is stopped.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}

fn start_error_line(err: &cld_sign_stand_in::StartError) -> String {
    match err {
        cld_sign_stand_in::StartError::NotConfigured => format!("not_configured: {err}"),
        cld_sign_stand_in::StartError::Io(_) => format!("io_error: {err}"),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn reads_settings() {
        let url = [("CLOUDINARY_URL", "cloudinary://k:s@c"), ("PORT", "8080")];
        let s = settings(args(&["--dir", "/tmp/x"]), env(&url)).unwrap();
        assert_eq!(s.url, "cloudinary://k:s@c");
        assert_eq!(s.port, 8080);
        assert_eq!(s.dir, Some(PathBuf::from("/tmp/x")));
        assert!(!s.demo);
        let demo = settings(args(&["--demo"]), env(&[])).unwrap();
        assert_eq!(demo.url, DEMO_CLOUDINARY_URL);
        assert_eq!(demo.port, 3001);
        assert!(
            settings(args(&["--demo"]), env(&url))
                .err()
                .unwrap()
                .starts_with("usage_error: ")
        );
        assert!(
            settings(args(&[]), env(&[]))
                .err()
                .unwrap()
                .starts_with("not_configured: ")
        );
        assert!(settings(args(&["--dir"]), env(&url)).is_err());
        assert!(settings(args(&["--x"]), env(&url)).is_err());
        let bad_port = [("CLOUDINARY_URL", "cloudinary://k:s@c"), ("PORT", "x")];
        assert!(
            settings(args(&[]), env(&bad_port))
                .err()
                .unwrap()
                .starts_with("invalid_port: ")
        );
        let key = [
            ("CLOUDINARY_URL", "cloudinary://k:s@c"),
            ("CLOUDINARY_AUTH_TOKEN_KEY", "00ff"),
        ];
        assert_eq!(
            settings(args(&[]), env(&key)).unwrap().token_key.as_deref(),
            Some("00ff")
        );
    }
}
