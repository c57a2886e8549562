//! The signed-upload app end to end in a real browser: headless Chromium, driven over
//! WebDriver (chromedriver + fantoccini), opens the app's upload form page, picks a file
//! and submits; the page gets a signature from the app and posts to the upload API
//! stand-in, which checks it as Cloudinary does. Then the same with one field tampered in
//! the page.
//!
//! Needs `chromium` and `chromedriver` on `PATH` (Debian: `apt-get install -y chromium
//! chromium-driver`; or set `CHROMIUM` and `CHROMEDRIVER` to their paths). Without them the
//! test prints a loud SKIPPED line and passes, except with `CI=true`, where it fails.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{Running, eventually, fresh_dir, listener};
use cld_sign::response::ResponseVerifier;
use cld_sign::{Config, Signer};
use cld_sign_signing_server::account::Account;
use cld_sign_signing_server::app::{self, AppState, Settings};
use cld_sign_signing_server::serve::Limits;
use cld_sign_stand_in::StandIn;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

const URL: &str = "cloudinary://987654321:browser-test-secret@browsercloud";

/// `name` in a directory of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The browser and its driver: `$CHROMIUM` / `$CHROMEDRIVER`, else from `PATH`.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let from_env = |var: &str| std::env::var_os(var).map(PathBuf::from);
    let chromium = from_env("CHROMIUM")
        .or_else(|| on_path("chromium"))
        .or_else(|| on_path("chromium-browser"))
        .ok_or("no chromium on PATH (and CHROMIUM not set)")?;
    let driver = from_env("CHROMEDRIVER")
        .or_else(|| on_path("chromedriver"))
        .ok_or("no chromedriver on PATH (and CHROMEDRIVER not set)")?;
    Ok((chromium, driver))
}

/// Kills and reaps the process, and removes the directory, when dropped.
struct Cleanup {
    driver: Child,
    profile: PathBuf,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Starts chromedriver and a headless Chromium session with a fresh profile.
async fn start_browser(chromium: &Path, driver: &Path) -> (Client, Cleanup) {
    let port = listener().await.local_addr().unwrap().port();
    let profile = fresh_dir("cld-sign-browser-profile");
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let cleanup = Cleanup {
        driver: child,
        profile: profile.clone(),
    };
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let webdriver = format!("http://127.0.0.1:{port}");
    // chromedriver needs a moment to listen.
    let mut last_error = String::new();
    for _ in 0..100 {
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities.clone());
        match builder.connect(&webdriver).await {
            Ok(client) => return (client, cleanup),
            Err(err) => last_error = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "no WebDriver session from {}: {last_error}",
        driver.display()
    );
}

/// Opens the form page, picks `file`, runs `before_submit` in the page, submits, and
/// waits for the page to show the upload API's answer: (HTTP status, body text).
async fn upload_through_the_page(
    client: &Client,
    page: &str,
    file: &Path,
    before_submit: &str,
) -> (String, String) {
    client.goto(page).await.expect("open the form page");
    let input = client
        .find(Locator::Css("#file"))
        .await
        .expect("the file input");
    input
        .send_keys(file.to_str().expect("UTF-8 path"))
        .await
        .expect("pick the file");
    if !before_submit.is_empty() {
        client
            .execute(before_submit, vec![])
            .await
            .expect("script runs");
    }
    client
        .find(Locator::Css("#upload"))
        .await
        .expect("the upload button")
        .click()
        .await
        .expect("submit");
    let read = "const r = document.getElementById('result'); \
                return r.dataset.status ? [r.dataset.status, r.textContent] : null;";
    for _ in 0..300 {
        let shown = client.execute(read, vec![]).await.expect("read the page");
        if let Value::Array(shown) = shown {
            let status = shown[0].as_str().unwrap().to_owned();
            let text = shown[1].as_str().unwrap().to_owned();
            return (status, text);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page showed no answer within 30 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_uploads_through_the_form_page_and_sees_tampering_refused() {
    let (chromium, driver) = match browser() {
        Ok(found) => found,
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "CI=true and the browser test cannot run: {why}. Install chromium and chromium-driver."
            )
        }
        Err(why) => {
            // Straight to stderr: libtest captures `eprintln!` of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "\n***** SKIPPED: browser end-to-end test: {why}. \
                 Install it (Debian: apt-get install -y chromium chromium-driver) to run it. *****\n"
            );
            return;
        }
    };

    // The stand-in for Cloudinary's upload API, and the app pointed at it with
    // `upload_prefix`, its own webhook signed in as the form's `notification_url`.
    let stand_in = StandIn::builder()
        .cloudinary_url(URL)
        .start()
        .await
        .expect("the stand-in starts");
    let app_listener = listener().await;
    let app_base = format!("http://{}", app_listener.local_addr().unwrap());
    let account =
        Account::from_url(&format!("{URL}?upload_prefix={}", stand_in.base_url())).unwrap();
    let mut settings = Settings::new(account);
    settings.choices.notification_url = Some(format!("{app_base}/webhooks/cloudinary"));
    let app_state = AppState::new(settings);
    let app = Running::start_on(app_listener, app::app(app_state.clone()), Limits::default());

    let files = fresh_dir("cld-sign-browser-upload");
    let file = files.join("kitten.png");
    let content = b"\x89PNG\r\n\x1a\n a small file for the browser test";
    std::fs::write(&file, content).unwrap();

    let (client, cleanup) = start_browser(&chromium, &driver).await;
    let page = format!("{app_base}/");

    // 1. An honest upload: accepted, answered, signed; the notification reaches the
    //    app's webhook and verifies.
    let (status, text) = upload_through_the_page(&client, &page, &file, "").await;
    assert_eq!(status, "200", "{text}");
    let upload: Value = serde_json::from_str(&text).expect("the upload response");
    let public_id = upload["public_id"].as_str().expect("public_id");
    assert!(
        public_id.starts_with("signed_upload_demo_form/"),
        "{public_id}"
    );
    assert_eq!(upload["bytes"], content.len());
    assert_eq!(upload["original_filename"], "kitten");
    let eager: Vec<&str> = upload["eager"]
        .as_array()
        .expect("eager as a list")
        .iter()
        .map(|item| item["transformation"].as_str().expect("a transformation"))
        .collect();
    assert_eq!(eager, ["c_pad,h_300,w_400", "c_crop,h_200,w_260"]);
    let version = upload["version"].as_u64().expect("version");
    let signer = Signer::from_config(&Config::from_url(URL).unwrap());
    ResponseVerifier::new(signer.clone())
        .verify(public_id, &version, upload["signature"].as_str().unwrap())
        .expect("the response signature verifies");
    let delivery = eventually(Duration::from_secs(10), || stand_in.notifications().pop())
        .await
        .expect("the stand-in sent the notification");
    assert_eq!(delivery.outcome, Ok(204), "the webhook accepted it");
    let received = app_state.received_notifications();
    assert_eq!(
        received.len(),
        1,
        "the webhook kept one verified notification"
    );
    let notification: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(notification["notification_type"], "upload");
    assert_eq!(notification["public_id"], public_id);

    // 2. The folder tampered with in the page: Cloudinary's error reaches the page.
    let tamper = "document.querySelector('input[name=folder]').value = 'somewhere_else';";
    let (status, text) = upload_through_the_page(&client, &page, &file, tamper).await;
    assert_eq!(status, "401", "{text}");
    let error: Value = serde_json::from_str(&text).expect("Cloudinary's error body");
    let message = error["error"]["message"].as_str().expect("error.message");
    assert!(message.starts_with("Invalid Signature "), "{message}");
    assert!(message.contains(". String to sign - '"), "{message}");
    assert!(message.contains("folder=somewhere_else&"), "{message}");
    assert!(!message.contains("browser-test-secret"));
    let shown = client
        .find(Locator::Id("status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, "failed");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        stand_in.notifications().len(),
        1,
        "no notification for a refused upload"
    );

    client.close().await.expect("close the browser");
    drop(cleanup);
    let _ = std::fs::remove_dir_all(&files);
    app.stop().await;
    stand_in.shutdown().await.expect("the stand-in stops");
}
