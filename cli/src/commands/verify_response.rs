//! `cld-sign verify-response`: checks the signature of an upload response (see `cld_sign::response`).

use std::io::Write;

use cld_sign::Signer;
use cld_sign::response::ResponseVerifier;

use crate::common::{self, Failure, SecretArgs};

/// Verifies an upload response's `signature` over its public ID and version.
#[derive(Debug, clap::Args)]
pub struct VerifyResponseArgs {
    /// The response's public_id.
    #[arg(long, value_name = "ID")]
    public_id: String,
    /// The response's version.
    #[arg(long, value_name = "V")]
    version: String,
    /// The response's signature (hex).
    #[arg(long, value_name = "S")]
    signature: String,
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "A")]
    algorithm: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(args: &VerifyResponseArgs, out: &mut impl Write) -> Result<(), Failure> {
    let config = args.secret.config()?;
    let algorithm = common::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    ResponseVerifier::new(Signer::from_config(&config).with_algorithm(algorithm))
        .verify(&args.public_id, args.version.as_str(), &args.signature)
        .map_err(Failure::from_verification)?;
    common::print_valid(out)
}
