use app::commerce::StoreScope;
use app::model::{Category, CategoryRef};
use sqlx::{FromRow, SqlitePool};

#[derive(FromRow, Debug)]
pub struct CategoryRow {
    id: i64,
    parent_id: Option<i64>,
    slug: String,
    name: String,
    product_count: i64,
}

/// Every category of the store's catalog with the number of products it sells directly.
pub async fn all_categories(pool: &SqlitePool, store: &StoreScope) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.parent_id, c.slug, c.name, COALESCE(n.count, 0) AS product_count
           FROM categories c
           LEFT JOIN (SELECT p.category_id, COUNT(*) AS count
                        FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = ?2
                       WHERE p.catalog_id = ?1 GROUP BY p.category_id) n ON n.category_id = c.id
          WHERE c.catalog_id = ?1 ORDER BY c.position, c.name",
    )
    .bind(&store.catalog)
    .bind(store.currency.code())
    .fetch_all(pool)
    .await
}

/// The catalog's categories as a tree: roots with their children, each in display order.
/// The top-level categories that have something for sale: an imported catalog's drafts
/// may leave one empty, and navigation should not lead to nothing.
pub fn category_tree(rows: &[CategoryRow]) -> Vec<Category> {
    rows.iter()
        .filter(|r| r.parent_id.is_none())
        .map(|r| build(rows, r))
        .filter(|c| c.product_count > 0)
        .collect()
}

/// The ids of the category `slug` and all below it; none when there is no such category.
pub fn subtree_ids(rows: &[CategoryRow], slug: &str) -> rustc_hash::FxHashSet<i64> {
    let mut ids: rustc_hash::FxHashSet<i64> = rows.iter().filter(|r| r.slug == slug).map(|r| r.id).collect();
    // Grows one level per round; the visited set keeps a hand-made cycle from looping.
    loop {
        let before = ids.len();
        for r in rows {
            if r.parent_id.is_some_and(|p| ids.contains(&p)) {
                ids.insert(r.id);
            }
        }
        if ids.len() == before {
            return ids;
        }
    }
}

pub fn category(rows: &[CategoryRow], slug: &str) -> Option<Category> {
    rows.iter().find(|r| r.slug == slug).map(|r| build(rows, r))
}

/// A category with its ancestors (root first), its children, and the products of its whole subtree.
fn build(rows: &[CategoryRow], row: &CategoryRow) -> Category {
    let mut ancestors = Vec::new();
    let mut parent = row.parent_id;
    while let Some(pid) = parent {
        // A cycle cannot come from the seed, but a hand-edited table must not hang a request.
        if ancestors.len() > rows.len() {
            break;
        }
        let Some(p) = rows.iter().find(|r| r.id == pid) else {
            break;
        };
        ancestors.insert(
            0,
            CategoryRef {
                slug: p.slug.clone(),
                name: p.name.clone(),
            },
        );
        parent = p.parent_id;
    }
    let children: Vec<&CategoryRow> = rows.iter().filter(|r| r.parent_id == Some(row.id)).collect();
    let product_count = row.product_count as u64 + children.iter().map(|c| subtree_count(rows, c, 0)).sum::<u64>();
    Category {
        slug: row.slug.clone(),
        name: row.name.clone(),
        ancestors,
        children: children
            .iter()
            .map(|c| CategoryRef {
                slug: c.slug.clone(),
                name: c.name.clone(),
            })
            .collect(),
        product_count,
    }
}

fn subtree_count(rows: &[CategoryRow], row: &CategoryRow, depth: usize) -> u64 {
    if depth > rows.len() {
        return 0;
    }
    row.product_count as u64
        + rows
            .iter()
            .filter(|r| r.parent_id == Some(row.id))
            .map(|c| subtree_count(rows, c, depth + 1))
            .sum::<u64>()
}

/// Rebuilds the per-currency price range of every product from its variants' prices, in
/// the caller's transaction so readers never see products without ranges.
pub async fn refresh_price_ranges(tx: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM price_ranges").execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO price_ranges (product_id, currency, min_amount, max_amount, in_stock)
         SELECT product_id, currency, MIN(amount), MAX(amount), MAX(stock > 0)
           FROM sold_variants GROUP BY product_id, currency",
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
