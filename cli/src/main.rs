//! `cld-sign`: Cloudinary signatures from the command line.
//!
//! Exit status: 0 signed or valid, 1 verification failed, 2 bad input or usage. On 1 or 2
//! the first line on stderr is `<error_kind>: <sentence>`, with the SPEC §7 kind name.
//! Secrets come from the environment only.
#![forbid(unsafe_code)]

mod args;
mod delivery;
mod download;
mod env;
mod failure;
mod media_library;
mod notification;
mod response;
mod scheme_urls;
mod search;
mod sign;
mod token;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use failure::Failure;

/// Byte-exact Cloudinary signatures. The API secret comes from CLOUDINARY_URL or
/// CLOUDINARY_API_SECRET (or the variable named by --secret-env), never from a flag.
#[derive(Debug, Parser)]
#[command(name = "cld-sign", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Sign(sign::SignArgs),
    VerifyNotification(notification::VerifyNotificationArgs),
    VerifyResponse(response::VerifyResponseArgs),
    UrlSignature(delivery::UrlSignatureArgs),
    Url(delivery::UrlArgs),
    VerifyUrl(delivery::VerifyUrlArgs),
    Token(token::TokenArgs),
    SearchUrl(search::SearchUrlArgs),
    DownloadUrl(download::DownloadUrlArgs),
    MediaLibrary(media_library::MediaLibraryArgs),
}

fn main() -> ExitCode {
    // Usage errors exit with status 2 inside `parse`.
    let cli = Cli::parse();
    let mut out = io::stdout().lock();
    let result = match &cli.command {
        Command::Sign(args) => sign::run(args, &mut io::stdin().lock(), &mut out),
        Command::VerifyNotification(args) => {
            notification::run(args, &mut io::stdin().lock(), &mut out)
        }
        Command::VerifyResponse(args) => response::run(args, &mut out),
        Command::UrlSignature(args) => delivery::url_signature(args, &mut out),
        Command::Url(args) => delivery::url(args, &mut out),
        Command::VerifyUrl(args) => delivery::verify_url(args, &mut out),
        Command::Token(args) => token::run(args, &mut out),
        Command::SearchUrl(args) => search::run(args, &mut io::stdin().lock(), &mut out),
        Command::DownloadUrl(args) => download::run(args, &mut io::stdin().lock(), &mut out),
        Command::MediaLibrary(args) => media_library::run(args, &mut out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

fn report(failure: &Failure) -> ExitCode {
    eprintln!("{failure}");
    ExitCode::from(failure.status)
}
