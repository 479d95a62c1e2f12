from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, details, event, message, register, severity

PRESTASHOP = register(
    Tab(
        slug="prestashop",
        title="PrestaShop",
        description=_("Activity of every PrestaShop configuration section, import runs and sync reports."),
        icon="cart",
        order=90,
        columns=(
            date(),
            Column("account", _("Account")),
            event(_("Section")),
            message(_("Event")),
            severity(),
            details(),
        ),
        event_types={
            "connection": _("Connection"),
            "mapping": _("Mapping"),
            "order_settings": _("Order settings"),
            "product_fields": _("Product field mapping"),
            "templates": _("Templates"),
            "import": _("Import"),
            "linking": _("Linking"),
            "orders": _("Order download"),
            "sync_report": _("Sync report"),
        },
        filters=("account", "object_id", "initiator"),
        services=(("prestashop", "PrestaShop"),),
        retention_days=180,
        # A sync report's table (products sent, accepted, refused with PrestaShop's error).
        detail_template="prestashop/entry_detail.html",
    )
)
