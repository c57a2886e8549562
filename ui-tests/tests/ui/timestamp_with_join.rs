use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    public_id: String,
    #[sign(join)]
    timestamp: Vec<u64>,
}

fn main() {}
