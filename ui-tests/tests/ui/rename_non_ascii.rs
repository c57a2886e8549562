use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "légende")]
    caption: String,
    timestamp: Timestamp,
}

fn main() {}
