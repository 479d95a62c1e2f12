# Dziennik: `make run` brings the panel up, `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python.sh)
MANAGE := $(PY) manage.py

# What the tests run against (override with the environment).
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/dziennik)
# Parallel test runs need their own database and Redis databases.
TEST_REDIS ?= redis://127.0.0.1:6379
TEST_CACHE_DB ?= 15
TEST_BROKER_DB ?= 14
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) DATABASE_REPLICA_URL= REDIS_URL=$(TEST_REDIS)/$(TEST_CACHE_DB) \
	CELERY_BROKER_URL=$(TEST_REDIS)/$(TEST_BROKER_DB) CELERY_RESULT_BACKEND=$(TEST_REDIS)/$(TEST_BROKER_DB) \
	SECRET_KEY=tests-only DEBUG=0 \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 ALLOWED_HOSTS=testserver,127.0.0.1,localhost
# `make run`: embedded defaults unless DATABASE_URL / CELERY_BROKER_URL are set; with no
# Allegro application (ALLEGRO_CLIENT_ID), the panel talks to the stand-in Allegro of Procfile.dev.
# Its ports: `make run PORT=8123 PRESTASHOP_STANDIN_PORT=8124 ALLEGRO_STANDIN_PORT=8125`.
PORT ?= 8000
PRESTASHOP_STANDIN_PORT ?= 8010
ALLEGRO_STANDIN_PORT ?= 8011
RUN_PORTS := PORT=$(PORT) PRESTASHOP_STANDIN_PORT=$(PRESTASHOP_STANDIN_PORT) ALLEGRO_STANDIN_PORT=$(ALLEGRO_STANDIN_PORT)
RUN_ENV := DEBUG=$(or $(DEBUG),1) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_PORT=$(PORT) \
	PRESTASHOP_STANDIN_PORT=$(PRESTASHOP_STANDIN_PORT) ALLEGRO_STANDIN_PORT=$(ALLEGRO_STANDIN_PORT)
ifeq ($(ALLEGRO_CLIENT_ID),)
RUN_ENV += ALLEGRO_API_URL=http://127.0.0.1:$(ALLEGRO_STANDIN_PORT) ALLEGRO_AUTH_URL=http://127.0.0.1:$(ALLEGRO_STANDIN_PORT) \
	ALLEGRO_CLIENT_ID=standin-client ALLEGRO_CLIENT_SECRET=standin-secret
endif

# Installed apart from the project's dependencies: see pyproject.toml.
CELERY_BEAT_VERSION := 2.9.0

.PHONY: run test proofs lint install services messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || exit 1
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps 'django-celery-beat==$(CELERY_BEAT_VERSION)'
	@touch $@

install: $(VENV)/.installed

# The ports are checked first: one taken fails here, before the banner names an address.
run: install
	@$(PY) scripts/free_ports.py $(RUN_PORTS)
	@mkdir -p .run/broker
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) demo_setup --port $(PORT)
	$(RUN_ENV) $(VENV)/bin/honcho -f Procfile.dev start

services:
	@scripts/services.sh

test: install services
	$(TEST_ENV) $(MANAGE) collectstatic --noinput -v0
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Bounded proofs under load and faults (a load of 50 users, a worker killed at 20 moments):
# longer than a unit test, so apart from the suite; CI runs both. -rP prints the figures each proof measured.
proofs: install services
	$(TEST_ENV) $(VENV)/bin/pytest $(or $(PYTEST_ARGS),proofs -rP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DEBUG=1 $(MANAGE) check

# Re-extract the translatable strings after changing them, then translate locale/pl.
messages: install
	DEBUG=1 $(MANAGE) makemessages -l pl -l en --ignore='.venv/*' --ignore='static/vendor/*'
	DEBUG=1 $(MANAGE) compilemessages --ignore='.venv/*'

clean:
	rm -rf $(VENV) .run db.sqlite3 staticfiles
