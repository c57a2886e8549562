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
//! `VerifiedNotification`, an axum extractor that yields only verified notifications.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod algorithm;
mod canonical;
mod config;
#[cfg(feature = "serde")]
mod de;
mod delivery_url;
mod error;
#[cfg(feature = "axum")]
mod extract;
mod freshness;
mod hasher;
mod notification;
mod number;
mod params;
mod request_verify;
mod response;
mod secret;
#[cfg(feature = "serde")]
mod ser;
mod signable;
mod signature;
mod signed_url;
mod signer;
mod sink;
mod timestamp;
mod token;
mod url_signature;
mod value;

pub use algorithm::{Algorithm, SignatureVersion};
pub use canonical::{CanonicalWriter, EXCLUDED_NAMES, ValueWriter, is_excluded, is_parameter_name};
pub use config::Config;
#[cfg(feature = "serde")]
pub use de::ReceivedParams;
pub use delivery_url::{DELIVERY_HOST, DeliveryUrl, escape_public_id};
pub use error::{Error, ErrorKind, SignatureProblem};
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use extract::{NotificationRejection, NotificationState, VerifiedNotification};
pub use notification::{NotificationVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER};
pub use params::Params;
pub use request_verify::RequestVerifier;
pub use secret::ApiSecret;
pub use signable::{Signable, SignableAt};
pub use signature::{Hex, Signature};
pub use signed_url::SignedUrl;
pub use signer::Signer;
pub use sink::Sink;
pub use timestamp::Timestamp;
pub use token::{AuthToken, DEFAULT_TOKEN_NAME, TokenKey, TokenTarget, VerifiedToken};
pub use url_signature::{UrlSignature, UrlSignatureKind};
pub use value::{SignSeq, SignValue};

/// Derives [`Signable`](trait@Signable) (for a struct with a `timestamp` field) or
/// [`SignableAt`] (without one): keys sorted at compile time, zero-allocation signing.
/// The attributes (`exclude`, `rename`, `join`, `with`, `crate`) are documented, with
/// examples, on the [`Signable`](trait@Signable) trait.
#[cfg(feature = "derive")]
pub use cld_sign_derive::Signable;

/// Items used by the code `#[derive(Signable)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::canonical::Key;
    pub use crate::canonical::TimestampValue;
}
