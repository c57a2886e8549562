//! `cargo bench -p cld-sign --bench sign`: the cost of each signing path against the floor
//! (one hash of the finished string plus the secret, hex included).

use std::hint::black_box;

use cld_sign::{ApiSecret, Params, Signer};
use criterion::{Criterion, criterion_group, criterion_main};
use sha2::Digest;

const SECRET: &str = "abcd";
const DOCS_STRING: &str =
    "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510";

/// The floor: hash the finished string and the secret, then hex-encode on the stack.
fn raw<D: Digest + Default>(c: &mut Criterion, name: &str) {
    c.bench_function(name, |b| {
        b.iter(|| {
            let mut d = D::default();
            d.update(black_box(DOCS_STRING).as_bytes());
            d.update(SECRET.as_bytes());
            let digest = d.finalize();
            let mut hex = [0u8; 64];
            let len = digest.len() * 2;
            hex::encode_to_slice(&digest, &mut hex[..len]).unwrap();
            black_box(hex)
        })
    });
}

fn raw_sha1(c: &mut Criterion) {
    raw::<sha1::Sha1>(c, "raw_sha1");
}

fn raw_sha256(c: &mut Criterion) {
    raw::<sha2::Sha256>(c, "raw_sha256");
}

/// The docs params as a `serde_json::Value`, parsed into `Params` and signed, hex included.
fn dynamic_sha1(c: &mut Criterion) {
    let signer = Signer::new(ApiSecret::new(SECRET).unwrap());
    let value = serde_json::json!({
        "timestamp": 1315060510,
        "public_id": "sample_image",
        "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop",
    });
    c.bench_function("dynamic_sha1", |b| {
        b.iter(|| {
            let params = Params::from_serialize(black_box(&value)).unwrap();
            black_box(signer.sign(&params).hex())
        })
    });
}

criterion_group!(benches, raw_sha1, raw_sha256, dynamic_sha1);
criterion_main!(benches);
