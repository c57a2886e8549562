use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
#[sign(crate = "not a path")]
struct Request {
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
