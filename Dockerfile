# The image of web, worker and beat (docker-compose.yml). Python: the one version of development and CI
# (scripts/find-python.sh; tests/test_compose.py checks that they agree).
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
# Installing the project brings its dependencies (the code itself runs from /app).
RUN pip install --no-cache-dir .
# django-celery-beat declares Django<6.1 although it runs on 6.1: installed without its dependencies
# (they are in pyproject.toml), the version the Makefile installs (CELERY_BEAT_VERSION).
ARG CELERY_BEAT_VERSION=2.9.0
RUN pip install --no-cache-dir --no-deps "django-celery-beat==${CELERY_BEAT_VERSION}"
# What is copied is the checkout less .dockerignore (no .venv, .git, .run, database or collected files).
COPY . .
# collectstatic needs no database; a throw-away key satisfies the settings check.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0
# var/ is where compose mounts the "files" volume: made here, owned by the user, so that a new volume
# starts with this owner (a volume mounted on a folder the image lacks is root's, and the user could not
# write the exports and ERP packages). .run/ holds each container's own state (e-mail files without an
# SMTP server).
RUN useradd --create-home dziennik \
    && mkdir -p var/exports var/erp/inbox var/erp/outbox .run \
    && chown -R dziennik /app
USER dziennik
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
