//! The low-level client, generated at build time by progenitor from `openapi/opentok.yaml`.
//!
//! Private plumbing: the typed layer calls it and never exposes its types. The one piece of hand-written
//! code here is the request hook, which signs every request and keeps the wire clean.

#![allow(clippy::all, clippy::pedantic, missing_docs, unused_imports, unreachable_pub, dead_code, private_interfaces)]

include!(concat!(env!("OUT_DIR"), "/opentok_api.rs"));

use crate::auth::Signer;

impl ClientHooks<Signer> for Client {
    async fn pre<E>(&self, request: &mut reqwest::Request, _info: &OperationInfo) -> Result<(), Error<E>> {
        self.inner().prepare(request);
        Ok(())
    }

    async fn exec(&self, request: reqwest::Request, _info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let retry = self.inner().retry();
        let mut attempt = 1;
        let mut request = request;
        let response = loop {
            // A copy for the next attempt, when one is allowed (bodiless GET and DELETE always clone).
            let next = if retry.applies_to(request.method()) { request.try_clone() } else { None };
            let outcome = self.client().execute(request).await;
            match (next, retry.backoff(attempt, &outcome)) {
                (Some(next), Some(wait)) => {
                    tokio::time::sleep(wait).await;
                    request = next;
                    attempt += 1;
                }
                _ => break outcome?,
            }
        };
        crate::error::normalize_error_body(response).await
    }
}
