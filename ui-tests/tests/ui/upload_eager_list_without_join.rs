// A list of `Eager` values is not a value: `Eager` already holds the list.
use cld_sign::request::upload::Eager;
use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    eager: Vec<Eager>,
    timestamp: u64,
}

fn main() {}
