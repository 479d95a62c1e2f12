from django.utils.translation import gettext_lazy as _

from eventlog import runs
from eventlog.tabs import Column, Tab, date, event, message, register, severity

BASELINKER = register(
    Tab(
        slug="baselinker",
        title="BaseLinker",
        description=_("Product exports to BaseLinker (at most one a day) and order imports from it."),
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
                parts=(("added", _("added")), ("updated", _("updated")), ("problems", _("problems"))),
            ),
            message(),
        ),
        event_types={
            "product_export": _("Product export"),
            "order_import": _("Order import"),
            "stock_sync": _("Stock synchronisation"),
            "product_problem": _("Problem with a product"),
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
        (("received", _("Products sent")), ("created", _("Products added")), ("problems", _("Problems"))),
    )
)
