//! `cld-sign verify-notification --envelope`: checks a polled notification's JSON message
//! (see `cld_sign::notification`).

use std::io::Write;

use cld_sign::{Error, PayloadProblem, Timestamp, notification::NotificationVerifier};

use crate::args;
use crate::failure::Failure;

/// Verifies the envelope `message` (the bytes read from stdin) and prints `valid`.
pub fn run(
    verifier: &NotificationVerifier,
    message: &[u8],
    now: Timestamp,
    out: &mut impl Write,
) -> Result<(), Failure> {
    // JSON text is UTF-8: other bytes are no message at all.
    let text = std::str::from_utf8(message).map_err(|_| {
        Failure::from(Error::MalformedPayload {
            problem: PayloadProblem::NotJson,
        })
    })?;
    verifier
        .verify_envelope_json_at(text, now)
        .map_err(Failure::from_verification)?;
    args::print_valid(out)
}
