//! What a notification check proved: the body that was signed and its timestamp.

use std::borrow::Cow;

use crate::timestamp::Timestamp;

/// A notification that passed every check of the notification rule (see
/// `cld_sign::notification`): the body Cloudinary signed (the raw bytes, not necessarily
/// UTF-8) and the timestamp it was signed with.
///
/// Every check returns one: [`NotificationVerifier::verify_at`](super::NotificationVerifier::verify_at)
/// and `verify_headers_at` (feature `http`) borrow the body they were given; the envelope
/// checks (`verify_envelope_at`, feature `serde`) own the body they decoded
/// (`VerifiedNotification<'static>`). Only verification makes one.
///
/// With feature `serde` it serializes as `{"body": "<the body's text>", "timestamp":
/// <seconds>}`; a body that is not UTF-8 has no such text, and serializing it is an error.
/// It cannot be deserialized.
///
/// ```
/// use cld_sign::notification::{NotificationVerifier, OutgoingNotification};
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let body = br#"{"notification_type":"upload"}"#;
/// let sent = Timestamp::from_secs(1_700_000_000);
/// let signed = OutgoingNotification::new(body, sent).sign(&signer);
///
/// let verifier = NotificationVerifier::new(signer);
/// let verified = verifier.verify_at(body, signed.headers(), sent)?;
/// assert_eq!(verified.body(), body);
/// assert_eq!(verified.timestamp(), sent);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedNotification<'a> {
    body: Cow<'a, [u8]>,
    timestamp: Timestamp,
}

impl<'a> VerifiedNotification<'a> {
    pub(crate) fn new(body: impl Into<Cow<'a, [u8]>>, timestamp: Timestamp) -> Self {
        Self {
            body: body.into(),
            timestamp,
        }
    }

    /// The body that was signed: the exact bytes received (for an envelope, the decoded
    /// `signed_payload`), usually the notification's JSON.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, owned (copied if it was borrowed).
    pub fn into_body(self) -> Vec<u8> {
        self.body.into_owned()
    }

    /// The timestamp the notification was signed with (`X-Cld-Timestamp`, or the
    /// envelope's `timestamp`).
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The same reading, owning its body (copied if it was borrowed), to keep past the
    /// input it was verified from.
    pub fn into_owned(self) -> VerifiedNotification<'static> {
        VerifiedNotification {
            body: Cow::Owned(self.body.into_owned()),
            timestamp: self.timestamp,
        }
    }
}

/// `{"body": …, "timestamp": …}` (feature `serde`); an error for a body that is not UTF-8.
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for VerifiedNotification<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeStruct};
        let body = std::str::from_utf8(&self.body).map_err(|_| {
            S::Error::custom("the notification's body is not UTF-8 text: read it with `body()`")
        })?;
        let mut s = serializer.serialize_struct("VerifiedNotification", 2)?;
        s.serialize_field("body", body)?;
        s.serialize_field("timestamp", &self.timestamp)?;
        s.end()
    }
}

/// Shows the body's length, not the body: a notification can be large and hold personal
/// data.
impl std::fmt::Debug for VerifiedNotification<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedNotification")
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::VerifiedNotification;
    use crate::timestamp::Timestamp;

    #[test]
    fn owned_and_borrowed_readings_hold_the_same_body() {
        let body = b"personal data".to_vec();
        let borrowed = VerifiedNotification::new(&body[..], Timestamp::from_secs(7));
        let owned = borrowed.clone().into_owned();
        assert_eq!(owned, borrowed);
        assert_eq!(owned.body(), b"personal data");
        assert_eq!(borrowed.clone().into_body(), body);
        assert_eq!(owned.timestamp(), Timestamp::from_secs(7));
        let shown = format!("{borrowed:?}");
        assert_eq!(
            shown,
            "VerifiedNotification { body_len: 13, timestamp: Timestamp(7) }"
        );
    }
}
