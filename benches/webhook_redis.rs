//! Replay protection shared through Redis against the in-memory guard, in the same run: verifying and
//! reading a signed archive callback (a fresh `jti` each time) with `RedisReplayStore` on a loopback
//! `redis-server` (started by the bench, stopped at the end), with the default in-memory `ReplayGuard`,
//! and a bare `PING` round trip to the same Redis. Goal (issue #20): Redis-backed costs the in-memory one
//! plus one round trip, no more.
//!
//! `cargo bench --bench webhook_redis --features redis` (about 30 seconds; needs `redis-server`, Debian
//! package `redis-server`). Prints criterion's medians, then `webhook_redis/min-of-batches` (the fastest
//! of 100 batches of 100 calls of each, run in turn: robust on a shared machine), then the Redis memory
//! one recorded `jti` takes (`INFO memory` before and after recording 100,000).

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

    fn ping(&self) {
        let mut connection = self.ping.clone();
        let pong: String = self.runtime.block_on(redis::cmd("PING").query_async(&mut connection)).unwrap();
        black_box(pong);
    }
}

fn webhook_redis(c: &mut Criterion, server: &RedisServer) {
    // One thread, as a handler's task would see it: the command's task and the connection's run on it.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (redis, ping) = runtime.block_on(async {
        let store = RedisReplayStore::new(&server.url()).unwrap();
        let client = redis::Client::open(server.url()).unwrap();
        (Verifier::new(SECRET).unwrap().replay_store(store), redis::aio::ConnectionManager::new(client).await.unwrap())
    });
    let mut setup = Setup { runtime, memory: Verifier::new(SECRET).unwrap(), redis, ping, next: 0 };
    let request = setup.fresh();
    setup.redis(&request); // connected

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
    g.finish();

    // The fastest batch of each, the three run in turn.
    let mut setup = setup.into_inner();
    let mut best = [Duration::MAX; 3];
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
    }
    let [memory, redis, ping] = best;
    println!(
        "webhook_redis/min-of-batches: in_memory {memory:?}, redis {redis:?}, redis_ping {ping:?}; \
         redis - in_memory = {:?} = {:.2} round trips",
        redis.saturating_sub(memory),
        redis.saturating_sub(memory).as_secs_f64() / ping.as_secs_f64()
    );

    // Memory per recorded jti: `used_memory` before and after 100,000 more (uuid-like ids, as the
    // platform's), all still in their window.
    let used = |setup: &Setup| -> i64 {
        let mut connection = setup.ping.clone();
        let info: String =
            setup.runtime.block_on(redis::cmd("INFO").arg("memory").query_async(&mut connection)).unwrap();
        info.lines().find_map(|l| l.strip_prefix("used_memory:")).unwrap().trim().parse().unwrap()
    };
    let now = opentok_sdk_now();
    let before = used(&setup);
    const KEYS: i64 = 100_000;
    for i in 0..KEYS {
        let jti = format!("{:08x}-1a14-4c10-bfdf-{:012x}", i, std::process::id());
        let request = sign::headers(&sign::jwt(SECRET, BODY, now, &jti));
        setup.runtime.block_on(setup.redis.verify_and_parse_async_at(&request, BODY.as_bytes(), now)).unwrap();
    }
    let after = used(&setup);
    println!(
        "webhook_redis/memory: {} bytes of Redis memory per recorded jti (used_memory {before} -> {after} for {KEYS} keys)",
        (after - before) / KEYS
    );
}

/// Now, in Unix seconds (the memory run's callbacks must be fresh: their keys live out the window).
fn opentok_sdk_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn main() {
    let Some(server) = RedisServer::start() else {
        eprintln!("webhook_redis: redis-server is not installed (Debian: apt-get install redis-server)");
        return;
    };
    let mut c = Criterion::default().configure_from_args();
    webhook_redis(&mut c, &server);
    c.final_summary();
}
