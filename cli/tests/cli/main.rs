//! The `cld-sign` binary's integration tests, in one test binary: each module runs the
//! real binary (`common::cld_sign`) with a clean environment, so they share a process
//! safely.

mod common;
mod delivery;
mod diagnose;
mod garbage;
mod key_rotation;
mod scheme_urls;
mod schemes_verify;
mod sign;
mod token;
mod upload_params;
mod url_settings;
mod usage;
mod verify;
