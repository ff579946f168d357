use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::store::{ALTERNATES, STORE};

/// `path` on this store's public origin: canonical and shared URLs never point at
/// whatever host a request came in on.
pub fn absolute(path: &str) -> String {
    format!("{}{path}", STORE.base_url.trim_end_matches('/'))
}

/// The head of an indexable page. `path` is its canonical path: without filters, sort
/// or a chosen variant, so every way of reaching the page counts as one.
#[component]
pub fn Seo(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(into)] path: String,
    /// A path on this store, such as the product's first image.
    #[prop(default = None)]
    image: Option<String>,
    /// The OpenGraph type: `website`, or `product` on product pages.
    #[prop(default = "website")]
    kind: &'static str,
) -> impl IntoView {
    let url = absolute(&path);
    let image = absolute(image.as_deref().unwrap_or("/logo.svg"));
    let og_title = if title.is_empty() { STORE.name.to_string() } else { title.clone() };
    let alternates = ALTERNATES
        .iter()
        .map(|a| {
            let href = format!("{}{path}", a.base_url.trim_end_matches('/'));
            view! { <Link rel="alternate" hreflang=a.locale href=href /> }
        })
        .collect_view();
    let x_default = ALTERNATES
        .first()
        .map(|root| view! { <Link rel="alternate" hreflang="x-default" href=format!("{}{path}", root.base_url.trim_end_matches('/')) /> });
    view! {
        <Title text=title />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=url.clone() />
        {alternates}
        {x_default}
        <Meta property="og:type" content=kind />
        <Meta property="og:site_name" content=STORE.name />
        <Meta property="og:locale" content=STORE.locale.replace('-', "_") />
        <Meta property="og:title" content=og_title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=url />
        <Meta property="og:image" content=image.clone() />
        <Meta name="twitter:card" content="summary" />
        <Meta name="twitter:title" content=og_title />
        <Meta name="twitter:description" content=description />
        <Meta name="twitter:image" content=image />
    }
}
