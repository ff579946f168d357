//! Settings from the environment over the store's `store.toml` defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::store::STORE;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var}: `{value}` is not an address like 127.0.0.1:3000")]
    Addr { var: &'static str, value: String },
    #[error("leptos settings: {0}")]
    Leptos(String),
    #[error("DEMO_DATA: `{0}` is not 1 or 0")]
    DemoData(String),
}

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub demo: Demo,
    pub leptos: leptos::config::LeptosOptions,
}

/// Whether the database gets demo data: the generated catalog when it has none, and the
/// demo coupons (`WELCOME10`, …, which anyone can guess) for every store. A retailer's
/// database holds only the retailer's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Demo {
    Seeded,
    None,
}

impl Demo {
    /// `DEMO_DATA=1` or `0`; unset, a debug build (`cargo leptos watch`) is a demo and a
    /// release build is not. `cargo store dev`, the tests and the bench set it.
    fn from_env() -> Result<Self, ConfigError> {
        match std::env::var("DEMO_DATA").ok().as_deref() {
            Some("1" | "true") => Ok(Demo::Seeded),
            Some("0" | "false") => Ok(Demo::None),
            None if cfg!(debug_assertions) => Ok(Demo::Seeded),
            None => Ok(Demo::None),
            Some(other) => Err(ConfigError::DemoData(other.to_string())),
        }
    }
}

impl Config {
    /// `ADDR` wins, then `LEPTOS_SITE_ADDR` (set by cargo-leptos), then the store's `addr`.
    /// `DATABASE_URL` defaults to one SQLite file under `DATA_DIR` (default `./data`) that
    /// every store binary on the machine shares.
    pub fn from_env() -> Result<Self, ConfigError> {
        let (var, value) = [
            ("ADDR", std::env::var("ADDR").ok()),
            ("LEPTOS_SITE_ADDR", std::env::var("LEPTOS_SITE_ADDR").ok()),
        ]
        .into_iter()
        .find_map(|(var, v)| v.map(|v| (var, v)))
        .unwrap_or(("store.toml addr", STORE.addr.to_string()));
        let addr = value.parse().map_err(|_| ConfigError::Addr {
            var,
            value: value.clone(),
        })?;
        let database_url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{}", data_dir().join("storefront.db").display()));
        let demo = Demo::from_env()?;
        let mut leptos = leptos::config::get_configuration(None)
            .map_err(|e| ConfigError::Leptos(e.to_string()))?
            .leptos_options;
        leptos.site_addr = addr;
        // A release folder (`dist/<id>/`) keeps its site beside the binary.
        if std::env::var_os("LEPTOS_SITE_ROOT").is_none() {
            if let Some(site) = std::env::current_exe()
                .ok()
                .and_then(|e| e.parent().map(|d| d.join("site")))
            {
                if site.is_dir() {
                    leptos.site_root = site.display().to_string().into();
                }
            }
        }
        if leptos.output_name.is_empty() {
            leptos.output_name = "storefront".into();
        }
        // A copied release keeps its hash file beside the binary; honour it without
        // requiring LEPTOS_HASH_FILES to be exported by hand.
        if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
            leptos.hash_files = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(&*leptos.hash_file)))
                .is_some_and(|p| p.is_file());
        }
        Ok(Config {
            addr,
            database_url,
            demo,
            leptos,
        })
    }
}

/// This machine's own files: the SQLite database by default, resized photos.
/// `DATA_DIR`, else `./data`.
pub fn data_dir() -> PathBuf {
    PathBuf::from(std::env::var("DATA_DIR").unwrap_or_else(|_| "data".into()))
}

/// Makes sure the folder of a `sqlite://` file URL exists before SQLite creates the file.
pub fn ensure_sqlite_dir(url: &str) -> std::io::Result<()> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}
