//! Building blocks shared by the pages. A store overrides one by putting a file at the
//! same path under `stores/<id>/app/src/components/`.

include!(concat!(env!("OUT_DIR"), "/mods_components.rs"));

pub use add_to_cart::AddToCartForm;
pub use address_fields::{AddressFields, TextInput};
pub use breadcrumbs::Breadcrumbs;
pub use cart_count::{announce_cart_changed, CartCount};
pub use facets::FacetPanel;
pub use footer::Footer;
pub use form_error::{shopper_message, FormError};
pub use gallery::Gallery;
pub use header::Header;
pub use layout::Layout;
pub use pagination::PaginationNav;
pub use postal_address::PostalAddress;
pub use price::Price;
pub use price_gate::PriceGate;
pub use product_card::ProductCard;
pub use product_extras::ProductExtras;
pub use product_grid::{ListingView, ProductGrid};
pub use search_box::SearchBox;
pub use store_switcher::StoreSwitcher;
pub use totals::TotalsTable;
pub use variant_picker::VariantPicker;
pub use wishlist_button::WishlistButton;
