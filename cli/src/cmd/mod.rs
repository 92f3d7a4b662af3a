//! The commands, one file each; `run` sends a parsed command line to its command.

mod archive;
mod audio;
mod broadcast;
mod captions;
mod listing;
mod moderation;
mod quickstart;
mod recording_streams;
mod render;
mod serve;
mod session;
mod signal;
mod sip;
mod stream;
mod token;
mod webhook;

use clap::CommandFactory as _;

use crate::{
    args::{Cli, Command, SessionAction},
    failure::Failure,
    output,
};

/// `--header NAME=VALUE` flags as pairs. A header's text is not repeated in the error: its value may be a
/// credential.
fn headers(values: &[String]) -> Result<Vec<(String, String)>, Failure> {
    values
        .iter()
        .enumerate()
        .map(|(i, header)| match header.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_owned(), value.to_owned())),
            _ => Err(Failure::usage(format!("--header {}: must be NAME=VALUE with a non-empty NAME", i + 1))),
        })
        .collect()
}

/// Runs the command the command line names.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let json = cli.global.json;
    let credentials = &cli.global.credentials;
    match cli.command {
        Command::Token(command) => token::run(command, credentials, json),
        Command::Session { action: SessionAction::Create(args) } => session::create(args, credentials, json).await,
        Command::Session { action: SessionAction::Migrate { session_id } } => {
            session::migrate(&session_id, credentials, json).await
        }
        Command::Archive { action } => archive::run(action, credentials, json).await,
        Command::Broadcast { action } => broadcast::run(action, credentials, json).await,
        Command::Captions { action } => captions::run(action, credentials, json).await,
        Command::Render { action } => render::run(action, credentials, json).await,
        Command::AudioConnector { action } => audio::run(action, credentials, json).await,
        Command::Stream { action } => stream::run(action, credentials, json).await,
        Command::Signal(args) => signal::run(args, credentials, json).await,
        Command::Moderation { action } => moderation::run(action, credentials, json).await,
        Command::Sip { action } => sip::run(action, credentials, json).await,
        Command::Webhook { action } => webhook::run(action, credentials, json),
        Command::Serve(args) => serve::run(args).await,
        Command::Quickstart => quickstart::run(credentials, json).await,
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "opentok", &mut script);
            output::line(String::from_utf8_lossy(&script).trim_end())
        }
    }
}
