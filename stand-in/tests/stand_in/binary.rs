//! The binary's settings and start errors, as a user sees them: the first line on stderr
//! (`<error_name>: <sentence>`) and exit status 2.

use std::process::Stdio;
use std::time::Duration;

use crate::common::*;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// The binary on an ephemeral port with `CLOUDINARY_URL=url` and `env`, and nothing else
/// from the test's environment that it reads.
fn binary(url: &str, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cld-sign-stand-in"));
    command
        .env("CLOUDINARY_URL", url)
        .env("PORT", "0")
        .env_remove("CLOUDINARY_AUTH_TOKEN_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Runs the binary, which must refuse to start: its exit status and first stderr line.
async fn refusal(url: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let output = tokio::time::timeout(Duration::from_secs(10), binary(url, env).output())
        .await
        .expect("the binary ends within 10 s (it must not start serving)")
        .expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let first = stderr.lines().next().unwrap_or_default().to_owned();
    (output.status.code(), first)
}

/// Runs the binary, which must start: the address in its `listening on` line.
async fn listening(url: &str, env: &[(&str, &str)]) -> String {
    let mut child = binary(url, env).spawn().expect("the binary runs");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.split("listening on ").nth(1) {
                return rest.trim().to_owned();
            }
            assert!(line.is_empty() || line.starts_with(' '), "said {line:?}");
        }
        panic!("the binary ended before listening");
    })
    .await
    .expect("listening within 10 s");
    child.kill().await.unwrap();
    base
}

#[tokio::test]
async fn an_empty_token_key_is_no_token_key() {
    let base = listening(URL, &[("CLOUDINARY_AUTH_TOKEN_KEY", "")]).await;
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
}

#[tokio::test]
async fn a_malformed_token_key_stops_it() {
    let (status, line) = refusal(URL, &[("CLOUDINARY_AUTH_TOKEN_KEY", "zz")]).await;
    let err = cld_sign::delivery::TokenKey::from_hex("zz").unwrap_err();
    assert_eq!(status, Some(2));
    assert_eq!(line, format!("malformed_token_key: {err}"));
}

#[tokio::test]
async fn an_account_without_an_api_key_stops_it() {
    let (status, line) = refusal("cloudinary://:stand-in-test-secret@testcloud", &[]).await;
    assert_eq!(status, Some(2));
    assert_eq!(
        line,
        "not_configured: not configured: give the account as \
         CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>"
    );
}

#[tokio::test]
async fn a_port_in_use_stops_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    // The error binding the port again gives, as the binary will meet it.
    let err = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
    let (status, line) = refusal(URL, &[("PORT", &port.to_string())]).await;
    assert_eq!(status, Some(2));
    assert_eq!(line, format!("io_error: cannot serve: {err}"));
    drop(taken);
}
