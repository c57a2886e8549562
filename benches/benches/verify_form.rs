//! `cargo bench -p cld-sign-benches --bench verify_form`: verifying a received form of 100,000
//! fields, as a server does with whatever a client sends. Folding `name[]` fields into
//! their list parameter is one hash look-up a field, so the time grows with the form's
//! size: well under 100 ms for 100,000 fields.

use std::hint::black_box;

use cld_sign::{ApiSecret, Params, Signer, Timestamp, request::RequestVerifier};
use criterion::{Criterion, criterion_group, criterion_main};

const FIELDS: usize = 100_000;
const TIMESTAMP: u64 = 1_700_000_000;

fn signer() -> Signer {
    Signer::new(ApiSecret::new("bench-secret").expect("a secret"))
}

/// `fields` plus a valid `signature` of what they sign.
fn signed(
    mut fields: Vec<(String, String)>,
    signed_as: &[(String, String)],
) -> Vec<(String, String)> {
    let params = Params::from_pairs(signed_as.iter().map(|(n, v)| (n, v))).expect("params");
    let signature = signer().sign(&params).to_string();
    fields.push(("signature".to_owned(), signature));
    fields
}

fn verify(c: &mut Criterion, name: &str, form: &[(String, String)]) {
    let verifier = RequestVerifier::new(signer());
    let now = Timestamp::from_secs(TIMESTAMP);
    // What is measured verifies: a wrong fold would be a mismatch.
    assert!(
        verifier
            .verify_at(form.iter().map(|(n, v)| (n, v)), now)
            .is_ok()
    );
    c.bench_function(name, |b| {
        b.iter(|| {
            let params = verifier
                .verify_at(black_box(form).iter().map(|(n, v)| (n, v)), now)
                .expect("verified");
            black_box(params)
        })
    });
}

/// 100,000 `tags[]` items: one list parameter `tags`.
fn list_items(c: &mut Criterion) {
    let timestamp = ("timestamp".to_owned(), TIMESTAMP.to_string());
    let items: Vec<String> = (0..FIELDS).map(|i| format!("t{i}")).collect();
    let mut fields = vec![timestamp.clone()];
    fields.extend(items.iter().map(|item| ("tags[]".to_owned(), item.clone())));
    let form = signed(fields, &[timestamp, ("tags".to_owned(), items.join(","))]);
    verify(c, "verify_form_100k_list_items", &form);
}

/// 100,000 `p<i>[]` lists of one item each: as many distinct list names as fields.
fn distinct_lists(c: &mut Criterion) {
    let timestamp = ("timestamp".to_owned(), TIMESTAMP.to_string());
    let mut fields = vec![timestamp.clone()];
    let mut signed_as = vec![timestamp];
    for i in 0..FIELDS {
        fields.push((format!("p{i}[]"), "v".to_owned()));
        signed_as.push((format!("p{i}"), "v".to_owned()));
    }
    let form = signed(fields, &signed_as);
    verify(c, "verify_form_100k_distinct_lists", &form);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = list_items, distinct_lists
}
criterion_main!(benches);
