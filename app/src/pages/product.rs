use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorPage, NotFound};
use crate::api::get_product;
use crate::components::{
    AddToCartForm, Breadcrumbs, Gallery, Price, ProductExtras, ProductGrid, VariantPicker, WishlistButton,
};
use crate::model::{Availability, FacetNames, Product};
use crate::i18n::t;
use crate::seo::{json_ld, JsonLd, Seo};

/// `/p/{slug}`: the chosen variant (`?color=…&size=…`) and gallery view (`?view=`) live in the URL.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, get_product);
    view! {
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage message=e.to_string() /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Ok(Some(p)) => {
                        let q = query.read();
                        // Only an axis whose name can be a key: the page cache keeps
                        // no other parameter apart (`FacetNames::is_url_key`).
                        let wanted: Vec<(String, String)> = p
                            .options
                            .iter()
                            .filter(|axis| FacetNames::is_url_key(&axis.name))
                            .filter_map(|axis| q.get(&axis.name).map(|v| (axis.name.clone(), v)))
                            .collect();
                        let view_index = q.get("view").and_then(|v| v.parse().ok()).unwrap_or(0);
                        drop(q);
                        view! { <ProductDetail product=p wanted view_index /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductDetail(product: Product, wanted: Vec<(String, String)>, view_index: usize) -> impl IntoView {
    let Some(variant) = product.select_variant(&wanted).cloned() else {
        return view! { <NotFound /> }.into_any();
    };
    let base = format!("/p/{}", product.slug);
    let url = {
        let base = base.clone();
        move |options: &[(String, String)], view: usize| {
            let mut s = form_urlencoded::Serializer::new(String::new());
            s.extend_pairs(options.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            if view > 0 {
                s.append_pair("view", &view.to_string());
            }
            format!("{base}?{}", s.finish())
        }
    };
    let images = product.gallery(&variant).to_vec();
    let options = variant.options.clone();
    let view_href = {
        let url = url.clone();
        move |i: usize| url(&options, i)
    };
    let stock = match (variant.stock.availability, variant.stock.exact) {
        (Availability::OutOfStock, _) => {
            view! { <p class="font-semibold text-danger" data-testid="stock">{t::out_of_stock()}</p> }.into_any()
        }
        (Availability::Low, Some(n)) => {
            view! { <p class="font-semibold text-warn" data-testid="stock">{t::only_left(n)}</p> }.into_any()
        }
        (Availability::Low, None) => {
            view! { <p class="font-semibold text-warn" data-testid="stock">{t::low_stock()}</p> }.into_any()
        }
        (Availability::InStock, _) => {
            view! { <p class="font-semibold text-ok" data-testid="stock">{t::in_stock()}</p> }.into_any()
        }
    };
    let description = product.description.clone();
    let seo_title = product.details.seo_title.clone().unwrap_or_else(|| product.name.clone());
    let seo_description = product.details.seo_description.clone().unwrap_or_else(|| description.clone());
    let description_view = match product.details.description_html.clone() {
        // Sanitized when the catalog was imported (server/src/import/text.rs).
        Some(html) => view! { <div class="prose mt-6 leading-relaxed" data-testid="description" inner_html=html></div> }.into_any(),
        None => view! { <p class="mt-6 leading-relaxed" data-testid="description">{description}</p> }.into_any(),
    };
    let ld = json_ld::product(&product);
    let image = images.first().map(|i| i.url.clone());
    let related = product.related.clone();
    view! {
        <Seo title=seo_title description=seo_description path=base.clone() image kind="product" />
        <JsonLd json=ld />
        <Breadcrumbs trail=product.breadcrumbs.clone() current=product.name.clone() />
        <div class="grid gap-8 md:grid-cols-2">
            <Gallery images selected=view_index view_href />
            <div>
                <p class="text-sm uppercase tracking-wide text-ink-soft">{product.brand.clone()}</p>
                <h1 class="mt-1 font-display text-3xl font-bold">{product.name.clone()}</h1>
                <p class="mt-3 text-2xl" data-testid="price">
                    <Price money=variant.price />
                    {variant.compare_at.map(|was| view! {
                        <s class="ml-3 text-base text-ink-soft" data-testid="compare-at"><Price money=was /></s>
                    })}
                </p>
                <p class="mt-1 text-xs text-ink-soft">{t::sku()} " " <span data-testid="sku">{variant.sku.clone()}</span></p>
                <VariantPicker product=product.clone() selected=variant.clone() href=move |o| url(o, 0) />
                <div class="mt-4">{stock}</div>
                <AddToCartForm sku=variant.sku.clone() stock=variant.stock />
                <WishlistButton slug=product.slug.clone() />
                {description_view}
                <ProductExtras product=product.clone() />
                <dl class="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                    {product.attributes.into_iter().map(|(k, v)| view! {
                        <dt class="text-ink-soft">{k}</dt>
                        <dd>{v}</dd>
                    }).collect_view()}
                </dl>
            </div>
        </div>
        {(!related.is_empty()).then(|| view! {
            <section class="mt-16" aria-labelledby="related">
                <h2 id="related" class="mb-4 font-display text-2xl font-bold">{t::related()}</h2>
                <ProductGrid products=related />
            </section>
        })}
    }
    .into_any()
}
