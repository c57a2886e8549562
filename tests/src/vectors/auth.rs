//! `auth.json`: request signatures, the string to sign and the signature, or the error kind.

use serde::Deserialize;
use serde_json::Value;

/// A case's input: the signer's settings as text, and the parameters as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The API secret (absent for cases about a missing secret).
    pub secret: Option<String>,
    /// The algorithm's name, e.g. `sha256`.
    pub algorithm: String,
    /// The signature version, e.g. `2`.
    pub signature_version: u64,
    /// The request's parameters.
    pub params: Value,
}

/// The string to sign and signature, or the error kind.
#[derive(Debug, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Expected {
    /// The request signs.
    Signed {
        /// The string to sign.
        string_to_sign: String,
        /// The signature, hex.
        signature: String,
    },
    /// The request is refused.
    Refused {
        /// The error kind.
        error: String,
    },
}

impl super::Expected for Expected {
    /// The string to sign and the signature.
    type Output = (String, String);

    fn outcome(&self) -> Result<Self::Output, &str> {
        match self {
            Self::Signed {
                string_to_sign,
                signature,
            } => Ok((string_to_sign.clone(), signature.clone())),
            Self::Refused { error } => Err(error),
        }
    }
}
