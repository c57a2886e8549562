use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "context.alt")]
    context_alt: String,
    timestamp: Timestamp,
}

fn main() {}
