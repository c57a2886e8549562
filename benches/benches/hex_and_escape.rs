//! `cargo bench -p cld-sign-benches --bench hex_and_escape`: the hex and percent code on the
//! paths that run per request, each beside what the `hex` crate would do in its place.
//!
//! - `signature_hex`: `Signature::hex` (every signature the library hands out is shown
//!   through it) against `hex::encode_to_slice` into the same stack buffer.
//! - `escape_public_id`: a delivery URL's public ID escaped, for IDs with nothing, some or
//!   much to escape, and an ID given already escaped.
//! - `delivery_url_sign`: a whole signed delivery URL, to set the escaping against.

use std::hint::black_box;

use cld_sign::delivery::escape_public_id;
use cld_sign::{Algorithm, ApiSecret, Signature, Signer, delivery::DeliveryUrl};
use criterion::{Criterion, criterion_group, criterion_main};

/// A digest with every nibble value in it.
const DIGEST: [u8; 32] = [
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
    0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
];

/// Public IDs: nothing to escape, a few characters, an ID given already escaped, and a
/// long one with spaces, parentheses, non-ASCII letters and a literal `%`.
const PUBLIC_IDS: [(&str, &str); 4] = [
    ("plain", "folder/sample_image-1.v2"),
    ("some", "folder/my photo (1)"),
    ("escaped", "folder/my%20photo%20%281%29"),
    (
        "much",
        "uploads/2024/Café Müller — façade (north side) at 100% zoom, état final [v3]",
    ),
];

fn signature_hex(c: &mut Criterion) {
    let mut group = c.benchmark_group("signature_hex");
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        let len = algorithm.digest_len();
        let signature = Signature::from_digest(algorithm, &DIGEST[..len]).unwrap();
        let mut crate_hex = [0u8; 64];
        hex::encode_to_slice(signature.as_bytes(), &mut crate_hex[..len * 2]).unwrap();
        // Both write the same text.
        assert_eq!(signature.hex().as_str().as_bytes(), &crate_hex[..len * 2]);
        group.bench_function(format!("{algorithm}/Signature::hex"), |b| {
            b.iter(|| black_box(black_box(&signature).hex()))
        });
        group.bench_function(format!("{algorithm}/hex::encode_to_slice"), |b| {
            b.iter(|| {
                let mut buf = [0u8; 64];
                hex::encode_to_slice(black_box(&signature).as_bytes(), &mut buf[..len * 2])
                    .unwrap();
                black_box(buf)
            })
        });
    }
    group.finish();
}

fn escape(c: &mut Criterion) {
    let mut group = c.benchmark_group("escape_public_id");
    for (name, id) in PUBLIC_IDS {
        group.bench_function(name, |b| {
            b.iter(|| black_box(escape_public_id(black_box(id))))
        });
    }
    group.finish();
}

fn delivery_url_sign(c: &mut Criterion) {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let mut group = c.benchmark_group("delivery_url_sign");
    for (name, id) in PUBLIC_IDS {
        group.bench_function(name, |b| {
            b.iter(|| {
                let url = DeliveryUrl::new("demo", black_box(id))
                    .with_transformation("c_fill,h_150,w_100")
                    .with_format("jpg");
                black_box(url.sign(&signer).unwrap())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, signature_hex, escape, delivery_url_sign);
criterion_main!(benches);
