"""Settings → Schedules: the form that changes when one of beat's schedules runs (shop admins)."""

from __future__ import annotations

from typing import Any

from celery import schedules as celery_schedules
from django import forms
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_celery_beat import validators
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from .schedules import CRONTAB_FIELDS, in_words

#: Seconds per unit of an interval.
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
#: The shortest interval: every job here is a database pass or more; every 10 s is already a lot.
MIN_SECONDS = 10
#: The longest: a year (the daily cleanups have a reason to run at least that often).
MAX_SECONDS = 366 * 86400

_FIELD_RULES = {
    "minute": (validators.minute_validator, _("Minute"), _("0–59")),
    "hour": (validators.hour_validator, _("Hour"), _("0–23")),
    "day_of_month": (validators.day_of_month_validator, _("Day of the month"), _("1–31")),
    "month_of_year": (validators.month_of_year_validator, _("Month"), _("1–12")),
    "day_of_week": (validators.day_of_week_validator, _("Day of the week"), _("0–6, 0 = Sunday")),
}

_INPUT = {"class": "form-control form-control-sm", "autocomplete": "off"}


class ScheduleForm(forms.Form):
    """Enabled, and either an interval (every N units) or a crontab (its five fields), for one `PeriodicTask`."""

    enabled = forms.BooleanField(
        label=_("Enabled"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    kind = forms.ChoiceField(
        label=_("Runs"),
        choices=[("interval", _("at an interval")), ("crontab", _("at set times (crontab)"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    every = forms.IntegerField(
        label=_("Every"), required=False, min_value=1, max_value=MAX_SECONDS,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )  # fmt: skip
    period = forms.ChoiceField(
        label=_("Unit"), required=False,
        choices=[("seconds", _("seconds")), ("minutes", _("minutes")), ("hours", _("hours")), ("days", _("days"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )  # fmt: skip

    def __init__(self, data: Any = None, *, task: PeriodicTask) -> None:
        self.task = task
        initial: dict[str, Any] = {"enabled": task.enabled, "every": 1, "period": "hours"}
        initial.update({name: "*" for name in CRONTAB_FIELDS})
        if task.crontab_id:
            initial["kind"] = "crontab"
            initial.update({name: getattr(task.crontab, name) for name in CRONTAB_FIELDS})
        else:
            initial["kind"] = "interval"
            if task.interval_id and task.interval.period in UNIT_SECONDS:
                initial.update(every=task.interval.every, period=task.interval.period)
        super().__init__(data, initial=initial)
        for name, (_validator, label, help_text) in _FIELD_RULES.items():
            max_length = CrontabSchedule._meta.get_field(name).max_length
            self.fields[name] = forms.CharField(
                label=label, help_text=help_text, required=False, max_length=max_length,
                widget=forms.TextInput(attrs=_INPUT),
            )  # fmt: skip

    def crontab_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CRONTAB_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "interval":
            every, period = data.get("every"), data.get("period")
            if not every or not period:
                raise ValidationError(_("Say how often: a number and a unit."))
            seconds = every * UNIT_SECONDS[period]
            if not MIN_SECONDS <= seconds <= MAX_SECONDS:
                raise ValidationError(
                    _("An interval is from %(min)d seconds to %(max)d days.") % {"min": MIN_SECONDS, "max": 366}
                )
        elif data.get("kind") == "crontab":
            for name, (validator, _label, help_text) in _FIELD_RULES.items():
                value = (data.get(name) or "").replace(" ", "")
                if not value:
                    # Never read as "*": five emptied fields would quietly make a daily job run every minute.
                    self.add_error(name, _("Fill in this field: * means every value."))
                    continue
                data[name] = value
                try:
                    validator(value)
                    celery_schedules.crontab(**{name: value})  # beat's own parser must read it too
                except (ValidationError, ValueError, celery_schedules.ParseException):
                    problem = _("Not a valid value: use %(range)s, *, a range a-b, a step */n or a list a,b.")
                    self.add_error(name, problem % {"range": help_text})
        return data

    def save(self, user: AbstractBaseUser | AnonymousUser) -> PeriodicTask:
        """Store the new schedule; recorded in the task's history (/admin/, the same as its own changes).

        A changed interval or crontab points the task at a matching schedule row (made if none), never
        edits a row other tasks may share. Beat sees the change within CELERY_BEAT_MAX_LOOP_INTERVAL.
        """
        data = self.cleaned_data
        with transaction.atomic():
            task = PeriodicTask.objects.select_for_update().get(pk=self.task.pk)
            before = _described(task)
            if data["kind"] == "interval":
                task.interval, _created = IntervalSchedule.objects.get_or_create(
                    every=data["every"], period=data["period"]
                )
                task.crontab = None
            else:
                # The times are read in the panel's time zone (TIME_ZONE), as the panel shows them.
                fields = {name: data[name] for name in CRONTAB_FIELDS} | {"timezone": settings.CELERY_TIMEZONE}
                found = CrontabSchedule.objects.filter(**fields).order_by("pk").first()
                task.crontab = found or CrontabSchedule.objects.create(**fields)
                task.interval = None
            task.solar = task.clocked = None
            task.enabled = data["enabled"]
            task.save()
            after = _described(task)
            if before != after and user.pk is not None:
                LogEntry.objects.log_actions(user.pk, [task], CHANGE, single_object=True,
                                             change_message=f"{before} → {after}")  # fmt: skip
        self.task = task
        return task


def _described(task: PeriodicTask) -> str:
    """The schedule as the history records it: in English, one text for every reader of /admin/."""
    with translation.override("en"):
        return f"{in_words(task)}, {'enabled' if task.enabled else 'disabled'}"
