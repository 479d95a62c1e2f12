"""Message codes of the Allegro connector: each Allegro event as the Offers tab says it, the faults, the runs.

`MESSAGES` are the texts the project writes itself (shown in the reader's language);
`DEFAULTS` seed the knowledge base after `migrate` (both languages) and never overwrite a
text a shop admin has edited in the panel.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from eventlog.messages import Message

# Offer events (GET /sale/offer-events), one code per Allegro type.
OFFER_ACTIVATED = "ALLEGRO_OFFER_ACTIVATED"
OFFER_CHANGED = "ALLEGRO_OFFER_CHANGED"
OFFER_ENDED = "ALLEGRO_OFFER_ENDED"
OFFER_ARCHIVED = "ALLEGRO_OFFER_ARCHIVED"
OFFER_PRICE_CHANGED = "ALLEGRO_OFFER_PRICE_CHANGED"
OFFER_STOCK_CHANGED = "ALLEGRO_OFFER_STOCK_CHANGED"
OFFER_VISIBILITY_CHANGED = "ALLEGRO_OFFER_VISIBILITY_CHANGED"
OFFER_TRANSLATION_UPDATED = "ALLEGRO_OFFER_TRANSLATION_UPDATED"
OFFER_DELIVERY_COUNTRIES_BLOCKED = "ALLEGRO_OFFER_DELIVERY_COUNTRIES_BLOCKED"
# Our own read of an offer (GET /sale/offers), after a gap in the offer feed.
OFFER_FETCHED = "ALLEGRO_OFFER_FETCHED"
# Order events (GET /order/events).
ORDER_BOUGHT = "ALLEGRO_ORDER_BOUGHT"
ORDER_FILLED_IN = "ALLEGRO_ORDER_FILLED_IN"
ORDER_READY = "ALLEGRO_ORDER_READY_FOR_PROCESSING"
ORDER_BUYER_CANCELLED = "ALLEGRO_ORDER_BUYER_CANCELLED"
ORDER_AUTO_CANCELLED = "ALLEGRO_ORDER_AUTO_CANCELLED"
ORDER_FULFILLMENT = "ALLEGRO_ORDER_FULFILLMENT_CHANGED"
ORDER_FULFILLMENT_TO = "ALLEGRO_ORDER_FULFILLMENT_CHANGED_TO"
ORDER_BUYER_MODIFIED = "ALLEGRO_ORDER_BUYER_MODIFIED"
# Faults (warnings and errors with an explanation).
UNAUTHORIZED = "ALLEGRO_UNAUTHORIZED"
RATE_LIMITED = "ALLEGRO_RATE_LIMITED"
UNAVAILABLE = "ALLEGRO_UNAVAILABLE"
REFUSED = "ALLEGRO_REFUSED"
FEED_GAP = "ALLEGRO_FEED_GAP"
ORDER_FEED_GAP = "ALLEGRO_ORDER_FEED_GAP"
TOKEN_REFUSED = "ALLEGRO_TOKEN_REFUSED"
NOT_CONFIGURED = "ALLEGRO_NOT_CONFIGURED"
# "Account deactivated" (event type account_deactivated): by a shop admin, or its token stopped working.
DEACTIVATED_BY_USER = "ALLEGRO_ACCOUNT_DEACTIVATED_BY_USER"
DEACTIVATED_TOKEN = "ALLEGRO_ACCOUNT_DEACTIVATED_TOKEN"
DEACTIVATED_DEMO = "ALLEGRO_ACCOUNT_DEACTIVATED_DEMO"
# Why Allegro did not answer: the `reason` of UNAVAILABLE.
REASON_TIMEOUT = "ALLEGRO_REASON_TIMEOUT"
REASON_CONNECTION = "ALLEGRO_REASON_CONNECTION"
REASON_HTTP = "ALLEGRO_REASON_HTTP"
REASON_BAD_ANSWER = "ALLEGRO_REASON_BAD_ANSWER"
# Runs.
POLL_SUMMARY = "ALLEGRO_POLL_SUMMARY"
POLL_RATE_LIMITED = "ALLEGRO_POLL_RATE_LIMITED"
POLL_STOPPED = "ALLEGRO_POLL_STOPPED"
POLL_INACTIVE = "ALLEGRO_POLL_INACTIVE"

# The feeds by name: the `feed` of FEED_GAP.
FEED_OFFER = "ALLEGRO_FEED_OFFER"
FEED_ORDER = "ALLEGRO_FEED_ORDER"
FEED_NAMES = {"offer": FEED_OFFER, "order": FEED_ORDER}

MESSAGES = {
    OFFER_ACTIVATED: _("Offer %(offer)s is active on Allegro."),
    OFFER_CHANGED: _("Offer %(offer)s was changed on Allegro."),
    OFFER_ENDED: _("Offer %(offer)s ended on Allegro."),
    OFFER_ARCHIVED: _("Offer %(offer)s was archived on Allegro."),
    OFFER_PRICE_CHANGED: _("The price of offer %(offer)s changed on Allegro."),
    OFFER_STOCK_CHANGED: _("The stock of offer %(offer)s changed on Allegro."),
    OFFER_VISIBILITY_CHANGED: _("The visibility of offer %(offer)s changed on Allegro."),
    OFFER_TRANSLATION_UPDATED: _("A translation of offer %(offer)s was updated on Allegro."),
    OFFER_DELIVERY_COUNTRIES_BLOCKED: _("Allegro blocked delivery countries of offer %(offer)s."),
    OFFER_FETCHED: _(
        "Offer %(offer)s read from Allegro: %(name)s — status %(status)s, price %(price)s, stock %(stock)s."
    ),
    ORDER_BOUGHT: _("Order %(order)s was placed on Allegro: %(items)s."),
    ORDER_FILLED_IN: _("The buyer filled in the checkout form of order %(order)s."),
    ORDER_READY: _("Order %(order)s is paid and ready for processing."),
    ORDER_BUYER_CANCELLED: _("The buyer cancelled order %(order)s."),
    ORDER_AUTO_CANCELLED: _("Allegro cancelled order %(order)s automatically."),
    ORDER_FULFILLMENT: _("The fulfillment status of order %(order)s changed."),
    ORDER_FULFILLMENT_TO: _("The fulfillment status of order %(order)s changed to %(status)s."),
    ORDER_BUYER_MODIFIED: _("The buyer changed order %(order)s."),
    UNAUTHORIZED: _(
        "Allegro refused the access token of account %(login)s (HTTP 401: %(error)s); its events were not read."
    ),
    RATE_LIMITED: _(
        "Allegro limited the requests of account %(login)s (HTTP 429); reading goes on after %(seconds)s s."
    ),
    UNAVAILABLE: _("Allegro did not answer (%(reason)s); account %(login)s is read again on the next run."),
    REFUSED: _("Allegro refused a request of account %(login)s (HTTP %(status)s: %(error)s)."),
    FEED_GAP: _(
        "Gap in the %(feed)s of account %(login)s: events may be missing (last read %(since)s, Allegro keeps "
        "them %(hours)s hours). The offers were read again."
    ),
    ORDER_FEED_GAP: _(
        "Gap in the %(feed)s of account %(login)s: events may be missing (last read %(since)s, Allegro keeps "
        "them %(hours)s hours)."
    ),
    TOKEN_REFUSED: _("Allegro refused to refresh the token of account %(login)s (%(error)s)."),
    NOT_CONFIGURED: _("ALLEGRO_CLIENT_ID is not set: Dziennik cannot authorise at Allegro."),
    DEACTIVATED_BY_USER: _("Allegro account %(login)s was deactivated by %(user)s; its events are no longer read."),
    DEACTIVATED_TOKEN: _(
        "Allegro account %(login)s was deactivated: Allegro no longer accepts its refresh token (%(error)s). "
        "Add the account again to authorise it."
    ),
    FEED_OFFER: _("offer events"),
    FEED_ORDER: _("order events"),
    DEACTIVATED_DEMO: _(
        "Allegro account %(login)s was deactivated: it was authorised at the demo's stand-in Allegro, which has "
        "stopped."
    ),
    REASON_TIMEOUT: _("no answer within %(seconds)s s"),
    REASON_CONNECTION: _("cannot connect to %(url)s"),
    REASON_HTTP: _("HTTP status %(status)s"),
    REASON_BAD_ANSWER: _("an answer that is not Allegro's JSON"),
    POLL_SUMMARY: _(
        "Account %(login)s: %(offer_events)s offer events and %(order_events)s order events read, "
        "%(written)s entries written, %(skipped)s events skipped."
    ),
    POLL_RATE_LIMITED: _(
        "Account %(login)s: Allegro limited the requests (HTTP 429) after %(written)s entries; reading goes on "
        "after %(seconds)s s."
    ),
    POLL_STOPPED: _("Account %(login)s: reading stopped after %(written)s entries: %(reason)s"),
    POLL_INACTIVE: _("Account %(login)s is deactivated: nothing was read."),
}


def message(message_code: str, /, **params: Any) -> Message:
    """A message of the Allegro connector: written with its code and parameters, shown in the reader's language."""
    return Message(message_code, params)


DEFAULTS = [
    {
        "code": UNAUTHORIZED,
        "title_en": "Allegro refused the access token (401)",
        "title_pl": "Allegro odrzuciło token dostępu (401)",
        "meaning_en": (
            "Allegro answered “401 Unauthorized” to a request of this account, even after Dziennik refreshed the "
            "token. The seller may have revoked Dziennik's access in Allegro, or the application's client id was "
            "changed. Until it is fixed, no offer or order events of this account reach the journal."
        ),
        "meaning_pl": (
            "Allegro odpowiedziało „401 Unauthorized” na zapytanie tego konta, także po odświeżeniu tokenu. "
            "Sprzedawca mógł odebrać Dziennikowi dostęp w Allegro albo zmieniono identyfikator aplikacji "
            "(client id). Dopóki się tego nie naprawi, zdarzenia ofert i zamówień tego konta nie trafiają do dziennika."
        ),
        "fix_en": (
            "1. In Integrations → Allegro, check that the account is active.\n"
            "2. Check that ALLEGRO_CLIENT_ID and ALLEGRO_CLIENT_SECRET are the application's current ones.\n"
            "3. Add the account again (device flow) and let the seller allow the access at allegro.pl.\n"
            "4. Events are kept by Allegro for 24 hours (offers) and 60 days (orders): authorise within a day to "
            "miss no offer event."
        ),
        "fix_pl": (
            "1. W Integracje → Allegro sprawdź, czy konto jest aktywne.\n"
            "2. Sprawdź, czy ALLEGRO_CLIENT_ID i ALLEGRO_CLIENT_SECRET są aktualnymi danymi aplikacji.\n"
            "3. Dodaj konto ponownie (autoryzacja kodem) i poproś sprzedawcę o zezwolenie na dostęp w allegro.pl.\n"
            "4. Allegro przechowuje zdarzenia ofert 24 godziny, a zamówień 60 dni: autoryzuj w ciągu doby, żeby "
            "nie stracić zdarzeń ofert."
        ),
    },
    {
        "code": RATE_LIMITED,
        "title_en": "Allegro limited the number of requests (429)",
        "title_pl": "Allegro ograniczyło liczbę zapytań (429)",
        "meaning_en": (
            "Allegro answered “429 Too Many Requests” and said how long to wait (Retry-After). Dziennik stopped "
            "reading this account and reads on after that time, from where it stopped: no event is lost. "
            "The limit is shared by every program that uses the same Allegro application."
        ),
        "meaning_pl": (
            "Allegro odpowiedziało „429 Too Many Requests” i podało, jak długo czekać (Retry-After). Dziennik "
            "przerwał odczyt tego konta i wznowi go po tym czasie od miejsca, w którym skończył: żadne zdarzenie "
            "nie przepada. Limit jest wspólny dla wszystkich programów używających tej samej aplikacji Allegro."
        ),
        "fix_en": (
            "1. Usually nothing: the next run reads on.\n"
            "2. If it repeats for hours, check whether another program uses the same Allegro application or account.\n"
            "3. Bulk operations on offers in other tools at the same time raise the number of requests."
        ),
        "fix_pl": (
            "1. Zwykle nic: następne uruchomienie czyta dalej.\n"
            "2. Jeśli powtarza się godzinami, sprawdź, czy inny program nie używa tej samej aplikacji lub konta "
            "Allegro.\n"
            "3. Masowe operacje na ofertach w innych narzędziach w tym samym czasie zwiększają liczbę zapytań."
        ),
    },
    {
        "code": UNAVAILABLE,
        "title_en": "Allegro did not answer",
        "title_pl": "Allegro nie odpowiedziało",
        "meaning_en": (
            "Allegro's API did not answer in time, could not be reached, or answered with a server error (5xx) "
            "even after a few tries. Nothing was lost: the events are read on the next run, from the same place."
        ),
        "meaning_pl": (
            "API Allegro nie odpowiedziało na czas, było nieosiągalne albo odpowiedziało błędem serwera (5xx) "
            "mimo kilku prób. Nic nie przepadło: zdarzenia zostaną odczytane przy następnym uruchomieniu, od tego "
            "samego miejsca."
        ),
        "fix_en": (
            "1. Wait: a short outage passes by itself.\n"
            "2. If it lasts, check https://status.allegro.pl and this server's connection to api.allegro.pl.\n"
            "3. If it lasts over 24 hours, offer events may be lost: the journal then says there is a gap."
        ),
        "fix_pl": (
            "1. Poczekaj: krótka awaria mija sama.\n"
            "2. Jeśli trwa, sprawdź https://status.allegro.pl i połączenie tego serwera z api.allegro.pl.\n"
            "3. Jeśli trwa ponad 24 godziny, zdarzenia ofert mogą przepaść: dziennik powie wtedy o luce."
        ),
    },
    {
        "code": REFUSED,
        "title_en": "Allegro refused a request",
        "title_pl": "Allegro odrzuciło zapytanie",
        "meaning_en": (
            "Allegro answered a request with an error of the 4xx kind other than 401 and 429, quoted in the entry. "
            "The events of the account were not read on this run."
        ),
        "meaning_pl": (
            "Allegro odpowiedziało na zapytanie błędem z grupy 4xx innym niż 401 i 429, przytoczonym we wpisie. "
            "Zdarzenia konta nie zostały odczytane w tym uruchomieniu."
        ),
        "fix_en": "1. Read Allegro's error in the entry.\n2. If it repeats, report it with the entry's data.",
        "fix_pl": "1. Przeczytaj błąd Allegro we wpisie.\n2. Jeśli się powtarza, zgłoś go z danymi wpisu.",
    },
    {
        "code": FEED_GAP,
        "title_en": "Gap in an Allegro event feed: events may be missing",
        "title_pl": "Luka w zdarzeniach Allegro: mogło zabraknąć zdarzeń",
        "meaning_en": (
            "Allegro keeps offer events for 24 hours and order events for 60 days. This feed was last read longer "
            "ago than that (Dziennik was stopped, the account paused or unauthorised), so events from that time "
            "may be missing from the journal. For offers Dziennik read the offers again (“offer fetched” entries "
            "show their state now)."
        ),
        "meaning_pl": (
            "Allegro przechowuje zdarzenia ofert 24 godziny, a zamówień 60 dni. Ten strumień był ostatnio czytany "
            "dawniej (Dziennik był zatrzymany, konto wstrzymane lub bez autoryzacji), więc w dzienniku może brakować "
            "zdarzeń z tego czasu. Dla ofert Dziennik odczytał oferty ponownie (wpisy „pobrano ofertę” pokazują ich "
            "obecny stan)."
        ),
        "fix_en": (
            "1. Compare the offers' current state (the “offer fetched” entries) with the shop.\n"
            "2. For orders, check the orders of that time in Allegro's Sales Manager.\n"
            "3. Keep the worker and beat running so that the feeds are read every minute."
        ),
        "fix_pl": (
            "1. Porównaj obecny stan ofert (wpisy „pobrano ofertę”) ze sklepem.\n"
            "2. Zamówienia z tego czasu sprawdź w Sales Managerze Allegro.\n"
            "3. Utrzymuj działające procesy worker i beat, żeby strumienie były czytane co minutę."
        ),
    },
    {
        "code": ORDER_FEED_GAP,
        "title_en": "Gap in Allegro's order events: events may be missing",
        "title_pl": "Luka w zdarzeniach zamówień Allegro: mogło zabraknąć zdarzeń",
        "meaning_en": (
            "Allegro keeps order events for 60 days, and this account's order events were last read longer ago "
            "than that, so orders placed or changed in that time may be missing from the journal."
        ),
        "meaning_pl": (
            "Allegro przechowuje zdarzenia zamówień 60 dni, a zdarzenia zamówień tego konta były ostatnio czytane "
            "dawniej, więc w dzienniku może brakować zamówień złożonych lub zmienionych w tym czasie."
        ),
        "fix_en": "1. Check the orders of that time in Allegro's Sales Manager.\n2. Keep the worker and beat running.",
        "fix_pl": (
            "1. Sprawdź zamówienia z tego czasu w Sales Managerze Allegro.\n2. Utrzymuj działające procesy worker "
            "i beat."
        ),
    },
    {
        "code": DEACTIVATED_TOKEN,
        "title_en": "Allegro account deactivated: the refresh token stopped working",
        "title_pl": "Konto Allegro dezaktywowane: token odświeżania przestał działać",
        "meaning_en": (
            "Allegro refused to refresh the account's token (invalid_grant): the seller revoked the access, the "
            "token was unused for too long, or the account was blocked at Allegro. Dziennik deactivated the account "
            "and no longer reads its events. This entry is kept for good and leaves the list after 30 days."
        ),
        "meaning_pl": (
            "Allegro odmówiło odświeżenia tokenu konta (invalid_grant): sprzedawca odebrał dostęp, token długo "
            "nie był używany albo konto zostało zablokowane w Allegro. Dziennik dezaktywował konto i nie czyta już "
            "jego zdarzeń. Ten wpis jest przechowywany na zawsze i znika z listy po 30 dniach."
        ),
        "fix_en": (
            "1. Check the account's state at allegro.pl.\n"
            "2. In Integrations → Allegro, add the account again and let the seller allow the access."
        ),
        "fix_pl": (
            "1. Sprawdź stan konta w allegro.pl.\n"
            "2. W Integracje → Allegro dodaj konto ponownie i poproś sprzedawcę o zezwolenie na dostęp."
        ),
    },
    {
        "code": TOKEN_REFUSED,
        "title_en": "Allegro refused to refresh the token",
        "title_pl": "Allegro odmówiło odświeżenia tokenu",
        "meaning_en": (
            "Refreshing the account's access token failed for a reason other than a refresh token that stopped "
            "working (e.g. a wrong client secret). The account stays active; the next run tries again."
        ),
        "meaning_pl": (
            "Odświeżenie tokenu dostępu konta nie powiodło się z innego powodu niż nieważny token odświeżania "
            "(np. błędny client secret). Konto pozostaje aktywne; następne uruchomienie spróbuje ponownie."
        ),
        "fix_en": "1. Check ALLEGRO_CLIENT_ID and ALLEGRO_CLIENT_SECRET.\n2. If it repeats, add the account again.",
        "fix_pl": "1. Sprawdź ALLEGRO_CLIENT_ID i ALLEGRO_CLIENT_SECRET.\n2. Jeśli się powtarza, dodaj konto ponownie.",
    },
]
