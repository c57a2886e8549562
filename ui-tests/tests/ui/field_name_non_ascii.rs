use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    légende: String,
    timestamp: Timestamp,
}

fn main() {}
