"""Free text over the whole journal: PostgreSQL full-text search on GIN expression indexes.

What a search means (the tab lists' `q`, the API's `?q=`, the exports: one FilterSet):

- The words of the text as a phrase, in their order, anywhere in the message, the message
  code, the account or the object id (e-mails and order, product, offer ids); letters folded to
  their base letter and case ignored, so `zamowienie` finds `Zamówienie`, `zamówienie` finds
  `ZAMOWIENIE`, `lodz` finds `Łódź`. `-` and `/` separate words: `400123` finds `PL-400123`,
  `SKU-1234/XL` finds itself, an e-mail address is one word.
- The last word also matches as the start of a word when it has at least 3 characters
  (typing `Brak tow` finds `Brak towaru`), in the message, the code and the account only:
  the object id (a customer's e-mail or phone in some tabs, personal data) matches whole
  words only, so nobody finds an address they know only the start of.
- Text with no word or number to search for is an error on the form (`require_word`), as
  PostgreSQL's parser reads it: `<b>` is a tag to it, a `<script>`'s body is skipped and `²` is no
  digit, so none of them is a word.

The index (migration 0012) is `entry_search`, GIN over
`eventlog_search_document(message, message_code, object_id, account)`; `SearchDocument` below
produces exactly that expression, so the planner can use it, and can use `entry_search_problems`
(migration 0014: the same over warnings and errors only) for a search with `severity=`. The query is built from the
user's text by PostgreSQL's own `phraseto_tsquery` (never by pasting text into tsquery
syntax): quotes, `&`, `|`, `!`, `:*`, `<->` and backslashes are just separators there. The
prefix form appends `:*D` to the canonical text PostgreSQL printed for that query, whose
lexemes PostgreSQL quoted itself.

Elsewhere (SQLite, the embedded default of `make run`) a substring match stands in, over the
same folding: `fold`, registered on each SQLite connection as `eventlog_fold`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, F, Func, QuerySet, TextField, Value
from django.db.models.lookups import Contains, Exact
from django.utils.translation import gettext_lazy as _

from .models import Entry

#: The GIN index of migration 0012.
INDEX = "entry_search"
#: The last word matches as a prefix from this many characters on.
PREFIX_MIN_CHARS = 3
#: What counts as a word to search for: letters and digits (PostgreSQL's text search parser treats `_` as a separator).
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words and numbers of `text`, in order: `"Brak tow…"` -> `["Brak", "tow"]`."""
    return _WORD.findall(text)


#: Letters that Unicode does not decompose into a base letter and a mark, as `unaccent` maps them.
_BASE_LETTERS = str.maketrans("łŁđĐøØ", "lLdDoO")


def fold(text: str | None) -> str | None:
    """`text` without diacritics, case folded: `"Łódź"` -> `"lodz"` (None stays None).

    What the `eventlog_search` configuration does to a word, for SQLite, where it is the
    `eventlog_fold` SQL function (`register_sqlite_functions`).
    """
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """A `connection_created` receiver: gives each SQLite connection `eventlog_fold(text)`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("eventlog_fold", 1, fold, deterministic=True)


class Folded(Func):
    """`eventlog_fold(expression)` on SQLite (see `fold`)."""

    function = "eventlog_fold"
    output_field = TextField()


def require_word(text: str) -> None:
    """A form validator: raises ValidationError when `text` has no word or number to search for."""
    if text.strip() and not has_words(text):
        raise ValidationError(_("Type at least one word or number to search for."), code="no_word")


def has_words(text: str) -> bool:
    """Whether the search would look for anything in `text`: on PostgreSQL, whether its query has a lexeme."""
    if not words(text):
        return False
    connection = connections[router.db_for_read(Entry)]
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT numnode({query_sql('%s', prefix=False)}) > 0", [text])
        return cursor.fetchone()[0]


class SearchDocument(Func):
    """An entry's searchable text as a tsvector: the expression of the `entry_search` index."""

    function = "eventlog_search_document"
    output_field = SearchVectorField()

    def __init__(self, **extra: Any) -> None:
        super().__init__(F("message"), F("message_code"), F("object_id"), F("account"), **extra)


class SearchText(Func):
    """A tsquery from the user's text: its words as a phrase, the last also as a prefix of message words.

    `prefix=True` gives `phrase || phrase-with-last-lexeme:*D` (D: the weight of the message,
    code and account in the document; the object id has A).
    """

    output_field = SearchQueryField()

    def __init__(self, text: str, *, prefix: bool, **extra: Any) -> None:
        self.prefix = prefix
        super().__init__(Value(text), **extra)

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple]:
        sql, params = compiler.compile(self.source_expressions[0])
        return query_sql(sql, prefix=self.prefix), tuple(params) * (2 if self.prefix else 1)


#: The document's SQL, as the index has it (for raw SQL such as journal_bench's).
DOCUMENT_SQL = "eventlog_search_document(message, message_code, object_id, account)"


def query_sql(text_sql: str, *, prefix: bool) -> str:
    """The tsquery SQL of `SearchText` for the text expression `text_sql` (a placeholder or a column).

    With `prefix` the expression appears twice, so it takes its parameters twice.
    """
    phrase = f"phraseto_tsquery('eventlog_search'::regconfig, eventlog_search_fold({text_sql}))"
    if not prefix:
        return phrase
    # PostgreSQL prints a phrase query as quoted lexemes and operators ending with the last
    # lexeme's closing quote; `:*D` goes right after it. A query with no lexeme prints as
    # '' and stays empty (it matches nothing) instead of becoming invalid syntax.
    return f"({phrase} || regexp_replace(({phrase})::text, '''$', ''':*D')::tsquery)"


class Matches(Func):
    """`document @@ query`, a condition for `filter()`."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


def matching(queryset: QuerySet, text: str) -> QuerySet:
    """The entries of `queryset` that `text` finds (see the module's docstring); `text` as typed.

    Text without a word (require_word refuses it on the form) finds nothing. Ordering and
    keyset paging are the queryset's own: the search only adds a condition.
    """
    found = words(text)
    if not found:
        return queryset.none()
    if connections[queryset.db].vendor != "postgresql":
        # Substring match; the object id (personal data in some tabs) only whole.
        folded = Value(fold(text))
        return queryset.filter(
            Contains(Folded("message"), folded)
            | Contains(Folded("message_code"), folded)
            | Contains(Folded("account"), folded)
            | Exact(Folded("object_id"), folded)
        )
    query = SearchText(text, prefix=len(found[-1]) >= PREFIX_MIN_CHARS)
    return queryset.filter(Matches(SearchDocument(), query))


#: A search looks for matches among this many of the newest entries its other filters leave
#: (see `first_matches`), then among twice as many older ones, and so on up to MAX_WINDOW...
PROBE_ENTRIES, MAX_WINDOW = 2_000, 64_000
#: ...while it finds at least one match in this many; sparser, it collects the rest by the indexes.
SPARSE = 50


def first_matches(matches: QuerySet, scope: QuerySet, order: tuple[str, str], limit: int) -> list:
    """The first `limit` rows of `matches` in `order`: `matches` is a search (`matching`) among `scope`.

    `order` is the list's, `("-occurred_at", "-id")` or `("occurred_at", "id")`; both querysets
    already hold the page's position. The result is what `matches.order_by(*order)[:limit]`
    gives, fetched so that its cost does not depend on how the text and the other filters
    overlap. PostgreSQL's planner takes them as independent: for a common word and a filter
    (`severity=error`) it walks the filter's index in time order expecting a match every few
    entries, re-computing each entry's document on the way; when no error has that word it walks
    every error of the tab (7.2 s over 10 M entries). So the walk goes by windows: the matches
    among the newest PROBE_ENTRIES of `scope` (a walk costs at most that many documents), then
    among the next, twice as many; once a window holds fewer than one match in SPARSE entries,
    the older matches are collected by the indexes (the search's GIN index ANDed with the
    filters' own) before they are ordered, which costs what the matches cost, not what the
    entries between them cost.
    """
    time_field = order[0].lstrip("-")
    near, far = ("gte", "lt") if _descending(order) else ("lte", "gt")
    rows: list = []
    window = PROBE_ENTRIES
    while True:
        edge = next(iter(scope.order_by(*order).values_list(time_field, flat=True)[window - 1 : window]), None)
        if edge is None:  # the scope ends within the window: a walk is bounded already
            return rows + list(matches.order_by(*order)[: limit - len(rows)])
        found = list(matches.filter(**{f"{time_field}__{near}": edge}).order_by(*order)[: limit - len(rows)])
        rows += found
        if len(rows) >= limit:
            return rows
        matches, scope = (q.filter(**{f"{time_field}__{far}": edge}) for q in (matches, scope))
        if len(found) * SPARSE < window:
            return rows + _collected(matches, order, limit - len(rows))
        window = min(window * 2, MAX_WINDOW)


def _descending(order: tuple[str, str]) -> bool:
    return order[0].startswith("-")


def _collected(matches: QuerySet, order: tuple[str, str], limit: int) -> list:
    """`matches.order_by(*order)[:limit]`, ordered by an expression no index has: PostgreSQL cannot
    walk an index in time order then, and collects the matches by the indexes first."""
    time_field, id_field = (name.lstrip("-") for name in order)
    # Adding 0 seconds keeps the order as it is.
    unindexed = ExpressionWrapper(F(time_field) + Value(dt.timedelta(0)), output_field=DateTimeField())
    if _descending(order):
        return list(matches.order_by(unindexed.desc(), f"-{id_field}")[:limit])
    return list(matches.order_by(unindexed.asc(), id_field)[:limit])
