//! The command line, parsed in one place for every subcommand.
//!
//! - Every option that takes a value accepts a value that starts with `-`
//!   ([`accept_hyphen_values`]), so `--timestamp -5` reaches the library and fails as
//!   `malformed_timestamp` instead of as an unknown flag. Positional arguments keep clap's
//!   default: a leading `-` there would swallow the flags written after them, so a
//!   positional value such as `-x` goes after `--` (clap's usage error says so).
//! - An option whose value is exactly one of its command's own flags (`--timestamp
//!   --signature S`) is a usage error: the flag was meant, and its value forgotten. Write
//!   `--timestamp=--signature` to mean the text.
//! - `--help`, `--version` and `help` print to stdout and exit 0; every other clap error
//!   prints `usage: <sentence>` as its first stderr line, then clap's tips and usage, and
//!   exits 2 ([`Early`]).
//!
//! A new subcommand gets all of this by being a variant of the `Command` enum in
//! `main.rs`: nothing to mark on its arguments.

use std::ffi::{OsStr, OsString};

use clap::error::ErrorKind;
use clap::{ArgMatches, Command, CommandFactory, FromArgMatches};

use crate::common::{BAD_INPUT, USAGE};

/// An answer given without running a command: help, the version, or a usage error.
#[derive(Debug, PartialEq, Eq)]
pub struct Early {
    /// The exit status: 0 for help and the version, 2 for a usage error.
    pub status: u8,
    /// What goes to stdout (help and the version).
    pub stdout: String,
    /// What goes to stderr (a usage error: `usage: <sentence>`, then clap's usage text).
    pub stderr: String,
}

/// Parses `args` (the program name first) into `T`, or the [`Early`] answer to give instead.
pub fn parse<T, I>(args: I) -> Result<T, Early>
where
    T: CommandFactory + FromArgMatches,
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut command = accept_hyphen_values(T::command());
    let mut matches = match command.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(error) => return Err(with_usage(early(&error), &mut command, &args)),
    };
    if let Some(error) = swallowed_flag(&command, &matches, &args) {
        return Err(early(&error));
    }
    T::from_arg_matches_mut(&mut matches).map_err(|error| early(&error.format(&mut command)))
}

/// `command` and its subcommands, with every option that takes a value accepting a value
/// that starts with `-` (a negative number, a signature beginning with `-e`, ...).
pub fn accept_hyphen_values(command: Command) -> Command {
    command
        .mut_args(|arg| {
            if !arg.is_positional() && arg.get_action().takes_values() {
                arg.allow_hyphen_values(true)
            } else {
                arg
            }
        })
        .mut_subcommands(accept_hyphen_values)
}

/// The answer to a clap error: help and the version to stdout with status 0; anything
/// else to stderr as `usage: <sentence>` and clap's tips and usage, with status 2.
pub fn early(error: &clap::Error) -> Early {
    // `StyledStr`'s `Display` writes the text without its styling (no ANSI colour).
    let rendered = error.render().to_string();
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Early {
            status: 0,
            stdout: rendered,
            stderr: String::new(),
        },
        // Clap renders only the help here, without an `error:` sentence.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Early {
            status: BAD_INPUT,
            stdout: String::new(),
            stderr: format!("{USAGE}: a command is required\n\n{rendered}"),
        },
        _ => {
            let (sentence, rest) = sentence_and_rest(&rendered);
            Early {
                status: BAD_INPUT,
                stdout: String::new(),
                stderr: format!("{USAGE}: {sentence}\n\n{rest}"),
            }
        }
    }
}

/// A usage error whose text has no `Usage:` line (clap leaves it out of some, such as a
/// flag without its value) gets the usage of the subcommand named in `args`, or of the
/// whole command when none is.
fn with_usage(mut early: Early, command: &mut Command, args: &[OsString]) -> Early {
    if early.status == 0 || early.stderr.contains("\nUsage: ") {
        return early;
    }
    command.build();
    let named = args.iter().skip(1).find_map(|arg| {
        command
            .find_subcommand(arg)
            .map(|sub| sub.get_name().to_owned())
    });
    let usage = match named.and_then(|name| command.find_subcommand_mut(name)) {
        Some(subcommand) => subcommand.render_usage(),
        None => command.render_usage(),
    };
    let (first, rest) = early.stderr.split_once('\n').unwrap_or((&early.stderr, ""));
    early.stderr = format!("{first}\n\n{usage}\n{rest}");
    early
}

/// Clap's message split into its first paragraph, made one line without the `error: `
/// prefix, and what follows it (tips, usage, the pointer to `--help`).
fn sentence_and_rest(rendered: &str) -> (String, &str) {
    let (head, rest) = rendered.split_once("\n\n").unwrap_or((rendered, ""));
    let head = head.strip_prefix("error: ").unwrap_or(head);
    let mut lines = head.lines().map(str::trim).filter(|line| !line.is_empty());
    let mut sentence = lines
        .next()
        .unwrap_or("the command line is not valid")
        .to_owned();
    // A list (of missing arguments, say) follows its introduction on the same line.
    for (i, line) in lines.enumerate() {
        sentence.push_str(if i == 0 { " " } else { ", " });
        sentence.push_str(line);
    }
    (sentence, rest)
}

/// The first option (of `command` or of the subcommand that ran) whose value is one of
/// that command's own flags, as a usage error; `--name=value` written so is not one.
fn swallowed_flag(
    command: &Command,
    matches: &ArgMatches,
    args: &[OsString],
) -> Option<clap::Error> {
    let flags = flag_spellings(command);
    for arg in command.get_arguments() {
        let (Some(long), false) = (arg.get_long(), arg.is_positional()) else {
            continue;
        };
        let Some(values) = matches.get_raw(arg.get_id().as_str()) else {
            continue;
        };
        for value in values.filter_map(OsStr::to_str) {
            let is_flag = flags.iter().any(|flag| {
                value == flag
                    || (flag.starts_with("--")
                        && value
                            .strip_prefix(flag.as_str())
                            .is_some_and(|rest| rest.starts_with('=')))
            });
            let attached = format!("--{long}={value}");
            if is_flag && !args.iter().any(|a| a.to_str() == Some(attached.as_str())) {
                let flag = value.split_once('=').map_or(value, |(flag, _)| flag);
                return Some(command.clone().error(
                    ErrorKind::InvalidValue,
                    format!(
                        "--{long} needs a value, but the next argument is the flag {flag} \
                         (write --{long}={value} to mean it as the value)"
                    ),
                ));
            }
        }
    }
    let (name, sub_matches) = matches.subcommand()?;
    let subcommand = command.find_subcommand(name)?;
    swallowed_flag(subcommand, sub_matches, args)
}

/// Every way a flag of `command` is written: `--long`, its aliases, `-s`.
fn flag_spellings(command: &Command) -> Vec<String> {
    let mut flags = Vec::new();
    for arg in command.get_arguments() {
        for long in arg
            .get_long()
            .into_iter()
            .chain(arg.get_all_aliases().unwrap_or_default())
        {
            flags.push(format!("--{long}"));
        }
        for short in arg
            .get_short()
            .into_iter()
            .chain(arg.get_all_short_aliases().unwrap_or_default())
        {
            flags.push(format!("-{short}"));
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_after_its_introduction_is_one_sentence() {
        let rendered = "error: the following required arguments were not provided:\n  \
                        --a <A>\n  --b <B>\n\nUsage: x --a <A> --b <B>\n\nFor more information.\n";
        let (sentence, rest) = sentence_and_rest(rendered);
        assert_eq!(
            sentence,
            "the following required arguments were not provided: --a <A>, --b <B>"
        );
        assert_eq!(rest, "Usage: x --a <A> --b <B>\n\nFor more information.\n");
        assert_eq!(
            sentence_and_rest("error: one line"),
            ("one line".to_owned(), "")
        );
    }
}
