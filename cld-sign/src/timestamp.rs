//! Unix time in whole seconds, as signed requests and notifications carry it.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

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

    /// The current time from the system clock (0 if the clock is before 1970).
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }
}

impl From<u64> for Timestamp {
    fn from(secs: u64) -> Self {
        Self(secs)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        Self(time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Parses 1 to 19 ASCII digits (SPEC §2); anything else is [`Error::MalformedTimestamp`].
impl FromStr for Timestamp {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let malformed = || Error::MalformedTimestamp { len: s.len() };
        if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        s.parse().map(Self).map_err(|_| malformed())
    }
}
