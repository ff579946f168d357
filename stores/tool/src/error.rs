use std::path::PathBuf;

/// Everything that makes a store definition unusable. Each names the file and, where
/// there is one, the key, so a broken build points straight at the line to fix.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: key `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        key: &'static str,
        message: String,
    },
    #[error("{path}: key `id`: store id `{id}` is also used by {other}")]
    DuplicateId { path: PathBuf, id: String, other: PathBuf },
    #[error("{path}: key `extends`: unknown parent store `{parent}`")]
    UnknownParent { path: PathBuf, parent: String },
    #[error("{path}: key `extends`: cycle {chain}")]
    Cycle { path: PathBuf, chain: String },
    #[error("{path}: {message}")]
    Locale { path: PathBuf, message: String },
    #[error("no store `{0}` under stores/")]
    UnknownStore(String),
}
