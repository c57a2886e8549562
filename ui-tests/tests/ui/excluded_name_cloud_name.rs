use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    cloud_name: String,
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
