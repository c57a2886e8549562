//! `cargo bench -p cld-sign-benches --bench sign`: the cost of each signing path against the floor
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

/// The physical floor for the docs message: SHA-1 compression of its already padded
/// blocks (string ++ secret, 0x80, zeros, bit length), then hex. No buffering, no pieces,
/// no padding at run time: what any signer of this message must at least do.
fn floor_sha1(c: &mut Criterion) {
    let message = [DOCS_STRING.as_bytes(), SECRET.as_bytes()].concat();
    let mut padded = [[0u8; 64]; 2];
    assert!(
        message.len() < 2 * 64 - 8,
        "the docs message fits two blocks"
    );
    for (i, b) in message.iter().enumerate() {
        padded[i / 64][i % 64] = *b;
    }
    let end = message.len();
    padded[end / 64][end % 64] = 0x80;
    padded[1][56..].copy_from_slice(&(message.len() as u64 * 8).to_be_bytes());
    // The floor computes the same digest as the signer.
    let check = |blocks: &[[u8; 64]; 2]| {
        let mut state = [
            0x6745_2301,
            0xEFCD_AB89,
            0x98BA_DCFE,
            0x1032_5476,
            0xC3D2_E1F0,
        ];
        sha1::block_api::compress(&mut state, blocks);
        let mut digest = [0u8; 20];
        for (chunk, word) in digest.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let mut hex = [0u8; 40];
        hex::encode_to_slice(digest, &mut hex).unwrap();
        hex
    };
    let expected = Signer::new(ApiSecret::new(SECRET).unwrap())
        .sign(
            &Params::from_pairs([
                ("timestamp", "1315060510"),
                ("public_id", "sample_image"),
                ("eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"),
            ])
            .unwrap(),
        )
        .to_string();
    assert_eq!(std::str::from_utf8(&check(&padded)).unwrap(), expected);
    c.bench_function("floor_sha1", |b| {
        b.iter(|| black_box(check(black_box(&padded))))
    });
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

/// A policy that allows the docs request: its public ID, and its `eager` forced.
fn docs_policy() -> cld_sign::policy::SigningPolicy {
    use cld_sign::policy::{Rule, SigningPolicy};
    SigningPolicy::builder()
        .allow("public_id", Rule::one_of(["sample_image"]))
        .allow(
            "eager",
            Rule::forced("w_400,h_300,c_pad|w_260,h_200,c_crop"),
        )
        .build()
        .unwrap()
}

/// The docs request as a browser sends it to a signing route, read, checked against a
/// policy that allows it, and signed, hex included: the route's work without HTTP.
fn policy_sha1(c: &mut Criterion) {
    let signer = Signer::new(ApiSecret::new(SECRET).unwrap());
    let policy = docs_policy();
    let body = br#"{"paramsToSign":{"timestamp":1315060510,"public_id":"sample_image","eager":"w_400,h_300,c_pad|w_260,h_200,c_crop"}}"#;
    let now = cld_sign::Timestamp::from_secs(1315060510);
    c.bench_function("policy_sha1", |b| {
        b.iter(|| {
            let request = policy.read_body(black_box(body)).unwrap();
            black_box(request.sign_at(&signer, now).unwrap().signature().hex())
        })
    });
}

/// The dynamic path with a policy: the docs params as a `serde_json::Value`, into `Params`,
/// checked against a policy that allows them, and signed, hex included.
fn dynamic_policy_sha1(c: &mut Criterion) {
    let signer = Signer::new(ApiSecret::new(SECRET).unwrap());
    let policy = docs_policy();
    let value = serde_json::json!({
        "timestamp": 1315060510,
        "public_id": "sample_image",
        "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop",
    });
    let now = cld_sign::Timestamp::from_secs(1315060510);
    c.bench_function("dynamic_policy_sha1", |b| {
        b.iter(|| {
            let params = Params::from_serialize(black_box(&value)).unwrap();
            let signed = policy.request(params).sign_at(&signer, now).unwrap();
            black_box(signed.signature().hex())
        })
    });
}

/// The docs request as a derived struct: keys sorted at compile time, streamed into the
/// hasher, `eager` joined from its two transformations.
#[derive(cld_sign::Signable)]
struct DocsRequest<'a> {
    #[sign(exclude)]
    file: &'a str,
    public_id: &'a str,
    #[sign(join = "|")]
    eager: [&'a str; 2],
    timestamp: cld_sign::Timestamp,
}

/// The derived docs request signed, hex included.
fn derive_bench(c: &mut Criterion, name: &str, algorithm: cld_sign::Algorithm) {
    let signer = Signer::new(ApiSecret::new(SECRET).unwrap()).with_algorithm(algorithm);
    let request = DocsRequest {
        file: "sample.jpg",
        public_id: "sample_image",
        eager: ["w_400,h_300,c_pad", "w_260,h_200,c_crop"],
        timestamp: cld_sign::Timestamp::from_secs(1315060510),
    };
    assert_eq!(signer.string_to_sign(&request), DOCS_STRING);
    let _ = request.file;
    c.bench_function(name, |b| {
        b.iter(|| black_box(signer.sign(black_box(&request)).hex()))
    });
}

fn derive_sha1(c: &mut Criterion) {
    derive_bench(c, "derive_sha1", cld_sign::Algorithm::Sha1);
}

fn derive_sha256(c: &mut Criterion) {
    derive_bench(c, "derive_sha256", cld_sign::Algorithm::Sha256);
}

/// Verifying a notification of `len` bytes (SHA-1, hex parse, constant-time compare, window
/// check) against the floor: one SHA-1 of the same bytes. Throughput in bytes of body.
fn verify_notification(c: &mut Criterion, name: &str, len: usize) {
    use cld_sign::notification::OutgoingNotification;
    use cld_sign::{
        Timestamp,
        notification::{NotificationHeaders, NotificationVerifier},
    };
    use criterion::Throughput;

    let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new(SECRET).unwrap()));
    let body: Vec<u8> = (0..len).map(|i| b' ' + (i % 95) as u8).collect();
    let now = Timestamp::from_secs(1_700_000_000);
    let signature = OutgoingNotification::new(&body, now)
        .sign(verifier.signer())
        .signature()
        .to_string();
    let headers = NotificationHeaders {
        timestamp: "1700000000",
        signature: &signature,
    };
    verifier.verify_at(&body, headers, now).unwrap();

    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("verify", |b| {
        b.iter(|| verifier.verify_at(black_box(&body), black_box(headers), now))
    });
    group.bench_function("raw_sha1", |b| {
        b.iter(|| sha1::Sha1::digest(black_box(&body)))
    });
    group.finish();
}

fn verify_notification_1k(c: &mut Criterion) {
    verify_notification(c, "verify_notification_1k", 1024);
}

fn verify_notification_64k(c: &mut Criterion) {
    verify_notification(c, "verify_notification_64k", 64 * 1024);
}

/// A typed upload request with context, eager and tags, signed with no allocation.
fn upload_typed_sha1(c: &mut Criterion) {
    use cld_sign::request::upload::{Context, Eager, EagerTransformation, UploadParams};
    let signer = Signer::new(ApiSecret::new(SECRET).unwrap());
    let params = UploadParams::default()
        .with_public_id("sample_image")
        .with_tags(["a", "b"])
        .with_context(Context::new().with("alt", "x=y").with("caption", "a|b"))
        .with_eager(
            Eager::new()
                .with("w_400,h_300,c_pad")
                .with(EagerTransformation::new("w_260,h_200,c_crop").with_format("png")),
        );
    let timestamp = cld_sign::Timestamp::from_secs(1315060510);
    c.bench_function("upload_typed_sha1", |b| {
        b.iter(|| black_box(signer.sign_at(black_box(&params), timestamp).hex()))
    });
}

criterion_group!(
    benches,
    floor_sha1,
    raw_sha1,
    raw_sha256,
    dynamic_sha1,
    policy_sha1,
    dynamic_policy_sha1,
    derive_sha1,
    derive_sha256,
    upload_typed_sha1,
    verify_notification_1k,
    verify_notification_64k
);
criterion_main!(benches);
