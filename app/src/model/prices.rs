//! The price gate (the `price-gate` capability): a store that shows prices only to
//! signed-in customers withholds them on the server, so no response carries them.

use super::{Cart, Money, Product, ProductListing, ProductQuery, ProductSummary, QuoteLine, Sort};

pub trait WithholdPrices {
    fn withhold_prices(&mut self);
}

impl WithholdPrices for ProductSummary {
    fn withhold_prices(&mut self) {
        self.price_from = Money::withheld();
        self.price_to = None;
    }
}

impl WithholdPrices for Product {
    fn withhold_prices(&mut self) {
        for v in &mut self.variants {
            v.price = Money::withheld();
            v.compare_at = None;
        }
        self.related.withhold_prices();
    }
}

impl WithholdPrices for ProductListing {
    fn withhold_prices(&mut self) {
        self.products.withhold_prices();
        // Price ranges with counts would tell what the prices are.
        self.facets.retain(|f| !f.is_price());
    }
}

impl WithholdPrices for QuoteLine {
    fn withhold_prices(&mut self) {
        if let Ok((m, _, total)) = &mut self.outcome {
            m.price = Money::withheld();
            *total = Money::withheld();
        }
    }
}

impl WithholdPrices for Cart {
    fn withhold_prices(&mut self) {
        for line in &mut self.lines {
            line.unit_price = Money::withheld();
            line.line_total = Money::withheld();
        }
        if let Some(s) = &mut self.shipping {
            s.price = Money::withheld();
        }
        let t = &mut self.totals;
        for m in [&mut t.subtotal, &mut t.discount, &mut t.shipping, &mut t.tax, &mut t.total] {
            *m = Money::withheld();
        }
    }
}

impl<T: WithholdPrices> WithholdPrices for Vec<T> {
    fn withhold_prices(&mut self) {
        self.iter_mut().for_each(T::withhold_prices);
    }
}

impl<T: WithholdPrices> WithholdPrices for Option<T> {
    fn withhold_prices(&mut self) {
        if let Some(t) = self {
            t.withhold_prices();
        }
    }
}

impl ProductQuery {
    /// Sorting or filtering by price would reveal the order and ranges of withheld prices.
    pub fn without_prices(mut self) -> Self {
        if matches!(self.sort, Sort::PriceAsc | Sort::PriceDesc) {
            self.sort = Sort::default();
        }
        self.filters.price = None;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, Facet, Image, Pagination, PriceBucket};

    fn summary() -> ProductSummary {
        let usd = Currency::parse("USD").unwrap();
        ProductSummary {
            slug: "a".into(),
            name: "A".into(),
            brand: "B".into(),
            price_from: Money::new(1000, usd),
            price_to: Some(Money::new(2000, usd)),
            image: Image::new("", ""),
            availability: crate::model::Availability::InStock,
            colors: vec![],
        }
    }

    #[test]
    fn listings_lose_every_price_and_the_price_facet() {
        let facet = |name: &str| Facet { name: name.into(), label: name.into(), values: vec![] };
        let mut listing = ProductListing {
            products: vec![summary(), summary()],
            facets: vec![facet("brand"), facet(Facet::PRICE)],
            pagination: Pagination { page: 1, per_page: 24, total: 2 },
        };
        listing.withhold_prices();
        assert!(listing.products.iter().all(|p| p.price_from.is_withheld() && p.price_to.is_none()));
        assert_eq!(listing.facets.len(), 1);
        assert_eq!(listing.facets[0].name, "brand");
    }

    #[test]
    fn price_sort_and_filter_are_dropped() {
        let mut q = ProductQuery::new(Some("c".into()), None);
        q.sort = Sort::PriceDesc;
        q.filters.price = Some(PriceBucket::new(25, Some(50)));
        let q = q.without_prices();
        assert_eq!(q.sort, Sort::default());
        assert_eq!(q.filters.price, None);
    }
}
