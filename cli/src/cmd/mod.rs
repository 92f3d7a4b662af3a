//! The commands, one file each; `run` sends a parsed command line to its command.

mod archive;
mod quickstart;
mod serve;
mod session;
mod token;

use clap::CommandFactory as _;

use crate::{
    args::{Cli, Command, SessionAction},
    failure::Failure,
    output,
};

/// Runs the command the command line names.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let json = cli.global.json;
    let credentials = &cli.global.credentials;
    match cli.command {
        Command::Token(command) => token::run(command, credentials, json),
        Command::Session { action: SessionAction::Create(args) } => session::create(args, credentials, json).await,
        Command::Archive { action } => archive::run(action, credentials, json).await,
        Command::Serve(args) => serve::run(args).await,
        Command::Quickstart => quickstart::run(credentials, json).await,
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "opentok", &mut script);
            output::line(String::from_utf8_lossy(&script).trim_end())
        }
    }
}
