//! Replay protection shared through Redis against the in-memory guard, in the same run: verifying and
//! reading a signed archive callback (a fresh `jti` each time) with `RedisReplayStore` on a loopback
//! `redis-server` (started by the bench, stopped at the end), with the default in-memory `ReplayGuard`,
//! and two bare round trips to the same Redis: `PING`, and the same `SET <new key> <value> NX PX <ms>` the
//! store sends (`redis_set`, the primitive). Goal (issue #20): Redis-backed costs the in-memory one
//! plus one round trip, no more: `added = redis - in_memory` at most about `redis_set`.
//!
//! `cargo bench --bench webhook_redis --features redis` (about a minute; needs `redis-server`, Debian
//! package `redis-server`, and for the instruction counts `valgrind`). Prints criterion's medians, then
//! four lines that hold the claim:
//! * `webhook_redis/min-of-batches`: the fastest of 100 batches of 100 calls of each case, the cases run
//!   in turn (robust on a shared machine), in wall time and in this thread's CPU time (the client's work:
//!   the connection's task runs on the same thread). `in_memory+redis_set` is an in-memory verification
//!   followed by a bare `SET`, call after call: what "in memory plus one round trip" costs when the two
//!   are interleaved (a verification right after a round trip runs with colder caches than one in a tight
//!   loop, so it costs more than `in_memory` alone).
//! * `webhook_redis/added`: `redis - in_memory` over `redis_set`, in wall and CPU time; and the same with
//!   the in-memory verification as it costs after a round trip (`in_memory+redis_set - redis_set`).
//! * `webhook_redis/instructions`: the client's instructions per call, counted by valgrind (this binary run
//!   again under `valgrind --tool=cachegrind` for 200 and 1,000 calls of each case, against the same
//!   Redis; independent of the machine's load), and `added` over the bare `SET`'s. Valgrind hides SHA-NI,
//!   so the SHA-256s of a verification run their portable code there: the differences are exact, the
//!   verification's own count is not the hardware's. `WEBHOOK_REDIS_VALGRIND=0` skips this line.
//! * `webhook_redis/memory`: the Redis memory one recorded `jti` takes (`INFO memory` before and after
//!   recording 100,000) and the commands Redis ran per callback.
//!
//! `WEBHOOK_REDIS_COUNT=<in_memory|redis|store|set|ping|sign>:<n>` runs one case `n` times without
//! criterion (`store`: `RedisReplayStore::record` alone; `sign`: only the signing of the requests the
//! verifying cases use), for valgrind or `strace -f -c`; `WEBHOOK_REDIS_URL` points it at a running Redis
//! instead of starting one.

#[allow(dead_code)]
#[path = "support/harness.rs"]
mod harness;
#[path = "../tests/webhooks/redis_server.rs"]
mod redis_server;
#[path = "../tests/webhooks/sign.rs"]
mod sign;

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use criterion::{BatchSize, Criterion};
use harness::ThreadCpuTime;
use http::HeaderMap;
use opentok_sdk::webhook::{RedisReplayStore, ReplayStore, Verifier};
use redis_server::RedisServer;

const SECRET: &str = "wh-secret-9f8e7d6c5b4a";
const IAT: i64 = 1_764_700_000;
const BODY: &str = include_str!("../tests/fixtures/webhooks/archive.json");

struct Setup {
    runtime: tokio::runtime::Runtime,
    memory: Verifier,
    redis: Verifier,
    store: RedisReplayStore,
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

    /// The store alone: recording a new `jti`, without the verification.
    fn record(&self) {
        self.bare_keys.set(self.bare_keys.get() + 1);
        let jti = format!("bare:{}", self.bare_keys.get());
        let recorded = self.runtime.block_on(self.store.record(&jti, IAT + 300, IAT)).unwrap();
        black_box(recorded);
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
    fn new(url: &str) -> Self {
        // One thread, as a handler's task would see it: the connection's task runs on it too.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (store, ping) = runtime.block_on(async {
            let client = redis::Client::open(url).unwrap();
            (RedisReplayStore::new(url).unwrap(), redis::aio::ConnectionManager::new(client).await.unwrap())
        });
        let redis = Verifier::new(SECRET).unwrap().replay_store(store.clone());
        let mut setup = Setup {
            runtime,
            memory: Verifier::new(SECRET).unwrap(),
            redis,
            store,
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

fn webhook_redis(c: &mut Criterion, url: &str) {
    let setup = std::cell::RefCell::new(Setup::new(url));
    let mut g = c.benchmark_group("webhook_redis");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.bench_function("in_memory", |b| {
        b.iter_batched(|| setup.borrow_mut().fresh(), |r| setup.borrow().in_memory(&r), BatchSize::SmallInput)
    });
    g.bench_function("redis", |b| {
        b.iter_batched(|| setup.borrow_mut().fresh(), |r| setup.borrow().redis(&r), BatchSize::SmallInput)
    });
    g.bench_function("redis_ping", |b| b.iter(|| setup.borrow().ping()));
    g.bench_function("redis_set", |b| b.iter(|| setup.borrow().set()));
    g.finish();

    let mut setup = setup.into_inner();
    min_of_batches(&mut setup);
    instructions(url);
    memory(&mut setup);
}

/// How much longer `a` is than `b`.
fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// The fastest batch of each case, the cases run in turn: wall time, and this thread's CPU time.
fn min_of_batches(setup: &mut Setup) {
    const CASES: [&str; 5] = ["in_memory", "redis", "redis_set", "redis_ping", "in_memory+redis_set"];
    let mut wall = [Duration::MAX; CASES.len()];
    let mut cpu = [Duration::MAX; CASES.len()];
    for _ in 0..100 {
        // A fresh `jti` for each verification: 100 for each of the three cases that verify.
        let requests: Vec<HeaderMap> = (0..300).map(|_| setup.fresh()).collect();
        let mut requests = requests.chunks(100);
        let mut next = || requests.next().unwrap();
        for (case, name) in CASES.iter().enumerate() {
            let batch = match *name {
                "redis_set" | "redis_ping" => &[][..],
                _ => next(),
            };
            let (start, start_cpu) = (Instant::now(), ThreadCpuTime::now());
            match *name {
                "in_memory" => batch.iter().for_each(|r| setup.in_memory(r)),
                "redis" => batch.iter().for_each(|r| setup.redis(r)),
                "redis_set" => (0..100).for_each(|_| setup.set()),
                "redis_ping" => (0..100).for_each(|_| setup.ping()),
                _ => batch.iter().for_each(|r| {
                    setup.in_memory(r);
                    setup.set();
                }),
            }
            cpu[case] = cpu[case].min(ThreadCpuTime::now().saturating_sub(start_cpu) / 100);
            wall[case] = wall[case].min(start.elapsed() / 100);
        }
    }
    let each: Vec<String> =
        CASES.iter().zip(wall.iter().zip(&cpu)).map(|(name, (w, c))| format!("{name} {w:.2?} | {c:.2?}")).collect();
    println!("webhook_redis/min-of-batches (fastest of 100 batches of 100 calls; wall | CPU): {}", each.join(", "));
    let (added, added_cpu) = (wall[1].saturating_sub(wall[0]), cpu[1].saturating_sub(cpu[0]));
    // The in-memory verification when it follows a round trip each time, as in `redis`.
    let (interleaved, interleaved_cpu) = (wall[4].saturating_sub(wall[2]), cpu[4].saturating_sub(cpu[2]));
    let (added_to_interleaved, added_to_interleaved_cpu) =
        (wall[1].saturating_sub(interleaved), cpu[1].saturating_sub(interleaved_cpu));
    println!(
        "webhook_redis/added: redis - in_memory = {added:.2?} = {:.2}x redis_set (CPU {added_cpu:.2?} = {:.2}x); \
         redis - in_memory after a round trip (in_memory+redis_set - redis_set = {interleaved:.2?}) = \
         {added_to_interleaved:.2?} = {:.2}x redis_set (CPU {added_to_interleaved_cpu:.2?} = {:.2}x)",
        ratio(added, wall[2]),
        ratio(added_cpu, cpu[2]),
        ratio(added_to_interleaved, wall[2]),
        ratio(added_to_interleaved_cpu, cpu[2]),
    );
}

/// The client's instructions per call of each case, by valgrind: this binary again, in count mode, for 200
/// and 1,000 calls, against the same Redis.
fn instructions(url: &str) {
    if std::env::var("WEBHOOK_REDIS_VALGRIND").is_ok_and(|v| v == "0") {
        return;
    }
    let run = |case: &str, n: u64| -> Option<u64> {
        let output = std::process::Command::new("valgrind")
            .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
            .arg(std::env::current_exe().ok()?)
            .env("WEBHOOK_REDIS_COUNT", format!("{case}:{n}"))
            .env("WEBHOOK_REDIS_URL", url)
            .output()
            .ok()?;
        let report = String::from_utf8_lossy(&output.stderr);
        let refs = report.lines().find_map(|l| l.split_once("I   refs:"))?.1;
        refs.trim().replace(',', "").parse().ok()
    };
    let per_call = |case: &str| Some(run(case, 1_000)?.checked_sub(run(case, 200)?)? as f64 / 800.0);
    let counts: Option<Vec<f64>> = ["sign", "in_memory", "redis", "set", "store"].into_iter().map(per_call).collect();
    // The verifying cases, less the signing of their requests.
    let Some([memory, redis, set, store]) = counts.as_deref().map(|c| [c[1] - c[0], c[2] - c[0], c[3], c[4]]) else {
        println!("webhook_redis/instructions: skipped (valgrind is not installed, or a run failed)");
        return;
    };
    let k = |n: f64| format!("{:.1}k", n / 1000.0);
    println!(
        "webhook_redis/instructions (client, per call, valgrind): in_memory {}, redis {}, redis_set {}, store alone {}; \
         added = redis - in_memory = {} = {:.2}x redis_set",
        k(memory),
        k(redis),
        k(set),
        k(store),
        k(redis - memory),
        (redis - memory) / set
    );
}

/// Memory per recorded jti: `used_memory` before and after 100,000 more (uuid-like ids, as the
/// platform's), all still in their window; and the commands Redis ran for them.
fn memory(setup: &mut Setup) {
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

/// `WEBHOOK_REDIS_COUNT=<case>:<n>`: one case `n` times without criterion (see the top of this file).
fn count(spec: &str, url: &str) {
    let (name, n) = spec.split_once(':').expect("WEBHOOK_REDIS_COUNT=<case>:<n>");
    let n: usize = n.parse().expect("a number of calls");
    let mut setup = Setup::new(url);
    // Signed requests only for the cases that verify (signing one costs more than verifying it).
    let verifies = matches!(name, "in_memory" | "redis" | "sign");
    let requests: Vec<HeaderMap> = (0..if verifies { n } else { 0 }).map(|_| setup.fresh()).collect();
    match name {
        "in_memory" => requests.iter().for_each(|r| setup.in_memory(r)),
        "redis" => requests.iter().for_each(|r| setup.redis(r)),
        "sign" => {}
        "store" => (0..n).for_each(|_| setup.record()),
        "set" => (0..n).for_each(|_| setup.set()),
        "ping" => (0..n).for_each(|_| setup.ping()),
        other => panic!("no case {other:?}: in_memory, redis, store, set, ping or sign"),
    }
}

fn main() {
    let spec = std::env::var("WEBHOOK_REDIS_COUNT").ok();
    if let (Some(spec), Ok(url)) = (&spec, std::env::var("WEBHOOK_REDIS_URL")) {
        count(spec, &url);
        return;
    }
    let Some(server) = RedisServer::start() else {
        eprintln!("webhook_redis: redis-server is not installed (Debian: apt-get install redis-server)");
        return;
    };
    if let Some(spec) = spec {
        count(&spec, &server.url());
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    webhook_redis(&mut c, &server.url());
    c.final_summary();
}
