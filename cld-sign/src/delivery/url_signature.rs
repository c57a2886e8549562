//! The `s--…--` component of a signed delivery URL (see `cld_sign::delivery`).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

use crate::algorithm::Algorithm;
use crate::signer::Signer;

/// Which delivery URL signature: short (the default) or long.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlSignatureKind {
    /// 8 characters, with the signer's algorithm (SHA-1 unless configured otherwise).
    #[default]
    Short,
    /// 32 characters, always SHA-256 (`long_url_signature` in the SDKs).
    Long,
}

impl UrlSignatureKind {
    /// The number of base64 characters kept: 8 or 32.
    pub const fn signature_len(self) -> usize {
        match self {
            Self::Short => 8,
            Self::Long => 32,
        }
    }

    /// The kind whose signatures have `len` characters, if any. This is how a verifier
    /// knows which one a URL carries.
    pub const fn from_len(len: usize) -> Option<Self> {
        match len {
            8 => Some(Self::Short),
            32 => Some(Self::Long),
            _ => None,
        }
    }

    /// The algorithm of this kind for a signer configured with `configured`.
    pub const fn algorithm(self, configured: Algorithm) -> Algorithm {
        match self {
            Self::Short => configured,
            Self::Long => Algorithm::Sha256,
        }
    }
}

/// A delivery URL signature component, `s--` + signature + `--`, held on the stack.
///
/// The signature is the first 8 (short) or 32 (long) characters of the URL-safe base64
/// (`-`, `_`, no padding) of HASH(to_sign ++ secret). Equality is constant-time.
///
/// ```
/// use cld_sign::delivery::{UrlSignature, UrlSignatureKind};
/// use cld_sign::{ApiSecret, Signer};
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// assert_eq!(UrlSignature::sign(&signer, "sample", UrlSignatureKind::Short).as_str(), "s--y-tjJGJv--");
/// assert_eq!(
///     UrlSignature::sign(&signer, "sample", UrlSignatureKind::Long).signature(),
///     "J3bQPfNNFwWlVnFMk5LMG_GXLecrij7Z"
/// );
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct UrlSignature {
    /// `s--` + up to 32 characters + `--`.
    buf: [u8; 37],
    kind: UrlSignatureKind,
}

impl UrlSignature {
    const PREFIX: &'static [u8] = b"s--";
    const SUFFIX: &'static [u8] = b"--";

    fn new(kind: UrlSignatureKind, digest: &[u8]) -> Self {
        // 32 digest bytes are 43 base64 characters: enough for either kind.
        let mut encoded = [0u8; 44];
        let written = URL_SAFE_NO_PAD
            .encode_slice(digest, &mut encoded)
            .unwrap_or_default();
        let mut buf = [0u8; 37];
        let n = kind.signature_len().min(written);
        let end = Self::PREFIX.len() + n;
        buf[..Self::PREFIX.len()].copy_from_slice(Self::PREFIX);
        buf[Self::PREFIX.len()..end].copy_from_slice(&encoded[..n]);
        buf[end..end + Self::SUFFIX.len()].copy_from_slice(Self::SUFFIX);
        Self { buf, kind }
    }

    /// The `s--…--` component for the path `to_sign`, signed with `signer`'s current
    /// secret: what follows the signature component in the URL, without the version
    /// (`c_fill,h_150,w_100/sample`, `folder/sample.png`).
    ///
    /// Short signatures use the signer's algorithm; long ones always SHA-256. Most code
    /// builds whole URLs with [`DeliveryUrl`](super::DeliveryUrl) and checks them with
    /// [`DeliveryUrlVerifier`](super::DeliveryUrlVerifier) instead.
    pub fn sign(signer: &Signer, to_sign: &str, kind: UrlSignatureKind) -> Self {
        let algorithm = kind.algorithm(signer.algorithm());
        let digest = signer.hash_with_secret(algorithm, &[to_sign.as_bytes()]);
        Self::new(kind, digest.as_bytes())
    }

    /// The short or long kind.
    pub fn kind(&self) -> UrlSignatureKind {
        self.kind
    }

    /// The whole component, e.g. `s--y-tjJGJv--`.
    pub fn as_str(&self) -> &str {
        let len = Self::PREFIX.len() + self.kind.signature_len() + Self::SUFFIX.len();
        // Only ASCII is ever written into the buffer.
        std::str::from_utf8(&self.buf[..len]).unwrap_or_default()
    }

    /// The signature alone, without `s--` and `--`, e.g. `y-tjJGJv`.
    pub fn signature(&self) -> &str {
        let start = Self::PREFIX.len();
        std::str::from_utf8(&self.buf[start..start + self.kind.signature_len()]).unwrap_or_default()
    }

    /// Compares with the signature text `received` (without `s--`/`--`) in constant time.
    pub fn ct_eq_signature(&self, received: &str) -> bool {
        bool::from(self.signature().as_bytes().ct_eq(received.as_bytes()))
    }
}

impl PartialEq for UrlSignature {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq_signature(other.signature())
    }
}

impl Eq for UrlSignature {}

impl fmt::Display for UrlSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for UrlSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UrlSignature({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use crate::{ApiSecret, Signer, delivery::DeliveryUrl};

    #[test]
    fn the_component_prints_as_its_text() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let url = DeliveryUrl::new("demo", "sample").sign(&signer).unwrap();
        let signature = url.signature().unwrap();
        let text = signature.as_str();
        assert!(text.len() == 13 && text.starts_with("s--") && text.ends_with("--"));
        assert!(url.as_str().contains(&format!("/{text}/")));
        assert_eq!(signature.to_string(), text);
        assert_eq!(format!("{signature:?}"), format!("UrlSignature({text})"));
    }
}
