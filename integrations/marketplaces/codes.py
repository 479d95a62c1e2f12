"""Message codes of the marketplace connectors (Allegro, eBay, Ceneo, Amazon, TikTok Shop).

Default texts of the knowledge base; `explanations` seeds them after `migrate`
and never overwrites a text a shop admin has edited in the panel.
"""

DEFAULTS = [
    {
        "code": "OFFER_ENDED_PRICE",
        "title_en": "Price not changed: the offer has ended",
        "title_pl": "Nie zmieniono ceny: oferta jest zakończona",
        "meaning_en": (
            "The shop tried to send a new price to a marketplace offer that is no longer active "
            "(ended by its end date, sold out, or closed by hand in the marketplace). "
            "A marketplace does not accept price changes on an ended offer, so the old price stays there "
            "and the product is not on sale in that offer."
        ),
        "meaning_pl": (
            "Sklep próbował wysłać nową cenę do oferty w serwisie, która nie jest już aktywna "
            "(zakończyła się w terminie, wyczerpał się towar albo ktoś zamknął ją ręcznie w serwisie). "
            "Serwis nie przyjmuje zmian ceny w zakończonej ofercie, więc zostaje w niej stara cena, "
            "a produkt nie jest w tej ofercie sprzedawany."
        ),
        "fix_en": (
            "1. Open the offer in the marketplace by the offer number from this entry and check why it ended.\n"
            "2. If the product should still be sold, renew (re-list) the offer, or list it again from the shop.\n"
            "3. If the offer ended for good, unlink it from the product in the shop, so that price changes "
            "stop going to it.\n"
            "4. After renewing, change the price once more or wait for the next price synchronisation."
        ),
        "fix_pl": (
            "1. Otwórz ofertę w serwisie po numerze oferty z tego wpisu i sprawdź, dlaczego się zakończyła.\n"
            "2. Jeśli produkt ma być dalej sprzedawany, wznów ofertę albo wystaw ją ponownie ze sklepu.\n"
            "3. Jeśli oferta zakończyła się na dobre, odłącz ją od produktu w sklepie, żeby zmiany cen "
            "przestały do niej trafiać.\n"
            "4. Po wznowieniu zmień cenę jeszcze raz albo poczekaj na najbliższą synchronizację cen."
        ),
    },
    {
        "code": "OFFER_NO_STOCK",
        "title_en": "No stock for the offer",
        "title_pl": "Brak towaru dla oferty",
        "meaning_en": (
            "The shop's stock of the product linked to this offer is zero, so the offer cannot be listed "
            "or kept active. Buyers cannot buy it, and the marketplace may end the offer by itself."
        ),
        "meaning_pl": (
            "Stan magazynowy produktu powiązanego z tą ofertą wynosi w sklepie zero, więc oferty nie da się "
            "wystawić ani utrzymać jako aktywnej. Kupujący nie mogą jej kupić, a serwis może sam ją zakończyć."
        ),
        "fix_en": (
            "1. Check the product's stock in the shop and in the ERP: is the product really sold out?\n"
            "2. If goods have arrived, update the stock (or run the ERP sync) and list the offer again.\n"
            "3. If the product will not come back, end the offer and unlink it from the product.\n"
            "4. If the stock is right in the ERP but zero in the shop, look for errors in the ERP sync tab."
        ),
        "fix_pl": (
            "1. Sprawdź stan produktu w sklepie i w ERP: czy towaru rzeczywiście brakuje?\n"
            "2. Jeśli towar dotarł, zaktualizuj stan (albo uruchom synchronizację z ERP) i wystaw ofertę ponownie.\n"
            "3. Jeśli produkt nie wróci do sprzedaży, zakończ ofertę i odłącz ją od produktu.\n"
            "4. Jeśli w ERP stan jest poprawny, a w sklepie zero, poszukaj błędów w zakładce synchronizacji ERP."
        ),
    },
    {
        "code": "API_RATE_LIMIT",
        "title_en": "The marketplace limited the number of requests (429)",
        "title_pl": "Serwis ograniczył liczbę zapytań (429)",
        "meaning_en": (
            "The marketplace's API answered “429 Too Many Requests”: the shop sent more requests in a short "
            "time than the marketplace allows for one account. The request was not carried out. "
            "Usually it happens during large operations (bulk price or stock changes, listing many offers) "
            "and passes by itself after a few minutes."
        ),
        "meaning_pl": (
            "API serwisu odpowiedziało „429 Too Many Requests”: sklep wysłał w krótkim czasie więcej zapytań, "
            "niż serwis pozwala na jedno konto. Żądanie nie zostało wykonane. Zwykle dzieje się tak przy dużych "
            "operacjach (masowa zmiana cen lub stanów, wystawianie wielu ofert) i mija samo po kilku minutach."
        ),
        "fix_en": (
            "1. Wait a few minutes: automatic synchronisations try again in their next run.\n"
            "2. If you started a bulk operation by hand, split it into smaller parts or run it outside "
            "peak hours.\n"
            "3. Check that no other program (another integration, an external tool) uses the same "
            "marketplace account at the same time.\n"
            "4. If the error repeats for hours, contact support with the account login and the times of "
            "these entries."
        ),
        "fix_pl": (
            "1. Odczekaj kilka minut: automatyczne synchronizacje ponowią próbę przy następnym uruchomieniu.\n"
            "2. Jeśli operację masową uruchomiono ręcznie, podziel ją na mniejsze części albo uruchom poza "
            "godzinami szczytu.\n"
            "3. Sprawdź, czy inny program (druga integracja, zewnętrzne narzędzie) nie korzysta w tym samym czasie "
            "z tego samego konta w serwisie.\n"
            "4. Jeśli błąd powtarza się godzinami, skontaktuj się z pomocą techniczną, podając login konta "
            "i godziny tych wpisów."
        ),
    },
    {
        "code": "STOCK_MISMATCH",
        "title_en": "Stock in the marketplace differs from the shop",
        "title_pl": "Stan w serwisie różni się od stanu w sklepie",
        "meaning_en": (
            "A stock check found a different quantity in the marketplace offer than in the shop "
            "(the entry shows both numbers). Buyers may buy goods you no longer have, or not see goods "
            "you do have. It often follows an order placed while a synchronisation was running, or a change "
            "made by hand in the marketplace."
        ),
        "meaning_pl": (
            "Sprawdzenie stanu wykazało w ofercie w serwisie inną liczbę sztuk niż w sklepie (wpis podaje obie "
            "liczby). Kupujący mogą kupić towar, którego już nie ma, albo nie zobaczyć towaru, który jest. "
            "Często wynika to z zamówienia złożonego w trakcie synchronizacji albo z ręcznej zmiany w serwisie."
        ),
        "fix_en": (
            "1. Decide which number is right: the shop's stock (fed by the ERP) is normally the source of truth.\n"
            "2. Run the stock synchronisation for this account, or save the product in the shop to send "
            "its stock again.\n"
            "3. Do not change stock by hand in the marketplace: the next synchronisation overwrites it.\n"
            "4. If the mismatch comes back for the same offer, check that the offer is linked to the right "
            "product (and variant)."
        ),
        "fix_pl": (
            "1. Ustal, która liczba jest prawdziwa: źródłem prawdy jest zwykle stan w sklepie (zasilany z ERP).\n"
            "2. Uruchom synchronizację stanów dla tego konta albo zapisz produkt w sklepie, żeby ponownie wysłać "
            "jego stan.\n"
            "3. Nie zmieniaj stanów ręcznie w serwisie: następna synchronizacja je nadpisze.\n"
            "4. Jeśli rozbieżność wraca dla tej samej oferty, sprawdź, czy oferta jest powiązana z właściwym "
            "produktem (i wariantem)."
        ),
    },
    {
        "code": "TRACKING_MISSING",
        "title_en": "Order without a tracking number after 48 hours",
        "title_pl": "Zamówienie bez numeru przesyłki po 48 godzinach",
        "meaning_en": (
            "A marketplace order has had no shipment tracking number for 48 hours. The buyer cannot follow "
            "the parcel, and marketplaces count late or missing tracking against the seller's rating "
            "(e.g. Allegro's sales quality)."
        ),
        "meaning_pl": (
            "Zamówienie z serwisu od 48 godzin nie ma numeru przesyłki. Kupujący nie może śledzić paczki, "
            "a serwisy liczą brak lub spóźniony numer na niekorzyść sprzedającego (np. jakość sprzedaży "
            "na Allegro)."
        ),
        "fix_en": (
            "1. Check in the shop whether the order has been shipped.\n"
            "2. If it has, add the tracking number to the order in the shop: it is sent to the marketplace "
            "automatically.\n"
            "3. If the number is in the shop but not in the marketplace, check the carrier: the marketplace "
            "accepts only numbers of carriers it knows.\n"
            "4. If the order has not been shipped yet, ship it or tell the buyer about the delay."
        ),
        "fix_pl": (
            "1. Sprawdź w sklepie, czy zamówienie zostało wysłane.\n"
            "2. Jeśli tak, dodaj numer przesyłki do zamówienia w sklepie: zostanie automatycznie przekazany "
            "do serwisu.\n"
            "3. Jeśli numer jest w sklepie, a nie ma go w serwisie, sprawdź przewoźnika: serwis przyjmuje "
            "tylko numery przewoźników, których zna.\n"
            "4. Jeśli zamówienie nie zostało jeszcze wysłane, wyślij je albo poinformuj kupującego o opóźnieniu."
        ),
    },
    {
        "code": "LISTING_MISSING_BRAND",
        "title_en": "Listing rejected: the required “brand” parameter is missing",
        "title_pl": "Odrzucono wystawienie: brak wymaganego parametru „marka”",
        "meaning_en": (
            "The marketplace requires a brand (manufacturer) for products in this category, and the product "
            "has none in the shop. The product was not listed; it will not be until the parameter is filled in."
        ),
        "meaning_pl": (
            "Serwis wymaga w tej kategorii podania marki (producenta), a produkt nie ma jej w sklepie. "
            "Produkt nie został wystawiony i nie będzie, dopóki parametr nie zostanie uzupełniony."
        ),
        "fix_en": (
            "1. Open the product (its id is in this entry) in the shop and fill in its manufacturer / brand.\n"
            "2. If the product has a brand in the shop, check the parameter mapping for this marketplace: "
            "the shop's manufacturer must be mapped to the marketplace's “brand”.\n"
            "3. For unbranded goods use the value the marketplace allows for them (e.g. “no brand”).\n"
            "4. List the product again, or wait for the next synchronisation."
        ),
        "fix_pl": (
            "1. Otwórz produkt (jego id jest w tym wpisie) w sklepie i uzupełnij producenta / markę.\n"
            "2. Jeśli produkt ma markę w sklepie, sprawdź mapowanie parametrów dla tego serwisu: producent "
            "ze sklepu musi być zmapowany na „markę” w serwisie.\n"
            "3. Dla towarów bez marki użyj wartości, którą serwis dla nich dopuszcza (np. „bez marki”).\n"
            "4. Wystaw produkt ponownie albo poczekaj na następną synchronizację."
        ),
    },
    {
        "code": "PRICE_MISMATCH",
        "title_en": "Price in the marketplace differs from the shop",
        "title_pl": "Cena w serwisie różni się od ceny w sklepie",
        "meaning_en": (
            "The price of the product in the marketplace is not the price the shop would send. "
            "Either someone changed it in the marketplace by hand, or a price update from the shop did not "
            "reach the marketplace. Buyers see a price you did not intend."
        ),
        "meaning_pl": (
            "Cena produktu w serwisie nie jest ceną, którą wysłałby sklep. Ktoś zmienił ją ręcznie w serwisie "
            "albo aktualizacja ceny ze sklepu do serwisu nie dotarła. Kupujący widzą inną cenę, niż zamierzasz."
        ),
        "fix_en": (
            "1. Check the product's price in the shop, including the price rule (markup) set for this "
            "marketplace.\n"
            "2. Save the product or run the price synchronisation to send the price again.\n"
            "3. If the price was changed by hand in the marketplace (initiator: external change), decide "
            "whether to keep it; if so, change it in the shop too, otherwise the next sync overwrites it.\n"
            "4. If the update keeps failing, look for errors about this product in the same tab."
        ),
        "fix_pl": (
            "1. Sprawdź cenę produktu w sklepie, łącznie z regułą cenową (narzutem) ustawioną dla tego serwisu.\n"
            "2. Zapisz produkt albo uruchom synchronizację cen, żeby ponownie wysłać cenę.\n"
            "3. Jeśli cenę zmieniono ręcznie w serwisie (inicjator: zmiana zewnętrzna), zdecyduj, czy ją "
            "zostawić; jeśli tak, zmień ją też w sklepie, bo inaczej następna synchronizacja ją nadpisze.\n"
            "4. Jeśli aktualizacja wciąż się nie udaje, poszukaj błędów dotyczących tego produktu w tej samej "
            "zakładce."
        ),
    },
]
