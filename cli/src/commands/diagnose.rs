//! `cld-sign diagnose`: why Cloudinary answered `Invalid Signature`, from its 401 body on
//! stdin and the parameters that were signed.

use std::io::{Read, Write};
use std::path::PathBuf;

use cld_sign::diagnose::invalid_signature;
use cld_sign::{ErrorKind, Params, request::ReceivedParams};

use crate::common::{self, Failure, REJECTED, SecretArgs};

/// Explains Cloudinary's `Invalid Signature … String to sign - '…'` answer (the 401 body
/// or its message, on stdin): prints the verdict (wrong_secret, parameters_differ,
/// algorithm_differs, signature_version_differs, no_difference) on the first line, then
/// the details. Exit 0 when a cause was found, 1 when nothing differs.
#[derive(Debug, clap::Args)]
pub struct DiagnoseArgs {
    /// A JSON object of the parameters that were signed (as `sign` reads them).
    #[arg(long, value_name = "FILE")]
    params: PathBuf,
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "ALGORITHM")]
    algorithm: Option<String>,
    /// 1 or 2 [default: the account's, else 2]
    #[arg(long, value_name = "VERSION")]
    signature_version: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(
    args: &DiagnoseArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let signer = args
        .secret
        .signer(args.algorithm.as_deref(), args.signature_version.as_deref())?;

    let file = common::read_file("params", &args.params)?;
    let received: ReceivedParams = serde_json::from_slice(&file).map_err(|e| {
        Failure::bad_input(
            ErrorKind::UnsupportedValue,
            format!("--params is not a JSON object of parameters ({e})"),
        )
    })?;
    let params = Params::try_from(received)?;

    let body = common::read_stdin(stdin)?;
    let body = String::from_utf8_lossy(&body);
    let diagnosis = invalid_signature(&body, &params, &signer)?;
    common::print_line(out, &diagnosis)?;
    if diagnosis.verdict().found_cause() {
        Ok(())
    } else {
        Err(Failure {
            status: REJECTED,
            kind: diagnosis.verdict().as_str(),
            message: "the signature sent is this secret's over the text Cloudinary received; \
                      check that the api_key sent belongs to this secret's account and the \
                      account's signature algorithm"
                .to_owned(),
        })
    }
}
