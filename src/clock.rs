//! The wall clock in the units the platform's tokens and JWTs use. Bottom floor: no `crate::` imports.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current Unix time in seconds (0 if the clock is before 1970).
pub(crate) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The current Unix time in milliseconds (0 if the clock is before 1970).
pub(crate) fn unix_now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
