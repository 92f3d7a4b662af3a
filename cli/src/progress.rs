//! A one-line spinner on standard error while a command waits: `| waiting for archive …: stopped (4s)`.
//!
//! Hand-written (a dozen lines) rather than a progress-bar crate: one line of text redrawn with `\r` is all
//! that is needed, and the CLI's dependency graph stays the SDK's plus clap. Drawn only when standard error
//! is a terminal, so logs and pipes get nothing.

use std::{
    io::{IsTerminal as _, Write as _},
    time::Instant,
};

const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// The spinner. Dropping it erases its line.
#[derive(Debug)]
pub struct Spinner {
    enabled: bool,
    frame: usize,
    started: Instant,
    drawn: bool,
}

impl Spinner {
    /// A spinner, drawn only if standard error is a terminal.
    pub fn new() -> Self {
        Self { enabled: std::io::stderr().is_terminal(), frame: 0, started: Instant::now(), drawn: false }
    }

    /// Redraws the line with the next frame, `message` and the time since the start.
    pub fn tick(&mut self, message: &str) {
        if !self.enabled {
            return;
        }
        let frame = FRAMES[self.frame % FRAMES.len()];
        self.frame = self.frame.wrapping_add(1);
        let secs = self.started.elapsed().as_secs();
        // `\x1b[K` erases what a longer earlier message left. A failed write only loses the spinner.
        let _ = write!(std::io::stderr(), "\r{frame} {message} ({secs}s)\x1b[K");
        self.drawn = true;
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}
