//! What the benches of named cases share (included with `#[path]`): [`run`] benchmarks every case with
//! criterion, measuring the benchmarking thread's CPU time on Linux ([`ThreadCpuTime`]: time spent waiting
//! for a core on a shared machine is not counted), or runs one case `n` times without criterion, for
//! valgrind.

use std::time::Duration;

use criterion::{
    measurement::{Measurement, WallTime},
    Criterion,
};

/// A bench's cases: each name gives a closure that makes one call.
pub trait Cases {
    /// The criterion group.
    const GROUP: &'static str;
    /// Every case, in the order criterion runs them.
    const CASES: &'static [&'static str];
    /// One call of the case `name`.
    fn case(&self, name: &str) -> Box<dyn FnMut() + '_>;
}

/// `<PREFIX>_COUNT=<case>:<n>` runs that case `n` times without criterion (for
/// `valgrind --tool=cachegrind` or `callgrind`); otherwise criterion times every case, by the thread's
/// CPU time on Linux unless `<PREFIX>_WALL` is set, for `measurement` seconds each.
pub fn run<C: Cases>(cases: &C, prefix: &str, measurement: Duration) {
    if let Ok(spec) = std::env::var(format!("{prefix}_COUNT")) {
        let (name, n) = spec.split_once(':').unwrap_or_else(|| panic!("{prefix}_COUNT=<case>:<iterations>"));
        let n: u64 = n.parse().expect("a number of iterations");
        let mut call = cases.case(name);
        for _ in 0..n {
            call();
        }
        return;
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if std::env::var_os(format!("{prefix}_WALL")).is_none() {
        let mut c = Criterion::default().with_measurement(ThreadCpuTime).configure_from_args();
        group(&mut c, cases, measurement);
        c.final_summary();
        return;
    }
    let mut c = Criterion::default().with_measurement(WallTime).configure_from_args();
    group(&mut c, cases, measurement);
    c.final_summary();
}

fn group<M: Measurement, C: Cases>(c: &mut Criterion<M>, cases: &C, measurement: Duration) {
    let mut g = c.benchmark_group(C::GROUP);
    g.warm_up_time(Duration::from_secs(1)).measurement_time(measurement);
    for name in C::CASES {
        let mut call = cases.case(name);
        g.bench_function(*name, |b| b.iter(&mut call));
    }
    g.finish();
}

/// The CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), as a criterion measurement.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub struct ThreadCpuTime;

#[cfg(any(target_os = "linux", target_os = "android"))]
impl ThreadCpuTime {
    pub fn now() -> Duration {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        Duration::new(t.tv_sec.unsigned_abs(), u32::try_from(t.tv_nsec).unwrap_or(0))
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        Self::now()
    }

    fn end(&self, start: Duration) -> Duration {
        Self::now().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn criterion::measurement::ValueFormatter {
        &Nanoseconds
    }
}

/// Values in nanoseconds, as they are measured (the cases set no throughput).
#[cfg(any(target_os = "linux", target_os = "android"))]
struct Nanoseconds;

#[cfg(any(target_os = "linux", target_os = "android"))]
impl criterion::measurement::ValueFormatter for Nanoseconds {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "ns"
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        _throughput: &criterion::Throughput,
        _values: &mut [f64],
    ) -> &'static str {
        "ns"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
