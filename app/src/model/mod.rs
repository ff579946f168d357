//! The normalized commerce model, shared by the server and the browser bundle.

include!(concat!(env!("OUT_DIR"), "/mods_model.rs"));

pub use account::{parse_name, AccountError, Customer, CustomerProfile, Email, Password};
pub use cart::{Cart, CartError, CartLine, Coupon, CouponKind, Quantity, Totals, MAX_CART_LINES, MAX_QUANTITY, MAX_SKU_LEN};
pub use checkout::{format_date, Address, AddressError, Authorization, CheckoutDraft, PaymentMethod, SavedAddress, Settlement, ShippingMethod, COUNTRIES};
pub use country::{country_name, home_country, shipping_countries};
pub use capabilities::{offered, Capabilities, Capability};
pub use custom_fields::{CustomField, CustomFields};
pub use ids::{AddressId, CartId, CustomerId};
pub use stock::{Availability, Stock, LOW_STOCK};
pub use catalog::{Category, CategoryRef, Facet, FacetNames, FacetValue, Pagination, PriceBucket};
pub use money::{Currency, Money, MoneyError};
pub use order::{Order, OrderError, OrderItem, OrderSummary};
pub use order_status::{OrderStatus, StatusChange, StatusError};
pub use prices::WithholdPrices;
pub use product::{url_segment, Image, OptionAxis, Product, ProductDetails, ProductListing, ProductSummary, Variant};
pub use quick_order::{parse_lines, OrderLine, QuoteLine, SkuMatch, MAX_LINES};
pub use suggest::{BrandRef, Suggestions, WordMatch};
pub use wishlist::{is_slug, Wishlist, MAX_SAVED};
pub use query::{FacetFilters, ProductQuery, QueryError, Sort, PER_PAGE};
pub use return_path::ReturnPath;
