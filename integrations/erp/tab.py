from django.utils.translation import gettext_lazy as _

from eventlog import runs
from eventlog.tabs import Column, Tab, date, event, register, severity

ERP_SYNC = register(
    Tab(
        slug="erp-sync",
        title=_("ERP sync"),
        description=_("Imports of products, categories, prices and stock from the ERP and exports of orders to it."),
        icon="arrow-left-right",
        order=10,
        columns=(
            date(),
            event(),
            Column("data.size_bytes", _("Data size"), "size"),
            Column("message", _("Additional info"), "message"),
            severity(),
        ),
        event_types={
            "import": _("Import from ERP"),
            "export": _("Export to ERP"),
            "product_problem": _("Problem with a product"),
            "category_problem": _("Problem with a category"),
        },
        filters=("object_id", "initiator"),
        services=(("erp", "ERP"),),
        retention_days=180,
        list_header_template="erp/upload_form.html",
        detail_template="erp/entry_detail.html",
        run_detail_template="erp/run_panel.html",
    )
)

_SYNC_COUNTERS = (
    ("products_received", _("Products received")),
    ("products_created", _("Products created")),
    ("products_updated", _("Products updated")),
    ("products_unchanged", _("Products unchanged")),
    ("products_skipped", _("Products skipped")),
    ("products_with_problems", _("Products with problems")),
    ("categories_received", _("Categories received")),
    ("categories_created", _("Categories created")),
    ("categories_updated", _("Categories updated")),
    ("categories_unchanged", _("Categories unchanged")),
    ("categories_skipped", _("Categories skipped")),
    ("categories_with_problems", _("Categories with problems")),
    ("problems_fixed", _("Problems fixed since earlier runs")),
    ("orders", _("Orders sent")),
    ("lines", _("Order lines sent")),
)
# An import may run again from the start after its worker died (a re-import changes
# nothing); so may an export, which sends again the orders its run had claimed, under
# the same package id and file name.
IMPORT_RUN = runs.register(
    runs.RunKind(
        "erp_import", _("Import from ERP"), _SYNC_COUNTERS, task="erp.import_package", resumable=True, abortable=True
    )
)
EXPORT_RUN = runs.register(
    runs.RunKind("erp_export", _("Export to ERP"), _SYNC_COUNTERS, task="erp.export_orders", resumable=True)
)
