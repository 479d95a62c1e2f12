"""Message codes of SMS sending: why a message failed, waits again or expired, and the runs' summaries.

`MESSAGES` are the texts the project writes itself (shown in the reader's language);
`DEFAULTS` seed the knowledge base after `migrate` and never overwrite a text a shop
admin has edited in the panel. `for_gateway_error` maps SMSAPI.pl's numbered errors
(its "error" field, https://www.smsapi.pl/docs) to the code that explains them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from eventlog.messages import Message

# Why a message failed (the code of its "failed" entry and of the queue row).
GATEWAY_REJECTED = "SMS_GATEWAY_REJECTED"
INVALID_NUMBER = "SMS_INVALID_NUMBER"
NO_CREDIT = "SMS_NO_CREDIT"
AUTH_FAILED = "SMS_AUTH_FAILED"
SENDER_INVALID = "SMS_SENDER_INVALID"
GATEWAY_UNAVAILABLE = "SMS_GATEWAY_UNAVAILABLE"
EXPIRED = "SMS_EXPIRED"
# The gateway did not answer: the message waits for the next run (a warning).
GATEWAY_RETRY = "SMS_GATEWAY_RETRY"
# Why the gateway did not answer: the `reason` of GATEWAY_RETRY / GATEWAY_UNAVAILABLE.
REASON_TIMEOUT = "SMS_REASON_TIMEOUT"
REASON_HTTP = "SMS_REASON_HTTP"
REASON_CONNECTION = "SMS_REASON_CONNECTION"
REASON_TEMPORARY = "SMS_REASON_TEMPORARY"
REASON_BAD_ANSWER = "SMS_REASON_BAD_ANSWER"
# Runs.
RUN_SUMMARY = "SMS_RUN_SUMMARY"
RUN_GATEWAY_DOWN = "SMS_RUN_GATEWAY_DOWN"
RUN_NOT_CONFIGURED = "SMS_RUN_NOT_CONFIGURED"
EXPIRY_SUMMARY = "SMS_EXPIRY_SUMMARY"

MESSAGES = {
    GATEWAY_REJECTED: _("The gateway refused the message (SMSAPI error %(code)s: %(error)s)."),
    INVALID_NUMBER: _("The gateway found no valid recipient (SMSAPI error %(code)s: %(error)s)."),
    NO_CREDIT: _("Not enough credit on the SMS account (SMSAPI error %(code)s: %(error)s)."),
    AUTH_FAILED: _("The gateway refused the authorisation; check SMSAPI_TOKEN (SMSAPI error %(code)s: %(error)s)."),
    SENDER_INVALID: _("The sender name is not approved (SMSAPI error %(code)s: %(error)s)."),
    GATEWAY_UNAVAILABLE: _("The gateway did not answer: %(reason)s. Tried %(attempts)s times; the message failed."),
    EXPIRED: _("Not sent within 24 hours: the message expired."),
    GATEWAY_RETRY: _(
        "The gateway did not answer: %(reason)s. Attempt %(attempt)s of %(attempts)s; the message is tried again "
        "on the next run."
    ),
    REASON_TIMEOUT: _("no answer within %(seconds)s s"),
    REASON_HTTP: _("HTTP status %(status)s"),
    REASON_CONNECTION: _("cannot connect to %(url)s"),
    REASON_TEMPORARY: _("SMSAPI error %(code)s: %(error)s"),
    REASON_BAD_ANSWER: _("an answer that is not SMSAPI's JSON"),
    RUN_SUMMARY: _("Sent: %(sent)s, failed: %(failed)s, still waiting: %(waiting)s."),
    RUN_GATEWAY_DOWN: _(
        "The gateway did not answer (%(reason)s): sending stopped after %(sent)s sent and %(failed)s failed; "
        "%(waiting)s messages wait for the next run."
    ),
    RUN_NOT_CONFIGURED: _(
        "SMSAPI_TOKEN is not set, so no message was sent; %(waiting)s messages wait. Set SMSAPI_TOKEN "
        "(see .env.example) and restart the worker."
    ),
    EXPIRY_SUMMARY: _("Messages waiting over 24 hours expired: %(count)s."),
}

#: SMSAPI errors that say the gateway is busy or broken right now: tried again, like a timeout.
TEMPORARY_ERRORS = frozenset({8, 201, 202, 203, 999})
#: "Not unique idx": a message with this idx was accepted before (sent with check_idx=1).
DUPLICATE_IDX = 53

_GATEWAY_ERRORS = {
    13: INVALID_NUMBER,  # no valid recipient (invalid or blacklisted number)
    101: AUTH_FAILED,  # invalid authorisation info (token)
    102: AUTH_FAILED,  # invalid username or password
    103: NO_CREDIT,  # not enough points on the account
    105: AUTH_FAILED,  # the account's IP filter refuses this server
    14: SENDER_INVALID,  # wrong sender name
}


def for_gateway_error(code: int | None) -> str:
    """The explanation code of a refusal with SMSAPI error `code` (GATEWAY_REJECTED for the rest)."""
    return _GATEWAY_ERRORS.get(code, GATEWAY_REJECTED) if code is not None else GATEWAY_REJECTED


def message(message_code: str, /, **params: Any) -> Message:
    """A message of SMS sending: written with its code and parameters, shown in the reader's language."""
    return Message(message_code, params)


DEFAULTS = [
    {
        "code": GATEWAY_REJECTED,
        "title_en": "The SMS gateway rejected the message",
        "title_pl": "Bramka SMS odrzuciła wiadomość",
        "meaning_en": (
            "The SMS provider refused to send the text message. Common reasons: a wrong or non-mobile phone "
            "number, a number the provider has blocked, an unregistered sender name, no credit left on the "
            "SMS account, or text the provider does not allow (e.g. a link it considers unsafe)."
        ),
        "meaning_pl": (
            "Dostawca SMS odmówił wysłania wiadomości. Częste przyczyny: błędny numer albo numer stacjonarny, "
            "numer zablokowany u dostawcy, niezarejestrowana nazwa nadawcy, brak środków na koncie SMS albo "
            "treść, której dostawca nie dopuszcza (np. link uznany za niebezpieczny)."
        ),
        "fix_en": (
            "1. Check the number in this entry: a Polish mobile number has 9 digits after +48.\n"
            "2. If many messages fail at once, log in to the SMS provider's panel and check the account "
            "balance and the sender name's approval.\n"
            "3. If one text keeps failing, shorten it or remove links and special characters.\n"
            "4. Correct the number in the customer's account or order and send the message again."
        ),
        "fix_pl": (
            "1. Sprawdź numer w tym wpisie: polski numer komórkowy ma 9 cyfr po +48.\n"
            "2. Jeśli wiele wiadomości nie przechodzi naraz, zaloguj się do panelu dostawcy SMS i sprawdź "
            "stan konta oraz zatwierdzenie nazwy nadawcy.\n"
            "3. Jeśli nie przechodzi jedna treść, skróć ją albo usuń linki i znaki specjalne.\n"
            "4. Popraw numer na koncie klienta lub w zamówieniu i wyślij wiadomość ponownie."
        ),
    },
    {
        "code": INVALID_NUMBER,
        "title_en": "The SMS gateway found no valid recipient",
        "title_pl": "Bramka SMS nie znalazła poprawnego odbiorcy",
        "meaning_en": (
            "SMSAPI answered with error 13: the number is not a valid mobile number for it, or it is on the "
            "account's blacklist. The message was not sent and no points were charged."
        ),
        "meaning_pl": (
            "SMSAPI odpowiedziało błędem 13: numer nie jest dla niego poprawnym numerem komórkowym albo jest na "
            "czarnej liście konta. Wiadomość nie została wysłana i nie pobrano punktów."
        ),
        "fix_en": (
            "1. Check the number in this entry with the customer (a Polish mobile number has 9 digits after +48).\n"
            "2. In the SMSAPI panel, check that the number is not on the blacklist (Contacts → Blacklist).\n"
            "3. Correct the number in the customer's account or order, then add the message again in the SMS queue."
        ),
        "fix_pl": (
            "1. Sprawdź numer z tego wpisu u klienta (polski numer komórkowy ma 9 cyfr po +48).\n"
            "2. W panelu SMSAPI sprawdź, czy numer nie jest na czarnej liście (Kontakty → Czarna lista).\n"
            "3. Popraw numer na koncie klienta lub w zamówieniu i dodaj wiadomość ponownie w Kolejce SMS."
        ),
    },
    {
        "code": NO_CREDIT,
        "title_en": "No credit left on the SMS account",
        "title_pl": "Brak środków na koncie SMS",
        "meaning_en": (
            "SMSAPI answered with error 103: the account has not enough points to send this message. Every "
            "message sent while the balance stays empty fails the same way."
        ),
        "meaning_pl": (
            "SMSAPI odpowiedziało błędem 103: na koncie brakuje punktów na wysłanie tej wiadomości. Każda "
            "wiadomość wysłana, zanim konto zostanie doładowane, skończy się tak samo."
        ),
        "fix_en": (
            "1. Log in to the SMSAPI panel and top up the account (or raise its limit for a sub-account).\n"
            "2. Consider turning on low-balance alerts there.\n"
            "3. In the SMS queue, filter by status Failed and retry the messages that failed."
        ),
        "fix_pl": (
            "1. Zaloguj się do panelu SMSAPI i doładuj konto (albo zwiększ limit subkonta).\n"
            "2. Warto tam włączyć powiadomienia o niskim stanie konta.\n"
            "3. W Kolejce SMS wybierz status Niepowodzenie i ponów wiadomości, które nie przeszły."
        ),
    },
    {
        "code": AUTH_FAILED,
        "title_en": "The SMS gateway refused the authorisation",
        "title_pl": "Bramka SMS odrzuciła autoryzację",
        "meaning_en": (
            "SMSAPI answered with error 101, 102 or 105: the token in SMSAPI_TOKEN is wrong, revoked or lacks "
            "the SMS permission, or the account's IP filter does not allow this server."
        ),
        "meaning_pl": (
            "SMSAPI odpowiedziało błędem 101, 102 lub 105: token w SMSAPI_TOKEN jest błędny, unieważniony albo "
            "nie ma uprawnienia do SMS, albo filtr adresów IP konta nie dopuszcza tego serwera."
        ),
        "fix_en": (
            "1. In the SMSAPI panel (API tokens), create a token with the SMS permission.\n"
            "2. Set it as SMSAPI_TOKEN and restart the worker.\n"
            "3. If the account filters IP addresses, add the server's address.\n"
            "4. Retry the failed messages in the SMS queue."
        ),
        "fix_pl": (
            "1. W panelu SMSAPI (Tokeny API) utwórz token z uprawnieniem do SMS.\n"
            "2. Ustaw go jako SMSAPI_TOKEN i uruchom ponownie workera.\n"
            "3. Jeśli konto filtruje adresy IP, dodaj adres serwera.\n"
            "4. Ponów nieudane wiadomości w Kolejce SMS."
        ),
    },
    {
        "code": SENDER_INVALID,
        "title_en": "The SMS sender name is not approved",
        "title_pl": "Nazwa nadawcy SMS nie jest zatwierdzona",
        "meaning_en": (
            "SMSAPI answered with error 14: the sender name in SMSAPI_SENDER is not registered and approved on "
            "the account."
        ),
        "meaning_pl": (
            "SMSAPI odpowiedziało błędem 14: nazwa nadawcy z SMSAPI_SENDER nie jest zarejestrowana i "
            "zatwierdzona na koncie."
        ),
        "fix_en": (
            "1. In the SMSAPI panel (Sender names), check the name's status; approval can take a working day.\n"
            "2. Until then leave SMSAPI_SENDER empty (the account's default name is used).\n"
            "3. Retry the failed messages in the SMS queue."
        ),
        "fix_pl": (
            "1. W panelu SMSAPI (Pola nadawcy) sprawdź status nazwy; zatwierdzenie może potrwać dzień roboczy.\n"
            "2. Do tego czasu zostaw SMSAPI_SENDER puste (użyta zostanie domyślna nazwa konta).\n"
            "3. Ponów nieudane wiadomości w Kolejce SMS."
        ),
    },
    {
        "code": GATEWAY_RETRY,
        "title_en": "The SMS gateway did not answer; the message waits",
        "title_pl": "Bramka SMS nie odpowiedziała; wiadomość czeka",
        "meaning_en": (
            "Sending stopped because SMSAPI did not answer in time (SMSAPI_TIMEOUT_SECONDS), answered with a "
            "server error (5xx) or a temporary error, or could not be reached. The message was not sent; the "
            "next run (within a minute) tries it again, up to SMSAPI_MAX_ATTEMPTS times."
        ),
        "meaning_pl": (
            "Wysyłanie zatrzymało się, bo SMSAPI nie odpowiedziało na czas (SMSAPI_TIMEOUT_SECONDS), odpowiedziało "
            "błędem serwera (5xx) lub błędem chwilowym albo było nieosiągalne. Wiadomość nie została wysłana; "
            "następne uruchomienie (w ciągu minuty) spróbuje ponownie, najwyżej SMSAPI_MAX_ATTEMPTS razy."
        ),
        "fix_en": (
            "Usually nothing: it passes by itself. If it repeats, check status.smsapi.pl and the server's "
            "connection to api.smsapi.pl (firewall, DNS)."
        ),
        "fix_pl": (
            "Zwykle nic: mija samo. Jeśli się powtarza, sprawdź status.smsapi.pl i połączenie serwera z "
            "api.smsapi.pl (zapora, DNS)."
        ),
    },
    {
        "code": GATEWAY_UNAVAILABLE,
        "title_en": "The SMS gateway did not answer, every attempt",
        "title_pl": "Bramka SMS nie odpowiedziała przy żadnej próbie",
        "meaning_en": (
            "SMSAPI did not answer (a timeout, a server error or no connection) at each of the message's "
            "SMSAPI_MAX_ATTEMPTS attempts, so it is no longer tried. The message may not have been sent."
        ),
        "meaning_pl": (
            "SMSAPI nie odpowiedziało (przekroczony czas, błąd serwera albo brak połączenia) przy żadnej z "
            "SMSAPI_MAX_ATTEMPTS prób, więc wiadomość nie jest już ponawiana. Mogła nie zostać wysłana."
        ),
        "fix_en": (
            "1. Check status.smsapi.pl and the server's connection to the gateway (SMSAPI_URL).\n"
            "2. Once it answers, retry the message in the SMS queue; the gateway refuses a copy of a message it "
            "already took, so a retry never sends it twice."
        ),
        "fix_pl": (
            "1. Sprawdź status.smsapi.pl i połączenie serwera z bramką (SMSAPI_URL).\n"
            "2. Gdy bramka odpowiada, ponów wiadomość w Kolejce SMS; bramka odrzuca kopię wiadomości, którą "
            "już przyjęła, więc ponowienie nigdy nie wyśle jej dwa razy."
        ),
    },
    {
        "code": EXPIRED,
        "title_en": "The SMS expired before it was sent",
        "title_pl": "SMS wygasł przed wysłaniem",
        "meaning_en": (
            "The message waited in the queue for over 24 hours (the gateway was down, SMSAPI_TOKEN was not set, "
            "or the worker was stopped), so it is no longer sent: a shipping or pickup text that late would "
            "mislead the customer."
        ),
        "meaning_pl": (
            "Wiadomość czekała w kolejce ponad 24 godziny (bramka nie działała, nie ustawiono SMSAPI_TOKEN albo "
            "worker był zatrzymany), więc nie jest już wysyłana: tak spóźniona informacja o wysyłce czy odbiorze "
            "wprowadziłaby klienta w błąd."
        ),
        "fix_en": (
            "1. Check that the Celery worker and beat run and that SMSAPI_TOKEN is set.\n"
            "2. If the text still matters, add it again in the SMS queue."
        ),
        "fix_pl": (
            "1. Sprawdź, czy działają worker i beat Celery oraz czy ustawiono SMSAPI_TOKEN.\n"
            "2. Jeśli treść jest wciąż aktualna, dodaj ją ponownie w Kolejce SMS."
        ),
    },
]
