# The storefront's texts. This file is the reference: every message the app uses is
# defined here, and every other locale file (and every store's override) is checked
# against it at build time. A store overrides single messages in
# stores/<id>/locales/<locale>.ftl and inherits the rest.

## Layout
skip-to-content = Skip to content
nav-categories = Categories
nav-cart = Cart
nav-wishlist = Wishlist
nav-quick-order = Quick order
search-label = Search products
search-button = Search
suggest-label = Suggestions
suggest-products = Products
suggest-categories = Categories
suggest-brands = Brands
suggest-count = { $count ->
    [0] No suggestions
    [one] 1 suggestion, use the arrow keys to choose it
   *[other] { $count } suggestions, use the arrow keys to choose one
}
breadcrumb-label = Breadcrumb
breadcrumb-home = Home
footer-service = Service
footer-returns = Free returns within 30 days
footer-delivery = Delivery in 2–4 working days
footer-prices = Prices in { $currency }
store-switcher-label = Language
loading = Loading…

## Home
home-cta = Shop the picks
home-categories = Shop by category
home-featured = Featured

## Listings
filters-label = Filters
sort-label = Sort by
sort-relevance = Relevance
sort-price-asc = Price: low to high
sort-price-desc = Price: high to low
sort-newest = Newest
facet-brand = Brand
facet-color = Colour
facet-size = Size
facet-capacity = Capacity
facet-price = Price
price-range = { $min } – { $max }
price-from = { $min } and up
filters-apply = Apply
filters-clear = Clear all
subcategories = Subcategories
products-label = Products
result-count = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
past-end = There is nothing on page { $page }.
back-to-last-page = Back to the last page
no-matches = No products match these filters.
clear-all-filters = Clear all filters
pagination-label = Pagination
pagination-previous = Previous
pagination-next = Next
category-description = Shop { $name }: filter by brand, colour, size and price.

## Search
search-title = Search
search-hint = Type what you are looking for in the search box above.
searching = Searching…
search-results-title = Search: { $query }
search-results = Results for “{ $query }”

## Products
card-colours = { $count } colours
out-of-stock = Out of stock
only-left = Only { $count } left
in-stock = In stock
low-stock = Only a few left
warranty-months = { $months }-month warranty
sku = SKU
sold-out = (sold out)
gallery-label = Product images
gallery-show = Show image { $number }
related = You may also like

## Wishlist
wishlist-title = Wishlist
wishlist-save = Save to wishlist
wishlist-saved = Saved ✓ (remove)
wishlist-empty = Nothing saved yet. Use “Save to wishlist” on a product.

## Quick order
quick-order-title = Quick order
quick-order-hint = One SKU per line, followed by the quantity:
quick-order-lines = SKUs and quantities
quick-order-check = Check lines
quick-order-checking = Checking…
quick-order-line = Line
quick-order-product = Product
quick-order-qty = Qty
quick-order-total = Total

## Prices
price-gate = Sign in for net prices

## Cart
cart-title = Cart
cart-empty = Your cart is empty
continue-shopping = Continue shopping

## Errors
error-title = Something went wrong
bad-request-title = We couldn't read that request
go-home = Go to the home page
error-internal = Something went wrong on our side. Please try again.
error-cross-site = This form was sent from another site, so nothing was changed. Please go back and try again.
error-too-large = That request is too large to be accepted.
error-unsupported-type = That kind of request is not accepted here.
error-too-many = Too many attempts. Please wait a moment and try again.
error-busy = We could not answer in time. Please try again in a moment.
not-found-title = Page not found
not-found-heading = We couldn't find that page
not-found-text = It may have moved, or the link may be mistyped.

## Accounts
price-excl-vat = excl. VAT
account-title = Your account
account-signed-in-as = Signed in as { $name } ({ $email })
nav-sign-in = Sign in
nav-account = Account
sign-in-title = Sign in
sign-in-button = Sign in
sign-out-button = Sign out
register-title = Create an account
register-button = Create account
register-prompt = New here?
sign-in-prompt = Already have an account?
field-name = Name
field-email = Email
field-password = Password
password-hint = At least 8 characters.
account-invalid-email = Please enter a valid email address.
account-password-short = The password needs at least 8 characters.
account-password-long = The password may have at most 128 characters.
account-invalid-name = Please enter your name (up to 100 characters).
account-email-taken = An account with this email exists already. Sign in instead.
account-wrong-credentials = The email or password is wrong.
account-throttled = Too many failed attempts. Please wait a minute and try again.

## Cart
cart-items = { $count ->
    [one] { $count } item in the cart
   *[other] { $count } items in the cart
}
quantity = Quantity
add-to-cart = Add to cart
added-to-cart = Added to your cart.
view-cart = View cart
update = Update
remove = Remove
coupon-label = Coupon code
coupon-applied = Coupon { $code } applied
apply = Apply
order-summary = Order summary
subtotal = Subtotal
discount = Discount
shipping = Shipping
shipping-estimate = Shipping (from)
tax-added = Tax ({ $percent } %)
tax-included = Incl. VAT ({ $percent } %)
total = Total
checkout-button = Checkout
cart-invalid-quantity = Please choose a quantity from 1 to { $max }.
cart-over-stock = { $sku }: only { $available } in stock.
cart-unknown-sku = There is no such product in this store.
cart-too-many-lines = A cart holds at most { $max } different products. Remove one to add another.
coupon-unknown = This coupon code is not valid in this store.
coupon-expired = This coupon has expired.

## Checkout
checkout-title = Checkout
checkout-step-email = Email
checkout-step-address = Shipping address
checkout-step-shipping = Shipping method
checkout-step-payment = Payment
field-street = Street and number
field-street2 = Address line 2 (optional)
field-postcode = Postcode
field-city = City
field-country = Country
field-card = Card number
payment-invoice = Invoice (pay within 14 days)
payment-card = Card
payment-card-hint = Test card: any valid number; 4000 0000 0000 0002 is declined.
checkout-continue = Continue to review
checkout-edit = Change details
checkout-choose-shipping = Please choose a shipping method.
checkout-choose-payment = Please choose a payment method.
checkout-incomplete = Please complete the checkout details first.
checkout-total-changed = Your cart changed since you entered your payment. Please confirm the details again.
checkout-sign-in = Please sign in to check out.
payment-invalid-card = Please enter a valid card number.
payment-declined = The payment was declined. Please use another card or pay by invoice.
address-invalid-name = Please enter the recipient's name.
address-invalid-street = Please enter the street and number (up to 200 characters).
address-invalid-postcode = Please enter a postcode that fits the country.
address-invalid-city = Please enter the city.
address-invalid-country = We do not ship to that country.
review-title = Review your order
place-order = Place order

## Orders
order-title = Order { $number }
order-thanks = Thank you! A confirmation goes to { $email }.
order-again = This order was placed already; here it is.
orders-title = Your orders
orders-none = No orders yet.
order-number = Order
order-date = Date
order-status = Status
order-history = History
order-status-placed = Placed
order-status-paid = Paid
order-status-shipped = Shipped
order-status-delivered = Delivered
order-status-cancelled = Cancelled
lookup-title = Find your order
lookup-intro = Enter the order number, the email you ordered with and the postcode it was sent to.
lookup-number = Order number
lookup-button = Find the order
lookup-not-found = We found no order with those details. Orders placed with an account are in the account.
lookup-prompt = Ordered without an account?

## Address book
addresses-title = Address book
address-add = Add an address
address-edit = Edit address
address-save = Save address
address-default = Default address
address-make-default = Make default
address-not-found = There is no such address in your address book.
forgot-link = Forgot your password?
forgot-title = Reset your password
forgot-intro = Enter the email of your account. We will send you a link to choose a new password.
forgot-button = Send the link
forgot-sent = If an account exists for that email, a link to reset its password is on its way. It works once, within an hour.
reset-title = Choose a new password
reset-new-password = New password
reset-button = Save the new password
reset-link-invalid = This link has expired or was already used. Ask for a new one.
reset-done = Your password has been changed, and every other session of your account has been signed out.

## Email
email-footer = { $store } · { $url }
email-greeting = Hello { $name },
email-welcome-subject = Welcome to { $store }
email-welcome-intro = Your account is ready. Sign in any time to see your orders and keep your addresses.
email-welcome-shop = Start shopping
email-reset-subject = Reset your password at { $store }
email-reset-intro = Someone asked to reset the password of your account. If it was you, choose a new one with this link. It works once, within an hour.
email-reset-ignore = If it was not you, ignore this email: your password stays as it is.
email-reset-action = Choose a new password
email-order-subject = Your order { $number } at { $store }
email-order-intro = Thank you for your order. We have received it and will write again when it ships.
email-order-number = Order number: { $number }
email-order-total = Total: { $total }
email-order-address = Shipping to
email-order-view = See your order
email-status-subject = Your order { $number } at { $store }: { $status }
email-status-intro = Your order { $number } is now: { $status }.
email-status-cancelled = Your order { $number } has been cancelled. Anything you paid will be refunded.
