//! The typed notification payload (feature `json`).

use serde::{Deserialize, Serialize};

/// The common fields of a Cloudinary notification body, with every other member kept in
/// [`other`](Self::other).
///
/// Cloudinary sends one JSON object per notification; its members depend on the
/// `notification_type` (`upload`, `eager`, `delete`, `rename`, `moderation`, ...). The
/// fields here are those of the upload-like types, each optional except
/// `notification_type`. Deserialize it only from a body that has been verified: with axum,
/// `AxumVerifiedNotification<Json<Notification>>`; otherwise `serde_json::from_slice` on the
/// bytes [`NotificationVerifier`](super::NotificationVerifier) accepted.
///
/// Only a JSON object deserializes into it: an array, a string or any other JSON value is
/// refused (the struct is read as a map, never as a sequence), as is any text that is not
/// JSON. The web integrations refuse such a body earlier, before hashing it
/// ([`NotificationError::NotJsonObject`](super::NotificationError), 400
/// `not_json_object`); the byte-level [`NotificationVerifier::verify_at`](super::NotificationVerifier::verify_at)
/// checks only the signature, as Cloudinary's SDKs do, so a caller of it parses the body
/// with this type (or another that takes only objects) before acting on it.
///
/// ```
/// use cld_sign::notification::Notification;
///
/// let body = br#"{"notification_type":"upload","public_id":"folder/sample","version":1315060510,
///   "secure_url":"https://res.cloudinary.com/demo/image/upload/v1315060510/folder/sample.jpg",
///   "tags":["a"],"type":"upload","notification_context":{"triggered_by":{"source":"ui"}}}"#;
/// let notification: Notification = serde_json::from_slice(body)?;
/// assert_eq!(notification.notification_type, "upload");
/// assert_eq!(notification.public_id.as_deref(), Some("folder/sample"));
/// assert_eq!(notification.version, Some(1315060510));
/// assert_eq!(notification.delivery_type.as_deref(), Some("upload"));
/// assert_eq!(notification.tags, ["a"]);
/// // The rest is kept.
/// assert_eq!(notification.other["notification_context"]["triggered_by"]["source"], "ui");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Notification {
    /// `upload`, `eager`, `delete`, `rename`, `moderation`, ...
    pub notification_type: String,
    /// The asset's public ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_id: Option<String>,
    /// The asset's immutable ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    /// The asset's version (Unix seconds of the upload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// The version's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `image`, `video` or `raw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The delivery type (`upload`, `private`, `authenticated`): the `type` member.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub delivery_type: Option<String>,
    /// The file format (`jpg`, `png`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The HTTPS delivery URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_url: Option<String>,
    /// The HTTP delivery URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the asset was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The asset's tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The upload response signature (see `cld_sign::response`), in upload notifications: check it with
    /// [`ResponseVerifier::verify`](crate::response::ResponseVerifier::verify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Every other member, as received.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::Notification;

    /// Only an object is a notification: the fields of an array in the struct's order, or
    /// a request string to sign, are refused.
    #[test]
    fn only_a_json_object_deserializes() {
        let object = br#"{"notification_type":"upload","public_id":"x"}"#;
        let parsed: Notification = serde_json::from_slice(object).unwrap();
        assert_eq!(parsed.public_id.as_deref(), Some("x"));
        for refused in [
            &br#"["upload","x"]"#[..],
            br#""upload""#,
            b"public_id=x&timestamp=",
            b"null",
        ] {
            let err = serde_json::from_slice::<Notification>(refused).unwrap_err();
            assert!(err.is_data() || err.is_syntax(), "{err}");
        }
    }
}
