/// Why the server could not start. Printed once, then the process exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("cannot create the data folder: {0}")]
    DataDir(#[source] std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Coupon(#[from] crate::coupons::CouponError),
    #[error("{0}")]
    Import(#[from] crate::import::ImportError),
    #[error("{0}")]
    Export(#[from] crate::import::ExportError),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("session store: {0}")]
    Sessions(String),
    #[error("mail: {0}")]
    Mail(#[from] crate::mail::SettingsError),
    #[error(transparent)]
    Proxies(#[from] crate::limits::ProxiesError),
    #[error(transparent)]
    PagePolicy(#[from] crate::security_headers::ProbeError),
    #[error("{0}")]
    Order(String),
    #[error("store definition: {0}")]
    Store(String),
    #[error(
        "store `{store}` uses `{feature}`, which needs `{}`, and its `{backend}` backend cannot do that; \
         take `{feature}` out of its capabilities or give it a backend that can",
        capability.name()
    )]
    MissingCapability {
        store: &'static str,
        feature: &'static str,
        capability: app::commerce::Capability,
        backend: &'static str,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Serve(#[source] std::io::Error),
}

/// Why a plain HTTP route (sitemap, robots) could not answer. Storage failures are
/// logged here and reach the client only as a bare 500 (503 while the database is
/// unavailable).
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("not found")]
    NotFound,
    #[error("storage: {0}")]
    Storage(#[from] app::commerce::CommerceError),
}

impl axum::response::IntoResponse for HttpError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::StatusCode;
        match self {
            HttpError::NotFound => (StatusCode::NOT_FOUND, "not found").into_response(),
            HttpError::Storage(e) => {
                tracing::error!(error = %e, "request failed");
                let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let text = status.canonical_reason().unwrap_or("error");
                (status, text).into_response()
            }
        }
    }
}
