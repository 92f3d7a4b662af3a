//! The low-level client, generated at build time by progenitor from `openapi/opentok.yaml`, and the one
//! request hook that hands every request to the [`Transport`].
//!
//! Private plumbing: the areas call it and never expose its types.

#![allow(clippy::all, clippy::pedantic, missing_docs, unused_imports, unreachable_pub, dead_code, private_interfaces)]

include!(concat!(env!("OUT_DIR"), "/opentok_api.rs"));
include!(concat!(env!("OUT_DIR"), "/operation_paths.rs"));

use super::Transport;

impl ClientHooks<Transport> for Client {
    async fn pre<E>(&self, request: &mut reqwest::Request, info: &OperationInfo) -> Result<(), Error<E>> {
        let transport = self.inner();
        transport.check_path(request, info.operation_id).map_err(Error::Custom)?;
        transport.sign(request).map_err(|e| Error::Custom(e.to_string()))
    }

    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        self.inner().execute(self.client(), request, info.operation_id).await
    }
}
