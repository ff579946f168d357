use leptos::prelude::*;

use crate::i18n::t;
use crate::model::{CustomField, Product};

/// Vendure's `warrantyMonths` custom field on products (see backends/vendure).
struct WarrantyMonths;

impl CustomField for WarrantyMonths {
    const NAME: &'static str = "warrantyMonths";
    type Value = u32;
    fn parse(raw: &str) -> Option<u32> {
        raw.parse().ok().filter(|m| *m > 0)
    }
}

/// A warranty badge where the product has one.
#[component]
pub fn ProductExtras(product: Product) -> impl IntoView {
    product.custom.get::<WarrantyMonths>().map(|months| {
        view! {
            <p class="mt-4 inline-block rounded-theme border border-line px-3 py-1 text-sm font-semibold" data-testid="warranty">
                {t::warranty_months(months)}
            </p>
        }
    })
}
