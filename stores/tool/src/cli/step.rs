//! Runs one step of work: a line saying what it is, a spinner while it runs, and its
//! output kept in a log that is shown only when it fails. Every step's wall time is
//! recorded for the summary table that `cargo store test` ends with.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::{root, CliError};

/// Runs `cmd` quietly with a spinner; on failure prints the tail of its log.
pub fn quiet(name: &str, cmd: &mut Command) -> Result<(), CliError> {
    quiet_together(name, &mut [("", cmd)])
}

/// Runs the named `parts` of one step at the same time (each its own process and log),
/// quietly with one spinner; the step fails when any part does, with that part's log.
pub fn quiet_together(name: &str, parts: &mut [(&str, &mut Command)]) -> Result<(), CliError> {
    let log_dir = root().join("target/store-logs");
    std::fs::create_dir_all(&log_dir).map_err(|e| CliError::Other(format!("{}: {e}", log_dir.display())))?;
    let spinner = spinner(name);
    let started = Instant::now();
    let mut running = Vec::new();
    for (part, cmd) in parts.iter_mut() {
        let file = if part.is_empty() {
            name.to_string()
        } else {
            format!("{name} {part}")
        };
        let log_path: PathBuf = log_dir.join(format!("{}.log", file.replace([' ', '/'], "-")));
        let log =
            std::fs::File::create(&log_path).map_err(|e| CliError::Other(format!("{}: {e}", log_path.display())))?;
        let err = log.try_clone().map_err(|e| CliError::Other(e.to_string()))?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(|source| CliError::Spawn {
                program: program(cmd),
                source,
            })?;
        running.push((child, log_path));
    }
    let mut failed = None;
    for (mut child, log_path) in running {
        let status = child.wait().map_err(|e| CliError::Other(e.to_string()))?;
        if !status.success() && failed.is_none() {
            failed = Some((status.code().unwrap_or(-1), log_path));
        }
    }
    spinner.finish_and_clear();
    finished(name, started, failed.is_none());
    let Some((code, log_path)) = failed else {
        return Ok(());
    };
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(60).collect();
    for line in tail.into_iter().rev() {
        eprintln!("  {line}");
    }
    Err(CliError::StepFailed {
        step: name.to_string(),
        code,
        log: format!(" and {}", log_path.display()),
    })
}

/// Runs `cmd` with its output on the terminal (tests, whose reports the reader wants).
pub fn loud(name: &str, cmd: &mut Command) -> Result<(), CliError> {
    println!("→ {name}");
    let started = Instant::now();
    let status = cmd.stdin(Stdio::null()).status().map_err(|source| CliError::Spawn {
        program: program(cmd),
        source,
    })?;
    finished(name, started, status.success());
    if status.success() {
        Ok(())
    } else {
        Err(CliError::StepFailed {
            step: name.to_string(),
            code: status.code().unwrap_or(-1),
            log: String::new(),
        })
    }
}

/// Prints that a step had nothing to do.
pub fn skip(name: &str, why: &str) {
    println!("✓ {name} ({why})");
    record(name, Duration::ZERO, Some(why));
}

/// Runs `work` as a step of its own (work done in this process, or several commands):
/// its line and its time, like a command's.
pub fn timed<T>(name: &str, work: impl FnOnce() -> Result<T, CliError>) -> Result<T, CliError> {
    println!("→ {name}");
    let started = Instant::now();
    let result = work();
    finished(name, started, result.is_ok());
    result
}

/// Prints a step's closing line and records its time.
pub fn finished(name: &str, started: Instant, ok: bool) {
    println!("{} {name} ({})", if ok { "✓" } else { "✗" }, elapsed(started));
    record(name, started.elapsed(), None);
}

struct Record {
    name: String,
    took: Duration,
    skipped: Option<String>,
}

static RECORDS: Mutex<Vec<Record>> = Mutex::new(Vec::new());

fn record(name: &str, took: Duration, skipped: Option<&str>) {
    if let Ok(mut records) = RECORDS.lock() {
        records.push(Record {
            name: name.to_string(),
            took,
            skipped: skipped.map(str::to_string),
        });
    }
}

/// The steps recorded so far as a table: each one's seconds and share of `total`.
pub fn summary(total: Duration) -> String {
    let rows: Vec<_> = RECORDS
        .lock()
        .map(|records| {
            records
                .iter()
                .map(|r| (r.name.clone(), r.took, r.skipped.clone()))
                .collect()
        })
        .unwrap_or_default();
    table(&rows, total)
}

fn table(rows: &[(String, Duration, Option<String>)], total: Duration) -> String {
    let width = rows.iter().map(|(n, ..)| n.chars().count()).max().unwrap_or(0).max(5);
    let mut out = format!("{:<width$}  {:>8}  {:>6}\n", "step", "seconds", "share");
    let share = |d: Duration| 100.0 * d.as_secs_f64() / total.as_secs_f64().max(f64::EPSILON);
    for (name, took, skipped) in rows {
        match skipped {
            Some(why) => out.push_str(&format!("{name:<width$}  {:>8}  {:>6}  ({why})\n", "-", "-")),
            None => out.push_str(&format!(
                "{name:<width$}  {:>8.1}  {:>5.1}%\n",
                took.as_secs_f64(),
                share(*took)
            )),
        }
    }
    out.push_str(&format!(
        "{:<width$}  {:>8.1}  {:>5.1}%\n",
        "total",
        total.as_secs_f64(),
        100.0
    ));
    out
}

fn spinner(name: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(name.to_string());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn elapsed(started: Instant) -> String {
    let s = started.elapsed().as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{}.{}s", s, started.elapsed().subsec_millis() / 100)
    }
}

fn program(cmd: &Command) -> String {
    cmd.get_program().to_string_lossy().into_owned()
}

/// The trimmed stdout of a command, or `None` when it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_each_step_its_seconds_and_share() {
        let rows = vec![
            ("cargo test".to_string(), Duration::from_secs(90), None),
            (
                "npm packages".to_string(),
                Duration::ZERO,
                Some("installed".to_string()),
            ),
            ("playwright: default".to_string(), Duration::from_millis(30_500), None),
        ];
        let text = table(&rows, Duration::from_secs(200));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("step ") && lines[0].ends_with("share"), "{text}");
        assert!(
            lines[1].starts_with("cargo test ") && lines[1].ends_with("90.0   45.0%"),
            "{text}"
        );
        assert!(lines[2].ends_with("(installed)"), "{text}");
        assert!(lines[3].ends_with("30.5   15.2%"), "{text}");
        assert!(
            lines[4].starts_with("total ") && lines[4].ends_with("200.0  100.0%"),
            "{text}"
        );
    }
}
