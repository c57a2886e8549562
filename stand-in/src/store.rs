//! What the stand-in accepted: in memory, and in a folder when given one, written and
//! synced before the upload is answered, so that every asset a `200` announced is there
//! after a crash.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// An asset the stand-in accepted: its bytes, what was signed for it and the answer given.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Asset {
    /// The public ID (with its folder).
    pub public_id: String,
    /// `image`, `video` or `raw` (never `auto`).
    pub resource_type: String,
    /// The delivery type: `upload`, `private` or `authenticated`.
    pub delivery_type: String,
    /// `public` or `authenticated` (the `access_mode` parameter).
    pub access_mode: String,
    /// The version (the upload's second).
    pub version: u64,
    /// The format (the file's extension), `None` for raw files, whose public ID keeps it.
    pub format: Option<String>,
    /// The content type the client sent with the file, if any.
    pub content_type: Option<String>,
    /// The file's bytes, as uploaded (a remote URL or data URI: its text).
    pub bytes: Bytes,
    /// The signed parameters, sorted by name, as verified.
    pub params: Vec<(String, String)>,
    /// The `200` answer's JSON.
    pub response: Value,
}

impl fmt::Debug for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Asset")
            .field("public_id", &self.public_id)
            .field("resource_type", &self.resource_type)
            .field("delivery_type", &self.delivery_type)
            .field("version", &self.version)
            .field("format", &self.format)
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl Asset {
    /// The signed parameter `name`, if any.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The transformations generated for it (`eager`), each as delivered.
    pub(crate) fn eager(&self) -> impl Iterator<Item = &str> {
        self.response["eager"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["transformation"].as_str())
    }

    fn key(&self) -> Key {
        key(&self.resource_type, &self.delivery_type, &self.public_id)
    }

    fn to_json(&self) -> Value {
        json!({
            "public_id": self.public_id,
            "resource_type": self.resource_type,
            "delivery_type": self.delivery_type,
            "access_mode": self.access_mode,
            "version": self.version,
            "format": self.format,
            "content_type": self.content_type,
            "params": self.params,
            "response": self.response,
        })
    }

    fn from_json(meta: &Value, bytes: Bytes) -> Option<Self> {
        let text = |name: &str| meta[name].as_str().map(str::to_owned);
        Some(Self {
            public_id: text("public_id")?,
            resource_type: text("resource_type")?,
            delivery_type: text("delivery_type")?,
            access_mode: text("access_mode")?,
            version: meta["version"].as_u64()?,
            format: text("format"),
            content_type: text("content_type"),
            bytes,
            params: serde_json::from_value(meta["params"].clone()).ok()?,
            response: meta["response"].clone(),
        })
    }
}

type Key = (String, String, String);

fn key(resource_type: &str, delivery_type: &str, public_id: &str) -> Key {
    (
        resource_type.to_owned(),
        delivery_type.to_owned(),
        public_id.to_owned(),
    )
}

/// The assets, by resource type, delivery type and public ID.
pub(crate) struct Store {
    assets: Mutex<HashMap<Key, Asset>>,
    dir: Option<PathBuf>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Store {
    /// A store in memory only.
    pub(crate) fn in_memory() -> Self {
        Self {
            assets: Mutex::new(HashMap::new()),
            dir: None,
        }
    }

    /// A store kept in `dir` (created if missing), with what an earlier run left there.
    pub(crate) fn in_dir(dir: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let mut assets = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let meta: Value = match std::fs::read(&path)
                .ok()
                .and_then(|text| serde_json::from_slice(&text).ok())
            {
                Some(meta) => meta,
                None => continue,
            };
            let Ok(bytes) = std::fs::read(path.with_extension("bin")) else {
                continue;
            };
            if let Some(asset) = Asset::from_json(&meta, Bytes::from(bytes)) {
                assets.insert(asset.key(), asset);
            }
        }
        Ok(Self {
            assets: Mutex::new(assets),
            dir: Some(dir.to_owned()),
        })
    }

    pub(crate) fn get(
        &self,
        resource_type: &str,
        delivery_type: &str,
        public_id: &str,
    ) -> Option<Asset> {
        lock(&self.assets)
            .get(&key(resource_type, delivery_type, public_id))
            .cloned()
    }

    /// Keeps `asset` (in the folder first, synced), replacing one of the same key.
    pub(crate) async fn put(&self, asset: Asset) -> io::Result<()> {
        if let Some(dir) = &self.dir {
            let dir = dir.clone();
            let saved = asset.clone();
            tokio::task::spawn_blocking(move || write_asset(&dir, &saved))
                .await
                .map_err(io::Error::other)??;
        }
        lock(&self.assets).insert(asset.key(), asset);
        Ok(())
    }

    /// Removes an asset; whether it was there.
    pub(crate) async fn remove(
        &self,
        resource_type: &str,
        delivery_type: &str,
        public_id: &str,
    ) -> io::Result<bool> {
        let key = key(resource_type, delivery_type, public_id);
        if let Some(dir) = &self.dir {
            let base = dir.join(file_stem(&key));
            tokio::task::spawn_blocking(move || {
                remove_if_present(&base.with_extension("json"))?;
                remove_if_present(&base.with_extension("bin"))
            })
            .await
            .map_err(io::Error::other)??;
        }
        Ok(lock(&self.assets).remove(&key).is_some())
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// A file name for a key: the hex SHA-256 of its parts (public IDs hold `/`).
fn file_stem(key: &Key) -> String {
    let mut hash = Sha256::new();
    for part in [&key.0, &key.1, &key.2] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

/// Writes the bytes, then the description that makes them an asset, each to a temporary
/// file that is synced and renamed into place; then syncs the folder.
fn write_asset(dir: &Path, asset: &Asset) -> io::Result<()> {
    let base = dir.join(file_stem(&asset.key()));
    write_synced(&base.with_extension("bin"), &asset.bytes)?;
    let meta = serde_json::to_vec(&asset.to_json()).map_err(io::Error::other)?;
    write_synced(&base.with_extension("json"), &meta)?;
    std::fs::File::open(dir)?.sync_all()
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = path.with_extension("tmp");
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset() -> Asset {
        Asset {
            public_id: "folder/cat".to_owned(),
            resource_type: "image".to_owned(),
            delivery_type: "upload".to_owned(),
            access_mode: "public".to_owned(),
            version: 17,
            format: Some("png".to_owned()),
            content_type: None,
            bytes: Bytes::from_static(b"12345"),
            params: vec![
                ("public_id".to_owned(), "folder/cat".to_owned()),
                ("tags".to_owned(), "a,b".to_owned()),
            ],
            response: json!({}),
        }
    }

    #[test]
    fn params_are_found_by_name() {
        let asset = asset();
        assert_eq!(asset.param("tags"), Some("a,b"));
        assert_eq!(asset.param("public_id"), Some("folder/cat"));
        assert_eq!(asset.param("timestamp"), None);
    }

    #[test]
    fn debug_shows_the_key_and_the_byte_count() {
        let shown = format!("{:?}", asset());
        assert_eq!(
            shown,
            "Asset { public_id: \"folder/cat\", resource_type: \"image\", \
             delivery_type: \"upload\", version: 17, format: Some(\"png\"), bytes: 5, .. }"
        );
    }

    #[test]
    fn removing_tolerates_only_a_missing_file() {
        let dir = cld_sign_test_support::fresh_dir("cld-sign-store");
        let file = dir.join("asset.bin");
        std::fs::write(&file, b"bytes").unwrap();
        remove_if_present(&file).unwrap();
        assert!(!file.exists());
        // Already gone: fine.
        remove_if_present(&file).unwrap();
        // Any other failure (here: a folder is no file) is reported.
        assert!(remove_if_present(&dir).is_err());
        assert!(dir.exists());
        std::fs::remove_dir(&dir).unwrap();
    }
}
