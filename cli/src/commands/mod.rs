//! The subcommands, one file each (the three delivery-URL commands share
//! [`delivery`]): each file holds its clap arguments (whose doc comments are its `--help`)
//! and a `run` function that reads its input, writes its answer to `out` and returns a
//! [`Failure`](crate::common::Failure) for `main.rs` to report.
//!
//! Every file imports `crate::common` and nothing else of the crate.

pub mod delivery;
pub mod diagnose;
pub mod download_url;
pub mod media_library;
pub mod search_url;
pub mod sign;
pub mod token;
pub mod upload_params;
pub mod verify_notification;
pub mod verify_preloaded;
pub mod verify_response;
