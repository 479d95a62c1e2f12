"""The custom-events tab: the log of the trigger API's calls, one entry per scenario a call started.

Each entry's `account` holds the event's id (`customEventId`) as text, so that one
event's log (`custom_events:log`) is served by the `entry_tab_account` index; the
customer (e-mail, else phone, else customer id) is the entry's object, masked for
readers without `eventlog.view_personal_data`.
"""

from django.utils.translation import gettext_lazy as _

from eventlog.tabs import Column, Tab, event, register, severity

CUSTOM_EVENTS = register(
    Tab(
        slug="custom-events",
        title=_("Custom events"),
        description=_("Calls of the shop's custom events and the marketing-automation scenarios they started."),
        icon="lightning",
        order=100,
        columns=(
            Column("data.call_id", _("Call id")),
            Column("occurred_at", _("Created"), "date"),
            Column("object_id", _("Customer e-mail"), "object", personal=True),
            Column("data.scenario_id", _("Scenario id")),
            Column("data.scenario_name", _("Scenario")),
            Column("data.event_id", _("Event id")),
            Column("data.event_name", _("Event name")),
            event(_("Call")),
            severity(),
        ),
        event_types={
            "scenario_started": _("Scenario started"),
            # A call with logging on that found no active scenario to start.
            "call": _("Event called"),
        },
        filters=("object_id", "initiator"),
        detail_template="eventlog/detail/custom_event.html",
        list_header_template="custom_events/definitions.html",
    )
)
