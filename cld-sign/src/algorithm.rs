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

/// How `&` inside a `name=value` pair is treated (see `cld_sign::request`, step 5).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_print_and_parse_their_names() {
        for (algorithm, name, hex) in [
            (Algorithm::Sha1, "sha1", 40),
            (Algorithm::Sha256, "sha256", 64),
        ] {
            assert_eq!(algorithm.as_str(), name);
            assert_eq!(algorithm.to_string(), name);
            assert_eq!(algorithm.hex_len(), hex);
            assert_eq!(name.parse::<Algorithm>().unwrap(), algorithm);
            assert_eq!(name.to_uppercase().parse::<Algorithm>().unwrap(), algorithm);
        }
        assert_eq!("SHA-1".parse::<Algorithm>().unwrap(), Algorithm::Sha1);
        assert_eq!("sha-256".parse::<Algorithm>().unwrap(), Algorithm::Sha256);
        for bad in ["", "md5", "sha512", "sha 1"] {
            assert!(matches!(
                bad.parse::<Algorithm>(),
                Err(Error::UnsupportedAlgorithm { name }) if name == bad
            ));
        }
    }

    #[test]
    fn signature_versions_print_and_parse_their_numbers() {
        for (version, n) in [(SignatureVersion::V1, 1u8), (SignatureVersion::V2, 2)] {
            assert_eq!(version.number(), n);
            assert_eq!(version.to_string(), n.to_string());
            assert_eq!(SignatureVersion::try_from(u64::from(n)).unwrap(), version);
            assert_eq!(n.to_string().parse::<SignatureVersion>().unwrap(), version);
        }
        for bad in [0u64, 3, u64::MAX] {
            assert!(matches!(
                SignatureVersion::try_from(bad),
                Err(Error::UnsupportedSignatureVersion { version }) if version == bad.to_string()
            ));
        }
        for bad in ["", "0", "3", "02", "v2"] {
            assert!(matches!(
                bad.parse::<SignatureVersion>(),
                Err(Error::UnsupportedSignatureVersion { version }) if version == bad
            ));
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trips_and_refuses_unknown_values() {
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256] {
            let json = serde_json::to_string(&algorithm).unwrap();
            assert_eq!(json, format!("\"{}\"", algorithm.as_str()));
            assert_eq!(serde_json::from_str::<Algorithm>(&json).unwrap(), algorithm);
        }
        assert!(serde_json::from_str::<Algorithm>("\"md5\"").is_err());
        for version in [SignatureVersion::V1, SignatureVersion::V2] {
            let json = serde_json::to_string(&version).unwrap();
            assert_eq!(json, version.number().to_string());
            assert_eq!(
                serde_json::from_str::<SignatureVersion>(&json).unwrap(),
                version
            );
        }
        assert!(serde_json::from_str::<SignatureVersion>("3").is_err());
    }
}
