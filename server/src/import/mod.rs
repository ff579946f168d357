//! Catalogs brought from elsewhere: a file is read and checked in full, every problem
//! reported with its line and column, before anything is written.

mod catalog_file;
mod report;
mod shopify;

pub use catalog_file::{CatalogFile, ImageRef, ImportProduct, ImportVariant};
pub use report::{Problem, Report, Severity};
pub use shopify::parse as parse_shopify;
