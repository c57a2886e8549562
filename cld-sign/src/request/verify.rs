//! Server-side verification of a received signed request (see `cld_sign::request`).

use std::collections::HashMap;
use std::time::Duration;

use super::params::Params;
use crate::algorithm::SignatureVersion;
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
/// algorithm and **signature version 2**, and then checks the time: a request is valid for
/// one hour after its `timestamp` (the boundary second included), and at most `max_skew`
/// (default 300 s) ahead of the clock (see `cld_sign::request`).
///
/// Fields named `name[]` are one list parameter `name`, its items joined with `,` in the
/// order received, as Cloudinary reads array parameters. Under version 2 a `&` inside a
/// value is signed as `%26`, so a value holding `&` and the same value holding `%26` sign
/// the same: compare values after verification with that in mind.
///
/// Signature version 1 is accepted only after an explicit
/// [`allow_signature_version_1`](Self::allow_signature_version_1), whatever the signer's
/// own setting (a `?signature_version=1` in `CLOUDINARY_URL` does not switch it on):
/// version 1 does not escape `&`, so a V1 signature over
/// `notification_url=https://x/?a=1&tags=admin` also covers a `tags=admin` parameter
/// (CVE-2025-12613).
///
/// With a signer that holds previous secrets
/// ([`Signer::with_previous_secret`](crate::Signer::with_previous_secret)), a signature made
/// with any of them verifies: each is compared in constant time, and all are compared.
///
/// Checks, in this order: [`Error::MalformedParameterName`], [`Error::DuplicateParameter`]
/// (a name received twice, an excluded name included, or both `name` and `name[]`),
/// [`Error::MissingTimestamp`] / [`Error::MalformedTimestamp`], [`Error::MalformedSignature`]
/// (a missing `signature` counts as an empty one), [`Error::Mismatch`] (carrying the string
/// that was signed, never the secret, like Cloudinary's own 401), [`Error::Expired`],
/// [`Error::FromFuture`].
///
/// [`verify_at`](Self::verify_at) takes the time; [`verify`](Self::verify) reads the system
/// clock. Both return what was proven ([`VerifiedParams`]).
///
/// ```
/// use cld_sign::request::RequestVerifier;
/// use cld_sign::{ApiSecret, ErrorKind, SignatureVersion, Signer, Timestamp};
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
/// let verified = verifier.verify_at(form, now)?;
/// assert_eq!(verified.params().get("public_id"), Some("sample_image"));
/// assert_eq!(verified.timestamp(), Timestamp::from_secs(1315060510));
/// assert_eq!(verified.signature_version(), SignatureVersion::V2);
///
/// let mut tampered = form;
/// tampered[1] = ("public_id", "other");
/// let err = verifier.verify_at(tampered, now).unwrap_err();
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

    /// A verifier with the secret and algorithm of `signer`, and signature version 2
    /// (whatever `signer`'s version: see [`allow_signature_version_1`](Self::allow_signature_version_1)).
    pub fn new(signer: Signer) -> Self {
        Self {
            signer: signer.with_signature_version(SignatureVersion::V2),
            max_skew: Self::DEFAULT_MAX_SKEW.as_secs(),
        }
    }

    /// Verifies legacy signature version 1 instead of version 2. Only for accounts that
    /// still sign with version 1: such a signature does not bind `&` inside values, so a
    /// signed `notification_url` can carry a forged parameter (CVE-2025-12613).
    #[must_use]
    pub fn allow_signature_version_1(mut self) -> Self {
        self.signer = self.signer.with_signature_version(SignatureVersion::V1);
        self
    }

    /// The signature version verified: 2 unless version 1 was allowed explicitly.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signer.signature_version()
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

    /// Verifies a received form (every field, `signature` included, in the order
    /// received) against the clock `now`, and returns the signed parameters with their
    /// timestamp.
    ///
    /// # Errors
    /// As listed on [`RequestVerifier`], in that order.
    pub fn verify_at<I, K, V>(&self, fields: I, now: Timestamp) -> Result<VerifiedParams, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let form = ReceivedForm::fold(fields)?;
        let params = Params::from_pairs(form.fields)?;
        self.verify_signed_at(params, form.signature.as_deref().unwrap_or_default(), now)
    }

    /// Verifies a received form against the system clock:
    /// [`verify_at`](Self::verify_at) with [`Timestamp::now`].
    ///
    /// # Errors
    /// As [`verify_at`](Self::verify_at).
    pub fn verify<I, K, V>(&self, fields: I) -> Result<VerifiedParams, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.verify_at(fields, Timestamp::now())
    }

    /// Verifies `signature` (hex, either case) over parameters already read (from a JSON
    /// body through [`ReceivedParams`](crate::request::ReceivedParams), say) against the clock
    /// `now`, and returns them with their timestamp. A received form goes through
    /// [`verify_at`](Self::verify_at), which also reads its `signature` and `name[]` lists.
    ///
    /// # Errors
    /// [`Error::MissingTimestamp`], [`Error::MalformedTimestamp`],
    /// [`Error::MalformedSignature`], [`Error::Mismatch`], [`Error::Expired`],
    /// [`Error::FromFuture`], in that order.
    ///
    /// ```
    /// use cld_sign::request::RequestVerifier;
    /// use cld_sign::{ApiSecret, Params, Signer, Timestamp};
    ///
    /// let signer = Signer::new(ApiSecret::new("abcd")?);
    /// let params = Params::from_pairs([("timestamp", "1315060510"), ("public_id", "sample")])?;
    /// let signature = signer.sign(&params).to_string();
    /// let verified = RequestVerifier::new(signer)
    ///     .verify_signed_at(params, &signature, Timestamp::from_secs(1315060510))?;
    /// assert_eq!(verified.into_params().get("public_id"), Some("sample"));
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    pub fn verify_signed_at(
        &self,
        params: Params,
        signature: &str,
        now: Timestamp,
    ) -> Result<VerifiedParams, Error> {
        let sent = params.timestamp()?;
        let received = Signature::from_hex(self.signer.algorithm(), signature)?;
        if !self
            .signer
            .any_secret(|signer| signer.sign(&params).ct_eq(&received))
        {
            return Err(Error::Mismatch {
                string_to_sign: Some(self.signer.string_to_sign(&params)),
            });
        }
        freshness::check(sent, now, Self::VALID_FOR.as_secs(), self.max_skew)?;
        Ok(VerifiedParams {
            params,
            timestamp: sent,
            signature_version: self.signature_version(),
        })
    }
}

/// What [`RequestVerifier`] proved: these parameters were signed with the account's secret
/// at this timestamp, under this signature version, and the timestamp is within the window.
///
/// With feature `serde` it is serialized as `{"params": {…}, "timestamp": <secs>,
/// "signature_version": 1 | 2}` (the parameters as [`Params`] serializes them: the signed
/// pairs sorted by name). It cannot be deserialized: only verification makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedParams {
    params: Params,
    timestamp: Timestamp,
    signature_version: SignatureVersion,
}

impl VerifiedParams {
    /// The signed parameters (the excluded names and empty values left out).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The signed parameters, owned.
    pub fn into_params(self) -> Params {
        self.params
    }

    /// The signed `timestamp`.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The signature version the signature was checked with.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }
}

/// `{"params": …, "timestamp": …, "signature_version": …}` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for VerifiedParams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("VerifiedParams", 3)?;
        s.serialize_field("params", &self.params)?;
        s.serialize_field("timestamp", &self.timestamp)?;
        s.serialize_field("signature_version", &self.signature_version)?;
        s.end()
    }
}

/// A received form's fields with each `name[]` list folded into one parameter, its items
/// joined with `,` in order (a `signature` field left out).
#[cfg(feature = "serde")]
pub(crate) fn fold_lists<I, K, V>(fields: I) -> Result<Vec<(String, String)>, Error>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    Ok(ReceivedForm::fold(fields)?.fields)
}

/// A received form with its `name[]` fields folded into one list parameter each (see `cld_sign::request`)
/// and its `signature` taken apart.
struct ReceivedForm {
    /// Every other field, a list parameter's items joined with `,` in the order received.
    fields: Vec<(String, String)>,
    signature: Option<String>,
}

impl ReceivedForm {
    /// One pass over the fields, each name looked up once in a hash map, so the work grows
    /// with the form's size, however many `name[]` items it holds.
    fn fold<I, K, V>(fields: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let fields = fields.into_iter();
        let mut form = Self {
            fields: Vec::with_capacity(fields.size_hint().0),
            signature: None,
        };
        // Every name seen: a list parameter's index in `form.fields`, or `None` for a name
        // seen plain (`signature` and the excluded names too), so that a repeated name is
        // refused rather than silently kept.
        let mut seen: HashMap<String, Option<usize>> = HashMap::new();
        let duplicate = |name: &str| Error::DuplicateParameter {
            name: name.to_owned(),
        };
        for (name, value) in fields {
            let (name, value) = (name.as_ref(), value.as_ref());
            if let Some(list) = name.strip_suffix("[]") {
                match seen.get(list) {
                    Some(&Some(at)) => {
                        let text = &mut form.fields[at].1;
                        text.push(',');
                        text.push_str(value);
                    }
                    Some(None) => return Err(duplicate(list)),
                    None => {
                        seen.insert(list.to_owned(), Some(form.fields.len()));
                        form.fields.push((list.to_owned(), value.to_owned()));
                    }
                }
                continue;
            }
            if seen.insert(name.to_owned(), None).is_some() {
                return Err(duplicate(name));
            }
            if name == "signature" {
                form.signature = Some(value.to_owned());
            } else {
                form.fields.push((name.to_owned(), value.to_owned()));
            }
        }
        Ok(form)
    }
}
