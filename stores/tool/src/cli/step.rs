//! Runs one step of work: a line saying what it is, a spinner while it runs, and its
//! output kept in a log that is shown only when it fails.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::{root, CliError};

/// Runs `cmd` quietly with a spinner; on failure prints the tail of its log.
pub fn quiet(name: &str, cmd: &mut Command) -> Result<(), CliError> {
    let log_dir = root().join("target/store-logs");
    std::fs::create_dir_all(&log_dir).map_err(|e| CliError::Other(format!("{}: {e}", log_dir.display())))?;
    let log_path: PathBuf = log_dir.join(format!("{}.log", name.replace([' ', '/'], "-")));
    let log = std::fs::File::create(&log_path).map_err(|e| CliError::Other(format!("{}: {e}", log_path.display())))?;
    let err = log.try_clone().map_err(|e| CliError::Other(e.to_string()))?;
    let spinner = spinner(name);
    let started = Instant::now();
    let status = cmd
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .status()
        .map_err(|source| CliError::Spawn {
            program: program(cmd),
            source,
        })?;
    spinner.finish_and_clear();
    if status.success() {
        println!("✓ {name} ({})", elapsed(started));
        return Ok(());
    }
    println!("✗ {name} ({})", elapsed(started));
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(60).collect();
    for line in tail.into_iter().rev() {
        eprintln!("  {line}");
    }
    Err(CliError::StepFailed {
        step: name.to_string(),
        code: status.code().unwrap_or(-1),
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
    if status.success() {
        println!("✓ {name} ({})", elapsed(started));
        Ok(())
    } else {
        println!("✗ {name} ({})", elapsed(started));
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
