"""Free text over the whole journal: PostgreSQL full-text search on one GIN expression index.

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
- Text with no word or number to search for is an error on the form (`require_word`).

The index (migration 0012) is `entry_search`, GIN over
`eventlog_search_document(message, message_code, object_id, account)`; `SearchDocument` below
produces exactly that expression, so the planner can use it. The query is built from the
user's text by PostgreSQL's own `phraseto_tsquery` (never by pasting text into tsquery
syntax): quotes, `&`, `|`, `!`, `:*`, `<->` and backslashes are just separators there. The
prefix form appends `:*D` to the canonical text PostgreSQL printed for that query, whose
lexemes PostgreSQL quoted itself.

Elsewhere (SQLite, the embedded default of `make run`) a substring match stands in.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

#: The GIN index of migration 0012.
INDEX = "entry_search"
#: The last word matches as a prefix from this many characters on.
PREFIX_MIN_CHARS = 3
#: What counts as a word to search for: letters and digits (PostgreSQL's text search parser treats `_` as a separator).
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words and numbers of `text`, in order: `"Brak tow…"` -> `["Brak", "tow"]`."""
    return _WORD.findall(text)


def require_word(text: str) -> None:
    """A form validator: raises ValidationError when `text` has no word or number to search for."""
    if text.strip() and not words(text):
        raise ValidationError(_("Type at least one word or number to search for."), code="no_word")


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
        return queryset.filter(
            Q(message__icontains=text)
            | Q(message_code__icontains=text)
            | Q(account__icontains=text)
            | Q(object_id=text)
        )
    query = SearchText(text, prefix=len(found[-1]) >= PREFIX_MIN_CHARS)
    return queryset.filter(Matches(SearchDocument(), query))
