use cld_sign::{Signable, Timestamp};

fn upper(value: &str) -> String {
    value.to_uppercase()
}

#[derive(Signable)]
struct Request {
    #[sign(with = upper)]
    public_id: String,
    timestamp: Timestamp,
}

fn main() {}
