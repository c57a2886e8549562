//! The signed-upload app: Cloudinary's sample app (signing routes, the upload form and
//! Upload Widget pages, a verified webhook) on axum. The binary, `upload_signing_server`
//! (`src/main.rs`), and the integration tests (`tests/`) run the same library code:
//!
//! - [`app`]: the app's routes, pages and refusals;
//! - [`serve`]: serving it with timeouts and limits (the `cld-sign-stand-in` crate's
//!   server);
//! - [`account`]: configuration from `CLOUDINARY_URL` (or `--demo`) and `PORT`.
//!
//! The local stand-in for Cloudinary that the tests upload to is its own crate,
//! `cld-sign-stand-in`.

pub mod account;
pub mod app;
pub mod serve;
