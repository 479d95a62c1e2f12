"""What shop admins start in the ERP sync: each action owns its transaction, and the
run's task is sent once it commits (`eventlog.runs.queue`)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from eventlog.models import Run

from . import exporter, importer, inbox


def start_upload(*, upload: UploadedFile, user: Any) -> Run:
    """A shop admin's uploaded package: saved into the inbox's processing/, a queued run, the task sent
    after commit. (Should the run not commit, the saved package is removed by `jobs.recover_processing`.)"""
    name = inbox.store_upload(upload)
    with transaction.atomic():
        return importer.queue_run(
            source="upload", file_name=upload.name or inbox.claimed_name(name), package=name, user=user
        )


def start_export(*, user: Any = None, source: str = "panel") -> Run:
    """Send the orders not yet sent to the ERP, in the background."""
    with transaction.atomic():
        return exporter.queue_run(source=source, user=user)
