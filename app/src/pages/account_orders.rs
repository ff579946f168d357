use leptos::prelude::*;

use crate::api::get_orders;
use crate::components::Price;
use crate::i18n::t;
use crate::model::format_date;
use crate::store::STORE;

/// The signed-in customer's orders, newest first, each linking to its detail.
#[component]
pub fn OrderHistory() -> impl IntoView {
    let orders = OnceResource::new(get_orders());
    view! {
        <section class="mt-10" aria-labelledby="orders">
            <h2 id="orders" class="font-display text-2xl font-bold">{t::orders_title()}</h2>
            <Suspense fallback=|| view! { <p>{t::loading()}</p> }>
                {move || Suspend::new(async move {
                    let orders = orders.await.unwrap_or_default();
                    if orders.is_empty() {
                        return view! { <p class="mt-2 text-ink-soft" data-testid="no-orders">{t::orders_none()}</p> }.into_any();
                    }
                    view! {
                        <table class="mt-4 w-full text-left text-sm" data-testid="order-history">
                            <thead>
                                <tr class="border-b border-line">
                                    <th scope="col" class="py-2">{t::order_number()}</th>
                                    <th scope="col">{t::order_date()}</th>
                                    <th scope="col">{t::order_status()}</th>
                                    <th scope="col" class="text-right">{t::quick_order_qty()}</th>
                                    <th scope="col" class="text-right">{t::total()}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {orders.into_iter().map(|o| view! {
                                    <tr class="border-b border-line">
                                        <td class="py-2"><a href=format!("/account/orders/{}", o.number) class="font-semibold underline">{o.number.clone()}</a></td>
                                        <td>{format_date(o.placed_at, STORE.locale)}</td>
                                        <td data-testid="order-status" data-status=o.status.as_str()>{o.status.label()}</td>
                                        <td class="text-right">{o.items}</td>
                                        <td class="text-right"><Price money=o.total /></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
