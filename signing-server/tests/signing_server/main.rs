//! The signing server's integration tests, in one test binary. Each test starts its own
//! server (and the browser test its own stand-in and chromedriver) on ephemeral loopback
//! ports and sets no process-wide state, so the modules share a process safely.

mod browser;
mod common;
mod limits;
mod routes;
