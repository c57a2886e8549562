//! The signer: a secret plus settings, turning parameters into signatures.

use crate::algorithm::{Algorithm, SignatureVersion};
use crate::config::Config;
use crate::hasher::hash_parts;
use crate::secret::ApiSecret;
use crate::signature::Signature;

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

    /// The secret, for the hashing paths of the scheme modules (never shown).
    pub(crate) fn secret(&self) -> &ApiSecret {
        &self.secret
    }

    /// HASH(parts ++ secret) with `algorithm` (which may differ from the signer's own: long
    /// URL signatures are always SHA-256). The one place outside the canonical path that
    /// touches the secret.
    pub(crate) fn hash_with_secret(&self, algorithm: Algorithm, parts: &[&[u8]]) -> Signature {
        let secret = self.secret.expose_secret().as_bytes();
        hash_parts(algorithm, parts.iter().copied().chain([secret]))
    }
}
