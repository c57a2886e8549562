use cld_sign::{Signable, Timestamp};

struct NotSignable;

#[derive(Signable)]
struct Request<T> {
    public_id: T,
    extra: NotSignable,
    timestamp: Timestamp,
}

fn main() {}
