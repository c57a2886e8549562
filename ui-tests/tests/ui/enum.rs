use cld_sign::Signable;

#[derive(Signable)]
enum Request {
    Upload { public_id: String },
}

fn main() {}
