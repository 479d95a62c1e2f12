"""Message codes of SMS sending.

Default texts of the knowledge base; `explanations` seeds them after `migrate`
and never overwrites a text a shop admin has edited in the panel.
"""

DEFAULTS = [
    {
        "code": "SMS_GATEWAY_REJECTED",
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
]
