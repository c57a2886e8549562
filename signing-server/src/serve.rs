//! Serving a router with timeouts and limits: the server of the `cld-sign-stand-in` crate
//! ([`cld_sign_stand_in::serve`]), which the signing server runs too. Bodies are read to
//! their end before the answer, one deadline covers a whole request, and excess load
//! (connections, body bytes) is refused at once rather than queued.

pub use cld_sign_stand_in::serve::{Limits, Refusal, serve, serve_forever, serve_with};
