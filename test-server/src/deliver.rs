//! Floor 2½, sending callbacks: one task POSTs the queued callbacks in order, signed when their kind has
//! a secret, retrying with back-off (100 ms, doubling) until a 2xx answer or [`ATTEMPTS`] tries, and
//! records each outcome. Uses [`crate::state`] and [`crate::verify`].

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;

use crate::state::callbacks::{DeliveredCallback, Outgoing};
use crate::state::Shared;
use crate::verify::callback_jwt::sign_callback;

/// Most POSTs per callback.
pub(crate) const ATTEMPTS: u32 = 5;
/// The wait before the first retry; it doubles each time.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// How long one POST may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// Sends everything queued, until the queue closes.
pub(crate) async fn run(shared: Arc<Shared>, mut queue: UnboundedReceiver<Outgoing>) {
    let client = reqwest::Client::builder().timeout(ATTEMPT_TIMEOUT).build().unwrap_or_default();
    while let Some(outgoing) = queue.recv().await {
        let record = deliver(&client, &shared, outgoing).await;
        shared.callbacks.record(record);
    }
}

async fn deliver(client: &reqwest::Client, shared: &Shared, outgoing: Outgoing) -> DeliveredCallback {
    let body = outgoing.payload.to_string().into_bytes();
    let project = &shared.project;
    let account = if project.application.is_some() { "application_id" } else { "api_key" };
    let mut record = DeliveredCallback {
        kind: outgoing.kind.to_string(),
        url: outgoing.target.url.clone(),
        payload: outgoing.payload,
        signed: outgoing.target.secret.is_some(),
        attempts: 0,
        status: None,
        delivered: false,
        error: None,
    };
    let mut backoff = FIRST_BACKOFF;
    while record.attempts < ATTEMPTS {
        if record.attempts > 0 {
            tokio::time::sleep(backoff).await;
            backoff = backoff.saturating_mul(2);
        }
        record.attempts += 1;
        let mut request = client.post(&record.url).header("Content-Type", "application/json").body(body.clone());
        if let Some(secret) = &outgoing.target.secret {
            // Signed afresh for each attempt, with a new `jti`.
            let now = chrono::Utc::now().timestamp();
            let jwt = sign_callback(secret, &body, (account, &project.api_key), now, &crate::state::ids::uuid());
            request = request.header("Authorization", format!("Bearer {jwt}"));
        }
        match request.send().await {
            Ok(answer) => {
                let status = answer.status();
                record.status = Some(status.as_u16());
                if status.is_success() {
                    record.delivered = true;
                    record.error = None;
                    break;
                }
                record.error = Some(format!("answered {status}"));
            }
            Err(e) => record.error = Some(e.to_string()),
        }
    }
    record
}
