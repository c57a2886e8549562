//! Why a command failed: its exit status and the `<kind>: <sentence>` line for stderr.

use std::fmt;

use cld_sign::{Error, ErrorKind};

/// Exit status of a verification that ran and said no.
pub const REJECTED: u8 = 1;
/// Exit status of bad input or usage (clap uses it for usage errors too).
pub const BAD_INPUT: u8 = 2;
/// The name on the first stderr line of a command line that cannot be parsed or lacks a
/// value (see `crate::parse`).
pub const USAGE: &str = "usage";

/// A failed command: the error kind name (`cld_sign::ErrorKind`), a sentence for a human, and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub status: u8,
    pub kind: &'static str,
    pub message: String,
}

impl Failure {
    /// Bad input of a given kind, with a sentence written by the command line.
    pub fn bad_input(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            status: BAD_INPUT,
            kind: kind.as_str(),
            message: message.into(),
        }
    }

    /// A library error met while checking a signature: a mismatch, an expired or a
    /// future-dated signature is a rejection (status 1); anything else is bad input.
    pub fn from_verification(error: Error) -> Self {
        let rejected = matches!(
            error.kind(),
            ErrorKind::Mismatch | ErrorKind::Expired | ErrorKind::FromFuture
        );
        Self {
            status: if rejected { REJECTED } else { BAD_INPUT },
            ..Self::from(error)
        }
    }

    /// Standard input or output failed; not an input error of the error rule (`cld_sign::ErrorKind`), so it has its own name.
    pub fn io(what: &str, error: &std::io::Error) -> Self {
        Self {
            status: BAD_INPUT,
            kind: "io_error",
            message: format!("cannot {what}: {error}"),
        }
    }
}

/// Errors outside verification are bad input (status 2), with the library's message.
impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self {
            status: BAD_INPUT,
            kind: error.kind().as_str(),
            message: error.to_string(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}
