//! Unix time in whole seconds, as signed requests and notifications carry it.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Error;

/// A Unix time in whole seconds: the `timestamp` of a signed request and the
/// `X-Cld-Timestamp` of a notification.
///
/// ```
/// use cld_sign::Timestamp;
/// let t: Timestamp = "1315060510".parse()?;
/// assert_eq!(t.as_secs(), 1315060510);
/// assert!("13150605.10".parse::<Timestamp>().is_err());
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

impl Timestamp {
    /// A timestamp `secs` seconds after the Unix epoch.
    pub const fn from_secs(secs: u64) -> Self {
        Self(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// The current time from the system clock. A clock set before 1970 reads as 0, so
    /// every time window check against it fails rather than passes.
    pub fn now() -> Self {
        Self::try_from(SystemTime::now()).unwrap_or(Self(0))
    }

    /// Parses a timestamp whose text is signed (`X-Cld-Timestamp`, the notification rule (`cld_sign::notification`)): 1 to 19 ASCII
    /// digits with no leading zero (`0` itself aside). A leading zero would let a digit move
    /// between the body and the timestamp (`x0` + `T` signs the same bytes as `x` + `0T`).
    ///
    /// # Errors
    /// [`Error::MalformedTimestamp`].
    pub fn parse_canonical(text: &str) -> Result<Self, Error> {
        if text.len() > 1 && text.starts_with('0') {
            return Err(Error::MalformedTimestamp { len: text.len() });
        }
        text.parse()
    }

    /// The time `duration` after this one, in whole seconds; `None` on overflow.
    pub fn checked_add(self, duration: Duration) -> Option<Self> {
        self.0.checked_add(duration.as_secs()).map(Self)
    }
}

impl From<u64> for Timestamp {
    fn from(secs: u64) -> Self {
        Self(secs)
    }
}

/// Whole seconds since the Unix epoch (fractions dropped).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cld_sign::{ErrorKind, Timestamp};
/// let t = Timestamp::try_from(UNIX_EPOCH + Duration::from_millis(1_315_060_510_999))?;
/// assert_eq!(t, Timestamp::from_secs(1_315_060_510));
/// let before = Timestamp::try_from(UNIX_EPOCH - Duration::from_secs(1)).unwrap_err();
/// assert_eq!(before.kind(), ErrorKind::MalformedTimestamp);
/// # Ok::<(), cld_sign::Error>(())
/// ```
impl TryFrom<SystemTime> for Timestamp {
    type Error = Error;

    /// # Errors
    /// [`Error::BeforeUnixEpoch`] for a time before 1970.
    fn try_from(time: SystemTime) -> Result<Self, Error> {
        time.duration_since(UNIX_EPOCH)
            .map(|d| Self(d.as_secs()))
            .map_err(|_| Error::BeforeUnixEpoch)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Parses 1 to 19 ASCII digits (see `cld_sign::notification`); anything else is [`Error::MalformedTimestamp`].
impl FromStr for Timestamp {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        // 1 to 19 digits: below 10^19, which fits a u64, so no step can overflow. Every
        // byte is read (no early exit): the usual ten digits go through without a branch.
        let (secs, digits) = s.bytes().fold((0u64, true), |(secs, digits), b| {
            let digit = b.wrapping_sub(b'0');
            (
                secs.wrapping_mul(10).wrapping_add(u64::from(digit)),
                digits & (digit < 10),
            )
        });
        if digits && (1..=19).contains(&s.len()) {
            Ok(Self(secs))
        } else {
            Err(Error::MalformedTimestamp { len: s.len() })
        }
    }
}

/// Serialized as its number of seconds (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

/// Deserialized from a number of seconds (feature `serde`).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u64::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::Timestamp;
    use crate::Error;

    #[test]
    fn text_is_1_to_19_digits_and_canonical_text_has_no_leading_zero() {
        let secs = |text: &str| text.parse::<Timestamp>().map(Timestamp::as_secs);
        assert_eq!(secs("0").unwrap(), 0);
        assert_eq!(secs("007").unwrap(), 7);
        assert_eq!(
            secs("1234567890123456789").unwrap(),
            1_234_567_890_123_456_789
        );
        // `/` and `:` sit either side of the digits: the digit test is exactly `0`..=`9`.
        for bad in [
            "",
            "12345678901234567890",
            "12a",
            "-1",
            "+1",
            " 1",
            "131506051:",
            "/315060510",
        ] {
            assert!(
                matches!(secs(bad), Err(Error::MalformedTimestamp { len }) if len == bad.len()),
                "{bad:?}"
            );
        }
        assert_eq!(Timestamp::parse_canonical("0").unwrap().as_secs(), 0);
        assert_eq!(Timestamp::parse_canonical("10").unwrap().as_secs(), 10);
        assert!(matches!(
            Timestamp::parse_canonical("01"),
            Err(Error::MalformedTimestamp { len: 2 })
        ));
    }

    #[test]
    fn adding_checks_for_overflow() {
        let t = Timestamp::from_secs(1);
        assert_eq!(
            t.checked_add(Duration::from_millis(2_900)),
            Some(Timestamp::from_secs(3))
        );
        assert_eq!(
            Timestamp::from_secs(u64::MAX).checked_add(Duration::from_secs(1)),
            None
        );
    }
}
