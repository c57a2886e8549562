use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "public\u{a0}id")]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
