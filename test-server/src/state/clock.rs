//! The test server's clock: the wall clock plus an offset that tests move forward
//! ([`crate::TestServer::advance_clock`]), so that time limits (an Experience Composer's
//! `maxDuration`, the session-migration windows) can be reached without waiting.

use super::{now_ms, World};

impl World {
    /// Milliseconds since the Unix epoch on the test server's clock.
    pub fn now(&self) -> i64 {
        now_ms().saturating_add(self.clock_offset_ms)
    }
}
