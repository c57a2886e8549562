//! Helpers shared by the integration tests: the stand-in on an ephemeral loopback port
//! with a pinned clock, signed forms, requests to it; the HTTP client, answers and
//! multipart bodies come from `cld-sign-test-support`.

use cld_sign::{Config, Params, Signer, Timestamp};
use cld_sign_stand_in::{Builder, Limits, Running, StandIn};
pub use cld_sign_test_support::{
    Answer, HttpClient, client, eventually, fresh_dir, multipart, multipart_type,
};
use hyper::Method;
use hyper::body::Bytes;

pub const SECRET: &str = "stand-in-test-secret";
pub const URL: &str = "cloudinary://4321:stand-in-test-secret@testcloud";
pub const NOW: u64 = 1_700_000_000;
pub const UPLOAD: &str = "/v1_1/testcloud/auto/upload";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really an image";

pub fn signer() -> Signer {
    Signer::from_config(&Config::from_url(URL).unwrap())
}

/// The stand-in at the pinned clock `now`.
pub async fn stand_in(now: u64) -> Running {
    stand_in_with(now, Limits::default()).await
}

/// The stand-in at `now` that also checks delivery tokens, signed with [`TOKEN_KEY`].
pub async fn stand_in_with_token_key(now: u64) -> Running {
    start(builder_at(now).auth_token_key(TOKEN_KEY)).await
}

/// The stand-in at `now` with `limits`.
pub async fn stand_in_with(now: u64, limits: Limits) -> Running {
    start(builder_at(now).limits(limits)).await
}

/// A builder for the test account, its clock pinned at `now`.
fn builder_at(now: u64) -> Builder {
    StandIn::builder()
        .cloudinary_url(URL)
        .clock(move || Timestamp::from_secs(now))
}

async fn start(builder: Builder) -> Running {
    builder.start().await.expect("the stand-in starts")
}

/// The form a client sends for `params` (a signed upload): the params as signed, plus
/// `api_key` and `signature`.
pub fn signed_form(params: &[(&str, &str)]) -> Vec<(String, String)> {
    let params = Params::from_pairs(params.iter().copied()).unwrap();
    let signature = signer().sign(&params);
    params
        .form_fields("4321", &signature)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect()
}

pub fn borrowed(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// Sends `method` `path` to the stand-in on a new connection; the answer, read in full.
pub async fn request(
    server: &Running,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Answer {
    cld_sign_test_support::request(&client(), server.base_url(), method, path, headers, body).await
}

pub async fn get(server: &Running, path: &str) -> Answer {
    request(server, Method::GET, path, &[], Bytes::new()).await
}

pub async fn post_file(
    server: &Running,
    path: &str,
    form: &[(&str, &str)],
    file: (&str, &str, &[u8]),
    headers: &[(&str, &str)],
) -> Answer {
    let body = multipart(form, Some(file));
    let content_type = multipart_type();
    let mut all = vec![("content-type", content_type.as_str())];
    all.extend_from_slice(headers);
    request(server, Method::POST, path, &all, body).await
}

pub async fn post_multipart(server: &Running, path: &str, form: &[(&str, &str)]) -> Answer {
    post_file(server, path, form, ("kitten.png", "image/png", PNG), &[]).await
}

/// The workspace's root folder.
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate is in the workspace")
        .to_owned()
}

/// Where `.ci/run` installs the official SDKs: `<workspace>/target/sdk`.
pub fn sdk_dir() -> std::path::PathBuf {
    workspace_root().join("target").join("sdk")
}

/// Whether the test must run: `true` when `available` is `Ok`; otherwise a loud SKIPPED
/// line and `false`, or a failure with `CI=true` (CI installs the SDKs).
pub fn sdk_available(name: &str, available: Result<(), String>) -> bool {
    use std::io::Write as _;
    match available {
        Ok(()) => true,
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but the {name} is not installed ({why}); .ci/run installs it")
        }
        Err(why) => {
            let _ = writeln!(
                std::io::stderr(),
                "\n***** SKIPPED: {name} test: {why}. Run .ci/run (or see it) to install it. *****\n"
            );
            false
        }
    }
}

/// A fresh folder with the files the SDK scripts upload: `kitten.png` (a real 2×1 PNG
/// header) and `big.bin` (250,000 bytes, uploaded in chunks).
pub fn sdk_files() -> (std::path::PathBuf, Vec<u8>, Vec<u8>) {
    let dir = fresh_dir("cld-sign-sdk");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&2u32.to_be_bytes());
    png.extend_from_slice(&1u32.to_be_bytes());
    png.extend_from_slice(b"\x08\x02\0\0\0 the rest of a small test image");
    let big: Vec<u8> = (0..250_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(dir.join("kitten.png"), &png).unwrap();
    std::fs::write(dir.join("big.bin"), &big).unwrap();
    (dir, png, big)
}

/// The auth token key the SDK tests configure on both sides.
pub const TOKEN_KEY: &str = "00112233445566778899aabbccddeeff";
