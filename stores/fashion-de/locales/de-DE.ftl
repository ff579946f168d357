# The brand's German wording over the base German texts.
home-featured = Die Auswahl
wishlist-save = Dieses Stück merken
wishlist-empty = Noch nichts gemerkt. Nutzen Sie „Dieses Stück merken“ bei einem Produkt.
