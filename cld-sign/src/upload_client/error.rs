//! What can go wrong sending an upload.

use std::fmt;

use serde_json::Value;

use crate::diagnose::{Diagnosis, InvalidSignature, invalid_signature};
use crate::error::Error;
use crate::request::{Signable, SignedUploadForm};
use crate::signer::Signer;

/// Why an upload gave no verified answer.
#[derive(Debug)]
#[non_exhaustive]
pub enum UploadError {
    /// Cloudinary answered with an error status ([`CloudinaryError`]): its message, and the
    /// string it signed.
    Rejected(CloudinaryError),
    /// The `200` answer's `signature` is not the response signature of its `public_id` and
    /// `version` (the inner error: [`Error::Mismatch`], [`Error::MalformedSignature`], or
    /// [`Error::UnsupportedValue`] for a public ID or version no answer holds): it was
    /// tampered with, or the answer is not Cloudinary's for this account.
    ResponseSignature(Error),
    /// The `200` answer is not an upload response (not JSON, or a documented field
    /// missing or of another type).
    MalformedResponse {
        /// The HTTP status.
        status: u16,
        /// What is wrong.
        problem: String,
    },
    /// The request could not be sent or its answer read.
    Transport(reqwest::Error),
    /// The file could not be read.
    File(std::io::Error),
    /// The closure signing a chunk's form failed.
    Sign(Error),
}

impl UploadError {
    /// The snake_case name of what went wrong: `rejected`, `response_signature`,
    /// `malformed_response`, `transport`, `file`, `sign`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Rejected(_) => "rejected",
            Self::ResponseSignature(_) => "response_signature",
            Self::MalformedResponse { .. } => "malformed_response",
            Self::Transport(_) => "transport",
            Self::File(_) => "file",
            Self::Sign(_) => "sign",
        }
    }

    /// Cloudinary's error answer, if that is what this is.
    pub fn cloudinary_error(&self) -> Option<&CloudinaryError> {
        match self {
            Self::Rejected(answer) => Some(answer),
            _ => None,
        }
    }
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected(answer) => write!(f, "rejected: {answer}"),
            Self::ResponseSignature(e) => write!(
                f,
                "response_signature: the upload answer's signature does not verify; do not trust it ({e})"
            ),
            Self::MalformedResponse { status, problem } => write!(
                f,
                "malformed_response: the upload answer (status {status}) is not an upload response: {problem}"
            ),
            Self::Transport(e) => write!(
                f,
                "transport: the upload could not be sent or its answer read: {e}"
            ),
            Self::File(e) => write!(f, "file: the file to upload could not be read: {e}"),
            Self::Sign(e) => write!(f, "sign: a chunk's form could not be signed: {e}"),
        }
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Rejected(_) | Self::MalformedResponse { .. } => None,
            Self::ResponseSignature(e) | Self::Sign(e) => Some(e),
            Self::Transport(e) => Some(e),
            Self::File(e) => Some(e),
        }
    }
}

/// Cloudinary's own error answer to an upload (not an error of this library): the HTTP
/// status, `error.message` (the body itself when it is not Cloudinary's JSON), and, for
/// `Invalid Signature`, the string Cloudinary signed.
///
/// ```
/// use cld_sign::diagnose::Verdict;
/// use cld_sign::upload_client::CloudinaryError;
/// use cld_sign::{ApiSecret, Params, Signer};
///
/// let body = r#"{"error":{"message":"Invalid Signature 0e3f1b5b4d5a2f8f1c8e34c8cbd3e5f0b7a9e0c1. String to sign - 'folder=docs&source=uw&timestamp=1315060510'."}}"#;
/// let answer = CloudinaryError::new(401, body);
/// assert_eq!(answer.status(), 401);
/// assert_eq!(answer.string_to_sign(), Some("folder=docs&source=uw&timestamp=1315060510"));
/// let signed = Params::from_pairs([("folder", "docs"), ("timestamp", "1315060510")])?;
/// let diagnosis = answer.diagnose(&signed, &Signer::new(ApiSecret::new("abcd")?))?;
/// assert_eq!(diagnosis.verdict(), Verdict::ParametersDiffer);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudinaryError {
    status: u16,
    message: String,
    invalid_signature: Option<InvalidSignature>,
}

impl CloudinaryError {
    /// Reads an error answer: `status` and its `body`.
    pub fn new(status: u16, body: &str) -> Self {
        let message = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| {
                v.pointer("/error/message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| body.trim().to_owned());
        let invalid_signature = InvalidSignature::parse(&message).ok();
        Self {
            status,
            message,
            invalid_signature,
        }
    }

    /// The HTTP status (401 for a refused signature, 400 for a stale timestamp, …).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Cloudinary's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Cloudinary's string to sign (that of the parameters it received) when the message
    /// is `Invalid Signature … String to sign - '…'`.
    pub fn string_to_sign(&self) -> Option<&str> {
        self.invalid_signature
            .as_ref()
            .map(InvalidSignature::string_to_sign)
    }

    /// Why the signature was refused, for `params`, the parameters you signed, and
    /// `signer`, the account's (see [`crate::diagnose`]).
    ///
    /// # Errors
    /// Those of [`invalid_signature`]: [`Error::MalformedMessage`] when this is not an
    /// `Invalid Signature` refusal.
    pub fn diagnose<T: Signable + ?Sized>(
        &self,
        params: &T,
        signer: &Signer,
    ) -> Result<Diagnosis, Error> {
        invalid_signature(&self.message, params, signer)
    }

    /// [`diagnose`](Self::diagnose) for the form that was sent: its fields read back as
    /// the parameters signed ([`SignedUploadForm::params`]).
    ///
    /// # Errors
    /// As [`diagnose`](Self::diagnose), and those of [`SignedUploadForm::params`].
    pub fn diagnose_form(
        &self,
        form: &SignedUploadForm,
        signer: &Signer,
    ) -> Result<Diagnosis, Error> {
        self.diagnose(&form.params()?, signer)
    }
}

impl fmt::Display for CloudinaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cloudinary answered {}: {}", self.status, self.message)
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::{CloudinaryError, UploadError};
    use crate::error::Error;

    /// The errors that wrap another give it as their source; Cloudinary's answer and a
    /// malformed one have none.
    #[test]
    fn wrapped_errors_are_the_source() {
        let inner = || Error::MissingTimestamp;
        for err in [
            UploadError::Sign(inner()),
            UploadError::ResponseSignature(inner()),
        ] {
            let source = err.source().expect("a source").to_string();
            assert_eq!(source, inner().to_string());
        }
        let io = UploadError::File(std::io::Error::other("disk gone"));
        assert_eq!(
            io.source().map(ToString::to_string).as_deref(),
            Some("disk gone")
        );
        let rejected = UploadError::Rejected(CloudinaryError::new(400, "{}"));
        assert!(rejected.source().is_none());
        let malformed = UploadError::MalformedResponse {
            status: 200,
            problem: "not JSON".to_owned(),
        };
        assert!(malformed.source().is_none());
    }

    /// Each error says what went wrong first, by its name, then Cloudinary's own words.
    #[test]
    fn errors_print_their_name_then_what_happened() {
        let stale = r#"{"error":{"message":"Stale request - reported time is 2023-11-14"}}"#;
        let rejected = UploadError::Rejected(CloudinaryError::new(400, stale));
        assert_eq!(
            rejected.to_string(),
            "rejected: Cloudinary answered 400: Stale request - reported time is 2023-11-14"
        );
        assert_eq!(
            rejected.cloudinary_error().map(CloudinaryError::status),
            Some(400)
        );
        let malformed = UploadError::MalformedResponse {
            status: 200,
            problem: "not JSON".to_owned(),
        };
        assert_eq!(
            malformed.to_string(),
            "malformed_response: the upload answer (status 200) is not an upload response: not JSON"
        );
        assert!(malformed.cloudinary_error().is_none());
    }
}
