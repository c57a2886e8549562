use cld_sign::{Signable, Timestamp};

#[derive(Signable)]
struct Request {
    #[sign(join, array)]
    tags: Vec<String>,
    timestamp: Timestamp,
}

fn main() {}
