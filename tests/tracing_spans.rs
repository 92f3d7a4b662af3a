//! Tracing: one span per operation with its name, method, path template, status, attempts and latency,
//! one event per attempt, and no secret, JWT or id in any field of anything emitted. One test in this
//! binary, because it installs the process-wide subscriber.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use opentok_sdk::{ArchiveId, OpenTok, RetryConfig};
use opentok_test_server::{Fault, TestServer};
use tracing::field::{Field, Visit};
use tracing_subscriber::{layer::Context, prelude::*, registry::LookupSpan, Layer};

/// A span's or event's name and its fields as text.
type Record = (String, BTreeMap<String, String>);

/// Every span (name and fields, as last recorded; spans are listed when created, since a pooled
/// connection may keep one open) and every event's fields that anything emits.
#[derive(Default, Clone)]
pub struct Captured {
    spans: Arc<Mutex<Vec<Record>>>,
    events: Arc<Mutex<Vec<Record>>>,
}

impl Captured {
    fn all(&self) -> Vec<Record> {
        let mut all = self.spans.lock().unwrap().clone();
        all.extend(self.events.lock().unwrap().iter().cloned());
        all
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// The index of a span's entry in `Captured::spans`.
struct Slot(usize);

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &tracing::span::Attributes<'_>, id: &tracing::span::Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push((attrs.metadata().name().to_owned(), fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Slot(spans.len() - 1));
        }
    }
    fn on_record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(Slot(slot)) = span.extensions().get::<Slot>() {
                values.record(&mut Fields(&mut self.spans.lock().unwrap()[*slot].1));
            }
        }
    }
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push((format!("event {}", event.metadata().target()), fields));
    }
}

#[tokio::test]
async fn one_span_per_operation_with_no_secret_in_any_field() {
    let captured = Captured::default();
    // The process-wide subscriber: tracing caches callsite interest across threads, so a thread-local one
    // beside tests without a subscriber can miss spans. Hence this file holds this one test.
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(captured.clone())).unwrap();
    let server = TestServer::start().await;
    let ot = client(&server);
    server.inject_fault(Fault::Status { status: 503, body: "later".into(), content_type: None }, 1);
    let err = ot.get_archive(&ArchiveId::from("no-such-archive")).await.unwrap_err();
    assert!(err.is_not_found());
    let _ = ot.create_session().send().await.unwrap();

    let records = captured.all();
    let calls: Vec<_> = records.iter().filter(|(name, _)| name == "opentok.call").map(|(_, f)| f).collect();
    assert_eq!(calls.len(), 2, "{records:#?}");
    let get = calls.iter().find(|f| f["operation"] == "get_archive").unwrap_or_else(|| panic!("{calls:#?}"));
    assert_eq!(get["method"], "GET");
    assert_eq!(get["path"], "/v2/project/{apiKey}/archive/{archiveId}");
    assert_eq!(get["status"], "404");
    assert_eq!(get["attempts"], "2");
    assert!(get["latency_ms"].parse::<u64>().is_ok());
    let attempts: Vec<_> = records
        .iter()
        .filter(|(name, f)| name.starts_with("event opentok_sdk") && f.contains_key("attempt"))
        .map(|(_, f)| f.get("status").cloned().unwrap_or_default())
        .collect();
    assert_eq!(attempts, ["503", "404", "200"], "{records:#?}");
    let create = calls.iter().find(|f| f["operation"] == "create_session").expect("create_session span");
    assert_eq!((create["method"].as_str(), create["status"].as_str()), ("POST", "200"));

    for (name, fields) in &records {
        for value in fields.values() {
            assert!(!value.contains(server.api_secret()), "secret in {name}: {fields:?}");
            assert!(!value.contains("eyJ"), "a JWT in {name}: {fields:?}");
            assert!(!value.contains("no-such-archive"), "an id in {name}: {fields:?}");
        }
    }
}

fn client(server: &TestServer) -> OpenTok {
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(5));
    OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(server.url())
        .with_retry(retry)
        .build()
        .unwrap()
}
