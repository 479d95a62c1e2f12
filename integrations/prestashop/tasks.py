"""Celery tasks of the PrestaShop module: thin wrappers around its jobs (runs are sent here by task name)."""

from __future__ import annotations

from celery import shared_task  # noqa: F401  (the tasks below use it)
