#![cfg(feature = "ssr")]
//! Catalog pages come from the page cache whatever cookies a shopper sends: one render is
//! served to everyone who would see the same page. That render sees no cookie at all; what
//! it may show of shoppers (prices for customers, a product saved to the wishlist) it reads
//! from the [`Audience`] the page cache rendered it for, and the rest (the cart's count)
//! islands read after the page loads.

use leptos::prelude::*;

/// Everyone a page the page cache keeps is rendered for, never one shopper: part of its key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Audience {
    /// Signed in, counted only where it changes the page (a `price-gate` store's prices).
    pub signed_in: bool,
    /// On a product page of a `wishlist` store, whether that product is on the wishlist.
    pub saved: bool,
}

impl Audience {
    /// Whether being signed in changes a catalog page, so the page cache must ask the
    /// session (a read) before answering.
    pub const SIGNED_IN_MATTERS: bool = cfg!(feature = "price-gate");

    /// The audience of a request for `path` with these headers; `signed_in` is the
    /// session's answer, asked only when [`Self::SIGNED_IN_MATTERS`].
    pub fn of(path: &str, headers: &http::HeaderMap, signed_in: bool) -> Audience {
        Audience {
            signed_in: signed_in && Self::SIGNED_IN_MATTERS,
            saved: saved(path, headers),
        }
    }
}

#[cfg(feature = "wishlist")]
fn saved(path: &str, headers: &http::HeaderMap) -> bool {
    path.strip_prefix("/p/")
        .is_some_and(|slug| super::wishlist::sent(headers).slugs().iter().any(|s| s == slug))
}

#[cfg(not(feature = "wishlist"))]
fn saved(_path: &str, _headers: &http::HeaderMap) -> bool {
    false
}

/// The audience this render is shared by, when the page cache asked for it; `None` for a
/// render about one shopper. Read in place: a render asks several times, and
/// `use_context` would copy the request's headers each time.
pub(crate) fn shared() -> Option<Audience> {
    with_context::<http::request::Parts, _>(|p| p.extensions.get::<Audience>().copied()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn being_signed_in_counts_only_where_prices_depend_on_it() {
        let none = http::HeaderMap::new();
        assert_eq!(Audience::of("/c/shirts", &none, true).signed_in, cfg!(feature = "price-gate"));
        assert!(!Audience::of("/c/shirts", &none, false).signed_in);
    }

    #[cfg(feature = "wishlist")]
    #[test]
    fn a_product_page_is_saved_when_the_wishlist_cookie_holds_its_slug() {
        let name = crate::store::STORE.cookie_name("wishlist");
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, format!("a=b; {name}=coat.scarf").parse().unwrap());
        assert!(Audience::of("/p/scarf", &headers, false).saved);
        assert!(!Audience::of("/p/hat", &headers, false).saved);
        assert!(!Audience::of("/c/scarf", &headers, false).saved);
    }
}
