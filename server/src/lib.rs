//! The storefront server: one store's compiled app over the shared data layer.

mod action_error;
mod backend;
pub mod bench;
mod caching;
pub mod config;
pub mod coupons;
mod cross_origin;
pub mod database;
pub mod db;
pub mod error;
mod error_page;
pub mod import;
mod limits;
pub mod mail;
pub mod media;
pub mod memory;
pub mod orders;
mod page_cache;
pub mod photos;
pub mod postgres;
mod reset_links;
mod security_headers;
pub mod seed;
pub mod seo;
mod session;
mod startup;
mod sweep;
pub mod telemetry;
#[cfg(feature = "vendure")]
pub mod vendure;

pub use database::{prepare as prepare_database, Database};
pub use limits::TrustedProxies;
pub use startup::{router, router_with, AppState, RouterSettings};
