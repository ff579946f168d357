//! Catalog changes as each replica learns of them. The database announces every change
//! at commit (`NOTIFY catalog_changed`, from the triggers of migration 0001); a replica
//! counts what it heard, and its caches and page cache key on those counts. No row is
//! read per request and none is updated per order.
//!
//! What may be missed is made up for: when the listening connection is lost, everything
//! counts as changed once it is back; and every [`POLL`] the newest row of
//! `catalog_changes` is read, so a replica whose notifications stall still catches up.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;

use crate::db::Versions;

pub const CHANNEL: &str = "catalog_changed";
/// How often the fall-back poll reads the change log.
pub const POLL: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
pub struct Announced {
    all: AtomicI64,
    structure: AtomicI64,
}

impl Announced {
    pub fn versions(&self) -> Versions {
        Versions {
            all: self.all.load(Ordering::Acquire),
            structure: self.structure.load(Ordering::Acquire),
        }
    }

    /// A change was heard of; `structure` unless only stock moved.
    pub fn changed(&self, structure: bool) {
        if structure {
            self.structure.fetch_add(1, Ordering::AcqRel);
        }
        self.all.fetch_add(1, Ordering::AcqRel);
    }
}

/// Listens and polls for as long as the process runs.
pub fn start(pool: PgPool, announced: Arc<Announced>) {
    tokio::spawn(listen(pool.clone(), announced.clone()));
    tokio::spawn(poll(pool, announced));
}

async fn listen(pool: PgPool, announced: Arc<Announced>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "cannot listen for catalog changes");
                } else {
                    // Whatever changed while nobody listened.
                    announced.changed(true);
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(n)) => announced.changed(n.payload() != "stock"),
                            // The connection was lost; the next call connects again.
                            Ok(None) => {
                                tracing::warn!("catalog change notifications interrupted");
                                announced.changed(true);
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "catalog change notifications stopped");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot connect to listen for catalog changes"),
        }
        tokio::time::sleep(POLL).await;
    }
}

/// How many changes were ever logged, and of them how many structural (those pruned
/// since included): a change committed late with a lower id still moves the counts, and
/// a prune does not.
async fn poll(pool: PgPool, announced: Arc<Announced>) {
    let mut last: Option<(i64, i64)> = None;
    loop {
        tokio::time::sleep(POLL).await;
        let read: Result<(i64, i64), sqlx::Error> = sqlx::query_as(
            "SELECT p.total + (SELECT COUNT(*) FROM catalog_changes),
                    p.structural + (SELECT COUNT(*) FROM catalog_changes WHERE structure)
               FROM catalog_changes_pruned p",
        )
        .fetch_one(&pool)
        .await;
        let Ok(now) = read else { continue };
        if let Some(before) = last.filter(|before| *before != now) {
            announced.changed(before.1 != now.1);
        }
        last = Some(now);
    }
}
