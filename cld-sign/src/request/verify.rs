//! Server-side verification of a received signed request (SPEC §1.4).

use std::time::{Duration, SystemTime};

use super::params::Params;
use crate::error::Error;
use crate::freshness;
use crate::signature::Signature;
use crate::signer::Signer;
use crate::timestamp::Timestamp;

/// Verifies requests signed for the Upload API, as Cloudinary's servers do: for a service
/// that accepts uploads (or widget calls) signed by its own backend.
///
/// It recomputes the signature over every received field except the excluded names
/// (`file`, `cloud_name`, `resource_type`, `api_key`, `signature`), with the signer's
/// algorithm and signature version, and then checks the time: a request is valid for one
/// hour after its `timestamp` (the boundary second included), and at most `max_skew`
/// (default 300 s) ahead of the clock.
///
/// Checks, in this order: [`Error::DuplicateParameter`], [`Error::MissingTimestamp`] /
/// [`Error::MalformedTimestamp`], [`Error::MalformedSignature`] (a missing `signature`
/// counts as an empty one), [`Error::Mismatch`] (carrying the string that was signed,
/// never the secret, like Cloudinary's own 401), [`Error::Expired`], [`Error::FromFuture`].
///
/// ```
/// use cld_sign::{ApiSecret, ErrorKind, RequestVerifier, Signer, Timestamp};
///
/// let verifier = RequestVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let form = [
///     ("timestamp", "1315060510"),
///     ("public_id", "sample_image"),
///     ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
///     ("api_key", "1234"),
///     ("signature", "bfd09f95f331f558cbd1320e67aa8d488770583e"),
/// ];
/// let now = Timestamp::from_secs(1315060510 + 60);
/// let params = verifier.verify_form_at(form, now)?;
/// assert_eq!(params.get("public_id"), Some("sample_image"));
///
/// let mut tampered = form;
/// tampered[1] = ("public_id", "other");
/// let err = verifier.verify_form_at(tampered, now).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Mismatch);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequestVerifier {
    signer: Signer,
    max_skew: u64,
}

impl RequestVerifier {
    /// How long a request signature is valid: one hour.
    pub const VALID_FOR: Duration = Duration::from_secs(3600);

    /// The default tolerated clock skew for timestamps from the future: five minutes.
    pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(freshness::DEFAULT_MAX_SKEW);

    /// A verifier with the secret, algorithm and signature version of `signer`.
    pub fn new(signer: Signer) -> Self {
        Self {
            signer,
            max_skew: Self::DEFAULT_MAX_SKEW.as_secs(),
        }
    }

    /// Accepts timestamps up to `max_skew` ahead of the clock (whole seconds).
    #[must_use]
    pub fn with_max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = max_skew.as_secs();
        self
    }

    /// The tolerated clock skew.
    pub fn max_skew(&self) -> Duration {
        Duration::from_secs(self.max_skew)
    }

    /// Verifies a received form (every field, `signature` included) against the clock
    /// `now`, and returns the signed parameters.
    pub fn verify_form_at<I, K, V>(&self, fields: I, now: Timestamp) -> Result<Params, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut signature: Option<String> = None;
        let mut signed = Vec::new();
        for (name, value) in fields {
            let (name, value) = (name.as_ref(), value.as_ref());
            if name == "signature" {
                if signature.is_some() {
                    return Err(Error::DuplicateParameter {
                        name: name.to_owned(),
                    });
                }
                signature = Some(value.to_owned());
            } else {
                signed.push((name.to_owned(), value.to_owned()));
            }
        }
        let params = Params::from_pairs(signed)?;
        self.verify_at(&params, signature.as_deref().unwrap_or_default(), now)?;
        Ok(params)
    }

    /// Verifies a received form against the system clock. See
    /// [`verify_form_at`](Self::verify_form_at).
    pub fn verify_form<I, K, V>(&self, fields: I) -> Result<Params, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.verify_form_at(fields, Timestamp::from(SystemTime::now()))
    }

    /// Verifies `signature` (hex, either case) over received `params` against the clock
    /// `now`.
    pub fn verify_at(&self, params: &Params, signature: &str, now: Timestamp) -> Result<(), Error> {
        let sent = params.timestamp()?;
        let received = Signature::from_hex(self.signer.algorithm(), signature)?;
        if !self.signer.sign(params).ct_eq(&received) {
            return Err(Error::Mismatch {
                string_to_sign: Some(self.signer.string_to_sign(params)),
            });
        }
        freshness::check(sent, now, Self::VALID_FOR.as_secs(), self.max_skew)
    }
}
