//! API response signatures: the `signature` of an upload response, over its `public_id`
//! and `version` (see `cld_sign::response`), and preloaded files signed the same way (see `cld_sign::response`).
//!
//! # The rule
//!
//! signature = hex(HASH(`public_id=<id>&version=<version>` ++ secret)), built like a
//! request signature but always with **signature version 1** (no `&` escaping), whatever
//! The request's version, and the account's algorithm.
//!
//! A verifier first refuses, as [`Error::UnsupportedValue`], an empty public ID or one
//! holding any of `? & # \ % < > +` (Cloudinary's naming rules keep them out of public IDs)
//! and a version that is not 1 to 19 ASCII digits; then a signature that is not hex of the
//! algorithm's length ([`Error::MalformedSignature`]); then it compares in constant time
//! ([`Error::Mismatch`]). The first check matters because every scheme hashes
//! `text ++ secret` with the same secret: params `public_id=evil`, `timestamp=T`,
//! `version=1` signed for a browser hash exactly the text of a "response" for the public ID
//! `evil&timestamp=T`.
//!
//! # Example
//!
//! `public_id=sample`, `version=1315060510`, secret `abcd` → SHA-1
//! `912d90b6fe28aa6820cf928bc440a65a0f36e002`. (Cloudinary's documentation prints
//! `b4ad47fb…` for this example: that is a request signature, and it does not verify.)
//!
//! # The rule: preloaded files
//!
//! Text: `<resource_type>/<type>/v<version>/<filename>#<signature>`, as the upload widget and
//! `signed_preloaded_image` produce it from an upload response ([`PreloadedFile`]).
//!
//! - Parse: split at the first `#` (none → [`Error::MalformedPreloaded`]). The part before
//!   it must be `<resource_type>/<type>/v<version>/<filename>`: *resource_type* and *type*
//!   non-empty without `/` or `#`, *version* one or more ASCII digits (kept as text, leading
//!   zeros included), *filename* non-empty (may contain `/`). Otherwise
//!   `malformed_preloaded`. A public ID that is empty or holds a character refused above is
//!   `malformed_preloaded` too.
//! - Public ID and format: for resource type `raw`, public ID = filename and no format (raw
//!   public IDs carry their extension, as the upload response gives them). Otherwise, when
//!   the filename's last `/`-segment contains a `.`, split at the last `.`: public ID before,
//!   format after (`sample.` → format `""`); else public ID = filename, no format.
//! - Verify ([`ResponseVerifier::verify_preloaded`]): the signature
//!   must be hex of the algorithm's length, either case ([`Error::MalformedSignature`]); it
//!   is compared in constant time with the response signature above (version 1) of the
//!   public ID and the version text ([`Error::Mismatch`]).
//!
//! ```
//! use cld_sign::response::{ApiResponse, PreloadedFile, ResponseVerifier};
//! use cld_sign::{ApiSecret, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let signature = ApiResponse::new("sample", &1315060510u64).sign(&signer);
//! assert_eq!(signature.to_string(), "912d90b6fe28aa6820cf928bc440a65a0f36e002");
//!
//! let verifier = ResponseVerifier::new(signer.clone());
//! let response = verifier.verify("sample", &1315060510u64, "912d90b6fe28aa6820cf928bc440a65a0f36e002")?;
//! assert_eq!((response.public_id(), response.version()), ("sample", "1315060510"));
//!
//! let file = verifier.verify_preloaded(
//!     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002",
//! )?;
//! assert_eq!((file.public_id(), file.version(), file.file().format()), ("sample", "1315060510", Some("jpg")));
//!
//! let made = PreloadedFile::builder("sample", "1315060510").with_format("jpg").sign(&signer)?;
//! assert_eq!(made, "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002");
//! # Ok::<(), cld_sign::Error>(())
//! ```

mod preloaded;

pub use self::preloaded::{
    PreloadedFile, PreloadedFileBuilder, SignedPreloadedFile, VerifiedPreloadedFile,
};

use crate::algorithm::SignatureVersion;
use crate::error::Error;
use crate::request::canonical::CanonicalWriter;
use crate::request::value::SignValue;
use crate::request::value_writer::ValueWriter;
use crate::signature::Signature;
use crate::signer::Signer;

/// What an upload response's signature covers: its public ID and version (see
/// `cld_sign::response`). Sign it with [`sign`](Self::sign); check a received one with
/// [`ResponseVerifier`].
///
/// signature = hex(HASH(`public_id=<id>&version=<version>` ++ secret)), always built with
/// signature version 1 (no `&` escaping), whatever the signer's version; an empty public ID
/// or version is dropped like any empty parameter. The version is any request value: the
/// number of the JSON answer (`&1315060510u64`) or its text.
///
/// ```
/// use cld_sign::response::ApiResponse;
/// use cld_sign::{ApiSecret, Signer};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let response = ApiResponse::new("sample", &1315060510u64);
/// assert_eq!(response.string_to_sign(), "public_id=sample&version=1315060510");
/// assert_eq!(response.sign(&signer).to_string(), "912d90b6fe28aa6820cf928bc440a65a0f36e002");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiResponse<'a, V: SignValue + ?Sized = str> {
    public_id: &'a str,
    version: &'a V,
}

impl<'a, V: SignValue + ?Sized> ApiResponse<'a, V> {
    /// The response for `public_id` at `version`.
    pub fn new(public_id: &'a str, version: &'a V) -> Self {
        Self { public_id, version }
    }

    /// The string the signature is computed over, e.g.
    /// `public_id=sample&version=1315060510` (without the secret).
    pub fn string_to_sign(&self) -> String {
        let mut text = String::new();
        let mut out = CanonicalWriter::new(&mut text, SignatureVersion::V1);
        out.param("public_id", self.public_id);
        out.param("version", self.version);
        text
    }

    /// The response's signature with `signer`'s current secret and algorithm, and
    /// signature version 1.
    pub fn sign(&self, signer: &Signer) -> Signature {
        signer.hash_with_secret(signer.algorithm(), &[self.string_to_sign().as_bytes()])
    }
}

/// Verifies upload response signatures and preloaded files (see `cld_sign::response`).
///
/// Built from the [`Signer`] whose secret signed them: a signature made with its current
/// secret or a previous one ([`Signer::with_previous_secret`]) verifies; every secret is
/// compared, each in constant time. Neither carries a time, so there is no `verify_at`
/// and no clock is read.
///
/// ```
/// use cld_sign::response::ResponseVerifier;
/// use cld_sign::{ApiSecret, ErrorKind, Signer};
///
/// let verifier = ResponseVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// // From the upload response: "public_id", "version", "signature".
/// let response = verifier.verify("sample", &1315060510u64, "912d90b6fe28aa6820cf928bc440a65a0f36e002")?;
/// assert_eq!((response.public_id(), response.version()), ("sample", "1315060510"));
///
/// // The value printed by Cloudinary's documentation is not this response's signature.
/// let err = verifier
///     .verify("sample", "1315060510", "b4ad47fb4e25c7bf5f92a20089f9db59bc302313")
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Mismatch);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ResponseVerifier {
    signer: Signer,
}

impl ResponseVerifier {
    /// A verifier with the secrets (current and previous) and the algorithm of `signer`.
    pub fn new(signer: Signer) -> Self {
        Self { signer }
    }

    /// Verifies the `signature` (hex, either case) of an upload response with `public_id`
    /// and `version`, in constant time, and returns what it proves.
    ///
    /// Before looking at the signature it refuses what no upload response can hold (see
    /// `cld_sign::response`): an empty public ID or one with any of `? & # \ % < > +`, and
    /// a version that is not 1 to 19 ASCII digits. Without that check, a server that signs
    /// arbitrary request parameters would hand out valid "responses": params
    /// `public_id=evil`, `timestamp=T`, `version=1` hash the same text as the response for
    /// public ID `evil&timestamp=T`.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] for such a public ID or version;
    /// [`Error::MalformedSignature`] if the signature is not hex of the algorithm's length;
    /// [`Error::Mismatch`] (with the string to sign) if it does not match.
    pub fn verify<V: SignValue + ?Sized>(
        &self,
        public_id: &str,
        version: &V,
        signature: &str,
    ) -> Result<VerifiedResponse, Error> {
        check_response_public_id(public_id)?;
        let version = check_response_version(version)?;
        let received = Signature::from_hex(self.signer.algorithm(), signature)?;
        self.check(ApiResponse::new(public_id, version.as_str()), &received)?;
        Ok(VerifiedResponse {
            public_id: public_id.to_owned(),
            version,
        })
    }

    /// Whether `received` is the signature of `response` with any of the signer's secrets
    /// (each compared in constant time, all of them compared); else [`Error::Mismatch`]
    /// with its string to sign.
    fn check<V: SignValue + ?Sized>(
        &self,
        response: ApiResponse<'_, V>,
        received: &Signature,
    ) -> Result<(), Error> {
        let text = response.string_to_sign();
        let algorithm = self.signer.algorithm();
        if self.signer.any_secret(|signer| {
            signer
                .hash_with_secret(algorithm, &[text.as_bytes()])
                .ct_eq(received)
        }) {
            Ok(())
        } else {
            Err(Error::Mismatch {
                string_to_sign: Some(text),
            })
        }
    }
}

/// What [`ResponseVerifier::verify`] proved: the upload response's public ID and version
/// were signed with the account's secret.
///
/// With feature `serde` it is serialized as `{"public_id": "…", "version": "…"}` (the
/// version as the text that was signed). It cannot be deserialized: only verification
/// makes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerifiedResponse {
    public_id: String,
    version: String,
}

impl VerifiedResponse {
    /// The public ID (with its folder).
    pub fn public_id(&self) -> &str {
        &self.public_id
    }

    /// The version's digits, as signed.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// `{"public_id": …, "version": …}` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for VerifiedResponse {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("VerifiedResponse", 2)?;
        s.serialize_field("public_id", &self.public_id)?;
        s.serialize_field("version", &self.version)?;
        s.end()
    }
}

/// The characters Cloudinary's naming rules keep out of public IDs, and which would let a
/// public ID smuggle another parameter (`&`) or a URL part into the string to sign.
const FORBIDDEN_IN_PUBLIC_ID: &[char] = &['?', '&', '#', '\\', '%', '<', '>', '+'];

/// the response rule (`cld_sign::response`): a verifiable response has a non-empty public ID without forbidden characters.
fn check_response_public_id(public_id: &str) -> Result<(), Error> {
    let found = if public_id.is_empty() {
        "an empty public ID".to_owned()
    } else if let Some(c) = public_id
        .chars()
        .find(|c| FORBIDDEN_IN_PUBLIC_ID.contains(c))
    {
        format!("a public ID containing `{c}`, which Cloudinary public IDs never hold")
    } else {
        return Ok(());
    };
    Err(Error::UnsupportedValue {
        name: "public_id".to_owned(),
        found,
    })
}

/// the response rule (`cld_sign::response`): a response's version is 1 to 19 ASCII digits.
/// Returns its text.
fn check_response_version<V: SignValue + ?Sized>(version: &V) -> Result<String, Error> {
    let mut text = String::new();
    version.write_value(&mut ValueWriter::plain(&mut text, &mut false));
    if (1..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text)
    } else {
        Err(Error::UnsupportedValue {
            name: "version".to_owned(),
            found: format!("{:?}, not a version of 1 to 19 ASCII digits", text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{ApiResponse, ResponseVerifier};
    use crate::{ApiSecret, ErrorKind, Signer};

    /// A version that is not 1 to 19 ASCII digits is refused before the signature is read,
    /// even when the signature is right for it; the longest and shortest digits pass.
    #[test]
    fn versions_are_1_to_19_digits() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let verifier = ResponseVerifier::new(signer.clone());
        for bad in ["", "12a", "-1", "1.5", " 1", "12345678901234567890"] {
            let signature = ApiResponse::new("sample", bad).sign(&signer);
            let err = verifier
                .verify("sample", bad, &signature.to_string())
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{bad:?}");
            assert!(err.to_string().contains("version"), "{err}");
        }
        for good in ["1", "0", "1234567890123456789"] {
            let signature = ApiResponse::new("sample", good).sign(&signer);
            let reading = verifier
                .verify("sample", good, &signature.to_string())
                .unwrap();
            assert_eq!((reading.public_id(), reading.version()), ("sample", good));
        }
    }
}
