//! Just enough HTTP to find the pages to load-test and weigh what a browser downloads:
//! HTTP/1.0 GETs over loopback, and the store's server as a child process.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::super::CliError;

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// GET `path` from `addr`. HTTP/1.0 makes the server end the body by closing.
pub fn get(addr: &str, path: &str, accept_encoding: Option<&str>) -> Result<Response, CliError> {
    let encoding = accept_encoding
        .map(|e| format!("Accept-Encoding: {e}\r\n"))
        .unwrap_or_default();
    let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n{encoding}Connection: close\r\n\r\n");
    exchange(addr, &format!("GET {path}"), &request).map(|(_, response)| response)
}

/// POSTs a form as a server function call, and returns the status and the first cookie
/// set (`name=value`).
pub fn post_form(addr: &str, path: &str, form: &str) -> Result<(u16, Option<String>), CliError> {
    let request = format!(
        "POST {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let (head, response) = exchange(addr, &format!("POST {path}"), &request)?;
    let cookie = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        })
        .and_then(|(_, value)| value.trim().split(';').next())
        .map(str::to_string);
    Ok((response.status, cookie))
}

/// Sends `request` and reads the answer to the end: its header block and the response.
fn exchange(addr: &str, what: &str, request: &str) -> Result<(String, Response), CliError> {
    let io = |e: std::io::Error| CliError::Other(format!("{what} on {addr}: {e}"));
    let mut stream = TcpStream::connect(addr).map_err(io)?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(io)?;
    stream.write_all(request.as_bytes()).map_err(io)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(io)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| CliError::Other(format!("{what}: no HTTP header in the answer")))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = raw[split + 4..].to_vec();
    Ok((head, Response { status, body }))
}

/// A server process, stopped when dropped.
pub struct Server {
    child: Child,
}

impl Server {
    /// Starts `binary args…` on `addr` over `database_url` and waits until `ready` answers 200.
    pub fn start(
        binary: &Path,
        args: &[&str],
        addr: &str,
        database_url: &str,
        ready: &str,
    ) -> Result<Server, CliError> {
        let child = Command::new(binary)
            .args(args)
            .env("ADDR", addr)
            .env("DATABASE_URL", database_url)
            .env("DEMO_DATA", "1")
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|source| CliError::Spawn {
                program: binary.display().to_string(),
                source,
            })?;
        let server = Server { child };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if get(addr, ready, None).is_ok_and(|r| r.status == 200) {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(CliError::Other(format!(
            "{} did not answer on {addr} within 2 minutes",
            binary.display()
        )))
    }

    /// The most memory the process has held resident so far (`VmHWM`), in bytes.
    pub fn peak_rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
