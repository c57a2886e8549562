//! `response.json`: the string to sign and signature of an upload response (always
//! signature version 1), and whether the received signature verifies.

use cld_sign::ErrorKind;
use serde::Deserialize;

/// A case's input: the response's public ID, version and signature, and the signer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The response's public ID.
    pub public_id: String,
    /// The response's version.
    pub version: String,
    /// The signature received with the response.
    pub signature: String,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
}

/// The string to sign and signature of the response, and whether the received signature
/// verifies; the error kind when the public ID or version is refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature the response should carry.
    pub signature: String,
    /// Whether the received signature verifies.
    pub verify: bool,
    /// The error kind, when the public ID or version is refused.
    pub error: Option<String>,
}

impl super::Expected for Expected {
    type Output = ();

    /// A received signature that does not verify is a mismatch.
    fn outcome(&self) -> Result<(), &str> {
        match (self.verify, &self.error) {
            (true, None) => Ok(()),
            (false, None) => Err(ErrorKind::Mismatch.as_str()),
            (false, Some(error)) => Err(error),
            (true, Some(_)) => panic!("a refused response does not verify: {self:?}"),
        }
    }
}
