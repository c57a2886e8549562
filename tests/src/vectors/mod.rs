//! The runner of the vector files: every case of `tests/data/<file>` read into the scheme's
//! own input and expected types, run, and compared with what it expects.
//!
//! Each scheme's input and expected types are in its module here ([`auth`], [`token`], …):
//! `#[derive(Deserialize)]`, `#[serde(deny_unknown_fields)]`, so a field nobody reads fails
//! the load, with [`Expected`] saying what the expected type means. A test runs the file
//! with [`run`] in one call:
//!
//! ```text
//! let tally = run("token.json", 9, |case: &Case<token::Input, token::Expected>| sign(&case.input));
//! ```
//!
//! The command line's tests run the binary instead, and report its failure as a
//! [`CliError`] (the error name that starts its first stderr line); [`run_with`] also takes
//! what a case expects of that run, when the binary prints less than the library returns.

pub mod auth;
pub mod delivery_url;
pub mod download_url;
pub mod media_library;
pub mod notification;
pub mod notification_envelope;
pub mod preloaded_file;
pub mod response;
pub mod search_url;
pub mod token;
pub mod upload_params;
pub mod url_forms;
pub mod url_signature;

use std::collections::BTreeMap;
use std::fmt::{Debug, Display};
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::data_dir;

/// One case of a vector file: `{id, kind, input, expected}` (and a `note` some files give),
/// the input and the expected outcome read into the scheme's types.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case<I, E> {
    /// The case's id, e.g. `auth-0001`.
    pub id: String,
    /// The scheme, e.g. `auth`: the file's name without `.json`.
    pub kind: String,
    /// A remark on the case, for the reader.
    #[serde(default)]
    pub note: Option<String>,
    /// The inputs.
    pub input: I,
    /// What the case expects.
    pub expected: E,
}

/// What a case expects of its run: an output, or the kind of the error it fails with.
pub trait Expected {
    /// What a run that succeeds gives, compared with the expected one.
    type Output: PartialEq + Debug;

    /// The expected output, or the expected error kind as [`cld_sign::ErrorKind::as_str`]
    /// spells it.
    fn outcome(&self) -> Result<Self::Output, &str>;
}

/// Every case of `tests/data/<file>` (e.g. `"auth.json"`), read into `Case<I, E>`.
///
/// Panics if the file is missing, empty or not a list of cases, or naming the file and the
/// case's id if a case does not read into the types.
pub fn load<I: DeserializeOwned, E: DeserializeOwned>(file: &str) -> Vec<Case<I, E>> {
    let path = data_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases: Vec<Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a list of cases: {e}", path.display()));
    assert!(!cases.is_empty(), "{} has no cases", path.display());
    cases
        .into_iter()
        .enumerate()
        .map(|(i, case)| {
            let id = case
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{i}"), str::to_owned);
            let shown = case.to_string();
            serde_json::from_value(case).unwrap_or_else(|e| {
                panic!(
                    "{file}: case {id} does not read as {}: {e}\n{shown}",
                    std::any::type_name::<Case<I, E>>()
                )
            })
        })
        .collect()
}

/// A case read as plain JSON, for code that takes its fields as they are (the fuzz seeds).
pub type RawCase = Case<Value, Value>;

/// Every case of `tests/data/<file>` as plain JSON: [`load`] into [`RawCase`].
pub fn load_raw(file: &str) -> Vec<RawCase> {
    load(file)
}

/// A string field of a raw case's input or expected object (`None` if null or absent).
pub fn str_field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name).and_then(Value::as_str)
}

/// How the cases of a [`run`] came out: how many succeeded, and how many failed with
/// each error kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Cases whose run gave the expected output.
    pub ok: usize,
    /// Cases whose run failed with the expected error, by kind.
    pub errors: BTreeMap<String, usize>,
}

impl Tally {
    /// Cases whose run failed with the expected error, of any kind.
    pub fn err(&self) -> usize {
        self.errors.values().sum()
    }

    /// The error kinds met and how often, in the kinds' order.
    pub fn by_kind(&self) -> Vec<(&str, usize)> {
        self.errors.iter().map(|(k, n)| (k.as_str(), *n)).collect()
    }
}

/// An error as the runner compares it: by the name of its kind.
pub trait ErrorKindOf: Display {
    /// The kind's name, as [`cld_sign::ErrorKind::as_str`] spells it.
    fn kind_name(&self) -> &str;
}

impl ErrorKindOf for cld_sign::Error {
    fn kind_name(&self) -> &str {
        self.kind().as_str()
    }
}

/// A failed run of the command line: the error name its first stderr line starts with, and
/// the sentence after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// The error name, e.g. `mismatch`.
    pub kind: String,
    /// The rest of the line, after `<kind>: `.
    pub sentence: String,
}

impl Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.sentence)
    }
}

impl ErrorKindOf for CliError {
    fn kind_name(&self) -> &str {
        &self.kind
    }
}

/// Runs every case of `tests/data/<file>`: `run` on the case, its `Ok` output compared with
/// the expected one, or its error's kind with the expected kind. A failure names the file
/// and the case's id, a panic inside `run` too.
///
/// Asserts that the file holds `count` cases (a vector file that changed size is noticed),
/// that each case's `kind` is the file's name, and that every case ran.
pub fn run<I, E>(
    file: &str,
    count: usize,
    run: impl FnMut(&Case<I, E>) -> Result<E::Output, cld_sign::Error>,
) -> Tally
where
    I: DeserializeOwned,
    E: DeserializeOwned + Expected,
{
    run_with(file, count, E::outcome, run)
}

/// [`run`], with what each case expects given by `expected` (e.g. the part of
/// [`Expected::outcome`] that a command prints), and any error that names its kind
/// ([`ErrorKindOf`]), e.g. a [`CliError`].
pub fn run_with<I, E, O, X>(
    file: &str,
    count: usize,
    expected: impl Fn(&E) -> Result<O, &str>,
    mut run: impl FnMut(&Case<I, E>) -> Result<O, X>,
) -> Tally
where
    I: DeserializeOwned,
    E: DeserializeOwned,
    O: PartialEq + Debug,
    X: ErrorKindOf,
{
    let cases = load::<I, E>(file);
    assert_eq!(cases.len(), count, "{file} changed size");
    let kind = file.strip_suffix(".json").unwrap_or(file);
    let mut tally = Tally::default();
    let mut ran = 0;
    for case in &cases {
        let id = &case.id;
        assert_eq!(case.kind, kind, "{file}: case {id}: kind");
        let got = catch_unwind(AssertUnwindSafe(|| run(case)))
            .unwrap_or_else(|panic| panic!("{file}: case {id}: {}", message(&*panic)));
        match (got, expected(&case.expected)) {
            (Ok(got), Ok(expected)) => {
                assert_eq!(got, expected, "{file}: case {id}");
                tally.ok += 1;
            }
            (Err(err), Err(expected)) => {
                assert_eq!(err.kind_name(), expected, "{file}: case {id}: {err}");
                *tally.errors.entry(expected.to_owned()).or_default() += 1;
            }
            (Ok(got), Err(expected)) => {
                panic!("{file}: case {id}: expected error {expected}, got {got:?}")
            }
            (Err(err), Ok(expected)) => {
                panic!("{file}: case {id}: expected {expected:?}, got error {err}")
            }
        }
        ran += 1;
    }
    assert_eq!(ran, count, "{file}: cases run");
    tally
}

/// The message of a caught panic.
fn message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(a panic without a message)")
}

/// A delivery URL's `version`: given as a number or as text (of digits).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Version {
    /// A number, e.g. `1315060510`.
    Number(u64),
    /// Text, e.g. `"1315060510"`.
    Text(String),
}

impl Version {
    /// The version's number. Panics if text is not digits.
    pub fn number(&self) -> u64 {
        match self {
            Self::Number(n) => *n,
            Self::Text(text) => text.parse().expect("version digits"),
        }
    }
}
