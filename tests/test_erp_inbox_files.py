"""The ERP inbox claims only plain files inside it, and keeps processed packages ERP_INBOX_KEEP_DAYS days."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from eventlog.models import Run
from integrations.erp import importer, inbox, jobs

CLEAN = Path(django_settings.BASE_DIR) / "examples" / "erp" / "catalogue.xml"


@pytest.fixture
def folders(settings, tmp_path):
    settings.ERP_INBOX_DIR = tmp_path / "inbox"
    (tmp_path / "inbox").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.xml").write_bytes(CLEAN.read_bytes())  # a file the inbox must never read
    return tmp_path / "inbox", outside


def test_only_plain_files_in_the_inbox_are_claimed(db, folders):
    box, outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    (box / "link.xml").symlink_to(outside / "secret.xml")
    (box / "linked-dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(box / "fifo.xml")
    os.link(outside / "secret.xml", box / "hardlink.xml")

    assert [p.name for p in inbox.waiting()] == ["katalog.xml"]
    [run_id] = jobs.check_inbox()
    assert Run.objects.get(pk=run_id).params["file_name"] == "katalog.xml"
    assert jobs.check_inbox() == []
    assert (outside / "secret.xml").read_bytes() == CLEAN.read_bytes()
    assert {p.name for p in box.iterdir()} >= {"link.xml", "linked-dir", "fifo.xml", "hardlink.xml"}


def test_a_linked_processing_folder_is_never_used(db, folders):
    box, outside = folders
    (box / "processing").symlink_to(outside, target_is_directory=True)
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    with pytest.raises(inbox.NotAFolder):
        inbox.claim(box / "katalog.xml")
    assert (box / "katalog.xml").exists() and sorted(p.name for p in outside.iterdir()) == ["secret.xml"]


def test_processed_packages_go_after_the_configured_days(db, folders, settings):
    box, outside = folders
    settings.ERP_INBOX_KEEP_DAYS = 7
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    os.utime(box / "katalog.xml", (0, 0))  # written by the ERP long ago: days count from the import
    [run_id] = jobs.check_inbox()
    jobs.import_file(run_id)
    [done] = (box / "done").iterdir()
    failed = inbox.folder(inbox.FAILED)
    (failed / "old.xml").write_text("x")
    (failed / "old-link.xml").symlink_to(outside / "secret.xml")
    old = (timezone.now() - dt.timedelta(days=8)).timestamp()
    os.utime(failed / "old.xml", (old, old))
    os.utime(failed / "old-link.xml", (old, old), follow_symlinks=False)

    assert jobs.remove_processed_packages() == 2
    assert [p.name for p in (box / "done").iterdir()] == [done.name]  # imported just now: kept
    assert not list(failed.iterdir()) and (outside / "secret.xml").exists()  # a link goes, never its target
    later = timezone.now() + dt.timedelta(days=8)
    assert inbox.remove_processed(now=later) == 1 and not list((box / "done").iterdir())


def test_a_package_a_killed_worker_left_in_processing_is_imported_after_all(db, folders, settings):
    box, _outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    # Claimed, then the worker died before its run was committed: no run knows the file.
    claimed = inbox.claim(box / "katalog.xml")
    assert claimed is not None and not Run.objects.exists()
    assert jobs.check_inbox() == []  # not yet: it may be an upload whose run is being committed
    os.utime(claimed, (0, 0))
    [run_id] = jobs.check_inbox()
    run = jobs.import_file(run_id)
    assert run.status == "succeeded" and run.params["file_name"] == "katalog.xml"
    assert [p.name for p in (box / "done").iterdir()] == [claimed.name]


def test_a_package_whose_run_ended_before_it_was_filed_away_is_filed_by_the_next_check(db, folders):
    box, _outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    [run_id] = jobs.check_inbox()
    importer.run_import(Run.objects.get(pk=run_id))  # the import, without filing: killed right after
    [left] = (box / "processing").iterdir()
    os.utime(left, (0, 0))
    assert jobs.check_inbox() == []
    assert [p.name for p in (box / "done").iterdir()] == [left.name] and not any((box / "processing").iterdir())
    assert Run.objects.get(pk=run_id).params["path"] == str(box / "done" / left.name)
