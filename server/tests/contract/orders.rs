//! Orders: placed once per checkout key, refused when the total moved, seen by whom
//! they belong to.

use app::commerce::{NewOrder, OrderOwner};
use app::model::{Capability, CartError, CartId, Email, Money, OrderError, PaymentMethod, Quantity};
use app::payment::{take, PaymentError, TestCard};

use crate::backends::{address, unique_email, Fixture};
use crate::contract;

async fn checkout(f: &Fixture, cart: &CartId, key: &str, email: Email) -> NewOrder {
    paying(f, cart, key, email, PaymentMethod::Invoice, None).await.unwrap()
}

/// The order as checkout hands it over, paid as the shopper chose; `Err` when our
/// provider refuses the payment before the backend sees it.
async fn paying(
    f: &Fixture,
    cart: &CartId,
    key: &str,
    email: Email,
    method: PaymentMethod,
    card: Option<&str>,
) -> Result<NewOrder, PaymentError> {
    let methods = f.commerce.shipping_methods(&f.scope, cart).await.unwrap();
    let shipping = methods[0].id.clone();
    let priced = f.commerce.cart(&f.scope, cart, Some(&shipping)).await.unwrap().unwrap();
    let takes_payment = f.commerce.capabilities().has(Capability::Payments);
    Ok(NewOrder {
        cart: cart.clone(),
        key: key.into(),
        customer: None,
        email,
        address: address(),
        shipping_method: shipping,
        payment: take(method, priced.totals.total, card, takes_payment)?,
    })
}

contract! {
    async fn a_guest_order_is_placed_once_per_key(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        let key = format!("key-{}", unique_email("k").as_str());
        let new = checkout(&f, &cart, &key, unique_email("guest")).await;
        let placed = f.commerce.place_order(&f.scope, &new).await.unwrap().unwrap();
        assert!(!placed.existing);
        let again = f.commerce.place_order(&f.scope, &new).await.unwrap().unwrap();
        assert_eq!(again.number, placed.number);
        assert!(again.existing, "the same key finds the first order");
        let (order, owner) = f.commerce.order(&f.scope, &placed.number, None).await.unwrap().unwrap();
        assert_eq!(owner, OrderOwner::Guest);
        assert_eq!(order.lines.len(), 1);
        assert_eq!(order.lines[0].sku, sku);
        assert_eq!(order.totals.total.minor, new.payment.amount_minor);
        assert_eq!(order.address.city, "Berlin");
        let emptied = f.commerce.cart(&f.scope, &cart, None).await.unwrap();
        assert!(emptied.is_none_or(|c| c.lines.is_empty()), "the cart is spent");
    }

    async fn an_order_whose_total_moved_is_refused(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        let mut new = checkout(&f, &cart, &format!("moved-{}", unique_email("k").as_str()), unique_email("guest")).await;
        new.payment.amount_minor -= 1;
        let refused = f.commerce.place_order(&f.scope, &new).await.unwrap();
        assert_eq!(refused.err(), Some(OrderError::Cart(CartError::TotalChanged)));
        assert!(f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap().count >= 1, "nothing was placed");
    }

    async fn an_empty_cart_places_nothing(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        f.commerce.remove_from_cart(&f.scope, &cart, &sku).await.unwrap();
        let mut new = checkout(&f, &f.cart_with(&sku).await, "unused", unique_email("guest")).await;
        new.payment.amount_minor = Money::new(0, f.scope.currency).minor;
        let new = NewOrder { cart: cart.clone(), ..new };
        let refused = f.commerce.place_order(&f.scope, &new).await.unwrap();
        assert_eq!(refused.err(), Some(OrderError::Cart(CartError::EmptyCart)));
        assert_eq!(f.commerce.order(&f.scope, "NO-SUCH-ORDER", None).await.unwrap(), None);
    }

    async fn the_declining_card_places_nothing_and_keeps_the_cart(f) {
        let (sku, _) = f.sku_in_stock().await;
        let cart = f.cart_with(&sku).await;
        let key = format!("declined-{}", unique_email("k").as_str());
        let email = unique_email("guest");
        match paying(&f, &cart, &key, email.clone(), PaymentMethod::Card, Some(TestCard::DECLINED)).await {
            // Our provider declines for a backend that takes no payments.
            Err(e) => assert!(!f.commerce.capabilities().has(Capability::Payments) && e == PaymentError::Declined),
            // A backend that takes payments declines it itself, at "place order".
            Ok(new) => {
                let refused = f.commerce.place_order(&f.scope, &new).await.unwrap();
                assert_eq!(refused.err(), Some(OrderError::Declined));
            }
        }
        let kept = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        assert_eq!(kept.lines.len(), 1, "nothing was placed");
        f.commerce.put_in_cart(&f.scope, &cart, &sku, Quantity::parse(2).unwrap(), false).await.unwrap().unwrap();
        let card = paying(&f, &cart, &key, email, PaymentMethod::Card, Some("4242 4242 4242 4242")).await.unwrap();
        let placed = f.commerce.place_order(&f.scope, &card).await.unwrap().unwrap();
        let (order, _) = f.commerce.order(&f.scope, &placed.number, None).await.unwrap().unwrap();
        assert_eq!(order.lines[0].quantity, 2, "the cart could still be changed and then paid");
    }
}
