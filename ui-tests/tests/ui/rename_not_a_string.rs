use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(rename = 5)]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
