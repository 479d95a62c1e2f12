"""Settings refuse a mistyped boolean or number instead of guessing (config/environment.py)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from config.environment import Env

#: Enough environment for the settings to load on their own, as in production.
BASE = {"SECRET_KEY": "tests-only", "DEBUG": "0", "PATH": os.environ.get("PATH", "")}


def load(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly this environment."""
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.SESSION_COOKIE_SECURE, s.DEBUG)"],
        env={**BASE, **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_mistyped_boolean_stops_the_start_and_names_the_variable():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**BASE, "SESSION_COOKIE_SECURE": "treu"},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SESSION_COOKIE_SECURE='treu' is not a boolean" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [("1", "True"), ("YES", "True"), ("On", "True"), ("false", "False")])
def test_the_usual_spellings_are_read(value, expected):
    result = load(SESSION_COOKIE_SECURE=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected, "False"]


def test_a_mistyped_number_stops_the_start():
    result = load(CONN_MAX_AGE="6o")
    assert result.returncode != 0
    assert "CONN_MAX_AGE='6o' is not a whole number" in result.stderr


@pytest.mark.parametrize("value", ["treu", "2", "y", "enabled"])
def test_bool_refuses_anything_else(value):
    env = Env()
    env.ENVIRON = {"FLAG": value}
    with pytest.raises(ImproperlyConfigured, match=f"FLAG='{value}' is not a boolean"):
        env.bool("FLAG", default=True)


@pytest.mark.parametrize(("environ", "expected"), [({}, True), ({"FLAG": ""}, True), ({"FLAG": " off "}, False)])
def test_an_unset_or_empty_variable_takes_the_default(environ, expected):
    env = Env()
    env.ENVIRON = environ
    assert env.bool("FLAG", default=True) is expected


def test_ints_and_floats_are_strict_too():
    env = Env()
    env.ENVIRON = {"DAYS": "31", "BAD_DAYS": "31.5", "PAUSE": "0.5", "BAD_PAUSE": "half"}
    assert env.int("DAYS", default=1) == 31
    assert env.float("PAUSE", default=0.0) == 0.5
    with pytest.raises(ImproperlyConfigured, match=r"BAD_DAYS='31\.5' is not a whole number"):
        env.int("BAD_DAYS", default=1)
    with pytest.raises(ImproperlyConfigured, match="BAD_PAUSE='half' is not a number"):
        env.float("BAD_PAUSE", default=0.0)
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable MISSING"):
        env.int("MISSING")


def test_a_number_below_its_least_value_stops_the_start():
    env = Env()
    env.ENVIRON = {"JOURNAL_RUN_STALE_SECONDS": "-5"}
    with pytest.raises(ImproperlyConfigured, match="JOURNAL_RUN_STALE_SECONDS='-5' is below its least value, 10"):
        env.int("JOURNAL_RUN_STALE_SECONDS", default=300, minimum=10)
