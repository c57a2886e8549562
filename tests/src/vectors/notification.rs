//! `notification.json`: the signature a notification's body should carry, and the verdict
//! (or the error kind) of verifying the received headers at the case's `now`.

use serde::Deserialize;

/// A case's input: the received body and headers, the verifier's settings and the time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The received body.
    pub body: String,
    /// The received timestamp header.
    pub timestamp: String,
    /// The received signature header.
    pub signature: String,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// How long a notification stays valid, in seconds.
    pub valid_for: u64,
    /// The time, in seconds since the epoch.
    pub now: u64,
}

/// The signature the body should carry, and the verdict or the error kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The signature the body should carry, hex.
    pub signature: String,
    /// Whether the received headers verify.
    pub verify: bool,
    /// The error kind, when they do not.
    pub error: Option<String>,
}

impl super::Expected for Expected {
    type Output = ();

    fn outcome(&self) -> Result<(), &str> {
        match (self.verify, &self.error) {
            (true, None) => Ok(()),
            (false, Some(error)) => Err(error),
            _ => panic!("an error kind exactly when it does not verify: {self:?}"),
        }
    }
}
