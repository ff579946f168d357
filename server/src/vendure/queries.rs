//! Every GraphQL document the connector sends, checked in a test against the Shop API
//! schema kept in the repo (`backends/vendure/shop-api.graphql`, from `dump-schema.js`).

pub const FACETS: &str =
    "query Facets { facets(options: { take: 100 }) { items { id code name values { id code name } } } }";

pub const OPTION_GROUPS: &str = "query OptionGroups($skip: Int!) {
  products(options: { take: 100, skip: $skip }) { totalItems items { optionGroups { code } } } }";

pub const COLLECTIONS: &str = "query Collections {
  collections(options: { topLevelOnly: false, take: 100 }) {
    items { id slug name position parent { id slug name } } }
  search(input: { groupByProduct: true, take: 0 }) { collections { count collection { slug } } } }";

const PRICE: &str =
    "fragment Range on SearchResultPrice { ... on PriceRange { min max } ... on SinglePrice { value } }";

pub fn search() -> String {
    format!(
        "query Search($input: SearchInput!) {{ search(input: $input) {{ totalItems
  items {{ slug productName productAsset {{ preview }} price {{ ...Range }} priceWithTax {{ ...Range }} inStock facetValueIds }}
  facetValues {{ count facetValue {{ id code name facet {{ code name }} }} }} }} }}
{PRICE}"
    )
}

pub fn variants_by_term() -> String {
    format!(
        "query Variants($term: String!) {{ search(input: {{ term: $term, groupByProduct: false, take: 20 }}) {{
  items {{ sku slug productName productVariantId price {{ ...Range }} priceWithTax {{ ...Range }} inStock }} }} }}
{PRICE}"
    )
}

pub const PRODUCT: &str = "query Product($slug: String!) { product(slug: $slug) {
  id name slug description
  featuredAsset { preview width height } assets { preview width height }
  collections { slug name breadcrumbs { slug name } }
  facetValues { code name facet { code name } }
  optionGroups { code name options { code name } }
  variants { id sku price priceWithTax stockLevel featuredAsset { preview width height } options { code name group { code } } }
  customFields { warrantyMonths } } }";

const ORDER: &str = "fragment Cart on Order {
  code state active couponCodes totalQuantity subTotal subTotalWithTax shipping shippingWithTax total totalWithTax
  discounts { description amount amountWithTax }
  taxSummary { taxRate }
  shippingLines { shippingMethod { id code name } }
  lines { id quantity unitPrice unitPriceWithTax linePrice linePriceWithTax
    productVariant { id sku name stockLevel product { slug name } options { code name group { code } } }
    featuredAsset { preview } } }";

const CHANGE: &str =
    "__typename ...Cart ... on ErrorResult { errorCode message } ... on InsufficientStockError { quantityAvailable }";

pub fn active_order() -> String {
    format!("query Active {{ activeOrder {{ ...Cart }} }}\n{ORDER}")
}

pub fn add_item() -> String {
    format!("mutation Add($id: ID!, $qty: Int!) {{ addItemToOrder(productVariantId: $id, quantity: $qty) {{ {CHANGE} }} }}\n{ORDER}")
}

pub fn adjust_line() -> String {
    format!("mutation Adjust($line: ID!, $qty: Int!) {{ adjustOrderLine(orderLineId: $line, quantity: $qty) {{ {CHANGE} }} }}\n{ORDER}")
}

pub fn remove_line() -> String {
    format!("mutation Remove($line: ID!) {{ removeOrderLine(orderLineId: $line) {{ __typename ...Cart ... on ErrorResult {{ errorCode message }} }} }}\n{ORDER}")
}

pub fn apply_coupon() -> String {
    format!("mutation Coupon($code: String!) {{ applyCouponCode(couponCode: $code) {{ __typename ...Cart ... on ErrorResult {{ errorCode message }} }} }}\n{ORDER}")
}

pub const REMOVE_COUPON: &str = "mutation Uncoupon($code: String!) { removeCouponCode(couponCode: $code) { code } }";

pub const SHIPPING_METHODS: &str =
    "query Shipping { eligibleShippingMethods { id code name price priceWithTax description } }";

pub const SET_SHIPPING: &str = "mutation SetShipping($id: ID!) {
  setOrderShippingMethod(shippingMethodId: [$id]) { __typename ... on ErrorResult { errorCode message } } }";

pub const SET_CUSTOMER: &str = "mutation SetCustomer($input: CreateCustomerInput!) {
  setCustomerForOrder(input: $input) { __typename ... on ErrorResult { errorCode message } } }";

pub const SET_ADDRESS: &str = "mutation SetAddress($input: CreateAddressInput!) {
  setOrderShippingAddress(input: $input) { __typename ... on ErrorResult { errorCode message } } }";

pub const TO_PAYMENT: &str = "mutation ToPayment {
  transitionOrderToState(state: \"ArrangingPayment\") { __typename ... on ErrorResult { errorCode message } } }";

pub const TO_ADDING_ITEMS: &str = "mutation ToAddingItems {
  transitionOrderToState(state: \"AddingItems\") { __typename ... on ErrorResult { errorCode message } } }";

pub const PAY: &str = "mutation Pay($input: PaymentInput!) {
  addPaymentToOrder(input: $input) { __typename ... on Order { code } ... on ErrorResult { errorCode message } } }";

pub fn order_by_code() -> String {
    format!(
        "query Order($code: String!) {{ orderByCode(code: $code) {{ ...Cart orderPlacedAt state updatedAt
  customer {{ id emailAddress user {{ id }} }}
  shippingAddress {{ fullName streetLine1 streetLine2 postalCode city countryCode }}
  payments {{ method transactionId }} }}
  activeCustomer {{ id }} }}
{ORDER}"
    )
}

pub const ME: &str = "query Me { activeCustomer { id emailAddress firstName lastName } }";

pub const MY_ORDERS: &str =
    "query MyOrders { activeCustomer { orders(options: { sort: { createdAt: DESC }, take: 50 }) {
  items { code orderPlacedAt totalQuantity total totalWithTax active state } } } }";

pub const REGISTER: &str = "mutation Register($input: RegisterCustomerInput!) {
  registerCustomerAccount(input: $input) { __typename ... on ErrorResult { errorCode message } } }";

pub const LOGIN: &str = "mutation Login($email: String!, $password: String!) {
  login(username: $email, password: $password, rememberMe: true) { __typename ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }";

pub const LOGOUT: &str = "mutation Logout { logout { success } }";

pub const ADDRESSES: &str = "query Addresses { activeCustomer { addresses {
  id fullName streetLine1 streetLine2 postalCode city country { code } defaultShippingAddress } } }";

pub const CREATE_ADDRESS: &str =
    "mutation CreateAddress($input: CreateAddressInput!) { createCustomerAddress(input: $input) { id } }";

pub const UPDATE_ADDRESS: &str =
    "mutation UpdateAddress($input: UpdateAddressInput!) { updateCustomerAddress(input: $input) { id } }";

pub const DELETE_ADDRESS: &str = "mutation DeleteAddress($id: ID!) { deleteCustomerAddress(id: $id) { success } }";

#[cfg(test)]
mod tests {
    use apollo_compiler::{ExecutableDocument, Schema};

    #[test]
    fn every_query_is_valid_against_the_shop_api_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../backends/vendure/shop-api.graphql");
        let sdl = std::fs::read_to_string(path).expect("the committed schema");
        let schema = Schema::parse_and_validate(sdl, path).expect("a valid schema");
        let documents = [
            super::FACETS.to_string(),
            super::OPTION_GROUPS.into(),
            super::COLLECTIONS.into(),
            super::search(),
            super::variants_by_term(),
            super::PRODUCT.into(),
            super::active_order(),
            super::add_item(),
            super::adjust_line(),
            super::remove_line(),
            super::apply_coupon(),
            super::REMOVE_COUPON.into(),
            super::SHIPPING_METHODS.into(),
            super::SET_SHIPPING.into(),
            super::SET_CUSTOMER.into(),
            super::SET_ADDRESS.into(),
            super::TO_PAYMENT.into(),
            super::TO_ADDING_ITEMS.into(),
            super::PAY.into(),
            super::order_by_code(),
            super::ME.into(),
            super::MY_ORDERS.into(),
            super::REGISTER.into(),
            super::LOGIN.into(),
            super::LOGOUT.into(),
            super::ADDRESSES.into(),
            super::CREATE_ADDRESS.into(),
            super::UPDATE_ADDRESS.into(),
            super::DELETE_ADDRESS.into(),
        ];
        for (i, doc) in documents.iter().enumerate() {
            if let Err(e) = ExecutableDocument::parse_and_validate(&schema, doc, format!("query-{i}.graphql")) {
                panic!("query {i} does not fit the schema:\n{}\n{doc}", e.errors);
            }
        }
    }
}
