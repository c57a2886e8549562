//! The signer: a secret plus settings, turning parameters into signatures.

use crate::hasher::{BlockCore, Sha1State, Sha256State, StreamHasher, hash_parts};
use crate::{
    Algorithm, ApiSecret, CanonicalWriter, Config, Signable, SignableAt, Signature,
    SignatureVersion, Timestamp,
};

/// Signs parameters with an API secret (SPEC §1).
///
/// Signature = hex(HASH(string_to_sign ++ secret)): a plain hash, not an HMAC. The
/// algorithm defaults to SHA-1 and the signature version to 2.
///
/// ```
/// use cld_sign::{ApiSecret, Params, Signer};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let params = Params::from_pairs([
///     ("timestamp", "1315060510"),
///     ("public_id", "sample_image"),
///     ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
/// ])?;
/// assert_eq!(
///     signer.string_to_sign(&params),
///     "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510"
/// );
/// assert_eq!(signer.sign(&params).to_string(), "bfd09f95f331f558cbd1320e67aa8d488770583e");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    secret: ApiSecret,
    algorithm: Algorithm,
    version: SignatureVersion,
}

impl Signer {
    /// A signer with SHA-1 and signature version 2.
    pub fn new(secret: ApiSecret) -> Self {
        Self {
            secret,
            algorithm: Algorithm::default(),
            version: SignatureVersion::default(),
        }
    }

    /// A signer with the secret, algorithm and signature version of `config`.
    pub fn from_config(config: &Config) -> Self {
        Self::new(config.api_secret().clone())
            .with_algorithm(config.algorithm())
            .with_signature_version(config.signature_version())
    }

    /// Uses `algorithm` instead.
    #[must_use]
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Uses `version` instead.
    #[must_use]
    pub fn with_signature_version(mut self, version: SignatureVersion) -> Self {
        self.version = version;
        self
    }

    /// The hash algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The signature version.
    pub fn signature_version(&self) -> SignatureVersion {
        self.version
    }

    /// Signs parameters that carry their own timestamp. No allocation.
    pub fn sign<T: Signable + ?Sized>(&self, params: &T) -> Signature {
        match self.algorithm {
            Algorithm::Sha1 => self.hash_canonical::<Sha1State>(|w| params.write_params(w)),
            Algorithm::Sha256 => self.hash_canonical::<Sha256State>(|w| params.write_params(w)),
        }
    }

    /// Signs parameters without a timestamp field, with `timestamp` slotted into its
    /// sorted place. No allocation.
    pub fn sign_at<T: SignableAt + ?Sized>(&self, params: &T, timestamp: Timestamp) -> Signature {
        match self.algorithm {
            Algorithm::Sha1 => {
                self.hash_canonical::<Sha1State>(|w| params.write_params_at(timestamp, w))
            }
            Algorithm::Sha256 => {
                self.hash_canonical::<Sha256State>(|w| params.write_params_at(timestamp, w))
            }
        }
    }

    /// The string to sign (without the secret), to compare with the one in Cloudinary's
    /// `Invalid Signature … String to sign - '…'` error.
    pub fn string_to_sign<T: Signable + ?Sized>(&self, params: &T) -> String {
        let mut text = String::new();
        params.write_params(&mut CanonicalWriter::new(&mut text, self.version));
        text
    }

    /// The string to sign of a [`SignableAt`] with `timestamp`.
    pub fn string_to_sign_at<T: SignableAt + ?Sized>(
        &self,
        params: &T,
        timestamp: Timestamp,
    ) -> String {
        let mut text = String::new();
        params.write_params_at(
            timestamp,
            &mut CanonicalWriter::new(&mut text, self.version),
        );
        text
    }

    /// HASH(parts ++ secret) with `algorithm` (which may differ from the signer's own: long
    /// URL signatures are always SHA-256). The one place outside the canonical path that
    /// touches the secret.
    pub(crate) fn hash_with_secret(&self, algorithm: Algorithm, parts: &[&[u8]]) -> Signature {
        let secret = self.secret.expose_secret().as_bytes();
        hash_parts(algorithm, parts.iter().copied().chain([secret]))
    }

    fn hash_canonical<C: BlockCore>(
        &self,
        write: impl FnOnce(&mut CanonicalWriter<'_, StreamHasher<C>>),
    ) -> Signature {
        let mut hasher = StreamHasher::<C>::new();
        write(&mut CanonicalWriter::new(&mut hasher, self.version));
        hasher.update(self.secret.expose_secret().as_bytes());
        hasher.finish()
    }
}
