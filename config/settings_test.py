"""Settings for the test suite: `config.settings` plus what makes tests fast and self-contained.

A bare `pytest` works: the environment below is filled in only where a variable is
unset, so `make test` (TEST_ENV) and parallel runs still choose their own database
and Redis databases.
"""

import os

_DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/dziennik",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/14",
    "SECRET_KEY": "tests-only",
    # Production settings, so the tests see what production does; only HTTPS is off
    # (the test client speaks plain HTTP).
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
}
for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from config.settings import *  # noqa: E402, F403  (the settings under test, then the overrides)
from config.settings import STORAGES  # noqa: E402

# The production hasher (PBKDF2, 1,500,000 rounds) takes 0.28 s a password, and the
# fixtures create users in nearly every test: most of the suite's time went there.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files are served from the source folders, so no `collectstatic` (and its
# manifest) is needed before a run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# The stand-in PrestaShop webservices of the tests listen on plain http://127.0.0.1.
PRESTASHOP_ALLOW_HTTP_LOOPBACK = True
