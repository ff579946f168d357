//! Server functions: the only way pages reach the data layer. On the server they run
//! in-process during rendering; in the browser they become GET requests.

include!(concat!(env!("OUT_DIR"), "/mods_api.rs"));

pub use account::{get_customer, register, sign_in, sign_out, Register, SignIn, SignOut};
pub use catalog::*;
#[cfg(feature = "quick-order")]
pub use quick_order::get_quick_order;
#[cfg(feature = "wishlist")]
pub use wishlist::{get_wishlist, toggle_wishlist, ToggleWishlist};
#[cfg(feature = "ssr")]
pub use context::CommerceHandle;
