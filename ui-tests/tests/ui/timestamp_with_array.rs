use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    public_id: String,
    #[sign(array)]
    timestamp: Vec<u64>,
}

fn main() {}
