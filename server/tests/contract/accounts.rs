//! Accounts: the backend registers and authenticates; signing in brings the guest's cart.

use app::commerce::NewAccount;
use app::model::{AccountError, Password, Quantity};

use crate::backends::{address, unique_email};
use crate::contract;

fn account(email: app::model::Email, password: &str) -> NewAccount {
    NewAccount {
        name: "Ada Lovelace".into(),
        email,
        password: Password::parse(password).unwrap(),
    }
}

contract! {
    async fn a_registered_customer_signs_in_with_their_password_only(f) {
        let email = unique_email("reg");
        let signed = f.commerce.register(&f.scope, &account(email.clone(), "correct horse battery"), None).await.unwrap().unwrap();
        assert_eq!(signed.customer.email, email.as_str());
        assert_eq!(signed.customer.name, "Ada Lovelace");
        let again = f.commerce.register(&f.scope, &account(email.clone(), "another password here"), None).await.unwrap();
        assert_eq!(again.err(), Some(AccountError::EmailTaken));
        let wrong = f.commerce.authenticate(&f.scope, &email, "not the password", None).await.unwrap();
        assert_eq!(wrong.err(), Some(AccountError::WrongCredentials));
        let right = f.commerce.authenticate(&f.scope, &email, "correct horse battery", None).await.unwrap().unwrap();
        let me = f.commerce.customer(&f.scope, &right.customer.id).await.unwrap().unwrap();
        assert_eq!(me.email, email.as_str());
        f.commerce.sign_out(&f.scope, &right.customer.id).await.unwrap();
    }

    async fn repeated_wrong_passwords_lock_that_email_out_for_a_while(f) {
        let email = unique_email("throttle");
        f.commerce.register(&f.scope, &account(email.clone(), "correct horse battery"), None).await.unwrap().unwrap();
        for _ in 0..5 {
            let wrong = f.commerce.authenticate(&f.scope, &email, "not the password", None).await.unwrap();
            assert_eq!(wrong.err(), Some(AccountError::WrongCredentials));
        }
        let locked = f.commerce.authenticate(&f.scope, &email, "correct horse battery", None).await.unwrap();
        assert_eq!(locked.err(), Some(AccountError::Throttled), "even the right password waits");
        let other = unique_email("unthrottled");
        f.commerce.register(&f.scope, &account(other.clone(), "correct horse battery"), None).await.unwrap().unwrap();
        let fine = f.commerce.authenticate(&f.scope, &other, "correct horse battery", None).await.unwrap();
        assert!(fine.is_ok(), "another email is not locked out");
    }

    async fn signing_in_brings_the_guest_cart(f) {
        let email = unique_email("merge");
        let signed = f.commerce.register(&f.scope, &account(email.clone(), "correct horse battery"), None).await.unwrap().unwrap();
        f.commerce.sign_out(&f.scope, &signed.customer.id).await.unwrap();
        let (sku, _) = f.sku_in_stock().await;
        let guest = f.cart_with(&sku).await;
        f.commerce.put_in_cart(&f.scope, &guest, &sku, Quantity::parse(2).unwrap(), false).await.unwrap().unwrap();
        let signed = f.commerce.authenticate(&f.scope, &email, "correct horse battery", Some(&guest)).await.unwrap().unwrap();
        let cart = signed.cart.expect("the customer's cart");
        let priced = f.commerce.cart(&f.scope, &cart, None).await.unwrap().unwrap();
        assert!(priced.lines.iter().any(|l| l.sku == sku && l.quantity >= 2), "{priced:?}");
    }

    async fn an_address_book_belongs_to_its_customer(f) {
        let ada = f.commerce.register(&f.scope, &account(unique_email("ada"), "correct horse battery"), None).await.unwrap().unwrap();
        let bob = f.commerce.register(&f.scope, &account(unique_email("bob"), "correct horse battery"), None).await.unwrap().unwrap();
        let (ada, bob) = (ada.customer.id, bob.customer.id);
        let home = f.commerce.save_address(&f.scope, &ada, None, &address(), false).await.unwrap().unwrap();
        let mut office = address();
        office.line1 = "2 Office Road".into();
        let work = f.commerce.save_address(&f.scope, &ada, None, &office, false).await.unwrap().unwrap();
        let book = f.commerce.addresses(&f.scope, &ada).await.unwrap();
        assert_eq!(book.len(), 2);
        assert!(book[0].is_default && book[0].id == home, "the first address is the default");
        assert!(f.commerce.set_default_address(&f.scope, &ada, &work).await.unwrap());
        assert_eq!(f.commerce.addresses(&f.scope, &ada).await.unwrap()[0].id, work);
        assert!(!f.commerce.delete_address(&f.scope, &bob, &home).await.unwrap(), "not Bob's");
        assert_eq!(f.commerce.save_address(&f.scope, &bob, Some(&home), &office, false).await.unwrap(), None);
        assert!(f.commerce.delete_address(&f.scope, &ada, &home).await.unwrap());
        assert_eq!(f.commerce.addresses(&f.scope, &ada).await.unwrap().len(), 1);
    }
}
