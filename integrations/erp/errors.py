"""The one error of a package that cannot be imported (raised by `encoding` and `package`)."""

from __future__ import annotations

from typing import Any

from eventlog import runs


class PackageError(runs.Explained):
    """The package as a whole cannot be imported; `code` is its stable message code."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)  # the importer words it, with the file's name (runs.Explained)
