// `Context` is one value (its own `key=value|…` text), not a list to join.
use cld_sign::request::upload::Context;
use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    #[sign(join)]
    context: Context,
    timestamp: u64,
}

fn main() {}
