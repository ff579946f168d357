use leptos::prelude::*;

use crate::model::Product;

/// What a store adds to the product page below the description, such as a platform's
/// custom field (`product.custom`). The base store adds nothing; a store overrides this
/// file.
#[component]
pub fn ProductExtras(product: Product) -> impl IntoView {
    let _ = product;
}
