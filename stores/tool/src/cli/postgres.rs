//! A throwaway PostgreSQL for the tests and benches that run our SQL backend on it:
//! Debian's `postgresql` package (installed when missing), a cluster made with `initdb` in
//! a folder of the system's temporary directory (the server runs as `postgres`, which may not
//! enter the build cache under root's home), listening on a Unix socket only (no TCP port to collide
//! with), as the `postgres` user. It stops, and its folder goes, when [`Running`] is
//! dropped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::step::{finished, quiet, skip};
use super::CliError;

/// Where Debian 12's `postgresql` package puts the server's programs.
const BIN: &str = "/usr/lib/postgresql/15/bin";

fn program(name: &str) -> PathBuf {
    Path::new(BIN).join(name)
}

/// `apt-get install postgresql` when its programs are missing.
pub fn install() -> Result<(), CliError> {
    if program("pg_ctl").exists() {
        skip("PostgreSQL", "installed");
        return Ok(());
    }
    super::setup::apt_install("PostgreSQL", &["postgresql"])
}

/// A running cluster; `url` reaches it through its socket.
pub struct Running {
    dir: PathBuf,
    pub url: String,
}

impl Running {
    /// The socket folder, for `psql -h`.
    pub fn socket_dir(&self) -> PathBuf {
        self.dir.join("socket")
    }

    /// Its folder: `data/` for `pg_ctl -D`, `server.log`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = pg_ctl(&self.dir, &["stop", "-m", "immediate"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Installs if needed, then makes a fresh cluster named `name` and starts it.
pub fn start(name: &str) -> Result<Running, CliError> {
    let dir = &std::env::temp_dir().join(format!("storefront-postgres-{name}"));
    install()?;
    let started = Instant::now();
    // One left running by an interrupted run.
    if dir.join("data/postmaster.pid").exists() {
        let _ = pg_ctl(dir, &["stop", "-m", "immediate"]);
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("socket")).map_err(|e| CliError::Other(format!("{}: {e}", dir.display())))?;
    chown_postgres(dir)?;
    quiet(
        "PostgreSQL cluster",
        as_postgres(&program("initdb"))
            .args(["-D"])
            .arg(dir.join("data"))
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]),
    )?;
    start_server(dir)?;
    let running = Running {
        url: format!(
            "postgres://postgres@localhost/postgres?host={}",
            dir.join("socket").display()
        ),
        dir: dir.to_path_buf(),
    };
    finished(
        &format!("PostgreSQL at {}", running.socket_dir().display()),
        started,
        true,
    );
    Ok(running)
}

fn start_server(dir: &Path) -> Result<(), CliError> {
    // No TCP; fsync off: a test cluster is thrown away, and a crash test kills the
    // server, not the machine.
    let options = format!(
        "-k {} -c listen_addresses='' -c fsync=off -c max_connections=200",
        dir.join("socket").display()
    );
    pg_ctl(
        dir,
        &[
            "-o",
            &options,
            "-l",
            &dir.join("server.log").display().to_string(),
            "-w",
            "start",
        ],
    )
}

fn pg_ctl(dir: &Path, args: &[&str]) -> Result<(), CliError> {
    quiet(
        "pg_ctl",
        as_postgres(&program("pg_ctl"))
            .arg("-D")
            .arg(dir.join("data"))
            .args(args),
    )
}

/// The server refuses to run as root: as `postgres` when we are root.
fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn chown_postgres(dir: &Path) -> Result<(), CliError> {
    if !is_root() {
        return Ok(());
    }
    quiet(
        "PostgreSQL folder",
        Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir),
    )
}
