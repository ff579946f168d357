//! One file per route. A store adds a page by adding a file here and a route in `app.rs`.

include!(concat!(env!("OUT_DIR"), "/mods_pages.rs"));

pub use account::{AccountPage, RegisterPage, SignInPage};
pub use addresses::{AddressBookPage, EditAddressPage};
pub use cart::CartPage;
pub use checkout::{CheckoutPage, ReviewPage};
pub use order::OrderPage;
pub use order_lookup::OrderLookupPage;
pub use password::{ForgotPasswordPage, ResetPasswordPage};
pub use category::CategoryPage;
pub use error::ErrorPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use product::ProductPage;
// A capability compiled out leaves the route answering 404.
#[cfg(not(feature = "quick-order"))]
pub use not_found::NotFound as QuickOrderPage;
#[cfg(feature = "quick-order")]
pub use quick_order::QuickOrderPage;
#[cfg(not(feature = "wishlist"))]
pub use not_found::NotFound as WishlistPage;
#[cfg(feature = "wishlist")]
pub use wishlist::WishlistPage;
pub use search::SearchPage;
