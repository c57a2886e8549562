//! `cld-sign verify-notification`: checks a webhook notification, or with `--envelope` a
//! polled notification's JSON message (see `cld_sign::notification`).

use std::io::{Read, Write};
use std::time::Duration;

use cld_sign::{
    Error, ErrorKind, PayloadProblem, Signer, Timestamp,
    notification::{NotificationHeaders, NotificationVerifier},
};

use crate::common::{self, Failure, SecretArgs};

/// Verifies a notification: the raw body on stdin, the headers' texts as flags; or, with
/// --envelope, a polled notification's JSON message on stdin.
#[derive(Debug, clap::Args)]
pub struct VerifyNotificationArgs {
    /// The X-Cld-Timestamp header.
    #[arg(long, value_name = "T", required_unless_present = "envelope")]
    timestamp: Option<String>,
    /// The X-Cld-Signature header.
    #[arg(long, value_name = "S", required_unless_present = "envelope")]
    signature: Option<String>,
    /// Stdin is a polled notification envelope (see `cld_sign::notification`): a JSON object with
    /// signed_payload (base64url), signature and timestamp.
    #[arg(long, conflicts_with_all = ["timestamp", "signature"])]
    envelope: bool,
    /// The longest age accepted, in seconds [default: 7200].
    #[arg(long, value_name = "SECS")]
    valid_for: Option<String>,
    /// The current Unix time [default: the system clock].
    #[arg(long, value_name = "UNIX")]
    now: Option<String>,
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "A")]
    algorithm: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(
    args: &VerifyNotificationArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let config = args.secret.config()?;
    let algorithm = common::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    let mut verifier =
        NotificationVerifier::new(Signer::from_config(&config).with_algorithm(algorithm));
    if let Some(valid_for) = &args.valid_for {
        verifier =
            verifier.with_valid_for(Duration::from_secs(common::secs("valid-for", valid_for)?));
    }
    let now = common::now(args.now.as_deref())?;
    let body = common::read_stdin(stdin)?;
    if args.envelope {
        return verify_envelope(&verifier, &body, now, out);
    }
    // clap requires both flags without --envelope.
    let (Some(timestamp), Some(signature)) = (&args.timestamp, &args.signature) else {
        return Err(Failure::bad_input(
            ErrorKind::MalformedTimestamp,
            "give --timestamp and --signature, or --envelope",
        ));
    };
    verifier
        .verify_at(
            &body,
            NotificationHeaders {
                timestamp,
                signature,
            },
            now,
        )
        .map_err(Failure::from_verification)?;
    common::print_valid(out)
}

/// `--envelope`: verifies the envelope `message` (the bytes read from stdin) and prints
/// `valid`.
fn verify_envelope(
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
    common::print_valid(out)
}
