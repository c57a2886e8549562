use cld_sign::{Signable, Sink, Timestamp, request::ValueWriter};

fn upper<S: Sink + ?Sized>(value: &str, out: &mut ValueWriter<'_, S>) {
    out.write_str(&value.to_uppercase());
}

#[derive(Signable)]
struct Request {
    #[sign(exclude, with = upper)]
    public_id: &'static str,
    timestamp: Timestamp,
}

fn main() {}
