from django.utils.translation import gettext_lazy as _

from eventlog import runs
from eventlog.tabs import Column, Tab, date, event, message, register, severity

BASELINKER = register(
    Tab(
        slug="baselinker",
        title="BaseLinker",
        description=_(
            "BaseLinker's pulls of the product list (at most one a day): products served for the first time, "
            "served again with changes, and products with problems."
        ),
        icon="box-seam",
        order=80,
        columns=(
            date(),
            severity(),
            event(_("Event type")),
            Column(
                "data",
                _("Counts"),
                "counts",
                # "added" / "updated": first served / served again with changes (Dziennik's view).
                parts=(("added", _("first served")), ("updated", _("with changes")), ("problems", _("problems"))),
            ),
            message(),
        ),
        event_types={
            "product_export": _("Product export"),
            "order_import": _("Order import"),
            "stock_sync": _("Stock synchronisation"),
            "product_problem": _("Problem with a product"),
            "settings_change": _("Settings changed"),
            "request_refused": _("Request refused"),
        },
        filters=("account", "object_id"),
        services=(("baselinker", "BaseLinker"),),
        retention_days=180,
    )
)

EXPORT_RUN = runs.register(
    runs.RunKind(
        "baselinker_export",
        _("Product export to BaseLinker"),
        # Dziennik's view of what it served: only BaseLinker knows what it added or updated on its side.
        (
            ("listed", _("Products served")),
            ("added", _("First served")),
            ("updated", _("Served again, with changes")),
            ("unchanged", _("Served again, unchanged")),
            ("problems", _("Products with problems")),
        ),
    )
)
