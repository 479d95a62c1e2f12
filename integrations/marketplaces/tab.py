import datetime as dt

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, message, register, severity

ALLEGRO_DEACTIVATED = Q(event_type="account_deactivated", service="allegro")

OFFERS = register(
    Tab(
        slug="offers",
        title=_("Offers"),
        description=_("What happened to marketplace offers and the orders they brought, on Allegro and eBay."),
        icon="tags",
        order=20,
        columns=(
            date(),
            event(_("Event type")),
            Column("object_id", _("Offer number"), "object"),
            Column("account", _("Login")),
            Column("service", _("Service"), "choice"),
            severity(),
            message(),
        ),
        event_types={
            "offer_listed": _("Offer listed"),
            "comment": _("Comment"),
            "offer_ended": _("Offer ended"),
            "offer_changed": _("Offer changed"),
            "offer_fetched": _("Offer fetched"),
            "order_created": _("Order created"),
            "stock_check": _("Stock check"),
            "tracking_number": _("Tracking number"),
            "price_change": _("Price change"),
            "bulk_offer_linking": _("Bulk offer linking"),
            "order_status_change": _("Order status change"),
            "invoice_added": _("Invoice added"),
            "account_deactivated": _("Account deactivated"),
        },
        filters=("account", "service", "object_id", "initiator"),
        services=(("allegro", "Allegro"), ("ebay", "eBay")),
        group_by_default=True,
        # Proof that Allegro deactivated the account: kept for good, out of sight after a month.
        undeletable=ALLEGRO_DEACTIVATED,
        hidden_after=(ALLEGRO_DEACTIVATED, dt.timedelta(days=30)),
        retention_note=_(
            "Allegro's “account deactivated” entries are never deleted and are hidden from the list after 30 days."
        ),
    )
)

_MARKETPLACE_EVENTS = {
    "listing": _("Listing"),
    "order": _("Order"),
    "synchronisation": _("Synchronisation"),
}


def _marketplace(slug: str, title: str, service: str, order: int) -> Tab:
    """A marketplace tab whose entries all name its one service, labelled with the tab's title."""
    return register(
        Tab(
            slug=slug,
            title=title,
            description=format_lazy(_("Listing, order and synchronisation logs of {service}."), service=title),
            icon="shop",
            order=order,
            columns=(
                date(),
                severity(),
                event(_("Action")),
                Column("account", _("Account")),
                Column("object_id", _("Product / order / listing"), "object"),
                message(),
                Column("initiator", _("Initiator"), "choice"),
            ),
            event_types=_MARKETPLACE_EVENTS,
            filters=("account", "object_id", "initiator"),
            services=((service, title),),
            group_by_default=True,
        )
    )


CENEO = _marketplace("ceneo", "Ceneo", "ceneo", 70)
AMAZON = _marketplace("amazon", "Amazon", "amazon", 71)
TIKTOK_SHOP = _marketplace("tiktok-shop", "TikTok Shop", "tiktok_shop", 72)
