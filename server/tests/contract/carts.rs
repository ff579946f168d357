//! Carts: opened by their first line, priced by the backend, changed within stock and
//! limits, and left as they were by a change that is refused.

use app::model::{CartError, Quantity, MAX_QUANTITY};

use crate::contract;

fn qty(n: u32) -> Quantity {
    Quantity::parse(i64::from(n)).unwrap()
}

contract! {
    async fn a_cart_opens_with_its_first_line_or_not_at_all(f) {
        let unknown = f.commerce.start_cart(&f.scope, None, "NO-SUCH-SKU", qty(1)).await.unwrap();
        assert_eq!(unknown, Err(CartError::UnknownSku));
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        let priced = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        assert_eq!(priced.count, 1);
        assert_eq!(priced.lines[0].sku, sku);
        assert_eq!(f.commerce.cart_count(&f.scope, &cart).await.unwrap(), 1);
    }

    async fn lines_add_up_set_and_go(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        f.commerce.put_in_cart(&f.scope, &cart, &sku, qty(2), true).await.unwrap().unwrap();
        assert_eq!(f.commerce.cart_count(&f.scope, &cart).await.unwrap(), 3);
        f.commerce.put_in_cart(&f.scope, &cart, &sku, qty(1), false).await.unwrap().unwrap();
        assert_eq!(f.commerce.cart_count(&f.scope, &cart).await.unwrap(), 1);
        let over = f.commerce.put_in_cart(&f.scope, &cart, &sku, qty(MAX_QUANTITY), true).await.unwrap();
        assert_eq!(over, Err(CartError::InvalidQuantity), "past the most one line holds");
        assert_eq!(f.commerce.cart_count(&f.scope, &cart).await.unwrap(), 1, "a refused change leaves the cart");
        let unknown = f.commerce.put_in_cart(&f.scope, &cart, "NO-SUCH-SKU", qty(1), true).await.unwrap();
        assert_eq!(unknown, Err(CartError::UnknownSku));
        f.commerce.remove_from_cart(&f.scope, &cart, &sku).await.unwrap();
        let empty = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        assert!(empty.lines.is_empty() && empty.count == 0);
    }

    async fn the_backend_prices_the_cart(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        f.commerce.put_in_cart(&f.scope, &cart, &sku, qty(2), false).await.unwrap().unwrap();
        let priced = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        let line = &priced.lines[0];
        assert_eq!(line.line_total.minor, line.unit_price.minor * 2);
        let t = priced.totals;
        assert_eq!(t.subtotal.minor, line.line_total.minor);
        let added_tax = if t.tax_included { 0 } else { t.tax.minor };
        assert_eq!(t.total.minor, t.subtotal.minor - t.discount.minor + t.shipping.minor + added_tax);
        let methods = f.commerce.shipping_methods(&f.scope, &cart).await.unwrap();
        assert!(!methods.is_empty(), "a way to ship");
        let chosen = f.commerce.cart(&f.scope, &cart, Some(&methods[0].id)).await.unwrap().unwrap();
        assert_eq!(chosen.shipping.as_ref().map(|s| s.id.as_str()), Some(methods[0].id.as_str()));
        assert_eq!(chosen.totals.shipping.minor, methods[0].price.minor);
    }

    async fn a_coupon_discounts_until_it_is_removed(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        let bad = f.commerce.apply_coupon(&f.scope, &cart, "NO-SUCH-CODE").await.unwrap();
        assert_eq!(bad, Err(CartError::UnknownCoupon));
        f.commerce.apply_coupon(&f.scope, &cart, f.coupon).await.unwrap().unwrap();
        let priced = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        assert_eq!(priced.coupon_code.as_deref(), Some(f.coupon));
        assert!(priced.totals.discount.minor > 0);
        f.commerce.remove_coupon(&f.scope, &cart).await.unwrap();
        let priced = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        assert_eq!(priced.coupon_code, None);
        assert_eq!(priced.totals.discount.minor, 0);
    }

    async fn a_handle_the_backend_did_not_issue_holds_no_cart(f) {
        let forged = app::model::CartId::new("not-a-cart-of-this-backend");
        assert_eq!(f.commerce.cart(&f.scope, &forged, None).await.unwrap(), None);
    }
}
