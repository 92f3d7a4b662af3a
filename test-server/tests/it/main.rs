//! HTTP-level tests of the test server (one binary: one link).

mod common;

mod application;
mod archives;
mod auth;
mod broadcasts;
mod callbacks;
mod documented_statuses;
mod error_bodies;
mod faults;
mod hostile_auth;
mod inspector;
mod inspector_state;
mod moderation;
mod path_ids;
mod platform_answers;
mod props;
mod python_oracle;
mod python_oracle_rest;
mod request_log;
mod rest_rules;
mod route_coverage;
mod sessions;
mod sip;
mod standalone;
mod status_callbacks;
mod timeouts;
mod tokens;
