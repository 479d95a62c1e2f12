"""Reading a request body the API accepts: JSON, at most JOURNAL_API_MAX_BODY_BYTES, maybe gzipped.

The limit holds before anything is parsed: a declared `Content-Length` over it is
refused unread, a body is read at most one byte past it, and a gzip body is
inflated at most one byte past it too (so a small "gzip bomb" costs nothing).
"""

from __future__ import annotations

import zlib

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .problems import Problem

JSON_TYPES = frozenset({"application/json"})


def read_json_body(request: HttpRequest) -> bytes:
    """The request's JSON body as bytes (gzip decoded).

    Raises Problem 415 for another content type or content encoding, 413 for a body
    (raw or decoded) over JOURNAL_API_MAX_BODY_BYTES, 400 for a broken gzip stream.
    """
    if request.content_type not in JSON_TYPES:
        raise Problem(
            415, "unsupported-media-type", _("Unsupported media type"),
            _("Send the body as “Content-Type: application/json”, not “%(type)s”.")
            % {"type": (request.content_type or _("none"))[:100]},
        )  # fmt: skip
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip"):
        raise Problem(
            415, "unsupported-encoding", _("Unsupported content encoding"),
            _("The body may be sent as it is or with “Content-Encoding: gzip”, not “%(encoding)s”.")
            % {"encoding": encoding[:100]},
        )  # fmt: skip
    limit = settings.JOURNAL_API_MAX_BODY_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise _too_large(limit)
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise _too_large(limit)
    if encoding == "gzip":
        return gunzip(raw, limit)
    return raw


def gunzip(raw: bytes, limit: int) -> bytes:
    """`raw` inflated, at most `limit` bytes; raises Problem 413 past it, 400 for a broken stream."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        body = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        detail = _("The gzip stream cannot be read: %(error)s") % {"error": exc}
        raise Problem(400, "bad-gzip", _("Body is not valid gzip"), detail) from None
    if len(body) > limit or inflater.unconsumed_tail:
        raise _too_large(limit, decoded=True)
    if not inflater.eof:
        raise Problem(400, "bad-gzip", _("Body is not valid gzip"), _("The gzip stream ends too early."))
    return body


def _too_large(limit: int, decoded: bool = False) -> Problem:
    detail = (
        _("The body is larger than %(limit)d bytes once gzip is decoded.")
        if decoded
        else _("The body is larger than %(limit)d bytes.")
    )
    return Problem(413, "body-too-large", _("Request body too large"), detail % {"limit": limit})
