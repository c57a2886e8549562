//! What a [`Signer`](crate::Signer) signs: a set of parameters that writes itself canonically.

use super::canonical::CanonicalWriter;
use super::walk::ParamSink;
use crate::sink::Sink;
use crate::timestamp::Timestamp;

/// A set of parameters that carries its own `timestamp` and writes itself, sorted and
/// filtered, into a [`CanonicalWriter`].
///
/// Implemented by `#[derive(Signable)]` for structs with a `timestamp` field, and by
/// [`Params`](crate::Params). Sign it with [`Signer::sign`](crate::Signer::sign).
///
/// # `#[derive(Signable)]`
///
/// Each named field is one parameter, keyed by its name. The keys are sorted at compile
/// time (by their bytes, the request rule (`cld_sign::request`)), and the generated code streams `name=value` pairs
/// straight into the hasher: no allocation, no run-time sort. Empty values (`None`, `""`,
/// an empty list) are dropped at run time, `&` is escaped under signature version 2, and the
/// result is byte for byte what [`Params`](crate::Params) gives for the same values.
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer, Timestamp};
///
/// #[derive(Signable)]
/// struct UploadRequest<'a> {
///     #[sign(exclude)]
///     file: &'a str,
///     public_id: Option<&'a str>,
///     #[sign(join = "|")]
///     eager: [&'a str; 2],
///     timestamp: Timestamp,
/// }
///
/// let request = UploadRequest {
///     file: "https://www.example.com/sample.jpg",
///     public_id: Some("sample_image"),
///     eager: ["w_400,h_300,c_pad", "w_260,h_200,c_crop"],
///     timestamp: Timestamp::from_secs(1315060510),
/// };
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// assert_eq!(
///     signer.string_to_sign(&request),
///     "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510"
/// );
/// assert_eq!(signer.sign(&request).hex().as_str(), "bfd09f95f331f558cbd1320e67aa8d488770583e");
/// # let _ = request.file;
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// Field types implement [`SignValue`](crate::request::SignValue): strings, `char`, `bool`,
/// integers, floats (JavaScript formatting), [`Timestamp`], `Option`, references and smart
/// pointers, and your own types. A type that cannot be signed is a compile error at the
/// field's type that says what to do.
///
/// ## The timestamp
///
/// Every signed request carries a `timestamp` (see `cld_sign::request`), so signing without one does not
/// compile:
///
/// - a field keyed `timestamp` (of type [`Timestamp`] or an integer; an `Option` is refused
///   at compile time) makes the struct `Signable`: sign it with
///   [`Signer::sign`](crate::Signer::sign);
/// - without one, the struct is [`SignableAt`]: the signer supplies the timestamp with
///   [`Signer::sign_at`](crate::Signer::sign_at), and it is written in its sorted place
///   (decided at compile time). Passing it to `sign` is a compile error.
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer, Timestamp};
///
/// #[derive(Signable)]
/// struct Rename<'a> {
///     public_id: &'a str,
///     #[sign(rename = "type")]
///     delivery_type: &'a str,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Rename { public_id: "sample", delivery_type: "private" };
/// assert_eq!(
///     signer.string_to_sign_at(&request, Timestamp::from_secs(1315060510)),
///     "public_id=sample&timestamp=1315060510&type=private"
/// );
/// let signature = signer.sign_at(&request, Timestamp::now());
/// # let _ = signature;
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// ```compile_fail,E0277
/// # use cld_sign::{ApiSecret, Signable, Signer};
/// #[derive(Signable)]
/// struct NoTimestamp { public_id: String }
///
/// let signer = Signer::new(ApiSecret::new("abcd").unwrap());
/// // error: `NoTimestamp` cannot be signed with `Signer::sign` (use `sign_at`)
/// signer.sign(&NoTimestamp { public_id: "sample".into() });
/// ```
///
/// ## Field attributes
///
/// | attribute | effect |
/// |---|---|
/// | `#[sign(exclude)]` | the field is never signed (required on fields named `file`, `cloud_name`, `resource_type`, `api_key`, `signature`) |
/// | `#[sign(rename = "key")]` | signed under `key` instead of the field's name; a key (renamed or not) is a parameter name, `[a-z0-9_]+` (see `cld_sign::request`), else a compile error at the key |
/// | `#[sign(join)]` | a list ([`SignSeq`](crate::request::SignSeq)) signed as its items joined with `,` |
/// | `#[sign(join = "sep")]` | joined with `sep` instead (e.g. `"|"` for `eager`) |
/// | `#[sign(array)]` | a list signed as its items joined with `,`, and sent as one `name[]` field per item (Cloudinary's array parameters) |
/// | `#[sign(with = path)]` | formatted by `fn path<S: Sink + ?Sized>(&T, &mut ValueWriter<'_, S>)` |
///
/// `rename` combines with `join`, `array` or `with`; `exclude` stands alone; `join`,
/// `array` and `with` do not combine. A raw identifier is keyed without its `r#` (`r#type` is `type`). Keys must be
/// unique, non-empty and free of `=` and `&`; each mistake is a compile error at its token.
///
/// `exclude`: fields that are sent but not signed. The names Cloudinary never signs must say
/// so, which keeps a struct from silently signing what the server ignores:
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Request<'a> {
///     #[sign(exclude)]
///     api_key: &'a str,
///     #[sign(exclude)]
///     cloud_name: &'a str,
///     public_id: &'a str,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Request { api_key: "1234", cloud_name: "demo", public_id: "a", timestamp: 1 };
/// assert_eq!(signer.string_to_sign(&request), "public_id=a&timestamp=1");
/// # let _ = (request.api_key, request.cloud_name);
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// ```compile_fail
/// # use cld_sign::Signable;
/// #[derive(Signable)]
/// struct Request {
///     api_key: String, // error: `api_key` is never signed …: add `#[sign(exclude)]`
///     timestamp: u64,
/// }
/// ```
///
/// `rename` and raw identifiers: the key is sorted by its final name.
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Request {
///     #[sign(rename = "type")]
///     delivery_type: &'static str,
///     r#async: bool,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Request { delivery_type: "upload", r#async: false, timestamp: 1 };
/// assert_eq!(signer.string_to_sign(&request), "async=false&timestamp=1&type=upload");
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// `join` and `join = "sep"`: lists (slices, arrays, `Vec`, `VecDeque`, `BTreeSet`, `Option`
/// of a list). An empty list, or one whose items all write nothing, is dropped; a list
/// without `join` does not compile.
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Request {
///     #[sign(join)]
///     tags: Vec<String>,
///     #[sign(join = "|")]
///     eager: Vec<&'static str>,
///     #[sign(join, rename = "allowed_formats")]
///     formats: Option<[&'static str; 2]>,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Request {
///     tags: vec!["a".into(), "b".into()],
///     eager: vec!["w_400", "h_300"],
///     formats: None,
///     timestamp: 1,
/// };
/// assert_eq!(signer.string_to_sign(&request), "eager=w_400|h_300&tags=a,b&timestamp=1");
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// ```compile_fail,E0277
/// # use cld_sign::Signable;
/// #[derive(Signable)]
/// struct Request {
///     tags: Vec<String>, // error: cannot be signed as a parameter value; add `#[sign(join)]`
///     timestamp: u64,
/// }
/// ```
///
/// `with = path`: format a type you do not own. The function writes the value's text
/// through the [`ValueWriter`](crate::request::ValueWriter) (writing nothing drops the pair):
///
/// ```
/// use std::net::Ipv4Addr;
/// use std::fmt::Write as _;
/// use cld_sign::request::ValueWriter;
/// use cld_sign::{ApiSecret, Signable, Signer, Sink};
///
/// fn dotted<S: Sink + ?Sized>(ip: &Ipv4Addr, out: &mut ValueWriter<'_, S>) {
///     let _ = write!(out, "{ip}");
/// }
///
/// #[derive(Signable)]
/// struct Request {
///     #[sign(with = dotted, rename = "ip")]
///     client: Ipv4Addr,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Request { client: Ipv4Addr::new(10, 0, 0, 1), timestamp: 1 };
/// assert_eq!(signer.string_to_sign(&request), "ip=10.0.0.1&timestamp=1");
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// `array`: a list Cloudinary reads as an array parameter (`categorization`, `detection`,
/// any list without a text form of its own). Signed as `join` signs it; in the form to
/// send ([`Signer::sign_form`](crate::Signer::sign_form)) each item is its own `name[]`
/// field, which Cloudinary joins back with `,` before checking the signature. `join` sends
/// the joined text as one field (`tags`, `allowed_formats`, `eager`).
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Request {
///     #[sign(array)]
///     categorization: Vec<&'static str>,
///     #[sign(join)]
///     tags: Vec<&'static str>,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Request { categorization: vec!["a", "b"], tags: vec!["x", "y"], timestamp: 1 };
/// assert_eq!(signer.string_to_sign(&request), "categorization=a,b&tags=x,y&timestamp=1");
/// let form = signer.sign_form(&request, "1234")?;
/// let fields: Vec<_> = form.fields().collect();
/// assert_eq!(
///     fields,
///     [
///         ("api_key", "1234"),
///         ("categorization[]", "a"),
///         ("categorization[]", "b"),
///         ("tags", "x,y"),
///         ("timestamp", "1"),
///     ]
/// );
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// ## The form to send
///
/// The derive generates one walk over the fields, sorted; signing runs it into the hasher
/// (no allocation), and [`Signer::sign_form`](crate::Signer::sign_form) (or
/// [`sign_form_at`](crate::Signer::sign_form_at)) runs it into an
/// [`SignedUploadForm`](crate::request::SignedUploadForm): every signed pair exactly as signed (renamed keys,
/// joined lists, `array` items, empty values dropped), `timestamp` and `api_key`. What is
/// sent can therefore never differ from what was signed. Excluded fields are not sent:
/// `file` travels with the transport, `cloud_name` and `resource_type` are in the
/// endpoint's path, and `api_key` is given to `sign_form`.
///
/// ```
/// use cld_sign::request::RequestVerifier;
/// use cld_sign::{ApiSecret, Signable, Signer, Timestamp};
///
/// #[derive(Signable)]
/// struct Upload<'a> {
///     #[sign(exclude)]
///     file: &'a str,
///     #[sign(rename = "type")]
///     delivery_type: &'a str,
///     overwrite: bool,
///     folder: Option<&'a str>,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let upload = Upload { file: "sample.jpg", delivery_type: "private", overwrite: false, folder: None };
/// let timestamp = Timestamp::from_secs(1315060510);
/// let form = signer.sign_form_at(&upload, "1234", timestamp);
/// assert_eq!(form.signature(), &signer.sign_at(&upload, timestamp));
/// let fields: Vec<_> = form.fields().collect();
/// assert_eq!(
///     fields,
///     [("api_key", "1234"), ("overwrite", "false"), ("timestamp", "1315060510"), ("type", "private")]
/// );
/// // As Cloudinary receives it: the same signature.
/// let verifier = RequestVerifier::new(signer);
/// verifier.verify_at(form.to_fields(), timestamp)?;
/// # let _ = upload.file;
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// ## Container attribute
///
/// `#[sign(crate = "path")]`: the path of the cld-sign runtime, for crates that re-export it
/// (the generated code names `::cld_sign` otherwise).
///
/// ```
/// mod sdk {
///     pub use ::cld_sign as signing;
/// }
///
/// #[derive(sdk::signing::Signable)]
/// #[sign(crate = "sdk::signing")]
/// struct Request {
///     public_id: &'static str,
///     timestamp: u64,
/// }
///
/// let signer = sdk::signing::Signer::new(sdk::signing::ApiSecret::new("abcd")?);
/// let request = Request { public_id: "a", timestamp: 1 };
/// assert_eq!(signer.string_to_sign(&request), "public_id=a&timestamp=1");
/// # Ok::<(), cld_sign::Error>(())
/// ```
///
/// ## Generics
///
/// Generic structs, lifetimes and `where` clauses work; the derive adds the bound each
/// generic field needs (`T: SignValue`, `L: SignSeq` for a joined field):
///
/// ```
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Request<T, L> {
///     public_id: T,
///     #[sign(join)]
///     tags: L,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let request = Request { public_id: "a", tags: ["x", "y"], timestamp: 1 };
/// assert_eq!(signer.string_to_sign(&request), "public_id=a&tags=x,y&timestamp=1");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be signed with `Signer::sign`",
    label = "`{Self}` does not implement `Signable`",
    note = "add `#[derive(cld_sign::Signable)]`; a struct without a `timestamp` field is signed with `Signer::sign_at(&request, timestamp)`"
)]
pub trait Signable {
    /// Writes every signed pair, sorted by name, excluded names left out.
    fn write_params<S: Sink + ?Sized>(&self, out: &mut CanonicalWriter<'_, S>);
}

/// A set of parameters without a `timestamp` field: the signer supplies the timestamp, and
/// it is written in its sorted place.
///
/// Implemented by `#[derive(Signable)]` for structs without a `timestamp` field. Sign it
/// with [`Signer::sign_at`](crate::Signer::sign_at); since it has no timestamp of its own,
/// it cannot be passed to [`Signer::sign`](crate::Signer::sign), so a request can never be
/// signed without one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be signed with `Signer::sign_at`",
    label = "`{Self}` does not implement `SignableAt`",
    note = "`sign_at` is for derived structs without a `timestamp` field; a struct with one is signed with `Signer::sign(&request)`"
)]
pub trait SignableAt {
    /// Writes every signed pair, with `timestamp` in its sorted place.
    fn write_params_at<S: Sink + ?Sized>(
        &self,
        timestamp: Timestamp,
        out: &mut CanonicalWriter<'_, S>,
    );
}

/// A [`Signable`] struct that also lays out the form it sends: implemented by
/// `#[derive(Signable)]` (for a struct with a `timestamp` field) from the same generated
/// walk as its signature, so the two cannot differ. Get the form with
/// [`Signer::sign_form`](crate::Signer::sign_form).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no form to send with `Signer::sign_form`",
    label = "`{Self}` does not implement `SignableForm`",
    note = "`sign_form` takes structs with `#[derive(cld_sign::Signable)]` (run-time `Params` give theirs with `Params::form_fields`); a struct without a `timestamp` field is laid out with `Signer::sign_form_at(&request, api_key, timestamp)`"
)]
pub trait SignableForm: Signable {
    /// Hands every signed pair, sorted by name, to `out`.
    #[doc(hidden)]
    fn __walk<P: ParamSink + ?Sized>(&self, out: &mut P);
}

/// A [`SignableAt`] struct that also lays out the form it sends (see [`SignableForm`]); the
/// signer supplies the timestamp. Get the form with
/// [`Signer::sign_form_at`](crate::Signer::sign_form_at).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no form to send with `Signer::sign_form_at`",
    label = "`{Self}` does not implement `SignableFormAt`",
    note = "`sign_form_at` is for derived structs without a `timestamp` field; a struct with one is laid out with `Signer::sign_form(&request, api_key)`"
)]
pub trait SignableFormAt: SignableAt {
    /// Hands every signed pair, `timestamp` in its sorted place, to `out`.
    #[doc(hidden)]
    fn __walk_at<P: ParamSink + ?Sized>(&self, timestamp: Timestamp, out: &mut P);
}
