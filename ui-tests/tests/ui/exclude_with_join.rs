use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(exclude, join)]
    tags: Vec<String>,
    timestamp: Timestamp,
}

fn main() {}
