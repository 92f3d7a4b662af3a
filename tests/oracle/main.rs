//! Differential tests against the official Node SDKs, installed beside this file (`package-lock.json`):
//! npm `opentok@2.23.2` (`requests.js`, `smoke.js`, `tokens.js`) and `@vonage/video@1.31.1` with
//! `@vonage/jwt@1.17.1` (`vonage.js`). (PyPI `opentok==3.15.0`, in `python/`, is the test server's oracle:
//! `test-server/tests/it`.) One test binary: linked once, tests in parallel.

#[path = "../common/mod.rs"]
mod common;

mod node_sdk_requests;
mod node_sdk_smoke;
mod skipping;
mod token_node_oracle;
mod vonage_oracle;
mod vonage_oracle_rest;
