//! `notification_envelope.json`: a received notification envelope's verdict, or the error
//! kind.

use serde::Deserialize;
use serde_json::Value;

/// A case's input: the received envelope, the verifier's settings and the time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The received envelope.
    pub message: Value,
    /// The API secret.
    pub secret: String,
    /// The algorithm's name.
    pub algorithm: String,
    /// How long a notification stays valid, in seconds.
    pub valid_for: u64,
    /// The time, in seconds since the epoch.
    pub now: u64,
}

/// The verdict, and the error kind when it does not verify.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Whether the envelope verifies.
    pub verify: bool,
    /// The error kind, when it does not.
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
