//! Catalogs brought from elsewhere: a file is read and checked in full, every problem
//! reported with its line and column, before anything is written; then only what
//! differs from the catalog is written, in one transaction (one catalog change).

mod catalog_file;
mod export;
mod images;
mod jsonl;
mod report;
mod shopify;
mod text;
mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;

pub use catalog_file::{CatalogFile, ImageRef, ImportProduct, ImportVariant};
pub use export::{export, ExportError};
pub use report::{Problem, Report, Severity};
pub use shopify::parse as parse_shopify;
pub use write::{Changes, Target};

use crate::Database;

/// Longest handle (URL slug) accepted.
pub const MAX_HANDLE: usize = 255;

/// A handle is the product's URL: lowercase letters, digits and dashes.
pub fn is_handle(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_HANDLE && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The formats `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// Shopify's product CSV export.
    Shopify,
    /// Our own: JSON lines, as `export` writes them.
    Jsonl,
}

impl FileFormat {
    /// By the file's extension: `.jsonl`/`.ndjson` are ours, anything else Shopify's CSV.
    pub fn of(path: &Path) -> FileFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson") => FileFormat::Jsonl,
            _ => FileFormat::Shopify,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {source}")]
    Open { path: PathBuf, source: std::io::Error },
    #[error("writing the catalog: {0}")]
    Database(#[from] sqlx::Error),
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    pub report: Report,
    pub changes: Changes,
    /// False with errors in the report or a dry run: the database is as it was.
    pub written: bool,
    pub products: usize,
    pub variants: usize,
    pub elapsed: Duration,
}

/// Reads, checks and (unless `dry_run` or the report has an error) writes `path`.
pub async fn import(
    database: &Database,
    path: &Path,
    format: FileFormat,
    target: &Target,
    dry_run: bool,
    progress: &ProgressBar,
) -> Result<Outcome, ImportError> {
    let started = Instant::now();
    let opened = std::fs::File::open(path).map_err(|source| ImportError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let input = std::io::BufReader::new(opened);
    let mut report = Report::new(path.display().to_string());
    let mut file = match format {
        FileFormat::Shopify => shopify::parse(input, target.currency, &mut report),
        FileFormat::Jsonl => jsonl::parse(input, &mut report),
    };
    let photos = if report.errors() == 0 {
        images::load(&mut file, path.parent().unwrap_or(Path::new(".")), &mut report).await
    } else {
        Default::default()
    };
    let products = file.products.len();
    let variants = file.products.iter().map(|p| p.variants.len()).sum();
    let mut outcome = Outcome {
        report,
        changes: Changes::default(),
        written: false,
        products,
        variants,
        elapsed: Duration::ZERO,
    };
    if outcome.report.errors() > 0 {
        outcome.elapsed = started.elapsed();
        return Ok(outcome);
    }
    progress.set_length(products as u64);
    let report = &mut outcome.report;
    let (changes, written) = match database {
        Database::Sqlite(pool) => {
            let mut tx = pool.begin().await?;
            let changes = on_sqlite::apply(&mut tx, &file, &photos, target, report, progress).await?;
            let write = report.errors() == 0 && !dry_run && !changes.is_empty();
            if write {
                crate::db::refresh_price_ranges(&mut tx).await?;
                tx.commit().await?;
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            (changes, write)
        }
        Database::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            let changes = on_postgres::apply(&mut tx, &file, &photos, target, report, progress).await?;
            let write = report.errors() == 0 && !dry_run && !changes.is_empty();
            if write {
                crate::postgres::refresh_price_ranges(&mut tx).await?;
                tx.commit().await?;
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            (changes, write)
        }
    };
    progress.finish_and_clear();
    outcome.changes = changes;
    outcome.written = written;
    outcome.elapsed = started.elapsed();
    tracing::info!(
        file = %path.display(),
        products,
        written,
        elapsed_ms = outcome.elapsed.as_millis() as u64,
        "catalog imported"
    );
    Ok(outcome)
}

mod on_sqlite {
    super::write::writer!(sqlx::Sqlite);
}

mod on_postgres {
    super::write::writer!(sqlx::Postgres);
}
