//! Byte-exact Cloudinary signatures.
//!
//! Cloudinary authenticates with SHA digests over canonical strings. cld-sign builds those
//! strings exactly as the specification says (SPEC §1: excluded names, dropped empties,
//! byte-order sort, `&` escaping of signature version 2, JavaScript number formatting) and
//! hashes them with the secret:
//!
//! - [`Signer`] signs request parameters: a [`Params`] built at run time from pairs or any
//!   `serde::Serialize` map (the Upload Widget's `paramsToSign`), or a struct with
//!   `#[derive(Signable)]`, which is sorted at compile time and signed with no allocation.
//! - [`Signer::string_to_sign`] shows the exact text signed (never the secret), to compare
//!   with Cloudinary's `Invalid Signature … String to sign - '…'` error.
//! - [`Signature`] parses hex of either case and compares in constant time.
//! - Verification, each failure its own error: [`NotificationVerifier`] (webhooks: raw body,
//!   `X-Cld-Timestamp`, `X-Cld-Signature`, validity window and clock skew),
//!   [`Signer::verify_response`] (upload responses), [`DeliveryUrl`] and
//!   [`Signer::verify_delivery_url`] (signed `s--…--` URLs), [`RequestVerifier`] (signed
//!   requests received by your own service).
//! - [`ApiSecret`] never shows itself in `Debug`, `Display` or errors; [`Config`] reads
//!   `CLOUDINARY_URL`.
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
//! Features: `serde` (default) enables [`Params::from_serialize`]; `derive` (default)
//! re-exports `#[derive(Signable)]`; `http` adds
//! `NotificationVerifier::verify_headers_at`, which reads an `http::HeaderMap`; `axum` adds
//! `VerifiedNotification<T>`, an axum extractor that yields only verified notifications;
//! `tower` adds `NotificationLayer`, a `tower::Layer` that verifies notifications before any
//! inner service (axum, tonic, hyper) runs; `actix` adds `notification::actix`, an
//! actix-web extractor with the same contract; `json` adds `Notification`, the typed
//! notification payload. The default build depends on no web framework.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The core: settings, secret, configuration, errors, time, signatures and the hasher.
mod algorithm;
mod config;
mod error;
mod freshness;
mod hasher;
mod secret;
mod signature;
mod signer;
mod sink;
mod timestamp;

// One module per signature scheme Cloudinary documents.
pub mod delivery;
pub mod notification;
pub mod request;
pub mod response;

pub use algorithm::{Algorithm, SignatureVersion};
pub use config::Config;
pub use error::{Error, ErrorKind, SignatureProblem, UrlProblem};
pub use secret::ApiSecret;
pub use signature::{Hex, Signature};
pub use signer::Signer;
pub use sink::Sink;
pub use timestamp::Timestamp;

pub use delivery::{
    AuthToken, DEFAULT_TOKEN_NAME, DELIVERY_HOST, DeliveryUrl, SignedUrl, TokenKey, TokenTarget,
    UrlSignature, UrlSignatureKind, VerifiedToken, escape_public_id,
};
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use notification::Notification;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use notification::VerifiedNotification;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub use notification::{NotificationLayer, NotificationService};
#[cfg(any(feature = "axum", feature = "tower", feature = "actix"))]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "axum", feature = "tower", feature = "actix")))
)]
pub use notification::{NotificationRejection, NotificationState};
pub use notification::{NotificationVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER};
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub use request::ReceivedParams;
pub use request::{
    CanonicalWriter, EXCLUDED_NAMES, Params, RequestVerifier, SignSeq, SignValue, Signable,
    SignableAt, ValueWriter, is_excluded, is_parameter_name,
};

/// Derives [`Signable`](trait@Signable) (for a struct with a `timestamp` field) or
/// [`SignableAt`] (without one): keys sorted at compile time, zero-allocation signing.
/// The attributes (`exclude`, `rename`, `join`, `with`, `crate`) are documented, with
/// examples, on the [`Signable`](trait@Signable) trait.
#[cfg(feature = "derive")]
pub use cld_sign_derive::Signable;

/// Items used by the code `#[derive(Signable)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::request::canonical::{Key, TimestampValue};
}
