//! `--wait`: polling the platform until something is ready, with a spinner, a failure when it fails and a
//! time limit.

use std::{
    future::Future,
    time::{Duration, Instant},
};

use crate::{failure::Failure, progress::Spinner};

/// How often the platform is asked.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How often the spinner moves while waiting.
const SPINNER_TICK: Duration = Duration::from_millis(100);

/// Where the thing waited for is.
pub enum Progress {
    /// Ready: waiting ends.
    Ready,
    /// It failed, or can no longer become ready: the text says how (`is failed (reason)`).
    Failed(String),
    /// Not yet: the text is its status, for the spinner and the time-out message.
    Pending(String),
}

/// What is waited for.
pub struct Waiting<'a> {
    /// The failure kind in `--json` errors: `archive`, `broadcast`, `render`.
    pub kind: &'a str,
    /// How messages name it: `archive 9b1e…`.
    pub what: String,
    /// `--wait-timeout`.
    pub timeout: Duration,
    /// What the time-out message ends with, such as where to look next.
    pub hint: String,
}

impl Waiting<'_> {
    /// Polls with `fetch` until `judge` says ready, starting from `current`.
    ///
    /// # Errors
    /// [`Failure::state`] (exit code 4) when it fails, [`Failure::wait_timeout`] (5) when the time is up,
    /// and the error of a failed `fetch`.
    pub async fn until<T, F, Fut>(
        self,
        mut current: T,
        judge: impl Fn(&T) -> Progress,
        mut fetch: F,
    ) -> Result<T, Failure>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = opentok_sdk::Result<T>>,
    {
        let deadline = Instant::now().checked_add(self.timeout);
        let mut spinner = Spinner::new();
        loop {
            let status = match judge(&current) {
                Progress::Ready => return Ok(current),
                Progress::Failed(how) => return Err(Failure::state(self.kind, format!("{} {how}", self.what))),
                Progress::Pending(status) => status,
            };
            let next_poll = Instant::now().checked_add(POLL_INTERVAL);
            let too_late = match (next_poll, deadline) {
                (Some(next), Some(deadline)) => next > deadline,
                (None, _) => true,
                (Some(_), None) => false,
            };
            if too_late {
                return Err(Failure::wait_timeout(format!(
                    "{} is still {status}; stopped waiting (--wait-timeout {}); {}",
                    self.what,
                    self.timeout.as_secs(),
                    self.hint
                )));
            }
            let message = format!("waiting for {}: {status}", self.what);
            while next_poll.is_some_and(|next| Instant::now() < next) {
                spinner.tick(&message);
                tokio::time::sleep(SPINNER_TICK).await;
            }
            current = fetch().await?;
        }
    }
}
