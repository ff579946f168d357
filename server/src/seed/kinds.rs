//! What each kind of product is called, how it varies and what it costs.

pub struct Kind {
    pub shape: &'static str,
    pub nouns: &'static [&'static str],
    pub sizes: &'static [&'static str],
    pub capacities: &'static [&'static str],
    /// Price range in US cents.
    pub price: (i64, i64),
    pub attributes: &'static [(&'static str, &'static [&'static str])],
}

const LETTER_SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];
const SHOE_SIZES: &[&str] = &["38", "39", "40", "41", "42", "43", "44", "45"];
const WAIST_SIZES: &[&str] = &["28", "30", "32", "34", "36"];
const FABRIC: (&str, &[&str]) = (
    "Material",
    &[
        "Organic cotton",
        "Linen",
        "Merino wool",
        "Recycled polyester",
        "Cotton twill",
    ],
);
const FIT: (&str, &[&str]) = ("Fit", &["Regular", "Relaxed", "Slim", "Oversized"]);
const CARE: (&str, &[&str]) = ("Care", &["Machine wash 30°C", "Hand wash", "Dry clean only"]);
const WARRANTY: (&str, &[&str]) = ("Warranty", &["1 year", "2 years", "3 years"]);
const BATTERY: (&str, &[&str]) = ("Battery", &["10 hours", "18 hours", "24 hours", "40 hours"]);

pub const TSHIRT: Kind = Kind {
    shape: "tshirt",
    nouns: &["T-Shirt", "Crew Tee", "Pocket Tee", "Henley"],
    sizes: LETTER_SIZES,
    capacities: &[],
    price: (1500, 4500),
    attributes: &[FABRIC, FIT, CARE],
};
pub const SHIRT: Kind = Kind {
    shape: "shirt",
    nouns: &["Oxford Shirt", "Overshirt", "Flannel Shirt", "Poplin Shirt"],
    sizes: LETTER_SIZES,
    capacities: &[],
    price: (3900, 11000),
    attributes: &[FABRIC, FIT, CARE],
};
pub const DRESS: Kind = Kind {
    shape: "dress",
    nouns: &["Midi Dress", "Wrap Dress", "Slip Dress", "Shirt Dress"],
    sizes: LETTER_SIZES,
    capacities: &[],
    price: (4900, 16000),
    attributes: &[FABRIC, FIT, CARE],
};
pub const JEANS: Kind = Kind {
    shape: "jeans",
    nouns: &["Straight Jeans", "Tapered Jeans", "Chinos", "Cargo Trousers"],
    sizes: WAIST_SIZES,
    capacities: &[],
    price: (5900, 14000),
    attributes: &[FABRIC, FIT, CARE],
};
pub const SNEAKER: Kind = Kind {
    shape: "sneaker",
    nouns: &["Sneaker", "Runner", "Court Shoe", "Trail Shoe"],
    sizes: SHOE_SIZES,
    capacities: &[],
    price: (6900, 18000),
    attributes: &[
        ("Upper", &["Leather", "Suede", "Knit mesh", "Canvas"]),
        ("Sole", &["Rubber", "Recycled rubber", "EVA foam"]),
    ],
};
pub const BAG: Kind = Kind {
    shape: "bag",
    nouns: &["Tote", "Backpack", "Weekender", "Crossbody Bag"],
    sizes: &[],
    capacities: &[],
    price: (3500, 22000),
    attributes: &[
        ("Material", &["Waxed canvas", "Leather", "Recycled nylon"]),
        ("Volume", &["8 L", "15 L", "22 L", "35 L"]),
    ],
};
pub const CAP: Kind = Kind {
    shape: "cap",
    nouns: &["Cap", "Beanie", "Bucket Hat", "Sun Hat"],
    sizes: &[],
    capacities: &[],
    price: (1900, 4900),
    attributes: &[FABRIC],
};
pub const LAPTOP: Kind = Kind {
    shape: "laptop",
    nouns: &["Laptop", "Ultrabook", "Notebook Pro", "Creator Laptop"],
    sizes: &[],
    capacities: &["256 GB", "512 GB", "1 TB"],
    price: (79900, 249900),
    attributes: &[
        ("Screen", &["13.6\"", "14\"", "15.3\"", "16\""]),
        ("Memory", &["8 GB", "16 GB", "32 GB"]),
        BATTERY,
        WARRANTY,
    ],
};
pub const TABLET: Kind = Kind {
    shape: "tablet",
    nouns: &["Tablet", "Tab Air", "Slate", "Tab Mini"],
    sizes: &[],
    capacities: &["64 GB", "128 GB", "256 GB"],
    price: (29900, 109900),
    attributes: &[("Screen", &["8.3\"", "10.9\"", "12.9\""]), BATTERY, WARRANTY],
};
pub const MONITOR: Kind = Kind {
    shape: "monitor",
    nouns: &["Monitor", "4K Display", "Ultrawide Monitor", "Studio Display"],
    sizes: &[],
    capacities: &[],
    price: (19900, 129900),
    attributes: &[
        ("Panel", &["IPS", "OLED", "VA"]),
        ("Refresh rate", &["60 Hz", "120 Hz", "144 Hz"]),
        WARRANTY,
    ],
};
pub const HEADPHONES: Kind = Kind {
    shape: "headphones",
    nouns: &[
        "Headphones",
        "Noise-Cancelling Headphones",
        "Studio Headphones",
        "Wireless Headphones",
    ],
    sizes: &[],
    capacities: &[],
    price: (7900, 44900),
    attributes: &[
        BATTERY,
        ("Connection", &["Bluetooth 5.3", "USB-C", "Bluetooth + 3.5 mm"]),
        WARRANTY,
    ],
};
pub const SPEAKER: Kind = Kind {
    shape: "speaker",
    nouns: &["Speaker", "Smart Speaker", "Bookshelf Speaker", "Portable Speaker"],
    sizes: &[],
    capacities: &[],
    price: (4900, 59900),
    attributes: &[
        ("Output", &["20 W", "40 W", "100 W"]),
        ("Connection", &["Wi-Fi", "Bluetooth", "Wi-Fi + Bluetooth"]),
        WARRANTY,
    ],
};
pub const PHONE: Kind = Kind {
    shape: "phone",
    nouns: &["Smartphone", "Phone Pro", "Phone Lite", "Phone Max"],
    sizes: &[],
    capacities: &["128 GB", "256 GB", "512 GB"],
    price: (39900, 139900),
    attributes: &[
        ("Screen", &["6.1\"", "6.4\"", "6.7\""]),
        ("Camera", &["48 MP", "50 MP", "108 MP"]),
        WARRANTY,
    ],
};
pub const WATCH: Kind = Kind {
    shape: "watch",
    nouns: &["Smartwatch", "Fitness Watch", "Sport Watch"],
    sizes: &[],
    capacities: &[],
    price: (14900, 79900),
    attributes: &[BATTERY, ("Water resistance", &["5 ATM", "10 ATM"]), WARRANTY],
};

/// A leaf category: (slug, name, what it sells).
pub type Leaf = (&'static str, &'static str, &'static Kind);

pub struct CatalogSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub brands: &'static [&'static str],
    pub adjectives: &'static [&'static str],
    pub colors: &'static [(&'static str, &'static str)],
    /// (slug, name, [(slug, name, kind)])
    pub tree: &'static [(&'static str, &'static str, &'static [Leaf])],
}

pub const APPAREL: CatalogSpec = CatalogSpec {
    id: "apparel",
    name: "Apparel",
    brands: &[
        "Northwind",
        "Atelier Nord",
        "Loom & Co",
        "Fjell",
        "Marlow",
        "Sable",
        "Tidewater",
    ],
    adjectives: &[
        "Classic",
        "Relaxed",
        "Essential",
        "Heritage",
        "Everyday",
        "Softwash",
        "Coastal",
        "Urban",
        "Organic",
    ],
    colors: crate::media::APPAREL,
    tree: &[
        (
            "women",
            "Women",
            &[
                ("women-dresses", "Dresses", &DRESS),
                ("women-tops", "Tops", &TSHIRT),
                ("women-jeans", "Jeans & Trousers", &JEANS),
                ("women-shoes", "Shoes", &SNEAKER),
            ],
        ),
        (
            "men",
            "Men",
            &[
                ("men-shirts", "Shirts", &SHIRT),
                ("men-tshirts", "T-Shirts", &TSHIRT),
                ("men-jeans", "Jeans & Chinos", &JEANS),
                ("men-shoes", "Shoes", &SNEAKER),
            ],
        ),
        (
            "accessories",
            "Accessories",
            &[("bags", "Bags", &BAG), ("hats", "Hats", &CAP)],
        ),
    ],
};

pub const ELECTRONICS: CatalogSpec = CatalogSpec {
    id: "electronics",
    name: "Electronics",
    brands: &["Voltix", "Lumen", "Arcwave", "Kestrel", "Nordtek", "Pixelon"],
    adjectives: &["Pro", "Air", "Max", "One", "Neo", "Ultra", "Go", "Studio"],
    colors: crate::media::ELECTRONICS,
    tree: &[
        (
            "computers",
            "Computers",
            &[
                ("laptops", "Laptops", &LAPTOP),
                ("tablets", "Tablets", &TABLET),
                ("monitors", "Monitors", &MONITOR),
            ],
        ),
        (
            "audio",
            "Audio",
            &[
                ("headphones", "Headphones", &HEADPHONES),
                ("speakers", "Speakers", &SPEAKER),
            ],
        ),
        (
            "phones",
            "Phones & Wearables",
            &[
                ("smartphones", "Smartphones", &PHONE),
                ("wearables", "Wearables", &WATCH),
            ],
        ),
    ],
};
