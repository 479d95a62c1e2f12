from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, date, event, register, severity

CUSTOM_EVENTS = register(
    Tab(
        slug="custom-events",
        title=_("Custom events"),
        description=_("Calls of the shop's custom events and the marketing-automation scenarios they started."),
        icon="lightning",
        order=100,
        columns=(
            date(),
            Column("data.event_id", _("Event id")),
            Column("data.event_name", _("Event name")),
            Column("object_id", _("Customer e-mail"), "object"),
            Column("data.scenario_name", _("Scenario")),
            event(_("Call")),
            severity(),
        ),
        event_types={
            "call": _("Event called"),
            "scenario_started": _("Scenario started"),
            "call_rejected": _("Call rejected"),
        },
        filters=("object_id", "initiator"),
        detail_template="eventlog/detail/custom_event.html",
        list_header_template="custom_events/definitions.html",
    )
)
