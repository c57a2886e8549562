use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    tags: Vec<String>,
    timestamp: Timestamp,
}

fn main() {}
