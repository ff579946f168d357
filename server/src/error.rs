/// Why the server could not start. Printed once, then the process exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("cannot create the data folder: {0}")]
    DataDir(#[source] std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("session store: {0}")]
    Sessions(String),
    #[error("store definition: {0}")]
    Store(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Serve(#[source] std::io::Error),
}
