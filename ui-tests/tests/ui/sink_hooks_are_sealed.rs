//! A sink of one's own implements `write_str`; the hooks only cld-sign calls are sealed, so
//! they can be neither overridden nor called from outside the crate.

use cld_sign::Sink;

struct Items(Vec<String>);

impl Sink for Items {
    fn write_str(&mut self, s: &str) {
        self.0.push(s.to_owned());
    }

    fn next_item(&mut self) -> bool {
        self.0.push(String::new());
        true
    }
}

fn main() {
    let mut text = String::new();
    text.write_ascii(b"42");
}
