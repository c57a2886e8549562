// A test binary of its own, not a module of `suite/`: a `#[global_allocator]` is the
// allocator of the whole binary, so in the suite it would sit under every other test (and
// bring its `unsafe` there), and the counts here are best taken in a process that runs
// nothing else.
//! Signing a derived struct performs zero heap allocations: a counting global allocator
//! counts every allocation made on this test's thread while it signs.
#![allow(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; it only forwards to `System`"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use cld_sign::{Algorithm, ApiSecret, Signable, SignatureVersion, Signer, Timestamp};

/// Counts the allocations of the thread that switched counting on.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn record() {
    // `try_with`: the allocator may run while thread-locals are being torn down.
    let counting = COUNTING.try_with(Cell::get).unwrap_or(false);
    if counting {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are
// const-initialised thread-locals without destructors, so touching them never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record();
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record();
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations `f` makes on this thread.
fn allocations_of<R>(f: impl FnOnce() -> R) -> (R, usize) {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    let result = f();
    COUNTING.with(|c| c.set(false));
    (result, ALLOCATIONS.with(Cell::get))
}

#[derive(Signable)]
struct UploadRequest<'a> {
    #[sign(exclude)]
    file: &'a str,
    public_id: Option<&'a str>,
    #[sign(join)]
    tags: &'a [&'a str],
    #[sign(join = "|")]
    eager: [&'a str; 2],
    #[sign(rename = "type")]
    delivery_type: &'a str,
    notification_url: &'a str,
    overwrite: Option<bool>,
    quality: f64,
    width: u32,
    timestamp: Timestamp,
}

#[derive(Signable)]
struct UploadRequestAt<'a> {
    public_id: &'a str,
    #[sign(join = "|")]
    eager: [&'a str; 2],
}

const TAGS: [&str; 2] = ["a&b", "c"];

fn request() -> UploadRequest<'static> {
    UploadRequest {
        file: "sample.jpg",
        public_id: Some("sample_image"),
        tags: &TAGS,
        eager: ["w_400,h_300,c_pad", "w_260,h_200,c_crop"],
        delivery_type: "upload",
        notification_url: "https://example.com/hook?a=1&b=2",
        overwrite: Some(false),
        quality: 0.1 + 0.2,
        width: 400,
        timestamp: Timestamp::from_secs(1315060510),
    }
}

#[test]
fn signing_a_derived_struct_does_not_allocate() {
    let request = request();
    let _ = request.file;
    let at = UploadRequestAt {
        public_id: "sample_image",
        eager: ["w_400,h_300,c_pad", "w_260,h_200,c_crop"],
    };
    let ts = Timestamp::from_secs(1315060510);

    // The counter works: building a string to sign allocates.
    let signer = Signer::new(ApiSecret::new("abcd").unwrap());
    let (text, n) = allocations_of(|| signer.string_to_sign(&request));
    assert!(n > 0, "the counting allocator saw no allocation");
    assert!(text.contains("notification_url=https://example.com/hook?a=1%26b=2&"));

    let mut checked = 0;
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        for version in [SignatureVersion::V1, SignatureVersion::V2] {
            let signer = Signer::new(ApiSecret::new("abcd").unwrap())
                .with_algorithm(algorithm)
                .with_signature_version(version);
            let expected = signer.sign(&request);
            let expected_at = signer.sign_at(&at, ts);

            let (signature, n) = allocations_of(|| signer.sign(&request));
            assert_eq!(n, 0, "sign allocated ({algorithm:?}, {version:?})");
            assert_eq!(signature, expected);

            let (hex, n) = allocations_of(|| signer.sign_at(&at, ts).hex());
            assert_eq!(n, 0, "sign_at + hex allocated ({algorithm:?}, {version:?})");
            assert_eq!(hex.as_str(), expected_at.to_string());
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

/// The upload value types in a user's own derived struct.
#[derive(Signable)]
struct TypedUpload<'a> {
    public_id: &'a str,
    context: cld_sign::request::upload::Context,
    metadata: cld_sign::request::upload::Metadata,
    eager: cld_sign::request::upload::Eager,
    face_coordinates: cld_sign::request::upload::Coordinates,
    access_control: cld_sign::request::upload::JsonList,
    regions: cld_sign::request::upload::Json,
    #[sign(rename = "type")]
    delivery_type: cld_sign::request::upload::DeliveryType,
}

#[test]
fn signing_the_upload_value_types_does_not_allocate() {
    use cld_sign::request::upload::{
        Context, Coordinates, DeliveryType, Eager, EagerTransformation, Json, JsonList, Metadata,
        Rect, UploadParams,
    };
    use serde_json::json;

    let typed = TypedUpload {
        public_id: "sample",
        context: Context::new().with("alt", "x=y").with("cap|tion", "é"),
        metadata: Metadata::new()
            .with("colors", ["red", "gr|een", "😀"])
            .with("sku", "a=1"),
        eager: Eager::new()
            .with("w_400,h_300,c_pad")
            .with(EagerTransformation::new("w_260").with_format("png")),
        face_coordinates: Coordinates::from([Rect::new(1, 2, 3, 4), Rect::new(5, 6, 7, 8)]),
        access_control: JsonList::new(json!({"access_type": "anonymous", "n": 1.5, "s": "é"}))
            .unwrap(),
        regions: Json::new(json!({"box": [[1, 2], [3, 4]]})),
        delivery_type: DeliveryType::Private,
    };
    let upload = UploadParams::default()
        .with_public_id("sample_image")
        .with_tags(["a", "b&c"])
        .with_context(Context::new().with("alt", "x=y").with("caption", "a|b"))
        .with_eager(
            Eager::new()
                .with("w_400,h_300,c_pad")
                .with(EagerTransformation::new("w_260,h_200,c_crop").with_format("png")),
        )
        .with_categorization(["google_tagging"])
        .with_auto_tagging(0.6)
        .with_overwrite(true);
    let ts = Timestamp::from_secs(1315060510);

    let mut checked = 0;
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
        for version in [SignatureVersion::V1, SignatureVersion::V2] {
            let signer = Signer::new(ApiSecret::new("abcd").unwrap())
                .with_algorithm(algorithm)
                .with_signature_version(version);
            // The expected signatures, over the text the value types print (allocates).
            let text = signer.string_to_sign_at(&typed, ts);
            assert!(text.contains(r#"metadata=colors=["red","gr\|een","\ud83d\ude00"]|sku=a\=1"#));
            let expected = cld_sign::Params::from_pairs(
                text.split('&')
                    .map(|p| p.split_once('=').unwrap())
                    .map(|(n, v)| (n.to_owned(), v.replace("%26", "&"))),
            )
            .unwrap();
            let expected_upload = signer.string_to_sign_at(&upload, ts);

            let (hex, n) = allocations_of(|| signer.sign_at(&typed, ts).hex());
            assert_eq!(n, 0, "value types allocated ({algorithm:?}, {version:?})");
            assert_eq!(hex.as_str(), signer.sign(&expected).to_string());

            let (signature, n) = allocations_of(|| signer.sign_at(&upload, ts));
            assert_eq!(n, 0, "UploadParams allocated ({algorithm:?}, {version:?})");
            let form = upload.sign_at(&signer, "1234", ts);
            assert_eq!(form.string_to_sign(), expected_upload);
            assert_eq!(&signature, form.signature());
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}
