# The brand's wording: only what differs from the base; everything else is inherited.
nav-cart = Bag
nav-wishlist = Saved
cart-title = Bag
cart-empty = Your bag is empty
wishlist-title = Saved pieces
wishlist-save = Save this piece
wishlist-saved = Saved ✓ (remove)
wishlist-empty = Nothing saved yet. Use “Save this piece” on a product.
home-featured = The edit
out-of-stock = Sold out
