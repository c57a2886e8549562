use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    file: String,
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
