//! `cld-sign sign`: the signature of request parameters read as JSON on stdin.

use std::io::{Read, Write};

use cld_sign::{ErrorKind, Params, request::ReceivedParams};

use crate::common::{self, Failure, SecretArgs};

/// Signs the JSON object of parameters on stdin and prints the hex signature.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "ALGORITHM")]
    algorithm: Option<String>,
    /// 1 or 2 [default: the account's, else 2]
    #[arg(long, value_name = "VERSION")]
    signature_version: Option<String>,
    /// Print the exact string to sign first (the signature stays the last line).
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(args: &SignArgs, stdin: &mut impl Read, out: &mut impl Write) -> Result<(), Failure> {
    let signer = args
        .secret
        .signer(args.algorithm.as_deref(), args.signature_version.as_deref())?;

    let input = common::read_stdin(stdin)?;
    let received: ReceivedParams = serde_json::from_slice(&input).map_err(|e| {
        Failure::bad_input(
            ErrorKind::UnsupportedValue,
            format!("standard input is not a JSON object of parameters ({e})"),
        )
    })?;
    let params = Params::try_from(received)?;

    if args.explain {
        writeln!(out, "{}", signer.string_to_sign(&params))
            .map_err(|e| Failure::io("write standard output", &e))?;
    }
    common::print_line(out, signer.sign(&params))
}
