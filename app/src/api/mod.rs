//! Server functions: the only way pages reach the data layer. On the server they run
//! in-process during rendering; in the browser they become GET requests.

include!(concat!(env!("OUT_DIR"), "/mods_api.rs"));

pub use account::{get_customer, register, sign_in, sign_out, Register, SignIn, SignOut};
pub use addresses::{
    delete_address, get_addresses, save_address, set_default_address, DeleteAddress, SaveAddress, SetDefaultAddress,
};
pub use cart::{
    add_to_cart, apply_coupon, get_cart, get_cart_count, remove_cart_line, remove_coupon, update_cart_line, AddToCart,
    ApplyCoupon, RemoveCartLine, RemoveCoupon, UpdateCartLine,
};
pub use order_lookup::{lookup_order, LookupOrder};
pub use checkout::{get_checkout, get_order, get_orders, place_order, save_checkout, CheckoutView, PlaceOrder, SaveCheckout};
pub use catalog::*;
#[cfg(feature = "quick-order")]
pub use quick_order::get_quick_order;
#[cfg(feature = "wishlist")]
pub use wishlist::{get_wishlist, toggle_wishlist, ToggleWishlist};
#[cfg(feature = "ssr")]
pub use audience::Audience;
#[cfg(feature = "ssr")]
pub use cart_cookie::CartCookie;
#[cfg(feature = "ssr")]
pub use session::{still_signed_in, CUSTOMER as SESSION_CUSTOMER, SIGNED_IN_AT as SESSION_SIGNED_IN_AT};
#[cfg(feature = "ssr")]
pub use password::ResetLinks;
pub use password::{reset_link_valid, request_password_reset, reset_password, RequestPasswordReset, ResetPassword};
#[cfg(feature = "ssr")]
pub use context::CommerceHandle;
