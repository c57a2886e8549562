//! The official Python SDK (pycloudinary, pinned in `.ci/run`) against the stand-in:
//! plain and structured uploads, a notification, `upload_large` in chunks, 40 uploads on
//! one keep-alive pool, each answer checked with the SDK's own verify functions; then the
//! SDK's delivery, auth-token and private-download URLs fetched, `explicit` and `destroy`.
//!
//! Needs a Python with `cloudinary` installed: `$CLD_SIGN_SDK_PYTHON`, else the venv
//! `.ci/run` makes at `target/sdk/venv`. Without it: SKIPPED, or a failure with `CI=true`.

use std::path::PathBuf;
use std::process::Command;

use crate::common::*;
use cld_sign_stand_in::StandIn;
use serde_json::Value;

fn python() -> PathBuf {
    std::env::var_os("CLD_SIGN_SDK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| sdk_dir().join("venv").join("bin").join("python"))
}

fn installed(python: &PathBuf) -> Result<(), String> {
    let status = Command::new(python)
        .args(["-c", "import cloudinary"])
        .output()
        .map_err(|err| format!("no Python at {}: {err}", python.display()))?;
    if status.status.success() {
        Ok(())
    } else {
        Err(format!("{} cannot import cloudinary", python.display()))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pycloudinary_uploads_and_urls_pass_the_stand_in() {
    let python = python();
    if !sdk_available("Python SDK (pycloudinary)", installed(&python)) {
        return;
    }
    let server = StandIn::builder()
        .cloudinary_url(URL)
        .auth_token_key(TOKEN_KEY)
        .start()
        .await
        .unwrap();
    let (dir, png, big) = sdk_files();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/python_sdk.py");
    let host = server.base_url().trim_start_matches("http://").to_owned();
    let output = tokio::process::Command::new(&python)
        .arg(script)
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
    check_report(&report, &host, png.len(), big.len());

    // What the stand-in kept: the chunked file whole, the structured values as signed.
    let large = server
        .asset(
            "raw",
            "upload",
            report["large"]["public_id"].as_str().unwrap(),
        )
        .expect("the chunked upload is kept");
    assert_eq!(&large.bytes[..], &big[..]);
    let received = server.received();
    // plain, rich, large, 40 keep-alive, authenticated, private, explicit.
    assert_eq!(received.len(), 46, "{received:?}");
    assert!(received.iter().all(|a| a.param("timestamp").is_some()));
    let _ = std::fs::remove_dir_all(dir);
    server.shutdown().await.unwrap();
}

fn check_report(report: &Value, host: &str, png: usize, big: usize) {
    let text = report.to_string();
    assert!(report["sdk_version"].is_string(), "{text}");
    let plain = &report["plain"];
    assert_eq!(plain["verified"], true, "{text}");
    assert_eq!(
        plain["original_filename"], "kitten",
        "the base name, not the local path: {text}"
    );
    assert_eq!(plain["format"], "png");
    assert_eq!(plain["bytes"], png);

    let rich = &report["rich"];
    assert_eq!(rich["verified"], true, "{text}");
    assert_eq!(
        rich["public_id"], "kitten",
        "use_filename without unique_filename"
    );
    assert_eq!(rich["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(
        rich["context"],
        serde_json::json!({"custom": {"alt": "a cat", "caption": "x=y|z"}})
    );
    assert_eq!(rich["metadata"], serde_json::json!({"color": "red"}));
    assert_eq!(
        rich["eager"],
        serde_json::json!(["c_scale,w_100", "c_fit,w_50"])
    );
    assert_eq!(rich["breakpoints"], serde_json::json!([1]));

    let large = &report["large"];
    assert_eq!(large["verified"], true, "{text}");
    assert_eq!(
        large["resource_type"], "raw",
        "upload_large defaults to raw"
    );
    assert_eq!(large["bytes"], big);
    assert!(
        large["public_id"].as_str().unwrap().ends_with(".bin"),
        "{text}"
    );
    assert_eq!(large["fetched_equal"], true, "{text}");

    assert_eq!(report["keepalive"]["verified"], 40, "{text}");
    assert_eq!(
        report["keepalive"]["new_connections"], 0,
        "one pooled connection: {text}"
    );

    let delivery = report["delivery_url"].as_str().unwrap();
    assert!(
        delivery.starts_with(&format!("http://{host}/testcloud/image/upload/")),
        "{delivery}"
    );
    assert_eq!(report["public_fetch"], true, "{text}");
    assert!(
        report["signed_url"].as_str().unwrap().contains("/s--"),
        "{text}"
    );
    assert_eq!(report["signed_transformation_fetch"], true, "{text}");
    assert_eq!(report["unsigned_transformation_status"], 401, "{text}");
    assert_eq!(report["tampered_signature_status"], 401, "{text}");
    assert_eq!(
        report["eager_fetch_status"], 200,
        "an eager transformation exists: {text}"
    );

    assert!(
        report["token_url"]
            .as_str()
            .unwrap()
            .contains("__cld_token__="),
        "{text}"
    );
    assert_eq!(report["token_fetch"], true, "{text}");
    assert_eq!(report["no_token_status"], 401, "{text}");
    assert_eq!(report["signed_authenticated_status"], 200, "{text}");

    assert!(
        report["download_url"]
            .as_str()
            .unwrap()
            .contains("/v1_1/testcloud/image/download?")
    );
    assert_eq!(report["private_download"], true, "{text}");
    assert_eq!(report["private_tampered_status"], 401, "{text}");
    assert_eq!(report["private_delivery_status"], 401, "{text}");

    assert_eq!(
        report["explicit_tags"],
        serde_json::json!(["retagged"]),
        "{text}"
    );
    assert_eq!(report["destroy"], "ok", "{text}");
    assert_eq!(report["destroyed_status"], 404, "{text}");
    assert_eq!(report["destroy_again"], "not found", "{text}");

    let notifications = report["notifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1, "{text}");
    assert_eq!(
        notifications[0]["verified"], true,
        "the SDK verified it: {text}"
    );
    assert_eq!(notifications[0]["tampered_verified"], false, "{text}");
    assert_eq!(notifications[0]["public_id"], "kitten");
}
