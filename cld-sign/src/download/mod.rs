//! Signed download URLs: signed API GET URLs for private assets, archives, folders and
//! backed-up versions (see `cld_sign::download`).
//!
//! # The rule
//!
//! Build the parameters of the kind ([`DownloadKind`]), sign them with the request rule
//! (the request rule (`cld_sign::request`): signature version 2, the signer's algorithm; values as the request rule writes them: `true`/`false`,
//! `0` kept, an object is [`Error::UnsupportedValue`](crate::Error::UnsupportedValue), list
//! items stringified, nested lists flattened, `null` items empty), then
//! `https://api.cloudinary.com/v1_1/<cloud>/<path>?<query>`.
//!
//! | kind | path | parameters (besides `timestamp`, the caller's) |
//! |---|---|---|
//! | `private` | `<resource_type>/download`, default `image` | `public_id`, `format`, `type`, `attachment`, `expires_at` |
//! | `archive` | `<resource_type>/generate_archive`, default `image` | `mode` = `download` (always), `allow_missing`, `async`, `batch_id`, `expires_at`, `flatten_folders`, `flatten_transformations`, `fully_qualified_public_ids`\*, `keep_derived`, `notification_url`, `phash`, `prefixes`\*, `public_ids`\*, `skip_transformation_name`, `tags`\*, `target_asset_folder`, `target_format`, `target_public_id`, `target_tags`\*, `transformations` (formatted as `eager`, the upload-value rule (`cld_sign::request::upload`)), `type`, `use_original_filename` |
//! | `folder` | `<resource_type>/generate_archive`, default **`all`** | as `archive`, with `prefixes` = `[folder_path]` (a given `prefixes` is ignored) |
//! | `backup` | `download_backup` | `asset_id`, `version_id` |
//!
//! \* a list; a single value is a one-item list. `resource_type` chooses the path and is not
//! signed; other options are ignored (as in both SDKs).
//!
//! Query: each signed pair in signing order, `name=text`, or for a list one `name[]=item` per
//! item (in order, empty items included); then `api_key` and `signature`. Encoding: UTF-8,
//! `A–Z a–z 0–9 - . _ ~` as they are, space `+`, every other byte `%XX` (upper-case), names
//! included (`public_ids%5B%5D`). The server reads `name[]` fields as one list parameter
//! joined with `,`: exactly what was signed. So an item holding `,` signs as several items;
//! when items come from a user, refuse them with
//! [`DownloadUrl::with_commas_in_lists_refused`].
//!
//! # Example
//!
//! Cloud `demo`, API key `1234`, secret `abcd`, timestamp 1315060510, SHA-1:
//!
//! ```
//! use cld_sign::download::{DownloadKind, DownloadUrl};
//! use cld_sign::{ApiSecret, Signer, Timestamp};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let at = Timestamp::from(1315060510);
//!
//! let private = DownloadUrl::private("demo", "sample")
//!     .with_param("format", "jpg")
//!     .with_param("attachment", &true)
//!     .sign_at(&signer, "1234", at)?;
//! assert_eq!(
//!     private.string_to_sign(),
//!     "attachment=true&format=jpg&public_id=sample&timestamp=1315060510"
//! );
//! assert_eq!(
//!     private.url(),
//!     "https://api.cloudinary.com/v1_1/demo/image/download?attachment=true&format=jpg\
//!      &public_id=sample&timestamp=1315060510&api_key=1234\
//!      &signature=d3247891c8df327a2c9d93f98a2848dd8c30f01e"
//! );
//!
//! let folder = DownloadUrl::folder("demo", "products/shoes").sign_at(&signer, "1234", at)?;
//! assert_eq!(folder.string_to_sign(), "mode=download&prefixes=products/shoes&timestamp=1315060510");
//! assert_eq!(folder.signature().to_string(), "caf15cb9552346afde9983f603961686e52c5312");
//! assert!(folder.url().starts_with("https://api.cloudinary.com/v1_1/demo/all/generate_archive?"));
//!
//! let backup = DownloadUrl::backup(
//!     "demo",
//!     "b8a2a3c6a4a6d2b7bb3b1a9c0c1d2e3f",
//!     "7d2cc533bee9ff39f7da7414b61fce7e",
//! )
//! .sign_at(&signer, "1234", at)?;
//! assert!(backup.url().starts_with("https://api.cloudinary.com/v1_1/demo/download_backup?"));
//! assert_eq!(backup.signature().to_string(), "52e36e7db030ee022a0b22703f189d2cc5190a97");
//!
//! // The same URLs from SDK-style JSON options (feature `serde`).
//! let options = serde_json::json!({"public_ids": ["sample", "dog"], "target_format": "zip",
//!                                  "flatten_folders": true});
//! let archive = DownloadUrl::from_options(DownloadKind::Archive, "demo", &options)?
//!     .sign_at(&signer, "1234", at)?;
//! assert_eq!(archive.signature().to_string(), "2e94ae45a1d926a71cf1cae526f685e910ae7c6d");
//! # Ok::<(), cld_sign::Error>(())
//! ```

mod builder;
mod kind;
mod option_value;
mod signed;

pub use self::builder::DownloadUrl;
pub use self::kind::DownloadKind;
pub use self::signed::{API_HOST, SignedDownloadUrl};
