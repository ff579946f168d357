//! The address book through the data layer: defaults, edits and deletes stay within one
//! customer of one store.

#[macro_use]
mod common;

use app::commerce::StoreScope;
use app::model::{Address, Email};

fn scope(id: &str) -> StoreScope {
    common::scope(id, "apparel", "USD")
}

fn address(name: &str) -> Address {
    Address {
        name: name.into(),
        line1: "1 Main St".into(),
        line2: String::new(),
        postcode: "10001".into(),
        city: "New York".into(),
        country: "US".into(),
    }
}

fn account(email: &str) -> app::commerce::NewAccount {
    app::commerce::NewAccount {
        name: "Shopper".into(),
        email: Email::parse(email).unwrap(),
        password: app::model::Password::parse("a long enough password").unwrap(),
    }
}

on_both_databases! {
async fn one_default_per_customer_and_nobody_else_touches_it(db) {
    let (home, other) = (scope("default"), scope("other"));
    db.register_store(&other).await;
    let c = db.commerce();
    let ada = c
        .register(&home, &account("ada@x.io"), None)
        .await
        .unwrap()
        .unwrap()
        .customer;
    let bob = c
        .register(&home, &account("bob@x.io"), None)
        .await
        .unwrap()
        .unwrap()
        .customer;

    let first = c
        .save_address(&home, &ada.id, None, &address("Home"), false)
        .await
        .unwrap()
        .unwrap();
    let second = c
        .save_address(&home, &ada.id, None, &address("Office"), false)
        .await
        .unwrap()
        .unwrap();
    let book = c.addresses(&home, &ada.id).await.unwrap();
    assert_eq!(book.len(), 2);
    assert!(
        book[0].is_default && book[0].id == first,
        "the first address is the default"
    );

    assert!(c.set_default_address(&home, &ada.id, &second).await.unwrap());
    let book = c.addresses(&home, &ada.id).await.unwrap();
    assert_eq!(book.iter().filter(|a| a.is_default).count(), 1);
    assert_eq!(book[0].id, second);

    c.save_address(&home, &ada.id, Some(&first), &address("Home, renamed"), false)
        .await
        .unwrap()
        .unwrap();
    assert!(c
        .addresses(&home, &ada.id)
        .await
        .unwrap()
        .iter()
        .any(|a| a.address.name == "Home, renamed"));

    // Bob, and Ada's id in another store, find nothing to change.
    assert_eq!(
        c.save_address(&home, &bob.id, Some(&first), &address("Bob's"), false)
            .await
            .unwrap(),
        None
    );
    assert!(!c.delete_address(&home, &bob.id, &first).await.unwrap());
    assert!(!c.set_default_address(&home, &bob.id, &first).await.unwrap());
    assert!(!c.delete_address(&other, &ada.id, &first).await.unwrap());
    assert!(c.addresses(&home, &bob.id).await.unwrap().is_empty());
    assert!(c.addresses(&other, &ada.id).await.unwrap().is_empty());

    // Deleting the default hands it to the newest address left.
    assert!(c.delete_address(&home, &ada.id, &second).await.unwrap());
    let book = c.addresses(&home, &ada.id).await.unwrap();
    assert_eq!(book.len(), 1);
    assert!(book[0].is_default);
}
}
