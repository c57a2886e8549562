//! Notification (webhook) signatures: `X-Cld-Signature` over the raw body and
//! `X-Cld-Timestamp` (see `cld_sign::notification`).

use std::time::Duration;

use super::verified::VerifiedNotification;
use crate::algorithm::Algorithm;
use crate::error::Error;
use crate::freshness;
use crate::signature::Signature;
use crate::signer::Signer;
use crate::timestamp::Timestamp;

/// The header that carries a notification's Unix time in seconds.
pub const TIMESTAMP_HEADER: &str = "X-Cld-Timestamp";

/// The header that carries a notification's hex signature.
pub const SIGNATURE_HEADER: &str = "X-Cld-Signature";

/// The header of Cloudinary's second notification signature: Ed25519 with a key Cloudinary
/// manages and publishes nowhere, so it cannot be verified here.
///
/// A notification trigger's `auth_scheme` says which headers are sent: `default` sends
/// [`SIGNATURE_HEADER`] and this one, `legacy_hmac` only [`SIGNATURE_HEADER`], `eddsa_v2`
/// only this one. A notification with this header and without [`SIGNATURE_HEADER`] is
/// refused with [`Error::SignatureV2Only`], whose message says to set the trigger's
/// `auth_scheme` to `default` or `legacy_hmac`.
pub const SIGNATURE_V2_HEADER: &str = "X-Cld-Signature_v2";

/// The two headers of a notification (see `cld_sign::notification`), as received: the texts of
/// `X-Cld-Timestamp` and `X-Cld-Signature`.
///
/// Built with named fields, so the two texts cannot be swapped by mistake; not
/// `#[non_exhaustive]` for that reason (the set of headers is fixed by Cloudinary).
///
/// ```
/// use cld_sign::notification::NotificationHeaders;
/// let headers = NotificationHeaders {
///     timestamp: "1700000000",
///     signature: "6739aae925cb229c5a4948b84c1db8a994a4caf1",
/// };
/// # let _ = headers;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationHeaders<'a> {
    /// The text of `X-Cld-Timestamp`: Unix seconds.
    pub timestamp: &'a str,
    /// The text of `X-Cld-Signature`: hex.
    pub signature: &'a str,
}

/// Verifies Cloudinary notifications (to sign one as Cloudinary does, for tests, see
/// [`OutgoingNotification`](super::OutgoingNotification)).
///
/// Signature = hex(HASH(raw_body ++ timestamp_header ++ secret)), with the signer's
/// algorithm. The body is the exact bytes received: never re-serialised JSON.
///
/// Settings, with their defaults: `valid_for` 7200 s (a notification exactly that old
/// still passes), `max_skew` 300 s (how far ahead of the clock a timestamp may be).
///
/// Checks, in this order, each with its own error:
/// 1. the timestamp header is 1 to 19 ASCII digits, else [`Error::MalformedTimestamp`];
/// 2. the signature header is hex (either case) of the algorithm's length, else
///    [`Error::MalformedSignature`];
/// 3. the signature matches (constant-time, on the decoded bytes), else
///    [`Error::Mismatch`]; with previous secrets
///    ([`Signer::with_previous_secret`]), a signature made with the current secret or any
///    previous one matches, each compared in constant time and all of them compared;
/// 4. the time: [`Error::Expired`] (with the age) or [`Error::FromFuture`].
///
/// Authenticity is checked before time, so the age in an `Expired` error is the one
/// Cloudinary signed, not one an attacker chose.
///
/// ```
/// use cld_sign::notification::{NotificationHeaders, NotificationVerifier, OutgoingNotification};
/// use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let body = br#"{"notification_type":"upload","public_id":"sample"}"#;
/// let sent = Timestamp::from_secs(1_700_000_000);
/// let signature = OutgoingNotification::new(body, sent).sign(&signer).signature().to_string();
/// let verifier = NotificationVerifier::new(signer);
///
/// // Headers as received: `X-Cld-Timestamp`, `X-Cld-Signature`.
/// let now = Timestamp::from_secs(1_700_000_060);
/// let headers = NotificationHeaders { timestamp: "1700000000", signature: &signature };
/// let verified = verifier.verify_at(body, headers, now)?;
/// assert_eq!((verified.body(), verified.timestamp()), (&body[..], sent));
///
/// let late = Timestamp::from_secs(1_700_000_000 + 7201);
/// let err = verifier.verify_at(body, headers, late).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Expired);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct NotificationVerifier {
    signer: Signer,
    valid_for: u64,
    max_skew: u64,
}

impl NotificationVerifier {
    /// The default validity window: two hours.
    pub const DEFAULT_VALID_FOR: Duration = Duration::from_secs(7200);

    /// The default tolerated clock skew for timestamps from the future: five minutes.
    pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(freshness::DEFAULT_MAX_SKEW);

    /// A verifier with the secret (and previous secrets) and algorithm of `signer` (its
    /// signature version plays no part) and the default window.
    ///
    /// Give it the secret Cloudinary signs notifications with: the dedicated notification
    /// key's secret if the account has one, otherwise the oldest active API key's secret
    /// (a notification's `signature_key` field names that key). See the
    /// [module documentation](crate::notification#accounts-with-several-api-keys-and-key-rotation).
    pub fn new(signer: Signer) -> Self {
        Self {
            signer,
            valid_for: Self::DEFAULT_VALID_FOR.as_secs(),
            max_skew: Self::DEFAULT_MAX_SKEW.as_secs(),
        }
    }

    /// Accepts notifications up to `valid_for` old (whole seconds; the boundary second is
    /// still valid).
    #[must_use]
    pub fn with_valid_for(mut self, valid_for: Duration) -> Self {
        self.valid_for = valid_for.as_secs();
        self
    }

    /// Accepts timestamps up to `max_skew` ahead of the clock (whole seconds).
    #[must_use]
    pub fn with_max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = max_skew.as_secs();
        self
    }

    /// The hash algorithm (the signer's).
    pub fn algorithm(&self) -> Algorithm {
        self.signer.algorithm()
    }

    /// The validity window.
    pub fn valid_for(&self) -> Duration {
        Duration::from_secs(self.valid_for)
    }

    /// The tolerated clock skew.
    pub fn max_skew(&self) -> Duration {
        Duration::from_secs(self.max_skew)
    }

    /// The signer it verifies with (its secret, previous secrets and algorithm).
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// Verifies a notification against the clock `now`: the [`VerifiedNotification`]
    /// holds the body and the timestamp it was signed with.
    ///
    /// `body` is the raw body; `headers` holds the texts of the `X-Cld-Timestamp` and
    /// `X-Cld-Signature` headers (named fields, so they cannot be swapped).
    ///
    /// # Errors
    /// Checked in this order: [`Error::MalformedTimestamp`] (not 1 to 19 ASCII digits, or a
    /// leading zero), [`Error::MalformedSignature`], [`Error::Mismatch`], [`Error::Expired`],
    /// [`Error::FromFuture`].
    pub fn verify_at<'a>(
        &self,
        body: &'a [u8],
        headers: NotificationHeaders<'_>,
        now: Timestamp,
    ) -> Result<VerifiedNotification<'a>, Error> {
        let sent = self.check_signature(body, headers)?;
        self.check_time(sent, now)?;
        Ok(VerifiedNotification::new(body, sent))
    }

    /// Verifies a notification against the system clock:
    /// `verify_at(body, headers, Timestamp::now())`. See [`verify_at`](Self::verify_at).
    ///
    /// # Errors
    /// As [`verify_at`](Self::verify_at).
    pub fn verify<'a>(
        &self,
        body: &'a [u8],
        headers: NotificationHeaders<'_>,
    ) -> Result<VerifiedNotification<'a>, Error> {
        self.verify_at(body, headers, Timestamp::now())
    }

    /// The format and signature checks of [`verify_at`](Self::verify_at), without the time
    /// window: the timestamp the body was signed with. Authenticity comes before time, so
    /// the age in an [`Error::Expired`] is one the sender really signed.
    fn check_signature(
        &self,
        body: &[u8],
        headers: NotificationHeaders<'_>,
    ) -> Result<Timestamp, Error> {
        let sent = Timestamp::parse_canonical(headers.timestamp)?;
        let received = Signature::from_hex(self.algorithm(), headers.signature)?;
        let algorithm = self.algorithm();
        let parts: &[&[u8]] = &[body, headers.timestamp.as_bytes()];
        if !self
            .signer
            .any_secret(|signer| signer.hash_with_secret(algorithm, parts).ct_eq(&received))
        {
            return Err(Error::Mismatch {
                string_to_sign: None,
            });
        }
        Ok(sent)
    }

    /// The time checks of [`verify_at`](Self::verify_at) for a timestamp whose signature
    /// has been checked.
    fn check_time(&self, sent: Timestamp, now: Timestamp) -> Result<(), Error> {
        freshness::check(sent, now, self.valid_for, self.max_skew)
    }

    /// Verifies a notification from its `X-Cld-Timestamp` and `X-Cld-Signature` headers.
    ///
    /// # Errors
    /// [`Error::SignatureV2Only`] when `X-Cld-Signature` is absent and
    /// `X-Cld-Signature_v2` present (a trigger with `auth_scheme` `eddsa_v2`, which cannot
    /// be verified: set it to `default` or `legacy_hmac`); otherwise
    /// [`Error::MissingHeader`] naming the first absent header (`X-Cld-Timestamp`, then
    /// `X-Cld-Signature`), as the web integrations answer. A header that is present but
    /// not visible ASCII is malformed: [`Error::MalformedTimestamp`] or
    /// [`Error::MalformedSignature`]. Otherwise as [`verify_at`](Self::verify_at).
    ///
    /// ```
    /// # use cld_sign::notification::{NotificationVerifier, OutgoingNotification};
    /// # use cld_sign::{ApiSecret, ErrorKind, Signer, Timestamp};
    /// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
    /// let now = Timestamp::from_secs(1_700_000_000);
    /// let signed = OutgoingNotification::new(b"{}", now).sign(verifier.signer());
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-cld-timestamp", "1700000000".parse().unwrap());
    /// let err = verifier.verify_headers_at(b"{}", &headers, now).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MissingHeader);
    /// headers.insert("x-cld-signature", signed.headers().signature.parse().unwrap());
    /// assert_eq!(verifier.verify_headers_at(b"{}", &headers, now)?.timestamp(), now);
    /// # Ok::<(), cld_sign::Error>(())
    /// ```
    #[cfg(feature = "http")]
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn verify_headers_at<'a>(
        &self,
        body: &'a [u8],
        headers: &http::HeaderMap,
        now: Timestamp,
    ) -> Result<VerifiedNotification<'a>, Error> {
        let (timestamp, signature) = present_headers(|name| headers.get(name))?;
        let timestamp = timestamp
            .to_str()
            .map_err(|_| Error::MalformedTimestamp { len: 0 })?;
        let signature = signature.to_str().unwrap_or("");
        self.verify_at(
            body,
            NotificationHeaders {
                timestamp,
                signature,
            },
            now,
        )
    }

    /// Verifies a notification from its headers against the system clock:
    /// `verify_headers_at(body, headers, Timestamp::now())`. See
    /// [`verify_headers_at`](Self::verify_headers_at).
    ///
    /// # Errors
    /// As [`verify_headers_at`](Self::verify_headers_at).
    #[cfg(feature = "http")]
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn verify_headers<'a>(
        &self,
        body: &'a [u8],
        headers: &http::HeaderMap,
    ) -> Result<VerifiedNotification<'a>, Error> {
        self.verify_headers_at(body, headers, Timestamp::now())
    }
}

/// The values of `X-Cld-Timestamp` and `X-Cld-Signature`, in that order, as `get` finds
/// them: the one place every entry point (the `http` form, the web integrations) decides
/// that a header is missing, so all give the same error.
///
/// # Errors
/// [`Error::SignatureV2Only`] when `X-Cld-Signature` is absent and `X-Cld-Signature_v2`
/// present (it tells how to configure the trigger, which a missing header would not);
/// otherwise [`Error::MissingHeader`] naming the first absent header.
#[cfg(any(
    feature = "http",
    feature = "axum",
    feature = "tower",
    feature = "actix"
))]
pub(crate) fn present_headers<V>(get: impl Fn(&'static str) -> Option<V>) -> Result<(V, V), Error> {
    let signature = get(SIGNATURE_HEADER);
    if signature.is_none() && get(SIGNATURE_V2_HEADER).is_some() {
        return Err(Error::SignatureV2Only);
    }
    let timestamp = get(TIMESTAMP_HEADER).ok_or(Error::MissingHeader {
        name: TIMESTAMP_HEADER,
    })?;
    let signature = signature.ok_or(Error::MissingHeader {
        name: SIGNATURE_HEADER,
    })?;
    Ok((timestamp, signature))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::NotificationVerifier;
    use crate::{Algorithm, ApiSecret, Signer};

    #[test]
    fn settings_read_back_in_whole_seconds() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let verifier = NotificationVerifier::new(signer.clone());
        assert_eq!(
            verifier.valid_for(),
            NotificationVerifier::DEFAULT_VALID_FOR
        );
        assert_eq!(verifier.max_skew(), NotificationVerifier::DEFAULT_MAX_SKEW);
        assert_eq!(verifier.algorithm(), Algorithm::Sha1);
        let custom = NotificationVerifier::new(signer.with_algorithm(Algorithm::Sha256))
            .with_valid_for(Duration::from_millis(90_900))
            .with_max_skew(Duration::from_secs(3));
        assert_eq!(custom.valid_for(), Duration::from_secs(90));
        assert_eq!(custom.max_skew(), Duration::from_secs(3));
        assert_eq!(custom.algorithm(), Algorithm::Sha256);
    }
}
