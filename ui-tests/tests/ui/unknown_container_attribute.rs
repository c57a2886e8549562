use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
#[sign(rename_all = "snake_case")]
struct Request {
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
