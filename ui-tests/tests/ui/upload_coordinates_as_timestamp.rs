// Upload value types cannot stand in for the timestamp.
use cld_sign::request::upload::Coordinates;
use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    timestamp: Coordinates,
}

fn main() {}
