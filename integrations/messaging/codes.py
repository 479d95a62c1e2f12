"""Message codes of e-mail and bulk mailing.

Default texts of the knowledge base; `explanations` seeds them after `migrate`
and never overwrites a text a shop admin has edited in the panel. `MESSAGES`
are the texts the e-mail backend and the mailing job write themselves (see
eventlog/messages.py); an SMTP server's own reply is kept as it was written, with
the code its reply maps to (`delivery.classify`).
"""

from django.utils.translation import gettext_lazy as _

NO_MAILBOX = "SMTP_NO_MAILBOX"
MAILBOX_FULL = "SMTP_MAILBOX_FULL"
UNAVAILABLE = "SMTP_UNAVAILABLE"
REJECTED = "SMTP_REJECTED"
INVALID = "EMAIL_INVALID"
UNSUBSCRIBED = "MAILING_UNSUBSCRIBED"
MAILING_QUEUED = "MAILING_QUEUED"
MAILING_SENT = "MAILING_SENT"
MAILING_STOPPED = "MAILING_STOPPED"
MAILING_SERVER_DOWN = "MAILING_SERVER_DOWN"
MAILING_FAILED = "MAILING_FAILED"
RESENT = "EMAIL_RESENT"

MESSAGES = {
    INVALID: _("The address “%(address)s” is not a valid e-mail address; the message was not sent to it."),
    UNAVAILABLE: _("The mail server could not be reached or stopped answering (%(error)s); the message was not sent."),
    MAILING_QUEUED: _("Mailing “%(name)s” added to sending: %(added)s recipients, %(remaining)s remaining to send."),
    MAILING_SENT: _("Mailing “%(name)s” sent: %(sent)s of %(added)s delivered, %(failed)s failed."),
    MAILING_STOPPED: _(
        "Mailing “%(name)s” stopped by %(user)s: %(sent)s sent, %(failed)s failed, "
        "%(remaining)s still waiting to be sent."
    ),
    MAILING_SERVER_DOWN: _(
        "Mailing “%(name)s” stopped: the mail server could not be reached (%(error)s). "
        "%(remaining)s recipients are still waiting to be sent."
    ),
    MAILING_FAILED: _(
        "Mailing “%(name)s” stopped by an error (%(error)s). %(remaining)s recipients are still waiting to be sent."
    ),
    RESENT: _("Sent again by %(user)s to %(recipient)s (failed entry #%(entry)s)."),
}

DEFAULTS = [
    {
        "code": "SMTP_NO_MAILBOX",
        "title_en": "The recipient's mailbox does not exist (550 5.1.1)",
        "title_pl": "Skrzynka odbiorcy nie istnieje (550 5.1.1)",
        "meaning_en": (
            "The recipient's mail server answered that there is no such mailbox. This is a permanent error "
            "(a “hard bounce”): the message will never be delivered to this address. Usually the customer made "
            "a typo in the address, or the mailbox was closed."
        ),
        "meaning_pl": (
            "Serwer poczty odbiorcy odpowiedział, że taka skrzynka nie istnieje. To błąd trwały (tzw. „twarde "
            "odbicie”): wiadomość nigdy nie dotrze na ten adres. Najczęściej klient pomylił się przy wpisywaniu "
            "adresu albo skrzynka została zamknięta."
        ),
        "fix_en": (
            "1. Look at the address in this entry for an obvious typo (e.g. “gmial.com”, “wp.p”).\n"
            "2. If it is an order e-mail, reach the customer another way (phone from the order) and ask for "
            "the right address; correct it in the customer's account.\n"
            "3. Do not send to this address again: repeated sending to non-existent mailboxes hurts the shop's "
            "sender reputation.\n"
            "4. When dealt with, delete the entry in the E-mail tab."
        ),
        "fix_pl": (
            "1. Sprawdź, czy adres w tym wpisie nie ma oczywistej literówki (np. „gmial.com”, „wp.p”).\n"
            "2. Jeśli to wiadomość do zamówienia, skontaktuj się z klientem inaczej (telefon z zamówienia) "
            "i poproś o poprawny adres; popraw go na koncie klienta.\n"
            "3. Nie wysyłaj ponownie na ten adres: powtarzane wysyłki do nieistniejących skrzynek psują "
            "reputację sklepu jako nadawcy.\n"
            "4. Po załatwieniu sprawy usuń wpis w zakładce E-mail."
        ),
    },
    {
        "code": "SMTP_MAILBOX_FULL",
        "title_en": "The recipient's mailbox is full (452 4.2.2)",
        "title_pl": "Skrzynka odbiorcy jest pełna (452 4.2.2)",
        "meaning_en": (
            "The recipient's mailbox has no free space. This is a temporary error: the message may be "
            "delivered once the customer frees space, but the customer has not received it yet."
        ),
        "meaning_pl": (
            "W skrzynce odbiorcy zabrakło miejsca. To błąd przejściowy: wiadomość może dotrzeć, gdy klient "
            "zwolni miejsce, ale na razie jej nie otrzymał."
        ),
        "fix_en": (
            "1. If the message matters (order confirmation, invoice, password reset), send it again later.\n"
            "2. If the error repeats for days, contact the customer another way (phone, SMS) about the order.\n"
            "3. Nothing needs changing in the shop's settings."
        ),
        "fix_pl": (
            "1. Jeśli wiadomość jest ważna (potwierdzenie zamówienia, faktura, reset hasła), wyślij ją "
            "ponownie później.\n"
            "2. Jeśli błąd powtarza się przez kilka dni, skontaktuj się z klientem w sprawie zamówienia "
            "inaczej (telefon, SMS).\n"
            "3. W ustawieniach sklepu nie trzeba niczego zmieniać."
        ),
    },
    {
        "code": "SMTP_UNAVAILABLE",
        "title_en": "Mail server temporarily unavailable (421)",
        "title_pl": "Serwer pocztowy chwilowo niedostępny (421)",
        "meaning_en": (
            "A mail server (the recipient's, or the shop's own outgoing server) refused the connection for "
            "now: it is overloaded, under maintenance, or limits how much the shop sends. The message was not "
            "sent. If many e-mails fail with this code at the same time, the problem is probably on the shop's "
            "side."
        ),
        "meaning_pl": (
            "Serwer pocztowy (odbiorcy albo własny serwer wysyłkowy sklepu) chwilowo odmówił połączenia: jest "
            "przeciążony, trwa przerwa techniczna albo ogranicza ilość poczty od sklepu. Wiadomość nie została "
            "wysłana. Jeśli wiele wiadomości kończy się tym kodem w tym samym czasie, problem leży "
            "prawdopodobnie po stronie sklepu."
        ),
        "fix_en": (
            "1. Check whether the errors concern one recipient domain or all of them (filter this tab by date).\n"
            "2. One domain: wait; the recipient's server usually comes back within an hour.\n"
            "3. All domains: check the shop's SMTP settings and the mail provider's status page and sending "
            "limits.\n"
            "4. Send the important messages again once sending works."
        ),
        "fix_pl": (
            "1. Sprawdź, czy błędy dotyczą jednej domeny odbiorców, czy wszystkich (przefiltruj zakładkę "
            "po dacie).\n"
            "2. Jedna domena: poczekaj, serwer odbiorcy zwykle wraca w ciągu godziny.\n"
            "3. Wszystkie domeny: sprawdź ustawienia SMTP sklepu oraz stronę statusu i limity wysyłki "
            "dostawcy poczty.\n"
            "4. Gdy wysyłka znów działa, wyślij ponownie ważne wiadomości."
        ),
    },
    {
        "code": "EMAIL_INVALID",
        "title_en": "Invalid recipient e-mail address",
        "title_pl": "Nieprawidłowy adres e-mail odbiorcy",
        "meaning_en": (
            "The recipient's address is not a valid e-mail address (no “@”, forbidden characters, no domain), "
            "so the shop did not even try to send the message."
        ),
        "meaning_pl": (
            "Adres odbiorcy nie jest poprawnym adresem e-mail (brak „@”, niedozwolone znaki, brak domeny), "
            "więc sklep nawet nie próbował wysłać wiadomości."
        ),
        "fix_en": (
            "1. Correct the address in the customer's account or in the order.\n"
            "2. If the address came from an import or an integration (marketplace, ERP), correct it at the "
            "source, otherwise the next import brings it back.\n"
            "3. Send the message again, then delete this entry in the E-mail tab."
        ),
        "fix_pl": (
            "1. Popraw adres na koncie klienta albo w zamówieniu.\n"
            "2. Jeśli adres pochodzi z importu lub integracji (serwis sprzedażowy, ERP), popraw go u źródła, "
            "bo inaczej następny import go przywróci.\n"
            "3. Wyślij wiadomość ponownie, potem usuń ten wpis w zakładce E-mail."
        ),
    },
    {
        "code": "MAILING_UNSUBSCRIBED",
        "title_en": "Not sent: the address is on the unsubscribe list",
        "title_pl": "Nie wysłano: adres jest na liście rezygnacji",
        "meaning_en": (
            "The recipient has unsubscribed from the shop's mailings, so the mailing was not sent to this "
            "address. This is the correct behaviour: sending marketing e-mail without consent breaks the law "
            "(GDPR and the Polish law on electronic services). It is recorded as an error so you can see why "
            "the number sent is lower than the number added."
        ),
        "meaning_pl": (
            "Odbiorca zrezygnował z mailingów sklepu, więc mailing nie został wysłany na ten adres. To "
            "prawidłowe zachowanie: wysyłanie e-maili marketingowych bez zgody łamie prawo (RODO i ustawa "
            "o świadczeniu usług drogą elektroniczną). Wpis jest błędem, żeby było widać, dlaczego wysłano "
            "mniej wiadomości, niż dodano."
        ),
        "fix_en": (
            "1. Nothing to fix for this address: do not add it back to the mailing by hand.\n"
            "2. If many addresses of one mailing end here, check the list the mailing was built from: it should "
            "leave out people who unsubscribed.\n"
            "3. If a customer says they want the newsletter again, they must subscribe again themselves "
            "(a new consent)."
        ),
        "fix_pl": (
            "1. Dla tego adresu nie ma czego naprawiać: nie dodawaj go ręcznie z powrotem do mailingu.\n"
            "2. Jeśli wiele adresów jednego mailingu trafia tutaj, sprawdź listę, z której zbudowano mailing: "
            "powinna pomijać osoby, które zrezygnowały.\n"
            "3. Jeśli klient chce znów otrzymywać newsletter, musi sam zapisać się ponownie (nowa zgoda)."
        ),
    },
    {
        "code": "SMTP_REJECTED",
        "title_en": "The mail server refused the message",
        "title_pl": "Serwer pocztowy odrzucił wiadomość",
        "meaning_en": (
            "A mail server answered with a permanent error other than a missing mailbox: it may consider the "
            "message spam, refuse the sender's address, or not accept mail for this domain. The message was not "
            "delivered. The server's own words are in the entry."
        ),
        "meaning_pl": (
            "Serwer pocztowy odpowiedział trwałym błędem innym niż brak skrzynki: mógł uznać wiadomość za spam, "
            "odrzucić adres nadawcy albo nie przyjmować poczty dla tej domeny. Wiadomość nie została dostarczona. "
            "Dokładna odpowiedź serwera jest we wpisie."
        ),
        "fix_en": (
            "1. Read the server's reply in the entry: it usually names the reason (spam, policy, sender).\n"
            "2. If many recipients of one domain fail, check the shop's SPF, DKIM and DMARC records with the mail "
            "provider.\n"
            "3. If one recipient fails, check the address and reach the customer another way.\n"
            "4. Once the cause is fixed, send the message again from the entry."
        ),
        "fix_pl": (
            "1. Przeczytaj odpowiedź serwera we wpisie: zwykle podaje przyczynę (spam, zasady, nadawca).\n"
            "2. Jeśli nie przechodzą wiadomości do wielu odbiorców jednej domeny, sprawdź z dostawcą poczty "
            "rekordy SPF, DKIM i DMARC sklepu.\n"
            "3. Jeśli dotyczy to jednego odbiorcy, sprawdź adres i skontaktuj się z klientem inaczej.\n"
            "4. Po usunięciu przyczyny wyślij wiadomość ponownie z poziomu wpisu."
        ),
    },
]
