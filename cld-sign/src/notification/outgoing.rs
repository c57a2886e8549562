//! Signing a notification as Cloudinary signs one: for tests of a webhook handler, and
//! for services that emulate Cloudinary (see `cld_sign::notification`).

use std::fmt;

use super::verifier::NotificationHeaders;
use crate::signature::{Hex, Signature};
use crate::signer::Signer;
use crate::timestamp::Timestamp;

/// A notification to sign as Cloudinary signs one: the raw body and the time it is sent
/// with (`X-Cld-Timestamp`). [`sign`](Self::sign) gives the [`SignedNotification`], whose
/// headers go with the body.
///
/// For tests of a webhook handler, and for services that emulate Cloudinary: a handler
/// itself only verifies, with a [`NotificationVerifier`](super::NotificationVerifier).
///
/// ```
/// use cld_sign::notification::OutgoingNotification;
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let body = br#"{"notification_type":"upload","public_id":"sample"}"#;
/// let signed = OutgoingNotification::new(body, Timestamp::from_secs(1_700_000_000)).sign(&signer);
/// assert_eq!(signed.headers().timestamp, "1700000000");
/// assert_eq!(signed.headers().signature, "6739aae925cb229c5a4948b84c1db8a994a4caf1");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct OutgoingNotification<'a> {
    body: &'a [u8],
    timestamp: Timestamp,
}

impl<'a> OutgoingNotification<'a> {
    /// `body`, the exact bytes to send, sent at `timestamp`.
    pub fn new(body: &'a [u8], timestamp: Timestamp) -> Self {
        Self { body, timestamp }
    }

    /// Signs it as Cloudinary does: hex(HASH(body ++ timestamp text ++ secret)), with the
    /// signer's algorithm and its current secret (previous secrets play no part; its
    /// signature version neither).
    pub fn sign(&self, signer: &Signer) -> SignedNotification<'a> {
        let timestamp_text = self.timestamp.to_string();
        let signature =
            signer.hash_with_secret(signer.algorithm(), &[self.body, timestamp_text.as_bytes()]);
        SignedNotification {
            body: self.body,
            timestamp: self.timestamp,
            timestamp_text,
            hex: signature.hex(),
            signature,
        }
    }
}

/// Shows the body's length, not the body: a notification can hold personal data.
impl fmt::Debug for OutgoingNotification<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingNotification")
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

/// A notification signed here ([`OutgoingNotification::sign`]): the body and the two
/// headers to send with it, `X-Cld-Timestamp` and `X-Cld-Signature`
/// ([`headers`](Self::headers)).
///
/// ```
/// use cld_sign::notification::{NotificationVerifier, OutgoingNotification};
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let sent = Timestamp::from_secs(1_700_000_000);
/// let signed = OutgoingNotification::new(br#"{"notification_type":"upload"}"#, sent).sign(&signer);
///
/// // What a handler does with what it receives.
/// let verifier = NotificationVerifier::new(signer);
/// let verified = verifier.verify_at(signed.body(), signed.headers(), sent)?;
/// assert_eq!(verified.timestamp(), signed.timestamp());
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SignedNotification<'a> {
    body: &'a [u8],
    timestamp: Timestamp,
    timestamp_text: String,
    signature: Signature,
    hex: Hex,
}

impl<'a> SignedNotification<'a> {
    /// The body that was signed, to send as it is.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// The time it was signed with.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The texts of the two headers to send: `X-Cld-Timestamp` (decimal seconds) and
    /// `X-Cld-Signature` (lower-case hex), as a [`NotificationVerifier`](super::NotificationVerifier)
    /// takes them.
    pub fn headers(&self) -> NotificationHeaders<'_> {
        NotificationHeaders {
            timestamp: &self.timestamp_text,
            signature: self.hex.as_str(),
        }
    }
}

/// Shows the body's length, not the body: a notification can hold personal data.
impl fmt::Debug for SignedNotification<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedNotification")
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .field("signature", &self.signature)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::OutgoingNotification;
    use crate::algorithm::Algorithm;
    use crate::secret::ApiSecret;
    use crate::signer::Signer;
    use crate::timestamp::Timestamp;

    #[test]
    fn debug_shows_lengths_not_bodies() {
        let signer = Signer::new(ApiSecret::new("abcd-secret").unwrap());
        let outgoing = OutgoingNotification::new(b"personal data", Timestamp::from_secs(7));
        let shown = format!("{outgoing:?}");
        assert_eq!(
            shown,
            "OutgoingNotification { body_len: 13, timestamp: Timestamp(7) }"
        );
        let signed = outgoing.sign(&signer);
        let shown = format!("{signed:?}");
        assert!(
            shown.starts_with(
                "SignedNotification { body_len: 13, timestamp: Timestamp(7), signature: "
            ),
            "{shown}"
        );
        assert!(
            !shown.contains("personal") && !shown.contains("abcd-secret"),
            "{shown}"
        );
    }

    /// The signer's algorithm, its current secret only, and the timestamp's decimal text.
    #[test]
    fn signs_with_the_current_secret_and_the_signers_algorithm() {
        let body = br#"{"notification_type":"upload","public_id":"sample"}"#;
        let sent = Timestamp::from_secs(1_700_000_000);
        let sha256 = Signer::new(ApiSecret::new("abcd").unwrap()).with_algorithm(Algorithm::Sha256);
        let signed = OutgoingNotification::new(body, sent).sign(&sha256);
        assert_eq!(signed.signature().algorithm(), Algorithm::Sha256);
        assert_eq!(signed.headers().signature.len(), 64);
        assert_eq!(signed.body(), body);
        assert_eq!(signed.timestamp(), sent);
        let rotating = Signer::new(ApiSecret::new("abcd").unwrap())
            .with_previous_secret(ApiSecret::new("old").unwrap());
        let plain = Signer::new(ApiSecret::new("abcd").unwrap());
        assert_eq!(
            OutgoingNotification::new(body, sent).sign(&rotating),
            OutgoingNotification::new(body, sent).sign(&plain)
        );
        assert_eq!(
            OutgoingNotification::new(body, sent)
                .sign(&plain)
                .headers()
                .signature,
            "6739aae925cb229c5a4948b84c1db8a994a4caf1"
        );
    }
}
