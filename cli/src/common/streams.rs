//! Reading the input (standard input, a file named by a flag) and printing the answer, with
//! a failure of either reported as `io_error` and bad JSON as `unsupported_value`.

use std::io::{Read, Write};
use std::path::Path;

use cld_sign::ErrorKind;
use serde_json::Value;

use super::failure::Failure;

/// Every byte of standard input.
pub fn read_stdin(stdin: &mut impl Read) -> Result<Vec<u8>, Failure> {
    let mut input = Vec::new();
    stdin
        .read_to_end(&mut input)
        .map_err(|e| Failure::io("read standard input", &e))?;
    Ok(input)
}

/// Every byte of the file at `path`, given to `--<flag>`.
pub fn read_file(flag: &str, path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::io(&format!("read --{flag} {}", path.display()), &e))
}

/// The JSON value on standard input (`what` names it in the error: "query", "options").
pub fn read_json(stdin: &mut impl Read, what: &str) -> Result<Value, Failure> {
    let input = read_stdin(stdin)?;
    serde_json::from_slice(&input).map_err(|e| {
        Failure::bad_input(
            ErrorKind::UnsupportedValue,
            format!("standard input is not a JSON object of {what} ({e})"),
        )
    })
}

/// Prints one line of output.
pub fn print_line(out: &mut impl Write, line: impl std::fmt::Display) -> Result<(), Failure> {
    writeln!(out, "{line}").map_err(|e| Failure::io("write standard output", &e))
}

/// Prints the answer of a verification that passed: `valid`.
pub fn print_valid(out: &mut impl Write) -> Result<(), Failure> {
    print_line(out, "valid")
}
