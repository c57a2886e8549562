//! Nothing acknowledged is lost: the binary with a storage folder is killed (SIGKILL)
//! while uploads are under way; restarted on the same folder, it serves every asset it
//! had answered `200` for, byte for byte.

use std::process::Stdio;
use std::time::Duration;

use crate::common::*;
use cld_sign::Timestamp;
use hyper::{Method, StatusCode};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Starts the binary on an ephemeral port with `dir`; the child and its base URL.
async fn start(dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cld-sign-stand-in"))
        .args(["--dir".as_ref(), dir.as_os_str()])
        .env("CLOUDINARY_URL", URL)
        .env("PORT", "0")
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.split("listening on ").nth(1) {
                return rest.trim().to_owned();
            }
        }
        panic!("the binary ended before listening");
    })
    .await
    .expect("listening within 10 s");
    // Keep reading what it says, so that it can always write.
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            eprintln!("stand-in: {line}");
        }
    });
    (child, base)
}

async fn post(
    client: &HttpClient,
    base: &str,
    body: Vec<u8>,
) -> Option<(StatusCode, serde_json::Value)> {
    let request = hyper::Request::builder()
        .method(Method::POST)
        .uri(format!("{base}{UPLOAD}"))
        .header("content-type", multipart_type())
        .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))
        .unwrap();
    let response = client.request(request).await.ok()?;
    let status = response.status();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .ok()?
        .to_bytes();
    Some((status, serde_json::from_slice(&body).ok()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_upload_survives_a_kill() {
    let (dir, _, _) = sdk_files();
    let store = dir.join("store");
    let (mut child, base) = start(&store).await;

    // Four clients upload distinct files in a loop; the kill comes mid-stream.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut clients = Vec::new();
    for worker in 0..4u32 {
        let base = base.clone();
        let acknowledged = std::sync::Arc::clone(&acknowledged);
        clients.push(tokio::spawn(async move {
            let client = client();
            for i in 0..1000u32 {
                let content = format!("file {worker}-{i} ").repeat(200).into_bytes();
                let ts = Timestamp::now().to_string();
                let form = signed_form(&[("timestamp", &ts)]);
                let body = multipart(&borrowed(&form), Some(("f.txt", "text/plain", &content)));
                match post(&client, &base, body).await {
                    Some((StatusCode::OK, answer)) => acknowledged
                        .lock()
                        .unwrap()
                        .push((answer["public_id"].as_str().unwrap().to_owned(), content)),
                    // Killed: this client stops.
                    _ => return,
                }
            }
        }));
    }
    // Kill once enough uploads were acknowledged.
    let enough = eventually(Duration::from_secs(30), || {
        (acknowledged.lock().unwrap().len() >= 40).then_some(())
    })
    .await;
    assert!(enough.is_some(), "40 uploads acknowledged within 30 s");
    child.start_kill().unwrap(); // SIGKILL
    child.wait().await.unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 40);

    let (_child, base) = start(&store).await;
    let client = client();
    for (public_id, content) in &acknowledged {
        // A raw file (`f.txt` under `auto`): its public ID keeps the extension.
        let url = format!("{base}/testcloud/raw/upload/{public_id}");
        let response = client
            .request(
                hyper::Request::get(&url)
                    .body(http_body_util::Full::default())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url} lost");
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(&body[..], &content[..], "{url}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
