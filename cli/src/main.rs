//! `opentok`: the OpenTok (Vonage Video) platform from the shell, on the `opentok-sdk` crate.
//!
//! `main` parses the command line, runs the command on a Tokio runtime, and turns the outcome into an exit
//! code (see `failure::Exit`): a failure is one line on standard error (one JSON object with `--json`),
//! never a panic message or a backtrace.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod args;
mod client;
mod cmd;
mod failure;
mod ids;
mod output;
mod progress;
mod wait;

use std::{io::Write as _, process::ExitCode};

use clap::Parser as _;

use crate::{args::Cli, failure::Failure};

fn main() -> ExitCode {
    // A bug must still end in one line and a distinct code, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(std::io::stderr(), "opentok: internal error ({info}); please report it");
    }));
    // `--help`, `--version` and usage errors: clap prints them and exits 0 or 2.
    let cli = Cli::parse();
    let json = cli.global.json;
    let outcome = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(cmd::run(cli)),
        Err(e) => Err(Failure::other(format!("cannot start the async runtime: {e}"))),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(std::io::stderr(), "{}", failure.render(json));
            ExitCode::from(failure.exit as u8)
        }
    }
}
