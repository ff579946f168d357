//! What every path is, declared once beside the router (`app.rs`) and the server
//! functions (`api/`). The server derives from it, and from nothing else, how a response
//! may be cached (browser, shared caches, its page cache), whether it carries an ETag,
//! what `robots.txt` keeps crawlers out of, and which parameters make a cached page
//! differ. Adding a page or a server function means adding it here; a server test
//! checks that every route the router knows is declared.

use crate::model::FacetNames;

/// How a path is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    /// A page that shows only the catalog (home, listings, search, products): the same
    /// HTML for every shopper of an audience (`api::Audience`), so kept in the page
    /// cache, tagged with an ETag and revalidated, indexable.
    CatalogPage,
    /// A server function the catalog pages read (GET): cached like them, never indexed.
    CatalogData,
    /// A crawler file made from the catalog (the sitemap): cached per catalog version.
    CatalogFile,
    /// A page or server function about one shopper (cart, checkout, account, orders,
    /// wishlist, quick order): `private, no-store`, never cached, kept from crawlers.
    Shopper,
    /// Everything else: bundle and public files, images, `robots.txt`, `/healthz`, and
    /// the 404 page of an unknown path.
    Other,
}

/// Pages about one shopper, by path prefix (`/account` covers `/account/addresses/3`).
pub const SHOPPER_PAGES: &[&str] = &["/cart", "/checkout", "/account", "/order", "/wishlist", "/quick-order"];
/// Server functions (`/api/<endpoint>`) that read only the catalog, with the arguments
/// each reads (`#[server]`'s parameters in `api/catalog.rs`); every other endpoint is
/// about one shopper.
const CATALOG_DATA: &[(&str, &[&str])] = &[
    ("navigation", &[]),
    ("home", &[]),
    ("listing", &["category", "query"]),
    ("product", &["slug"]),
    ("suggest", &["q"]),
];

/// Whether the catalog data endpoint at `path` reads the argument `name`, an empty one
/// too; it ignores any other, so the page cache keeps no copy apart for it (a junk
/// parameter would otherwise make fresh work of every call).
pub fn data_reads(path: &str, name: &str) -> bool {
    let endpoint = path.strip_prefix(API_PREFIX).unwrap_or_default();
    CATALOG_DATA.iter().any(|(e, args)| *e == endpoint && args.contains(&name))
}
/// Where server functions are mounted.
pub const API_PREFIX: &str = "/api/";

/// Whether the catalog page at `path` reads the query parameter `name`: a listing its
/// own (`q`, `sort`, `page`, `price`) and one per facet the backend had at start; a
/// product page its gallery view and its chosen variant, one parameter per option of the
/// product, whatever options it has now (any name that can be a key; the page reads no
/// other). Any other parameter (a tracking tag, a random cache-buster) changes nothing
/// on the page, so the page cache leaves it out of its key instead of keeping another
/// copy; one the page reads is never left out, or one shopper's choice would be served
/// to everyone.
pub fn page_reads(path: &str, name: &str, facets: &FacetNames) -> bool {
    matches!(name, "q" | "sort" | "page" | "view" | "price")
        || facets.contains(name)
        || (path.starts_with("/p/") && FacetNames::is_url_key(name))
}

/// A form's error carried back to its page without JavaScript (`?__path=…&__err=…`,
/// signed by the server in `__sig`): such a page is about one shopper's mistake and is
/// never cached.
pub const ACTION_ERROR_PARAMS: [&str; 3] = ["__path", "__err", "__sig"];

impl RouteKind {
    pub fn of(path: &str) -> RouteKind {
        if let Some(endpoint) = path.strip_prefix(API_PREFIX) {
            return if CATALOG_DATA.iter().any(|(e, _)| *e == endpoint) {
                RouteKind::CatalogData
            } else {
                RouteKind::Shopper
            };
        }
        if path == "/" || path == "/search" || path.starts_with("/c/") || path.starts_with("/p/") {
            return RouteKind::CatalogPage;
        }
        if path == "/sitemap.xml" || path.starts_with("/sitemap/") {
            return RouteKind::CatalogFile;
        }
        let under = |prefix: &&str| {
            path.strip_prefix(*prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if SHOPPER_PAGES.iter().any(under) {
            return RouteKind::Shopper;
        }
        RouteKind::Other
    }

    /// Whether a GET may be answered from the page cache.
    pub fn page_cached(self) -> bool {
        matches!(self, RouteKind::CatalogPage | RouteKind::CatalogData | RouteKind::CatalogFile)
    }

    /// Whether the response carries an ETag and is revalidated by browsers: catalog pages
    /// and the catalog data islands read (predictive search asks again for a text typed
    /// before, and gets a 304).
    pub fn tagged(self) -> bool {
        matches!(self, RouteKind::CatalogPage | RouteKind::CatalogData)
    }

    /// Whether nothing may keep the response: not a shared cache, not the browser.
    pub fn private(self) -> bool {
        self == RouteKind::Shopper
    }
}

/// What `robots.txt` disallows: every shopper page and every server function.
pub fn crawler_disallowed() -> impl Iterator<Item = &'static str> {
    SHOPPER_PAGES.iter().copied().chain([API_PREFIX])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified_by_what_they_show() {
        for (path, kind) in [
            ("/", RouteKind::CatalogPage),
            ("/c/shirts", RouteKind::CatalogPage),
            ("/p/linen-shirt", RouteKind::CatalogPage),
            ("/search", RouteKind::CatalogPage),
            ("/api/listing", RouteKind::CatalogData),
            ("/api/cart-add", RouteKind::Shopper),
            ("/api/listing-x", RouteKind::Shopper),
            ("/cart", RouteKind::Shopper),
            ("/account/addresses/3", RouteKind::Shopper),
            ("/order/A-1", RouteKind::Shopper),
            ("/orders", RouteKind::Other),
            ("/cartography", RouteKind::Other),
            ("/sitemap.xml", RouteKind::CatalogFile),
            ("/sitemap/2.xml", RouteKind::CatalogFile),
            ("/pkg/storefront.wasm", RouteKind::Other),
            ("/healthz", RouteKind::Other),
        ] {
            assert_eq!(RouteKind::of(path), kind, "{path}");
        }
    }

    #[test]
    fn only_catalog_kinds_are_cached_and_only_shopper_ones_private() {
        assert!(RouteKind::CatalogPage.page_cached() && RouteKind::CatalogPage.tagged());
        assert!(RouteKind::CatalogData.page_cached() && RouteKind::CatalogData.tagged());
        assert!(RouteKind::CatalogFile.page_cached() && !RouteKind::CatalogFile.tagged());
        assert!(!RouteKind::Shopper.page_cached() && RouteKind::Shopper.private());
        assert!(!RouteKind::Other.page_cached() && !RouteKind::Other.private());
    }

    #[test]
    fn every_facet_is_a_catalog_parameter_and_tracking_tags_are_not() {
        let facets = FacetNames::new(["brand", "plant-type"].map(String::from));
        for name in ["brand", "plant-type", "price", "q", "sort", "page", "view"] {
            assert!(page_reads("/c/plants", name, &facets), "{name}");
        }
        for other in ["utm_source", "x", "__err", "color", "material", ""] {
            assert!(!page_reads("/c/plants", other, &facets), "{other}");
        }
    }

    #[test]
    fn a_product_page_reads_any_option_even_one_added_after_start() {
        let facets = FacetNames::new(["color"].map(String::from));
        for name in ["color", "material", "view", "fit-2"] {
            assert!(page_reads("/p/tote", name, &facets), "{name}");
        }
        for other in ["utm_source", "__err", "Material", "", &"x".repeat(33)] {
            assert!(!page_reads("/p/tote", other, &facets), "{other}");
        }
    }
}
