use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "public_id")]
    #[sign(rename = "id")]
    name: String,
    timestamp: Timestamp,
}

fn main() {}
