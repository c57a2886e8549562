//! A sink of the user's own (`Sink` only implements `write_str`) sees exactly the string to
//! sign, numbers of every width included, directly and through `&mut`; and the hasher's
//! number path agrees with it.

use cld_sign::{
    Algorithm, ApiSecret, Signable, SignatureVersion, Signer, Sink, Timestamp,
    request::CanonicalWriter,
};
use sha2::{Digest, Sha256};

/// Records every piece it is given.
#[derive(Default)]
struct Pieces(Vec<String>);

impl Sink for Pieces {
    fn write_str(&mut self, s: &str) {
        self.0.push(s.to_owned());
    }
}

#[derive(cld_sign::Signable)]
struct Numbers {
    a: u64,
    b: i64,
    c: i128,
    d: u128,
    e: i8,
    f: Option<u32>,
    timestamp: Timestamp,
    z: &'static str,
}

#[derive(cld_sign::Signable)]
struct One<T> {
    n: T,
    timestamp: u64,
}

fn numbers() -> Numbers {
    Numbers {
        a: 0,
        b: -42,
        c: i128::MIN,
        d: u128::MAX,
        e: -8,
        f: Some(4_294_967_295),
        timestamp: Timestamp::from_secs(1_315_060_510),
        z: "x&y",
    }
}

fn signer() -> Signer {
    Signer::new(ApiSecret::new("abcd").unwrap())
}

#[test]
fn a_custom_sink_sees_the_string_to_sign() {
    let want = format!(
        "a=0&b=-42&c={}&d={}&e=-8&f=4294967295&timestamp=1315060510&z=x%26y",
        i128::MIN,
        u128::MAX
    );
    assert_eq!(signer().string_to_sign(&numbers()), want);

    let mut direct = Pieces::default();
    numbers().write_params(&mut CanonicalWriter::new(&mut direct, SignatureVersion::V2));
    assert_eq!(direct.0.concat(), want);

    let mut inner = Pieces::default();
    let mut through = &mut inner;
    numbers().write_params(&mut CanonicalWriter::new(
        &mut through,
        SignatureVersion::V2,
    ));
    assert_eq!(inner.0.concat(), want);
}

/// Every digit count of both signs, around the 16-character packed path's limits, written
/// by every sink: a `String`, a custom sink, and the hasher (whose signature is compared
/// with one of the `String`'s text).
#[test]
fn integers_of_every_digit_count() {
    let mut values: Vec<i128> = vec![0, i128::from(i64::MIN), i128::from(u64::MAX)];
    for digits in 0..=20u32 {
        let p = 10i128.pow(digits);
        values.extend([p - 1, p, p + 1, p / 7 * 3]);
    }
    for v in values.into_iter().flat_map(|v| [v, -v]) {
        let want = format!("n={v}");
        let mut text = String::new();
        let mut pieces = Pieces::default();
        if let Ok(small) = i64::try_from(v) {
            CanonicalWriter::new(&mut text, SignatureVersion::V2).param("n", &small);
            CanonicalWriter::new(&mut pieces, SignatureVersion::V2).param("n", &small);
        } else {
            CanonicalWriter::new(&mut text, SignatureVersion::V2).param("n", &v);
            CanonicalWriter::new(&mut pieces, SignatureVersion::V2).param("n", &v);
        }
        assert_eq!(text, want);
        assert_eq!(pieces.0.concat(), want);
        let signer = signer().with_algorithm(Algorithm::Sha256);
        let signed = match i64::try_from(v) {
            Ok(small) => signer.sign(&One {
                n: small,
                timestamp: 1,
            }),
            Err(_) => signer.sign(&One { n: v, timestamp: 1 }),
        };
        let reference = Sha256::digest(format!("{want}&timestamp=1abcd"));
        assert_eq!(signed.as_bytes(), reference.as_slice(), "{v}");
    }
}
