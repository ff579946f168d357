//! Group commit: the hot writes (carts, new sessions) of every request run on one thread,
//! many shoppers' writes in one transaction.
//!
//! SQLite takes one writer at a time, and through sqlx each statement is a round trip to
//! the connection's own thread (~90 µs under load on two cores, most of it waiting to be
//! scheduled). A new visitor's cart and session took four; at 64 connections that capped
//! add to cart near 2,000 req/s with a p99 of 50 ms. Here a batch takes the process's
//! writing connection from its pool once, runs every queued write on it synchronously
//! (each in a savepoint, so one failing write undoes only itself) and commits once. Writes
//! still made with sqlx (orders, accounts) queue for the same connection between batches,
//! so no two writers of this process meet in SQLite's busy handler, which sleeps.
//!
//! Checkpoints (copying the WAL back into the database, and syncing it) are not left to
//! the batch that happens to cross SQLite's threshold, with every shopper queued behind
//! it waiting: the writing connection has them off, and a reading connection runs a
//! passive one, which never blocks the writer, a few times a second (add to cart p99 21
//! → 14 ms at 64 connections). Once a second the writer finishes one between batches,
//! after answering the batch before it, so the WAL can start over (`catch_up`).
//!
//! Durability: the writing connection syncs every commit to disk (`synchronous = FULL`),
//! so an order confirmed to a shopper survives a power cut; the batches here run at
//! NORMAL, where a power cut may lose the last second of carts, never corrupt them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

/// Most writes in one transaction: bounds how long a batch keeps other writers (other
/// store binaries, this process's sqlx writes) waiting for the write lock.
const MAX_BATCH: usize = 128;
/// Writes waiting for a batch before callers wait to queue.
const QUEUE: usize = 4096;
/// How often the WAL is copied back: a few MB of WAL at most under load.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);
/// How often the writer finishes a checkpoint itself, so the WAL can start over.
const CATCH_UP_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone, Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the writing thread has stopped")]
    Stopped,
    #[error("a write panicked")]
    Panicked,
    #[error("the database failed the write")]
    Database(#[source] Arc<dyn std::error::Error + Send + Sync>),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Database(Arc::new(e))
    }
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Database(Arc::new(e))
    }
}

/// A handle on the writing thread; it stops once every handle is dropped.
#[derive(Clone, Debug)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Box<dyn Job>>,
}

impl GroupCommit {
    /// Starts the thread that batches writes on `pool`'s connection (the process's one
    /// writing connection, its automatic checkpoints off) and checkpoints from `readers`.
    pub fn start(pool: SqlitePool, readers: SqlitePool) -> GroupCommit {
        let (jobs, queue) = mpsc::channel(QUEUE);
        // Its own thread, not a task: a batch runs synchronously for a millisecond or two,
        // which would hold up every request queued behind it on a runtime worker.
        let started = std::thread::Builder::new().name("sqlite-writer".into()).spawn(move || {
            match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime.block_on(async move {
                    // A task of this thread's runtime: it ends with the writer.
                    tokio::spawn(checkpoints(readers));
                    run(pool, queue).await
                }),
                Err(e) => tracing::error!(error = %e, "the writing thread has no runtime; writes fail"),
            }
        });
        if let Err(e) = started {
            tracing::error!(error = %e, "the writing thread did not start; writes fail");
        }
        GroupCommit { jobs }
    }

    /// Runs `write` in the next batch and returns its result once the batch has
    /// committed. An `Err` from `write` undoes its changes only. A caller that stops
    /// waiting does not stop the write.
    pub async fn run<T, F>(&self, write: F) -> Result<T, WriteError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (reply, outcome) = oneshot::channel();
        let job = Pending {
            write: Some(write),
            result: None,
            reply,
        };
        self.jobs.send(Box::new(job)).await.map_err(|_| WriteError::Stopped)?;
        outcome.await.map_err(|_| WriteError::Stopped)?
    }
}

trait Job: Send {
    /// Runs the write; false when it failed and its changes must be undone.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Sends the write's result, or the batch's failure.
    fn reply(self: Box<Self>, batch: Result<(), WriteError>);
}

struct Pending<T, F> {
    write: Option<F>,
    result: Option<rusqlite::Result<T>>,
    reply: oneshot::Sender<Result<T, WriteError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> rusqlite::Result<T> + Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let Some(write) = self.write.take() else {
            return false;
        };
        let result = write(conn);
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn reply(self: Box<Self>, batch: Result<(), WriteError>) {
        let outcome = match (batch, self.result) {
            (Err(e), _) => Err(e),
            (Ok(()), Some(result)) => result.map_err(WriteError::from),
            // It panicked before it had a result.
            (Ok(()), None) => Err(WriteError::Panicked),
        };
        // The caller may have gone; the write stands regardless.
        let _ = self.reply.send(outcome);
    }
}

async fn run(pool: SqlitePool, mut queue: mpsc::Receiver<Box<dyn Job>>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut caught_up = Instant::now();
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcome = match pool.acquire().await {
            Ok(mut conn) => match conn.lock_handle().await {
                Ok(mut handle) => {
                    let db = handle.as_raw_handle().as_ptr().cast();
                    let outcome = commit(db, &mut batch);
                    answer(&mut batch, &outcome);
                    if outcome.is_ok() && caught_up.elapsed() >= CATCH_UP_EVERY {
                        catch_up(db);
                        caught_up = Instant::now();
                    }
                    outcome
                }
                Err(e) => Err(e.into()),
            },
            Err(e) => Err(e.into()),
        };
        answer(&mut batch, &outcome);
    }
}

/// Sends every write of `batch` its result; the batch is empty afterwards.
fn answer(batch: &mut Vec<Box<dyn Job>>, outcome: &Result<(), WriteError>) {
    if batch.is_empty() {
        return;
    }
    if let Err(e) = outcome {
        tracing::error!(error = %e, source = ?std::error::Error::source(e), writes = batch.len(), "a batch of writes failed");
    }
    for job in batch.drain(..) {
        job.reply(outcome.clone());
    }
}

/// A passive checkpoint on the writing connection itself, between batches. The reading
/// connection's checkpoints never quite catch up while shoppers keep writing, and SQLite
/// starts the WAL over only when a write begins with every frame copied back: without
/// this the WAL grew to 870 MB in a minute of add to cart. Little is left to copy here.
fn catch_up(db: *mut rusqlite::ffi::sqlite3) {
    // SAFETY: as in `commit`; the caller still holds the connection locked.
    let checkpointed = unsafe { Connection::from_handle(db) }
        .and_then(|conn| conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())));
    if let Err(e) = checkpointed {
        tracing::warn!(error = %e, "WAL checkpoint on the writing connection");
    }
}

async fn checkpoints(readers: SqlitePool) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        // Passive: copies what no reader still needs; busy (another process's checkpoint
        // running) is an answer, not an error.
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&readers).await {
            tracing::warn!(error = %e, "WAL checkpoint");
        }
    }
}

/// Runs `batch` in one transaction on the connection `db`, which the caller holds locked
/// away from sqlx's thread for the duration.
fn commit(db: *mut rusqlite::ffi::sqlite3, batch: &mut [Box<dyn Job>]) -> Result<(), WriteError> {
    // SAFETY: `db` is open and locked for this thread until the caller drops its handle,
    // after this returns; a connection made `from_handle` does not close it when dropped.
    let conn = unsafe { Connection::from_handle(db) }?;
    // Carts and sessions are not worth a sync each; the connection's other writers
    // (orders above all) are, so it goes back FULL. SQLite changes this only outside a
    // transaction, and this thread holds the connection throughout.
    conn.execute_batch("PRAGMA synchronous = NORMAL")?;
    let written = conn
        .execute_batch("BEGIN IMMEDIATE")
        .map_err(WriteError::from)
        .and_then(|()| write_all(&conn, batch))
        .and_then(|()| Ok(conn.execute_batch("COMMIT")?));
    if written.is_err() && !conn.is_autocommit() {
        // The connection goes back to sqlx's pool: never inside a transaction.
        if let Err(e) = conn.execute_batch("ROLLBACK") {
            tracing::error!(error = %e, "rolling back a failed batch");
        }
    }
    if let Err(e) = conn.execute_batch("PRAGMA synchronous = FULL") {
        tracing::error!(error = %e, "the writing connection stays at NORMAL");
    }
    written
}

fn write_all(conn: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), WriteError> {
    for job in batch.iter_mut() {
        conn.prepare_cached("SAVEPOINT write")?.execute([])?;
        let ok = catch_unwind(AssertUnwindSafe(|| job.run(conn))).unwrap_or(false);
        if !ok {
            conn.prepare_cached("ROLLBACK TO write")?.execute([])?;
        }
        conn.prepare_cached("RELEASE write")?.execute([])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;

    async fn writer() -> (GroupCommit, SqlitePool) {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (v INTEGER NOT NULL UNIQUE)")
            .execute(&pool)
            .await
            .unwrap();
        (GroupCommit::start(pool.clone(), pool.clone()), pool)
    }

    async fn values(pool: &SqlitePool) -> Vec<i64> {
        sqlx::query_scalar("SELECT v FROM t ORDER BY v")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    fn insert(v: i64) -> impl FnOnce(&Connection) -> rusqlite::Result<usize> {
        move |c| c.execute("INSERT INTO t (v) VALUES (?)", [v])
    }

    #[tokio::test]
    async fn concurrent_writes_all_commit_and_each_gets_its_own_result() {
        let (writer, pool) = writer().await;
        let writes = (0..300).map(|v| {
            let writer = writer.clone();
            tokio::spawn(async move { writer.run(insert(v)).await })
        });
        for write in writes.collect::<Vec<_>>() {
            assert_eq!(write.await.unwrap().unwrap(), 1);
        }
        assert_eq!(values(&pool).await, (0..300).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_failing_write_undoes_only_its_own_changes() {
        let (writer, pool) = writer().await;
        writer.run(insert(1)).await.unwrap();
        let both = writer.run(|c| {
            c.execute("INSERT INTO t (v) VALUES (2)", [])?;
            // Violates UNIQUE: the 2 above must go too.
            c.execute("INSERT INTO t (v) VALUES (1)", [])
        });
        let (failed, next) = tokio::join!(both, writer.run(insert(3)));
        assert!(matches!(failed, Err(WriteError::Database(_))));
        assert_eq!(next.unwrap(), 1);
        assert_eq!(values(&pool).await, vec![1, 3]);
    }

    #[tokio::test]
    async fn a_panicking_write_is_reported_and_the_writer_goes_on() {
        let (writer, pool) = writer().await;
        let panicked = writer
            .run(|c| -> rusqlite::Result<()> {
                c.execute("INSERT INTO t (v) VALUES (7)", [])?;
                panic!("a bug in a write")
            })
            .await;
        assert!(matches!(panicked, Err(WriteError::Panicked)));
        writer.run(insert(8)).await.unwrap();
        assert_eq!(values(&pool).await, vec![8]);
    }

    #[tokio::test]
    async fn batches_run_at_normal_and_leave_the_connection_syncing_in_full() {
        let (writer, pool) = writer().await;
        sqlx::query("PRAGMA synchronous = FULL").execute(&pool).await.unwrap();
        let during = writer
            .run(|c| c.query_row("PRAGMA synchronous", [], |r| r.get::<_, i64>(0)))
            .await
            .unwrap();
        assert_eq!(during, 1, "NORMAL inside a batch");
        let after: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&pool).await.unwrap();
        assert_eq!(after, 2, "FULL for the connection's other writers");
    }

    #[tokio::test]
    async fn sqlx_writes_on_the_same_pool_work_between_batches() {
        let (writer, pool) = writer().await;
        writer.run(insert(1)).await.unwrap();
        sqlx::query("INSERT INTO t (v) VALUES (2)")
            .execute(&pool)
            .await
            .unwrap();
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("INSERT INTO t (v) VALUES (3)")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        writer.run(insert(4)).await.unwrap();
        assert_eq!(values(&pool).await, vec![1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn the_wal_is_copied_back_though_the_writer_never_checkpoints() {
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("wal.db");
        let options = SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        let readers = SqlitePoolOptions::new().connect_with(options.clone()).await.unwrap();
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.pragma("wal_autocheckpoint", "0"))
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (v BLOB NOT NULL)")
            .execute(&pool)
            .await
            .unwrap();
        let writer = GroupCommit::start(pool, readers);
        // About 4 MB, well past SQLite's own threshold of 1,000 pages.
        for _ in 0..4 {
            writer
                .run(|c| {
                    for _ in 0..256 {
                        c.execute("INSERT INTO t (v) VALUES (zeroblob(4000))", [])?;
                    }
                    Ok(())
                })
                .await
                .unwrap();
        }
        let size = || std::fs::metadata(&file).unwrap().len();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while size() < 4_000_000 && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(size() >= 4_000_000, "the database file holds {} bytes", size());
    }
}
