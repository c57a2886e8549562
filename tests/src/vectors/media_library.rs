//! `media_library.json`: a Media Library login's string to sign and SHA-256 signature,
//! whatever the signer's algorithm and signature version.

use serde::Deserialize;

/// A case's input: the login's parts and the secret.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The cloud name.
    pub cloud_name: String,
    /// The API secret.
    pub secret: String,
    /// The user's name.
    pub username: String,
    /// The time, in seconds since the epoch.
    pub timestamp: u64,
}

/// The string to sign and the signature.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature, hex.
    pub signature: String,
}

impl super::Expected for Expected {
    /// The string to sign and the signature.
    type Output = (String, String);

    fn outcome(&self) -> Result<Self::Output, &str> {
        Ok((self.string_to_sign.clone(), self.signature.clone()))
    }
}
