//! Byte-exact Cloudinary signatures: sign and verify every digest Cloudinary uses.
//!
//! Cloudinary authenticates with SHA digests over canonical strings. cld-sign builds each
//! string exactly as its rule says and hashes it with the API secret. One module per scheme,
//! each stating its rule byte for byte with the documented example as a doctest:
//!
//! | scheme | module | main items |
//! |---|---|---|
//! | Request signatures: Upload API calls, the Upload Widget's `paramsToSign` | [`request`] | [`Params`], `#[derive(Signable)]`, [`Signer::sign`], [`RequestVerifier`](request::RequestVerifier) |
//! | Notification (webhook) signatures | [`notification`] | [`NotificationVerifier`](notification::NotificationVerifier), [`NotificationHeaders`](notification::NotificationHeaders), [`VerifiedNotification`](notification::VerifiedNotification) |
//! | Delivery URL signatures (`s--…--`) and auth tokens | [`delivery`] | [`DeliveryUrl`](delivery::DeliveryUrl), [`DeliveryUrlVerifier`](delivery::DeliveryUrlVerifier), [`AuthToken`](delivery::AuthToken), [`AuthTokenVerifier`](delivery::AuthTokenVerifier) |
//! | API response signatures and preloaded files | [`response`] | [`ResponseVerifier`](response::ResponseVerifier), [`ApiResponse`](response::ApiResponse), [`PreloadedFile`](response::PreloadedFile) |
//! | Search URLs (`Search.to_url`) | [`search`] (feature `serde`) | [`SearchUrl`](search::SearchUrl), [`SignedSearchUrl`](search::SignedSearchUrl) |
//! | Signed download URLs: private, archive, folder, backup | [`download`] | [`DownloadUrl`](download::DownloadUrl), [`DownloadKind`](download::DownloadKind), [`SignedDownloadUrl`](download::SignedDownloadUrl) |
//! | Media Library widget login | [`media_library`] | [`MediaLibraryLogin`](media_library::MediaLibraryLogin), [`SignedMediaLibraryLogin`](media_library::SignedMediaLibraryLogin) |
//!
//! The core beside them: [`Signer`] (a shared, zeroized [`ApiSecret`] with an
//! [`Algorithm`] and a [`SignatureVersion`]), [`Config`] (reads `CLOUDINARY_URL`),
//! [`Signature`] (hex of either case, compared in constant time), [`Timestamp`] and the one
//! [`Error`] type, whose [`ErrorKind`] names are the specification's. No secret ever appears
//! in `Debug`, `Display` or an error; [`Signer::string_to_sign`] shows the exact text signed,
//! to compare with Cloudinary's `Invalid Signature … String to sign - '…'` error, and
//! [`diagnose`] (feature `serde`) reads that error and says what differs.
//!
//! ```
//! use cld_sign::{ApiSecret, Params, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let params = Params::from_serialize(&serde_json::json!({
//!     "timestamp": 1315060510,
//!     "public_id": "sample_image",
//!     "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop",
//!     "file": "ignored.jpg",
//! }))?;
//! assert_eq!(signer.sign(&params).to_string(), "bfd09f95f331f558cbd1320e67aa8d488770583e");
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! Features: `serde` (default) enables [`Params::from_serialize`], [`ReceivedParams`](request::ReceivedParams) and
//! serde impls of the main types; `derive` (default) re-exports `#[derive(Signable)]`;
//! `http` adds `NotificationVerifier::verify_headers_at`, which reads an `http::HeaderMap`;
//! `axum` adds `AxumVerifiedNotification<T>`, an axum extractor that yields only verified
//! notifications; `tower` adds `NotificationLayer`, a `tower::Layer` that verifies
//! notifications before any inner service (axum, tonic, hyper) runs; `actix` adds
//! `ActixVerifiedNotification`, an actix-web extractor with the same contract; `json` adds
//! `Notification`, the typed notification payload. The default build pulls in no web
//! framework.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, unreachable_pub)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The core: settings, secret, configuration, errors, time, signatures and the hasher.
mod algorithm;
mod ampersand;
mod config;
mod error;
mod file_format;
mod freshness;
mod hasher;
#[cfg(feature = "serde")]
mod json_text;
mod number;
mod percent;
#[cfg(any(
    feature = "serde",
    feature = "axum",
    feature = "tower",
    feature = "actix"
))]
mod refusal;
mod same_text;
mod secret;
mod signature;
mod signer;
mod sink;
mod timestamp;
mod url_settings;

// One module per signature scheme Cloudinary documents.
pub mod delivery;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod diagnose;
pub mod download;
pub mod media_library;
pub mod notification;
pub mod policy;
pub mod request;
pub mod response;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod search;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod upload_client;

pub use algorithm::{Algorithm, SignatureVersion};
pub use config::Config;
pub use error::{
    Error, ErrorKind, MessageProblem, PayloadProblem, PreloadedProblem, SecretListProblem,
    SettingProblem, SignatureProblem, UrlFormProblem, UrlProblem,
};
pub use secret::ApiSecret;
pub use signature::{Hex, Signature};
pub use signer::Signer;
pub use sink::Sink;
pub use timestamp::Timestamp;
pub use url_settings::{DEFAULT_UPLOAD_PREFIX, UrlSettings};

// The request scheme's two items on the README's first screen; every other scheme item
// has its module's path only.
pub use request::{Params, Signable};

/// Derives [`Signable`](trait@Signable) (for a struct with a `timestamp` field) or
/// [`SignableAt`](request::SignableAt) (without one): keys sorted at compile time, zero-allocation signing,
/// and the form to send from the same walk ([`SignableForm`](request::SignableForm), [`SignableFormAt`](request::SignableFormAt)). The
/// attributes (`exclude`, `rename`, `join`, `array`, `with`, `crate`) are documented, with
/// examples, on the [`Signable`](trait@Signable) trait.
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use cld_sign_derive::Signable;

/// Items used by the code `#[derive(Signable)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::request::value::TimestampValue;
    pub use crate::request::value_writer::Key;
    pub use crate::request::walk::{ParamSink, TimestampText};
    pub use crate::request::{CanonicalWriter, SignSeq, SignValue, Signable, SignableAt};
    pub use crate::request::{SignableForm, SignableFormAt};
    pub use crate::sink::Sink;
    pub use crate::timestamp::Timestamp;
}
