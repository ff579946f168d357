//! What `cargo store bench` asks the release binary to do besides serving the store:
//! serve fixed bytes from a bare Axum handler (the baseline), and time the catalog
//! queries at the size of the benchmark database.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use app::commerce::{Commerce, CommerceError, NewOrder, StoreScope};
use app::model::{Address, Authorization, CartId, Email, PaymentMethod, ProductQuery, Quantity, Settlement};
use app::store::STORE;
use axum::body::Bytes;
use axum::http::header;
use axum::Router;
use sqlx::SqlitePool;

use crate::db::SqliteCommerce;
use crate::error::StartupError;

/// The closest thing to a physical limit for a page: the same bytes, from memory, through
/// the same runtime and HTTP stack with nothing else in the way.
pub async fn serve_baseline(addr: SocketAddr, body: Bytes) -> Result<(), StartupError> {
    let app = Router::new().fallback(move || {
        let body = body.clone();
        async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) }
    });
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })?;
    axum::serve(listener, app).await.map_err(StartupError::Serve)
}

/// p50 and p99 of one query over many runs, in microseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub name: &'static str,
    pub runs: usize,
    pub p50_us: u64,
    pub p99_us: u64,
}

impl std::fmt::Display for Timing {
    /// One line per query, read back by `cargo store bench`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "query {} runs={} p50_us={} p99_us={}",
            self.name, self.runs, self.p50_us, self.p99_us
        )
    }
}

/// Times building the facet index, then the listing a shopper opens most (the store's
/// first category with a facet applied) and a search for a word of a product name, each
/// `runs` times in a row: from the index (what a listing not yet cached costs), by SQL
/// alone (what the index replaced; a quarter of the runs, it is slow) and through the
/// listing cache.
pub async fn query_timings(pool: &SqlitePool, runs: usize) -> Result<Vec<Timing>, StartupError> {
    let sqlite = Arc::new(SqliteCommerce::new(pool.clone()));
    let commerce: Arc<dyn Commerce> = sqlite.clone();
    let scope = STORE.scope().map_err(|e| StartupError::Store(e.to_string()))?;
    let storage = |e: app::commerce::CommerceError| StartupError::Store(e.to_string());
    let build = time(1, || sqlite.warm(&scope)).await?;
    let mut timings = vec![Timing {
        name: "index-build",
        ..build
    }];
    let tree = commerce.category_tree(&scope).await.map_err(storage)?;
    let category = tree
        .first()
        .map(|c| c.slug.clone())
        .ok_or_else(|| StartupError::Store("the catalog has no category".into()))?;
    let plain = ProductQuery::new(Some(category.clone()), None);
    let first = commerce.list_products(&scope, &plain).await.map_err(storage)?;
    let faceted = first
        .facets
        .iter()
        .find_map(|f| f.values.first().map(|v| plain.toggled(&f.name, &v.value)))
        .unwrap_or(plain.clone());
    let word = first
        .products
        .first()
        .and_then(|p| p.name.split_whitespace().last().map(str::to_string))
        .unwrap_or_else(|| "a".into());
    let search = ProductQuery::new(None, Some(word));
    let cases = [
        ("category-index", "category-sql", "category-cached", &faceted),
        ("search-index", "search-sql", "search-cached", &search),
    ];
    for (indexed, sql, cached, query) in cases {
        let t = time(runs, || sqlite.list_products_indexed(&scope, query)).await?;
        timings.push(Timing { name: indexed, ..t });
        let t = time(runs.div_ceil(4), || sqlite.list_products_sql(&scope, query)).await?;
        timings.push(Timing { name: sql, ..t });
        let through_cache = || async {
            commerce
                .list_products(&scope, query)
                .await
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))
        };
        let t = time(runs, through_cache).await?;
        timings.push(Timing { name: cached, ..t });
    }
    timings.extend(order_timings(&sqlite, &scope, runs.div_ceil(5)).await?);
    Ok(timings)
}

/// Placing an order of one line, as the server does (its commit synced to disk), and the
/// same with the writing connection at NORMAL: what the sync costs. Each order's cart is
/// filled first, untimed; one variant's stock is raised so none runs out.
async fn order_timings(sqlite: &SqliteCommerce, scope: &StoreScope, runs: usize) -> Result<Vec<Timing>, StartupError> {
    let sku: String = sqlx::query_scalar(
        "SELECT v.sku FROM variants v
           JOIN products p ON p.id = v.product_id AND p.catalog_id = ?
           JOIN prices pr ON pr.variant_id = v.id AND pr.currency = ?
          ORDER BY v.id LIMIT 1",
    )
    .bind(&scope.catalog)
    .bind(scope.currency.code())
    .fetch_one(sqlite.pool())
    .await?;
    sqlx::query("UPDATE variants SET stock = 1000000 WHERE sku = ?")
        .bind(&sku)
        .execute(sqlite.pool())
        .await?;
    let shipping = scope
        .pricing
        .shipping
        .first()
        .map(|s| s.id.clone())
        .ok_or_else(|| StartupError::Store(format!("store {} has no shipping method", scope.id)))?;
    let storage = |e: CommerceError| StartupError::Store(e.to_string());
    let mut timings = Vec::new();
    for (name, synced) in [("order-commit-full", true), ("order-commit-normal", false)] {
        let mut micros = Vec::with_capacity(runs);
        for run in 0..runs {
            let cart = sqlite
                .start_cart(scope, None, &sku, Quantity::parse(1).expect("1 is a quantity"))
                .await
                .map_err(storage)?
                .map_err(|e| StartupError::Store(e.to_string()))?;
            if !synced {
                // The batch that filled the cart left the connection at FULL.
                sqlx::query("PRAGMA synchronous = NORMAL")
                    .execute(&sqlite.write_pool())
                    .await?;
            }
            let priced = sqlite.cart(scope, &cart, Some(&shipping)).await.map_err(storage)?;
            let total = priced.map_or(0, |c| c.totals.total.minor);
            let order = bench_order(cart, format!("bench-{name}-{run}-{}", now_nanos()), &shipping, total);
            let started = Instant::now();
            sqlite
                .place_order(scope, &order)
                .await
                .map_err(storage)?
                .map_err(|e| StartupError::Store(e.to_string()))?;
            micros.push(started.elapsed().as_micros() as u64);
        }
        sqlx::query("PRAGMA synchronous = FULL")
            .execute(&sqlite.write_pool())
            .await?;
        micros.sort_unstable();
        timings.push(Timing {
            name,
            runs: micros.len(),
            p50_us: percentile(&micros, 50),
            p99_us: percentile(&micros, 99),
        });
    }
    Ok(timings)
}

/// Keys of earlier bench runs on the same database must not match.
fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn bench_order(cart: CartId, key: String, shipping: &str, total_minor: i64) -> NewOrder {
    NewOrder {
        cart,
        key,
        customer: None,
        email: Email::parse("bench@example.com").expect("a valid email"),
        address: Address {
            name: "Bench".into(),
            line1: "1 Main St".into(),
            line2: String::new(),
            postcode: "10001".into(),
            city: "New York".into(),
            country: "US".into(),
        },
        shipping_method: shipping.to_string(),
        payment: Authorization {
            method: PaymentMethod::Invoice,
            reference: "invoice".into(),
            amount_minor: total_minor,
            settlement: Settlement::Authorized,
        },
    }
}

async fn time<F, Fut, T>(runs: usize, mut call: F) -> Result<Timing, StartupError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, sqlx::Error>>,
{
    let mut micros = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        call().await?;
        micros.push(started.elapsed().as_micros() as u64);
    }
    micros.sort_unstable();
    Ok(Timing {
        name: "",
        runs: micros.len(),
        p50_us: percentile(&micros, 50),
        p99_us: percentile(&micros, 99),
    })
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u64], p: usize) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50), 50);
        assert_eq!(percentile(&v, 99), 99);
        assert_eq!(percentile(&[7], 99), 7);
        assert_eq!(percentile(&[], 50), 0);
    }
}
