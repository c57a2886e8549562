//! Examples live in `examples/`. The servers are library modules, so the example binaries
//! and their integration tests (`tests/`) run the same code:
//!
//! - [`upload_signing_server`]: the signed-upload app (signing routes, pages, webhook);
//! - [`serve`]: serving it with timeouts and limits (the `cld-sign-stand-in` crate's
//!   server);
//! - [`account`]: configuration from `CLOUDINARY_URL` (or `--demo`).
//!
//! The local stand-in for Cloudinary is its own crate, `cld-sign-stand-in`; the example
//! `upload_api_stand_in` starts it.

pub mod account;
pub mod serve;
pub mod upload_signing_server;
