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
        let response = self.client().execute(request).await?;
        crate::error::normalize_error_body(response).await
    }
}
