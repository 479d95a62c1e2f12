"""The local ERP inbox claims only plain files inside it, keeps processed packages ERP_INBOX_KEEP_DAYS
days, and sees to what a killed process left behind."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from eventlog.models import Run
from integrations.erp import importer, inbox, jobs, storage
from integrations.erp.models import InboxClaim

CLEAN = Path(django_settings.BASE_DIR) / "examples" / "erp" / "catalogue.xml"


@pytest.fixture
def folders(file_storages, tmp_path):
    box = file_storages["erp_inbox"]
    box.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.xml").write_bytes(CLEAN.read_bytes())  # a file the inbox must never read
    return box, outside


def old(path: Path) -> None:
    """As if left there long ago (by a killed process)."""
    os.utime(path, (0, 0), follow_symlinks=False)


def test_the_inbox_is_a_storage_that_never_follows_a_link():
    assert isinstance(storage.inbox(), storage.InboxFolderStorage)


def test_only_plain_files_in_the_inbox_are_claimed(db, folders):
    box, outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    (box / "link.xml").symlink_to(outside / "secret.xml")
    (box / "linked-dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(box / "fifo.xml")
    os.link(outside / "secret.xml", box / "hardlink.xml")

    assert inbox.waiting() == ["katalog.xml"]
    [run_id] = jobs.check_inbox()
    run = Run.objects.get(pk=run_id)
    assert run.params["file_name"] == "katalog.xml" and run.params["package"].startswith("processing/")
    assert not (box / "katalog.xml").exists() and not InboxClaim.objects.exists()
    assert jobs.check_inbox() == []
    assert (outside / "secret.xml").read_bytes() == CLEAN.read_bytes()
    assert {p.name for p in box.iterdir()} >= {"link.xml", "linked-dir", "fifo.xml", "hardlink.xml"}


@pytest.mark.parametrize("kind", ["link", "fifo", "hardlink"])
def test_what_is_not_a_plain_file_is_never_opened_or_claimed(db, folders, kind):
    box, outside = folders
    name = f"{kind}.xml"
    if kind == "link":
        (box / name).symlink_to(outside / "secret.xml")
    elif kind == "fifo":
        os.mkfifo(box / name)
    else:
        os.link(outside / "secret.xml", box / name)
    with pytest.raises(storage.NotAPlainFile):
        storage.inbox().open(name)
    # Claimed by name (as if swapped in after the listing): refused, its run rolled back, nothing moved.
    queue = lambda file_name, stored_as: importer.queue_run(source="inbox", file_name=file_name, package=stored_as)  # noqa: E731
    assert inbox.claim(name, queue) is None
    assert not Run.objects.exists() and not InboxClaim.objects.exists()
    assert os.path.lexists(box / name) and (outside / "secret.xml").read_bytes() == CLEAN.read_bytes()


def test_a_linked_processing_folder_is_never_used(db, folders):
    box, outside = folders
    (box / "processing").symlink_to(outside, target_is_directory=True)
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    with pytest.raises(inbox.NotAFolder):
        jobs.check_inbox()
    assert (box / "katalog.xml").exists() and sorted(p.name for p in outside.iterdir()) == ["secret.xml"]
    assert not Run.objects.exists() and not InboxClaim.objects.exists()


def test_processed_packages_go_after_the_configured_days(db, folders, settings):
    box, outside = folders
    settings.ERP_INBOX_KEEP_DAYS = 7
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    old(box / "katalog.xml")  # written by the ERP long ago: days count from the import
    [run_id] = jobs.check_inbox()
    jobs.import_file(run_id)
    [done] = (box / "done").iterdir()
    failed = box / "failed"
    failed.mkdir()
    (failed / "old.xml").write_text("x")
    (failed / "old-link.xml").symlink_to(outside / "secret.xml")
    eight_days = (timezone.now() - dt.timedelta(days=8)).timestamp()
    os.utime(failed / "old.xml", (eight_days, eight_days))
    os.utime(failed / "old-link.xml", (eight_days, eight_days), follow_symlinks=False)

    assert jobs.remove_processed_packages() == 1
    assert [p.name for p in (box / "done").iterdir()] == [done.name]  # imported just now: kept
    # A link is no package: left alone, never followed (its target stays).
    assert [p.name for p in failed.iterdir()] == ["old-link.xml"] and (outside / "secret.xml").exists()
    later = timezone.now() + dt.timedelta(days=8)
    assert inbox.remove_processed(now=later) == 1 and not list((box / "done").iterdir())


def test_a_copy_a_killed_check_left_in_processing_is_removed_and_the_original_imported(db, folders):
    box, _outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    # Copied into processing/, then the process died before its claim committed: no run knows the copy.
    (box / "processing").mkdir()
    orphan = box / "processing" / "20250101-000000-0123abcd-katalog.xml"
    shutil.copyfile(box / "katalog.xml", orphan)
    [run_id] = jobs.check_inbox()  # the original is claimed as if nothing had happened
    assert orphan.exists()  # not yet: it may be an upload whose run is being committed
    old(orphan)
    assert jobs.check_inbox() == [] and not orphan.exists()
    run = jobs.import_file(run_id)
    assert run.status == "succeeded" and run.params["file_name"] == "katalog.xml"
    assert [p.name for p in (box / "done").iterdir()] == [run.params["package"].split("/")[1]]
    assert not list((box / "processing").iterdir())


def test_a_claim_whose_original_was_not_deleted_is_finished_by_the_next_check(db, folders):
    box, _outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    [run_id] = jobs.check_inbox()
    run = Run.objects.get(pk=run_id)
    # As if killed after the claim committed, before the original was deleted.
    shutil.copy2(box / run.params["package"], box / "katalog.xml")
    InboxClaim.objects.create(
        name="katalog.xml", run=run, size=(box / "katalog.xml").stat().st_size,
        modified_at=storage.inbox().get_modified_time("katalog.xml"),
    )  # fmt: skip
    assert jobs.check_inbox() == []  # the original goes; no second run
    assert not (box / "katalog.xml").exists() and not InboxClaim.objects.exists()
    assert Run.objects.count() == 1


def test_a_package_dropped_over_a_claimed_one_is_kept_and_claimed_anew(db, folders):
    box, _outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    [first] = jobs.check_inbox()
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes() + b"\n")  # the ERP's next package, same name
    InboxClaim.objects.create(
        name="katalog.xml", run_id=first, size=len(CLEAN.read_bytes()), modified_at=timezone.now() - dt.timedelta(1)
    )
    [second] = jobs.check_inbox()  # the stale claim goes, the new package stays and is claimed
    assert second != first and Run.objects.get(pk=second).params["file_name"] == "katalog.xml"


def test_a_package_whose_run_ended_before_it_was_filed_away_is_filed_by_the_next_check(db, folders):
    box, _outside = folders
    (box / "katalog.xml").write_bytes(CLEAN.read_bytes())
    [run_id] = jobs.check_inbox()
    importer.run_import(Run.objects.get(pk=run_id))  # the import, without filing: killed right after
    [left] = (box / "processing").iterdir()
    old(left)
    assert jobs.check_inbox() == []
    assert [p.name for p in (box / "done").iterdir()] == [left.name] and not any((box / "processing").iterdir())
    assert Run.objects.get(pk=run_id).params["package"] == f"done/{left.name}"


def test_the_command_imports_a_file_the_operator_names_and_never_moves_it(db, tmp_path):
    package = tmp_path / "katalog.xml"
    package.write_bytes(CLEAN.read_bytes())
    run = jobs.import_file(importer.new_run(source="command", file_name=package.name, path=package))
    assert run.status == "succeeded" and run.params["path"] == str(package) and package.exists()
