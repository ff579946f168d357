//! Orders moved on from the command line (`cargo store order NUMBER ship`): the status
//! changes in the store's backend and the shopper's email waits in the outbox for the
//! store's server to send.

use std::sync::Arc;

use app::commerce::{Commerce, OrderOwner};
use app::emails::{order_status::order_status, Outbox};
use app::model::{Capability, Email, Order, OrderStatus};
use app::store::STORE;

use crate::error::StartupError;
use crate::Database;

/// What `cargo store order` does to an order.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Move {
    Pay,
    Ship,
    Deliver,
    Cancel,
}

impl Move {
    pub fn status(self) -> OrderStatus {
        match self {
            Move::Pay => OrderStatus::Paid,
            Move::Ship => OrderStatus::Shipped,
            Move::Deliver => OrderStatus::Delivered,
            Move::Cancel => OrderStatus::Cancelled,
        }
    }
}

/// Moves the store's order `number` on to `next` and queues the shopper's email.
pub async fn move_on(database: &Database, number: &str, next: OrderStatus) -> Result<Order, StartupError> {
    let commerce: Arc<dyn Commerce> = match database {
        Database::Sqlite(pool) => Arc::new(crate::db::SqliteCommerce::new(pool.clone())),
        Database::Postgres(pool) => Arc::new(crate::postgres::PostgresCommerce::postgres(pool.clone())),
    };
    if STORE.backend.kind != "embedded" || !commerce.capabilities().has(Capability::OrderStatus) {
        return Err(StartupError::Order(format!(
            "{}'s orders live in its `{}` backend: move them on there",
            STORE.id, STORE.backend.kind
        )));
    }
    let scope = STORE.scope().map_err(|e| StartupError::Store(e.to_string()))?;
    let failed = |e: app::commerce::CommerceError| StartupError::Order(e.to_string());
    let order = commerce
        .set_order_status(&scope, number, next)
        .await
        .map_err(failed)?
        .map_err(|e| StartupError::Order(format!("order {number}: {e}")))?;
    let guest = matches!(
        commerce.order(&scope, number, None).await.map_err(failed)?,
        Some((_, OrderOwner::Guest))
    );
    let to = Email::parse(&order.email).map_err(|e| StartupError::Order(format!("the order's email: {e}")))?;
    crate::mail::SqlOutbox::new(database.clone())
        .queue(order_status(to, &order, guest))
        .await
        .map_err(|e| StartupError::Order(e.to_string()))?;
    Ok(order)
}
