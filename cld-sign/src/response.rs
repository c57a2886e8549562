//! API response signatures: the `signature` of an upload response, over its `public_id`
//! and `version` (SPEC §4).

use crate::{CanonicalWriter, Error, SignValue, Signature, SignatureVersion, Signer};

/// Upload responses (SPEC §4).
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
    ///
    /// Errors: [`Error::MalformedSignature`] if it is not hex of the algorithm's length;
    /// [`Error::Mismatch`] (with the string to sign) if it does not match.
    pub fn verify_response<V: SignValue + ?Sized>(
        &self,
        public_id: &str,
        version: &V,
        signature: &str,
    ) -> Result<(), Error> {
        let received = Signature::from_hex(self.algorithm(), signature)?;
        let (text, expected) = self.response_signature(public_id, version);
        if expected.ct_eq(&received) {
            Ok(())
        } else {
            Err(Error::Mismatch {
                string_to_sign: Some(text),
            })
        }
    }
}
