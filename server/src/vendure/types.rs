//! Vendure's answers, as far as the connector reads them.

use serde::Deserialize;

#[derive(Deserialize, Debug, Clone)]
pub struct Items<T> {
    pub items: Vec<T>,
    #[serde(default, rename = "totalItems")]
    pub total_items: u64,
}

#[derive(Deserialize, Debug, Clone)]
pub struct FacetDef {
    pub code: String,
    pub values: Vec<FacetValueDef>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct FacetValueDef {
    pub id: String,
    pub code: String,
    pub name: String,
}

#[derive(Deserialize, Debug)]
pub struct FacetsData {
    pub facets: Items<FacetDef>,
}

#[derive(Deserialize, Debug)]
pub struct OptionGroupsData {
    pub products: Items<OptionGroupsOf>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct OptionGroupsOf {
    pub option_groups: Vec<Code>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Code {
    pub code: String,
}

#[derive(Deserialize, Debug, Clone)]
pub struct SlugName {
    pub slug: String,
    pub name: String,
}

#[derive(Deserialize, Debug)]
pub struct CollectionsData {
    pub collections: Items<CollectionDef>,
    pub search: CollectionCounts,
}

#[derive(Deserialize, Debug, Clone)]
pub struct CollectionDef {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub position: i64,
    pub parent: Option<CollectionParent>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct CollectionParent {
    pub id: String,
    pub name: String,
}

#[derive(Deserialize, Debug)]
pub struct CollectionCounts {
    pub collections: Vec<CollectionCount>,
}

#[derive(Deserialize, Debug)]
pub struct CollectionCount {
    pub count: u64,
    pub collection: Slug,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Slug {
    pub slug: String,
}

/// `PriceRange` or `SinglePrice`.
#[derive(Deserialize, Debug, Clone, Copy)]
pub struct Price {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub value: Option<i64>,
}

impl Price {
    pub fn range(self) -> (i64, i64) {
        match (self.value, self.min, self.max) {
            (Some(v), _, _) => (v, v),
            (None, Some(min), Some(max)) => (min, max),
            _ => (0, 0),
        }
    }
}

#[derive(Deserialize, Debug)]
pub struct SearchData {
    pub search: SearchResponse,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SearchResponse {
    #[serde(default)]
    pub total_items: u64,
    pub items: Vec<SearchItem>,
    #[serde(default)]
    pub facet_values: Vec<FacetCount>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct SearchItem {
    pub slug: String,
    pub product_name: String,
    pub product_asset: Option<Preview>,
    pub price: Price,
    pub price_with_tax: Price,
    pub in_stock: bool,
    #[serde(default)]
    pub facet_value_ids: Vec<String>,
    pub sku: Option<String>,
    pub product_variant_id: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Preview {
    pub preview: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct FacetCount {
    pub count: u64,
    pub facet_value: FacetValueRef,
}

#[derive(Deserialize, Debug)]
pub struct FacetValueRef {
    pub code: String,
    pub name: String,
    pub facet: FacetRef,
}

#[derive(Deserialize, Debug, Clone)]
pub struct FacetRef {
    pub code: String,
    pub name: String,
}

#[derive(Deserialize, Debug)]
pub struct ProductData {
    pub product: Option<ProductDef>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ProductDef {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub featured_asset: Option<Preview>,
    pub assets: Vec<Preview>,
    pub collections: Vec<CollectionOfProduct>,
    pub facet_values: Vec<FacetValueRef>,
    pub option_groups: Vec<OptionGroupDef>,
    pub variants: Vec<VariantDef>,
    pub custom_fields: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Deserialize, Debug)]
pub struct CollectionOfProduct {
    pub slug: String,
    pub name: String,
    pub breadcrumbs: Vec<SlugName>,
}

#[derive(Deserialize, Debug)]
pub struct OptionGroupDef {
    pub code: String,
    pub name: String,
    pub options: Vec<OptionDef>,
}

#[derive(Deserialize, Debug)]
pub struct OptionDef {
    pub name: String,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct VariantDef {
    pub sku: String,
    pub price: i64,
    pub price_with_tax: i64,
    pub stock_level: String,
    pub featured_asset: Option<Preview>,
    pub options: Vec<VariantOption>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct VariantOption {
    pub name: String,
    pub group: Code,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ActiveOrderData {
    pub active_order: Option<OrderDef>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OrderDef {
    pub code: String,
    pub active: bool,
    pub coupon_codes: Vec<String>,
    pub total_quantity: u32,
    pub sub_total: i64,
    pub sub_total_with_tax: i64,
    pub shipping: i64,
    pub shipping_with_tax: i64,
    pub total: i64,
    pub total_with_tax: i64,
    pub discounts: Vec<DiscountDef>,
    pub tax_summary: Vec<TaxRate>,
    pub shipping_lines: Vec<ShippingLine>,
    pub lines: Vec<LineDef>,
    pub order_placed_at: Option<String>,
    /// Only asked for with a placed order (`orderByCode`).
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    pub customer: Option<OrderCustomer>,
    pub shipping_address: Option<OrderAddress>,
    #[serde(default)]
    pub payments: Option<Vec<PaymentDef>>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DiscountDef {
    pub amount: i64,
    pub amount_with_tax: i64,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct TaxRate {
    pub tax_rate: f64,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ShippingLine {
    pub shipping_method: ShippingMethodRef,
}

#[derive(Deserialize, Debug, Clone)]
pub struct ShippingMethodRef {
    pub id: String,
    pub name: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct LineDef {
    pub id: String,
    pub quantity: u32,
    pub unit_price: i64,
    pub unit_price_with_tax: i64,
    pub line_price: i64,
    pub line_price_with_tax: i64,
    pub product_variant: LineVariant,
    pub featured_asset: Option<Preview>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct LineVariant {
    pub sku: String,
    pub name: String,
    pub stock_level: String,
    pub product: SlugName,
    pub options: Vec<VariantOption>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OrderCustomer {
    pub id: String,
    pub email_address: String,
    pub user: Option<IdOnly>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct IdOnly {
    pub id: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OrderAddress {
    pub full_name: Option<String>,
    pub street_line1: Option<String>,
    pub street_line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country_code: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct PaymentDef {
    pub method: String,
    pub transaction_id: Option<String>,
}

/// A mutation's union result: its type, and the error when it is an `ErrorResult`.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub error_code: Option<String>,
    pub message: Option<String>,
    pub quantity_available: Option<i64>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ShippingMethodDef {
    pub id: String,
    pub name: String,
    pub price: i64,
    pub price_with_tax: i64,
    pub description: String,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDef {
    pub email_address: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct MyOrder {
    pub code: String,
    pub order_placed_at: Option<String>,
    pub total_quantity: u32,
    pub total_with_tax: i64,
    pub active: bool,
    pub state: String,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AddressDef {
    pub id: String,
    pub full_name: Option<String>,
    pub street_line1: String,
    pub street_line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Code,
    pub default_shipping_address: Option<bool>,
}
