//! Sending a signed upload (feature `reqwest`): an [`SignedUploadForm`] and a file, as one
//! `multipart/form-data` request or in chunks, answered by a typed [`UploadResponse`] whose
//! response signature is verified before you see it.
//!
//! An [`UploadClient`] holds a [`reqwest::Client`] (yours, or a new one), the
//! [`Signer`] that checks the answer's signature, and the endpoint:
//! `<upload_prefix>/v1_1/<cloud_name>/<resource_type>/upload`, from the
//! [`Config`]'s URL settings (so an `upload_prefix` pointing at a local stand-in is where
//! uploads go). [`UploadClient::upload`] sends every field of the form exactly as it lays
//! them out (a list as one `name[]` field per item), `signature`, then the file
//! ([`FileSource`]: a path, bytes, an async reader, or a remote URL sent as the `file` text).
//!
//! The answer:
//!
//! - `200`: read into an [`UploadResponse`]; its `signature` must be the signer's response
//!   signature of its `public_id` and `version` (see [`crate::response`]), else
//!   [`UploadError::ResponseSignature`]. No answer reaches the caller unverified.
//! - any other status: Cloudinary's `{"error": {"message": "..."}}` as an
//!   [`UploadError::Rejected`] ([`CloudinaryError`]: the status, the message and, for `Invalid
//!   Signature`, Cloudinary's string to sign); [`CloudinaryError::diagnose`] says why a
//!   signature was refused (see [`crate::diagnose`]).
//!
//! Large files go in chunks ([`UploadClient::upload_large`]), as the official SDKs'
//! `upload_large` send them: every chunk is a whole signed upload with the same fields,
//! sent with the same `X-Unique-Upload-Id` header and its own
//! `Content-Range: bytes <first>-<last>/<total>` (`-1` for the total while a reader's length
//! is unknown). Each chunk is signed anew by the caller's closure, so a fresh timestamp
//! covers every chunk however long the upload takes; the last chunk's answer is the
//! [`UploadResponse`].
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use cld_sign::request::upload::UploadParams;
//! use cld_sign::upload_client::{FileSource, UploadClient};
//! use cld_sign::{Config, Signer, Timestamp};
//!
//! let config = Config::from_url("cloudinary://1234:abcd@demo?upload_prefix=http://127.0.0.1:3001")?;
//! let client = UploadClient::new(&config, cld_sign::request::upload::ResourceType::Image)?;
//! let params = UploadParams::default().with_public_id("sample").with_tags(["a", "b"]);
//! let form = params.sign(&Signer::from_config(&config), "1234");
//! let answer = client.upload(&form, FileSource::path("sample.png")).await?;
//! println!("{} is at {:?}", answer.public_id, answer.secure_url);
//! # Ok(()) }
//! ```

mod error;
mod response;

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use reqwest::multipart::{Form, Part};
use reqwest::{Body, Client, RequestBuilder};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio_util::io::ReaderStream;

use crate::config::Config;
use crate::error::Error;
use crate::request::SignedUploadForm;
use crate::request::upload::ResourceType;
use crate::signer::Signer;

pub use self::error::{CloudinaryError, UploadError};
pub use self::response::UploadResponse;

/// The chunk size the SDKs use: 20 MB.
pub const DEFAULT_CHUNK_SIZE: u64 = 20 * 1024 * 1024;

/// The smallest chunk Cloudinary takes (but the last one): 5 MB.
pub const MIN_CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// The file of an upload.
#[non_exhaustive]
pub enum FileSource {
    /// A file on disk, streamed; its base name is the file name sent.
    Path(PathBuf),
    /// Bytes in memory, sent under `filename`.
    Bytes {
        /// The file's bytes.
        bytes: bytes::Bytes,
        /// The file name sent (Cloudinary reads `original_filename` and the format from it).
        filename: String,
    },
    /// An async reader, streamed to its end, sent under `filename`.
    Reader {
        /// Where the bytes come from.
        reader: Box<dyn AsyncRead + Send + Unpin>,
        /// The file name sent.
        filename: String,
    },
    /// A remote file Cloudinary fetches itself (`https://…`, `s3://…`, a data URI): sent as
    /// the text of the `file` field.
    Remote(String),
}

impl FileSource {
    /// A file on disk.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self::Path(path.into())
    }

    /// Bytes in memory, sent under `filename`.
    pub fn bytes(bytes: impl Into<bytes::Bytes>, filename: impl Into<String>) -> Self {
        Self::Bytes {
            bytes: bytes.into(),
            filename: filename.into(),
        }
    }

    /// An async reader, read to its end, sent under `filename`.
    pub fn reader(
        reader: impl AsyncRead + Send + Unpin + 'static,
        filename: impl Into<String>,
    ) -> Self {
        Self::Reader {
            reader: Box::new(reader),
            filename: filename.into(),
        }
    }

    /// A remote URL (or data URI) Cloudinary fetches: the `file` field's text.
    pub fn remote(url: impl Into<String>) -> Self {
        Self::Remote(url.into())
    }

    /// The `file` part.
    async fn into_part(self) -> Result<Part, UploadError> {
        Ok(match self {
            Self::Path(path) => {
                let file = tokio::fs::File::open(&path)
                    .await
                    .map_err(UploadError::File)?;
                let len = file.metadata().await.map_err(UploadError::File)?.len();
                Part::stream_with_length(Body::wrap_stream(ReaderStream::new(file)), len)
                    .file_name(file_name(&path))
            }
            Self::Bytes { bytes, filename } => {
                Part::stream_with_length(bytes.clone(), bytes.len() as u64).file_name(filename)
            }
            Self::Reader { reader, filename } => {
                Part::stream(Body::wrap_stream(ReaderStream::new(reader))).file_name(filename)
            }
            Self::Remote(url) => Part::text(url),
        })
    }
}

impl fmt::Debug for FileSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Path(path) => f.debug_tuple("Path").field(path).finish(),
            Self::Bytes { bytes, filename } => f
                .debug_struct("Bytes")
                .field("len", &bytes.len())
                .field("filename", filename)
                .finish(),
            Self::Reader { filename, .. } => f
                .debug_struct("Reader")
                .field("filename", filename)
                .finish_non_exhaustive(),
            Self::Remote(url) => f.debug_tuple("Remote").field(url).finish(),
        }
    }
}

/// A boxed file reader.
type Reader = Box<dyn AsyncRead + Send + Unpin>;

/// A path's last segment, the file name sent (`file` when it has none).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "file".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The file of a chunked upload ([`UploadClient::upload_large`]).
#[non_exhaustive]
pub enum LargeFile {
    /// A file on disk: its length is known, so every `Content-Range` has the total.
    Path(PathBuf),
    /// An async reader of unknown length: the total is `-1` until the last chunk.
    Reader {
        /// Where the bytes come from.
        reader: Box<dyn AsyncRead + Send + Unpin>,
        /// The file name sent with every chunk.
        filename: String,
    },
}

impl LargeFile {
    /// A file on disk.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self::Path(path.into())
    }

    /// An async reader, sent under `filename`.
    pub fn reader(
        reader: impl AsyncRead + Send + Unpin + 'static,
        filename: impl Into<String>,
    ) -> Self {
        Self::Reader {
            reader: Box::new(reader),
            filename: filename.into(),
        }
    }
}

impl fmt::Debug for LargeFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Path(path) => f.debug_tuple("Path").field(path).finish(),
            Self::Reader { filename, .. } => f
                .debug_struct("Reader")
                .field("filename", filename)
                .finish_non_exhaustive(),
        }
    }
}

/// A progress callback: bytes sent, total if known.
type Progress = Box<dyn FnMut(u64, Option<u64>) + Send>;

/// How [`UploadClient::upload_large`] cuts and reports: the chunk size (20 MB unless set),
/// the upload's `X-Unique-Upload-Id` (random unless set), and a progress callback.
pub struct Chunks {
    size: u64,
    unique_id: Option<String>,
    progress: Option<Progress>,
}

impl Default for Chunks {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Chunks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chunks")
            .field("size", &self.size)
            .field("unique_id", &self.unique_id)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Chunks {
    /// Chunks of [`DEFAULT_CHUNK_SIZE`] bytes, a random upload ID, no progress callback.
    pub fn new() -> Self {
        Self {
            size: DEFAULT_CHUNK_SIZE,
            unique_id: None,
            progress: None,
        }
    }

    /// Chunks of `size` bytes (the last one may be shorter).
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] for less than [`MIN_CHUNK_SIZE`], which Cloudinary
    /// refuses.
    pub fn with_size(self, size: u64) -> Result<Self, Error> {
        if size < MIN_CHUNK_SIZE {
            return Err(Error::UnsupportedValue {
                name: "chunk_size".to_owned(),
                found: format!(
                    "{size} bytes (Cloudinary takes chunks of at least {MIN_CHUNK_SIZE})"
                ),
            });
        }
        Ok(self.with_any_size(size))
    }

    /// Chunks of `size` bytes with no lower bound but one byte: for tests against a local
    /// stand-in, which takes chunks of any size (Cloudinary refuses those under
    /// [`MIN_CHUNK_SIZE`]).
    #[must_use]
    pub fn with_any_size(mut self, size: u64) -> Self {
        self.size = size.max(1);
        self
    }

    /// Sends `id` as `X-Unique-Upload-Id` (by default a random 32-hex-digit ID).
    #[must_use]
    pub fn with_unique_id(mut self, id: impl Into<String>) -> Self {
        self.unique_id = Some(id.into());
        self
    }

    /// Calls `progress(bytes_sent, total)` after every accepted chunk (`total` is `None`
    /// while a reader's length is unknown).
    #[must_use]
    pub fn with_progress(
        mut self,
        progress: impl FnMut(u64, Option<u64>) + Send + 'static,
    ) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// The chunk size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// A random upload ID: 32 hex digits from the standard library's per-process random keys.
fn random_unique_id() -> String {
    let word = || {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u8(0);
        hasher.finish()
    };
    format!("{:016x}{:016x}", word(), word())
}

/// Sends signed uploads and verifies their answers; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct UploadClient {
    client: Client,
    signer: Signer,
    endpoint: String,
}

impl UploadClient {
    /// A client for `config`'s account: the endpoint
    /// `<upload_prefix>/v1_1/<cloud_name>/<resource_type>/upload`, answers verified with
    /// [`Signer::from_config`] (previous secrets included), and a new [`reqwest::Client`].
    ///
    /// # Errors
    /// [`Error::MissingCloudName`] when `config` has no cloud name.
    pub fn new(config: &Config, resource_type: ResourceType) -> Result<Self, Error> {
        let cloud_name = config.cloud_name().ok_or(Error::MissingCloudName)?;
        Ok(Self::with_endpoint(
            Signer::from_config(config),
            config
                .url_settings()
                .api_url(cloud_name, &format!("{resource_type}/upload")),
        ))
    }

    /// A client for an endpoint given in full, answers verified with `signer`.
    pub fn with_endpoint(signer: Signer, endpoint: impl Into<String>) -> Self {
        Self {
            client: Client::new(),
            signer,
            endpoint: endpoint.into(),
        }
    }

    /// Sends with `client` (its timeouts, proxy, TLS settings) instead of a new one.
    #[must_use]
    pub fn with_client(mut self, client: Client) -> Self {
        self.client = client;
        self
    }

    /// Where uploads are POSTed.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The signer that verifies answers.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The request [`upload`](Self::upload) sends, unsent: add headers, then send it
    /// yourself and read the answer with [`read_answer`](Self::read_answer).
    ///
    /// # Errors
    /// [`UploadError::File`] when a path cannot be opened.
    pub async fn request(
        &self,
        form: &SignedUploadForm,
        file: FileSource,
    ) -> Result<RequestBuilder, UploadError> {
        let part = file.into_part().await?;
        Ok(self
            .client
            .post(&self.endpoint)
            .multipart(multipart(form, part)))
    }

    /// Sends `form` with `file` and returns the verified answer; see the [module
    /// docs](self).
    ///
    /// # Errors
    /// [`UploadError::Rejected`] (Cloudinary's error answer),
    /// [`UploadError::ResponseSignature`] (the answer's signature does not verify),
    /// [`UploadError::MalformedResponse`], [`UploadError::Transport`],
    /// [`UploadError::File`].
    pub async fn upload(
        &self,
        form: &SignedUploadForm,
        file: FileSource,
    ) -> Result<UploadResponse, UploadError> {
        let response = self
            .request(form, file)
            .await?
            .send()
            .await
            .map_err(UploadError::Transport)?;
        self.read_answer(response).await
    }

    /// Reads an upload's answer: Cloudinary's error as [`UploadError::Rejected`], a `200`
    /// as an [`UploadResponse`] whose signature is verified.
    ///
    /// # Errors
    /// As [`upload`](Self::upload).
    pub async fn read_answer(
        &self,
        response: reqwest::Response,
    ) -> Result<UploadResponse, UploadError> {
        let (status, body) = read_body(response).await?;
        if !status.is_success() {
            return Err(UploadError::Rejected(CloudinaryError::new(
                status.as_u16(),
                &body,
            )));
        }
        UploadResponse::verified(&body, &self.signer)
    }

    /// Sends `file` in chunks, each a whole upload of the form `sign` returns (called once
    /// per chunk, so that each is signed with a fresh timestamp, as the SDKs do), with one
    /// `X-Unique-Upload-Id` and each chunk's `Content-Range`. Returns the last chunk's
    /// answer, verified. A file of one chunk or less is sent as one chunk, with the headers.
    ///
    /// The file is read one chunk ahead (to know which chunk is the last): at most two
    /// chunks are in memory, whatever the file's size.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use cld_sign::request::upload::{ResourceType, UploadParams};
    /// use cld_sign::upload_client::{Chunks, LargeFile, UploadClient};
    /// use cld_sign::{Config, Signer, Timestamp};
    ///
    /// let config = Config::from_url("cloudinary://1234:abcd@demo")?;
    /// let signer = Signer::from_config(&config);
    /// let params = UploadParams::default().with_public_id("film");
    /// let client = UploadClient::new(&config, ResourceType::Video)?;
    /// let chunks = Chunks::new().with_progress(|sent, total| println!("{sent} of {total:?}"));
    /// let answer = client
    ///     .upload_large(LargeFile::path("film.mp4"), || Ok(params.sign(&signer, "1234")), chunks)
    ///     .await?;
    /// # let _ = answer; Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`upload`](Self::upload), for the first chunk that fails (later chunks are not
    /// sent); [`UploadError::Sign`] when `sign` fails; [`UploadError::MalformedResponse`]
    /// when an intermediate chunk's answer is not JSON.
    pub async fn upload_large<F>(
        &self,
        file: LargeFile,
        mut sign: F,
        mut chunks: Chunks,
    ) -> Result<UploadResponse, UploadError>
    where
        F: FnMut() -> Result<SignedUploadForm, Error>,
    {
        let (mut reader, filename, known_total): (Reader, String, Option<u64>) = match file {
            LargeFile::Path(path) => {
                let file = tokio::fs::File::open(&path)
                    .await
                    .map_err(UploadError::File)?;
                let len = file.metadata().await.map_err(UploadError::File)?.len();
                (Box::new(file), file_name(&path), Some(len))
            }
            LargeFile::Reader { reader, filename } => (reader, filename, None),
        };
        let unique_id = chunks.unique_id.take().unwrap_or_else(random_unique_id);
        let size = usize::try_from(chunks.size).unwrap_or(usize::MAX);
        let mut sent: u64 = 0;
        let mut chunk = read_chunk(&mut reader, size).await?;
        loop {
            // Read one chunk ahead: a short or empty next chunk shows this one is the last.
            let next = if chunk.len() == size {
                read_chunk(&mut reader, size).await?
            } else {
                Vec::new()
            };
            let last = next.is_empty();
            let len = chunk.len() as u64;
            let total = known_total.or(last.then_some(sent + len));
            let range = content_range(sent, len, total);
            let form = sign().map_err(UploadError::Sign)?;
            let part = Part::stream_with_length(chunk, len).file_name(filename.clone());
            let response = self
                .client
                .post(&self.endpoint)
                .header("X-Unique-Upload-Id", &unique_id)
                .header("Content-Range", range)
                .multipart(multipart(&form, part))
                .send()
                .await
                .map_err(UploadError::Transport)?;
            if last {
                let answer = self.read_answer(response).await?;
                if let Some(progress) = chunks.progress.as_mut() {
                    progress(sent + len, total);
                }
                return Ok(answer);
            }
            let (status, body) = read_body(response).await?;
            if !status.is_success() {
                return Err(UploadError::Rejected(CloudinaryError::new(
                    status.as_u16(),
                    &body,
                )));
            }
            serde_json::from_str::<serde_json::Value>(&body).map_err(|e| {
                UploadError::MalformedResponse {
                    status: status.as_u16(),
                    problem: format!("a chunk's answer is not JSON ({e})"),
                }
            })?;
            sent += len;
            if let Some(progress) = chunks.progress.as_mut() {
                progress(sent, total);
            }
            chunk = next;
        }
    }
}

/// `bytes <first>-<last>/<total>`, the total `-1` while unknown (an empty file: `bytes 0-0/0`).
fn content_range(start: u64, len: u64, total: Option<u64>) -> String {
    let end = (start + len).saturating_sub(1);
    match total {
        Some(total) => format!("bytes {start}-{end}/{total}"),
        None => format!("bytes {start}-{end}/-1"),
    }
}

/// Up to `size` bytes: fewer only at the reader's end.
async fn read_chunk(
    reader: &mut (dyn AsyncRead + Send + Unpin),
    size: usize,
) -> Result<Vec<u8>, UploadError> {
    let mut chunk = Vec::new();
    reader
        .take(size as u64)
        .read_to_end(&mut chunk)
        .await
        .map_err(UploadError::File)?;
    Ok(chunk)
}

/// The form's fields as it lays them out, `signature`, then the `file` part.
fn multipart(form: &SignedUploadForm, file: Part) -> Form {
    let mut multipart = Form::new();
    for (name, value) in form.fields() {
        multipart = multipart.text(name.to_owned(), value.to_owned());
    }
    multipart
        .text("signature", form.signature().to_string())
        .part("file", file)
}

/// The answer's status and its body as text.
async fn read_body(
    response: reqwest::Response,
) -> Result<(reqwest::StatusCode, String), UploadError> {
    let status = response.status();
    let body = response.text().await.map_err(UploadError::Transport)?;
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{
        Chunks, DEFAULT_CHUNK_SIZE, FileSource, LargeFile, MIN_CHUNK_SIZE, content_range,
        file_name, random_unique_id,
    };

    /// The SDKs' chunk size and Cloudinary's smallest chunk, in bytes.
    #[test]
    fn chunk_sizes_are_the_sdks() {
        assert_eq!(DEFAULT_CHUNK_SIZE, 20_971_520);
        assert_eq!(MIN_CHUNK_SIZE, 5_242_880);
        assert_eq!(Chunks::new().size(), DEFAULT_CHUNK_SIZE);
    }

    /// A path's file name is its last segment; a path without one sends `file`.
    #[test]
    fn file_names_are_the_last_segment() {
        assert_eq!(file_name(Path::new("shots/2024/photo.jpg")), "photo.jpg");
        assert_eq!(file_name(Path::new("/")), "file");
    }

    /// `Debug` shows what identifies a file and the chunking, never a file's bytes.
    #[test]
    fn debug_shows_names_and_sizes_not_bytes() {
        let bytes = format!("{:?}", FileSource::bytes(&b"secret-bytes"[..], "a.jpg"));
        assert_eq!(bytes, r#"Bytes { len: 12, filename: "a.jpg" }"#);
        assert_eq!(
            format!("{:?}", FileSource::path("x/a.jpg")),
            r#"Path("x/a.jpg")"#
        );
        assert_eq!(
            format!("{:?}", FileSource::remote("https://e.x/a.jpg")),
            r#"Remote("https://e.x/a.jpg")"#
        );
        assert_eq!(
            format!("{:?}", FileSource::reader(&b"secret"[..], "r.bin")),
            r#"Reader { filename: "r.bin", .. }"#
        );
        assert_eq!(
            format!("{:?}", LargeFile::path("film.mp4")),
            r#"Path("film.mp4")"#
        );
        assert_eq!(
            format!("{:?}", LargeFile::reader(&b"secret"[..], "film.mp4")),
            r#"Reader { filename: "film.mp4", .. }"#
        );
        let chunks = Chunks::new()
            .with_any_size(7)
            .with_unique_id("abc")
            .with_progress(|_, _| {});
        assert_eq!(
            format!("{chunks:?}"),
            r#"Chunks { size: 7, unique_id: Some("abc"), progress: true }"#
        );
    }

    #[test]
    fn ranges_name_first_and_last_byte() {
        assert_eq!(content_range(0, 10, Some(25)), "bytes 0-9/25");
        assert_eq!(content_range(20, 5, Some(25)), "bytes 20-24/25");
        assert_eq!(content_range(10, 10, None), "bytes 10-19/-1");
    }

    #[test]
    fn chunk_sizes_below_the_minimum_are_refused() {
        assert!(Chunks::new().with_size(MIN_CHUNK_SIZE - 1).is_err());
        assert_eq!(
            Chunks::new().with_size(MIN_CHUNK_SIZE).unwrap().size(),
            MIN_CHUNK_SIZE
        );
        assert_eq!(Chunks::new().with_any_size(0).size(), 1);
    }

    #[test]
    fn unique_ids_are_32_hex_digits_and_differ() {
        let (a, b) = (random_unique_id(), random_unique_id());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
