//! What the commands print: aligned `name: value` blocks for people, JSON for scripts, written so that a
//! closed pipe (`opentok archive list | head -1`) ends the output quietly instead of panicking.

use std::io::{ErrorKind, Write as _};

use chrono::{DateTime, SecondsFormat, Utc};
use opentok_sdk::{
    archive::Archive, broadcast::Broadcast, moderation::Connection, render::Render, stream::Stream, TokenClaims,
    TokenFormat,
};
use serde_json::{json, Value};

use crate::failure::Failure;

/// Writes `text` and a newline to standard output. A reader that went away is not an error.
///
/// # Errors
/// [`Failure::other`] if standard output cannot be written for another reason.
pub fn line(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Failure::other(format!("cannot write the output: {e}"))),
        _ => Ok(()),
    }
}

/// Writes a JSON value, pretty-printed.
///
/// # Errors
/// As [`line()`].
pub fn json(value: &Value) -> Result<(), Failure> {
    line(&serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()))
}

/// Aligned `name: value` lines.
pub fn block(fields: &[(&str, String)]) -> String {
    let width = fields.iter().map(|(name, _)| name.len()).max().unwrap_or(0) + 1;
    let lines: Vec<String> =
        fields.iter().map(|(name, value)| format!("{:<width$} {value}", format!("{name}:"))).collect();
    lines.join("\n")
}

/// A Unix time as RFC 3339 with the number after it.
pub fn unix_time(secs: i64) -> String {
    match DateTime::from_timestamp(secs, 0) {
        Some(t) => format!("{} ({secs})", t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        None => secs.to_string(),
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An archive, for people.
pub fn archive(a: &Archive) -> String {
    let mut fields = vec![("id", a.id.to_string()), ("status", a.status.to_string())];
    let mut opt = |name, value: Option<String>| {
        if let Some(value) = value {
            fields.push((name, value));
        }
    };
    opt("name", a.name.clone());
    opt("session id", a.session_id.as_ref().map(ToString::to_string));
    opt("created at", a.created_at.map(rfc3339));
    opt("duration", a.duration.map(|d| format!("{}s", d.as_secs())));
    opt("size", a.size.map(|s| format!("{s} bytes")));
    opt("output mode", a.output_mode.as_ref().map(ToString::to_string));
    opt("stream mode", a.stream_mode.as_ref().map(ToString::to_string));
    opt("resolution", a.resolution.clone());
    opt("audio", a.has_audio.map(yes_no));
    opt("video", a.has_video.map(yes_no));
    opt("multi-archive tag", a.multi_archive_tag.clone());
    opt("reason", a.reason.clone().filter(|r| !r.is_empty()));
    opt("url", a.url.clone());
    opt(
        "transcription",
        a.transcription.as_ref().map(|t| {
            let status = t.status.as_ref().map_or_else(|| "requested".to_owned(), ToString::to_string);
            let language = t.primary_language_code.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
            let url = t.url.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            format!("{status}{language}{url}")
        }),
    );
    block(&fields)
}

fn yes_no(on: bool) -> String {
    if on { "yes" } else { "no" }.to_owned()
}

/// One line of `archive list`: id, status, creation time, name.
pub fn archive_row(a: &Archive) -> String {
    format!(
        "{:<36}  {:<9}  {:<20}  {}",
        a.id.as_str(),
        a.status.as_str(),
        a.created_at.map(rfc3339).unwrap_or_else(|| "-".into()),
        a.name.as_deref().unwrap_or("")
    )
}

/// The header of `archive list`.
pub fn archive_header() -> String {
    format!("{:<36}  {:<9}  {:<20}  {}", "ID", "STATUS", "CREATED", "NAME")
}

/// A broadcast, for people. RTMP stream names (stream keys) are not shown.
pub fn broadcast(b: &Broadcast) -> String {
    let mut fields = vec![("id", b.id.to_string()), ("status", b.status.to_string())];
    let mut opt = |name, value: Option<String>| {
        if let Some(value) = value {
            fields.push((name, value));
        }
    };
    opt("session id", b.session_id.as_ref().map(ToString::to_string));
    opt("created at", b.created_at.map(rfc3339));
    opt("hls", b.hls_url().map(str::to_owned));
    opt("hls status", b.hls_status().map(ToString::to_string));
    for target in b.rtmp() {
        let name = target.id.as_deref().map(|id| format!("{id}: ")).unwrap_or_default();
        let server = target.server_url.as_deref().unwrap_or("?");
        let status = target.status.as_ref().map_or_else(|| "?".to_owned(), ToString::to_string);
        fields.push(("rtmp", format!("{name}{server} ({status})")));
    }
    let mut opt = |name, value: Option<String>| {
        if let Some(value) = value {
            fields.push((name, value));
        }
    };
    opt("resolution", b.resolution.clone());
    opt("max duration", b.max_duration.map(|d| format!("{}s", d.as_secs())));
    opt("stream mode", b.stream_mode.as_ref().map(ToString::to_string));
    opt("audio", b.has_audio.map(yes_no));
    opt("video", b.has_video.map(yes_no));
    opt("multi-broadcast tag", b.multi_broadcast_tag.clone());
    opt("reason", b.reason.clone().filter(|r| !r.is_empty()));
    block(&fields)
}

/// One line of `broadcast list`: id, status, creation time, session.
pub fn broadcast_row(b: &Broadcast) -> String {
    row(b.id.as_str(), b.status.as_str(), b.created_at, b.session_id.as_ref().map_or("", |s| s.as_str()))
}

/// An Experience Composer, for people.
pub fn render(r: &Render) -> String {
    let mut fields = vec![("id", r.id.to_string()), ("status", r.status.to_string())];
    let mut opt = |name, value: Option<String>| {
        if let Some(value) = value {
            fields.push((name, value));
        }
    };
    opt("session id", r.session_id.as_ref().map(ToString::to_string));
    opt("url", r.url.clone());
    opt("created at", r.created_at.map(rfc3339));
    opt("resolution", r.resolution.clone());
    opt("stream id", r.stream_id.as_ref().map(ToString::to_string));
    opt("stream name", r.name.clone());
    opt("reason", r.reason.clone().filter(|r| !r.is_empty()));
    block(&fields)
}

/// One line of `render list`: id, status, creation time, url.
pub fn render_row(r: &Render) -> String {
    row(r.id.as_str(), r.status.as_str(), r.created_at, r.url.as_deref().unwrap_or(""))
}

/// The header of `broadcast list` (`last`: `SESSION`) and `render list` (`URL`).
pub fn list_header(last: &str) -> String {
    format!("{:<36}  {:<9}  {:<20}  {last}", "ID", "STATUS", "CREATED")
}

fn row(id: &str, status: &str, created: Option<DateTime<Utc>>, last: &str) -> String {
    format!("{id:<36}  {status:<9}  {:<20}  {last}", created.map(rfc3339).unwrap_or_else(|| "-".into()))
}

/// A token's claims, for people.
pub fn claims(c: &TokenClaims) -> String {
    // An RS256 token names the application where the others name the API key.
    let account = if c.format == TokenFormat::Rs256 { "application id" } else { "api key" };
    let mut fields = vec![
        ("format", format_name(c.format).to_owned()),
        (account, c.api_key.clone()),
        ("session id", c.session_id.to_string()),
        ("role", c.role.to_string()),
    ];
    if let Some(t) = c.create_time.or(c.issued_at) {
        fields.push(("created", unix_time(t)));
    }
    if let Some(t) = c.expiry() {
        fields.push(("expires", unix_time(t)));
    }
    if let Some(data) = &c.connection_data {
        fields.push(("data", data.clone()));
    }
    if !c.initial_layout_class_list.is_empty() {
        fields.push(("layout classes", c.initial_layout_class_list.clone()));
    }
    if !c.nonce.is_empty() {
        fields.push(("nonce", c.nonce.clone()));
    }
    block(&fields)
}

/// A token's claims, for scripts.
pub fn claims_json(c: &TokenClaims) -> Value {
    json!({
        "format": format_name(c.format),
        "api_key": c.api_key,
        "session_id": c.session_id.as_str(),
        "role": c.role.as_str(),
        "create_time": c.create_time,
        "expire_time": c.expiry(),
        "connection_data": c.connection_data,
        "initial_layout_class_list": c.layout_classes().collect::<Vec<_>>(),
        "nonce": c.nonce,
        "scope": c.scope,
        "issued_at": c.issued_at,
    })
}

/// A token format's name: `jwt`, `t1` or `rs256`.
pub fn format_name(format: TokenFormat) -> &'static str {
    match format {
        TokenFormat::Jwt => "jwt",
        TokenFormat::T1 => "t1",
        TokenFormat::Rs256 => "rs256",
        _ => "unknown",
    }
}

/// A stream, for people.
pub fn stream(s: &Stream) -> String {
    block(&[
        ("id", s.id.to_string()),
        ("video", s.video_type.as_ref().map_or_else(|| "none (audio only)".to_owned(), ToString::to_string)),
        ("name", s.name.clone().unwrap_or_default()),
        ("layout classes", s.layout_class_list.join(",")),
    ])
}

/// The header of `stream list`.
pub fn stream_header() -> String {
    format!("{:<36}  {:<6}  {:<20}  {}", "ID", "VIDEO", "NAME", "CLASSES")
}

/// One line of `stream list`: id, video type, name, layout classes.
pub fn stream_row(s: &Stream) -> String {
    format!(
        "{:<36}  {:<6}  {:<20}  {}",
        s.id.as_str(),
        s.video_type.as_ref().map_or("-", |v| v.as_str()),
        s.name.as_deref().unwrap_or(""),
        s.layout_class_list.join(",")
    )
}

/// The header of `moderation connections`.
pub fn connection_header() -> String {
    format!("{:<36}  {:<12}  {}", "ID", "STATE", "CREATED")
}

/// One line of `moderation connections`: id, state, creation time.
pub fn connection_row(c: &Connection) -> String {
    let state = if c.state.as_str().is_empty() { "-" } else { c.state.as_str() };
    format!("{:<36}  {state:<12}  {}", c.id.as_str(), c.created_at.map(rfc3339).unwrap_or_else(|| "-".into()))
}
