use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    public_id: String,
    timestamp: Option<Timestamp>,
}

fn main() {}
