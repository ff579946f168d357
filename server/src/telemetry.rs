use tracing_subscriber::{fmt, EnvFilter};

/// Logs to stderr, filtered by `RUST_LOG` (default: info for our crates, warn for the rest).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,server=info,app=info,tower_http=warn"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
