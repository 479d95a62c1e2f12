"""When Celery beat runs the journal's periodic jobs: the defaults, and the schedules as the panel shows them.

The schedules live in the database (django-celery-beat's `PeriodicTask`), so a shop admin changes them
in the panel (Settings → Schedules) or an operator in /admin/, and beat keeps each one's last run there:
a beat process started again runs at once what fell due while it was away. The defaults below are
written by a migration (eventlog/migrations/0011_default_schedules.py), only where a schedule of that
name is missing: a change somebody made is never undone by a deploy. The settings carry no
CELERY_BEAT_SCHEDULE, because django-celery-beat writes that one over the database at every start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

if TYPE_CHECKING:
    from django_celery_beat.models import PeriodicTask
    from django_stubs_ext import StrOrPromise

#: The interval units a schedule may use, as django-celery-beat's IntervalSchedule names them.
PERIODS = ("seconds", "minutes", "hours", "days")
#: A crontab's fields, in the order of a crontab line.
CRONTAB_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


@dataclass(frozen=True)
class Default:
    """One default schedule: an interval (`every` `period`) or a crontab line ("m h dom mon dow")."""

    name: str
    task: str
    title: StrOrPromise
    description: StrOrPromise
    every: int | None = None
    period: str = "minutes"
    crontab: str | None = None

    def crontab_fields(self) -> dict[str, str]:
        assert self.crontab is not None
        return dict(zip(CRONTAB_FIELDS, self.crontab.split(), strict=True))


DEFAULTS: tuple[Default, ...] = (
    Default(
        "journal-partitions-ahead", "eventlog.tasks.create_partitions_ahead",
        pgettext_lazy("schedule", "Journal partitions"),
        gettext_lazy("Creates the journal's monthly partitions for the months ahead."), every=6, period="hours",
    ),
    # Nightly, after the day's traffic: the indexes of months that have ended are rebuilt packed, once each.
    Default(
        "journal-compact-months", "eventlog.tasks.compact_finished_partitions",
        pgettext_lazy("schedule", "Packing ended months"),
        gettext_lazy("Rebuilds the indexes of months that have ended, packed, once each."), crontab="5 3 * * *",
    ),
    # Hourly, so that SMS waiting over 24 hours go within the hour.
    Default(
        "journal-retention", "eventlog.tasks.apply_retention",
        pgettext_lazy("schedule", "Retention"),
        gettext_lazy("Removes entries older than each tab keeps them (Settings → Event journal)."), every=1,
        period="hours",
    ),
    Default(
        "erp-inbox", "erp.check_inbox",
        pgettext_lazy("schedule", "ERP inbox"),
        gettext_lazy("Claims and imports the ERP packages waiting in the inbox."), every=1,
    ),
    Default(
        "erp-inbox-cleanup", "erp.remove_processed_packages",
        pgettext_lazy("schedule", "ERP inbox cleanup"),
        gettext_lazy("Removes processed packages older than ERP_INBOX_KEEP_DAYS from the inbox."),
        crontab="20 3 * * *",
    ),
    Default(
        "journal-export-cleanup", "eventlog.tasks.remove_old_exports",
        pgettext_lazy("schedule", "Export files cleanup"),
        gettext_lazy("Removes the files of export jobs older than JOURNAL_EXPORT_KEEP_DAYS."), crontab="35 3 * * *",
    ),
    Default(
        "email-forget-removed", "messaging.forget_removed_failures",
        pgettext_lazy("schedule", "Failed e-mails cleanup"),
        gettext_lazy("Forgets the kept messages of failed e-mails whose entries were deleted or expired."),
        crontab="50 3 * * *",
    ),
    # Every minute: a run whose worker died is found within JOURNAL_RUN_STALE_SECONDS and a minute.
    Default(
        "journal-stale-runs", "eventlog.tasks.recover_stale_runs",
        pgettext_lazy("schedule", "Stopped job runs"),
        gettext_lazy("Sends again, or fails, the job runs whose worker stopped."), every=1,
    ),
    Default(
        "sms-queue", "sms.tick",
        pgettext_lazy("schedule", "SMS queue"),
        gettext_lazy("Expires SMS waiting over 24 hours and starts a run that sends the waiting ones."), every=1,
    ),
    Default(
        "allegro-poll", "allegro.poll",
        pgettext_lazy("schedule", "Allegro events"),
        gettext_lazy("Reads the offer and order events of every active Allegro account."), every=1,
    ),
    Default(
        "prestashop-push-stock", "prestashop.push_stock",
        pgettext_lazy("schedule", "PrestaShop stock"),
        gettext_lazy("Pushes changed local stock to PrestaShop (a sync report per push)."), every=1,
    ),
    Default(
        "prestashop-orders", "prestashop.orders_tick",
        pgettext_lazy("schedule", "PrestaShop orders"),
        gettext_lazy("Downloads the orders of every PrestaShop account with order download on."), every=5,
    ),
    # BASELINKER_PULL_QUIET_SECONDS is 120 by default: checked every 30 s, a pull closes at most 30 s late.
    Default(
        "baselinker-close-quiet-pulls", "baselinker.close_quiet_pulls",
        pgettext_lazy("schedule", "BaseLinker pulls"),
        gettext_lazy("Closes a BaseLinker pull that has had no request for BASELINKER_PULL_QUIET_SECONDS."),
        every=30, period="seconds",
    ),
    Default(
        "journal-api-idempotency-cleanup", "eventlog.api.tasks.remove_expired_idempotency_records",
        pgettext_lazy("schedule", "API idempotency records"),
        gettext_lazy("Removes the kept answers of API requests older than JOURNAL_API_IDEMPOTENCY_HOURS."), every=1,
        period="hours",
    ),
)  # fmt: skip
BY_NAME = {default.name: default for default in DEFAULTS}


def install_defaults(apps: Any) -> list[str]:
    """Create the default schedules that are missing (a data migration's step, `apps` its registry).

    A schedule that exists under a default's name is left as it is, whatever it holds now: running this
    again never undoes a change. Returns the names created.
    """
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    existing = set(PeriodicTask.objects.values_list("name", flat=True))
    created = []
    with translation.override("en"):  # /admin/ shows the description as stored; the panel translates
        for default in DEFAULTS:
            if default.name in existing:
                continue
            when: dict[str, Any] = {}
            if default.crontab:
                when["crontab"] = CrontabSchedule.objects.filter(**default.crontab_fields()).first()
                when["crontab"] = when["crontab"] or CrontabSchedule.objects.create(**default.crontab_fields())
            else:
                when["interval"], _ = IntervalSchedule.objects.get_or_create(every=default.every, period=default.period)
            PeriodicTask.objects.create(name=default.name, task=default.task, description=str(default.description),
                                        enabled=True, **when)  # fmt: skip
            created.append(default.name)
    if created:
        # A beat already running reads the schedules again at once (django-celery-beat's change marker).
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})
    return created


def title(task: PeriodicTask) -> StrOrPromise:
    """The schedule's name in the reader's language (a schedule added in /admin/: its own name)."""
    default = BY_NAME.get(task.name)
    return default.title if default else task.name


def description(task: PeriodicTask) -> StrOrPromise:
    """What the job does, in the reader's language (a schedule added in /admin/: its description)."""
    default = BY_NAME.get(task.name)
    return default.description if default else task.description


_UNITS = {
    "seconds": lambda n: ngettext("every %(count)d second", "every %(count)d seconds", n),
    "minutes": lambda n: ngettext("every %(count)d minute", "every %(count)d minutes", n),
    "hours": lambda n: ngettext("every %(count)d hour", "every %(count)d hours", n),
    "days": lambda n: ngettext("every %(count)d day", "every %(count)d days", n),
}


def in_words(task: PeriodicTask) -> str:
    """When the schedule runs, in words ("every 5 minutes", "every day at 03:05") in the reader's language."""
    if task.interval_id:
        interval = task.interval
        unit = _UNITS.get(interval.period)
        if unit is None:  # microseconds: only /admin/ offers them
            return f"{interval.every} {interval.period}"
        return unit(interval.every) % {"count": interval.every}
    if task.crontab_id:
        return crontab_in_words(task.crontab)
    return _("another kind of schedule (see the admin)")


def crontab_in_words(crontab: Any) -> str:
    """A crontab in words where it reads as a daily time ("every day at 03:05"), else its fields named."""
    fields = {name: getattr(crontab, name) for name in CRONTAB_FIELDS}
    minute, hour = fields["minute"], fields["hour"]
    if minute.isdigit() and hour.isdigit() and fields["day_of_month"] == "*" and fields["month_of_year"] == "*":
        at = f"{int(hour):02d}:{int(minute):02d}"
        if fields["day_of_week"] == "*":
            return _("every day at %(time)s") % {"time": at}
        return _("at %(time)s on days of the week %(days)s (0 = Sunday)") % {"time": at, "days": fields["day_of_week"]}
    return _("crontab: minute %(minute)s, hour %(hour)s, day %(day_of_month)s, month %(month_of_year)s, "
             "day of the week %(day_of_week)s") % fields  # fmt: skip
