"""What shop admins do in the module's configuration sections (connection, mappings, order
settings, product fields, settings templates).

Each action is a plain function that owns its transaction and writes its record in the
PrestaShop tab in that same transaction (event type = the section's slug, the account's
label, initiator "manual", the user as actor), so a section's activity log never misses a
change and never shows one that did not happen. Views parse forms, call these, render.

The connection test talks to the shop over HTTP, so it runs outside any transaction: the
settings are saved first (an account whose test fails is kept, so it can be fixed), then
the test's outcome is saved with its record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from eventlog.messages import Message
from eventlog.models import Run, Severity

from . import codes, journal, sections
from .models import Account, MethodKind, RemoteChoice, SettingsTemplate, ShopMethod

# Section slugs (the records' event types, see sections.SECTIONS).
CONNECTION = "connection"
MAPPING = "mapping"
ORDER_SETTINGS = "order_settings"
PRODUCT_FIELDS = "product_fields"
TEMPLATES = "templates"
assert {CONNECTION, MAPPING, ORDER_SETTINGS, PRODUCT_FIELDS, TEMPLATES} <= {s.slug for s in sections.SECTIONS}


def _user(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None


# 1. Connection -----------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionResult:
    """A connection test's outcome: `message` is what the page says and the record holds;
    `analysis` the run queued on the account's first successful login (else None)."""

    ok: bool
    message: Message
    analysis: Run | None = None


def _failure_code(error: Exception) -> str:
    """The message code of a failed test: its knowledge-base explanation (codes.py)."""
    from . import client

    for cls, code in (
        (client.NotHttps, codes.CONNECTION_NOT_HTTPS),
        (client.BadKey, codes.CONNECTION_BAD_KEY),
        (client.TimedOut, codes.CONNECTION_TIMED_OUT),
        (client.Unreachable, codes.CONNECTION_UNREACHABLE),
        (client.NotPrestaShop, codes.CONNECTION_NOT_PRESTASHOP),
        (client.WebserviceOff, codes.CONNECTION_WEBSERVICE_OFF),
        (client.TooOld, codes.CONNECTION_TOO_OLD),
    ):
        if isinstance(error, cls):
            return code
    return codes.CONNECTION_FAILED


def _reason(error: Exception) -> Any:
    reason = getattr(error, "reason", None)
    return reason.as_param() if isinstance(reason, Message) else str(reason or error)


def save_account(*, account: Account | None, url: str, key: str, user: Any) -> tuple[Account, ConnectionResult]:
    """Add an account (`account` None) or change its URL and key (`key` "" keeps the saved one),
    then test the connection (see `test_connection`). Returns the saved account and the test's outcome.

    The account is saved whatever the test says (with connected=False when it fails).
    """
    with transaction.atomic():
        if account is None:
            account = Account.objects.create(url=url, key=key, created_by=_user(user))
            journal.record(account, CONNECTION, Message(codes.ACCOUNT_ADDED, {"url": url}), user=user)
        else:
            account.url = url
            fields = ["url"]
            if key:
                account.key = key
                fields.append("key")
            account.save(update_fields=fields)
            message = (
                Message(codes.CONNECTION_SAVED_KEY, {"url": url, "hint": account.key_hint})
                if key
                else Message(codes.CONNECTION_SAVED, {"url": url})
            )
            journal.record(account, CONNECTION, message, user=user)
    return account, test_connection(account=account, user=user)


def delete_account(*, account: Account, user: Any) -> None:
    """Delete the account with everything of it (mappings, templates, imports, offers, orders); the
    local products and the account's records in the tab stay, with one more that says so."""
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        params = {
            "url": account.url,
            "user": user.get_username(),
            "offers": account.offers.count(),
            "imports": account.imports.count(),
            "orders": account.orders.count(),
        }
        journal.record(
            account, CONNECTION, Message(codes.ACCOUNT_DELETED, params), user=user, severity=Severity.WARNING
        )
        # Offers first: each protects its template, which the account's cascade deletes too.
        account.offers.all().delete()
        account.delete()


def test_connection(*, account: Account, user: Any) -> ConnectionResult:
    """Log in to the shop's webservice (`client.check()`: GET /api/, PSWS-Version) and save the outcome.

    Success: connected, the version and the time; on the account's first successful login the
    analysis that fills the mapping lists is queued (`analysis.queue_analysis`). Failure:
    connected=False and an error record whose code names the cause (codes.CONNECTION_*), its
    text "The integration data is incorrect. API error: <cause>" with the client's reason.
    Only `client.PrestaShopError` is caught; anything else is a bug and propagates.
    """
    from . import client

    version = ""
    error: client.PrestaShopError | None = None
    try:
        version = client.Client(account.url, account.key).check()
    except client.PrestaShopError as exc:
        error = exc
    now = timezone.now()
    with transaction.atomic():
        if error is not None:
            Account.objects.filter(pk=account.pk).update(connected=False, checked_at=now)
            account.connected, account.checked_at = False, now
            message = Message(_failure_code(error), {"reason": _reason(error)})
            journal.record(account, CONNECTION, message, user=user, severity=Severity.ERROR)
            return ConnectionResult(False, message)
        Account.objects.filter(pk=account.pk).update(connected=True, checked_at=now, version=version)
        account.connected, account.checked_at, account.version = True, now, version
        # One conditional UPDATE: two tests at once queue one analysis.
        first = Account.objects.filter(pk=account.pk, first_connected_at__isnull=True).update(first_connected_at=now)
        run = None
        if first:
            from . import analysis

            account.first_connected_at = now
            run = analysis.queue_analysis(account, user)
            message = Message(codes.CONNECTION_OK_FIRST, {"version": version, "run": str(run.pk)})
        else:
            message = Message(codes.CONNECTION_OK, {"version": version})
        journal.record(account, CONNECTION, message, user=user, severity=Severity.SUCCESS, run=run)
        return ConnectionResult(True, message, run)


# 2. Mappings -------------------------------------------------------------------------


def save_mapping(*, account: Account, mapping: Mapping[int, ShopMethod | None], user: Any) -> int:
    """Map the account's RemoteChoice rows (id → the shop's own method or status, None = unmapped).

    Ids of other accounts' rows are ignored; a method of another kind raises ValueError (the
    form offers only the row's kind). Returns how many rows changed.
    """
    with transaction.atomic():
        rows = {row.pk: row for row in RemoteChoice.objects.select_for_update().filter(account=account)}
        changed = []
        for pk, method in mapping.items():
            row = rows.get(pk)
            if row is None:
                continue
            if method is not None and method.kind != row.kind:
                raise ValueError(f"{method} is not a {row.get_kind_display()}")
            if row.mapped_to_id != (method.pk if method else None):
                row.mapped_to = method
                changed.append(row)
        RemoteChoice.objects.bulk_update(changed, ["mapped_to"])
        unmapped = sum(1 for row in rows.values() if row.mapped_to_id is None)
        message = Message(codes.MAPPING_SAVED, {"changed": len(changed), "unmapped": unmapped})
        journal.record(
            account, MAPPING, message, user=user, severity=Severity.SUCCESS if not unmapped else Severity.INFO
        )
        return len(changed)


def collect_again(*, account: Account, user: Any) -> Run:
    """Queue the analysis that collects the shop's payment methods, carriers and order states again."""
    from . import analysis

    with transaction.atomic():
        run = analysis.queue_analysis(account, user)
        journal.record(account, MAPPING, Message(codes.ANALYSIS_REQUESTED, {"run": str(run.pk)}), user=user, run=run)
        return run


def latest_analysis(account: Account) -> Run | None:
    """The account's newest analysis run (the pages show whether it is still collecting)."""
    from . import analysis

    return Run.objects.filter(kind=analysis.ANALYSIS_RUN.code, params__account=account.pk).order_by("-id").first()


def unmapped_in_use(account: Account) -> list[RemoteChoice]:
    """The payment and delivery methods orders use (used_by_orders > 0) that map to nothing:
    while there is one, order download cannot be switched on (issue 10 §1.2)."""
    return list(
        RemoteChoice.objects.filter(
            account=account,
            kind__in=(MethodKind.PAYMENT, MethodKind.DELIVERY),
            used_by_orders__gt=0,
            mapped_to__isnull=True,
        ).order_by("kind", "name", "id")
    )


# 3. Order settings -------------------------------------------------------------------

ORDER_FIELDS = (
    "orders_enabled",
    "orders_from",
    "orders_into_status",
    "orders_update_statuses",
    "sync_order_status",
    "send_tracking_numbers",
    "send_sales_documents",
    "sync_stock",
)


class Refused(Exception):
    """The action would break a rule; `message` says which, for people."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def save_order_settings(*, account: Account, values: Mapping[str, Any], user: Any) -> None:
    """Save the order settings (`values`: ORDER_FIELDS; orders_update_statuses a list of ShopMethod ids
    in the order chosen; orders_from None = the account's creation).

    Raises Refused when order download is switched on while a used payment or delivery method
    is unmapped (see `unmapped_in_use`), naming them.
    """
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        if values["orders_enabled"]:
            missing = unmapped_in_use(account)
            if missing:
                raise Refused(describe_unmapped(missing))
        for name in ORDER_FIELDS:
            setattr(account, name, values[name])
        account.orders_from = account.orders_from or account.created_at
        account.save(update_fields=list(ORDER_FIELDS))
        if account.orders_enabled:
            status = account.orders_into_status
            message = Message(
                codes.ORDER_SETTINGS_ON,
                {
                    "since": date_format(localtime(account.orders_from), "Y-m-d H:i"),
                    "status": status.name if status else "—",
                },
            )
        else:
            message = Message(codes.ORDER_SETTINGS_OFF, {})
        data = {
            "orders_update_statuses": list(
                ShopMethod.objects.filter(pk__in=account.orders_update_statuses).values_list("name", flat=True)
            ),
            **{name: getattr(account, name) for name in ORDER_FIELDS[4:]},
        }
        journal.record(account, ORDER_SETTINGS, message, user=user, data=data)


def describe_unmapped(rows: Iterable[RemoteChoice]) -> str:
    """Names of unmapped methods in use, in the reader's language: "Payment method “Przelewy24” (12 orders), …"."""
    from django.utils.translation import gettext, ngettext

    parts = [
        ngettext("%(kind)s “%(name)s” (%(count)s order)", "%(kind)s “%(name)s” (%(count)s orders)", row.used_by_orders)
        % {"kind": row.get_kind_display(), "name": row.name, "count": row.used_by_orders}
        for row in rows
    ]
    return gettext(
        "Order download cannot be switched on while methods that orders use are unmapped: %(methods)s. "
        "Map them in the Mappings section first."
    ) % {"methods": "; ".join(parts)}


# 4. Product field mapping ------------------------------------------------------------

PRODUCT_FIELD_NAMES = (
    "product_ean_field",
    "product_symbol_field",
    "product_catalogue_field",
    "combination_ean_field",
    "combination_symbol_field",
    "combination_catalogue_field",
)


def save_product_fields(*, account: Account, values: Mapping[str, str], user: Any) -> None:
    """Save which PrestaShop field carries the EAN, symbol and catalogue number (models.ProductField values)."""
    with transaction.atomic():
        for name in PRODUCT_FIELD_NAMES:
            setattr(account, name, values[name])
        account.save(update_fields=list(PRODUCT_FIELD_NAMES))
        params = {
            "ean": account.product_ean_field,
            "symbol": account.product_symbol_field,
            "catalogue": account.product_catalogue_field,
            "combination_ean": account.combination_ean_field,
            "combination_symbol": account.combination_symbol_field,
            "combination_catalogue": account.combination_catalogue_field,
        }
        journal.record(account, PRODUCT_FIELDS, Message(codes.PRODUCT_FIELDS_SAVED, params), user=user)


# 5. Settings templates ---------------------------------------------------------------

TEMPLATE_FIELDS = ("name", "sync_description", "sync_delivery_prices", "sync_price", "sync_stock")


def default_template(account: Account) -> SettingsTemplate | None:
    """The account's default settings template (None while it has none: import refuses then)."""
    return SettingsTemplate.objects.filter(account=account, is_default=True).first()


def _template_data(template: SettingsTemplate) -> dict[str, Any]:
    return {name: getattr(template, name) for name in TEMPLATE_FIELDS[1:]}


def _lock(account: Account) -> None:
    # Template changes of one account take turns: "first becomes default" and the default swap
    # stay true with two admins at once (the partial unique index prestashop_one_default backs it).
    Account.objects.select_for_update().filter(pk=account.pk).first()


def create_template(*, account: Account, values: Mapping[str, Any], user: Any) -> SettingsTemplate:
    """A new template (`values`: TEMPLATE_FIELDS); the account's first becomes its default."""
    with transaction.atomic():
        _lock(account)
        first = not SettingsTemplate.objects.filter(account=account, is_default=True).exists()
        template = SettingsTemplate.objects.create(account=account, is_default=first, **values)
        code = codes.TEMPLATE_CREATED_DEFAULT if first else codes.TEMPLATE_CREATED
        journal.record(
            account, TEMPLATES, Message(code, {"name": template.name}), user=user, data=_template_data(template)
        )
        return template


def update_template(*, template: SettingsTemplate, values: Mapping[str, Any], user: Any) -> None:
    """Change a template's name and parts (also while offers use it: they follow the change)."""
    with transaction.atomic():
        for name, value in values.items():
            setattr(template, name, value)
        template.save(update_fields=list(values))
        message = Message(codes.TEMPLATE_UPDATED, {"name": template.name})
        journal.record(template.account, TEMPLATES, message, user=user, data=_template_data(template))


def set_default(*, template: SettingsTemplate, user: Any) -> bool:
    """Make `template` its account's default, the previous default no longer (one transaction).
    Returns False (nothing done) when it already is."""
    with transaction.atomic():
        _lock(template.account)
        previous = SettingsTemplate.objects.filter(account=template.account, is_default=True).first()
        if previous is not None and previous.pk == template.pk:
            return False
        # The old default goes first: the partial unique index allows one default at a time.
        SettingsTemplate.objects.filter(account=template.account, is_default=True).update(is_default=False)
        SettingsTemplate.objects.filter(pk=template.pk).update(is_default=True)
        template.is_default = True
        params = {"name": template.name, "previous": previous.name if previous else "—"}
        journal.record(template.account, TEMPLATES, Message(codes.TEMPLATE_DEFAULT, params), user=user)
        return True


def delete_refusal(template: SettingsTemplate) -> str | None:
    """Why `template` cannot be deleted, in the reader's language; None when it can.

    Refused while offers use it (Offer.template is PROTECT) and while it is the default of an
    account that has other templates (make one of them the default first: the module never
    picks a default by itself). The account's only template can be deleted; import then
    refuses until a new one exists.
    """
    from django.utils.translation import gettext, ngettext

    offers = template.offers.count()
    if offers:
        return ngettext(
            "The template “%(name)s” is used by %(count)s offer, so it cannot be deleted. Edit it instead, "
            "or give that offer another template first.",
            "The template “%(name)s” is used by %(count)s offers, so it cannot be deleted. Edit it instead, "
            "or give those offers another template first.",
            offers,
        ) % {"name": template.name, "count": offers}
    if (
        template.is_default
        and SettingsTemplate.objects.filter(account=template.account).exclude(pk=template.pk).exists()
    ):
        return gettext(
            "The template “%(name)s” is the default, so it cannot be deleted. Make another template the default first."
        ) % {"name": template.name}
    return None


def delete_template(*, template: SettingsTemplate, user: Any) -> None:
    """Delete a template; raises Refused with the reason (see `delete_refusal`)."""
    with transaction.atomic():
        _lock(template.account)
        refusal = delete_refusal(template)
        if refusal:
            raise Refused(refusal)
        name = template.name
        try:
            template.delete()
        except ProtectedError as exc:  # an offer given the template since the check above
            raise Refused(delete_refusal(template) or str(exc)) from exc
        journal.record(template.account, TEMPLATES, Message(codes.TEMPLATE_DELETED, {"name": name}), user=user)


def templates_with_offers(account: Account) -> Any:
    """The account's templates with `offer_count` (the list page), default first."""
    return (
        SettingsTemplate.objects.filter(account=account)
        .annotate(offer_count=Count("offers"))
        .order_by("-is_default", "name", "id")
    )
