//! The catalog from Vendure: collections are categories, the search index answers
//! listings and their facet counts, products come whole by slug.

use std::collections::HashMap;

use app::commerce::{CommerceResult, StoreScope};
use app::model::{
    Availability, Category, CategoryRef, CustomFields, Facet, FacetValue, Image, Money, OptionAxis, Pagination,
    Product, ProductListing, ProductQuery, ProductSummary, Sort, Stock, Variant, PER_PAGE,
};
use serde_json::json;

use super::queries;
use super::types::*;
use super::VendureCommerce;

/// What every listing needs and rarely changes: facets, option groups, collections.
pub struct CatalogMeta {
    pub facets: Vec<FacetDef>,
    pub option_groups: Vec<String>,
    pub collections: Vec<CollectionDef>,
    pub counts: HashMap<String, u64>,
}

impl CatalogMeta {
    /// The facet value with this code in the facet with this code.
    fn value_id(&self, facet: &str, value: &str) -> Option<&str> {
        let f = self.facets.iter().find(|f| f.code == facet)?;
        f.values.iter().find(|v| v.code == value).map(|v| v.id.as_str())
    }

    /// (facet code, value name) of a facet value id.
    fn value_of(&self, id: &str) -> Option<(&str, &str)> {
        self.facets.iter().find_map(|f| {
            f.values
                .iter()
                .find(|v| v.id == id)
                .map(|v| (f.code.as_str(), v.name.as_str()))
        })
    }
}

/// The facet the sample catalog names "brand": shown on product cards.
const BRAND: &str = "brand";
/// Vendure's root collection, parent of the top level.
const ROOT: &str = "__root_collection__";

/// A Vendure facet name as a shopper reads it ("brand" → "Brand").
fn label(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An asset URL at a size the asset server crops to.
pub fn image(asset: &Preview, preset: &str, size: Option<u32>, alt: &str) -> Image {
    let img = Image::new(format!("{}?preset={preset}", asset.preview), alt);
    match size {
        Some(s) => img.sized(s, s),
        None => match (asset.width, asset.height) {
            (Some(w), Some(h)) => img.sized(w, h),
            _ => img,
        },
    }
}

/// Vendure's descriptions are HTML; pages show text.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn stock_of(level: &str) -> Stock {
    Stock::state(match level {
        "OUT_OF_STOCK" => Availability::OutOfStock,
        "LOW_STOCK" => Availability::Low,
        _ => Availability::InStock,
    })
}

impl VendureCommerce {
    /// Prices as the store shows them: with tax where shelf prices include it.
    pub(super) fn shelf(&self, store: &StoreScope, net: i64, gross: i64) -> Money {
        Money::new(if store.pricing.tax_included { gross } else { net }, store.currency)
    }

    pub(super) async fn load_meta(&self) -> CommerceResult<CatalogMeta> {
        let facets: FacetsData = self.client.read(queries::FACETS, json!({}), None).await?.data;
        let mut option_groups = Vec::new();
        let mut skip = 0;
        loop {
            let page: OptionGroupsData = self
                .client
                .read(queries::OPTION_GROUPS, json!({ "skip": skip }), None)
                .await?
                .data;
            let seen = page.products.items.len() as u64;
            option_groups.extend(
                page.products
                    .items
                    .into_iter()
                    .flat_map(|p| p.option_groups)
                    .map(|g| g.code),
            );
            skip += seen;
            if seen == 0 || skip >= page.products.total_items {
                break;
            }
        }
        option_groups.sort();
        option_groups.dedup();
        let collections: CollectionsData = self.client.read(queries::COLLECTIONS, json!({}), None).await?.data;
        let counts = collections
            .search
            .collections
            .into_iter()
            .map(|c| (c.collection.slug, c.count))
            .collect();
        Ok(CatalogMeta {
            facets: facets.facets.items,
            option_groups,
            collections: collections.collections.items,
            counts,
        })
    }

    fn category_of(&self, meta: &CatalogMeta, c: &CollectionDef) -> Category {
        let by_id: HashMap<&str, &CollectionDef> = meta.collections.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut ancestors = Vec::new();
        let mut parent = c
            .parent
            .as_ref()
            .filter(|p| p.name != ROOT)
            .and_then(|p| by_id.get(p.id.as_str()));
        while let Some(p) = parent {
            ancestors.insert(
                0,
                CategoryRef {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                },
            );
            parent = p
                .parent
                .as_ref()
                .filter(|p| p.name != ROOT)
                .and_then(|p| by_id.get(p.id.as_str()));
        }
        let mut children: Vec<&CollectionDef> = meta
            .collections
            .iter()
            .filter(|k| k.parent.as_ref().is_some_and(|p| p.id == c.id))
            .collect();
        children.sort_by_key(|k| k.position);
        Category {
            slug: c.slug.clone(),
            name: c.name.clone(),
            ancestors,
            children: children
                .into_iter()
                .map(|k| CategoryRef {
                    slug: k.slug.clone(),
                    name: k.name.clone(),
                })
                .collect(),
            product_count: meta.counts.get(&c.slug).copied().unwrap_or(0),
        }
    }

    pub(super) async fn categories(&self) -> CommerceResult<Vec<Category>> {
        let meta = self.meta().await?;
        let mut top: Vec<&CollectionDef> = meta
            .collections
            .iter()
            .filter(|c| c.parent.as_ref().is_none_or(|p| p.name == ROOT))
            .collect();
        top.sort_by_key(|c| c.position);
        Ok(top.into_iter().map(|c| self.category_of(&meta, c)).collect())
    }

    pub(super) async fn category_by_slug(&self, slug: &str) -> CommerceResult<Option<Category>> {
        let meta = self.meta().await?;
        Ok(meta
            .collections
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| self.category_of(&meta, c)))
    }

    fn summary(&self, store: &StoreScope, meta: &CatalogMeta, item: SearchItem) -> ProductSummary {
        let (net, gross) = (item.price.range(), item.price_with_tax.range());
        let (from, to) = if store.pricing.tax_included { gross } else { net };
        let brand = item
            .facet_value_ids
            .iter()
            .filter_map(|id| meta.value_of(id))
            .find(|(facet, _)| *facet == BRAND)
            .map(|(_, name)| name.to_string())
            .unwrap_or_default();
        ProductSummary {
            image: item
                .product_asset
                .as_ref()
                .map(|a| image(a, "small", Some(300), &item.product_name))
                .unwrap_or_else(|| Image::new("", &item.product_name)),
            slug: item.slug,
            name: item.product_name,
            brand,
            price_from: Money::new(from, store.currency),
            price_to: (to != from).then(|| Money::new(to, store.currency)),
            availability: if item.in_stock {
                Availability::InStock
            } else {
                Availability::OutOfStock
            },
            colors: Vec::new(),
        }
    }

    pub(super) async fn listing(&self, store: &StoreScope, query: &ProductQuery) -> CommerceResult<ProductListing> {
        let meta = self.meta().await?;
        let page = query.page.max(1);
        let empty = |total| ProductListing {
            products: Vec::new(),
            facets: Vec::new(),
            pagination: Pagination {
                page,
                per_page: PER_PAGE,
                total,
            },
        };
        // Every chosen facet must match one of its values; a value Vendure does not
        // know matches nothing, so a facet with none known empties the listing.
        let mut filters = Vec::new();
        for (facet, values) in &query.filters.values {
            let ids: Vec<&str> = values.iter().filter_map(|v| meta.value_id(facet, v)).collect();
            if ids.is_empty() {
                return Ok(empty(0));
            }
            filters.push(json!({ "or": ids }));
        }
        let mut input = json!({
            "groupByProduct": true,
            "take": PER_PAGE,
            "skip": u64::from(page - 1) * u64::from(PER_PAGE),
            "facetValueFilters": filters,
        });
        if let Some(slug) = &query.category {
            input["collectionSlug"] = json!(slug);
        }
        if let Some(text) = &query.text {
            input["term"] = json!(text);
        }
        match query.sort {
            Sort::PriceAsc => input["sort"] = json!({ "price": "ASC" }),
            Sort::PriceDesc => input["sort"] = json!({ "price": "DESC" }),
            // By name where there is no text to rank by; Vendure keeps no "newest".
            Sort::Relevance | Sort::Newest if query.text.is_none() => input["sort"] = json!({ "name": "ASC" }),
            _ => {}
        }
        let found = self.search(input).await?;
        let mut facets: Vec<Facet> = Vec::new();
        for fc in found.facet_values {
            let v = fc.facet_value;
            let value = FacetValue {
                selected: query.filters.is_selected(&v.facet.code, &v.code),
                value: v.code,
                label: v.name,
                count: fc.count,
            };
            match facets.iter_mut().find(|f| f.name == v.facet.code) {
                Some(f) => f.values.push(value),
                None => facets.push(Facet {
                    label: label(&v.facet.name),
                    name: v.facet.code,
                    values: vec![value],
                }),
            }
        }
        for f in &mut facets {
            f.values
                .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        }
        Ok(ProductListing {
            products: found.items.into_iter().map(|i| self.summary(store, &meta, i)).collect(),
            facets,
            pagination: Pagination {
                page,
                per_page: PER_PAGE,
                total: found.total_items,
            },
        })
    }

    /// One page of Vendure's search index for `input` (a `SearchInput`).
    async fn search(&self, input: serde_json::Value) -> CommerceResult<SearchResponse> {
        let found: SearchData = self
            .client
            .read(&queries::search(), json!({ "input": input }), None)
            .await?
            .data;
        Ok(found.search)
    }

    pub(super) async fn featured(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>> {
        let meta = self.meta().await?;
        let input = json!({ "groupByProduct": true, "take": limit, "sort": { "name": "ASC" } });
        let found = self.search(input).await?;
        Ok(found.items.into_iter().map(|i| self.summary(store, &meta, i)).collect())
    }

    pub(super) async fn product_by_slug(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>> {
        let data: ProductData = self
            .client
            .read(queries::PRODUCT, json!({ "slug": slug }), None)
            .await?
            .data;
        let Some(p) = data.product else { return Ok(None) };
        let name = p.name.clone();
        let variants: Vec<Variant> = p
            .variants
            .iter()
            .map(|v| Variant {
                sku: v.sku.clone(),
                options: v
                    .options
                    .iter()
                    .map(|o| (o.group.code.clone(), o.name.clone()))
                    .collect(),
                price: self.shelf(store, v.price, v.price_with_tax),
                compare_at: None,
                stock: stock_of(&v.stock_level),
                images: v
                    .featured_asset
                    .iter()
                    .map(|a| image(a, "large", None, &name))
                    .collect(),
            })
            .collect();
        if variants.is_empty() {
            return Ok(None);
        }
        // The deepest collection is the product's category.
        let deepest = p.collections.iter().max_by_key(|c| c.breadcrumbs.len());
        let breadcrumbs: Vec<CategoryRef> = deepest
            .map(|c| {
                c.breadcrumbs
                    .iter()
                    .filter(|b| b.name != ROOT)
                    .map(|b| CategoryRef {
                        slug: b.slug.clone(),
                        name: b.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let category = deepest
            .map(|c| CategoryRef {
                slug: c.slug.clone(),
                name: c.name.clone(),
            })
            .unwrap_or(CategoryRef {
                slug: String::new(),
                name: String::new(),
            });
        let mut images: Vec<Image> = p
            .featured_asset
            .iter()
            .map(|a| image(a, "large", None, &name))
            .collect();
        for a in &p.assets {
            if p.featured_asset.as_ref().is_none_or(|f| f.preview != a.preview) {
                images.push(image(a, "large", None, &name));
            }
        }
        let mut custom = CustomFields::default();
        for (key, value) in p.custom_fields.into_iter().flatten() {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => custom.insert(key, s),
                other => custom.insert(key, other.to_string()),
            }
        }
        let related = match &deepest {
            Some(c) => self.related(store, &c.slug, &p.slug).await?,
            None => Vec::new(),
        };
        Ok(Some(Product {
            slug: p.slug,
            name: p.name,
            brand: p
                .facet_values
                .iter()
                .find(|v| v.facet.code == BRAND)
                .map(|v| v.name.clone())
                .unwrap_or_default(),
            description: text_of(&p.description),
            category,
            breadcrumbs,
            attributes: p
                .facet_values
                .iter()
                .filter(|v| v.facet.code != "category")
                .map(|v| (label(&v.facet.name), v.name.clone()))
                .collect(),
            options: p
                .option_groups
                .iter()
                .map(|g| OptionAxis {
                    name: g.code.clone(),
                    label: g.name.clone(),
                    values: g.options.iter().map(|o| o.name.clone()).collect(),
                })
                .collect(),
            variants,
            images,
            related,
            custom,
            details: Default::default(),
        }))
    }

    async fn related(&self, store: &StoreScope, collection: &str, except: &str) -> CommerceResult<Vec<ProductSummary>> {
        let meta = self.meta().await?;
        let input = json!({ "groupByProduct": true, "take": 5, "collectionSlug": collection });
        let found = self.search(input).await?;
        Ok(found
            .items
            .into_iter()
            .filter(|i| i.slug != except)
            .take(4)
            .map(|i| self.summary(store, &meta, i))
            .collect())
    }

    /// Every product's slug, by name (the sitemap).
    pub(super) async fn all_slugs(&self) -> CommerceResult<Vec<String>> {
        const PAGE: u64 = 100;
        let mut slugs = Vec::new();
        loop {
            let input = json!({ "groupByProduct": true, "take": PAGE, "skip": slugs.len(), "sort": { "name": "ASC" } });
            let found = self.search(input).await?;
            let got = found.items.len() as u64;
            slugs.extend(found.items.into_iter().map(|i| i.slug));
            if got < PAGE || slugs.len() as u64 >= found.total_items {
                return Ok(slugs);
            }
        }
    }

    /// The variant with this SKU: Vendure's search finds it by its SKU as a term.
    pub(super) async fn variant(&self, sku: &str) -> CommerceResult<Option<SearchItem>> {
        if let Some(found) = self.skus.get(sku).await {
            return Ok(Some(found));
        }
        let data: SearchData = self
            .client
            .read(&queries::variants_by_term(), json!({ "term": sku }), None)
            .await?
            .data;
        let found = data.search.items.into_iter().find(|i| i.sku.as_deref() == Some(sku));
        if let Some(f) = &found {
            self.skus.insert(sku.to_string(), f.clone()).await;
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_lose_their_markup() {
        assert_eq!(
            text_of("<p>Fast &amp; <b>light</b></p><p>laptop</p>"),
            "Fast & light laptop"
        );
    }

    #[test]
    fn stock_levels_are_states_without_a_count() {
        assert_eq!(stock_of("LOW_STOCK").availability, Availability::Low);
        assert_eq!(stock_of("OUT_OF_STOCK").exact, None);
        assert!(stock_of("IN_STOCK").is_available());
    }
}
