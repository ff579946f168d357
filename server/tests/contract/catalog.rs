//! Categories, listings, search, facets and products.

use app::model::{FacetNames, ProductQuery};

use crate::contract;

contract! {
    async fn categories_are_a_tree_found_by_slug(f) {
        let tree = f.commerce.category_tree(&f.scope).await.unwrap();
        assert!(!tree.is_empty(), "top-level categories");
        let first = &tree[0];
        let found = f.commerce.category(&f.scope, &first.slug).await.unwrap().unwrap();
        assert_eq!(found.name, first.name);
        assert!(found.ancestors.is_empty());
        if let Some(child) = first.children.first() {
            let child = f.commerce.category(&f.scope, &child.slug).await.unwrap().unwrap();
            assert_eq!(child.ancestors.last().map(|a| a.slug.as_str()), Some(first.slug.as_str()));
        }
        assert_eq!(f.commerce.category(&f.scope, "no-such-category").await.unwrap(), None);
    }

    async fn a_category_lists_its_products_in_pages(f) {
        let tree = f.commerce.category_tree(&f.scope).await.unwrap();
        let query = ProductQuery::new(Some(tree[0].slug.clone()), None);
        let listing = f.commerce.list_products(&f.scope, &query).await.unwrap();
        assert!(!listing.products.is_empty());
        assert!(listing.pagination.total >= listing.products.len() as u64);
        assert!(listing.products.iter().all(|p| !p.slug.is_empty() && p.price_from.minor > 0));
        let past = f.commerce.list_products(&f.scope, &query.with_page(10_000)).await.unwrap();
        assert!(past.products.is_empty() && past.pagination.total == listing.pagination.total);
    }

    async fn a_facet_value_narrows_the_listing_to_its_count(f) {
        let names = FacetNames::new(f.commerce.facet_names(&f.scope).await.unwrap());
        let tree = f.commerce.category_tree(&f.scope).await.unwrap();
        let query = ProductQuery::new(Some(tree[0].slug.clone()), None);
        let listing = f.commerce.list_products(&f.scope, &query).await.unwrap();
        let facet = listing
            .facets
            .iter()
            .find(|f| !f.is_price() && !f.values.is_empty())
            .expect("a facet with values");
        assert!(names.contains(&facet.name), "{} is one of the backend's facet names", facet.name);
        let value = &facet.values[0];
        let narrowed = f.commerce.list_products(&f.scope, &query.toggled(&facet.name, &value.value)).await.unwrap();
        assert_eq!(narrowed.pagination.total, value.count, "{}={}", facet.name, value.value);
        let chosen = narrowed.facets.iter().find(|x| x.name == facet.name).unwrap();
        assert!(chosen.values.iter().any(|v| v.value == value.value && v.selected));
        let none = f.commerce.list_products(&f.scope, &query.toggled(&facet.name, "no-such-value")).await.unwrap();
        assert_eq!(none.pagination.total, 0, "a value nobody has matches nothing");
    }

    async fn search_finds_a_product_by_a_word_of_its_name(f) {
        let (_, slug) = f.sku_in_stock().await;
        let product = f.commerce.product(&f.scope, &slug).await.unwrap().unwrap();
        let word = product.name.split_whitespace().max_by_key(|w| w.len()).unwrap().to_lowercase();
        let found = f.commerce.list_products(&f.scope, &ProductQuery::new(None, Some(word.clone()))).await.unwrap();
        assert!(found.products.iter().any(|p| p.slug == slug), "{word} finds {slug}");
    }

    async fn a_product_has_priced_variants_and_pictures(f) {
        let (sku, slug) = f.sku_in_stock().await;
        let product = f.commerce.product(&f.scope, &slug).await.unwrap().unwrap();
        assert!(product.variants.iter().any(|v| v.sku == sku));
        assert!(product.variants.iter().all(|v| v.price.minor > 0 && v.price.currency == f.scope.currency));
        let variant = product.select_variant(&[]).unwrap();
        assert!(!product.gallery(variant).is_empty(), "pictures");
        assert!(product.gallery(variant).iter().all(|i| !i.url.is_empty() && !i.alt.is_empty()));
        for axis in &product.options {
            assert!(!axis.label.is_empty() && !axis.values.is_empty());
        }
        assert_eq!(f.commerce.product(&f.scope, "no-such-product").await.unwrap(), None);
    }

    async fn the_sitemap_lists_every_product_once(f) {
        let count = f.commerce.product_count(&f.scope).await.unwrap();
        let slugs = f.commerce.product_slugs(&f.scope, 0, count + 10).await.unwrap();
        assert_eq!(slugs.len() as u64, count);
        let mut unique = slugs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), slugs.len());
        let (_, slug) = f.sku_in_stock().await;
        assert!(slugs.contains(&slug));
    }

    async fn skus_and_slugs_find_what_exists_only(f) {
        let (sku, slug) = f.sku_in_stock().await;
        let found = f.commerce.variants_by_sku(&f.scope, &[sku.clone(), "NO-SUCH-SKU".into()]).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].sku, sku);
        assert_eq!(found[0].product_slug, slug);
        let summaries = f.commerce.products_by_slug(&f.scope, &[slug.clone(), "no-such-product".into()]).await.unwrap();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].slug, slug);
    }
}

contract! {
    async fn suggestions_offer_products_and_categories_as_typed(f) {
        use app::model::suggest::{terms, words, MAX_PRODUCTS};
        let (_, slug) = f.sku_in_stock().await;
        let product = f.commerce.product(&f.scope, &slug).await.unwrap().unwrap();
        let word = product.name.split_whitespace().max_by_key(|w| w.len()).unwrap().to_lowercase();
        let typed: String = word.chars().take(4).collect();
        let found = f.commerce.suggest(&f.scope, &terms(&typed)).await.unwrap();
        assert!(!found.products.is_empty(), "{typed} suggests products");
        assert!(found.products.len() <= MAX_PRODUCTS);
        for p in &found.products {
            let text = format!("{} {}", p.name, p.brand);
            assert!(words(&text).any(|w| w.starts_with(&typed)), "{} matches {typed}", p.name);
            assert!(!p.slug.is_empty() && p.price_from.minor > 0);
        }

        let tree = f.commerce.category_tree(&f.scope).await.unwrap();
        let category = &tree[0];
        let typed: String = category.name.to_lowercase().chars().take(3).collect();
        let found = f.commerce.suggest(&f.scope, &terms(&typed)).await.unwrap();
        assert!(found.categories.iter().any(|c| c.slug == category.slug), "{typed} suggests {}", category.name);

        let nothing = f.commerce.suggest(&f.scope, &terms("qqzzxxyy")).await.unwrap();
        assert!(nothing.is_empty(), "{nothing:?}");
    }
}
