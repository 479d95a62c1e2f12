FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
# Installing the project brings its dependencies (the code itself runs from /app).
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs no database; a throw-away key satisfies the settings check.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0
RUN useradd --create-home dziennik && chown -R dziennik /app
USER dziennik
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
