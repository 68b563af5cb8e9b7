//! The load generator behind BENCHMARKS.md (a small Rust client, blocking HTTP/1.1 keep-alive).
//!
//! - `loadgen load URL BODY_FILE CONCURRENCY SECONDS`: POSTs the body for SECONDS from
//!   CONCURRENCY connections; prints decisions/s and p50/p99/max latency.
//! - `loadgen reloads BASE POLICY_FILE TOKEN PID COUNT`: rewrites the policy COUNT times, each
//!   followed by an admin reload; prints the server's resident memory before, midway and after.
//! - `loadgen write-to-serving BASE POLICY_FILE ROUNDS`: writes a new version and polls until it
//!   answers; prints the median and worst delay.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stdout, reason = "a benchmark tool")]

use std::time::{Duration, Instant};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p) as usize]
}

fn load(url: &str, body: &str, concurrency: usize, seconds: u64) {
    let end = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..concurrency)
        .map(|_| {
            let (url, body) = (url.to_owned(), body.to_owned());
            std::thread::spawn(move || {
                let agent = agent();
                let mut latencies = Vec::new();
                while Instant::now() < end {
                    let start = Instant::now();
                    let mut response = agent.post(&url).header("content-type", "application/json").send(&body).unwrap();
                    let _ = response.body_mut().read_to_string().unwrap();
                    assert_eq!(response.status().as_u16(), 200);
                    latencies.push(start.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<Duration> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    all.sort();
    println!(
        "{} decisions in {seconds} s from {concurrency} connections: {:.0}/s, p50 {:?}, p99 {:?}, max {:?}",
        all.len(),
        all.len() as f64 / seconds as f64,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().unwrap()
    );
}

fn rss_kib(pid: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn policy(original: &str, n: usize) -> String {
    format!("{original}\n# revision {n}\n")
}

fn reloads(base: &str, file: &str, token: &str, pid: &str, count: usize) {
    let original = std::fs::read_to_string(file).unwrap();
    let agent = agent();
    let before = rss_kib(pid);
    let mut midway = 0;
    for n in 0..count {
        std::fs::write(file, policy(&original, n)).unwrap();
        let response = agent.post(format!("{base}/v1/policy/reload")).header("authorization", &format!("Bearer {token}")).send("").unwrap();
        assert_eq!(response.status().as_u16(), 200);
        if n == count / 2 {
            midway = rss_kib(pid);
        }
    }
    std::fs::write(file, original).unwrap();
    let after = rss_kib(pid);
    println!(
        "resident memory over {count} reloads: before {before} KiB, after {} reloads {midway} KiB, after {count} {after} KiB",
        count / 2
    );
}

fn write_to_serving(base: &str, file: &str, rounds: usize) {
    let original = std::fs::read_to_string(file).unwrap();
    let agent = agent();
    let version = || agent.get(format!("{base}/healthz")).call().unwrap().body_mut().read_to_string().unwrap();
    let mut delays = Vec::new();
    for n in 0..rounds {
        let old = version();
        let start = Instant::now();
        std::fs::write(file, policy(&original, 1_000_000 + n)).unwrap();
        while version() == old {
            std::thread::sleep(Duration::from_micros(500));
        }
        delays.push(start.elapsed());
    }
    std::fs::write(file, original).unwrap();
    delays.sort();
    println!("write to serving over {rounds} writes: median {:?}, worst {:?}", percentile(&delays, 0.5), delays.last().unwrap());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("load") => load(&args[2], &std::fs::read_to_string(&args[3]).unwrap(), args[4].parse().unwrap(), args[5].parse().unwrap()),
        Some("reloads") => reloads(&args[2], &args[3], &args[4], &args[5], args[6].parse().unwrap()),
        Some("write-to-serving") => write_to_serving(&args[2], &args[3], args[4].parse().unwrap()),
        _ => println!("usage: see the comment at the top of cli/examples/loadgen.rs"),
    }
}
