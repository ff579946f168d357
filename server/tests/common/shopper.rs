//! A shopper as a real client sees a store binary: raw HTTP/1.1 over a socket, forms
//! posted without JavaScript, cookies kept between requests.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A response read off a real socket: status, the headers a shopper keeps, the body.
pub struct Reply {
    pub status: u16,
    pub cookies: Vec<String>,
    pub location: Option<String>,
    pub body: String,
}

/// One HTTP/1.1 request to the server process, as a browser without JavaScript sends it.
pub async fn send(port: u16, method: &str, path: &str, cookies: &[String], body: &str) -> std::io::Result<Reply> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let cookie = if cookies.is_empty() {
        String::new()
    } else {
        format!("Cookie: {}\r\n", cookies.join("; "))
    };
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n\
         Referer: http://127.0.0.1:{port}/\r\n{cookie}\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or(std::io::ErrorKind::UnexpectedEof)?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or(std::io::ErrorKind::InvalidData)?;
    let (mut cookies, mut location) = (Vec::new(), None);
    for line in lines {
        let Some((name, value)) = line.split_once(": ") else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "set-cookie" => cookies.push(value.split(';').next().unwrap_or_default().to_string()),
            // The path, as a browser follows it: a redirect back to the Referer is absolute.
            "location" => {
                let path = value.strip_prefix(&format!("http://127.0.0.1:{port}")).unwrap_or(value);
                location = Some(path.to_string());
            }
            _ => {}
        }
    }
    Ok(Reply {
        status,
        cookies,
        location,
        body: body.to_string(),
    })
}

/// Why a shopper's step did not go through.
#[derive(Debug)]
pub enum Refusal {
    /// The connection failed: the server is gone or not answering.
    Io(std::io::Error),
    /// The server answered, with an error: its status and the message shown to the shopper.
    Refused {
        step: &'static str,
        status: u16,
        message: String,
    },
}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Self {
        Refusal::Io(e)
    }
}

/// A guest with a browser's cookie jar, without JavaScript.
#[derive(Clone, Debug, Default)]
pub struct Shopper {
    jar: Vec<String>,
}

impl Shopper {
    pub async fn request(&mut self, port: u16, method: &str, path: &str, body: &str) -> std::io::Result<Reply> {
        let reply = send(port, method, path, &self.jar, body).await?;
        for c in &reply.cookies {
            let name = c.split('=').next().unwrap_or_default();
            self.jar.retain(|k| k.split('=').next() != Some(name));
            self.jar.push(c.clone());
        }
        Ok(reply)
    }

    /// A form post that should redirect to `to` (a prefix); anything else is a refusal
    /// with the message the page would show (a form without JavaScript comes back with
    /// it in `__err`).
    async fn post(
        &mut self,
        port: u16,
        step: &'static str,
        path: &str,
        body: &str,
        to: &str,
    ) -> Result<String, Refusal> {
        let reply = self.request(port, "POST", path, body).await?;
        match reply.location {
            Some(at) if reply.status / 100 == 3 && at.starts_with(to) && !at.contains("__err=") => Ok(at),
            at => Err(Refusal::Refused {
                step,
                status: reply.status,
                message: at.as_deref().and_then(form_error).unwrap_or(reply.body),
            }),
        }
    }

    /// Add, details, review, each on the next of `ports`: the checkout key of the review page.
    pub async fn ready_to_place(&mut self, ports: &[u16], sku: &str) -> Result<String, Refusal> {
        let port = |step: usize| ports[step % ports.len()];
        self.post(port(0), "add", "/api/cart-add", &format!("sku={sku}&quantity=1"), "/")
            .await?;
        let details = "email=buyer%40example.com&name=Ada&line1=1+Main+St&line2=&postcode=94107&city=SF&country=US&shipping=standard&payment=invoice";
        self.post(port(1), "details", "/api/checkout-save", details, "/checkout/review")
            .await?;
        let review = self.request(port(2), "GET", "/checkout/review", "").await?;
        review
            .body
            .split("name=\"key\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_string)
            .ok_or(Refusal::Refused {
                step: "review",
                status: review.status,
                message: "no checkout key".into(),
            })
    }

    /// Places the order: its number once the confirmation has reached the shopper.
    pub async fn place(&mut self, port: u16, key: &str) -> Result<String, Refusal> {
        let at = self
            .post(port, "place", "/api/place-order", &format!("key={key}"), "/order/")
            .await?;
        Ok(at
            .trim_start_matches("/order/")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string())
    }
}

/// The message of a refused form, from the page it is sent back to.
pub fn form_error(location: &str) -> Option<String> {
    use base64::Engine;
    let encoded = location.split("__err=").nth(1)?.split('&').next()?;
    let encoded = encoded.replace("%3D", "=").replace("%2B", "+").replace("%2F", "/");
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(text.split_once('|').map_or(text.clone(), |(_, m)| m.to_string()))
}

/// A guest's whole checkout: add, details, review, place, each step on the next of
/// `ports` (one server, or replicas sharing sessions). The order number once the
/// confirmation has reached the shopper.
pub async fn buy(ports: &[u16], sku: &str) -> Result<String, Refusal> {
    let mut shopper = Shopper::default();
    let key = shopper.ready_to_place(ports, sku).await?;
    shopper.place(ports[3 % ports.len()], &key).await
}

/// A store binary serving `database_url` on `port`.
pub fn start_server(binary: &Path, database_url: &str, port: u16) -> Child {
    Command::new(binary)
        .env("ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("DEMO_DATA", "1")
        .env("LEPTOS_OUTPUT_NAME", "storefront")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("server starts")
}

pub async fn wait_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if send(port, "GET", "/healthz", &[], "")
            .await
            .is_ok_and(|r| r.status == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become healthy");
}
