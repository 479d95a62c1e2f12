"""The hostile corpus (tests/hostile_corpus.py) in every text field of every tab, through the writer, the HTTP API
and an ERP package: pages show it as text (no element, attribute or script link from it), exports hold it as text
(no formula cell, no error cell), and a value over a limit is refused with a clear error, nothing written.

A page's markup is checked against the markup the same pages have for harmless text (the baseline): an element or
an attribute that only hostile text brings is markup from the payload. Beyond that, no `on*` attribute, no inline
script and no link other than http, https, mailto or relative is allowed at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import openpyxl
import pytest
from django.test import Client

from eventlog import tabs, writer
from eventlog.api import keys
from eventlog.models import Entry, Run
from eventlog.tasks import export_entries
from integrations.erp import importer, jobs
from tests.hostile_corpus import CONTROLS, CORPUS, EMOJI, FORMULAS, LONG, RTL, URLS, XSS, fit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
#: A text of digits and arithmetic signs only (a phone number, a negative number): no function, no reference.
ARITHMETIC = re.compile(r"[+\-]?[\d\s+\-*/().,]*\d[\d\s+\-*/().,]*")
DATA_VALUE_CHARS = 600  # every data column of a tab in 32 KB, even in four-byte characters


class Markup(HTMLParser):
    """Every (element, attribute) of a page, and what no page may have whatever its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: set[tuple[str, str]] = set()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs.add((tag, ""))
        names = {name for name, _value in attrs}
        for name, value in attrs:
            self.pairs.add((tag, name))
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value and not _safe_url(value):
                self.bad.append(f"<{tag} {name}={value[:60]!r}>")
        if tag == "script" and "src" not in names:
            self.bad.append("inline <script>")

    handle_startendtag = handle_starttag


def _safe_url(url: str) -> bool:
    scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def markup(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def fields_of(tab: tabs.Tab, text: str) -> dict:
    """Every text field of an entry of `tab` holding `text` (cut to each field's limit)."""
    data_keys = [c.key.removeprefix("data.") for c in tab.columns if c.key.startswith("data.") and c.kind == "text"]
    value = fit(text, DATA_VALUE_CHARS)
    return {
        "tab": tab.slug,
        "severity": "error",
        "message": fit(text, 4000),
        "message_code": fit(text, 64),
        "actor": fit(text, 150),
        "account": fit(text, 128),
        "object_id": fit(text, 128),
        "data": {**{key: value for key in data_keys}, "note": value, fit(text, 64): [value, {"nested": value}]},
    }


def write_everywhere(texts: tuple[str, ...], *, run: Run) -> tuple[list[list[str]], list[str]]:
    """`texts` into every text field of every tab through the writer (the register of `run` too), and each text
    into two tabs in turn through POST /api/v1/entries (enough to cross its own parsing, and quicker).

    Returns the entry pages: [tab][text] of the writer's, [text] of the API's (in tab `api_tab(i)`)."""
    every = tabs.all_tabs()
    written = writer.record_many(
        {**fields_of(tab, text), "run": run if tab.slug == "erp-sync" else None} for tab in every for text in texts
    )
    pages = [
        [f"/journal/{tab.slug}/{pk}/" for pk in written[n * len(texts) : (n + 1) * len(texts)]]
        for n, tab in enumerate(every)
    ]
    _key, raw = keys.issue(f"hostile-{run.pk}", [tab.slug for tab in every])
    body = [fields_of(every[i % len(every)], t) for i, t in enumerate(texts)]
    body += [fields_of(api_tab(i), t) for i, t in enumerate(texts)]
    response = Client().post(
        "/api/v1/entries", data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 201, response.content[:500]
    sent = response.json()["ids"][len(texts) :]
    return pages, [f"/journal/{api_tab(i).slug}/{pk}/" for i, pk in enumerate(sent)]


def api_tab(i: int) -> tabs.Tab:
    every = tabs.all_tabs()
    return every[(i + len(every) // 2) % len(every)]


def erp_package(texts: tuple[str, ...]) -> str:
    """A catalogue whose products carry `texts` as codes and names, each without a price (a problem entry each)."""
    products = "".join(
        f"<product code={quoteattr(fit(text, 64))} id={quoteattr(str(i))}><name>{xml_escape(fit(text, 200))}</name>"
        f"<category>NONE</category></product>"
        for i, text in enumerate(texts, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><erp-package format-version="1.0" type="catalogue"><header>'
        f"<system>{xml_escape(texts[0])}</system><package-id>P-1</package-id><currency>PLN</currency></header>"
        f"<categories/><products>{products}</products></erp-package>"
    )


def import_package(tmp_path, name: str, texts: tuple[str, ...]) -> Run:
    path = tmp_path / name
    path.write_text(erp_package(texts), encoding="utf-8")
    run = jobs.import_file(importer.new_run(source="command", file_name=path.name, path=path))
    run.refresh_from_db()
    assert run.status == "succeeded", run.summary_text
    return run


def pages(texts: tuple[str, ...], entries: tuple[list[list[str]], list[str]], runs: list[Run]) -> list[str]:
    """The pages that show `texts`: each tab's list (plain and grouped); then, each text in a tab of its own (every
    tab in turn): its entry page (and the API's entry's), the list filtered by it (chips), search; the runs."""
    all_tabs = tabs.all_tabs()
    count = len(all_tabs)
    written, sent = entries
    urls = [f"/journal/{tab.slug}/?group={group}" for tab in all_tabs for group in ("0", "1")]
    for i, text in enumerate(texts):
        tab = all_tabs[i % count]
        query = {name: fit(text, 128) for name in tab.filters if name in ("account", "object_id")}
        urls += [
            written[i % count][i],
            f"/journal/{tab.slug}/?" + urlencode({**query, "q": fit(text, 100), "group": "0"}),
        ]
        # Every other text: search and the API's entry (the rest are in the lists and the run's register).
        urls.append(sent[i] if i % 2 else "/journal/search/?" + urlencode({"q": fit(text, 128)}))
    for run in runs:
        urls += [f"/journal/runs/{run.pk}/", f"/erp/runs/{run.pk}/problems/"]
    return [*urls, "/journal/runs/"]


def read_pages(client: Client, urls: list[str]) -> dict[str, Markup]:
    read = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)  # 400: a filter refused, escaped
        read[url] = markup(response.text)
    return read


@pytest.fixture
def big_pages(settings):
    settings.JOURNAL_PAGE_SIZE = 1000  # each tab's list on one page: every text is on it


#: Harmless texts, as many as there are tabs: the baseline's pages cover every tab's templates.
BENIGN = tuple(f"Zwykły tekst {i} — zamówienie 4001{i}" for i in range(len(tabs.all_tabs())))


def test_pages_show_every_hostile_text_as_text(admin_client, tmp_path, big_pages, db):
    benign_run = import_package(tmp_path, "katalog.xml", BENIGN)
    entries = write_everywhere(BENIGN, run=benign_run)
    baseline: set[tuple[str, str]] = set()
    # A refused search ("no word to search for": a tag is no word) is a template of its own: the form's error.
    refused = [f"/journal/{tab.slug}/?q=%3Cb%3E&group=0" for tab in tabs.all_tabs()] + ["/journal/search/?q=%3Cb%3E"]
    for page in read_pages(admin_client, [*pages(BENIGN, entries, [benign_run]), *refused]).values():
        baseline |= page.pairs

    texts = XSS + FORMULAS + CONTROLS + RTL + EMOJI + URLS
    # XML 1.0 has no place for C0 controls; codes with invisible characters: the test after this one.
    erp_texts = tuple(t for t in texts if t.isprintable())
    hostile_run = import_package(tmp_path, '<img src=x onerror=alert(1)>".xml', erp_texts)
    entries = write_everywhere(texts, run=hostile_run)
    read = read_pages(admin_client, pages(texts, entries, [hostile_run]))

    assert len(read) > 3 * len(texts)
    found = {url: page.bad for url, page in read.items() if page.bad}
    assert found == {}
    smuggled = {url: sorted(page.pairs - baseline) for url, page in read.items() if page.pairs - baseline}
    assert smuggled == {}
    # What people see: the payload itself, as text.
    assert "&lt;img src=x onerror=alert(1)&gt;" in admin_client.get(f"/journal/runs/{hostile_run.pk}/").text


def test_an_erp_package_with_invisible_characters_in_its_codes_is_imported_with_its_problems(tmp_path, db):
    """Right-to-left overrides and zero-width joiners in product codes: problems of the run, never a failed run."""
    texts = tuple(t for t in RTL + EMOJI + (CONTROLS[2], CONTROLS[4]) if not t.isprintable())  # each legal in XML
    run = import_package(tmp_path, "\u202eevil.exe.xml", texts)
    assert run.counters["products_with_problems"] == len(texts)


def test_the_support_view_masks_and_escapes_the_same_texts(support_client, big_pages, db):
    run = Run.objects.create(kind="retention", status="succeeded")
    texts = XSS[:10] + RTL[:2]
    written, _sent = write_everywhere(texts, run=run)
    about_customers = [n for n, tab in enumerate(tabs.all_tabs()) if tab.has_personal]
    urls = [f"/journal/{tabs.all_tabs()[n].slug}/?group=0" for n in about_customers]
    urls += [written[n][i] for n in about_customers for i in range(len(texts))]
    urls += ["/journal/search/?" + urlencode({"q": text}) for text in texts]
    for url, page in read_pages(support_client, urls).items():
        assert page.bad == [], url


def xlsx_problems(content: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    problems = [
        name for name in archive.namelist() if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
    ]
    for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "e"):
                problems.append(f"{cell.coordinate}: {cell.data_type} {cell.value!r}")
            elif (
                isinstance(cell.value, str)
                and cell.value.startswith(FORMULA_STARTS)
                and not cell.quotePrefix
                and not ARITHMETIC.fullmatch(cell.value)
            ):
                problems.append(f"{cell.coordinate}: unguarded {cell.value[:40]!r}")
    return problems


def csv_problems(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    problems = []
    for separator in (",", ";"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            problems += [
                f"{separator} {c[:40]!r}"
                for c in row
                if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"-?\d+(\.\d+)?", c)
            ]
    return problems


def test_exports_hold_every_hostile_text_as_text(admin_client, settings, tmp_path, django_capture_on_commit_callbacks):
    run = Run.objects.create(kind="retention", status="succeeded")
    write_everywhere(CORPUS, run=run)

    for tab in tabs.all_tabs():
        for fmt, problems in (("xlsx", xlsx_problems), ("csv", csv_problems)):
            for group in ("0", "1"):
                response = admin_client.get(f"/journal/{tab.slug}/export.{fmt}?group={group}")
                assert response.status_code == 200, (tab.slug, fmt)
                assert problems(b"".join(response.streaming_content)) == [], (tab.slug, fmt, group)

    # The same through the export job (a large export), for the tabs with the most text columns.
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 3
    for slug, fmt, problems in (("custom-events", "xlsx", xlsx_problems), ("email", "csv", csv_problems)):
        rows = Entry.objects.filter(tab=slug).count()
        with django_capture_on_commit_callbacks():
            assert admin_client.post(f"/journal/{slug}/export.{fmt}?group=0").status_code == 302
        job = Run.objects.filter(kind="export").latest("pk")
        assert export_entries.apply(args=[job.pk]).get() == rows
        download = admin_client.get(f"/journal/runs/{job.pk}/download/")
        assert download.status_code == 200
        assert problems(b"".join(download.streaming_content)) == [], (slug, fmt)


def test_a_text_over_a_limit_is_refused_clearly_and_nothing_is_written(db):
    before = Entry.objects.count()
    with pytest.raises(writer.JournalError) as message:
        writer.record(tab="sms", message=LONG)
    assert message.value.field == "message" and "4000" in str(message.value)
    with pytest.raises(writer.JournalError) as data:
        writer.record_many([{"tab": "sms", "message": "ok"}, {"tab": "sms", "message": "ok", "data": {"t": LONG}}])
    assert data.value.field == "data" and data.value.index == 1

    _key, raw = keys.issue("long-text", ["sms"])
    for body in ({"tab": "sms", "message": LONG}, [{"tab": "sms", "message": "ok", "data": {"t": LONG}}]):
        response = Client().post(
            "/api/v1/entries", data=json.dumps(body), content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )  # fmt: skip
        assert 400 <= response.status_code < 500, response.status_code
        assert response["Content-Type"] == "application/problem+json"
    assert Entry.objects.count() == before


class Isolation(HTMLParser):
    """The elements around each text of a page that holds `needle`: is the innermost one isolated (bidi)?"""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, needle: str) -> None:
        super().__init__(convert_charrefs=True)
        self.needle = needle
        self.stack: list[tuple[str, bool]] = []
        self.isolated: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, tag == "bdi" or dict(attrs).get("dir") == "auto"))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    #: Elements inside a line: isolating one of them around the text isolates the text.
    INLINE = {"a", "abbr", "b", "bdi", "code", "em", "i", "small", "span", "strong", "time"}

    def handle_data(self, data: str) -> None:
        if self.needle in data:
            isolated = False
            for tag, isolating in reversed(self.stack):
                isolated = isolating
                if isolating or tag not in self.INLINE:
                    break  # the first block element ends the line the text is on
            self.isolated.append(isolated)


def test_a_right_to_left_override_cannot_reorder_the_text_around_it(admin_client, db):
    """`\\u202eevil.exe` displays "exe.live" and would turn the rest of its line around: every place that shows it
    isolates it (`<bdi>`, or dir="auto" on the element holding it)."""
    evil = "\u202eevil.exe"
    run = Run.objects.create(kind="retention", status="succeeded")
    entry = writer.record(
        tab="offers", service="allegro", message=evil, object_id=evil, account=evil, actor=evil, run=run,
        data={"name": evil, evil: [evil]},
    )  # fmt: skip
    urls = [
        "/journal/offers/?group=0",
        "/journal/offers/?group=1",
        "/journal/offers/?" + urlencode({"account": evil, "object_id": evil, "group": "0"}),  # chips
        f"/journal/offers/{entry.pk}/",
        "/journal/search/?" + urlencode({"q": evil}),
        f"/journal/runs/{run.pk}/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page = Isolation(evil)
        page.feed(response.text)
        assert page.isolated and all(page.isolated), (url, page.isolated)
