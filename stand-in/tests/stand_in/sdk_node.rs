//! The official Node SDK (the `cloudinary` npm package, pinned in `.ci/run`) against the
//! stand-in: plain and structured uploads, a notification, `upload_large` streamed in
//! chunks, 40 uploads on one keep-alive agent, each answer checked with the SDK's own
//! verify functions; then the SDK's delivery, auth-token and private-download URLs
//! fetched, `explicit` and `destroy`.
//!
//! Needs `node` and the package: `$CLD_SIGN_SDK_NODE_PATH` (a `node_modules` folder), else
//! the one `.ci/run` installs at `target/sdk/node/node_modules`. Without them: SKIPPED, or
//! a failure with `CI=true`.

use std::path::PathBuf;
use std::process::Command;

use crate::common::*;
use cld_sign_stand_in::StandIn;
use serde_json::{Value, json};

fn node_modules() -> PathBuf {
    std::env::var_os("CLD_SIGN_SDK_NODE_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| sdk_dir().join("node").join("node_modules"))
}

fn installed(modules: &PathBuf) -> Result<(), String> {
    let output = Command::new("node")
        .args(["-e", "require('cloudinary')"])
        .env("NODE_PATH", modules)
        .output()
        .map_err(|err| format!("no node on PATH: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("no `cloudinary` package in {}", modules.display()))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_sdk_uploads_and_urls_pass_the_stand_in() {
    let modules = node_modules();
    if !sdk_available("Node SDK (cloudinary)", installed(&modules)) {
        return;
    }
    let server = StandIn::builder()
        .cloudinary_url(URL)
        .auth_token_key(TOKEN_KEY)
        .start()
        .await
        .unwrap();
    let (dir, png, big) = sdk_files();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/node_sdk.js");
    let host = server.base_url().trim_start_matches("http://").to_owned();
    let output = tokio::process::Command::new("node")
        .arg(script)
        .env("NODE_PATH", &modules)
        .env(
            "CLOUDINARY_URL",
            format!("{URL}?upload_prefix={}", server.base_url()),
        )
        .env("STAND_IN_HOST", &host)
        .env("AUTH_TOKEN_KEY", TOKEN_KEY)
        .env("WORK_DIR", &dir)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the script failed:\n{stderr}\n{stdout}"
    );
    let report: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
        .unwrap_or_else(|err| panic!("a JSON report ({err}):\n{stdout}\n{stderr}"));
    let text = report.to_string();

    assert!(report["sdk_version"].is_string(), "{text}");
    assert_eq!(report["plain"]["verified"], true, "{text}");
    assert_eq!(report["plain"]["original_filename"], "kitten", "{text}");
    assert_eq!(report["plain"]["bytes"], png.len());
    let rich = &report["rich"];
    assert_eq!(rich["verified"], true, "{text}");
    assert_eq!(rich["public_id"], "kitten");
    assert_eq!(rich["tags"], json!(["a", "b"]));
    assert_eq!(
        rich["context"],
        json!({"custom": {"alt": "a cat", "caption": "x=y|z"}})
    );
    assert_eq!(rich["metadata"], json!({"color": "red"}));
    assert_eq!(rich["eager"], json!(["c_scale,w_100", "c_fit,w_50"]));
    assert_eq!(
        rich["breakpoints"],
        json!([1]),
        "an array the SDK can cache: {text}"
    );

    let large = &report["large"];
    assert_eq!(large["verified"], true, "{text}");
    assert_eq!(
        large["resource_type"], "raw",
        "upload_large defaults to raw"
    );
    assert_eq!(large["bytes"], big.len());
    assert_eq!(large["fetched_equal"], true, "{text}");
    let kept = server
        .asset("raw", "upload", large["public_id"].as_str().unwrap())
        .expect("the chunked upload is kept");
    assert_eq!(&kept.bytes[..], &big[..]);

    assert_eq!(report["keepalive"]["verified"], 40, "{text}");
    assert_eq!(
        report["keepalive"]["new_connections"], 0,
        "one agent connection: {text}"
    );

    let delivery = report["delivery_url"].as_str().unwrap();
    assert!(
        delivery.starts_with(&format!("http://{host}/testcloud/image/upload/")),
        "{delivery}"
    );
    assert!(
        delivery.contains("?_a="),
        "the SDK's analytics parameter: {delivery}"
    );
    assert_eq!(report["public_fetch"], true, "{text}");
    assert_eq!(report["signed_transformation_fetch"], true, "{text}");
    assert_eq!(report["unsigned_transformation_status"], 401, "{text}");
    assert_eq!(report["tampered_signature_status"], 401, "{text}");
    assert!(
        report["token_url"]
            .as_str()
            .unwrap()
            .contains("__cld_token__="),
        "{text}"
    );
    assert_eq!(report["token_fetch"], true, "{text}");
    assert_eq!(report["no_token_status"], 401, "{text}");
    assert_eq!(report["private_download"], true, "{text}");
    assert_eq!(report["private_delivery_status"], 401, "{text}");
    assert_eq!(report["explicit_tags"], json!(["retagged"]), "{text}");
    assert_eq!(report["destroy"], "ok", "{text}");
    assert_eq!(report["destroyed_status"], 404, "{text}");

    let notifications = report["notifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1, "{text}");
    assert_eq!(
        notifications[0]["verified"], true,
        "the SDK verified it: {text}"
    );
    assert_eq!(notifications[0]["tampered_verified"], false, "{text}");

    // plain, rich, large, 40 keep-alive, authenticated, private, explicit.
    assert_eq!(server.received().len(), 46);
    let _ = std::fs::remove_dir_all(dir);
    server.shutdown().await.unwrap();
}
