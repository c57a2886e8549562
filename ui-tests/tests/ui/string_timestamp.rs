use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    public_id: String,
    timestamp: String,
}

fn main() {}
