use app::commerce::StoreScope;
use app::model::{Facet, FacetValue, Pagination, PriceBucket, ProductListing, ProductQuery, Sort, PER_PAGE};

use super::facet_key::FacetKey;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::push_in;
use super::summary::{SummaryRow, SUMMARY_COLUMNS};

/// A page of products plus disjunctive facet counts: each facet is counted with every
/// other selected filter applied but not its own, so choosing a brand still shows how
/// many products the other brands would add.
///
/// The definition in SQL. Shoppers are served by the facet index (`facet_index`), which
/// must give the same answer (tested against this) in a fraction of the time.
#[tracing::instrument(skip(pool))]
pub async fn list_products(
    pool: &SqlitePool,
    store: &StoreScope,
    query: &ProductQuery,
) -> Result<ProductListing, sqlx::Error> {
    let Some(terms) = query.text.as_deref().map(search_terms) else {
        return run(pool, store, query, None).await;
    };
    match terms {
        // Nothing searchable (only punctuation): no results rather than every product.
        None => Ok(empty(query)),
        Some(terms) => run(pool, store, query, Some(&fts_query(&terms))).await,
    }
}

async fn run(
    pool: &SqlitePool,
    store: &StoreScope,
    query: &ProductQuery,
    fts: Option<&str>,
) -> Result<ProductListing, sqlx::Error> {
    let scope = Scope { store, query, fts };

    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) ");
    scope.push_from_where(&mut count, None, false);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;

    let pagination = Pagination {
        page: query.page,
        per_page: PER_PAGE,
        total: total as u64,
    };
    let products = if pagination.is_past_end() || total == 0 {
        Vec::new()
    } else {
        let mut page = QueryBuilder::<Sqlite>::new(SUMMARY_COLUMNS);
        page.push(" ");
        scope.push_from_where(&mut page, None, false);
        page.push(match query.sort {
            Sort::Relevance if fts.is_some() => " ORDER BY s.rank, p.id",
            Sort::Relevance => " ORDER BY p.popularity DESC, p.id",
            Sort::PriceAsc => " ORDER BY r.min_amount, p.id",
            Sort::PriceDesc => " ORDER BY r.min_amount DESC, p.id",
            Sort::Newest => " ORDER BY p.created_at DESC, p.id",
        });
        page.push(" LIMIT ").push_bind(i64::from(PER_PAGE));
        page.push(" OFFSET ").push_bind(pagination.offset() as i64);
        let rows: Vec<SummaryRow> = page.build_query_as().fetch_all(pool).await?;
        rows.into_iter().map(|r| r.into_summary(store)).collect()
    };

    let mut facets = Vec::with_capacity(FacetKey::ALL.len());
    for key in FacetKey::ALL {
        facets.push(scope.facet(pool, key).await?);
    }
    Ok(ProductListing {
        products,
        facets,
        pagination,
    })
}

pub(super) fn empty(query: &ProductQuery) -> ProductListing {
    ProductListing {
        products: Vec::new(),
        facets: Vec::new(),
        pagination: Pagination {
            page: query.page,
            per_page: PER_PAGE,
            total: 0,
        },
    }
}

struct Scope<'a> {
    store: &'a StoreScope,
    query: &'a ProductQuery,
    fts: Option<&'a str>,
}

impl Scope<'_> {
    /// `FROM … WHERE …` for the query, leaving out the filter on `except`. With
    /// `join_variants`, variant filters apply to the joined `v` row so a colour and a size
    /// must meet in one variant; without it they go into an EXISTS.
    fn push_from_where(&self, qb: &mut QueryBuilder<'_, Sqlite>, except: Option<FacetKey>, join_variants: bool) {
        let filters = &self.query.filters;
        // A search starts from the full-text matches (CROSS JOIN fixes SQLite's join
        // order): left to the planner, it probed the index once per product of the catalog.
        if self.fts.is_some() {
            qb.push("FROM product_search s CROSS JOIN products p ON p.id = s.rowid");
        } else {
            qb.push("FROM products p");
        }
        qb.push(" JOIN price_ranges r ON r.product_id = p.id AND r.currency = ")
            .push_bind(self.store.currency.code().to_string());
        if join_variants {
            qb.push(" JOIN variants v ON v.product_id = p.id");
        }
        qb.push(" WHERE p.catalog_id = ").push_bind(self.store.catalog.clone());
        if let Some(fts) = self.fts {
            qb.push(" AND s.product_search MATCH ").push_bind(fts.to_string());
        }
        if let Some(slug) = &self.query.category {
            qb.push(
                " AND p.category_id IN (WITH RECURSIVE sub(id) AS (
                    SELECT id FROM categories WHERE catalog_id = ",
            )
            .push_bind(self.store.catalog.clone())
            .push(" AND slug = ")
            .push_bind(slug.clone())
            .push(" UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)");
        }
        if except != Some(FacetKey::Brand) {
            push_in(qb, "p.brand", filters.values(FacetKey::Brand.param()));
        }
        if except != Some(FacetKey::Price) {
            if let Some(bucket) = filters.price {
                let scale = 10i64.pow(self.store.currency.minor_units());
                qb.push(" AND r.min_amount >= ")
                    .push_bind(i64::from(bucket.min) * scale);
                if let Some(max) = bucket.max {
                    qb.push(" AND r.min_amount < ").push_bind(i64::from(max) * scale);
                }
            }
        }
        let variant_keys: Vec<FacetKey> = [FacetKey::Color, FacetKey::Size, FacetKey::Capacity]
            .into_iter()
            .filter(|k| Some(*k) != except && !filters.values(k.param()).is_empty())
            .collect();
        if variant_keys.is_empty() {
            return;
        }
        if !join_variants {
            qb.push(" AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id");
        }
        for key in &variant_keys {
            push_in(qb, variant_column(*key), filters.values(key.param()));
        }
        if !join_variants {
            qb.push(")");
        }
    }

    async fn facet(&self, pool: &SqlitePool, key: FacetKey) -> Result<Facet, sqlx::Error> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT ");
        let variant = matches!(key, FacetKey::Color | FacetKey::Size | FacetKey::Capacity);
        match key {
            FacetKey::Brand => qb.push("p.brand AS value, COUNT(*) AS n "),
            FacetKey::Price => qb
                .push(price_bucket_case(self.store.currency.minor_units()))
                .push(" AS value, COUNT(*) AS n "),
            _ => qb.push(format!("{} AS value, COUNT(DISTINCT p.id) AS n ", variant_column(key))),
        };
        self.push_from_where(&mut qb, Some(key), variant);
        if variant {
            qb.push(format!(" AND {} IS NOT NULL", variant_column(key)));
        }
        qb.push(" GROUP BY value");
        let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(pool).await?;
        Ok(facet_from_counts(key, rows, &self.query.filters))
    }
}

fn variant_column(key: FacetKey) -> &'static str {
    match key {
        FacetKey::Color => "v.color",
        FacetKey::Size => "v.size",
        _ => "v.capacity",
    }
}

/// Maps `r.min_amount` to the `PriceBucket` parameter it falls in.
fn price_bucket_case(minor_units: u32) -> String {
    let scale = 10i64.pow(minor_units);
    let mut case = String::from("CASE");
    for b in PriceBucket::ALL {
        match b.max {
            Some(max) => case.push_str(&format!(
                " WHEN r.min_amount < {} THEN '{}'",
                i64::from(max) * scale,
                b.param()
            )),
            None => case.push_str(&format!(" ELSE '{}'", b.param())),
        }
    }
    case.push_str(" END");
    case
}

/// Orders values for display and keeps selected values visible even at zero.
pub(super) fn facet_from_counts(key: FacetKey, rows: Vec<(String, i64)>, filters: &app::model::FacetFilters) -> Facet {
    let mut values: Vec<FacetValue> = rows
        .into_iter()
        .map(|(value, n)| FacetValue {
            label: value.clone(),
            selected: filters.is_selected(key.param(), &value),
            value,
            count: n as u64,
        })
        .collect();
    let selected: Vec<String> = match key {
        FacetKey::Price => filters.price.map(|p| p.param()).into_iter().collect(),
        _ => filters.values(key.param()).to_vec(),
    };
    for s in selected {
        if !values.iter().any(|v| v.value == s) {
            values.push(FacetValue {
                label: s.clone(),
                value: s,
                count: 0,
                selected: true,
            });
        }
    }
    values.sort_by_key(|v| sort_key(key, &v.value));
    Facet {
        name: key.param().to_string(),
        label: key.label().to_string(),
        values,
    }
}

const SIZES: &[&str] = &["XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL"];

/// Sizes in garment order, capacities and prices by number, the rest alphabetically.
fn sort_key(key: FacetKey, value: &str) -> (u64, String) {
    let number = |s: &str| -> Option<u64> {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    };
    match key {
        FacetKey::Size => match SIZES.iter().position(|s| *s == value) {
            Some(i) => (i as u64, String::new()),
            None => (100 + number(value).unwrap_or(999), value.to_string()),
        },
        FacetKey::Capacity => {
            let n = number(value).unwrap_or(0);
            let bytes = if value.ends_with("TB") { n * 1024 } else { n };
            (bytes, String::new())
        }
        FacetKey::Price => (
            PriceBucket::parse(value).map_or(u64::MAX, |b| u64::from(b.min)),
            String::new(),
        ),
        _ => (0, value.to_lowercase()),
    }
}

/// The words of shopper text that are searched for, lower case, letters and digits only,
/// so no search syntax in the input (quotes, `NEAR`, `*`, `&`, column filters) is ever
/// interpreted; `None` when nothing is left.
pub(crate) fn search_terms(text: &str) -> Option<Vec<String>> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(12)
        .map(str::to_lowercase)
        .collect();
    (!terms.is_empty()).then_some(terms)
}

/// Search terms as an FTS5 query: each a quoted prefix term.
pub(crate) fn fts_query(terms: &[String]) -> String {
    terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_neutralise_syntax() {
        let fts = |text: &str| search_terms(text).map(|t| fts_query(&t));
        assert_eq!(fts("Linen shirt").as_deref(), Some("\"linen\"* \"shirt\"*"));
        assert_eq!(fts("\"a\" OR b*").as_deref(), Some("\"a\"* \"or\"* \"b\"*"));
        assert_eq!(
            search_terms("a:* & b | !c"),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(search_terms("  !!! "), None);
    }

    #[test]
    fn sizes_sort_in_garment_order() {
        let mut v = vec!["XL", "S", "M", "42", "XS", "38"];
        v.sort_by_key(|s| sort_key(FacetKey::Size, s));
        assert_eq!(v, ["XS", "S", "M", "XL", "38", "42"]);
        let mut c = vec!["1 TB", "256 GB", "128 GB"];
        c.sort_by_key(|s| sort_key(FacetKey::Capacity, s));
        assert_eq!(c, ["128 GB", "256 GB", "1 TB"]);
    }

    #[test]
    fn price_case_covers_every_bucket() {
        let case = price_bucket_case(2);
        assert!(case.starts_with("CASE WHEN r.min_amount < 2500 THEN '0-25'"));
        assert!(case.ends_with("ELSE '1000-' END"));
    }
}
