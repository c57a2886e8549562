use cld_sign::Signable;

#[derive(Signable)]
union Request {
    timestamp: u64,
    width: u32,
}

fn main() {}
