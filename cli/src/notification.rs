//! `cld-sign verify-notification`: checks a webhook notification (SPEC §2).

use std::io::{Read, Write};
use std::time::Duration;

use cld_sign::{NotificationHeaders, NotificationVerifier, Signer};

use crate::args::{self, SecretArgs};
use crate::failure::Failure;

/// Verifies a notification: the raw body on stdin, the headers' texts as flags.
#[derive(Debug, clap::Args)]
pub struct VerifyNotificationArgs {
    /// The X-Cld-Timestamp header.
    #[arg(long, value_name = "T")]
    timestamp: String,
    /// The X-Cld-Signature header.
    #[arg(long, value_name = "S")]
    signature: String,
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
    let algorithm = args::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    let mut verifier =
        NotificationVerifier::new(Signer::from_config(&config).with_algorithm(algorithm));
    if let Some(valid_for) = &args.valid_for {
        verifier =
            verifier.with_valid_for(Duration::from_secs(args::secs("valid-for", valid_for)?));
    }
    let now = args::now(args.now.as_deref())?;
    let mut body = Vec::new();
    stdin
        .read_to_end(&mut body)
        .map_err(|e| Failure::io("read standard input", &e))?;
    verifier
        .verify_at(
            &body,
            NotificationHeaders {
                timestamp: &args.timestamp,
                signature: &args.signature,
            },
            now,
        )
        .map_err(Failure::from_verification)?;
    args::print_valid(out)
}
