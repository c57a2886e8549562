use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    api_key: String,
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
