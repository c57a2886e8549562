//! What is sent (SPEC §1.6.3): the form fields of a signed upload request.

use crate::signature::Signature;

/// A signed upload request's form: every signed pair with exactly its signed text (a plain
/// list as one `name[]` field per item), plus `api_key`; and the signature. Add `file`.
///
/// Fields are sorted by name (UTF-8 bytes, stable), as the vectors list them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadForm {
    fields: Vec<(String, String)>,
    string_to_sign: String,
    signature: Signature,
}

impl UploadForm {
    pub(crate) fn new(
        mut fields: Vec<(String, String)>,
        string_to_sign: String,
        signature: Signature,
    ) -> Self {
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            fields,
            string_to_sign,
            signature,
        }
    }

    /// The fields to send except `signature` (and `file`), sorted by name.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The string that was signed (without the secret).
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
