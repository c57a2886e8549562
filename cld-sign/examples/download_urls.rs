//! Builds the four kinds of signed download URL of the download URL rule's documented examples: a private
//! asset, an archive, a folder and a backed-up version.
//!
//! ```text
//! cargo run --example download_urls
//! ```
//!
//! Uses the documentation's cloud `demo`, API key `1234`, secret `abcd`, timestamp
//! 1315060510 (use `Timestamp::now()` in real code).

use cld_sign::download::{DownloadKind, DownloadUrl};
use cld_sign::{ApiSecret, Error, Signer, Timestamp};

fn main() -> Result<(), Error> {
    let signer = Signer::new(ApiSecret::new("abcd")?);
    let at = Timestamp::from_secs(1315060510);

    // Typed setters.
    let private = DownloadUrl::private("demo", "sample")
        .with_param("format", "jpg")
        .with_param("attachment", &true)
        .sign_at(&signer, "1234", at)?;
    println!("private:  {}", private.string_to_sign());
    println!("          {}", private.signature());
    println!("          {private}");

    // SDK-style JSON options, as `download_archive_url(**options)` takes them.
    let options = serde_json::json!({
        "public_ids": ["sample", "dog"],
        "target_format": "zip",
        "flatten_folders": true,
    });
    let archive = DownloadUrl::from_options(DownloadKind::Archive, "demo", &options)?
        .sign_at(&signer, "1234", at)?;
    println!("archive:  {}", archive.string_to_sign());
    println!("          {}", archive.signature());
    println!("          {archive}");

    let folder = DownloadUrl::folder("demo", "products/shoes").sign_at(&signer, "1234", at)?;
    println!("folder:   {}", folder.string_to_sign());
    println!("          {}", folder.signature());
    println!("          {folder}");

    let backup = DownloadUrl::backup(
        "demo",
        "b8a2a3c6a4a6d2b7bb3b1a9c0c1d2e3f",
        "7d2cc533bee9ff39f7da7414b61fce7e",
    )
    .sign_at(&signer, "1234", at)?;
    println!("backup:   {}", backup.string_to_sign());
    println!("          {}", backup.signature());
    println!("          {backup}");
    Ok(())
}
