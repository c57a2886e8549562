//! The stand-in's integration tests, in one test binary. Each test starts its own
//! stand-in on an ephemeral loopback port (or the binary as a child process) and sets
//! no process-wide state, so the modules share a process safely.

mod binary;
mod chunks_and_delivery;
mod common;
mod durability;
mod http;
mod sdk_node;
mod sdk_python;
mod signing_policy;
mod upload;
