//! `/order/{number}` (the confirmation) and `/account/orders/{number}` (order history):
//! one order, shown only to the customer it belongs to or the browser that placed it.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorPage, NotFound};
use crate::api::get_order;
use crate::components::{shopper_message, PostalAddress, Price, TotalsTable};
use crate::i18n::t;
use crate::model::{format_date, Order, OrderStatus, StatusChange};
use crate::store::STORE;

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let again = move || query.read().get("again").is_some();
    let data = Resource::new(number, get_order);
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage message=shopper_message(&e) /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Ok(Some(order)) => view! { <OrderDetail order again=again() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderDetail(order: Order, again: bool) -> impl IntoView {
    let a = order.address;
    view! {
        <Title text=t::order_title(order.number.clone()) />
        <section class="space-y-6" data-testid="order">
            <div>
                <h1 class="font-display text-3xl font-bold">{t::order_title(order.number.clone())}</h1>
                <p class="mt-1 text-ink-soft">
                    <span data-testid="order-number">{order.number.clone()}</span> " · "
                    <span data-testid="order-date">{format_date(order.placed_at, STORE.locale)}</span>
                </p>
                {if again {
                    view! { <p role="status" class="mt-3 rounded-theme border border-line p-3" data-testid="order-again">{t::order_again()}</p> }.into_any()
                } else {
                    view! { <p class="mt-3">{t::order_thanks(order.email.clone())}</p> }.into_any()
                }}
            </div>
            <OrderStatusHistory status=order.status history=order.history />
            <div class="grid gap-8 lg:grid-cols-[1fr_20rem]">
                <div class="space-y-6">
                    <table class="w-full text-left text-sm" data-testid="order-lines">
                        <thead>
                            <tr class="border-b border-line">
                                <th scope="col" class="py-2">{t::quick_order_product()}</th>
                                <th scope="col" class="text-right">{t::quick_order_qty()}</th>
                                <th scope="col" class="text-right">{t::quick_order_total()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {order.lines.into_iter().map(|l| view! {
                                <tr class="border-b border-line">
                                    <td class="py-2">
                                        <a href=format!("/p/{}", l.product_slug) class="underline">{l.product_name}</a>
                                        <span class="block text-xs text-ink-soft">{l.sku} " · " {l.options}</span>
                                    </td>
                                    <td class="text-right">{l.quantity}</td>
                                    <td class="text-right"><Price money=l.line_total /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <dl class="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                        <dt class="text-ink-soft">{t::checkout_step_address()}</dt>
                        <dd><PostalAddress address=a /></dd>
                        <dt class="text-ink-soft">{t::checkout_step_shipping()}</dt><dd>{order.shipping_method.clone()}</dd>
                        <dt class="text-ink-soft">{t::checkout_step_payment()}</dt><dd>{order.payment_ref}</dd>
                        {order.coupon_code.map(|c| view! { <dt class="text-ink-soft">{t::coupon_label()}</dt><dd>{c}</dd> })}
                    </dl>
                </div>
                <aside aria-label=t::order_summary()>
                    <TotalsTable totals=order.totals shipping_label=order.shipping_method />
                </aside>
            </div>
        </section>
    }
}

/// Where the order is, and each dated step since it was placed.
#[component]
fn OrderStatusHistory(status: OrderStatus, history: Vec<StatusChange>) -> impl IntoView {
    view! {
        <div class="rounded-theme border border-line p-4 text-sm">
            <p>
                <span class="font-semibold">{t::order_status()}</span> ": "
                <span data-testid="order-status" data-status=status.as_str()>{status.label()}</span>
            </p>
            <h2 class="mt-3 font-semibold">{t::order_history()}</h2>
            <ol class="mt-1 space-y-1" data-testid="status-history">
                {history.into_iter().map(|c| view! {
                    <li data-status=c.status.as_str()>
                        <span class="text-ink-soft">{format_date(c.at, STORE.locale)}</span> " · " {c.status.label()}
                    </li>
                }).collect_view()}
            </ol>
        </div>
    }
}
