use leptos::prelude::*;

use super::Price;
use crate::i18n::t;
use crate::model::Totals;

/// Subtotal, discount, shipping, tax and total, the tax shown as contained or added.
#[component]
pub fn TotalsTable(totals: Totals, #[prop(into)] shipping_label: String) -> impl IntoView {
    let percent = format!("{}", f64::from(totals.tax_basis_points) / 100.0);
    let tax_label = if totals.tax_included { t::tax_included(percent) } else { t::tax_added(percent) };
    let row = |label: String, money, testid: &'static str| {
        view! {
            <div class="flex justify-between py-1" data-testid=testid>
                <dt>{label}</dt>
                <dd><Price money /></dd>
            </div>
        }
    };
    view! {
        <dl class="text-sm" data-testid="totals">
            {row(t::subtotal().into(), totals.subtotal, "subtotal")}
            {(totals.discount.minor > 0).then(|| row(t::discount().into(), totals.discount, "discount"))}
            {row(shipping_label, totals.shipping, "shipping")}
            {(totals.tax_basis_points > 0).then(|| row(tax_label, totals.tax, "tax"))}
            <div class="mt-2 flex justify-between border-t border-line pt-2 text-base font-bold" data-testid="total">
                <dt>{t::total()}</dt>
                <dd><Price money=totals.total /></dd>
            </div>
        </dl>
    }
}
