//! The cart as a shopper sees it, and the arithmetic of its totals (shared by the cart
//! page, checkout and order placement, so they can never disagree).

use serde::{Deserialize, Serialize};

use super::{Currency, Image, Money, MoneyError, ShippingMethod, Stock};
use crate::i18n::t;

/// Most of one variant a cart takes; more is a quick-order job.
pub const MAX_QUANTITY: u32 = 99;
/// Different products one cart may hold: more is abuse, and an order holds the
/// database's write lock for a statement per line.
pub const MAX_CART_LINES: u32 = 50;
/// Longer than any SKU; a longer one is not looked up.
pub const MAX_SKU_LEN: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub sku: String,
    pub product_name: String,
    pub product_slug: String,
    /// (axis, value) of the variant, such as ("color", "Navy").
    pub options: Vec<(String, String)>,
    pub image: Image,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
    pub stock: Stock,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouponKind {
    /// `amount` percent off the subtotal.
    Percent,
    /// `amount` minor units off the subtotal, never below zero.
    Fixed,
}

/// A coupon of the store, valid now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    pub code: String,
    pub kind: CouponKind,
    pub amount: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal: Money,
    pub discount: Money,
    pub shipping: Money,
    /// The tax contained in `total` (`tax_included`) or added to it.
    pub tax: Money,
    pub total: Money,
    pub tax_included: bool,
    pub tax_basis_points: u32,
}

impl Totals {
    /// Subtotal of `lines` (unit price, quantity), less the coupon, plus shipping, with
    /// tax either contained (EU shelf prices) or added (net prices). Rounds half up, once.
    pub fn compute(
        currency: Currency,
        lines: &[(Money, u32)],
        coupon: Option<&Coupon>,
        shipping: Money,
        tax_basis_points: u32,
        tax_included: bool,
    ) -> Result<Totals, MoneyError> {
        let mut subtotal = Money::new(0, currency);
        for (price, qty) in lines {
            subtotal = subtotal.checked_add(price.checked_mul(i64::from(*qty))?)?;
        }
        let discount = match coupon {
            None => 0,
            Some(c) => match c.kind {
                CouponKind::Percent => div_round(subtotal.minor.checked_mul(c.amount.min(100)).ok_or(MoneyError::Overflow)?, 100),
                CouponKind::Fixed => c.amount.min(subtotal.minor),
            },
        };
        let discount = Money::new(discount, currency);
        let taxable = subtotal.checked_add(Money::new(-discount.minor, currency))?.checked_add(shipping)?;
        let bp = i64::from(tax_basis_points);
        let (tax, total) = if tax_included {
            let net = div_round(taxable.minor.checked_mul(10_000).ok_or(MoneyError::Overflow)?, 10_000 + bp);
            (taxable.minor - net, taxable.minor)
        } else {
            let tax = div_round(taxable.minor.checked_mul(bp).ok_or(MoneyError::Overflow)?, 10_000);
            (tax, taxable.minor.checked_add(tax).ok_or(MoneyError::Overflow)?)
        };
        Ok(Totals {
            subtotal,
            discount,
            shipping,
            tax: Money::new(tax, currency),
            total: Money::new(total, currency),
            tax_included,
            tax_basis_points,
        })
    }
}

/// `n / d` rounded half up, for non-negative `n` and positive `d`.
fn div_round(n: i64, d: i64) -> i64 {
    (n + d / 2) / d
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub coupon_code: Option<String>,
    /// The method chosen, else the cheapest as an estimate; none for an empty cart.
    pub shipping: Option<ShippingMethod>,
    pub totals: Totals,
    /// Items, counting quantities: the header's mini-cart.
    pub count: u32,
}

impl Cart {
    /// What a shopper without a cart sees.
    pub fn empty(currency: Currency) -> Cart {
        let zero = Money::new(0, currency);
        Cart {
            lines: Vec::new(),
            coupon_code: None,
            shipping: None,
            totals: Totals {
                subtotal: zero,
                discount: zero,
                shipping: zero,
                tax: zero,
                total: zero,
                tax_included: false,
                tax_basis_points: 0,
            },
            count: 0,
        }
    }
}

/// A quantity a shopper may put in the cart: 1 to [`MAX_QUANTITY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity(u32);

impl Quantity {
    pub fn parse(n: i64) -> Result<Quantity, CartError> {
        match u32::try_from(n) {
            Ok(q @ 1..=MAX_QUANTITY) => Ok(Quantity(q)),
            _ => Err(CartError::InvalidQuantity),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// What a shopper did wrong with the cart, checkout or an order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("quantity must be 1 to 99")]
    InvalidQuantity,
    #[error("only {available} of {sku} in stock")]
    OverStock { sku: String, available: i64 },
    #[error("unknown SKU")]
    UnknownSku,
    #[error("too many lines")]
    TooManyLines,
    #[error("unknown coupon")]
    UnknownCoupon,
    #[error("expired coupon")]
    ExpiredCoupon,
    #[error("empty cart")]
    EmptyCart,
    #[error("total changed since payment")]
    TotalChanged,
}

impl CartError {
    pub fn message(&self) -> String {
        match self {
            CartError::InvalidQuantity => t::cart_invalid_quantity(MAX_QUANTITY),
            CartError::OverStock { sku, available } => t::cart_over_stock(sku.clone(), *available),
            CartError::UnknownSku => t::cart_unknown_sku().into(),
            CartError::TooManyLines => t::cart_too_many_lines(MAX_CART_LINES),
            CartError::UnknownCoupon => t::coupon_unknown().into(),
            CartError::ExpiredCoupon => t::coupon_expired().into(),
            CartError::EmptyCart => t::cart_empty().into(),
            CartError::TotalChanged => t::checkout_total_changed().into(),
        }
    }

    /// 404 for what does not exist here, 409 for what conflicts with stock or state, 422 else.
    pub fn status(&self) -> u16 {
        match self {
            CartError::UnknownSku | CartError::UnknownCoupon => 404,
            CartError::OverStock { .. } | CartError::TooManyLines | CartError::EmptyCart | CartError::TotalChanged => 409,
            CartError::InvalidQuantity | CartError::ExpiredCoupon => 422,
        }
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn quantities_are_one_to_the_maximum(n in proptest::num::i64::ANY) {
            proptest::prop_assert_eq!(Quantity::parse(n).is_ok(), (1..=i64::from(MAX_QUANTITY)).contains(&n));
        }
    }

    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::parse("USD").unwrap())
    }

    fn coupon(kind: CouponKind, amount: i64) -> Coupon {
        Coupon { code: "X".into(), kind, amount }
    }

    #[test]
    fn net_prices_get_tax_added_after_discount_and_shipping() {
        let c = coupon(CouponKind::Percent, 10);
        let t = Totals::compute(usd(0).currency, &[(usd(1999), 2), (usd(500), 1)], Some(&c), usd(495), 2000, false).unwrap();
        assert_eq!(t.subtotal, usd(4498));
        assert_eq!(t.discount, usd(450)); // 449.8 rounds up
        assert_eq!(t.tax, usd(909)); // 20 % of 4543 = 908.6
        assert_eq!(t.total, usd(4543 + 909));
    }

    #[test]
    fn included_vat_is_contained_in_the_total() {
        let eur = Currency::parse("EUR").unwrap();
        let t = Totals::compute(eur, &[(Money::new(11900, eur), 1)], None, Money::new(0, eur), 1900, true).unwrap();
        assert_eq!(t.total.minor, 11900);
        assert_eq!(t.tax.minor, 1900);
    }

    #[test]
    fn fixed_coupons_never_make_a_negative_subtotal() {
        let c = coupon(CouponKind::Fixed, 10_000);
        let t = Totals::compute(usd(0).currency, &[(usd(300), 1)], Some(&c), usd(0), 0, false).unwrap();
        assert_eq!(t.discount, usd(300));
        assert_eq!(t.total, usd(0));
    }

    #[test]
    fn quantities_are_bounded() {
        assert_eq!(Quantity::parse(1).unwrap().get(), 1);
        assert_eq!(Quantity::parse(99).unwrap().get(), 99);
        for bad in [0, -1, 100, i64::MAX] {
            assert_eq!(Quantity::parse(bad), Err(CartError::InvalidQuantity), "{bad}");
        }
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let r = Totals::compute(usd(0).currency, &[(usd(i64::MAX / 2), 99)], None, usd(0), 0, false);
        assert_eq!(r, Err(MoneyError::Overflow));
    }
}
