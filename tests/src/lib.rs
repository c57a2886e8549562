//! Shared helpers of the integration tests: the spec's test vectors and their runner
//! ([`vectors`]), the fuzz targets and their seeds.
//!
//! The vectors are read from `tests/data/` (copies of `../shared/spec/vectors/`, checked
//! against the originals by `tests/suite/vector_copies.rs`).

// The README's Rust blocks compile and run as doctests of this crate.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod fuzz_seeds;
pub mod fuzz_targets;
pub mod vectors;

use std::path::PathBuf;

/// The folder of the vector copies.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The folder of the shared originals, if this checkout has `shared/` beside it.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/vectors");
    dir.is_dir().then_some(dir)
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
