//! The integration tests of cld-sign, as one test binary: each file of this folder is a
//! module (its own `//!` docs say what it checks), so the package links once instead of
//! once per file. `cargo test -p cld-sign-tests --test suite <module>::` runs one file's
//! tests.
//!
//! proptest replays the failures it saved in `../proptest-regressions/<module>.txt` (its
//! default place for the modules of a crate rooted at `main.rs`).
//!
//! `../derive_alloc.rs` stays a binary of its own: its counting `#[global_allocator]` would
//! be the allocator of every test of this binary.

mod auth_vectors;
mod custom_sink;
mod delivery_url_properties;
mod delivery_url_vectors;
mod derive_equivalence;
mod derive_form;
mod derive_vectors;
mod diagnose;
mod download_url_properties;
mod download_url_rules;
mod download_url_vectors;
mod dynamic_path;
mod envelope_preloaded_properties;
mod fuzz_corpus_replay;
mod key_rotation;
mod media_library_vectors;
mod notification_envelope_vectors;
mod notification_http;
mod notification_properties;
mod notification_vectors;
mod policy_http;
mod preloaded_file_vectors;
mod properties;
mod request_verify;
mod request_verify_properties;
mod response_properties;
mod response_vectors;
mod search_url_properties;
mod search_url_rules;
mod search_url_vectors;
mod serde_outputs;
mod signing_policy;
mod system_clock;
mod token_properties;
mod token_vectors;
mod upload_client;
mod upload_params_vectors;
mod upload_properties;
mod url_forms_properties;
mod url_forms_vectors;
mod url_settings;
mod url_signature_vectors;
mod vector_copies;
