//! The Media Library widget login signature (see `cld_sign::media_library`).
//!
//! # The rule
//!
//! signature = hex **SHA-256** of (`cloud_name=<c>&timestamp=<t>&username=<u>` ++ secret):
//! The request rule (`cld_sign::request`) steps 2–6 over exactly these three parameters. Here `cloud_name` **is** signed
//! (this is not a request signature, whose excluded names stay excluded); always SHA-256,
//! whatever the signer's algorithm; signature version 2 escaping applies (`&` → `%26`), whatever
//! The signer's version. An empty username is dropped like any empty value. The timestamp is
//! Unix seconds; `0` is kept.
//!
//! An empty cloud name is refused ([`Error::MissingCloudName`]): dropped like an empty
//! value, it would leave `timestamp=<t>&username=<u>`, the string of a request signature
//! (SHA-256) over those two parameters, which a server that signs a browser's parameters
//! could be made to hand out as a login.
//!
//! The widget takes `cloud_name`, `api_key`, `username`, `timestamp` and `signature`:
//! [`MediaLibraryLogin::sign`] returns all five as a [`SignedMediaLibraryLogin`] (serializable with
//! The `serde` feature, to hand to the browser as JSON).
//!
//! # Example
//!
//! Cloud `my_company`, username `jane@mydomain.com`, timestamp 1518601863, secret `abcd`:
//!
//! ```
//! use cld_sign::media_library::MediaLibraryLogin;
//! use cld_sign::{ApiSecret, Signer, Timestamp};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let login = MediaLibraryLogin::new("my_company", "1234", "jane@mydomain.com", Timestamp::from(1518601863))?;
//! assert_eq!(
//!     login.string_to_sign(),
//!     "cloud_name=my_company&timestamp=1518601863&username=jane@mydomain.com"
//! );
//! let signed = login.sign(&signer);
//! assert_eq!(
//!     signed.signature().to_string(),
//!     "01d6270bc20a6e8414414f74e9968e497e262439ccc0628f7000e2e28ca440f0"
//! );
//! assert_eq!(signed.cloud_name(), "my_company");
//! assert_eq!(signed.api_key(), "1234");
//! # Ok::<(), cld_sign::Error>(())
//! ```

use crate::algorithm::{Algorithm, SignatureVersion};
use crate::error::Error;
use crate::request::canonical::CanonicalWriter;
use crate::signature::Signature;
use crate::signer::Signer;
use crate::timestamp::Timestamp;

/// What the Media Library widget's login is signed over: cloud name, username and timestamp
/// (plus the API key it is handed with, which is not signed).
///
/// ```
/// use cld_sign::media_library::MediaLibraryLogin;
/// use cld_sign::{ApiSecret, Signer, Timestamp};
///
/// let signer = Signer::new(ApiSecret::new("abcd")?);
/// // An `&` is escaped (signature version 2); an empty username is dropped.
/// let login = MediaLibraryLogin::new("a&b", "1234", "", Timestamp::from(0))?;
/// assert_eq!(login.string_to_sign(), "cloud_name=a%26b&timestamp=0");
/// assert_eq!(login.sign(&signer).signature().algorithm(), cld_sign::Algorithm::Sha256);
///
/// // An empty cloud name is refused: the login would sign what a request signature does.
/// let err = MediaLibraryLogin::new("", "1234", "jane", Timestamp::from(0)).unwrap_err();
/// assert_eq!(err.kind(), cld_sign::ErrorKind::MissingCloudName);
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaLibraryLogin {
    cloud_name: String,
    api_key: String,
    username: String,
    timestamp: Timestamp,
}

impl MediaLibraryLogin {
    /// A login for `username` on `cloud_name` at `timestamp` (Unix seconds), to be handed to
    /// the widget with `api_key`.
    ///
    /// # Errors
    /// [`Error::MissingCloudName`] for an empty cloud name: dropped like any empty value, it
    /// would make the login the request signature of `timestamp` and `username`.
    pub fn new(
        cloud_name: impl Into<String>,
        api_key: impl Into<String>,
        username: impl Into<String>,
        timestamp: Timestamp,
    ) -> Result<Self, Error> {
        let cloud_name = cloud_name.into();
        if cloud_name.is_empty() {
            return Err(Error::MissingCloudName);
        }
        Ok(Self {
            cloud_name,
            api_key: api_key.into(),
            username: username.into(),
            timestamp,
        })
    }

    /// The string to sign (without the secret):
    /// `cloud_name=<c>&timestamp=<t>&username=<u>`, `&` escaped, empty values dropped.
    pub fn string_to_sign(&self) -> String {
        let mut text = String::new();
        self.write(&mut text);
        text
    }

    /// Signs the login with the signer's secret: always SHA-256, whatever the signer's
    /// algorithm and signature version.
    pub fn sign(&self, signer: &Signer) -> SignedMediaLibraryLogin {
        let text = self.string_to_sign();
        let signature = signer.hash_with_secret(Algorithm::Sha256, &[text.as_bytes()]);
        SignedMediaLibraryLogin {
            cloud_name: self.cloud_name.clone(),
            api_key: self.api_key.clone(),
            username: self.username.clone(),
            timestamp: self.timestamp,
            signature,
        }
    }

    /// The three pairs in byte order of their names, through the request rule's writer
    /// (drops empties, escapes `&`), but with `cloud_name` signed: this scheme's own list.
    fn write(&self, text: &mut String) {
        let mut out = CanonicalWriter::new(text, SignatureVersion::V2);
        out.param("cloud_name", self.cloud_name.as_str());
        out.param("timestamp", &self.timestamp);
        out.param("username", self.username.as_str());
    }
}

/// A Media Library login signed here ([`MediaLibraryLogin::sign`]): everything the widget
/// needs to log in, `cloud_name`, `api_key`, `username`, `timestamp` and `signature`.
///
/// With the `serde` feature it serializes as an object with exactly those five members
/// (`timestamp` a number, `signature` lower-case hex), ready to pass to
/// `cloudinary.createMediaLibrary`, and reads back from the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedMediaLibraryLogin {
    cloud_name: String,
    api_key: String,
    username: String,
    timestamp: Timestamp,
    signature: Signature,
}

impl SignedMediaLibraryLogin {
    /// The cloud name.
    pub fn cloud_name(&self) -> &str {
        &self.cloud_name
    }

    /// The API key (not signed; the widget sends it with the signature).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The username.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The timestamp signed.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The SHA-256 signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }
}

/// Serialized as the widget's options: `cloud_name`, `api_key`, `username`, `timestamp` (a
/// number) and `signature` (lower-case hex) (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignedMediaLibraryLogin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SignedMediaLibraryLogin", 5)?;
        s.serialize_field("cloud_name", &self.cloud_name)?;
        s.serialize_field("api_key", &self.api_key)?;
        s.serialize_field("username", &self.username)?;
        s.serialize_field("timestamp", &self.timestamp.as_secs())?;
        s.serialize_field("signature", &self.signature.to_string())?;
        s.end()
    }
}

/// Read from the object it serializes to (feature `serde`): every member required, no
/// other member, `signature` the 64 hex digits of SHA-256.
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for SignedMediaLibraryLogin {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Members {
            cloud_name: String,
            api_key: String,
            username: String,
            timestamp: Timestamp,
            signature: String,
        }
        let m = Members::deserialize(deserializer)?;
        let signature = Signature::from_hex(Algorithm::Sha256, &m.signature)
            .map_err(serde::de::Error::custom)?;
        Ok(Self {
            cloud_name: m.cloud_name,
            api_key: m.api_key,
            username: m.username,
            timestamp: m.timestamp,
            signature,
        })
    }
}
