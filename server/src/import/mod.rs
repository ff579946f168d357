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
pub use shopify::{parse as parse_shopify, CATEGORY_COLUMN};
pub use write::{Changes, Target};

use crate::Database;

/// Longest handle (URL slug) accepted.
pub const MAX_HANDLE: usize = 255;

/// A handle is the product's URL: lowercase letters, digits and dashes.
pub fn is_handle(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_HANDLE
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    #[error("`{0}` is not a currency code like EUR")]
    Currency(String),
    #[error("no store sells catalog `{0}`: name its prices' currency with --currency")]
    NoCurrency(String),
    #[error("this store: {0}")]
    Store(String),
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

impl Outcome {
    /// What happened, with the rate: `1,200 products, 9,000 variants in 2.1 s (…)`.
    pub fn summary(&self, dry_run: bool) -> String {
        let seconds = self.elapsed.as_secs_f64().max(0.001);
        let rate = (self.variants as f64 / seconds).round();
        let what = if self.report.errors() > 0 {
            "nothing written: the file has errors".to_string()
        } else if dry_run {
            format!("dry run, nothing written; would change: {}", self.changes)
        } else {
            self.changes.to_string()
        };
        format!(
            "{} products, {} variants in {seconds:.1} s ({rate} variants/s): {what}",
            self.products, self.variants
        )
    }
}

/// Where an import or export goes: the given catalog or this store's, priced in the
/// given currency, else in that of a store that sells the catalog.
pub async fn target(
    database: &Database,
    catalog: Option<String>,
    currency: Option<&str>,
    retire: bool,
) -> Result<Target, ImportError> {
    let store = app::store::STORE
        .scope()
        .map_err(|e| ImportError::Store(e.to_string()))?;
    let catalog = catalog.unwrap_or_else(|| store.catalog.clone());
    let currency = match currency {
        Some(code) => app::model::Currency::parse(code).map_err(|_| ImportError::Currency(code.into()))?,
        None if catalog == store.catalog => store.currency,
        None => {
            let sold: Option<String> = crate::on_either_pool!(database, pool => {
                sqlx::query_scalar("SELECT currency FROM stores WHERE catalog_id = $1 ORDER BY id LIMIT 1")
                    .bind(&catalog)
                    .fetch_optional(pool)
                    .await?
            });
            sold.and_then(|c| app::model::Currency::parse(&c).ok())
                .ok_or_else(|| ImportError::NoCurrency(catalog.clone()))?
        }
    };
    Ok(Target {
        catalog,
        currency,
        retire,
    })
}

/// A file to import and how to read it.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub format: FileFormat,
    /// Shopify's CSV: the column categories come from ([`CATEGORY_COLUMN`] by default).
    pub category_column: String,
}

impl Source {
    /// `path` in the format its extension says, categories from `Type`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Source {
            format: FileFormat::of(&path),
            path,
            category_column: CATEGORY_COLUMN.to_string(),
        }
    }
}

/// Reads, checks and (unless `dry_run` or the report has an error) writes the file.
pub async fn import(
    database: &Database,
    source: &Source,
    target: &Target,
    dry_run: bool,
    progress: &ProgressBar,
) -> Result<Outcome, ImportError> {
    let path = source.path.as_path();
    let started = Instant::now();
    let opened = std::fs::File::open(path).map_err(|source| ImportError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let input = std::io::BufReader::new(opened);
    let mut report = Report::new(path.display().to_string());
    let mut file = match source.format {
        FileFormat::Shopify => shopify::parse(input, target.currency, &source.category_column, &mut report),
        FileFormat::Jsonl => jsonl::parse(input, &mut report),
    };
    // Photos are checked even when rows have errors: the report names every problem.
    let photos = images::load(&mut file, path.parent().unwrap_or(Path::new(".")), &mut report).await;
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
                crate::db::analyze(pool).await?;
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
