//! `opentok render start|stop|get|list` (Experience Composer).

use std::time::Duration;

use opentok_sdk::render::{Render, RenderId, RenderStatus};
use serde_json::json;

use super::listing::{self, Table};
use crate::{
    args::{CredentialArgs, PageArgs, RenderAction, StartRenderArgs, WaitArgs},
    client::client,
    failure::Failure,
    ids, output,
    wait::{Progress, Waiting},
};

/// Runs `opentok render ...`.
pub async fn run(action: RenderAction, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    match action {
        RenderAction::Start(args) => start(args, credentials, json).await,
        RenderAction::Stop { render_id, wait } => stop(&render_id, &wait, credentials, json).await,
        RenderAction::Get { render_id } => {
            let id = render_id_arg(&render_id)?;
            let render = client(credentials)?.get_render(&id).await?;
            show(&render, json)
        }
        RenderAction::List(page) => list(page, credentials, json).await,
    }
}

fn render_id_arg(text: &str) -> Result<RenderId, Failure> {
    ids::platform_id("Experience Composer", text)
}

fn show(render: &Render, json: bool) -> Result<(), Failure> {
    if json {
        output::json(&render.to_json())
    } else {
        output::line(&output::render(render))
    }
}

async fn start(args: StartRenderArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let ot = client(credentials)?;
    let session_id = ids::session_id(&ot, &args.session_id)?;
    let mut token = ot.generate_token(&session_id).role(args.role);
    if let Some(data) = &args.data {
        token = token.data(data.as_str());
    }
    let token = token.build()?;
    let mut builder = ot.start_render(&session_id, &token, args.url);
    if let Some(name) = args.stream_name {
        builder = builder.stream_name(name);
    }
    if let Some(resolution) = args.resolution {
        builder = builder.resolution(resolution);
    }
    if let Some(duration) = args.max_duration {
        builder = builder.max_duration(duration);
    }
    if let Some(url) = args.status_callback_url {
        builder = builder.status_callback_url(url);
    }
    let render = builder.send().await?;
    let render = if args.wait.wait {
        let judge = |render: &Render| match &render.status {
            RenderStatus::Started => Progress::Ready,
            RenderStatus::Stopped | RenderStatus::Failed => Progress::Failed(ended(render)),
            status => Progress::Pending(status.to_string()),
        };
        let id = render.id.clone();
        waiting(&id, "see", args.wait.wait_timeout).until(render, judge, || ot.get_render(&id)).await?
    } else {
        render
    };
    show(&render, json)
}

/// `is stopped (reason)`.
fn ended(render: &Render) -> String {
    let reason = render.reason.as_deref().filter(|r| !r.is_empty()).map(|r| format!(" ({r})"));
    format!("is {}{}", render.status, reason.unwrap_or_default())
}

fn waiting(id: &RenderId, hint: &str, timeout_secs: u64) -> Waiting<'static> {
    Waiting {
        kind: "render",
        what: format!("Experience Composer {id}"),
        timeout: Duration::from_secs(timeout_secs),
        hint: format!("{hint} `opentok render get {id}`"),
    }
}

async fn stop(render_id: &str, wait: &WaitArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let id = render_id_arg(render_id)?;
    let ot = client(credentials)?;
    ot.stop_render(&id).await?;
    if wait.wait {
        let current = ot.get_render(&id).await?;
        let judge = |render: &Render| match &render.status {
            RenderStatus::Stopped => Progress::Ready,
            RenderStatus::Failed => Progress::Failed(ended(render)),
            status => Progress::Pending(status.to_string()),
        };
        let render = waiting(&id, "it may still stop: see", wait.wait_timeout)
            .until(current, judge, || ot.get_render(&id))
            .await?;
        return show(&render, json);
    }
    if json {
        output::json(&json!({ "id": id.as_str(), "stopped": true }))
    } else {
        output::line(&format!("stopped Experience Composer {id}"))
    }
}

async fn list(page: PageArgs, credentials: &CredentialArgs, json: bool) -> Result<(), Failure> {
    let table = Table {
        to_json: Render::to_json,
        header: output::list_header("URL"),
        row: output::render_row,
        noun: "Experience Composers",
    };
    listing::run(client(credentials)?.list_renders(), &page, table, json).await
}
