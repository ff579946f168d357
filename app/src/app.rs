use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::bundle_links::BundleLinks;
use crate::components::Layout;
use crate::pages::{AccountPage, AddressBookPage, EditAddressPage, RegisterPage, SignInPage, ForgotPasswordPage, ResetPasswordPage, OrderLookupPage, CartPage, CheckoutPage, OrderPage, ReviewPage, CategoryPage, HomePage, NotFound, ProductPage, QuickOrderPage, SearchPage, WishlistPage};
use crate::store::STORE;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=STORE.locale>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <BundleLinks options />
                // The store's theme layers after the shared stylesheet, so its tokens win.
                <style id="store-theme" inner_html=crate::store::THEME_CSS></style>
                <MetaTags />
            </head>
            <body class="min-h-screen bg-surface text-ink antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Pages wait for their data before the first byte, so a missing product can answer 404.
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Title formatter=|title: String| {
            if title.is_empty() { STORE.name.to_string() } else { format!("{title} · {}", STORE.name) }
        } />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/c/:slug") view=CategoryPage ssr=SsrMode::Async />
                    <Route path=path!("/p/:slug") view=ProductPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async />
                    <Route path=path!("/quick-order") view=QuickOrderPage ssr=SsrMode::Async />
                    <Route path=path!("/wishlist") view=WishlistPage ssr=SsrMode::Async />
                    <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async />
                    <Route path=path!("/checkout/review") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/order/lookup") view=OrderLookupPage ssr=SsrMode::Async />
                    <Route path=path!("/order/:number") view=OrderPage ssr=SsrMode::Async />
                    <Route path=path!("/account/orders/:number") view=OrderPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/addresses") view=AddressBookPage ssr=SsrMode::Async />
                    <Route path=path!("/account/addresses/:id") view=EditAddressPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/account/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/account/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account/reset") view=ResetPasswordPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
