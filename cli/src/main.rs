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
//!
//! This file parses the command line (the clap derive below, through [`parse`]), hands
//! each subcommand to its file in [`commands`], and turns a [`Failure`] into the exit
//! status and first stderr line above. What the commands share (the environment, common
//! flags, reading input, printing) is in [`common`].
#![forbid(unsafe_code)]

mod commands;
mod common;
mod parse;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
    delivery, diagnose, download_url, media_library, search_url, sign, token, upload_params,
    verify_notification, verify_preloaded, verify_response,
};
use common::Failure;

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
    VerifyNotification(verify_notification::VerifyNotificationArgs),
    VerifyResponse(verify_response::VerifyResponseArgs),
    VerifyPreloaded(verify_preloaded::VerifyPreloadedArgs),
    UrlSignature(delivery::UrlSignatureArgs),
    Url(delivery::UrlArgs),
    VerifyUrl(delivery::VerifyUrlArgs),
    Token(token::TokenArgs),
    UploadParams(upload_params::UploadParamsArgs),
    SearchUrl(search_url::SearchUrlArgs),
    DownloadUrl(download_url::DownloadUrlArgs),
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
            verify_notification::run(args, &mut io::stdin().lock(), &mut out)
        }
        Command::VerifyResponse(args) => verify_response::run(args, &mut out),
        Command::VerifyPreloaded(args) => verify_preloaded::run(args, &mut out),
        Command::UrlSignature(args) => delivery::url_signature(args, &mut out),
        Command::Url(args) => delivery::url(args, &mut out),
        Command::VerifyUrl(args) => delivery::verify_url(args, &mut out),
        Command::Token(args) => token::run(args, &mut out),
        Command::UploadParams(args) => upload_params::run(args, &mut io::stdin().lock(), &mut out),
        Command::SearchUrl(args) => search_url::run(args, &mut io::stdin().lock(), &mut out),
        Command::DownloadUrl(args) => download_url::run(args, &mut io::stdin().lock(), &mut out),
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::common::BAD_INPUT;
    use crate::parse::{Early, accept_hyphen_values, parse};

    fn refused(args: &[&str]) -> Early {
        let argv = std::iter::once("cld-sign").chain(args.iter().copied());
        parse::<Cli, _>(argv).expect_err("a command line that does not run")
    }

    #[test]
    fn usage_errors_have_one_first_line_then_the_usage() {
        for (args, first) in [
            (
                &["sign", "--bogus"][..],
                "usage: unexpected argument '--bogus' found",
            ),
            (
                &["sign", "--algorithm", "--explain"],
                "usage: --algorithm needs a value, but the next argument is the flag \
                 --explain (write --algorithm=--explain to mean it as the value)",
            ),
            (
                &["sign", "--algorithm"],
                "usage: a value is required for '--algorithm <ALGORITHM>' but none was supplied",
            ),
        ] {
            let early = refused(args);
            assert_eq!(early.status, BAD_INPUT, "{args:?}");
            assert_eq!(early.stdout, "", "{args:?}");
            let (line, rest) = early.stderr.split_once('\n').expect("two lines");
            assert_eq!(line, first, "{args:?}");
            assert!(
                rest.starts_with("\nUsage: cld-sign sign [OPTIONS]\n"),
                "{args:?}: {rest:?}"
            );
        }
    }

    #[test]
    fn help_and_version_go_to_stdout_with_status_0() {
        for args in [&["--help"][..], &["-V"], &["help", "token"]] {
            let early = refused(args);
            assert_eq!(early.status, 0, "{args:?}");
            assert_eq!(early.stderr, "", "{args:?}");
            assert!(!early.stdout.is_empty(), "{args:?}");
        }
    }

    #[test]
    fn no_command_is_a_usage_error_with_the_help() {
        let early = refused(&[]);
        assert_eq!(early.status, BAD_INPUT);
        assert!(early.stderr.starts_with("usage: a command is required\n\n"));
        assert!(early.stderr.contains("verify-notification"));
    }

    #[test]
    fn only_options_accept_hyphen_values() {
        let command = accept_hyphen_values(Cli::command());
        let url_signature = command.find_subcommand("url-signature").unwrap();
        for arg in url_signature.get_arguments() {
            let expected =
                arg.get_long() == Some("algorithm") || arg.get_long() == Some("secret-env");
            assert_eq!(arg.is_allow_hyphen_values_set(), expected, "{arg}");
        }
        assert!(parse::<Cli, _>(["cld-sign", "sign", "--algorithm", "-1"]).is_ok());
        assert!(parse::<Cli, _>(["cld-sign", "sign", "--algorithm=--explain"]).is_ok());
    }
}
