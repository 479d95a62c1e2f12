"""Dziennik settings, read from the environment.

Every variable is documented in `.env.example`. With none set the panel runs on
embedded defaults (SQLite and a file-system Celery broker) so that `make run` works
on a fresh machine; production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY,
DEBUG=0 and ALLOWED_HOSTS.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.environment import Env

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = BASE_DIR / ".run"

# Booleans and numbers are read strictly: a typo stops the start (config/environment.py).
env = Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "ninja",  # its docs page's assets (Swagger UI) are served from its static files
    # Celery beat's schedules in the database (eventlog/beat.py, eventlog/schedules.py).
    "django_celery_beat",
    "eventlog",
    "integrations.erp",
    "integrations.marketplaces",
    "integrations.messaging",
    "integrations.sms",
    "integrations.theme",
    "integrations.baselinker",
    "integrations.prestashop",
    "integrations.custom_events",
    "integrations.allegro",
    "explanations",
    # Login throttling (django-axes, its own tables) and the journal tab that records panel access.
    "axes",
    "access",
]

MIDDLEWARE = [
    # First: answers /healthz before the HTTPS redirect and the ALLOWED_HOSTS check (eventlog/health.py).
    "eventlog.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A database outage escaping a view: the 503 page (or API problem) in the request's language.
    "eventlog.outage.DatabaseOutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eventlog.replica.ReplicaReadsMiddleware",  # the journal's read-only pages on the replica, if there is one
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a login refused by a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Checks an operator has decided to live with (e.g. dziennik.W002 where the folders are shared some other way).
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eventlog.context_processors.journal",
            ],
        },
    },
]

# Database: PostgreSQL in production and tests; SQLite only as the embedded default.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves web, worker and beat at once: in WAL mode a job's long
    # read (an export's cursor) never blocks a login or a progress save, and IMMEDIATE
    # transactions wait for the one writer instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE",
         "timeout": 30}
    )  # fmt: skip
# A PostgreSQL streaming replica (optional): the journal's lists, entries, search and exports read
# from it; writes, transactions, sessions, users and runs stay on the primary (eventlog/replica.py).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    if {DATABASES[name]["ENGINE"] for name in ("default", "replica")} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL replica of a PostgreSQL DATABASE_URL.")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica that does not answer costs at most this long before its reads fall back to the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2, minimum=1)
    )
    # Test runs make no database of their own for it: it is the primary's copy.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# PostgreSQL's JIT compiles a query whose estimated cost is high, such as a search over months: the
# panel's queries end in milliseconds, and compiling alone took 60 of a search's 168 ms (EXPLAIN
# ANALYZE of a common word with severity=error over 10 M entries). A URL's own `options` win.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
# Read-your-writes: after a POST, PUT, PATCH or DELETE a user reads the primary for this long (0: never).
DATABASE_REPLICA_FRESH_SECONDS = env.int("DATABASE_REPLICA_FRESH_SECONDS", default=10, minimum=0)
# A replica further behind than this is not read from until it catches up (its reads use the primary).
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=30.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every table of the panel (django-tables2) renders through the project's lean template.
DJANGO_TABLES2_TEMPLATE = "django_tables2/dziennik.html"

# Cache: Redis where configured (shared by every web process), memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "eventlog:overview"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes; access/ records what it does in the "Panel access" tab).
# The first backend refuses a locked login before any password is checked; it lets
# authentication without a request (a shell, a management command) through, which no
# one can repeat from the web.
AUTHENTICATION_BACKENDS = ["access.backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
# 5 wrong passwords lock a username for 15 minutes from the address they came from.
# Per username *and* address: an attacker elsewhere cannot lock a shop admin out of the
# panel (per username alone he could, with 5 requests), and each address still gets only
# 5 guesses per username per 15 minutes. Behind a proxy REMOTE_ADDR is the proxy's, so
# the lockout becomes per username (still safe, less precise); see README.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The typed username, cut to what a username may be (a longer one made axes' insert fail).
AXES_USERNAME_CALLABLE = "access.lockout.client_username"
# The lockout lasts 15 minutes from the failure that caused it: more tries while locked are
# refused and recorded, but do not push the end further (the page can say when it ends).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The lockout page in the panel's layout, translated, 429 (access/lockout.py).
AXES_LOCKOUT_CALLABLE = "access.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Attempts are kept in the database (the default handler): they survive a restart and
# every web process sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

# Polish first: the browser's Accept-Language picks English where it asks for it.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Warsaw")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security: strict by default; `manage.py check --deploy` is clean with DEBUG off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No address of the panel (a search for a customer's e-mail is in its query string) leaves it.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Celery: Redis (or RabbitMQ) where configured; a file-system broker otherwise, so that
# jobs still run asynchronously in a worker on a machine with no broker server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue = RUN_DIR / "broker"
    _queue.mkdir(parents=True, exist_ok=True)  # the transport needs its folder before the first message
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(RUN_DIR / "broker-processed"),
        # Remote control (an abort's revoke, inspect) keeps its tables here, not in the project folder.
        "control_folder": str(RUN_DIR / "broker-control"),
        "store_processed": False,
    }
else:
    # Redis hands an unacknowledged task to another worker after this long; every task's
    # hard time limit is below it, so a running task is never delivered twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600),
    }
# The longest a task may run: the soft limit raises in the job (its run ends "failed",
# saying so), the hard one kills the worker child a minute later.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=3600)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
_visibility = CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
if CELERY_TASK_SOFT_TIME_LIMIT <= 0 or (isinstance(_visibility, int) and _visibility <= CELERY_TASK_TIME_LIMIT):
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be over 60 s and below CELERY_VISIBILITY_TIMEOUT")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Outcomes live in `Run` records; a result backend is only for callers that wait (tests).
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
# A task is acknowledged once it is done, and given back to the broker if its worker
# is killed; one task per worker process at a time. Runs are claimed by a conditional
# UPDATE (eventlog.runs), so a task delivered twice still runs its job once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Beat's schedules live in the database (django-celery-beat), where shop admins change them in the panel
# and beat keeps each one's last run; the defaults come from a migration (eventlog/schedules.py). No
# CELERY_BEAT_SCHEDULE here: django-celery-beat would write it over the database at every start.
CELERY_BEAT_SCHEDULER = "eventlog.beat.Scheduler"
# Beat looks at the schedules, and stores its heartbeat (`manage.py check_beat`), at least this often.
CELERY_BEAT_MAX_LOOP_INTERVAL = env.int("CELERY_BEAT_MAX_LOOP_INTERVAL", default=5, minimum=1)
# A run queued or running with no sign of life (a heartbeat comes with its progress,
# every few seconds) for this long lost its worker: it is sent again, up to
# JOURNAL_RUN_MAX_ATTEMPTS times in all if its job may run twice, or else failed.
# A heartbeat is saved every few seconds (runs.PROGRESS_EVERY_SECONDS): less than 10 s of
# silence is no sign of a dead worker.
JOURNAL_RUN_STALE_SECONDS = env.int("JOURNAL_RUN_STALE_SECONDS", default=300, minimum=10)
JOURNAL_RUN_MAX_ATTEMPTS = env.int("JOURNAL_RUN_MAX_ATTEMPTS", default=3, minimum=1)
# A resumable job that met a passing fault (database gone, connection refused) is tried again
# after this many seconds, doubled each attempt, within JOURNAL_RUN_MAX_ATTEMPTS (eventlog.runs).
JOURNAL_RUN_RETRY_SECONDS = env.float("JOURNAL_RUN_RETRY_SECONDS", default=30.0)
# A pause between the batches of every job; 0 in production (tests slow a job down with it).
JOURNAL_RUN_BATCH_PAUSE_SECONDS = env.float("JOURNAL_RUN_BATCH_PAUSE_SECONDS", default=0.0)

# The journal's own limits.
JOURNAL_MESSAGE_MAX_CHARS = 4000
JOURNAL_DATA_MAX_BYTES = 32 * 1024
JOURNAL_PAGE_SIZE = 50
JOURNAL_PARTITION_MONTHS_AHEAD = 3
# Exports up to this many rows download at once; larger ones run as a job (a bounded count decides).
JOURNAL_EXPORT_SYNC_MAX_ROWS = env.int("JOURNAL_EXPORT_SYNC_MAX_ROWS", default=20_000)
# The local folder of the "exports" storage (when no bucket is set: FILE_STORAGES below); private, its
# files are served only by the download view.
JOURNAL_EXPORT_DIR = Path(env.str("JOURNAL_EXPORT_DIR", default=str(RUN_DIR / "exports")))
JOURNAL_EXPORT_KEEP_DAYS = env.int("JOURNAL_EXPORT_KEEP_DAYS", default=7)

# The HTTP API (/api/v1/, eventlog.api).
# Requests a minute one API key may make (over all web processes: counted in the cache,
# which is Redis when REDIS_URL is set); more get 429 with Retry-After.
JOURNAL_API_RATE_PER_MINUTE = env.int("JOURNAL_API_RATE_PER_MINUTE", default=600, minimum=1)
# The largest request body, also after gzip decoding (a batch of 1,000 typical entries ≈ 400 KB).
JOURNAL_API_MAX_BODY_BYTES = env.int("JOURNAL_API_MAX_BODY_BYTES", default=5 * 1024 * 1024, minimum=1024)
# Records in one POST /api/v1/entries.
JOURNAL_API_MAX_BATCH = 1000
# How long an Idempotency-Key's first answer is kept (and replayed); at least a day.
JOURNAL_API_IDEMPOTENCY_HOURS = env.int("JOURNAL_API_IDEMPOTENCY_HOURS", default=24, minimum=24)
# The worker imports the API's tasks (its beat cleanup), which are not in an app's tasks.py.
CELERY_IMPORTS = ["eventlog.api.tasks"]

# ERP sync: packages dropped into the inbox are imported (then moved to its done/ or failed/
# folder); order exports are written to the outbox. Both must be on storage that the web
# process (uploads) and the workers share.
ERP_INBOX_DIR = Path(env.str("ERP_INBOX_DIR", default=str(RUN_DIR / "erp" / "inbox")))
ERP_OUTBOX_DIR = Path(env.str("ERP_OUTBOX_DIR", default=str(RUN_DIR / "erp" / "outbox")))
# The largest package a shop admin may upload in the panel (100,000 products ≈ 22 MB).
ERP_UPLOAD_MAX_BYTES = env.int("ERP_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
# Days a processed package stays in the inbox's done/ or failed/ folder (counted from its import).
ERP_INBOX_KEEP_DAYS = env.int("ERP_INBOX_KEEP_DAYS", default=30, minimum=1)
# Products an import writes per transaction (its progress and checkpoint move every batch).
ERP_IMPORT_BATCH = env.int("ERP_IMPORT_BATCH", default=5000, minimum=1)
# Files the product keeps, each through a named storage of Django's storage API
# (`django.core.files.storage.storages[name]`), so that web, worker and beat on different machines
# see the same files:
#   "exports"     the files of export jobs (eventlog/exports/storage.py)
#   "erp_inbox"   ERP packages: dropped by the ERP or uploaded in the panel, claimed, filed away
#   "erp_outbox"  the order packages written for the ERP
# By default each is a local folder (JOURNAL_EXPORT_DIR, ERP_INBOX_DIR, ERP_OUTBOX_DIR): `make run`
# needs nothing, and in docker-compose.yml they are a volume that web, worker and beat share.
# With AWS_STORAGE_BUCKET_NAME set, all three live in one bucket of S3-compatible object storage
# (django-storages' S3 backend; any AWS_* variable boto3 reads works too), each under its prefix.
FILE_STORAGES = {"exports": JOURNAL_EXPORT_DIR, "erp_inbox": ERP_INBOX_DIR, "erp_outbox": ERP_OUTBOX_DIR}
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    import botocore.config as _botocore_config

    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        # MinIO, Ceph, Garage, a cloud's S3-compatible service; unset: AWS itself.
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        # Path-style addresses (http://host/bucket/key) work with every S3-compatible server.
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
        # Names are made unique by the code that saves them; a name saved twice is the same file.
        "file_overwrite": True,
        # Downloads redirect to an address signed for this many seconds (private bucket, no ACLs).
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300, minimum=10),
        "default_acl": None,
        # An opened file (an ERP package being read) is kept in memory up to this size, then in a temporary file.
        "max_memory_size": 16 * 1024 * 1024,
        # botocore's defaults wait 60 s for an answer: a run page asking for a file's size must not hang that long.
        "client_config": _botocore_config.Config(
            connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 3}
        ),
    }
    _prefixes = {"exports": "exports", "erp_inbox": "erp/inbox", "erp_outbox": "erp/outbox"}
    for _name, _prefix in _prefixes.items():
        STORAGES[_name] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3_options, "location": _prefix}}
else:
    for _name, _folder in FILE_STORAGES.items():
        STORAGES[_name] = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(_folder), "directory_permissions_mode": 0o700, "file_permissions_mode": 0o600},
        }
    # The ERP's users write into the inbox folder: it never follows a link (integrations/erp/storage.py).
    STORAGES["erp_inbox"]["BACKEND"] = "integrations.erp.storage.InboxFolderStorage"

# The largest PrestaShop linking workbook (XLSX) a shop admin may upload, and the most its
# parts may hold unpacked (an XLSX is a ZIP: a "ZIP bomb" is refused before it is unpacked).
PRESTASHOP_LINKING_UPLOAD_MAX_BYTES = env.int("PRESTASHOP_LINKING_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
PRESTASHOP_LINKING_UNPACKED_MAX_BYTES = env.int("PRESTASHOP_LINKING_UNPACKED_MAX_BYTES", default=100 * 1024 * 1024)

# SMS through SMSAPI.pl (integrations/sms): the gateway's base URL, the account's OAuth token
# (with no token nothing is sent: the queue waits and its runs say why), an approved sender
# name (empty: the account's default), how long one request may take, how many times a
# message is tried when the gateway does not answer, and the most parts one SMS may have.
SMSAPI_URL = env.str("SMSAPI_URL", default="https://api.smsapi.pl/")
SMSAPI_TOKEN = env.str("SMSAPI_TOKEN", default="")
SMSAPI_SENDER = env.str("SMSAPI_SENDER", default="")
SMSAPI_TIMEOUT_SECONDS = env.float("SMSAPI_TIMEOUT_SECONDS", default=10.0)
SMSAPI_MAX_ATTEMPTS = env.int("SMSAPI_MAX_ATTEMPTS", default=3, minimum=1)
SMSAPI_MAX_PARTS = env.int("SMSAPI_MAX_PARTS", default=6, minimum=1)

# PrestaShop integration module (integrations/prestashop): how long one webservice request may
# take (seconds), how many times a 5xx or a timeout is retried (with back-off), and whether a
# plain-http address on loopback is accepted (the stand-ins of `make run` and the tests; any
# other address must start with https://).
PRESTASHOP_TIMEOUT_SECONDS = env.float("PRESTASHOP_TIMEOUT_SECONDS", default=15.0)
PRESTASHOP_RETRIES = env.int("PRESTASHOP_RETRIES", default=3, minimum=0)
# The first retry waits this long, each next one twice as long (urllib3's back-off).
PRESTASHOP_BACKOFF_SECONDS = env.float("PRESTASHOP_BACKOFF_SECONDS", default=0.5)
PRESTASHOP_ALLOW_HTTP_LOOPBACK = env.bool("PRESTASHOP_ALLOW_HTTP_LOOPBACK", default=DEBUG)
# Where `make run` serves its stand-in PrestaShop webservice (manage.py prestashop_standin).
PRESTASHOP_STANDIN_PORT = env.int("PRESTASHOP_STANDIN_PORT", default=8010)

# Allegro (integrations/allegro): the application's OAuth client id and secret (developer.allegro.pl;
# with no client id no account can be authorised), the REST API and the OAuth server (the
# stand-in's address in tests and the demo), how long one request may take (seconds), how many
# times a 5xx of a GET is retried, and how many events one page of a feed asks for (1..1000).
ALLEGRO_CLIENT_ID = env.str("ALLEGRO_CLIENT_ID", default="")
ALLEGRO_CLIENT_SECRET = env.str("ALLEGRO_CLIENT_SECRET", default="")
ALLEGRO_API_URL = env.str("ALLEGRO_API_URL", default="https://api.allegro.pl")
ALLEGRO_AUTH_URL = env.str("ALLEGRO_AUTH_URL", default="https://allegro.pl")
ALLEGRO_TIMEOUT_SECONDS = env.float("ALLEGRO_TIMEOUT_SECONDS", default=15.0)
ALLEGRO_RETRIES = env.int("ALLEGRO_RETRIES", default=2, minimum=0)
ALLEGRO_PAGE_SIZE = env.int("ALLEGRO_PAGE_SIZE", default=1000, minimum=1)
# Where `make run` serves its stand-in Allegro (manage.py allegro_standin).
ALLEGRO_STANDIN_PORT = env.int("ALLEGRO_STANDIN_PORT", default=8011)

# BaseLinker integration file (integrations/baselinker): the password BaseLinker sends as
# bl_pass (set, it overrides the one a shop admin sets in the panel: scripted setups), and how
# many seconds without a request close a pull (at most half of JOURNAL_RUN_STALE_SECONDS is
# used, so that the stale-run check never takes an idle pull for a dead worker).
BASELINKER_PASSWORD = env.str("BASELINKER_PASSWORD", default="")
BASELINKER_PULL_QUIET_SECONDS = env.int("BASELINKER_PULL_QUIET_SECONDS", default=120, minimum=5)

# E-mail (integrations.messaging). Every message goes through the journal's backend, which hands
# it to the "delivery" mailer and records each recipient it did not reach in the E-mail tab.
# Delivery is SMTP when EMAIL_HOST is set; otherwise Django's file backend into .run/mail, so
# `make run` works on a fresh machine. (Django 6.1's MAILERS: the old EMAIL_* settings are
# deprecated and may not be set beside it, so the variables are read into MAILERS here.)
_email_host = env.str("EMAIL_HOST", default="")
if _email_host:
    _delivery = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": env.int("EMAIL_PORT", default=587),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
            "timeout": env.int("EMAIL_TIMEOUT", default=30, minimum=1),
        },
    }
else:
    _delivery = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(RUN_DIR / "mail")},
    }
MAILERS = {
    "default": {
        "BACKEND": "integrations.messaging.backends.JournalEmailBackend",
        "OPTIONS": {"deliver_with": "delivery"},
    },
    "delivery": _delivery,
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sklep@localhost")
# Recipients of a mailing per SMTP connection (the job checks for an Abort between batches).
MAILING_BATCH_SIZE = env.int("MAILING_BATCH_SIZE", default=100, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # aiosmtpd (the local SMTP server of the demo) logs every SMTP command at INFO.
    "loggers": {"django.db.backends": {"level": "INFO"}, "mail.log": {"level": "WARNING"}},
}
