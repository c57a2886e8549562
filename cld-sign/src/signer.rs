//! The signer: a secret plus settings, turning parameters into signatures.

use std::sync::Arc;

use subtle::Choice;

use crate::algorithm::{Algorithm, SignatureVersion};
use crate::config::Config;
use crate::hasher::hash_parts;
use crate::secret::ApiSecret;
use crate::signature::Signature;

/// Signs parameters with an API secret (see `cld_sign::request`).
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
///
/// # Key rotation
///
/// A signer may also hold previous secrets
/// ([`with_previous_secret`](Self::with_previous_secret)): it still signs with its current
/// secret only, and every verifier that checks a signature made with the API secret
/// (requests, notifications and their envelopes, upload responses, preloaded files,
/// delivery URLs) accepts a signature made with the current secret or any previous one.
/// `Debug` shows no secret, current or previous.
#[derive(Clone, Debug)]
pub struct Signer {
    secret: ApiSecret,
    /// Secrets still accepted when verifying, oldest last; `None` when there are none, so
    /// that a plain signer allocates nothing and clones share one list.
    previous: Option<Arc<[ApiSecret]>>,
    algorithm: Algorithm,
    version: SignatureVersion,
}

impl Signer {
    /// A signer with SHA-1 and signature version 2.
    pub fn new(secret: ApiSecret) -> Self {
        Self {
            secret,
            previous: None,
            algorithm: Algorithm::default(),
            version: SignatureVersion::default(),
        }
    }

    /// A signer with the secret, previous secrets, algorithm and signature version of
    /// `config`.
    pub fn from_config(config: &Config) -> Self {
        let signer = Self::new(config.api_secret().clone())
            .with_algorithm(config.algorithm())
            .with_signature_version(config.signature_version());
        config
            .previous_secrets()
            .iter()
            .cloned()
            .fold(signer, Self::with_previous_secret)
    }

    /// Also accepts signatures made with `secret`, a previous API secret, while the account
    /// rotates its secret. May be called several times; each secret is accepted.
    ///
    /// Signing never uses a previous secret: [`sign`](Self::sign) and every other signing
    /// method use the current secret (the one given to [`new`](Self::new)), so a signer
    /// with previous secrets signs exactly as one without. Verifiers accept a signature
    /// made with any of the secrets: each secret's signature is computed and compared in
    /// constant time, and the comparisons are combined without stopping at the first
    /// match, so the time taken does not tell which secret matched (it grows with the
    /// number of secrets, which is not secret). Remove a previous secret once every
    /// signature made with it has expired or been replaced.
    ///
    /// Notifications: Cloudinary signs them with the secret of the account's dedicated
    /// notification key if one is set, otherwise with the secret of the oldest active API
    /// key; the `signature_key` field of a notification body names the API key whose secret
    /// signed it. So give a [`NotificationVerifier`](crate::notification::NotificationVerifier) a signer
    /// whose current secret is that key's secret, and during a rotation of that key the
    /// old secret as a previous one. An account with several API keys does not need every
    /// key's secret here, only the one Cloudinary signs notifications with.
    ///
    /// ```
    /// use cld_sign::response::{ApiResponse, ResponseVerifier};
    /// use cld_sign::{ApiSecret, Params, Signer};
    ///
    /// let old = Signer::new(ApiSecret::new("old-secret")?);
    /// let rotating = Signer::new(ApiSecret::new("new-secret")?)
    ///     .with_previous_secret(ApiSecret::new("old-secret")?);
    /// assert_eq!(rotating.previous_secret_count(), 1);
    /// // The previous secret never shows.
    /// assert!(!format!("{rotating:?}").contains("old-secret"));
    ///
    /// let params = Params::from_pairs([("public_id", "sample"), ("timestamp", "1315060510")])?;
    /// // Signing uses the new secret only...
    /// assert_ne!(rotating.sign(&params), old.sign(&params));
    /// // ...and responses signed with the old secret still verify.
    /// let signature = ApiResponse::new("sample", "1315060510").sign(&old).to_string();
    /// ResponseVerifier::new(rotating).verify("sample", "1315060510", &signature)?;
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[must_use]
    pub fn with_previous_secret(mut self, secret: ApiSecret) -> Self {
        let previous = self.previous.as_deref().unwrap_or_default();
        let mut list = Vec::with_capacity(previous.len() + 1);
        list.extend_from_slice(previous);
        list.push(secret);
        self.previous = Some(list.into());
        self
    }

    /// How many previous secrets verification accepts besides the current one (see
    /// [`with_previous_secret`](Self::with_previous_secret)).
    pub fn previous_secret_count(&self) -> usize {
        self.previous.as_deref().map_or(0, <[ApiSecret]>::len)
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

    /// Whether `accepts` says yes for any of the secrets: called once with a signer for
    /// each secret, the current one first (`self`, whose signing methods use only the
    /// current secret), then one per previous secret, with this signer's algorithm and
    /// signature version and no previous secrets of its own.
    ///
    /// The one place verifiers take key rotation from: each `accepts` compares in constant
    /// time, and every secret is tried whatever the earlier answers (the answers are
    /// combined with [`Choice`], not `||`), so timing does not tell which secret matched.
    pub(crate) fn any_secret(&self, mut accepts: impl FnMut(&Signer) -> bool) -> bool {
        let mut matched = Choice::from(u8::from(accepts(self)));
        for secret in self.previous.as_deref().unwrap_or_default() {
            let one = Self {
                secret: secret.clone(),
                previous: None,
                algorithm: self.algorithm,
                version: self.version,
            };
            matched |= Choice::from(u8::from(accepts(&one)));
        }
        bool::from(matched)
    }

    /// HASH(parts ++ secret) with `algorithm` (which may differ from the signer's own: long
    /// URL signatures are always SHA-256). The one place outside the canonical path that
    /// touches the secret.
    pub(crate) fn hash_with_secret(&self, algorithm: Algorithm, parts: &[&[u8]]) -> Signature {
        let secret = self.secret.expose_secret().as_bytes();
        hash_parts(algorithm, parts.iter().copied().chain([secret]))
    }
}

#[cfg(test)]
mod tests {
    use super::Signer;
    use crate::algorithm::{Algorithm, SignatureVersion};
    use crate::config::Config;
    use crate::secret::ApiSecret;

    fn secret(text: &str) -> ApiSecret {
        ApiSecret::new(text).unwrap()
    }

    /// `Debug` shows neither the current nor any previous secret.
    #[test]
    fn debug_hides_previous_secrets() {
        let signer = Signer::new(secret("current-XYZ"))
            .with_previous_secret(secret("previous-one-XYZ"))
            .with_previous_secret(secret("previous-two-XYZ"));
        let debug = format!("{signer:?}");
        for text in ["current-XYZ", "previous-one-XYZ", "previous-two-XYZ", "XYZ"] {
            assert!(!debug.contains(text), "{debug}");
        }
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    /// Each call adds a secret; clones share the list; a plain signer has none.
    #[test]
    fn previous_secrets_accumulate() {
        let plain = Signer::new(secret("a"));
        assert_eq!(plain.previous_secret_count(), 0);
        let one = plain.with_previous_secret(secret("b"));
        let two = one.clone().with_previous_secret(secret("c"));
        assert_eq!(one.previous_secret_count(), 1);
        assert_eq!(two.previous_secret_count(), 2);
        let (Some(a), Some(b)) = (&one.previous, &one.clone().previous) else {
            panic!("no list");
        };
        assert!(std::sync::Arc::ptr_eq(a, b));
    }

    /// `any_secret` offers every secret in order, current first, each with the signer's
    /// settings and alone, and asks about all of them even after a match.
    #[test]
    fn any_secret_tries_every_secret_in_order() {
        let signer = Signer::new(secret("a"))
            .with_algorithm(Algorithm::Sha256)
            .with_signature_version(SignatureVersion::V1)
            .with_previous_secret(secret("b"))
            .with_previous_secret(secret("c"));
        for (answers, expected) in [
            ([false, false, false], false),
            ([true, false, false], true),
            ([false, true, false], true),
            ([false, false, true], true),
            ([true, true, true], true),
        ] {
            let mut seen = Vec::new();
            let got = signer.any_secret(|one| {
                assert_eq!(one.algorithm(), Algorithm::Sha256);
                assert_eq!(one.signature_version(), SignatureVersion::V1);
                seen.push(one.secret().expose_secret().to_owned());
                answers[seen.len() - 1]
            });
            assert_eq!(got, expected, "{answers:?}");
            assert_eq!(seen, ["a", "b", "c"], "{answers:?}");
        }
        let mut calls = 0;
        assert!(Signer::new(secret("a")).any_secret(|_| {
            calls += 1;
            true
        }));
        assert_eq!(calls, 1);
    }

    /// Previous secrets change no signature.
    #[test]
    fn previous_secrets_do_not_change_signing() {
        let plain = Signer::new(secret("a"));
        let rotating = plain.clone().with_previous_secret(secret("b"));
        let parts: &[&[u8]] = &[b"public_id=sample&version=1"];
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            assert_eq!(
                rotating.hash_with_secret(algorithm, parts),
                plain.hash_with_secret(algorithm, parts)
            );
        }
    }

    /// `from_config` carries the configuration's previous secrets over, in order.
    #[test]
    fn from_config_carries_previous_secrets() {
        let config = Config::new(secret("a"))
            .with_previous_secret(secret("b"))
            .with_previous_secret(secret("c"));
        let signer = Signer::from_config(&config);
        assert_eq!(signer.previous_secret_count(), 2);
        let mut seen = Vec::new();
        signer.any_secret(|one| {
            seen.push(one.secret().expose_secret().to_owned());
            false
        });
        assert_eq!(seen, ["a", "b", "c"]);
    }
}
