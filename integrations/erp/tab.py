from django.utils.translation import gettext_lazy as _

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
        services=("erp",),
        retention_days=180,
        list_header_template="erp/upload_form.html",
        detail_template="erp/entry_detail.html",
        run_detail_template="erp/run_panel.html",
    )
)
