//! Request signatures: Upload API calls, the Upload Widget's `paramsToSign`, signed
//! download and archive URLs (see `cld_sign::request`).
//!
//! # The rule
//!
//! Given parameters (name → value):
//!
//! 1. **Excluded names** are never signed: `file`, `cloud_name`, `resource_type`, `api_key`,
//!    `signature` ([`EXCLUDED_NAMES`]).
//! 2. **Names** are one or more of `a-z`, `0-9`, `_` ([`is_parameter_name`]); any other name
//!    is [`Error::MalformedParameterName`](crate::Error::MalformedParameterName).
//! 3. **Values** are stringified ([`SignValue`]): strings byte for byte, `true`/`false`,
//!    integers with every digit, floats as JavaScript prints them (`1.0` → `1`, `1e21` →
//!    `1e+21`), lists joined with `,` (nested lists flattened). A map or object is
//!    [`Error::UnsupportedValue`](crate::Error::UnsupportedValue).
//! 4. A pair whose value is absent or empty is **dropped**; `false` and `0` are kept.
//! 5. Pairs are **sorted** by the bytes of their names; a repeated name is
//!    [`Error::DuplicateParameter`](crate::Error::DuplicateParameter).
//! 6. Under signature version 2 (the default) every `&` inside `name=value` becomes `%26`;
//!    version 1 escapes nothing. No other character is escaped.
//! 7. Pairs are written `name=value` and **joined** with `&`.
//!
//! signature = hex(HASH(string_to_sign ++ secret)), SHA-1 by default or SHA-256: a plain
//! hash, not an HMAC. Errors come in this order: secret, algorithm, signature version,
//! names, duplicates, values, then a missing `timestamp` where one is required.
//!
//! What is sent is exactly what was signed, plus `api_key` and `signature` (and `file`):
//! [`Params::form_fields`].
//!
//! # Example
//!
//! Cloudinary's documented request: secret `abcd`,
//!
//! ```
//! use cld_sign::request::Params;
//! use cld_sign::{ApiSecret, Signer};
//!
//! let params = Params::from_pairs([
//!     ("timestamp", "1315060510"),
//!     ("public_id", "sample_image"),
//!     ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
//!     ("file", "sample.jpg"), // excluded: changes nothing
//! ])?;
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! assert_eq!(
//!     signer.string_to_sign(&params),
//!     "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510"
//! );
//! assert_eq!(signer.sign(&params).to_string(), "bfd09f95f331f558cbd1320e67aa8d488770583e");
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! # Ways in
//!
//! - [`Params`]: parameters known at run time, from pairs or (feature `serde`) any
//!   `Serialize` map; [`ReceivedParams`] reads a JSON body entry by entry.
//! - `#[derive(Signable)]` ([`Signable`], [`SignableAt`]): a struct sorted at compile time
//!   and streamed into the hasher with no allocation.
//! - [`RequestVerifier`]: checks a signed request your own service receives.

pub(crate) mod canonical;
pub(crate) mod entries;
mod form;
pub(crate) mod params;
#[cfg(feature = "serde")]
pub(crate) mod received;
#[cfg(feature = "serde")]
mod serialize;
mod sign;
mod signable;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod upload;
pub(crate) mod value;
pub(crate) mod value_writer;
mod verify;
pub(crate) mod walk;

pub use self::canonical::{CanonicalWriter, EXCLUDED_NAMES, is_excluded, is_parameter_name};
pub use self::form::SignedUploadForm;
pub use self::params::Params;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub use self::received::ReceivedParams;
pub use self::signable::{Signable, SignableAt, SignableForm, SignableFormAt};
pub use self::value::{SignSeq, SignValue};
pub use self::value_writer::ValueWriter;
pub use self::verify::{RequestVerifier, VerifiedParams};
