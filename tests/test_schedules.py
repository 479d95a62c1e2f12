"""Settings → Schedules: beat's schedules in the database (django-celery-beat on Django 6.1), their
defaults from a migration that never undoes a change, and the panel page that shows and changes them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from eventlog import schedules
from eventlog.roles import SHOP_ADMIN, SUPPORT

LIST = "/journal/schedules/"


def edit_url(name: str) -> str:
    return f"{LIST}{PeriodicTask.objects.get(name=name).pk}/"


def interval_form(every: int, period: str, *, enabled: bool = True) -> dict[str, str]:
    return {"kind": "interval", "every": str(every), "period": period, **({"enabled": "on"} if enabled else {})}


def crontab_form(**fields: str) -> dict[str, str]:
    """A crontab form with "*" in every field not given (as the form shows it)."""
    every = dict.fromkeys(("minute", "hour", "day_of_month", "month_of_year", "day_of_week"), "*")
    return {"kind": "crontab", "enabled": "on", **every, **fields}


def test_the_migration_made_every_default_schedule(db):
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("interval", "crontab")}
    assert set(tasks) == set(schedules.BY_NAME)
    for default in schedules.DEFAULTS:
        task = tasks[default.name]
        assert (task.task, task.enabled, task.last_run_at) == (default.task, True, None)
        if default.crontab:
            assert str(task.crontab).startswith(default.crontab + " ")  # "5 3 * * * (m/h/dM/MY/d) Europe/Warsaw"
            assert task.interval is None
        else:
            assert (task.interval.every, task.interval.period, task.crontab) == (default.every, default.period, None)
    assert (
        tasks["journal-retention"].description
        == "Removes entries older than each tab keeps them (Settings → Event journal)."
    )


def test_the_roles_may_see_and_shop_admins_change_the_schedules(db):
    def codenames(group: str) -> set[str]:
        permissions = Group.objects.get(name=group).permissions.filter(content_type__app_label="django_celery_beat")
        return set(permissions.values_list("codename", flat=True))

    assert codenames(SHOP_ADMIN) == {"view_periodictask", "change_periodictask"}
    assert codenames(SUPPORT) == {"view_periodictask"}


def test_installing_the_defaults_again_keeps_a_change_and_adds_only_what_is_missing(db):
    retention = PeriodicTask.objects.get(name="journal-retention")
    retention.interval = IntervalSchedule.objects.create(every=3, period="hours")
    retention.enabled = False
    retention.save()
    PeriodicTask.objects.filter(name="erp-inbox").delete()

    assert schedules.install_defaults(apps) == ["erp-inbox"]
    assert schedules.install_defaults(apps) == []
    retention.refresh_from_db()
    assert (retention.interval.every, retention.interval.period, retention.enabled) == (3, "hours", False)
    assert PeriodicTask.objects.get(name="erp-inbox").interval.every == 1


def test_shop_admin_sees_each_schedule_in_words(admin_client):
    page = admin_client.get(LIST)
    assert page.status_code == 200
    text = page.text
    assert "Retention" in text and "Removes entries older than each tab keeps them" in text
    assert "every 1 hour" in text and "every 5 minutes" in text and "every 30 seconds" in text
    assert "every day at 03:05" in text  # packing ended months
    assert "not yet" in text  # no run so far
    assert f'href="{edit_url("journal-retention")}"' in text
    assert 'href="/journal/schedules/"' in text  # the sidebar's link, marked as the current page
    assert 'aria-current="page"' in text


def test_support_reads_the_schedules_but_may_not_change_them(support_client):
    page = support_client.get(LIST)
    assert page.status_code == 200
    assert "every day at 03:05" in page.text
    assert "/journal/schedules/" + str(PeriodicTask.objects.get(name="journal-retention").pk) not in page.text
    url = edit_url("journal-retention")
    assert support_client.get(url).status_code == 403
    assert support_client.post(url, interval_form(2, "hours")).status_code == 403
    assert PeriodicTask.objects.get(name="journal-retention").interval.every == 1


def test_without_a_role_there_is_no_page_and_no_link(charlie):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(charlie)
    assert client.get(LIST).status_code == 403
    assert 'href="/journal/schedules/"' not in client.get("/journal/codes/").text


def test_shop_admin_changes_an_interval_without_touching_the_schedules_it_shared(admin_client, alice):
    minute = IntervalSchedule.objects.get(every=1, period="minutes")
    sharing = set(PeriodicTask.objects.filter(interval=minute).values_list("name", flat=True))
    assert {"erp-inbox", "sms-queue", "allegro-poll"} <= sharing

    response = admin_client.post(edit_url("erp-inbox"), interval_form(5, "minutes"), follow=True)
    assert response.status_code == 200
    assert "Schedule “ERP inbox” saved: every 5 minutes." in response.text

    inbox = PeriodicTask.objects.get(name="erp-inbox")
    assert (inbox.interval.every, inbox.interval.period, inbox.crontab) == (5, "minutes", None)
    assert inbox.interval == IntervalSchedule.objects.get(every=5, period="minutes")  # the existing row, reused
    minute.refresh_from_db()
    assert (minute.every, minute.period) == (1, "minutes")
    assert set(PeriodicTask.objects.filter(interval=minute).values_list("name", flat=True)) == sharing - {"erp-inbox"}
    [change] = LogEntry.objects.filter(object_id=str(inbox.pk))
    assert change.user == alice
    assert change.get_change_message() == "every 1 minute, enabled → every 5 minutes, enabled"


def test_shop_admin_moves_a_job_to_set_times_and_back(admin_client):
    url = edit_url("journal-retention")
    response = admin_client.post(url, crontab_form(minute="30", hour="4", day_of_week="1-5"), follow=True)
    assert "at 04:30 on days of the week 1-5 (0 = Sunday)" in response.text
    task = PeriodicTask.objects.get(name="journal-retention")
    assert task.interval is None
    crontab = task.crontab
    fields = (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, crontab.day_of_week)
    assert fields == ("30", "4", "*", "*", "1-5")
    assert str(crontab.timezone) == "Europe/Warsaw"

    page = admin_client.get(url)
    assert page.context["form"].initial["kind"] == "crontab"
    assert page.context["form"].initial["hour"] == "4"
    admin_client.post(url, interval_form(2, "hours"))
    task.refresh_from_db()
    assert (task.interval.every, task.crontab) == (2, None)


def test_shop_admin_turns_a_job_off(admin_client):
    task = PeriodicTask.objects.get(name="allegro-poll")
    task.last_run_at = task.date_changed
    task.save()
    admin_client.post(edit_url("allegro-poll"), interval_form(1, "minutes", enabled=False))
    task.refresh_from_db()
    assert (task.enabled, task.last_run_at) == (False, None)
    assert task not in PeriodicTask.objects.enabled()  # what beat reads
    assert '<span class="badge text-bg-secondary">no</span>' in admin_client.get(LIST).text


@pytest.mark.parametrize(
    "data, field",
    [
        (interval_form(0, "minutes"), "every"),
        (interval_form(5, "seconds"), None),  # below the 10 s floor
        (interval_form(400, "days"), None),
        (interval_form(5, "fortnights"), "period"),
        ({"kind": "interval", "enabled": "on"}, None),
        ({"kind": "sometimes", "every": "1", "period": "hours"}, "kind"),
        ({"every": "1", "period": "hours"}, "kind"),
        (crontab_form(minute="61", hour="3"), "minute"),
        (crontab_form(minute="5", hour="x"), "hour"),
        (crontab_form(minute="5", hour="3", day_of_month="0"), "day_of_month"),
        (crontab_form(minute="5", hour="3", month_of_year="13"), "month_of_year"),
        (crontab_form(minute="5", hour="3", day_of_week="8"), "day_of_week"),
        (crontab_form(minute="5" * 300), "minute"),
        (crontab_form(minute="<script>alert(1)</script>"), "minute"),
        # Emptied fields are not "*": the daily retention would quietly run every minute.
        (crontab_form(minute="", hour="", day_of_month="", month_of_year="", day_of_week=""), "minute"),
        (crontab_form(minute="5", hour=" "), "hour"),
    ],
)
def test_a_schedule_that_is_not_valid_is_refused_and_nothing_changes(admin_client, data, field):
    url = edit_url("journal-retention")
    before = PeriodicTask.objects.values().get(name="journal-retention")
    response = admin_client.post(url, data)
    assert response.status_code == 400
    assert "Some values are not valid; nothing was saved." in response.text
    assert "<script>alert(1)</script>" not in response.text
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert PeriodicTask.objects.values().get(name="journal-retention") == before
    assert not LogEntry.objects.exists()


def test_an_unknown_schedule_is_404(admin_client):
    assert admin_client.get(f"{LIST}999999/").status_code == 404
    assert admin_client.post(f"{LIST}999999/", interval_form(1, "hours")).status_code == 404


def test_a_schedule_added_in_the_admin_shows_its_own_name_and_description(admin_client):
    every = IntervalSchedule.objects.create(every=90, period="seconds")
    PeriodicTask.objects.create(name="operator's <b>job</b>", task="celery.backend_cleanup", interval=every,
                                description="Added by the operator")  # fmt: skip
    text = admin_client.get(LIST).text
    assert "operator&#x27;s &lt;b&gt;job&lt;/b&gt;" in text and "Added by the operator" in text
    assert "every 90 seconds" in text


def test_the_admin_of_django_celery_beat_works_on_this_django(db, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "secret-pass-123")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(superuser)
    changelist = client.get("/admin/django_celery_beat/periodictask/")
    assert changelist.status_code == 200
    assert "journal-retention" in changelist.text
    task = PeriodicTask.objects.get(name="journal-retention")
    assert client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/").status_code == 200
    assert client.get("/admin/django_celery_beat/crontabschedule/").status_code == 200


def test_crontab_in_words_names_the_fields_it_cannot_say_as_a_time(db):
    crontab = CrontabSchedule(minute="*/15", hour="8-16", day_of_month="*", month_of_year="*", day_of_week="1-5")
    assert schedules.crontab_in_words(crontab) == (
        "crontab: minute */15, hour 8-16, day *, month *, day of the week 1-5"
    )
