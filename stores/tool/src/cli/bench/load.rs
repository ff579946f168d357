//! Load tests with `wrk` (Debian's package): a fixed duration at a fixed number of
//! connections, read back from its `--latency` report.

use std::path::Path;
use std::process::Command;

use super::super::CliError;

/// What every browser sends (Chromium's): the pages are measured compressed as shoppers
/// receive them, not as wrk would ask for them by default.
pub const BROWSER_ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// What one load test measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Non-2xx/3xx answers plus connect, read, write and timeout errors.
    pub errors: u64,
    pub requests: u64,
}

/// Runs wrk against `url`, asking for what a browser accepts; `script` is a Lua file for
/// requests other than GET (one that passes its own headers to `wrk.format` sets
/// Accept-Encoding itself).
pub fn run(url: &str, connections: u32, seconds: u32, script: Option<&Path>) -> Result<Load, CliError> {
    let mut cmd = Command::new("wrk");
    // A slow answer is measured rather than dropped at wrk's default 2 s.
    let timeout = format!("{}s", seconds.max(10));
    cmd.args([
        "--latency",
        "-t",
        "2",
        "-c",
        &connections.to_string(),
        "-d",
        &format!("{seconds}s"),
    ]);
    cmd.args(["--timeout", &timeout]);
    cmd.args(["-H", &format!("Accept-Encoding: {BROWSER_ACCEPT_ENCODING}")]);
    if let Some(script) = script {
        cmd.arg("-s").arg(script);
    }
    cmd.arg(url);
    let out = cmd.output().map_err(|source| CliError::Spawn {
        program: "wrk".into(),
        source,
    })?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(CliError::Other(format!(
            "wrk {url}: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    parse(&text).ok_or_else(|| CliError::Other(format!("cannot read wrk's report for {url}:\n{text}")))
}

/// Reads wrk's report: `Requests/sec`, the 50 % and 99 % latency lines, error lines.
pub fn parse(report: &str) -> Option<Load> {
    let mut load = Load {
        requests_per_sec: 0.0,
        p50_ms: 0.0,
        p99_ms: 0.0,
        errors: 0,
        requests: 0,
    };
    let mut seen = (false, false, false);
    for line in report.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", rps] => {
                load.requests_per_sec = rps.parse().ok()?;
                seen.0 = true;
            }
            ["50%", value] => {
                load.p50_ms = millis(value)?;
                seen.1 = true;
            }
            ["99%", value] => {
                load.p99_ms = millis(value)?;
                seen.2 = true;
            }
            [n, "requests", "in", ..] => load.requests = n.parse().ok()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => load.errors += n.parse::<u64>().ok()?,
            ["Socket", "errors:", rest @ ..] => {
                load.errors += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            _ => {}
        }
    }
    (seen == (true, true, true)).then_some(load)
}

/// `812.00us`, `3.41ms`, `1.20s` in milliseconds.
fn millis(value: &str) -> Option<f64> {
    let (number, scale) = if let Some(n) = value.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('m') {
        (n, 60_000.0)
    } else {
        (value.strip_suffix('s')?, 1000.0)
    };
    number.parse::<f64>().ok().map(|n| n * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 10s test @ http://127.0.0.1:3190/c/women?color=Navy
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    42.10ms   10.00ms 300.00ms   80.00%
    Req/Sec   760.00     20.00   900.00     70.00%
  Latency Distribution
     50%  812.00us
     75%   50.00ms
     90%   70.00ms
     99%    1.20s
  15200 requests in 10.01s, 150.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 5
Requests/sec:   1518.48
Transfer/sec:     15.00MB
";

    #[test]
    fn reads_throughput_latency_and_errors() {
        let load = parse(REPORT).unwrap();
        assert_eq!(load.requests_per_sec, 1518.48);
        assert!((load.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(load.p99_ms, 1200.0);
        assert_eq!(load.errors, 10);
        assert_eq!(load.requests, 15200);
    }

    #[test]
    fn a_report_without_figures_is_refused() {
        assert_eq!(parse("unable to connect to 127.0.0.1:3190 Connection refused"), None);
    }
}
