use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    public_id: String,
    #[sign(rename = "public_id")]
    id: String,
    timestamp: Timestamp,
}

fn main() {}
