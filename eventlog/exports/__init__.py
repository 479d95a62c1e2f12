"""Exports of a tab's filtered list to XLSX and CSV.

- `query.py`: what an export holds — the list's filters, its columns, its rows;
- `writing.py`: writing them into a file, and the export's entry in the journal;
- `job.py`: a large export as a background job with a run;
- `storage.py`: the job's files in the "exports" file storage, and who may download them.

Up to JOURNAL_EXPORT_SYNC_MAX_ROWS rows (a bounded count decides) the file is written
at once and served; a larger export runs as a job (started by `actions.start_export`)
whose run page shows its progress and then the download link.
"""

from .query import GROUP_FIELDS, Export, Field, InvalidFilters, build, filter_query, is_large
from .storage import (
    KIND,
    Download,
    ExportStatus,
    Unreachable,
    download_of,
    file_of,
    may_download,
    remove_old_files,
    status_of,
    storage,
)
from .writing import CONTENT_TYPES, download_name, export_now, record, write

__all__ = [
    "CONTENT_TYPES",
    "GROUP_FIELDS",
    "KIND",
    "Download",
    "Export",
    "ExportStatus",
    "Field",
    "InvalidFilters",
    "Unreachable",
    "build",
    "download_name",
    "download_of",
    "export_now",
    "file_of",
    "filter_query",
    "is_large",
    "may_download",
    "record",
    "remove_old_files",
    "status_of",
    "storage",
    "write",
]
