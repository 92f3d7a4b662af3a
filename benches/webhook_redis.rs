//! Replay protection shared through Redis against the in-memory guard, in the same run: verifying and
//! reading a signed archive callback (a fresh `jti` each time) with `RedisReplayStore` on a loopback
//! `redis-server` (started by the bench, stopped at the end), with the default in-memory `ReplayGuard`,
//! and two bare round trips to the same Redis: `PING`, and the same `SET <new key> <value> NX PX <ms>` the
//! store sends (`redis_set`, the primitive). Goal (issue #20): Redis-backed costs the in-memory one
//! plus one round trip, no more.
//!
//! `cargo bench --bench webhook_redis --features redis` (about 30 seconds; needs `redis-server`, Debian
//! package `redis-server`). Prints criterion's medians, then `webhook_redis/min-of-batches` (the fastest
//! of 100 batches of 100 calls of each, run in turn: robust on a shared machine), then the Redis memory
//! one recorded `jti` takes (`INFO memory` before and after recording 100,000) and the commands Redis
//! ran per callback. `WEBHOOK_REDIS_COUNT=<in_memory|redis|ping|set>:<n>` runs one case `n` times, for
//! counting system calls with `strace -f -c`.

#[path = "../tests/webhooks/redis_server.rs"]
mod redis_server;
#[path = "../tests/webhooks/sign.rs"]
mod sign;

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use criterion::{BatchSize, Criterion};
use http::HeaderMap;
use opentok_sdk::webhook::{RedisReplayStore, Verifier};
use redis_server::RedisServer;

const SECRET: &str = "wh-secret-9f8e7d6c5b4a";
const IAT: i64 = 1_764_700_000;
const BODY: &str = include_str!("../tests/fixtures/webhooks/archive.json");

struct Setup {
    runtime: tokio::runtime::Runtime,
    memory: Verifier,
    redis: Verifier,
    ping: redis::aio::ConnectionManager,
    bare_keys: std::cell::Cell<u64>,
    next: u64,
}

impl Setup {
    /// A request with a `jti` not seen before.
    fn fresh(&mut self) -> HeaderMap {
        self.next += 1;
        sign::headers(&sign::jwt(SECRET, BODY, IAT, &format!("bench-{}-{}", std::process::id(), self.next)))
    }

    fn in_memory(&self, request: &HeaderMap) {
        black_box(self.memory.verify_and_parse_at(request, BODY.as_bytes(), IAT).unwrap());
    }

    fn redis(&self, request: &HeaderMap) {
        let signed = self.runtime.block_on(self.redis.verify_and_parse_async_at(request, BODY.as_bytes(), IAT));
        black_box(signed.unwrap());
    }

    /// The store's command alone, on a key of its own.
    fn set(&self) {
        let mut connection = self.ping.clone();
        self.bare_keys.set(self.bare_keys.get() + 1);
        let mut command = redis::cmd("SET");
        command.arg(format!("bare:{}", self.bare_keys.get())).arg(fastrand::i64(1..)).arg("NX").arg("PX").arg(361_000);
        let ok: redis::Value = self.runtime.block_on(command.query_async(&mut connection)).unwrap();
        black_box(ok);
    }

    fn ping(&self) {
        let mut connection = self.ping.clone();
        let pong: String = self.runtime.block_on(redis::cmd("PING").query_async(&mut connection)).unwrap();
        black_box(pong);
    }
}

impl Setup {
    fn new(server: &RedisServer) -> Self {
        // One thread, as a handler's task would see it: the connection's task runs on it too.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (redis, ping) = runtime.block_on(async {
            let store = RedisReplayStore::new(&server.url()).unwrap();
            let client = redis::Client::open(server.url()).unwrap();
            let ping = redis::aio::ConnectionManager::new(client).await.unwrap();
            (Verifier::new(SECRET).unwrap().replay_store(store), ping)
        });
        let mut setup = Setup {
            runtime,
            memory: Verifier::new(SECRET).unwrap(),
            redis,
            ping,
            next: 0,
            bare_keys: Default::default(),
        };
        let request = setup.fresh();
        setup.redis(&request); // connected
        setup
    }

    /// A field of `INFO <section>`.
    fn info(&self, section: &str, field: &str) -> i64 {
        let mut connection = self.ping.clone();
        let info: String = self.runtime.block_on(redis::cmd("INFO").arg(section).query_async(&mut connection)).unwrap();
        let prefix = format!("{field}:");
        info.lines().find_map(|l| l.strip_prefix(prefix.as_str())).unwrap().trim().parse().unwrap()
    }
}

fn webhook_redis(c: &mut Criterion, server: &RedisServer) {
    let setup = Setup::new(server);

    let mut g = c.benchmark_group("webhook_redis");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    let setup = std::cell::RefCell::new(setup);
    g.bench_function("in_memory", |b| {
        b.iter_batched(|| setup.borrow_mut().fresh(), |r| setup.borrow().in_memory(&r), BatchSize::SmallInput)
    });
    g.bench_function("redis", |b| {
        b.iter_batched(|| setup.borrow_mut().fresh(), |r| setup.borrow().redis(&r), BatchSize::SmallInput)
    });
    g.bench_function("redis_ping", |b| b.iter(|| setup.borrow().ping()));
    g.bench_function("redis_set", |b| b.iter(|| setup.borrow().set()));
    g.finish();

    // The fastest batch of each, the three run in turn.
    let mut setup = setup.into_inner();
    let mut best = [Duration::MAX; 4];
    for _ in 0..100 {
        let requests: Vec<HeaderMap> = (0..200).map(|_| setup.fresh()).collect();
        let (for_memory, for_redis) = requests.split_at(100);
        let start = Instant::now();
        for_memory.iter().for_each(|r| setup.in_memory(r));
        best[0] = best[0].min(start.elapsed() / 100);
        let start = Instant::now();
        for_redis.iter().for_each(|r| setup.redis(r));
        best[1] = best[1].min(start.elapsed() / 100);
        let start = Instant::now();
        (0..100).for_each(|_| setup.ping());
        best[2] = best[2].min(start.elapsed() / 100);
        let start = Instant::now();
        (0..100).for_each(|_| setup.set());
        best[3] = best[3].min(start.elapsed() / 100);
    }
    let [memory, redis, ping, set] = best;
    let added = redis.saturating_sub(memory);
    println!(
        "webhook_redis/min-of-batches: in_memory {memory:?}, redis {redis:?}, redis_ping {ping:?}, redis_set {set:?}; \
         redis - in_memory = {added:?} = {:.2}x redis_set ({:.2}x redis_ping)",
        added.as_secs_f64() / set.as_secs_f64(),
        added.as_secs_f64() / ping.as_secs_f64()
    );

    // Memory per recorded jti: `used_memory` before and after 100,000 more (uuid-like ids, as the
    // platform's), all still in their window; and the commands Redis ran for them.
    let now = opentok_sdk_now();
    let before = setup.info("memory", "used_memory");
    let commands_before = setup.info("stats", "total_commands_processed");
    const KEYS: i64 = 100_000;
    for i in 0..KEYS {
        let jti = format!("{:08x}-1a14-4c10-bfdf-{:012x}", i, std::process::id());
        let request = sign::headers(&sign::jwt(SECRET, BODY, now, &jti));
        setup.runtime.block_on(setup.redis.verify_and_parse_async_at(&request, BODY.as_bytes(), now)).unwrap();
    }
    let after = setup.info("memory", "used_memory");
    // Less the two `INFO`s.
    let commands = setup.info("stats", "total_commands_processed") - commands_before - 2;
    println!(
        "webhook_redis/memory: {} bytes of Redis memory per recorded jti (used_memory {before} -> {after} for {KEYS} keys); \
         {:.2} Redis commands per callback",
        (after - before) / KEYS,
        commands as f64 / KEYS as f64
    );
}

/// Now, in Unix seconds (the memory run's callbacks must be fresh: their keys live out the window).
fn opentok_sdk_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// `WEBHOOK_REDIS_COUNT=<in_memory|redis|ping|set>:<n>`: one case `n` times without criterion, for
/// `strace -f -c` (system calls per call: the difference between two counts over the difference in `n`).
fn count(spec: &str, server: &RedisServer) {
    let (name, n) = spec.split_once(':').expect("WEBHOOK_REDIS_COUNT=<case>:<n>");
    let n: usize = n.parse().expect("a number of calls");
    let mut setup = Setup::new(server);
    let requests: Vec<HeaderMap> = (0..n).map(|_| setup.fresh()).collect();
    for request in &requests {
        match name {
            "in_memory" => setup.in_memory(request),
            "redis" => setup.redis(request),
            "ping" => setup.ping(),
            "set" => setup.set(),
            other => panic!("no case {other:?}: in_memory, redis, ping or set"),
        }
    }
}

fn main() {
    let Some(server) = RedisServer::start() else {
        eprintln!("webhook_redis: redis-server is not installed (Debian: apt-get install redis-server)");
        return;
    };
    if let Ok(spec) = std::env::var("WEBHOOK_REDIS_COUNT") {
        count(&spec, &server);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    webhook_redis(&mut c, &server);
    c.final_summary();
}
