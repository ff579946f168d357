//! How this backend prices a cart: `store.toml`'s tax and shipping over the lines at
//! today's prices, less a valid coupon. The cart page, checkout and the placed order
//! all come through here, so they cannot disagree.

use app::commerce::StoreScope;
use app::model::{Cart, Coupon, Money, MoneyError, Totals};

use super::cart::Contents;

pub fn totals(
    store: &StoreScope,
    lines: &[(Money, u32)],
    coupon: Option<&Coupon>,
    shipping: Money,
) -> Result<Totals, MoneyError> {
    let rules = &store.pricing;
    Totals::compute(
        store.currency,
        lines,
        coupon,
        shipping,
        rules.tax_basis_points,
        rules.tax_included,
    )
}

/// The cart priced with the shipping method `shipping` (else the cheapest); `coupon` is
/// the cart's code if it is still valid.
pub fn cart(
    store: &StoreScope,
    contents: Contents,
    coupon: Option<Coupon>,
    shipping: Option<&str>,
) -> Result<Cart, MoneyError> {
    let method = if contents.lines.is_empty() {
        None
    } else {
        store.pricing.shipping_or_cheapest(shipping).cloned()
    };
    let shipping_price = method.as_ref().map_or(Money::new(0, store.currency), |m| m.price);
    let priced: Vec<(Money, u32)> = contents.lines.iter().map(|l| (l.unit_price, l.quantity)).collect();
    let totals = totals(store, &priced, coupon.as_ref(), shipping_price)?;
    Ok(Cart {
        count: contents.lines.iter().map(|l| l.quantity).sum(),
        lines: contents.lines,
        coupon_code: coupon.map(|c| c.code),
        shipping: method,
        totals,
    })
}
