//! What every command shares: the exit-code contract's failures ([`Failure`]), the secret
//! and keys read from the environment, the flags several commands take, and reading stdin
//! or a file and printing the answer.
//!
//! The commands (`crate::commands`) and the argument parser (`crate::parse`) import this
//! module; it imports neither of them.

mod env;
mod failure;
mod flags;
mod streams;

pub use env::token_key;
pub use failure::{BAD_INPUT, Failure, REJECTED, USAGE};
pub use flags::{SecretArgs, algorithm, cloud_name, flag_or_config, now, secs};
pub use streams::{print_line, print_valid, read_file, read_json, read_stdin};
