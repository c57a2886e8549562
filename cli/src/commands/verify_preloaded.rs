//! `cld-sign verify-preloaded`: checks preloaded-file text (see `cld_sign::response`).

use std::io::Write;

use cld_sign::Signer;
use cld_sign::response::ResponseVerifier;

use crate::common::{self, Failure, SecretArgs};

/// Verifies `<resource_type>/<type>/v<version>/<filename>#<signature>`.
#[derive(Debug, clap::Args)]
pub struct VerifyPreloadedArgs {
    /// The preloaded-file text, as the upload widget or signed_preloaded_image gives it.
    #[arg(value_name = "TEXT")]
    text: String,
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "A")]
    algorithm: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(args: &VerifyPreloadedArgs, out: &mut impl Write) -> Result<(), Failure> {
    let config = args.secret.config()?;
    let algorithm = common::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    ResponseVerifier::new(Signer::from_config(&config).with_algorithm(algorithm))
        .verify_preloaded(&args.text)
        .map_err(Failure::from_verification)?;
    common::print_valid(out)
}
