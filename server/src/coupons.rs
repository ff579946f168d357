//! The coupons a retailer gives each store (`server coupons …`, which `cargo store
//! coupons` runs): a code, a percentage or an amount off, and the days it is valid. Demo
//! coupons come only with demo data (`config::Demo`).

use app::commerce::StoreScope;
use app::model::CouponKind;

use crate::database::Database;

/// Longer codes are not looked up at the cart (`app::api::cart::apply_coupon`).
const MAX_CODE_LEN: usize = 64;
/// 2100-01-01: "until further notice".
const OPEN_END: i64 = 4_102_444_800;
const DAY: i64 = 86_400;

#[derive(Debug, thiserror::Error)]
pub enum CouponError {
    #[error("a code is 1 to {MAX_CODE_LEN} letters, digits, `-` or `_`")]
    Code,
    #[error("give either --percent or --amount")]
    Kind,
    #[error("a percentage is a whole number from 1 to 100")]
    Percent,
    #[error("`{0}` is not an amount in {1} like 5 or 4.99")]
    Amount(String, String),
    #[error("`{0}` is not a date like 2026-12-31")]
    Date(String),
    #[error("the coupon would end before it starts")]
    Window,
    #[error("{0} exists in this store already; remove it first")]
    Exists(String),
    #[error("no coupon {0} in this store")]
    Missing(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A coupon as the retailer gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCoupon {
    pub code: String,
    pub kind: CouponKind,
    /// Percent, or minor units of the store's currency.
    pub amount: i64,
    /// Unix seconds, the end excluded.
    pub starts_at: i64,
    pub ends_at: i64,
}

impl NewCoupon {
    /// `from` and `until` are days (UTC), both included; without them the coupon is valid
    /// from now on.
    pub fn parse(
        store: &StoreScope,
        code: &str,
        percent: Option<u32>,
        amount: Option<&str>,
        from: Option<&str>,
        until: Option<&str>,
    ) -> Result<Self, CouponError> {
        let code = code.trim().to_uppercase();
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if code.is_empty() || code.len() > MAX_CODE_LEN || !code.chars().all(allowed) {
            return Err(CouponError::Code);
        }
        let (kind, amount) = match (percent, amount) {
            (Some(p), None) if (1..=100).contains(&p) => (CouponKind::Percent, i64::from(p)),
            (Some(_), None) => return Err(CouponError::Percent),
            (None, Some(text)) => match store.currency.amount(text.trim()) {
                Some(m) if m.minor > 0 => (CouponKind::Fixed, m.minor),
                _ => return Err(CouponError::Amount(text.into(), store.currency.code().into())),
            },
            _ => return Err(CouponError::Kind),
        };
        let starts_at = from.map(day_start).transpose()?.unwrap_or(0);
        let ends_at = until
            .map(|d| day_start(d).map(|s| s + DAY))
            .transpose()?
            .unwrap_or(OPEN_END);
        if ends_at <= starts_at {
            return Err(CouponError::Window);
        }
        Ok(NewCoupon {
            code,
            kind,
            amount,
            starts_at,
            ends_at,
        })
    }
}

/// Midnight UTC of a `YYYY-MM-DD` day, in Unix seconds.
fn day_start(text: &str) -> Result<i64, CouponError> {
    use tower_sessions::cookie::time::{Date, Month};
    let bad = || CouponError::Date(text.into());
    let mut parts = text.trim().splitn(3, '-').map(|p| p.parse::<i32>().map_err(|_| bad()));
    let (year, month, day) = (
        parts.next().ok_or_else(bad)??,
        parts.next().ok_or_else(bad)??,
        parts.next().ok_or_else(bad)??,
    );
    let month = Month::try_from(u8::try_from(month).map_err(|_| bad())?).map_err(|_| bad())?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).map_err(|_| bad())?).map_err(|_| bad())?;
    Ok(date.midnight().assume_utc().unix_timestamp())
}

fn kind_name(kind: CouponKind) -> &'static str {
    match kind {
        CouponKind::Percent => "percent",
        CouponKind::Fixed => "fixed",
    }
}

/// A coupon as stored: what `list` shows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredCoupon {
    pub code: String,
    pub kind: String,
    pub amount: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// One line of `list`: `WINTER10  10 % off  2026-12-01 to 2026-12-31`.
pub fn describe(c: &StoredCoupon, store: &StoreScope) -> String {
    let off = match c.kind.as_str() {
        "percent" => format!("{} % off", c.amount),
        _ => format!("{} off", app::model::Money::new(c.amount, store.currency).format("en")),
    };
    let day = |t: i64| {
        tower_sessions::cookie::time::OffsetDateTime::from_unix_timestamp(t)
            .map(|d| d.date().to_string())
            .unwrap_or_else(|_| t.to_string())
    };
    let days = match (c.starts_at, c.ends_at) {
        (0, OPEN_END) => "always".to_string(),
        (0, end) => format!("until {}", day(end - DAY)),
        (start, OPEN_END) => format!("from {}", day(start)),
        (start, end) => format!("{} to {}", day(start), day(end - DAY)),
    };
    format!("{:<16} {off:<16} {days}", c.code)
}

// Both databases take `$n` parameters.
const INSERT: &str = "INSERT INTO coupons (store_id, code, kind, amount, starts_at, ends_at)
                      VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (store_id, code) DO NOTHING";
const LIST: &str = "SELECT code, kind, amount, starts_at, ends_at FROM coupons WHERE store_id = $1 ORDER BY code";
const DELETE: &str = "DELETE FROM coupons WHERE store_id = $1 AND code = $2";

pub async fn add(database: &Database, store: &StoreScope, coupon: &NewCoupon) -> Result<(), CouponError> {
    let added = crate::on_either_pool!(database, pool => sqlx::query(INSERT)
        .bind(&store.id)
        .bind(&coupon.code)
        .bind(kind_name(coupon.kind))
        .bind(coupon.amount)
        .bind(coupon.starts_at)
        .bind(coupon.ends_at)
        .execute(pool)
        .await?
        .rows_affected());
    if added == 0 {
        return Err(CouponError::Exists(coupon.code.clone()));
    }
    Ok(())
}

pub async fn list(database: &Database, store: &StoreScope) -> Result<Vec<StoredCoupon>, CouponError> {
    Ok(crate::on_either_pool!(database, pool => sqlx::query_as(LIST).bind(&store.id).fetch_all(pool).await?))
}

/// Carts that hold the code lose it at their next pricing (it is looked up again).
pub async fn remove(database: &Database, store: &StoreScope, code: &str) -> Result<(), CouponError> {
    let code = code.trim().to_uppercase();
    let removed = crate::on_either_pool!(database, pool => sqlx::query(DELETE)
        .bind(&store.id)
        .bind(&code)
        .execute(pool)
        .await?
        .rows_affected());
    if removed == 0 {
        return Err(CouponError::Missing(code));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::catalog_reads::test_store as store;

    #[test]
    fn a_percentage_or_an_amount_between_two_days() {
        let c = NewCoupon::parse(
            &store(),
            " winter10 ",
            Some(10),
            None,
            Some("2026-12-01"),
            Some("2026-12-31"),
        )
        .unwrap();
        assert_eq!(
            (c.code.as_str(), c.kind, c.amount),
            ("WINTER10", CouponKind::Percent, 10)
        );
        assert_eq!(c.starts_at, 1_796_083_200, "2026-12-01T00:00Z");
        assert_eq!(c.ends_at, 1_796_083_200 + 31 * DAY, "the last day included");
        let c = NewCoupon::parse(&store(), "five", None, Some("4.99"), None, None).unwrap();
        assert_eq!(
            (c.kind, c.amount, c.starts_at, c.ends_at),
            (CouponKind::Fixed, 499, 0, OPEN_END)
        );
    }

    #[test]
    fn what_is_refused() {
        let s = store();
        let parse = |code, p, a, f, u| NewCoupon::parse(&s, code, p, a, f, u).unwrap_err().to_string();
        assert!(parse("", Some(10), None, None, None).contains("a code"));
        assert!(parse("TEN PERCENT", Some(10), None, None, None).contains("a code"));
        assert!(parse("X", None, None, None, None).contains("either"));
        assert!(parse("X", Some(10), Some("1"), None, None).contains("either"));
        assert!(parse("X", Some(0), None, None, None).contains("1 to 100"));
        assert!(parse("X", Some(101), None, None, None).contains("1 to 100"));
        assert!(parse("X", None, Some("-5"), None, None).contains("USD"));
        assert!(parse("X", None, Some("0"), None, None).contains("USD"));
        assert!(parse("X", Some(5), None, Some("2026-13-01"), None).contains("2026-13-01"));
        assert!(parse("X", Some(5), None, Some("tomorrow"), None).contains("tomorrow"));
        assert!(parse("X", Some(5), None, Some("2026-12-02"), Some("2026-12-01")).contains("end before"));
    }
}
