//! The answer to an upload, verified.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::UploadError;
use crate::response::ResponseVerifier;
use crate::signer::Signer;

/// Cloudinary's answer to an upload: the documented fields typed, the others in
/// [`other`](Self::other). [`UploadClient`](super::UploadClient) hands one out only after
/// its `signature` verified ([`ResponseVerifier::verify`]).
///
/// ```
/// use cld_sign::response::ApiResponse;
/// use cld_sign::upload_client::UploadResponse;
/// use cld_sign::{ApiSecret, Signer};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let signature = ApiResponse::new("sample", &1312461204u64).sign(&signer).to_string();
/// let body = format!(
///     r#"{{"public_id":"sample","version":1312461204,"signature":"{signature}","width":864,"colors":[]}}"#
/// );
/// let answer = UploadResponse::verified(&body, &signer)?;
/// assert_eq!(answer.width, Some(864));
/// assert!(answer.other.contains_key("colors"));
/// assert!(UploadResponse::verified(&body.replace("1312461204", "1312461205"), &signer).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UploadResponse {
    /// The public ID (with its folder).
    pub public_id: String,
    /// The version (the upload's second).
    pub version: u64,
    /// The response signature, verified.
    pub signature: String,
    /// The asset's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    /// The version's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `image`, `video` or `raw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The delivery type (`upload`, `private`, `authenticated`): the answer's `type`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub delivery_type: Option<String>,
    /// The format (`png`, …); absent for raw files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The width in pixels (images, videos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u64>,
    /// The height in pixels (images, videos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u64>,
    /// The delivery URL (`http://`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The delivery URL (`https://`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_url: Option<String>,
    /// When it was uploaded (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The file's ETag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The uploaded file's name, without extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_filename: Option<String>,
    /// Every other member of the answer (`context`, `eager`, `metadata`, …), as received.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl UploadResponse {
    /// Reads a `200` answer's body and verifies its signature with `signer` (previous
    /// secrets included).
    ///
    /// # Errors
    /// [`UploadError::MalformedResponse`] when the body is not an upload response;
    /// [`UploadError::ResponseSignature`] when its signature does not verify.
    pub fn verified(body: &str, signer: &Signer) -> Result<Self, UploadError> {
        let answer: Self =
            serde_json::from_str(body).map_err(|e| UploadError::MalformedResponse {
                status: 200,
                problem: e.to_string(),
            })?;
        ResponseVerifier::new(signer.clone())
            .verify(&answer.public_id, &answer.version, &answer.signature)
            .map_err(UploadError::ResponseSignature)?;
        Ok(answer)
    }
}
