//! The time window of a signed message: not older than `valid_for`, not further ahead of
//! The clock than `max_skew` (see `cld_sign::request`).

use crate::error::Error;
use crate::timestamp::Timestamp;

/// The default tolerated clock skew for timestamps from the future, in seconds.
pub(crate) const DEFAULT_MAX_SKEW: u64 = 300;

/// Checks `timestamp` against `now`. The boundary seconds are still valid: an age of
/// exactly `valid_for`, or a lead of exactly `max_skew`, passes.
pub(crate) fn check(
    timestamp: Timestamp,
    now: Timestamp,
    valid_for: u64,
    max_skew: u64,
) -> Result<(), Error> {
    let (ts, now) = (timestamp.as_secs(), now.as_secs());
    if let Some(age) = now.checked_sub(ts) {
        if age > valid_for {
            return Err(Error::Expired { age, valid_for });
        }
    } else {
        let ahead = ts - now;
        if ahead > max_skew {
            return Err(Error::FromFuture { ahead, max_skew });
        }
    }
    Ok(())
}
