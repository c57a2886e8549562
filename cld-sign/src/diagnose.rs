//! Why Cloudinary answered `Invalid Signature`: a diagnosis from its 401 message, the
//! parameters that were signed and the signer.
//!
//! Cloudinary refuses a request whose signature is not the one it computes, with a 401 and
//!
//! ```text
//! {"error":{"message":"Invalid Signature <signature sent>. String to sign - '<text>'."}}
//! ```
//!
//! where `<text>` is the string to sign of the parameters Cloudinary **received** (the
//! secret is not shown, and is not in it). Either what was signed is not what was sent (the
//! Upload Widget's `source=uw`, a boolean spelled `1` here and `true` there, a list joined
//! another way, a field added after signing), or the signature was made with another
//! secret, algorithm or signature version. [`invalid_signature`] compares the message with
//! the parameters you signed and says which, as a [`Verdict`]:
//!
//! - `parameters_differ`: your string to sign is not Cloudinary's; the pairs signed but not
//!   received, received but not signed, and those with different values are named
//!   ([`Diagnosis::signed_not_received`], [`Diagnosis::received_not_signed`],
//!   [`Diagnosis::different_values`]).
//! - `wrong_secret`: the texts agree, but your secret over Cloudinary's text does not give
//!   the signature that was sent: whoever signed used another secret (a stale deployment,
//!   another account's key or secret).
//! - `algorithm_differs`: the signature sent has 40 hex digits (SHA-1) and yours 64
//!   (SHA-256), or the other way round.
//! - `signature_version_differs`: a value holds `&`, which signature version 2 writes as
//!   `%26` and version 1 as it is, and the two sides used different versions.
//! - `no_difference`: the signature sent is your secret's over Cloudinary's text: nothing
//!   differs here, so Cloudinary holds another secret for the API key that was sent, or the
//!   account expects SHA-256 signatures.
//!
//! Nothing shown holds the secret: the texts to sign never contain it.
//!
//! ```
//! use cld_sign::diagnose::{Verdict, invalid_signature};
//! use cld_sign::{ApiSecret, Params, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! // What the server signed:
//! let signed = Params::from_pairs([("folder", "docs"), ("timestamp", "1315060510")])?;
//! // What the Upload Widget sent, with its own `source=uw`, and Cloudinary's answer:
//! let body = r#"{"error":{"message":"Invalid Signature 0e3f1b5b4d5a2f8f1c8e34c8cbd3e5f0b7a9e0c1. String to sign - 'folder=docs&source=uw&timestamp=1315060510'."}}"#;
//! let diagnosis = invalid_signature(body, &signed, &signer)?;
//! assert_eq!(diagnosis.verdict(), Verdict::ParametersDiffer);
//! assert_eq!(diagnosis.received_not_signed(), [("source".to_owned(), "uw".to_owned())]);
//! assert!(diagnosis.to_string().starts_with("parameters_differ\n"));
//! # Ok::<(), cld_sign::Error>(())
//! ```

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

use crate::algorithm::{Algorithm, SignatureVersion};
use crate::error::{Error, MessageProblem, SignatureProblem};
use crate::request::Signable;
use crate::request::canonical::is_parameter_name;
use crate::signature::Signature;
use crate::signer::Signer;

/// Cloudinary's `Invalid Signature <signature>. String to sign - '<text>'.` message, taken
/// apart.
///
/// ```
/// use cld_sign::diagnose::InvalidSignature;
/// let message = InvalidSignature::parse(
///     "Invalid Signature f11d48772281ea76f3fc49f25cb048ddef90a43d. String to sign - 'timestamp=1479686175'.",
/// )?;
/// assert_eq!(message.signature(), "f11d48772281ea76f3fc49f25cb048ddef90a43d");
/// assert_eq!(message.string_to_sign(), "timestamp=1479686175");
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSignature {
    signature: String,
    string_to_sign: String,
}

impl InvalidSignature {
    /// Reads the message from Cloudinary's 401 body (`{"error":{"message":"…"}}`) or from
    /// the message itself, with any text before it (`Image upload failed - Invalid
    /// Signature …`). `Invalid Signature` and `String to sign` are found in either case;
    /// the text to sign runs to the message's last `'`.
    ///
    /// # Errors
    /// [`Error::MalformedMessage`] with the [`MessageProblem`]: a body starting with `{`
    /// that is not JSON or has no text at `error.message`, no `Invalid Signature`, or no
    /// `String to sign - '…'` after it. [`Error::MalformedSignature`] when no signature
    /// follows `Invalid Signature`.
    pub fn parse(body: &str) -> Result<Self, Error> {
        let problem = |problem| Error::MalformedMessage { problem };
        let body = body.trim();
        let from_json;
        let message = if body.starts_with('{') {
            let value: Value =
                serde_json::from_str(body).map_err(|_| problem(MessageProblem::NotJson))?;
            from_json = value
                .pointer("/error/message")
                .and_then(Value::as_str)
                .ok_or(problem(MessageProblem::NoErrorMessage))?
                .to_owned();
            from_json.as_str()
        } else {
            body
        };
        let after = after_ignoring_case(message, "invalid signature")
            .ok_or(problem(MessageProblem::NotInvalidSignature))?
            .trim_start();
        let len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if len == 0 {
            return Err(Error::MalformedSignature {
                reason: SignatureProblem::Missing,
            });
        }
        let (signature, rest) = after.split_at(len);
        let text = after_ignoring_case(rest, "string to sign - '")
            .ok_or(problem(MessageProblem::NoStringToSign))?;
        let end = text
            .rfind('\'')
            .ok_or(problem(MessageProblem::NoStringToSign))?;
        Ok(Self {
            signature: signature.to_owned(),
            string_to_sign: text[..end].to_owned(),
        })
    }

    /// The signature that was sent, as Cloudinary quotes it.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// Cloudinary's string to sign: that of the parameters it received.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }
}

/// What follows the first occurrence of the ASCII text `needle` in `text`, in either case.
fn after_ignoring_case<'t>(text: &'t str, needle: &str) -> Option<&'t str> {
    let at = text
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))?;
    text.get(at + needle.len()..)
}

/// What [`invalid_signature`] found; [`as_str`](Self::as_str) gives its snake_case word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// The texts agree, but the signature sent is not this secret's over them.
    WrongSecret,
    /// The parameters signed are not the parameters Cloudinary received.
    ParametersDiffer,
    /// The signature sent is of another algorithm (40 vs 64 hex digits).
    AlgorithmDiffers,
    /// A value holds `&`, and the two sides used different signature versions.
    SignatureVersionDiffers,
    /// The signature sent is this secret's over Cloudinary's text: nothing differs here.
    NoDifference,
}

impl Verdict {
    /// `wrong_secret`, `parameters_differ`, `algorithm_differs`,
    /// `signature_version_differs` or `no_difference`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::WrongSecret => "wrong_secret",
            Self::ParametersDiffer => "parameters_differ",
            Self::AlgorithmDiffers => "algorithm_differs",
            Self::SignatureVersionDiffers => "signature_version_differs",
            Self::NoDifference => "no_difference",
        }
    }

    /// Whether a cause was found: every verdict but [`NoDifference`](Self::NoDifference).
    pub const fn found_cause(self) -> bool {
        !matches!(self, Self::NoDifference)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parameter whose value was signed as one text and received as another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ValueDifference {
    /// The parameter's name.
    pub name: String,
    /// Its value in the string that was signed.
    pub signed: String,
    /// Its value in Cloudinary's string to sign.
    pub received: String,
}

/// Why Cloudinary answered `Invalid Signature` ([`invalid_signature`]). `Display` prints
/// the verdict's word on the first line, then the details; it never shows the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnosis {
    verdict: Verdict,
    sent_algorithm: Algorithm,
    algorithm: Algorithm,
    version: SignatureVersion,
    received_version: Option<SignatureVersion>,
    signed: String,
    received: String,
    signed_not_received: Vec<(String, String)>,
    received_not_signed: Vec<(String, String)>,
    different_values: Vec<ValueDifference>,
}

/// Diagnoses Cloudinary's `Invalid Signature` answer `body` (the 401 body or its message)
/// for `params`, the parameters that were signed, and `signer`, with the account's secret
/// and the algorithm and signature version they were meant to be signed with. See the
/// [module docs](self).
///
/// # Errors
/// Those of [`InvalidSignature::parse`]; [`Error::MalformedSignature`] when the signature
/// in the message is not 40 or 64 hex digits.
pub fn invalid_signature<T: Signable + ?Sized>(
    body: &str,
    params: &T,
    signer: &Signer,
) -> Result<Diagnosis, Error> {
    let message = InvalidSignature::parse(body)?;
    let sent_algorithm = match message.signature.len() {
        40 => Algorithm::Sha1,
        64 => Algorithm::Sha256,
        found => {
            return Err(Error::MalformedSignature {
                reason: SignatureProblem::WrongLength {
                    expected: signer.algorithm().hex_len(),
                    found,
                },
            });
        }
    };
    let sent = Signature::from_hex(sent_algorithm, &message.signature)?;
    let version = signer.signature_version();
    let other_version = match version {
        SignatureVersion::V1 => SignatureVersion::V2,
        SignatureVersion::V2 => SignatureVersion::V1,
    };
    let signed = signer.string_to_sign(params);
    let signed_other = signer
        .clone()
        .with_signature_version(other_version)
        .string_to_sign(params);
    let received = message.string_to_sign;
    let matches = |text: &str| {
        signer
            .hash_with_secret(sent_algorithm, &[text.as_bytes()])
            .ct_eq(&sent)
    };

    let mut received_version = None;
    let verdict = if sent_algorithm != signer.algorithm() {
        Verdict::AlgorithmDiffers
    } else if signed == received {
        if matches(&received) {
            Verdict::NoDifference
        } else if signed_other != signed && matches(&signed_other) {
            // Signed with the other version; Cloudinary read the text of this one.
            received_version = Some(version);
            Verdict::SignatureVersionDiffers
        } else {
            Verdict::WrongSecret
        }
    } else if signed_other == received {
        received_version = Some(other_version);
        Verdict::SignatureVersionDiffers
    } else {
        Verdict::ParametersDiffer
    };

    let (signed_not_received, received_not_signed, different_values) =
        compare(&pairs(&signed), &pairs(&received));
    Ok(Diagnosis {
        verdict,
        sent_algorithm,
        algorithm: signer.algorithm(),
        version,
        received_version,
        signed,
        received,
        signed_not_received,
        received_not_signed,
        different_values,
    })
}

type Pairs = Vec<(String, String)>;

/// The `name=value` pairs of a string to sign. A piece between `&`s that does not start
/// with `<name>=` belongs to the value before it (signature version 1 writes `&` as is).
fn pairs(text: &str) -> Vec<(&str, &str)> {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if text.is_empty() {
        return pairs;
    }
    // Where the current value starts; pieces are sub-slices of `text`.
    let mut value_start = 0;
    let mut offset = 0;
    for piece in text.split('&') {
        let piece_end = offset + piece.len();
        match piece.split_once('=') {
            Some((name, _)) if is_parameter_name(name) => {
                value_start = offset + name.len() + 1;
                pairs.push((name, &text[value_start..piece_end]));
            }
            _ => match pairs.last_mut() {
                Some(last) => last.1 = &text[value_start..piece_end],
                None => {
                    value_start = piece_end;
                    pairs.push((piece, ""));
                }
            },
        }
        offset = piece_end + 1;
    }
    pairs
}

/// Pairs signed but not received, received but not signed, and values that differ, each
/// in name order (a name given twice is matched in value order).
fn compare(
    signed: &[(&str, &str)],
    received: &[(&str, &str)],
) -> (Pairs, Pairs, Vec<ValueDifference>) {
    let mut signed = signed.to_vec();
    let mut received = received.to_vec();
    signed.sort_unstable();
    received.sort_unstable();
    let owned = |(name, value): (&str, &str)| (name.to_owned(), value.to_owned());
    let (mut only_signed, mut only_received, mut different) = (Vec::new(), Vec::new(), Vec::new());
    let (mut s, mut r) = (
        signed.into_iter().peekable(),
        received.into_iter().peekable(),
    );
    loop {
        let order = match (s.peek(), r.peek()) {
            (Some(a), Some(b)) => a.0.cmp(b.0),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match order {
            Ordering::Less => only_signed.extend(s.next().map(owned)),
            Ordering::Greater => only_received.extend(r.next().map(owned)),
            Ordering::Equal => {
                if let (Some(a), Some(b)) = (s.next(), r.next())
                    && a.1 != b.1
                {
                    different.push(ValueDifference {
                        name: a.0.to_owned(),
                        signed: a.1.to_owned(),
                        received: b.1.to_owned(),
                    });
                }
            }
        }
    }
    (only_signed, only_received, different)
}

impl Diagnosis {
    /// What was found.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// The algorithm of the signature that was sent (by its length).
    pub fn sent_algorithm(&self) -> Algorithm {
        self.sent_algorithm
    }

    /// The signer's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// For [`Verdict::SignatureVersionDiffers`], the version whose text Cloudinary's string
    /// to sign is: sign with it.
    pub fn received_version(&self) -> Option<SignatureVersion> {
        self.received_version
    }

    /// The string to sign of the parameters that were signed, with the signer's version.
    pub fn signed(&self) -> &str {
        &self.signed
    }

    /// Cloudinary's string to sign: that of the parameters it received.
    pub fn received(&self) -> &str {
        &self.received
    }

    /// `name=value` pairs that were signed but not received, in name order.
    pub fn signed_not_received(&self) -> &[(String, String)] {
        &self.signed_not_received
    }

    /// `name=value` pairs that were received but not signed, in name order.
    pub fn received_not_signed(&self) -> &[(String, String)] {
        &self.received_not_signed
    }

    /// Parameters signed with one value and received with another, in name order.
    pub fn different_values(&self) -> &[ValueDifference] {
        &self.different_values
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.verdict)?;
        match self.verdict {
            Verdict::WrongSecret => writeln!(
                f,
                "Cloudinary received the parameters that were signed, but the signature sent \
                 is not this secret's over them: the request was signed with another API \
                 secret, or for another account; check the secret of the process that signed."
            )?,
            Verdict::ParametersDiffer => writeln!(
                f,
                "Cloudinary did not receive the parameters that were signed; sign exactly what \
                 is sent (all but file, cloud_name, resource_type and api_key), each value \
                 spelled the same."
            )?,
            Verdict::AlgorithmDiffers => writeln!(
                f,
                "the signature sent has {} hex digits ({}), this signer's {} ({}); sign with the \
                 account's algorithm (signature_algorithm in CLOUDINARY_URL).",
                self.sent_algorithm.hex_len(),
                self.sent_algorithm,
                self.algorithm.hex_len(),
                self.algorithm,
            )?,
            Verdict::SignatureVersionDiffers => {
                let version = self.received_version.unwrap_or(self.version);
                writeln!(
                    f,
                    "a value holds `&`, which signature version 2 writes as %26 and version 1 as \
                     it is; Cloudinary's text is version {version}'s: sign with \
                     signature_version={version}."
                )?;
            }
            Verdict::NoDifference => writeln!(
                f,
                "the signature sent is this secret's over the text Cloudinary received: nothing \
                 differs here. Cloudinary holds another secret for the api_key that was sent \
                 (another account's key?), or the account expects {} signatures.",
                match self.algorithm {
                    Algorithm::Sha1 => Algorithm::Sha256,
                    Algorithm::Sha256 => Algorithm::Sha1,
                },
            )?,
        }
        for (name, value) in &self.signed_not_received {
            writeln!(f, "signed, not received: {name}={value}")?;
        }
        for (name, value) in &self.received_not_signed {
            writeln!(f, "received, not signed: {name}={value}")?;
        }
        for ValueDifference {
            name,
            signed,
            received,
        } in &self.different_values
        {
            writeln!(
                f,
                "different value: {name}: signed '{signed}', received '{received}'"
            )?;
        }
        writeln!(f, "signed:   '{}'", self.signed)?;
        write!(f, "received: '{}'", self.received)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_are_found_in_either_case() {
        assert_eq!(
            after_ignoring_case("xx INVALID sig", "invalid"),
            Some(" sig")
        );
        assert_eq!(after_ignoring_case("invalid", "invalid"), Some(""));
        assert_eq!(after_ignoring_case("invali", "invalid"), None);
        assert_eq!(after_ignoring_case("é invalid!", "invalid"), Some("!"));
    }

    #[test]
    fn pairs_keep_ampersands_of_version_one_values() {
        assert_eq!(
            pairs("a=1&b=x&y&c=2"),
            [("a", "1"), ("b", "x&y"), ("c", "2")]
        );
        assert_eq!(pairs("a=x&&b=="), [("a", "x&"), ("b", "=")]);
        assert_eq!(pairs("junk&a=1"), [("junk", ""), ("a", "1")]);
        assert_eq!(pairs("junk&more&a=1"), [("junk", "&more"), ("a", "1")]);
        assert_eq!(pairs("A=1&a=2"), [("A=1", ""), ("a", "2")]);
        assert_eq!(pairs(""), []);
        assert_eq!(pairs("&"), [("", "&")]);
    }

    #[test]
    fn comparison_names_each_side() {
        let (only_signed, only_received, different) = compare(
            &[("a", "1"), ("b", "2"), ("d", "4"), ("e", "5")],
            &[("b", "2"), ("c", "3"), ("d", "x"), ("f", "6")],
        );
        let owned = |v: &[(&str, &str)]| -> Pairs {
            v.iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(only_signed, owned(&[("a", "1"), ("e", "5")]));
        assert_eq!(only_received, owned(&[("c", "3"), ("f", "6")]));
        assert_eq!(
            different,
            [ValueDifference {
                name: "d".to_owned(),
                signed: "4".to_owned(),
                received: "x".to_owned()
            }]
        );
        let (a, b, c) = compare(&[("t", "1"), ("t", "2")], &[("t", "1")]);
        assert_eq!((a, b, c), (owned(&[("t", "2")]), Vec::new(), Vec::new()));
    }
}
