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
//! - Verify ([`Signer::verify_preloaded`](crate::Signer::verify_preloaded)): the signature
//!   must be hex of the algorithm's length, either case ([`Error::MalformedSignature`]); it
//!   is compared in constant time with the response signature above (version 1) of the
//!   public ID and the version text ([`Error::Mismatch`]).
//!
//! ```
//! use cld_sign::response::PreloadedFile;
//! use cld_sign::{ApiSecret, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let file = signer.verify_preloaded_text(
//!     "image/upload/v1315060510/sample.jpg#912d90b6fe28aa6820cf928bc440a65a0f36e002",
//! )?;
//! assert_eq!((file.public_id(), file.version(), file.format()), ("sample", "1315060510", Some("jpg")));
//! # Ok::<(), cld_sign::Error>(())
//! ```

mod preloaded;

pub use self::preloaded::PreloadedFile;

use crate::algorithm::SignatureVersion;
use crate::error::Error;
use crate::request::canonical::CanonicalWriter;
use crate::request::value::SignValue;
use crate::request::value_writer::ValueWriter;
use crate::signature::Signature;
use crate::signer::Signer;

/// Upload responses (see `cld_sign::response`).
///
/// signature = hex(HASH(`public_id=<id>&version=<version>` ++ secret)), always built with
/// signature version 1 (no `&` escaping), whatever the signer's version; an empty public ID
/// or version is dropped like any empty parameter.
///
/// ```
/// use cld_sign::{ApiSecret, ErrorKind, Signer};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// // From the upload response: "public_id", "version", "signature".
/// signer.verify_response("sample", &1315060510u64, "912d90b6fe28aa6820cf928bc440a65a0f36e002")?;
///
/// // The value printed by Cloudinary's documentation is not this response's signature.
/// let err = signer
///     .verify_response("sample", "1315060510", "b4ad47fb4e25c7bf5f92a20089f9db59bc302313")
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Mismatch);
/// # Ok::<(), cld_sign::Error>(())
/// ```
impl Signer {
    /// The string a response signature is computed over, e.g.
    /// `public_id=sample&version=1315060510` (without the secret).
    pub fn response_string_to_sign<V: SignValue + ?Sized>(
        &self,
        public_id: &str,
        version: &V,
    ) -> String {
        let mut text = String::new();
        let mut out = CanonicalWriter::new(&mut text, SignatureVersion::V1);
        out.param("public_id", public_id);
        out.param("version", version);
        text
    }

    /// The signature of an upload response with `public_id` and `version`, with the
    /// signer's algorithm and signature version 1.
    ///
    /// ```
    /// # use cld_sign::{ApiSecret, Signer};
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// assert_eq!(
    ///     signer.sign_response("sample", &1315060510u64).to_string(),
    ///     "912d90b6fe28aa6820cf928bc440a65a0f36e002"
    /// );
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn sign_response<V: SignValue + ?Sized>(&self, public_id: &str, version: &V) -> Signature {
        self.response_signature(public_id, version).1
    }

    /// The string to sign of a response and its signature.
    fn response_signature<V: SignValue + ?Sized>(
        &self,
        public_id: &str,
        version: &V,
    ) -> (String, Signature) {
        let text = self.response_string_to_sign(public_id, version);
        let signature = self.hash_with_secret(self.algorithm(), &[text.as_bytes()]);
        (text, signature)
    }

    /// Verifies the `signature` (hex, either case) of an upload response, in constant time.
    /// A signature made with a previous secret
    /// ([`with_previous_secret`](Self::with_previous_secret)) verifies too; every secret is
    /// compared, each in constant time.
    ///
    /// Before looking at the signature it refuses what no upload response can hold (see `cld_sign::response`):
    /// an empty public ID or one with any of `? & # \ % < > +`, and a version that is not
    /// 1 to 19 ASCII digits. Without that check, a server that signs arbitrary request
    /// parameters would hand out valid "responses": params `public_id=evil`, `timestamp=T`,
    /// `version=1` hash the same text as the response for public ID `evil&timestamp=T`.
    ///
    /// # Errors
    /// [`Error::UnsupportedValue`] for such a public ID or version;
    /// [`Error::MalformedSignature`] if the signature is not hex of the algorithm's length;
    /// [`Error::Mismatch`] (with the string to sign) if it does not match.
    pub fn verify_response<V: SignValue + ?Sized>(
        &self,
        public_id: &str,
        version: &V,
        signature: &str,
    ) -> Result<(), Error> {
        check_response_public_id(public_id)?;
        check_response_version(version)?;
        let received = Signature::from_hex(self.algorithm(), signature)?;
        self.check_response_text(self.response_string_to_sign(public_id, version), &received)
    }

    /// Whether `received` is the signature of the response text `text` with any of the
    /// signer's secrets (each compared in constant time, all of them compared); else
    /// [`Error::Mismatch`] with the text.
    pub(crate) fn check_response_text(
        &self,
        text: String,
        received: &Signature,
    ) -> Result<(), Error> {
        let algorithm = self.algorithm();
        if self.any_secret(|signer| {
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
fn check_response_version<V: SignValue + ?Sized>(version: &V) -> Result<(), Error> {
    let mut text = String::new();
    version.write_value(&mut ValueWriter::plain(&mut text, &mut false));
    if (1..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::UnsupportedValue {
            name: "version".to_owned(),
            found: format!("{:?}, not a version of 1 to 19 ASCII digits", text),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{ApiSecret, ErrorKind, Signer};

    /// A version that is not 1 to 19 ASCII digits is refused before the signature is read,
    /// even when the signature is right for it; the longest and shortest digits pass.
    #[test]
    fn versions_are_1_to_19_digits() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        for bad in ["", "12a", "-1", "1.5", " 1", "12345678901234567890"] {
            let (_, signature) = signer.response_signature("sample", bad);
            let err = signer
                .verify_response("sample", bad, &signature.to_string())
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnsupportedValue, "{bad:?}");
            assert!(err.to_string().contains("version"), "{err}");
        }
        for good in ["1", "0", "1234567890123456789"] {
            let (_, signature) = signer.response_signature("sample", good);
            signer
                .verify_response("sample", good, &signature.to_string())
                .unwrap();
        }
    }
}
