//! Examples live in `examples/`. The upload-signing server is a library module, so the
//! example binary and its integration test (`tests/upload_signing_server.rs`) run the same
//! code.

pub mod upload_signing_server;
