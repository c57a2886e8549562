//! Shared helpers of the integration tests: the spec's test vectors.
//!
//! The vectors are read from `tests/data/` (copies of `../shared/spec/vectors/`, checked
//! against the originals by `tests/vector_copies.rs`).

// The README's Rust blocks compile and run as doctests of this crate.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod fuzz_seeds;
pub mod fuzz_targets;

use std::path::PathBuf;

use serde_json::Value;

/// One case of a vector file: `{id, kind, input, expected}`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Case {
    /// The case's id, e.g. `auth-0001`.
    pub id: String,
    /// The scheme, e.g. `auth`.
    pub kind: String,
    /// The inputs, as JSON.
    pub input: Value,
    /// The expected outputs, as JSON.
    pub expected: Value,
}

/// The folder of the vector copies.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The folder of the shared originals, if this checkout has `shared/` beside it.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/vectors");
    dir.is_dir().then_some(dir)
}

/// Every case of `tests/data/<file>` (e.g. `"auth.json"`). Panics if it is missing or empty.
pub fn load(file: &str) -> Vec<Case> {
    let path = data_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases: Vec<Case> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a vector file: {e}", path.display()));
    assert!(!cases.is_empty(), "{} has no cases", path.display());
    cases
}

/// A string field of a case's input or expected object (`None` if null or absent).
pub fn str_field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name).and_then(Value::as_str)
}

/// A delivery URL vector's `version`: given as text, as a number, or null (no version).
pub fn version_of(value: &Value) -> Option<u64> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.parse().expect("version digits")),
        other => Some(other.as_u64().expect("version number")),
    }
}

/// The preloaded-file text of these parts signed by `signer`, with `format` when given:
/// [`PreloadedFile::builder`](cld_sign::response::PreloadedFile::builder) for tests that
/// draw the parts, the format included or not.
pub fn sign_preloaded(
    signer: &cld_sign::Signer,
    resource_type: &str,
    delivery_type: &str,
    version: &str,
    public_id: &str,
    format: Option<&str>,
) -> Result<cld_sign::response::SignedPreloadedFile, cld_sign::Error> {
    let builder = cld_sign::response::PreloadedFile::builder(public_id, version)
        .with_resource_type(resource_type)
        .with_delivery_type(delivery_type);
    match format {
        Some(format) => builder.with_format(format),
        None => builder,
    }
    .sign(signer)
}
