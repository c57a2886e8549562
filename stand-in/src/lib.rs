//! A local Cloudinary for tests: it checks every upload, delivery and download signature
//! as Cloudinary does (with the [`cld_sign`] library), keeps what it accepted, and serves
//! it back at the URLs its answers give.
//!
//! Start it from a test, point your code (or an official SDK, through its
//! `upload_prefix` setting) at [`Running::base_url`], and look at what it received:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cld_sign_stand_in::StandIn;
//! let cloudinary = StandIn::builder().cloudinary_url("cloudinary://1234:secret@demo").start().await?;
//! let upload_url = cloudinary.upload_url("image"); // http://127.0.0.1:<port>/v1_1/demo/image/upload
//! // ... your code uploads to `upload_url`, signed with the secret `secret` ...
//! assert!(cloudinary.received().is_empty());
//! cloudinary.shutdown().await?;
//! # assert!(upload_url.ends_with("/v1_1/demo/image/upload")); Ok(()) }
//! ```
//!
//! Or run the binary beside your app: `CLOUDINARY_URL=cloudinary://<key>:<secret>@<cloud>
//! PORT=3001 cld-sign-stand-in` (`--dir <folder>` keeps assets across restarts,
//! `CLOUDINARY_AUTH_TOKEN_KEY` enables auth tokens, `--demo` uses the documentation's
//! public demo account).
//!
//! # The upload API
//!
//! `POST /v1_1/<cloud>/<resource_type>/upload` (also `destroy` and `explicit`),
//! `multipart/form-data` or `application/x-www-form-urlencoded`. The body is read to its
//! end first; then the request is checked as Cloudinary does: the cloud name and `api_key`
//! must be the configured ones; the signature is recomputed over every received field
//! except `file`, `cloud_name`, `resource_type`, `api_key` and `signature`, fields named
//! `name[]` being one list parameter `name`, items comma-joined in the order received (see
//! [`cld_sign::request::RequestVerifier`]); a timestamp more than one hour old is stale. Refusals
//! are Cloudinary's `{"error": {"message": "..."}}`:
//!
//! | problem | status | message |
//! |---|---|---|
//! | wrong cloud name | 401 | `Invalid cloud_name <cloud>` |
//! | no `api_key` / another key | 401 | `Must supply api_key` / `Unknown API key <key>` |
//! | wrong or malformed signature | 401 | `Invalid Signature <sig>. String to sign - '<string>'.` |
//! | timestamp older than one hour | 400 | `Stale request - reported time is <time> which is more than 1 hour ago` |
//! | timestamp more than 300 s ahead | 400 | `Invalid timestamp - reported time is <time> which is in the future` |
//! | no `timestamp`, malformed one | 400 | `Missing required parameter - timestamp`, `Invalid timestamp <text>` |
//! | a name twice (`tags` and `tags[]` included), a malformed name | 400 | `Duplicate parameter - <name>`, `Invalid parameter - <name>` |
//! | `public_id` or `folder` holding `? & # \ % < > +` or a control character | 400 | `public_id (<id>) is invalid` |
//! | `type` other than `upload`, `private`, `authenticated`; another `access_mode` | 400 | `Invalid type <type>` |
//! | no `file` | 400 | `Missing required parameter - file` |
//! | resource type not `image`, `video`, `raw`, `auto` | 400 | `Invalid resource type <type>` |
//! | more than [`MAX_FIELDS`] fields, a name over [`MAX_NAME`] bytes | 400 | `Too many parameters - ...`, `Invalid parameter - ...` |
//! | a value over [`MAX_VALUE`], all text over [`TEXT_LIMIT`] (each field counted with [`FIELD_OVERHEAD`]), a file over [`UPLOAD_LIMIT`] | 413 | `Request too large` |
//! | a bad chunk: `Content-Range` not `bytes a-b/total` (`-1` or `*` while unknown), overlapping, not the chunk's size; another `public_id` than the upload's | 400 | `Invalid Content-Range <range>` |
//! | other content types | 400 | `Unsupported content type` |
//! | the request or its body too slow ([`serve::Limits`]) | 408 | `Request timeout` (and `Connection: close`) |
//! | too many connections or bytes in flight | 429 | `Server busy - ...` (answered at once, never queued) |
//!
//! An accepted upload is kept ([`Running::received`], [`Running::asset`]), and answered
//! `200` with the documented upload response: `asset_id`, `public_id` (the `folder`, then
//! the signed `public_id`, or the file name with `use_filename`, or 20 random characters;
//! a raw file's keeps its extension), `version` (the clock's second), `version_id`,
//! `signature` (the response signature, see [`cld_sign::response::ResponseVerifier`]),
//! `width` and `height` (PNG and GIF), `format`, `resource_type`, `created_at`, `tags` (a
//! list), `bytes`, `type`, `access_mode`, `placeholder`, `url` and `secure_url` (both
//! `http://` URLs of the stand-in itself: it has no TLS), `folder`, `asset_folder`,
//! `display_name`, `original_filename` (the base name of the client's file name, without
//! extension), `api_key`; and for what was signed: `context` as `{"custom": {...}}`,
//! `metadata` as an object, `eager` as a list of `{transformation, bytes, format, url,
//! secure_url}`, `responsive_breakpoints` as a list of `{breakpoints: [{width, bytes, url,
//! secure_url}], transformation}`. A signed `notification_url` gets an `upload`
//! notification (the answer plus `notification_type`, `timestamp`, `request_id`), signed
//! with `X-Cld-Timestamp` and `X-Cld-Signature` ([`Running::notifications`]; `http://`
//! only).
//!
//! **Chunked uploads**: requests with `X-Unique-Upload-Id` and `Content-Range` are chunks
//! of one file, each a whole signed upload (fresh timestamps allowed). The first chunk
//! chooses the public ID; every intermediate answer carries it (`{"done": false,
//! "public_id", "bytes", ...}`), later chunks may send it as `public_id`, and the chunk
//! that completes the file (all bytes up to the total, in any order) gets the whole
//! answer. At most [`MAX_CHUNKED_UPLOADS`] unfinished ones, each under [`CHUNKED_LIMIT`].
//!
//! `destroy` removes an asset (`{"result": "ok"}` or `"not found"`), `explicit` re-signs
//! an existing one with new `tags`, `context`, `metadata`, `eager`: both check their
//! signatures as uploads do, so a test can show what a leaked signature allows.
//!
//! # Delivery
//!
//! `GET /<cloud>/<resource_type>/<type>/[s--…--/][transformation/][v<version>/]<public_id>[.<format>]`
//! (any query, such as the Node SDK's `_a=…`, is ignored) serves the asset as uploaded, as
//! Cloudinary would check it: `upload` assets by plain URL; an `s--…--` signature must
//! verify ([`cld_sign::delivery::DeliveryUrlVerifier`]); a transformation must be signed
//! unless it was generated at upload (`eager`), as on accounts with strict
//! transformations; `authenticated` assets need a signature or an auth token
//! (`?__cld_token__=…`, signed over the path with the token key); assets with
//! `access_mode` `authenticated` need the token; `private` assets are served only through
//! a signed private download URL, `GET /v1_1/<cloud>/<resource_type>/download?…` (the
//! request signature, `expires_at` honoured, `attachment` as `Content-Disposition`).
//! The official SDKs' URLs work with `cname` set to the stand-in's `host:port` and
//! `secure` off.
//!
//! # What it does not emulate
//!
//! Transformations are not applied (a transformed URL serves the file as uploaded),
//! formats are not converted, remote URLs are not fetched (their text is kept), no
//! moderation, no Admin API, no TLS. Limits are the stand-in's own, not Cloudinary's.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, unreachable_pub)]

mod answer;
mod app;
mod chunks;
mod delivery;
mod form;
mod reply;
mod routes;
pub mod serve;
mod store;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use cld_sign::{Config, Timestamp, delivery::TokenKey};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use app::{MAX_CHUNKED_UPLOADS, Notification};
pub use chunks::CHUNKED_LIMIT;
pub use form::{FIELD_OVERHEAD, MAX_FIELDS, MAX_NAME, MAX_VALUE, TEXT_LIMIT, UPLOAD_LIMIT};
pub use serve::Limits;

/// The form reader and the chunk assembly, for the fuzz targets of `cld-sign-tests`; not
/// a stable API.
#[doc(hidden)]
pub mod __fuzz {
    pub use crate::chunks::{Parts, Range, RangeRefusal, parse_range};

    /// The fields and file of a form read by the stand-in ([`read_form`]).
    pub type Form = crate::form::ReadForm;

    /// Reads a form of `content_type` (multipart or urlencoded) whose body arrives as
    /// `frames`, with the stand-in's limits; a refusal is the status and message it
    /// would answer.
    ///
    /// # Errors
    /// The stand-in's refusal of the form.
    pub fn read_form(content_type: &str, frames: Vec<bytes::Bytes>) -> Result<Form, (u16, String)> {
        crate::form::read_form_blocking(content_type, frames)
    }
}
pub use store::Asset;

use app::{AppState, lock};

/// The stand-in: [`StandIn::builder`] configures it, [`Builder::start`] runs it.
#[derive(Debug)]
#[non_exhaustive]
pub struct StandIn;

impl StandIn {
    /// A builder: set the account ([`Builder::cloudinary_url`] or [`Builder::config`]),
    /// then [`start`](Builder::start).
    pub fn builder() -> Builder {
        Builder::default()
    }
}

/// How to run the stand-in. Every setting but the account has a default.
#[derive(Default)]
pub struct Builder {
    url: Option<String>,
    config: Option<Config>,
    token_key: Option<String>,
    clock: Option<Arc<dyn Fn() -> Timestamp + Send + Sync>>,
    limits: Limits,
    dir: Option<PathBuf>,
    addr: Option<SocketAddr>,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("config", &self.config)
            .field("limits", &self.limits)
            .field("dir", &self.dir)
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// The account, as a `CLOUDINARY_URL` (`cloudinary://<key>:<secret>@<cloud>`), parsed
    /// by [`start`](Self::start).
    #[must_use]
    pub fn cloudinary_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The account, as a [`Config`] (it needs a cloud name and an API key).
    #[must_use]
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// The auth token key (hex, as the console shows it; the CLI reads
    /// `CLOUDINARY_AUTH_TOKEN_KEY`): without one, URLs with `__cld_token__` are refused.
    #[must_use]
    pub fn auth_token_key(mut self, hex: impl Into<String>) -> Self {
        self.token_key = Some(hex.into());
        self
    }

    /// Reads the time from `clock` instead of the system clock (timestamps are checked
    /// against it, versions are its seconds).
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The server's timeouts and limits (default [`Limits::default`]).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Keeps assets in `dir` (created if missing) as well as in memory, each written and
    /// synced before its upload is answered, and loads what an earlier run kept there.
    #[must_use]
    pub fn storage_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, an ephemeral port).
    #[must_use]
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    /// Binds, loads the storage folder if any, and serves in the background of the
    /// current tokio runtime.
    ///
    /// # Errors
    /// [`StartError`]: no account or a malformed one, a malformed token key, the address or
    /// the folder unusable.
    pub async fn start(self) -> Result<Running, StartError> {
        let config = match (self.config, self.url) {
            (Some(config), _) => config,
            (None, Some(url)) => Config::from_url(&url).map_err(StartError::Config)?,
            (None, None) => return Err(StartError::NotConfigured),
        };
        if config.cloud_name().is_none() || config.api_key().is_none() {
            return Err(StartError::NotConfigured);
        }
        let token_key = self
            .token_key
            .map(|hex| TokenKey::from_hex(&hex))
            .transpose()
            .map_err(StartError::Config)?;
        let addr = self
            .addr
            .unwrap_or_else(|| SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
        let listener = TcpListener::bind(addr).await.map_err(StartError::Io)?;
        let addr = listener.local_addr().map_err(StartError::Io)?;
        let store = match &self.dir {
            Some(dir) => store::Store::in_dir(dir).map_err(StartError::Io)?,
            None => store::Store::in_memory(),
        };
        let clock = self.clock.unwrap_or_else(|| Arc::new(Timestamp::now));
        let base_url = format!("http://{addr}");
        let state = AppState::new(&config, token_key, clock, store, base_url.clone());
        let router: Router = routes::router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve::serve_with(
            listener,
            router,
            self.limits,
            reply::server_refusal,
            async {
                // Only `shutdown` stops it: a dropped `Running` drops the sender, and the
                // server keeps serving until the runtime ends, as `Running` documents.
                if stopped.await.is_err() {
                    std::future::pending::<()>().await;
                }
            },
        ));
        Ok(Running {
            base_url,
            addr,
            state,
            stop,
            task,
        })
    }
}

/// A running stand-in: where it is, what it received; [`shutdown`](Self::shutdown) stops
/// it (dropping it leaves it serving until the runtime ends).
pub struct Running {
    base_url: String,
    addr: SocketAddr,
    state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl fmt::Debug for Running {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Running")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Running {
    /// `http://127.0.0.1:<port>`, without a trailing `/`: the SDKs' `upload_prefix`, and
    /// (without `http://`) their `cname` for delivery URLs.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `<base_url>/v1_1/<cloud>/<resource_type>/upload`.
    pub fn upload_url(&self, resource_type: &str) -> String {
        format!(
            "{}/v1_1/{}/{resource_type}/upload",
            self.base_url,
            self.state.inner().cloud
        )
    }

    /// Every upload answered `200` since the start, in order (a chunked upload once, when
    /// its last chunk arrived).
    pub fn received(&self) -> Vec<Asset> {
        lock(&self.state.inner().received).clone()
    }

    /// The asset kept under `public_id` (resource type `image`, `video` or `raw`,
    /// delivery type `upload`, `private` or `authenticated`), if any: what delivery serves.
    pub fn asset(
        &self,
        resource_type: &str,
        delivery_type: &str,
        public_id: &str,
    ) -> Option<Asset> {
        self.state
            .inner()
            .store
            .get(resource_type, delivery_type, public_id)
    }

    /// The notifications sent so far, in the order they completed.
    pub fn notifications(&self) -> Vec<Notification> {
        lock(&self.state.inner().deliveries).clone()
    }

    /// Stops accepting, lets requests in flight finish, and returns.
    ///
    /// # Errors
    /// The server's I/O error, if it stopped with one.
    pub async fn shutdown(self) -> io::Result<()> {
        let _ = self.stop.send(());
        self.task.await.map_err(io::Error::other)?
    }
}

/// Why the stand-in did not start. Messages never contain the secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// No account, or one without a cloud name or API key.
    NotConfigured,
    /// The account or the token key is malformed.
    Config(cld_sign::Error),
    /// The address could not be bound, or the storage folder not used.
    Io(io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotConfigured => f.write_str(
                "not configured: give the account as CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>",
            ),
            Self::Config(err) => write!(f, "{}: {err}", err.kind()),
            Self::Io(err) => write!(f, "cannot serve: {err}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Config(err) => Some(err),
            Self::Io(err) => Some(err),
            Self::NotConfigured => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use tokio::net::TcpStream;

    use super::*;

    const URL: &str = "cloudinary://4321:lib-test-secret@testcloud";

    /// The error `err` gives as its source, which must be an `E`.
    fn cause<E: std::error::Error + 'static>(err: &StartError) -> &E {
        err.source()
            .expect("a cause")
            .downcast_ref::<E>()
            .expect("a cause of the expected type")
    }

    #[test]
    fn read_form_reads_the_fields_and_refuses_as_the_server() {
        let form = __fuzz::read_form(
            "application/x-www-form-urlencoded",
            vec![bytes::Bytes::from("public_id=a%20b&ta"), "gs=x".into()],
        );
        let fields = vec![
            ("public_id".to_owned(), "a b".to_owned()),
            ("tags".to_owned(), "x".to_owned()),
        ];
        assert_eq!(form, Ok((fields, None)));
        assert_eq!(
            __fuzz::read_form("text/plain", vec!["a=1".into()]),
            Err((400, "Unsupported content type".to_owned()))
        );
    }

    #[test]
    fn builder_debug_shows_the_settings_but_no_secret() {
        let config = Config::from_url(URL).unwrap();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 3001));
        let builder = StandIn::builder()
            .cloudinary_url(URL)
            .config(config.clone())
            .auth_token_key("00112233445566778899aabbccddeeff")
            .storage_dir("/tmp/kept")
            .bind(addr);
        let text = format!("{builder:?}");
        assert_eq!(
            text,
            format!(
                "Builder {{ config: {:?}, limits: {:?}, dir: Some(\"/tmp/kept\"), addr: Some(127.0.0.1:3001), .. }}",
                Some(&config),
                Limits::default()
            )
        );
        assert!(text.contains("testcloud"), "{text}");
        assert!(!text.contains("lib-test-secret"), "{text}");
        assert!(!text.contains("00112233"), "{text}");
    }

    #[tokio::test]
    async fn a_config_is_the_account() {
        let config = Config::from_url(URL).unwrap();
        let running = StandIn::builder().config(config).start().await.unwrap();
        assert_eq!(
            running.upload_url("video"),
            format!(
                "http://127.0.0.1:{}/v1_1/testcloud/video/upload",
                running.addr().port()
            )
        );
        running.shutdown().await.unwrap();
    }

    #[tokio::test]
    async fn an_account_needs_both_a_cloud_name_and_an_api_key() {
        let no_key = Config::from_url("cloudinary://:lib-test-secret@testcloud").unwrap();
        let secret = cld_sign::ApiSecret::new("lib-test-secret").unwrap();
        let no_cloud = Config::new(secret).with_api_key("4321");
        for config in [no_key, no_cloud] {
            let started = StandIn::builder().config(config).start().await;
            assert!(
                matches!(started, Err(StartError::NotConfigured)),
                "{started:?}"
            );
        }
        let started = StandIn::builder().start().await;
        assert!(
            matches!(started, Err(StartError::NotConfigured)),
            "{started:?}"
        );
    }

    #[tokio::test]
    async fn running_debug_shows_where_it_is() {
        let running = StandIn::builder()
            .cloudinary_url(URL)
            .start()
            .await
            .unwrap();
        let text = format!("{running:?}");
        assert_eq!(
            text,
            format!(
                "Running {{ base_url: \"http://127.0.0.1:{}\", .. }}",
                running.addr().port()
            )
        );
        assert!(!text.contains("lib-test-secret"), "{text}");
        running.shutdown().await.unwrap();
    }

    #[tokio::test]
    async fn shutdown_stops_accepting() {
        let running = StandIn::builder()
            .cloudinary_url(URL)
            .start()
            .await
            .unwrap();
        let addr = running.addr();
        drop(
            TcpStream::connect(addr)
                .await
                .expect("accepting while running"),
        );
        running.shutdown().await.unwrap();
        let after = TcpStream::connect(addr).await;
        assert_eq!(
            after.map(drop).unwrap_err().kind(),
            io::ErrorKind::ConnectionRefused
        );
    }

    #[tokio::test]
    async fn start_errors_give_their_cause() {
        let Err(err) = StandIn::builder().cloudinary_url("https://x").start().await else {
            panic!("a malformed URL is refused");
        };
        assert_eq!(
            cause::<cld_sign::Error>(&err).kind(),
            cld_sign::ErrorKind::MalformedUrl
        );

        let Err(err) = StandIn::builder()
            .cloudinary_url(URL)
            .auth_token_key("zz")
            .start()
            .await
        else {
            panic!("a malformed token key is refused");
        };
        assert_eq!(
            cause::<cld_sign::Error>(&err).kind(),
            cld_sign::ErrorKind::MalformedTokenKey
        );

        let first = StandIn::builder()
            .cloudinary_url(URL)
            .start()
            .await
            .unwrap();
        let Err(err) = StandIn::builder()
            .cloudinary_url(URL)
            .bind(first.addr())
            .start()
            .await
        else {
            panic!("an address in use is refused");
        };
        assert_eq!(cause::<io::Error>(&err).kind(), io::ErrorKind::AddrInUse);
        first.shutdown().await.unwrap();

        let Err(err) = StandIn::builder().start().await else {
            panic!("no account is refused");
        };
        assert!(err.source().is_none());
    }
}
