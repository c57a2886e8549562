//! What is sent: the form fields of a signed upload request, and the walk that lays out a
//! derived struct's form ([`Signer::sign_form`]).

use super::canonical::CanonicalWriter;
use super::signable::{SignableForm, SignableFormAt};
use super::value::{SignSeq, SignValue};
use super::value_writer::ValueWriter;
use super::walk::{ParamSink, TimestampText};
use crate::error::Error;
use crate::signature::Signature;
use crate::signer::Signer;
use crate::sink::Sink;
use crate::timestamp::Timestamp;

/// A signed upload request's form: every signed pair with exactly its signed text (a list
/// sent as an array, one `name[]` field per item), `timestamp` and `api_key`; and the
/// signature. The transport adds `file`.
///
/// Made by [`Signer::sign_form`] (a `#[derive(Signable)]` struct),
/// [`UploadParams::sign`](crate::upload::UploadParams::sign) and
/// [`UploadOptions::sign`](crate::upload::UploadOptions::sign). Fields are sorted by name
/// (UTF-8 bytes, stable), as the vectors list them.
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use cld_sign::{ApiSecret, Signable, Signer};
///
/// #[derive(Signable)]
/// struct Upload {
///     public_id: String,
///     #[sign(array)]
///     categorization: Vec<String>,
///     overwrite: Option<bool>,
///     timestamp: u64,
/// }
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// let upload = Upload {
///     public_id: "sample".into(),
///     categorization: vec!["google_tagging".into(), "imagga_tagging".into()],
///     overwrite: None,
///     timestamp: 1315060510,
/// };
/// let form = signer.sign_form(&upload, "1234")?;
/// assert_eq!(
///     form.string_to_sign(),
///     "categorization=google_tagging,imagga_tagging&public_id=sample&timestamp=1315060510"
/// );
/// assert_eq!(form.signature(), &signer.sign(&upload));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadForm {
    /// Every field to send but `signature`, sorted by name; `timestamp` and `api_key`
    /// among them.
    fields: Vec<(String, String)>,
    api_key: String,
    timestamp: Timestamp,
    string_to_sign: String,
    signature: Signature,
}

impl UploadForm {
    /// `signed`: every signed field as it is sent, `timestamp` included; `api_key` is added.
    pub(crate) fn new(
        mut signed: Vec<(String, String)>,
        api_key: &str,
        timestamp: Timestamp,
        string_to_sign: String,
        signature: Signature,
    ) -> Self {
        signed.push(("api_key".to_owned(), api_key.to_owned()));
        signed.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            fields: signed,
            api_key: api_key.to_owned(),
            timestamp,
            string_to_sign,
            signature,
        }
    }

    /// The fields to send except `signature` (and `file`), sorted by name: every signed
    /// pair exactly as signed (an array as one `name[]` field per item, in order), with
    /// `timestamp` and `api_key` in their places.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The API key sent with the form (never the secret).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The signed timestamp.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The string that was signed (without the secret), to compare with the one in
    /// Cloudinary's `Invalid Signature … String to sign - '…'` error.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Every field to send (add `file`): [`fields`](Self::fields), then `signature`.
    pub fn to_fields(&self) -> Vec<(String, String)> {
        let mut fields = self.fields.clone();
        fields.push(("signature".to_owned(), self.signature.to_string()));
        fields
    }
}

impl Signer {
    /// Signs a `#[derive(Signable)]` struct and lays out the form to send, both from the
    /// struct's one generated walk: every signed pair exactly as signed (renamed keys,
    /// lists joined as signed, `#[sign(array)]` lists as one `name[]` field per item,
    /// empty values dropped as signing drops them), `timestamp`, and `api_key`. Fields
    /// marked `#[sign(exclude)]` are not sent: `file` is the transport's, `cloud_name` and
    /// `resource_type` belong in the endpoint's path, `api_key` is the argument, and any
    /// other field Cloudinary would sign on arrival, breaking the signature.
    ///
    /// The signature is the one [`sign`](Self::sign) gives (the same walk, into the
    /// hasher); it is made from the collected text here, so what is sent and what is
    /// signed come from one pass over the struct.
    ///
    /// # Errors
    /// [`Error::MalformedTimestamp`] when the struct's `timestamp` is not whole seconds
    /// Cloudinary can read (negative, or beyond `u64`).
    pub fn sign_form<T: SignableForm + ?Sized>(
        &self,
        params: &T,
        api_key: &str,
    ) -> Result<UploadForm, Error> {
        let mut writer = FormWriter::default();
        params.__walk(&mut writer);
        let timestamp = writer.timestamp()?;
        Ok(writer.finish(self, api_key, timestamp))
    }

    /// [`sign_form`](Self::sign_form) for a struct without a `timestamp` field: the signer's
    /// `timestamp` is signed in its sorted place and sent.
    pub fn sign_form_at<T: SignableFormAt + ?Sized>(
        &self,
        params: &T,
        api_key: &str,
        timestamp: Timestamp,
    ) -> UploadForm {
        let mut writer = FormWriter::default();
        params.__walk_at(timestamp, &mut writer);
        writer.finish(self, api_key, timestamp)
    }
}

/// One signed pair as the walk gave it.
struct SentPair {
    name: &'static str,
    /// The value's text as signed, before any `&` escaping; empty when dropped.
    text: String,
    /// An array's items (`#[sign(array)]`), sent as one `name[]` field each.
    items: Option<Vec<String>>,
    is_timestamp: bool,
}

/// The collecting [`ParamSink`]: every pair's plain text, in the walk's (sorted) order.
#[derive(Default)]
pub(crate) struct FormWriter {
    pairs: Vec<SentPair>,
}

impl FormWriter {
    fn push(&mut self, prefix: &'static str, text: String, items: Option<Vec<String>>) {
        self.pairs.push(SentPair {
            name: name_of(prefix),
            text,
            items,
            is_timestamp: false,
        });
    }

    /// The pairs as signed, `(name, text)`, the dropped ones left out (for
    /// `UploadParams::sign_with_extra`, which merges more pairs before signing).
    #[cfg(all(feature = "serde", feature = "derive"))]
    pub(crate) fn signed_texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.pairs
            .iter()
            .filter(|p| !p.text.is_empty())
            .map(|p| (p.name, p.text.as_str()))
    }

    /// The fields to send for the signed pairs: one per non-empty pair, an array's items
    /// as `name[]` fields.
    pub(crate) fn sent_fields(&self) -> Vec<(String, String)> {
        let mut fields = Vec::with_capacity(self.pairs.len() + 1);
        for pair in self.pairs.iter().filter(|p| !p.text.is_empty()) {
            match &pair.items {
                Some(items) => {
                    let name = format!("{}[]", pair.name);
                    fields.extend(items.iter().map(|item| (name.clone(), item.clone())));
                }
                None => fields.push((pair.name.to_owned(), pair.text.clone())),
            }
        }
        fields
    }

    /// The walked `timestamp` as whole seconds.
    fn timestamp(&self) -> Result<Timestamp, Error> {
        let text = self
            .pairs
            .iter()
            .find(|p| p.is_timestamp)
            .map(|p| p.text.as_str())
            .ok_or(Error::MissingTimestamp)?;
        text.parse::<u64>()
            .map(Timestamp::from_secs)
            .map_err(|_| Error::MalformedTimestamp { len: text.len() })
    }

    /// The string to sign of the collected pairs, the signature over it, and the form.
    fn finish(self, signer: &Signer, api_key: &str, timestamp: Timestamp) -> UploadForm {
        let mut string_to_sign = String::new();
        let mut canonical = CanonicalWriter::new(&mut string_to_sign, signer.signature_version());
        for pair in &self.pairs {
            canonical.param(pair.name, pair.text.as_str());
        }
        let signature = signer.hash_with_secret(signer.algorithm(), &[string_to_sign.as_bytes()]);
        UploadForm::new(
            self.sent_fields(),
            api_key,
            timestamp,
            string_to_sign,
            signature,
        )
    }
}

/// `"&name="` → `name`.
fn name_of(prefix: &'static str) -> &'static str {
    let name = prefix.strip_prefix('&').unwrap_or(prefix);
    name.strip_suffix('=').unwrap_or(name)
}

/// A value's plain text: what signing writes, before escaping.
fn plain(write: impl FnOnce(&mut ValueWriter<'_, String>)) -> String {
    let mut text = String::new();
    write(&mut ValueWriter::plain(&mut text, &mut false));
    text
}

impl ParamSink for FormWriter {
    type Text = String;

    fn __param_static<V: SignValue + ?Sized>(&mut self, prefix: &'static str, value: &V) {
        let text = plain(|w| value.write_value(w));
        self.push(prefix, text, None);
    }

    fn __param_static_joined<V: SignSeq + ?Sized>(
        &mut self,
        prefix: &'static str,
        separator: &'static str,
        value: &V,
    ) {
        let text = plain(|w| value.write_joined(separator, w));
        self.push(prefix, text, None);
    }

    fn __param_static_array<V: SignSeq + ?Sized>(&mut self, prefix: &'static str, value: &V) {
        let mut items = Items::default();
        value.write_joined(
            ",",
            &mut ValueWriter::new(&mut items, false, None, &mut false),
        );
        let (text, items) = items.finish();
        self.push(prefix, text, Some(items));
    }

    fn __param_static_with<F: FnOnce(&mut ValueWriter<'_, String>)>(
        &mut self,
        prefix: &'static str,
        write: F,
    ) {
        let text = plain(write);
        self.push(prefix, text, None);
    }

    fn __param_static_timestamp(&mut self, prefix: &'static str, text: TimestampText) {
        let text = plain(|w| w.write_integer_text(text.0));
        self.pairs.push(SentPair {
            name: name_of(prefix),
            text,
            items: None,
            is_timestamp: true,
        });
    }
}

/// The items of a `#[sign(array)]` list: a new item at each separator.
#[derive(Default)]
struct Items {
    items: Vec<String>,
    current: String,
    /// Whether anything (an item's text or a separator) was written.
    written: bool,
}

impl Items {
    /// The signed text (the items joined with `,`, empty when nothing was written) and
    /// the items.
    fn finish(mut self) -> (String, Vec<String>) {
        if !self.written {
            return (String::new(), Vec::new());
        }
        self.items.push(self.current);
        (self.items.join(","), self.items)
    }
}

impl Sink for Items {
    fn write_str(&mut self, s: &str) {
        self.written |= !s.is_empty();
        self.current.push_str(s);
    }

    fn __next_item(&mut self) -> bool {
        self.written = true;
        self.items.push(std::mem::take(&mut self.current));
        true
    }
}
