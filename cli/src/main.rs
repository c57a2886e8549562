//! `cld-sign`: Cloudinary signatures from the command line.
//!
//! The contract (also printed by `cld-sign --help`, see [`CONTRACT`]):
//!
//! - Exit status 0: signed, valid, or help and version printed (to stdout).
//! - Exit status 1: a verification ran and said no (`mismatch`, `expired`, `from_future`), or
//!   `diagnose` found nothing that differs (`no_difference`).
//! - Exit status 2: bad input or usage.
//! - On 1 or 2 the first line on stderr is `<name>: <sentence>`, where `<name>` is the
//!   the error rule (`cld_sign::ErrorKind`) error name (`cld_sign::ErrorKind::as_str`), `usage` for a command line
//!   that cannot be parsed (an unknown flag, a missing argument; clap's usage follows), or
//!   `io_error` when stdin or stdout fails. Nothing panics on any argument or input.
//! - Options take values that start with `-` (`--timestamp -5`); a positional one goes
//!   after `--`. Parsing lives in [`parse`].
//!
//! Secrets come from the environment only.
#![forbid(unsafe_code)]

mod args;
mod delivery;
mod diagnose;
mod download;
mod env;
mod envelope;
mod failure;
mod media_library;
mod notification;
mod parse;
mod preloaded;
mod response;
mod scheme_urls;
mod search;
mod sign;
mod token;
mod upload;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use failure::Failure;

/// Byte-exact Cloudinary signatures. The API secret comes from CLOUDINARY_URL or
/// CLOUDINARY_API_SECRET (or the variable named by --secret-env), never from a flag.
/// During a key rotation, CLOUDINARY_PREVIOUS_API_SECRETS (previous secrets separated by
/// `,`) makes every verify command also accept signatures made with those; signing always
/// uses the current secret.
#[derive(Debug, Parser)]
#[command(name = "cld-sign", version, after_long_help = CONTRACT)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Sign(sign::SignArgs),
    VerifyNotification(notification::VerifyNotificationArgs),
    VerifyResponse(response::VerifyResponseArgs),
    VerifyPreloaded(preloaded::VerifyPreloadedArgs),
    UrlSignature(delivery::UrlSignatureArgs),
    Url(delivery::UrlArgs),
    VerifyUrl(delivery::VerifyUrlArgs),
    Token(token::TokenArgs),
    UploadParams(upload::UploadParamsArgs),
    SearchUrl(search::SearchUrlArgs),
    DownloadUrl(download::DownloadUrlArgs),
    MediaLibrary(media_library::MediaLibraryArgs),
    Diagnose(diagnose::DiagnoseArgs),
}

/// Exit statuses and first-line names, shown at the end of `--help`.
const CONTRACT: &str = "\
Exit status: 0 signed or valid (and --help, --version); 1 verification failed; 2 bad input or usage.
`diagnose` exits 0 when it found why Cloudinary said Invalid Signature, 1 when nothing differs.
On 1 or 2 the first line on stderr is `<name>: <sentence>`, with <name> one of:
  1: mismatch, expired, from_future, no_difference
  2: empty_secret, unsupported_algorithm, unsupported_signature_version, duplicate_parameter,
     unsupported_value, missing_timestamp, malformed_signature, malformed_timestamp,
     malformed_url, malformed_token_key, missing_expiration, missing_acl_or_url,
     start_after_expiry, malformed_parameter_name, malformed_payload, malformed_preloaded,
     unsupported_auth_scheme, malformed_acl, malformed_token_name, malformed_cursor,
     missing_cloud_name, malformed_setting, malformed_message (the library's ErrorKind
     names); io_error (stdin, stdout or a file failed); usage (an unknown flag, a missing or
     extra argument; clap's usage follows).
Option values may start with `-` (--timestamp -5); a positional one goes after `--`.";

fn main() -> ExitCode {
    let cli = match parse::parse::<Cli, _>(std::env::args_os()) {
        Ok(cli) => cli,
        Err(early) => return answer_early(&early),
    };
    let mut out = io::stdout().lock();
    let result = match &cli.command {
        Command::Sign(args) => sign::run(args, &mut io::stdin().lock(), &mut out),
        Command::VerifyNotification(args) => {
            notification::run(args, &mut io::stdin().lock(), &mut out)
        }
        Command::VerifyResponse(args) => response::run(args, &mut out),
        Command::VerifyPreloaded(args) => preloaded::run(args, &mut out),
        Command::UrlSignature(args) => delivery::url_signature(args, &mut out),
        Command::Url(args) => delivery::url(args, &mut out),
        Command::VerifyUrl(args) => delivery::verify_url(args, &mut out),
        Command::Token(args) => token::run(args, &mut out),
        Command::UploadParams(args) => upload::run(args, &mut io::stdin().lock(), &mut out),
        Command::SearchUrl(args) => search::run(args, &mut io::stdin().lock(), &mut out),
        Command::DownloadUrl(args) => download::run(args, &mut io::stdin().lock(), &mut out),
        Command::MediaLibrary(args) => media_library::run(args, &mut out),
        Command::Diagnose(args) => diagnose::run(args, &mut io::stdin().lock(), &mut out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

/// Prints help, the version or a usage error. A failed write is reported as `io_error`
/// (or, on stderr itself, cannot be reported): never a panic.
fn answer_early(early: &parse::Early) -> ExitCode {
    let mut out = io::stdout().lock();
    if let Err(error) = out
        .write_all(early.stdout.as_bytes())
        .and_then(|()| out.flush())
    {
        return report(&Failure::io("write standard output", &error));
    }
    let _ = io::stderr().lock().write_all(early.stderr.as_bytes());
    ExitCode::from(early.status)
}

/// Prints `<name>: <sentence>` on stderr and gives the failure's exit status. There is
/// nowhere left to report a failure to write stderr, so it is ignored rather than a panic.
fn report(failure: &Failure) -> ExitCode {
    let _ = writeln!(io::stderr().lock(), "{failure}");
    ExitCode::from(failure.status)
}
