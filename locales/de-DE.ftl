# German texts. Checked against en-US.ftl at build time: same messages, same variables.

## Layout
skip-to-content = Zum Inhalt springen
nav-categories = Kategorien
nav-cart = Warenkorb
nav-wishlist = Merkzettel
nav-quick-order = Schnellbestellung
search-label = Produkte suchen
search-button = Suchen
suggest-label = Vorschläge
suggest-products = Produkte
suggest-categories = Kategorien
suggest-brands = Marken
suggest-count = { $count ->
    [0] Keine Vorschläge
    [one] 1 Vorschlag, mit den Pfeiltasten auswählen
   *[other] { $count } Vorschläge, mit den Pfeiltasten auswählen
}
breadcrumb-label = Brotkrumen
breadcrumb-home = Start
footer-service = Service
footer-returns = Kostenlose Rücksendung innerhalb von 30 Tagen
footer-delivery = Lieferung in 2–4 Werktagen
footer-prices = Preise in { $currency }
store-switcher-label = Sprache
loading = Wird geladen …

## Home
home-cta = Zu den Favoriten
home-categories = Nach Kategorie einkaufen
home-featured = Empfehlungen

## Listings
filters-label = Filter
sort-label = Sortieren nach
sort-relevance = Relevanz
sort-price-asc = Preis: aufsteigend
sort-price-desc = Preis: absteigend
sort-newest = Neueste
facet-brand = Marke
facet-color = Farbe
facet-size = Größe
facet-capacity = Speicher
facet-price = Preis
price-range = { $min } – { $max }
price-from = ab { $min }
filters-apply = Anwenden
filters-clear = Alle entfernen
subcategories = Unterkategorien
products-label = Produkte
result-count = { $count ->
    [one] { $count } Produkt
   *[other] { $count } Produkte
}
past-end = Auf Seite { $page } gibt es nichts.
back-to-last-page = Zur letzten Seite
no-matches = Keine Produkte passen zu diesen Filtern.
clear-all-filters = Alle Filter entfernen
pagination-label = Seitennavigation
pagination-previous = Zurück
pagination-next = Weiter
category-description = { $name } entdecken: nach Marke, Farbe, Größe und Preis filtern.

## Search
search-title = Suche
search-hint = Geben Sie oben ins Suchfeld ein, wonach Sie suchen.
searching = Suche läuft …
search-results-title = Suche: { $query }
search-results = Ergebnisse für „{ $query }“

## Products
card-colours = { $count } Farben
out-of-stock = Ausverkauft
only-left = Nur noch { $count } verfügbar
in-stock = Auf Lager
low-stock = Nur noch wenige verfügbar
warranty-months = { $months } Monate Garantie
sku = Art.-Nr.
sold-out = (ausverkauft)
gallery-label = Produktbilder
gallery-show = Bild { $number } zeigen
related = Das könnte Ihnen auch gefallen

## Wishlist
wishlist-title = Merkzettel
wishlist-save = Auf den Merkzettel
wishlist-saved = Gemerkt ✓ (entfernen)
wishlist-empty = Noch nichts gemerkt. Nutzen Sie „Auf den Merkzettel“ bei einem Produkt.

## Quick order
quick-order-title = Schnellbestellung
quick-order-hint = Eine Artikelnummer pro Zeile, gefolgt von der Menge:
quick-order-lines = Artikelnummern und Mengen
quick-order-check = Zeilen prüfen
quick-order-checking = Wird geprüft …
quick-order-line = Zeile
quick-order-product = Produkt
quick-order-qty = Menge
quick-order-total = Summe

## Prices
price-gate = Anmelden für Nettopreise

## Cart
cart-title = Warenkorb
cart-empty = Ihr Warenkorb ist leer
continue-shopping = Weiter einkaufen

## Errors
error-title = Etwas ist schiefgelaufen
bad-request-title = Diese Anfrage konnten wir nicht lesen
go-home = Zur Startseite
error-internal = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.
error-cross-site = Dieses Formular wurde von einer anderen Website gesendet, daher wurde nichts geändert. Bitte gehen Sie zurück und versuchen Sie es erneut.
error-too-large = Diese Anfrage ist zu groß.
error-unsupported-type = Diese Art von Anfrage wird hier nicht angenommen.
error-too-many = Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.
error-busy = Wir konnten nicht rechtzeitig antworten. Bitte versuchen Sie es gleich noch einmal.
not-found-title = Seite nicht gefunden
not-found-heading = Diese Seite gibt es nicht
not-found-text = Vielleicht wurde sie verschoben, oder der Link ist falsch geschrieben.

## Accounts
price-excl-vat = zzgl. MwSt.
account-title = Ihr Konto
account-signed-in-as = Angemeldet als { $name } ({ $email })
nav-sign-in = Anmelden
nav-account = Konto
sign-in-title = Anmelden
sign-in-button = Anmelden
sign-out-button = Abmelden
register-title = Konto erstellen
register-button = Konto erstellen
register-prompt = Neu hier?
sign-in-prompt = Sie haben schon ein Konto?
field-name = Name
field-email = E-Mail
field-password = Passwort
password-hint = Mindestens 8 Zeichen.
account-invalid-email = Bitte geben Sie eine gültige E-Mail-Adresse ein.
account-password-short = Das Passwort braucht mindestens 8 Zeichen.
account-password-long = Das Passwort darf höchstens 128 Zeichen haben.
account-invalid-name = Bitte geben Sie Ihren Namen ein (bis zu 100 Zeichen).
account-email-taken = Zu dieser E-Mail gibt es schon ein Konto. Bitte melden Sie sich an.
account-wrong-credentials = E-Mail oder Passwort sind falsch.
account-throttled = Zu viele Fehlversuche. Bitte warten Sie eine Minute.

## Cart
cart-items = { $count ->
    [one] { $count } Artikel im Warenkorb
   *[other] { $count } Artikel im Warenkorb
}
quantity = Menge
add-to-cart = In den Warenkorb
added-to-cart = Zum Warenkorb hinzugefügt.
view-cart = Zum Warenkorb
update = Aktualisieren
remove = Entfernen
coupon-label = Gutscheincode
coupon-applied = Gutschein { $code } eingelöst
apply = Einlösen
order-summary = Bestellübersicht
subtotal = Zwischensumme
discount = Rabatt
shipping = Versand
shipping-estimate = Versand (ab)
tax-added = zzgl. MwSt. ({ $percent } %)
tax-included = inkl. MwSt. ({ $percent } %)
total = Gesamt
checkout-button = Zur Kasse
cart-invalid-quantity = Bitte wählen Sie eine Menge von 1 bis { $max }.
cart-over-stock = { $sku }: nur noch { $available } auf Lager.
cart-unknown-sku = Dieses Produkt gibt es in diesem Shop nicht.
cart-too-many-lines = Ein Warenkorb fasst höchstens { $max } verschiedene Produkte. Entfernen Sie eines, um ein anderes hinzuzufügen.
coupon-unknown = Dieser Gutscheincode gilt in diesem Shop nicht.
coupon-expired = Dieser Gutschein ist abgelaufen.

## Checkout
checkout-title = Kasse
checkout-step-email = E-Mail
checkout-step-address = Lieferadresse
checkout-step-shipping = Versandart
checkout-step-payment = Zahlung
field-street = Straße und Hausnummer
field-street2 = Adresszusatz (optional)
field-postcode = Postleitzahl
field-city = Ort
field-country = Land
field-card = Kartennummer
payment-invoice = Rechnung (zahlbar in 14 Tagen)
payment-card = Karte
payment-card-hint = Testkarte: jede gültige Nummer; 4000 0000 0000 0002 wird abgelehnt.
checkout-continue = Weiter zur Übersicht
checkout-edit = Angaben ändern
checkout-choose-shipping = Bitte wählen Sie eine Versandart.
checkout-choose-payment = Bitte wählen Sie eine Zahlungsart.
checkout-incomplete = Bitte vervollständigen Sie zuerst Ihre Angaben.
checkout-total-changed = Ihr Warenkorb hat sich seit der Zahlungsangabe geändert. Bitte bestätigen Sie die Angaben erneut.
checkout-sign-in = Bitte melden Sie sich an, um zu bestellen.
payment-invalid-card = Bitte geben Sie eine gültige Kartennummer ein.
payment-declined = Die Zahlung wurde abgelehnt. Bitte nutzen Sie eine andere Karte oder zahlen Sie per Rechnung.
address-invalid-name = Bitte geben Sie den Namen des Empfängers ein.
address-invalid-street = Bitte geben Sie Straße und Hausnummer ein (bis zu 200 Zeichen).
address-invalid-postcode = Bitte geben Sie eine zum Land passende Postleitzahl ein.
address-invalid-city = Bitte geben Sie den Ort ein.
address-invalid-country = In dieses Land liefern wir nicht.
review-title = Bestellung prüfen
place-order = Zahlungspflichtig bestellen

## Orders
order-title = Bestellung { $number }
order-thanks = Vielen Dank! Eine Bestätigung geht an { $email }.
order-again = Diese Bestellung wurde bereits aufgegeben; hier ist sie.
orders-title = Ihre Bestellungen
orders-none = Noch keine Bestellungen.
order-number = Bestellung
order-date = Datum
order-status = Status
order-history = Verlauf
order-status-placed = Aufgegeben
order-status-paid = Bezahlt
order-status-shipped = Versandt
order-status-delivered = Zugestellt
order-status-cancelled = Storniert
lookup-title = Bestellung finden
lookup-intro = Geben Sie die Bestellnummer, die E-Mail-Adresse der Bestellung und die Postleitzahl der Lieferadresse ein.
lookup-number = Bestellnummer
lookup-button = Bestellung finden
lookup-not-found = Wir haben keine Bestellung mit diesen Angaben gefunden. Bestellungen mit Kundenkonto finden Sie im Konto.
lookup-prompt = Ohne Konto bestellt?

## Address book
addresses-title = Adressbuch
address-add = Adresse hinzufügen
address-edit = Adresse bearbeiten
address-save = Adresse speichern
address-default = Standardadresse
address-make-default = Als Standard festlegen
address-not-found = Diese Adresse gibt es in Ihrem Adressbuch nicht.
forgot-link = Passwort vergessen?
forgot-title = Passwort zurücksetzen
forgot-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.
forgot-button = Link senden
forgot-sent = Wenn es ein Konto mit dieser E-Mail-Adresse gibt, ist ein Link zum Zurücksetzen unterwegs. Er gilt einmal und eine Stunde lang.
reset-title = Neues Passwort wählen
reset-new-password = Neues Passwort
reset-button = Neues Passwort speichern
reset-link-invalid = Dieser Link ist abgelaufen oder wurde schon benutzt. Fordern Sie einen neuen an.
reset-done = Ihr Passwort wurde geändert, und alle anderen Sitzungen Ihres Kontos wurden abgemeldet.

## Email
email-footer = { $store } · { $url }
email-greeting = Hallo { $name },
email-welcome-subject = Willkommen bei { $store }
email-welcome-intro = Ihr Konto ist bereit. Melden Sie sich jederzeit an, um Ihre Bestellungen zu sehen und Ihre Adressen zu verwalten.
email-welcome-shop = Jetzt einkaufen
email-reset-subject = Passwort zurücksetzen bei { $store }
email-reset-intro = Jemand hat angefordert, das Passwort Ihres Kontos zurückzusetzen. Wenn Sie das waren, wählen Sie mit diesem Link ein neues. Er gilt einmal und eine Stunde lang.
email-reset-ignore = Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.
email-reset-action = Neues Passwort wählen
email-order-subject = Ihre Bestellung { $number } bei { $store }
email-order-intro = Vielen Dank für Ihre Bestellung. Wir haben sie erhalten und melden uns, sobald sie versandt wird.
email-order-number = Bestellnummer: { $number }
email-order-total = Summe: { $total }
email-order-address = Lieferung an
email-order-view = Bestellung ansehen
email-status-subject = Ihre Bestellung { $number } bei { $store }: { $status }
email-status-intro = Ihre Bestellung { $number } ist jetzt: { $status }.
email-status-cancelled = Ihre Bestellung { $number } wurde storniert. Bereits Bezahltes wird erstattet.
