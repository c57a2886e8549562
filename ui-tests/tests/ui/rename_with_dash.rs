use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = "public-id")]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
