//! Runs the real `cld-sign` binary with a clean environment.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use cld_sign_tests::vectors::CliError;

/// Every variable the binary reads by default; removed so the caller's shell cannot leak in.
const ENV: [&str; 16] = [
    "CLOUDINARY_PREVIOUS_API_SECRETS",
    "CLOUDINARY_URL",
    "CLOUDINARY_API_SECRET",
    "CLOUDINARY_API_KEY",
    "CLOUDINARY_CLOUD_NAME",
    "CLOUDINARY_AUTH_TOKEN_KEY",
    // The URL settings, read with the separate variables.
    "CLOUDINARY_UPLOAD_PREFIX",
    "CLOUDINARY_SECURE",
    "CLOUDINARY_SECURE_DISTRIBUTION",
    "CLOUDINARY_PRIVATE_CDN",
    "CLOUDINARY_CNAME",
    "CLOUDINARY_CDN_SUBDOMAIN",
    "CLOUDINARY_SECURE_CDN_SUBDOMAIN",
    "CLOUDINARY_USE_ROOT_PATH",
    "CLOUDINARY_SHORTEN",
    "CLOUDINARY_LONG_URL_SIGNATURE",
];

/// What one run gave.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The first line of stderr.
    pub fn first_error_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// The kind name before the `:` of the first stderr line.
    pub fn error_kind(&self) -> &str {
        self.first_error_line()
            .split_once(": ")
            .map_or("", |(kind, _)| kind)
    }
}

impl Run {
    /// The run as the vector runner compares it: stdout, when it succeeded (status 0,
    /// nothing on stderr); or the error of its first stderr line, once the failure's shape is
    /// asserted ([`assert_failure`]: status `status_of(kind)`, a sentence, no stdout).
    pub fn outcome(&self, status_of: impl Fn(&str) -> i32) -> Result<String, CliError> {
        if self.status == 0 {
            assert!(self.stderr.is_empty(), "stderr on success: {self:?}");
            return Ok(self.stdout.clone());
        }
        let kind = self.error_kind();
        assert_failure(self, status_of(kind), kind, "failed run");
        Err(CliError {
            kind: kind.to_owned(),
            sentence: self.first_error_line()[kind.len() + 2..].to_owned(),
        })
    }
}

/// The exit status of a command that fails only on bad input: 2, whatever the kind.
pub fn bad_input(_kind: &str) -> i32 {
    2
}

/// The exit status of a verification that fails with `kind`: 1 when what was received
/// does not verify (mismatch, expired, from the future), 2 when it is bad input.
pub fn status_of(kind: &str) -> i32 {
    match kind {
        "mismatch" | "expired" | "from_future" => 1,
        _ => 2,
    }
}

/// Output of one line: the line, without its newline. Panics on anything else.
#[track_caller]
pub fn one_line(stdout: String) -> String {
    match stdout.strip_suffix('\n') {
        Some(line) if !line.contains('\n') => line.to_owned(),
        _ => panic!("one line expected: {stdout:?}"),
    }
}

/// Asserts the output of a verification that passed: `valid` and a newline.
#[track_caller]
pub fn valid(stdout: String) {
    assert_eq!(stdout, "valid\n");
}

/// Runs `cld-sign args...` with only `env` set among the Cloudinary variables, and
/// `stdin` on its standard input.
pub fn cld_sign(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cld-sign"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in ENV {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let mut child = command.spawn().expect("the binary starts");
    let mut input = child.stdin.take().expect("piped stdin");
    // A command that fails before reading may close stdin early: ignore that write error.
    let _ = input.write_all(stdin);
    drop(input);
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("the binary runs");
    Run {
        status: status.code().expect("exited, not killed"),
        stdout: String::from_utf8(stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(stderr).expect("UTF-8 stderr"),
    }
}

/// Asserts a failed run: its status, and a first stderr line `<kind>: <sentence>`.
#[track_caller]
pub fn assert_failure(run: &Run, status: i32, kind: &str, context: &str) {
    assert_eq!(run.status, status, "{context}: {run:?}");
    assert_eq!(run.error_kind(), kind, "{context}: {run:?}");
    let sentence = &run.first_error_line()[kind.len() + 2..];
    assert!(sentence.len() > 10, "{context}: no sentence in {run:?}");
    assert!(
        run.stdout.is_empty(),
        "{context}: stdout on failure: {run:?}"
    );
}

/// Every name the first stderr line of a failure may start with: each
/// `cld_sign::ErrorKind::as_str()` name, the error names (`cld_sign::ErrorKind`) other crates of the workspace
/// may bring to the command line, and the command line's own `usage` and `io_error`.
pub fn error_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = cld_sign::ErrorKind::ALL
        .iter()
        .map(|kind| kind.as_str())
        .collect();
    names.extend(["usage", "io_error"]);
    names
}

/// Asserts a usage error: status 2, nothing on stdout, `usage: <sentence>` first on
/// stderr, then clap's usage of the command.
#[track_caller]
pub fn assert_usage(run: &Run, context: &str) {
    assert_failure(run, 2, "usage", context);
    assert!(
        run.stderr.contains("\nUsage: cld-sign"),
        "{context}: no usage text after the first line: {run:?}"
    );
    assert!(
        !run.first_error_line().contains("error:"),
        "{context}: clap's own prefix left in: {run:?}"
    );
}
