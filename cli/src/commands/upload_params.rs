//! `cld-sign upload-params`: SDK-style upload options (JSON on stdin) → the form fields to
//! send and their signature (see `cld_sign::request::upload`).

use std::io::{Read, Write};

use cld_sign::request::upload::UploadOptions;
use cld_sign::{ErrorKind, Signer, Timestamp};
use serde_json::Value;

use crate::common::{self, Failure, SecretArgs};

/// Formats the JSON object of upload options on stdin (context as an object, tags and eager
/// as lists, …) and prints every field to send as `name=value`, sorted by name (a list as
/// one `name[]=item` line per item), then `signature=<hex>` last.
#[derive(Debug, clap::Args)]
pub struct UploadParamsArgs {
    /// The API key, sent as the `api_key` field.
    #[arg(long, value_name = "KEY")]
    api_key: String,
    /// The request's timestamp, in Unix seconds.
    #[arg(long, value_name = "SECONDS")]
    timestamp: String,
    /// sha1 or sha256 [default: the account's, else sha1]
    #[arg(long, value_name = "ALGORITHM")]
    algorithm: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
}

pub fn run(
    args: &UploadParamsArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let config = args.secret.config()?;
    let algorithm = common::algorithm(args.algorithm.as_deref(), config.algorithm())?;
    let timestamp = Timestamp::from_secs(common::secs("timestamp", &args.timestamp)?);
    // Upload options are always signed with signature version 2 (see `cld_sign::request::upload`).
    let signer = Signer::from_config(&config).with_algorithm(algorithm);

    let input = common::read_stdin(stdin)?;
    // `serde_json` keeps member order here (cld-sign enables `preserve_order`).
    let options: Value = serde_json::from_slice(&input).map_err(|e| {
        Failure::bad_input(
            ErrorKind::UnsupportedValue,
            format!("standard input is not a JSON object of upload options ({e})"),
        )
    })?;
    let form = UploadOptions::from_json(&options, timestamp)?.sign(&signer, &args.api_key);
    for (name, value) in form.fields() {
        common::print_line(out, format_args!("{name}={value}"))?;
    }
    common::print_line(out, format_args!("signature={}", form.signature()))
}
