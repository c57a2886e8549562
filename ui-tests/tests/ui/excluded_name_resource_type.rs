use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    resource_type: String,
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
