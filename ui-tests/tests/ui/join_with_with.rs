use cld_sign::{Signable, Sink, Timestamp, request::ValueWriter};

fn pipes<S: Sink + ?Sized>(tags: &[String], out: &mut ValueWriter<'_, S>) {
    for tag in tags {
        out.write_str(tag);
    }
}

#[derive(Signable)]
struct Request {
    #[sign(join, with = pipes)]
    tags: Vec<String>,
    timestamp: Timestamp,
}

fn main() {}
