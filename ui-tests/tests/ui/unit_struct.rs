use cld_sign::Signable;

#[derive(Signable)]
struct Request;

fn main() {}
