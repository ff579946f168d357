//! Walks README's "Adding a store" in a scratch copy of the workspace: scaffold a store,
//! check that an override with wrong props fails naming the store's file, then build the
//! store with one override and check that its page shows it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::stores::new_in;
use super::{root, CliError};

const ID: &str = "walkthrough";
const PORT: u16 = 3199;

pub fn walkthrough() -> Result<(), CliError> {
    let main = root();
    let dir = main.join("target/walkthrough");
    walk(&main, &dir)
}

/// The README's steps are done in `stage`, a fresh copy of the workspace. The
/// wrong-props check compiles there, into a target folder of its own (a compile error is
/// never cached, and that copy's files are all new). The store that must build is then
/// synced by content into `ws`, kept between runs, and built into the main target folder:
/// cargo compiles again only what changed.
fn walk(main: &Path, dir: &Path) -> Result<(), CliError> {
    let stage = dir.join("stage");
    let ws = dir.join("ws");
    copy_workspace(main, &stage)?;
    new_in(&stage, ID, "default")?;
    println!("✓ walkthrough: cargo store new {ID} --extends default");

    let components = stage.join("stores").join(ID).join("app/src/components");
    std::fs::create_dir_all(&components).map_err(io)?;
    let price = components.join("price.rs");
    std::fs::write(&price, "use leptos::prelude::*;\n\n#[component]\npub fn Price(amount: i64) -> impl IntoView {\n    view! { <span>{amount}</span> }\n}\n").map_err(io)?;
    let out = cargo(&stage, &dir.join("check-target"))
        .args(["check", "-q", "-p", "app", "--features", &format!("ssr,store-{ID}")])
        .output()
        .map_err(spawn)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let wanted = format!("stores/{ID}/app/src/components/price.rs");
    if out.status.success() || !stderr.contains(&wanted) {
        return Err(CliError::Other(format!(
            "an override with wrong props must fail naming {wanted}; got:\n{stderr}"
        )));
    }
    std::fs::remove_file(&price).map_err(io)?;
    println!("✓ walkthrough: wrong props fail at {wanted}");

    let base_footer = std::fs::read_to_string(stage.join("app/src/components/footer.rs")).map_err(io)?;
    let marker = "Walkthrough store footer";
    let footer = base_footer.replacen("<footer ", &format!("<footer data-walkthrough=\"{marker}\" "), 1);
    if footer == base_footer {
        return Err(CliError::Other(
            "the base footer has no <footer> element to mark".into(),
        ));
    }
    std::fs::write(components.join("footer.rs"), footer).map_err(io)?;
    super::cache::sync(&stage, &ws)?;
    let status = cargo(&ws, &main.join("target"))
        .args(["build", "-q", "-p", "server", "--features", &format!("store-{ID}")])
        .status()
        .map_err(spawn)?;
    if !status.success() {
        return Err(CliError::Other("the new store does not build".into()));
    }
    let db = dir.join("walkthrough.db");
    let _ = std::fs::remove_file(&db);
    let server = Command::new(main.join("target/debug/server"))
        .env("ADDR", format!("127.0.0.1:{PORT}"))
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("DEMO_DATA", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .map_err(spawn)?;
    let _guard = KillOnDrop(server);
    let page = wait_for_page("/")?;
    if !page.contains(marker) {
        return Err(CliError::Other(format!(
            "the built page does not show the store's footer override ({marker})"
        )));
    }
    println!("✓ walkthrough: the built store serves its override");
    Ok(())
}

fn cargo(ws: &Path, target: &Path) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(ws).env("CARGO_TARGET_DIR", target);
    cmd
}

/// Tracked and new (not ignored) files, as a fresh clone would have them, in a
/// repository of their own (so that the copy can be synced on as a checkout is).
fn copy_workspace(from: &Path, to: &Path) -> Result<(), CliError> {
    let _ = std::fs::remove_dir_all(to);
    for rel in super::git::files(from)? {
        let src: PathBuf = from.join(&rel);
        if !src.is_file() {
            continue;
        }
        let dest = to.join(&rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::copy(&src, &dest).map_err(io)?;
    }
    super::git::run(to, &["init", "-q"]).map(|_| ())
}

fn wait_for_page(path: &str) -> Result<String, CliError> {
    let started = Instant::now();
    loop {
        if let Ok(body) = get(path) {
            return Ok(body);
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err(CliError::Other(format!(
                "the walkthrough store did not answer on port {PORT}"
            )));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn get(path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", PORT))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut body = String::new();
    stream.read_to_string(&mut body)?;
    Ok(body)
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn io(e: std::io::Error) -> CliError {
    CliError::Other(e.to_string())
}

fn spawn(source: std::io::Error) -> CliError {
    CliError::Spawn {
        program: "cargo".into(),
        source,
    }
}
