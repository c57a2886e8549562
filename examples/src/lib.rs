//! Examples live in `examples/`. The servers are library modules, so the example binaries
//! and their integration tests (`tests/`) run the same code:
//!
//! - [`upload_signing_server`]: the signed-upload app (signing routes, pages, webhook);
//! - [`upload_api_stand_in`]: a local stand-in for Cloudinary's upload API;
//! - [`serve`]: serving either with timeouts and limits;
//! - [`account`]: configuration from `CLOUDINARY_URL` (or `--demo`).

pub mod account;
pub mod serve;
pub mod upload_api_stand_in;
pub mod upload_signing_server;
