//! The settings of a signature: its hash algorithm and its signature version.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The hash of a signature. SHA-1 is Cloudinary's default; SHA-256 is chosen per account
/// (`signature_algorithm=sha256` in `CLOUDINARY_URL`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// SHA-1: 20 bytes, 40 hex characters. The default.
    #[default]
    Sha1,
    /// SHA-256: 32 bytes, 64 hex characters.
    Sha256,
}

impl Algorithm {
    /// The length of the raw digest in bytes (20 or 32).
    pub const fn digest_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
        }
    }

    /// The length of the hex digest in characters (40 or 64).
    pub const fn hex_len(self) -> usize {
        self.digest_len() * 2
    }

    /// The name Cloudinary uses: `"sha1"` or `"sha256"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses `sha1` or `sha256` (ASCII case-insensitive, `sha-1`/`sha-256` accepted too).
///
/// ```
/// use cld_sign::Algorithm;
/// assert_eq!("sha256".parse::<Algorithm>()?, Algorithm::Sha256);
/// assert!("md5".parse::<Algorithm>().is_err());
/// # Ok::<(), cld_sign::Error>(())
/// ```
impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        if s.eq_ignore_ascii_case("sha1") || s.eq_ignore_ascii_case("sha-1") {
            Ok(Self::Sha1)
        } else if s.eq_ignore_ascii_case("sha256") || s.eq_ignore_ascii_case("sha-256") {
            Ok(Self::Sha256)
        } else {
            Err(Error::UnsupportedAlgorithm { name: s.to_owned() })
        }
    }
}

/// How `&` inside a `name=value` pair is treated (SPEC §1.1, step 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// Legacy: no escaping. A value containing `&` can forge another parameter
    /// (CVE-2025-12613); use only to talk to accounts that still require it.
    V1,
    /// Every `&` inside a `name=value` pair is written as `%26`. The default.
    #[default]
    V2,
}

impl SignatureVersion {
    /// The version as a number, `1` or `2`.
    pub const fn number(self) -> u8 {
        match self {
            Self::V1 => 1,
            Self::V2 => 2,
        }
    }
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl TryFrom<u64> for SignatureVersion {
    type Error = Error;

    fn try_from(n: u64) -> Result<Self, Error> {
        match n {
            1 => Ok(Self::V1),
            2 => Ok(Self::V2),
            _ => Err(Error::UnsupportedSignatureVersion {
                version: n.to_string(),
            }),
        }
    }
}

/// Parses `1` or `2`.
///
/// ```
/// use cld_sign::SignatureVersion;
/// assert_eq!("1".parse::<SignatureVersion>()?, SignatureVersion::V1);
/// assert!("3".parse::<SignatureVersion>().is_err());
/// # Ok::<(), cld_sign::Error>(())
/// ```
impl FromStr for SignatureVersion {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "1" => Ok(Self::V1),
            "2" => Ok(Self::V2),
            _ => Err(Error::UnsupportedSignatureVersion {
                version: s.to_owned(),
            }),
        }
    }
}

/// Serialized as its name, `"sha1"` or `"sha256"` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Algorithm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Deserialized from its name, as [`FromStr`] reads it (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Algorithm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// Serialized as its number, `1` or `2` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for SignatureVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.number())
    }
}

/// Deserialized from its number, `1` or `2` (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for SignatureVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u64::deserialize(deserializer)?;
        Self::try_from(number).map_err(serde::de::Error::custom)
    }
}
