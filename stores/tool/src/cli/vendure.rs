//! Vendure, for stores whose `[backend] kind` is `vendure` and for the data layer's
//! contract tests: installed from npm into `backends/vendure/node_modules` (versions
//! pinned by the lock file there), populated once with Vendure's own sample catalog into
//! `target/vendure/seed/`, and started on a free port from a copy of that seed. The
//! process stops when [`Running`] is dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::commands::copy_dir;
use super::setup::{same_content, write_stamp};
use super::step::{finished, quiet, skip};
use super::{root, CliError};

fn home() -> PathBuf {
    root().join("backends/vendure")
}

fn seed_dir() -> PathBuf {
    root().join("target/vendure/seed")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |e| CliError::Other(format!("{}: {e}", path.display()))
}

/// `npm ci` in `backends/vendure` when its packages are missing or older than the lock.
pub fn install() -> Result<(), CliError> {
    let home = home();
    let lock = home.join("package-lock.json");
    let stamp = home.join("node_modules/.installed-from-package-lock.json");
    if same_content(&[&lock], &stamp) {
        skip("Vendure packages", "installed from this package-lock.json");
        return Ok(());
    }
    // better-sqlite3 compiles SQLite when its prebuilt binary cannot be downloaded; the
    // Node headers come from the system's Node, not from the web.
    quiet(
        "Vendure packages (about a minute)",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--nodedir=/usr"])
            .current_dir(&home),
    )?;
    write_stamp(&[&lock], &stamp)
}

/// The populated sample catalog, made on the first run.
pub fn seed() -> Result<PathBuf, CliError> {
    let dir = seed_dir();
    let db = dir.join("vendure.sqlite");
    // Made by the populate script with the installed packages: current while both are.
    let inputs = [home().join("populate.js"), home().join("package-lock.json")];
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let stamp = dir.join("populated-from");
    if db.exists() && same_content(&inputs, &stamp) {
        skip("Vendure sample catalog", "populated by this script and these packages");
        return Ok(dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let partial = dir.join("populating.sqlite");
    quiet(
        "Vendure sample catalog (about 40 s)",
        Command::new("node")
            .arg("populate.js")
            .current_dir(home())
            .env("VENDURE_DB", &partial)
            .env("VENDURE_ASSETS", dir.join("assets"))
            .env("VENDURE_PORT", free_port()?.to_string()),
    )?;
    // Renamed only once complete, so an interrupted run populates again.
    std::fs::rename(&partial, &db).map_err(io(&db))?;
    write_stamp(&inputs, &stamp)?;
    Ok(dir)
}

/// A Vendure server that stops when dropped.
pub struct Running {
    child: Child,
    pub url: String,
}

impl Running {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The Node process's peak resident memory, from `/proc`.
    pub fn peak_rss_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb / 1024.0)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // SIGTERM first, so it closes its database; then make sure.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs and populates if needed, then starts Vendure on a copy of the seed in
/// `run_dir` (kept when it already holds one: `cargo store dev` keeps its data).
pub fn start(run_dir: &Path, fresh: bool) -> Result<Running, CliError> {
    install()?;
    let seed = seed()?;
    let db = run_dir.join("vendure.sqlite");
    if fresh {
        let _ = std::fs::remove_dir_all(run_dir);
    }
    if !db.exists() {
        std::fs::create_dir_all(run_dir).map_err(io(run_dir))?;
        std::fs::copy(seed.join("vendure.sqlite"), &db).map_err(io(&db))?;
        copy_dir(&seed.join("assets"), &run_dir.join("assets"))?;
    }
    let port = free_port()?;
    let log = std::fs::File::create(run_dir.join("vendure.log")).map_err(io(run_dir))?;
    let err = log.try_clone().map_err(io(run_dir))?;
    let started = Instant::now();
    let child = Command::new("node")
        .arg("index.js")
        .current_dir(home())
        .env("VENDURE_DB", &db)
        .env("VENDURE_ASSETS", run_dir.join("assets"))
        .env("VENDURE_PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .spawn()
        .map_err(|source| CliError::Spawn {
            program: "node".into(),
            source,
        })?;
    let running = Running {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    // Under a parallel build it took up to 14 s; on its own, 2.
    while !healthy(port) {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(CliError::Other(format!(
                "Vendure did not answer within 2 minutes; see {}",
                run_dir.join("vendure.log").display()
            )));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    finished(&format!("Vendure on {}", running.url), started, true);
    Ok(running)
}

fn free_port() -> Result<u16, CliError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| CliError::Other(format!("no free port: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| CliError::Other(e.to_string()))
}

fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200") && answer.contains("\"ok\"")
}
