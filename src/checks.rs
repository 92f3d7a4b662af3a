//! Checks shared by the request builders of several areas: client tokens passed to an operation, callback
//! URLs, and `maxDuration` values.

use std::{ops::RangeInclusive, time::Duration};

use crate::error::{Error, Result};

/// Checks a callback URL: 15 to 2048 characters, `http://` or `https://`.
pub(crate) fn check_callback_url(field: &'static str, url: &str) -> Result<()> {
    let chars = url.chars().count();
    if !(15..=2048).contains(&chars) {
        return Err(Error::invalid(field, format!("must be 15 to 2048 characters, got {chars}")));
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::invalid(field, "must be an http:// or https:// URL"));
    }
    Ok(())
}

/// Checks a client token passed to an operation: not empty, no whitespace (a token is one opaque word).
pub(crate) fn check_token(token: &str) -> Result<()> {
    if token.is_empty() {
        return Err(Error::invalid("token", "must not be empty: mint one for the session with `generate_token`"));
    }
    if token.chars().any(char::is_whitespace) {
        return Err(Error::invalid("token", "must not contain whitespace"));
    }
    Ok(())
}

/// A duration as whole seconds within `range`, for the `maxDuration` options.
pub(crate) fn whole_seconds(field: &'static str, duration: Duration, range: &RangeInclusive<Duration>) -> Result<i64> {
    let (low, high) = (range.start().as_secs(), range.end().as_secs());
    if duration.subsec_nanos() != 0 {
        return Err(Error::invalid(field, format!("must be whole seconds, {low} to {high}, got {duration:?}")));
    }
    if !range.contains(&duration) {
        return Err(Error::invalid(field, format!("must be {low} to {high} seconds, got {}", duration.as_secs())));
    }
    i64::try_from(duration.as_secs()).map_err(|_| Error::invalid(field, "is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_whole_seconds_in_range() {
        let range = Duration::from_secs(60)..=Duration::from_secs(36_000);
        assert_eq!(whole_seconds("d", Duration::from_secs(60), &range).unwrap(), 60);
        assert_eq!(whole_seconds("d", Duration::from_secs(36_000), &range).unwrap(), 36_000);
        for bad in [Duration::from_secs(59), Duration::from_secs(36_001), Duration::from_millis(60_001), Duration::MAX]
        {
            assert!(
                matches!(whole_seconds("d", bad, &range), Err(Error::InvalidArgument { field: "d", .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tokens_and_urls() {
        assert!(check_token("T1==abc").is_ok());
        assert!(check_token("").is_err() && check_token("a b").is_err());
        assert!(check_callback_url("u", "https://example.com").is_ok());
        assert!(
            check_callback_url("u", "http://ex.co/ab").is_ok() && check_callback_url("u", "http://ex.co/a").is_err()
        );
        assert!(check_callback_url("u", "https://e.c").is_err());
        assert!(check_callback_url("u", "file:///etc/passwd").is_err());
    }
}
