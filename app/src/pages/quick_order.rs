#![cfg(feature = "quick-order")]
//! `/quick-order`: paste SKUs and quantities, get every line checked and priced. A GET
//! form, so it works without JavaScript and a quote can be bookmarked.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::ErrorPage;
use crate::api::get_quick_order;
use crate::components::Price;
use crate::i18n::t;

#[component]
pub fn QuickOrderPage() -> impl IntoView {
    let query = use_query_map();
    let lines = move || query.read().get("lines").unwrap_or_default();
    let quote = Resource::new(lines, |text| async move {
        if text.trim().is_empty() { Ok(Vec::new()) } else { get_quick_order(text).await }
    });
    view! {
        <Title text=t::quick_order_title() />
        <Meta name="robots" content="noindex" />
        <h1 class="font-display text-3xl font-bold">{t::quick_order_title()}</h1>
        <p class="mt-2 text-ink-soft">{t::quick_order_hint()} " " <code>"ELE-00001-GRA 5"</code></p>
        <form method="get" action="/quick-order" class="mt-4 max-w-xl space-y-3">
            <label for="lines" class="block text-sm font-semibold">{t::quick_order_lines()}</label>
            <textarea id="lines" name="lines" rows="6" class="w-full rounded-theme border border-line bg-surface p-2 font-mono text-sm">
                {lines()}
            </textarea>
            <button type="submit" class="rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::quick_order_check()}</button>
        </form>
        <Suspense fallback=|| view! { <p class="py-4">{t::quick_order_checking()}</p> }>
            {move || Suspend::new(async move {
                match quote.await {
                    Err(e) => view! { <ErrorPage message=e.to_string() /> }.into_any(),
                    Ok(lines) if lines.is_empty() => ().into_any(),
                    Ok(lines) => view! { <QuoteTable lines /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuoteTable(lines: Vec<crate::model::QuoteLine>) -> impl IntoView {
    view! {
        <table class="mt-6 w-full max-w-3xl text-left text-sm" data-testid="quote">
            <thead>
                <tr class="border-b border-line">
                    <th scope="col" class="py-2">{t::quick_order_line()}</th>
                    <th scope="col">{t::quick_order_product()}</th>
                    <th scope="col" class="text-right">{t::quick_order_qty()}</th>
                    <th scope="col" class="text-right">{t::quick_order_total()}</th>
                </tr>
            </thead>
            <tbody>
                {lines
                    .into_iter()
                    .map(|line| match line.outcome {
                        Ok((m, qty, total)) => view! {
                            <tr class="border-b border-line" data-status="ok">
                                <td class="py-2 font-mono">{m.sku.clone()}</td>
                                <td><a href=format!("/p/{}", m.product_slug) class="underline">{m.product_name}</a></td>
                                <td class="text-right">{qty}</td>
                                <td class="text-right"><Price money=total /></td>
                            </tr>
                        }
                        .into_any(),
                        Err(message) => view! {
                            <tr class="border-b border-line text-danger" data-status="error">
                                <td class="py-2 font-mono">{line.input}</td>
                                <td colspan="3" role="alert">{message}</td>
                            </tr>
                        }
                        .into_any(),
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
