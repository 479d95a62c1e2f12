"""`manage.py check` warns about a production setup (DEBUG off) that cannot work as meant (eventlog/checks.py):
the file-system broker (W001), storages on this machine's disk while the broker serves other machines
(W002), a weak SECRET_KEY (W003)."""

import io
import os
import secrets
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

STRONG_KEY = secrets.token_urlsafe(50)
#: The shared storages in a folder beside the code, i.e. on its file system (not made: checks create nothing).
BESIDE_THE_CODE = Path(django_settings.BASE_DIR) / ".run" / "check-storages"
#: A file system of its own, as a mounted volume is (tmpfs on Linux).
VOLUME = Path("/dev/shm") / "dz-check-storages"


def local_storages(folder: Path) -> dict:
    backend = "django.core.files.storage.FileSystemStorage"
    return {
        **django_settings.STORAGES,
        **{
            name: {"BACKEND": backend, "OPTIONS": {"location": str(folder / name)}}
            for name in ("exports", "erp_inbox", "erp_outbox")
        },
    }


def s3_storages() -> dict:
    options = {"bucket_name": "dziennik", "endpoint_url": "http://s3.internal:9000", "addressing_style": "path"}
    return {
        **django_settings.STORAGES,
        **{
            name: {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": name}}
            for name in ("exports", "erp_inbox", "erp_outbox")
        },
    }


@pytest.fixture
def production(settings):
    """DEBUG off, a strong key, a Redis broker on another host and the storages beside the code."""
    settings.DEBUG = False
    settings.SECRET_KEY = STRONG_KEY
    settings.SECRET_KEY_FALLBACKS = []
    settings.CELERY_BROKER_URL = "redis://redis:6379/0"
    settings.STORAGES = local_storages(BESIDE_THE_CODE)
    settings.SILENCED_SYSTEM_CHECKS = []
    return settings


def ids() -> list[str]:
    return sorted(message.id for message in checks.run_checks(tags=["dziennik"]) if message.id)


def test_the_check_command_shows_the_warnings_with_their_hints(production):
    production.CELERY_BROKER_URL = "filesystem://"
    production.SECRET_KEY = "change-me-to-a-long-random-string"
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    shown = out.getvalue() + err.getvalue()
    assert "(dziennik.W001) Celery's broker is the filesystem transport" in shown
    assert "(dziennik.W003) SECRET_KEY is weak" in shown
    assert "HINT: Its queue is only on this machine" in shown
    # Warnings do not stop a start; an operator who wants them to fails on them.
    with pytest.raises(SystemCheckError, match=r"dziennik\.W001"):
        call_command("check", fail_level="WARNING", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_clean_production_setup_has_no_warning(production):
    production.STORAGES = s3_storages()
    assert ids() == []


def test_the_file_system_broker_with_debug_off(production):
    production.CELERY_BROKER_URL = "filesystem://"
    assert ids() == ["dziennik.W001"]  # and no W002: the broker is on this machine
    production.CELERY_BROKER_URL = "memory://"
    assert ids() == ["dziennik.W001"]
    production.DEBUG = True
    assert ids() == []


def test_storages_on_the_codes_disk_with_a_broker_elsewhere(production):
    [warning] = checks.run_checks(tags=["dziennik"])
    assert warning.id == "dziennik.W002"
    assert f"exports ({BESIDE_THE_CODE / 'exports'})" in warning.msg and "(redis)" in warning.msg
    assert "share these folders as one volume" in warning.hint and "AWS_STORAGE_BUCKET_NAME" in warning.hint
    # The broker's password is no part of the message.
    production.CELERY_BROKER_URL = "redis://:hunter2@redis.internal:6379/0"
    [warning] = checks.run_checks(tags=["dziennik"])
    assert "hunter2" not in warning.msg and "(redis.internal)" in warning.msg


@pytest.mark.parametrize(
    "broker",
    ["redis://127.0.0.1:6379/0", "redis://localhost/1", "redis://[::1]:6379", "redis+socket:///run/redis.sock",
     "redis://"],
)  # fmt: skip
def test_a_broker_on_this_machine_means_one_machine_shares_the_folders(production, broker):
    production.CELERY_BROKER_URL = broker
    assert ids() == []


def test_a_failover_broker_list_is_read_url_by_url(production):
    production.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0;redis://redis-b:6379/0"
    assert ids() == ["dziennik.W002"]


def test_storages_on_a_volume_of_their_own_or_in_s3_are_shared(production):
    assert os.stat("/dev/shm").st_dev != os.stat(django_settings.BASE_DIR).st_dev  # a file system of its own
    production.STORAGES = local_storages(VOLUME)
    assert ids() == []
    production.STORAGES = s3_storages()
    assert ids() == []


def test_the_storage_warning_can_be_silenced_as_its_hint_says(production):
    production.SILENCED_SYSTEM_CHECKS = ["dziennik.W002"]
    out = io.StringIO()
    call_command("check", stdout=out, stderr=out)
    assert "dziennik.W002" not in out.getvalue() and "1 silenced" in out.getvalue()


@pytest.mark.parametrize(
    "key",
    ["tests-only", "x" * 80, "django-insecure-" + secrets.token_urlsafe(50), "change-me-to-a-long-random-string"],
)
def test_a_weak_secret_key(production, key):
    production.STORAGES = s3_storages()
    production.SECRET_KEY = key
    [warning] = checks.run_checks(tags=["dziennik"])
    assert warning.id == "dziennik.W003" and warning.msg.startswith("SECRET_KEY is weak")
    production.DEBUG = True
    assert ids() == []


def test_a_weak_fallback_key_is_named(production):
    production.STORAGES = s3_storages()
    production.SECRET_KEY_FALLBACKS = [secrets.token_urlsafe(50), "old"]
    [warning] = checks.run_checks(tags=["dziennik"])
    assert warning.id == "dziennik.W003" and warning.msg.startswith("SECRET_KEY_FALLBACKS[1] is weak")
