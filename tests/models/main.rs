//! The models and the client tokens: every example answer round-trips, property tests of parsing and
//! tokens, and the spec's coverage by the typed layer. One test binary: linked once, tests in parallel.

#[path = "../common/mod.rs"]
mod common;

mod archive_props;
mod broadcast_models;
mod broadcast_props;
mod models_enums;
mod models_paging;
mod models_props;
mod models_roundtrip;
mod rest_models_props;
mod spec_coverage;
mod token_props;
