"""Every project task is safe against a worker that dies: acknowledged late, given back when
its worker is lost, and time-limited below the broker's visibility timeout (else Redis would
hand a task still running to a second worker)."""

from django.conf import settings
from django_celery_beat.models import PeriodicTask

from config.celery import app
from eventlog import schedules


def project_tasks():
    app.loader.import_default_modules()  # what a worker imports: every app's tasks module
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_the_registry_holds_the_project_tasks():
    assert {"eventlog.tasks.export_entries", "eventlog.tasks.recover_stale_runs", "erp.import_package"} <= set(
        project_tasks()
    )


def test_every_task_acks_late_and_stops_before_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    for name, task in project_tasks().items():
        hard = task.time_limit or app.conf.task_time_limit
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert task.acks_late, name
        assert task.reject_on_worker_lost, name
        assert hard and soft and soft < hard < visibility, name


def test_every_default_schedule_is_a_registered_task():
    assert {default.task for default in schedules.DEFAULTS} <= set(project_tasks())


def test_every_schedule_the_migration_made_is_a_registered_task(db):
    assert set(PeriodicTask.objects.values_list("task", flat=True)) <= set(project_tasks())
