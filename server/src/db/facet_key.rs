//! The facets this backend filters by: product brand, the variants' three option
//! columns, and price ranges. To the app they are open facets named by `param`.

use app::i18n::t;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FacetKey {
    Brand,
    Color,
    Size,
    Capacity,
    Price,
}

impl FacetKey {
    pub const ALL: [FacetKey; 5] = [
        FacetKey::Brand,
        FacetKey::Color,
        FacetKey::Size,
        FacetKey::Capacity,
        FacetKey::Price,
    ];

    /// Its URL parameter, and the facet's name to the app.
    pub fn param(self) -> &'static str {
        match self {
            FacetKey::Brand => "brand",
            FacetKey::Color => "color",
            FacetKey::Size => "size",
            FacetKey::Capacity => "capacity",
            FacetKey::Price => app::model::Facet::PRICE,
        }
    }

    /// What the shopper reads, in the store's language.
    pub fn label(self) -> &'static str {
        match self {
            FacetKey::Brand => t::facet_brand(),
            FacetKey::Color => t::facet_color(),
            FacetKey::Size => t::facet_size(),
            FacetKey::Capacity => t::facet_capacity(),
            FacetKey::Price => t::facet_price(),
        }
    }

    /// The option axis named `axis` ("color", "size", "capacity"), if it is one of ours.
    pub fn of_axis(axis: &str) -> Option<FacetKey> {
        [FacetKey::Color, FacetKey::Size, FacetKey::Capacity]
            .into_iter()
            .find(|k| k.param() == axis)
    }
}
