from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, register

APPEARANCE = register(
    Tab(
        slug="appearance",
        title=_("Shop appearance"),
        description=_("History of changes to the shop's theme and templates: who changed what, and when."),
        icon="palette",
        order=60,
        columns=(
            date(),
            Column("data.template", _("Template")),
            event(),
            # The part of the template changed (integrations/theme/parts.py): template, name, kind, content, published.
            Column("object_id", _("Object"), "object"),
            Column("actor", _("User")),
        ),
        event_types={
            "template_created": _("Template created"),
            "template_edited": _("Template edited"),
            "template_published": _("Template published"),
            "template_unpublished": _("Template unpublished"),
            "template_deleted": _("Template deleted"),
            # Entries of earlier releases (and of the volume filler) keep their labels.
            "template_activated": _("Template activated"),
            "style_changed": _("Styles changed"),
            "file_uploaded": _("File uploaded"),
        },
        filters=("object_id", "initiator"),
        services=(("shop", _("Shop")),),
        detail_template="eventlog/detail/appearance.html",
        retention_days=365,
    )
)
