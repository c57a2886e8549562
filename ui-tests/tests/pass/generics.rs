//! Generic structs, lifetimes, const generics and where-clauses: the derive adds the
//! bounds each generic field needs.

use std::borrow::Cow;
use std::fmt::Debug;

use cld_sign::{ApiSecret, Signable, Signer, Sink, Timestamp, request::{SignSeq, SignValue, ValueWriter}};

#[derive(Signable)]
struct Generic<'a, T, L, const N: usize>
where
    T: Debug,
{
    public_id: T,
    #[sign(join)]
    tags: L,
    #[sign(join = "|")]
    eager: [&'a str; N],
    context: Cow<'a, str>,
    timestamp: Timestamp,
}

#[derive(Signable)]
struct Bounded<'a, 'b: 'a, T: SignValue + ?Sized, U>
where
    U: SignSeq,
{
    public_id: &'a T,
    #[sign(join)]
    tags: &'b U,
    timestamp: &'a u64,
}

/// The parameter inside brackets still gets its bound (`[T; 2]: SignSeq`).
#[derive(Signable)]
struct InArray<T> {
    #[sign(join = ",")]
    sizes: [T; 2],
    timestamp: Timestamp,
}

#[derive(Signable)]
struct GenericTimestamp<T> {
    timestamp: T,
}

#[derive(Signable)]
struct WithGenericFormatter<T: Debug> {
    #[sign(with = debug_text)]
    value: T,
}

fn debug_text<T: Debug, S: Sink + ?Sized>(value: &T, out: &mut ValueWriter<'_, S>) {
    use std::fmt::Write as _;
    let _ = write!(out, "{value:?}");
}

fn main() {
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let sizes = InArray {
        sizes: [640_u32, 480],
        timestamp: Timestamp::from_secs(1),
    };
    assert_eq!(signer.string_to_sign(&sizes), "sizes=640,480&timestamp=1");
    let g = Generic {
        public_id: 7_i32,
        tags: vec!["a", "b"],
        eager: ["x", "y", "z"],
        context: Cow::Borrowed("k=v"),
        timestamp: Timestamp::from_secs(1),
    };
    assert_eq!(
        signer.string_to_sign(&g),
        "context=k=v&eager=x|y|z&public_id=7&tags=a,b&timestamp=1"
    );

    let tags = ["c"];
    let b = Bounded::<str, [&str; 1]> {
        public_id: "id",
        tags: &tags,
        timestamp: &2,
    };
    assert_eq!(signer.string_to_sign(&b), "public_id=id&tags=c&timestamp=2");

    assert_eq!(signer.string_to_sign(&GenericTimestamp { timestamp: 3_u32 }), "timestamp=3");
    assert_eq!(
        signer.string_to_sign_at(&WithGenericFormatter { value: 'q' }, Timestamp::from_secs(4)),
        "timestamp=4&value='q'"
    );

    // The form of each, re-verified as sent.
    let ts = Timestamp::from_secs(4);
    let forms = [
        (signer.sign_form(&sizes, "k").unwrap(), signer.sign(&sizes)),
        (signer.sign_form(&g, "k").unwrap(), signer.sign(&g)),
        (signer.sign_form(&b, "k").unwrap(), signer.sign(&b)),
        (
            signer.sign_form(&GenericTimestamp { timestamp: 3_u32 }, "k").unwrap(),
            signer.sign(&GenericTimestamp { timestamp: 3_u32 }),
        ),
        (
            signer.sign_form_at(&WithGenericFormatter { value: 'q' }, "k", ts),
            signer.sign_at(&WithGenericFormatter { value: 'q' }, ts),
        ),
    ];
    for (form, signature) in &forms {
        assert_eq!(form.signature(), signature);
        cld_sign_ui_tests::assert_sent_as_signed(&signer, form);
    }
    assert!(forms[0].0.fields().any(|field| field == ("sizes", "640,480")));
}
