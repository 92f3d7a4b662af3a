//! The wall clock in the units the platform's tokens and JWTs use. Bottom floor: no `crate::` imports.

/// The current Unix time in seconds (see [`unix_now_ms`]).
pub(crate) fn unix_now() -> i64 {
    unix_now_ms().div_euclid(1000)
}

/// The current Unix time in milliseconds, from the kernel's coarse real-time clock on Linux.
///
/// `CLOCK_REALTIME_COARSE` is the time of the last scheduler tick, read from the vDSO without touching
/// the TSC: about 8 ns against 30–60 ns for `SystemTime::now()` on this project's (virtualised) build
/// machine, where the precise read was a fifth of everything a T1 token costs beyond its HMAC
/// (benches/tokens.rs). It lags the precise clock by at most one tick (1–4 ms), well inside the
/// one-second resolution of every time a token or an auth JWT carries.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn unix_now_ms() -> i64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::RealtimeCoarse);
    now.tv_sec.saturating_mul(1000).saturating_add(now.tv_nsec / 1_000_000)
}

/// The current Unix time in milliseconds (0 if the clock is before 1970).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn unix_now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| {
        i64::try_from(d.as_secs()).unwrap_or(i64::MAX).saturating_mul(1000).saturating_add(i64::from(d.subsec_millis()))
    })
}
