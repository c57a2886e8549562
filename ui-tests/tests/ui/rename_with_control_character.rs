use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "public\u{1}id")]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
