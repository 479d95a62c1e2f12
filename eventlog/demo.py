"""Demo data: the registry of each integration's demo generators and the bulk seeding.

The journal knows no connection. Each integration says how its tab looks with demo
data in `integrations/<name>/demo.py`, found the way `codes.py` and `tab.py` are
(one module per app, imported on first use):

- `@free_entries(tab, weight)` — draws one free entry of the tab; `weight` is the tab's
  share of the entries (offers 30, SMS 15, …); `volume_only=True` for a tab whose
  demo comes from its real flow: its drawn entries only fill a journal for volume
  (`seed_journal`, `journal_bench`), never the demo of `make run`;
- `@daily_run` — one job run of a past day with its event register (BaseLinker);
- `@before_seeding` — rows the entries refer to (the custom events' definitions);
- `@real_runs` — genuine job runs made through the integration's own code, once, on
  an empty catalogue (the ERP imports of the example packages).

Used by `manage.py seed_journal`, `demo_setup` (`make run`) and `journal_bench`.
Everything is written through the journal's writer, in batches, so seeding also
exercises it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import random
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import writer
from .models import Run

# The demo shop's vocabulary, shared by every integration's generator.
PRODUCTS = [
    "Kubek ceramiczny Bolesławiec 350 ml",
    "Koszulka bawełniana męska granatowa XL",
    "Czajnik elektryczny stalowy 1,7 l",
    "Patelnia granitowa 28 cm",
    "Plecak szkolny ergonomiczny różowy",
    "Świeca sojowa — zapach lipy",
    "Ładowarka USB-C 65 W",
    "Krem do rąk z masłem shea 75 ml",
    "Zestaw śrubokrętów precyzyjnych 24 el.",
    "Kołdra puchowa 160×200 całoroczna",
    "Miód wielokwiatowy z pasieki 1 kg",
    "Buty trekkingowe damskie rozm. 38",
    "Lampka biurkowa LED z regulacją",
    "Herbata zielona Sencha 100 g",
    "Gra planszowa „Wsiąść do pociągu”",
    "Rękawiczki zimowe skórzane",
    "Żelazko parowe 2400 W",
    "Ręcznik kąpielowy 70×140 szary",
]
FIRST = ["anna", "jan", "katarzyna", "piotr", "magdalena", "tomasz", "agnieszka", "michal", "zofia", "lukasz"]
LAST = ["kowalska", "nowak", "wisniewski", "wojcik", "kaminska", "lewandowski", "zielinska", "szymanski"]
ACCOUNTS = ["sklep_u_gosi", "hurtownia-krakow", "domowe-skarby", "eko_sklep_pl"]
SEVERITIES = ["info"] * 45 + ["success"] * 30 + ["warning"] * 15 + ["error"] * 10


class Draw:
    """Random values of the demo shop (products, customers, orders); `r` is the random source."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def severity(self) -> str:
        return self.r.choice(SEVERITIES)

    def product(self) -> tuple[str, str]:
        """(product code, name)."""
        i = self.r.randrange(len(PRODUCTS))
        return str(10_000 + i * 37 + self.r.randrange(3)), PRODUCTS[i]

    def email(self) -> str:
        return f"{self.r.choice(FIRST)}.{self.r.choice(LAST)}{self.r.randrange(100)}@example.com"

    def phone(self) -> str:
        return f"+48{self.r.choice('5678')}{self.r.randrange(10**8):08d}"

    def order(self) -> str:
        return str(self.r.randrange(100_000, 999_999))

    def account(self) -> str:
        return self.r.choice(ACCOUNTS)


Row = dict[str, Any]
#: A past day's job run (unsaved) and its event register, drawn for the day starting at the datetime.
DailyRun = Callable[[Draw, dt.datetime], tuple[Run, list[Row]]]


@dataclass(frozen=True)
class Generator:
    """A tab's free demo entries: `make` draws one, `weight` is the tab's share."""

    tab: str
    weight: int
    make: Callable[[Draw], Row]
    volume_only: bool = False


_generators: list[Generator] = []
_daily_runs: list[DailyRun] = []
_before_seeding: list[Callable[[], None]] = []
_real_runs: list[Callable[[], list[int]]] = []


def free_entries(
    tab: str, weight: int, *, volume_only: bool = False
) -> Callable[[Callable[[Draw], Row]], Callable[[Draw], Row]]:
    """Register a generator of `tab`'s free entries (decorator)."""

    def register(make: Callable[[Draw], Row]) -> Callable[[Draw], Row]:
        if weight <= 0:
            raise ValueError(f"demo entries of {tab!r}: the weight must be positive")
        _generators.append(Generator(tab, weight, make, volume_only))
        return make

    return register


def daily_run(make: DailyRun) -> DailyRun:
    """Register a job run drawn for each past day (decorator)."""
    _daily_runs.append(make)
    return make


def before_seeding(prepare: Callable[[], None]) -> Callable[[], None]:
    """Register what must exist before entries are written, e.g. definitions they name (decorator)."""
    _before_seeding.append(prepare)
    return prepare


def real_runs(make: Callable[[], list[int]]) -> Callable[[], list[int]]:
    """Register genuine job runs made once; `make` returns the new runs' ids, none when done (decorator)."""
    _real_runs.append(make)
    return make


@cache
def discover() -> None:
    """Import every app's `demo` module, which registers its generators (once)."""
    autodiscover_modules("demo")
    # The journal's own flow (the HTTP API) has its demo beside it: `eventlog.demo` is this registry.
    importlib.import_module("eventlog.api.demo")


def generators(volume: bool = True) -> list[Generator]:
    """Every tab's generator; with `volume` off, not those of tabs whose demo is their real flow."""
    discover()
    return [g for g in _generators if volume or not g.volume_only]


def generate(entries: int, days: int, seed: int = 2026, volume: bool = True) -> Iterator[Row]:
    """`entries` free entries spread over the last `days` days, all tabs mixed by their weights."""
    found = generators(volume)
    if not found:
        return
    rng = random.Random(seed)
    d = Draw(rng)
    weights = [g.weight for g in found]
    now = timezone.now()
    span = days * 86400
    # Oldest first, as a live shop writes: index inserts land at the right edge.
    when = now - dt.timedelta(seconds=span)
    gap = span / max(entries, 1)
    for generator in rng.choices(found, weights, k=entries):
        row = generator.make(d)
        row["tab"] = generator.tab
        when = min(now, when + dt.timedelta(seconds=rng.expovariate(1 / gap)))
        row["occurred_at"] = when
        yield row


def seed(
    entries: int,
    days: int = 30,
    batch: int = 20_000,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
    volume: bool = True,
) -> int:
    """Write demo data: each day's runs, then `entries` free entries; returns the number of entries written.

    With `volume` off (the demo of `make run`), tabs whose demo is their real flow get
    no drawn entries.
    """
    discover()
    for prepare in _before_seeding:
        prepare()
    d = Draw(random.Random(seed + 1))
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    written = 0
    for day in range(min(days, 60), 0, -1):
        for make in _daily_runs:
            run, rows = make(d, today - dt.timedelta(days=day))
            run.save()
            for row in rows:
                row["run"] = run
            writer.record_many(rows)
            written += len(rows)
    # One thread draws and validates the next batch while this one is written, so the
    # database works while Python prepares: 1 M entries in 45 s instead of 59 s.
    with ThreadPoolExecutor(max_workers=1) as pool:
        drawn = generate(entries, days, seed, volume)
        pending = pool.submit(writer.prepare, itertools.islice(drawn, batch))
        while batch_rows := pending.result():
            pending = pool.submit(writer.prepare, itertools.islice(drawn, batch))
            written += len(writer.write(batch_rows))
            if progress:
                progress(written)
    return written


def seed_real_runs() -> list[int]:
    """Make the integrations' genuine demo runs (each only once); returns the new runs' ids."""
    discover()
    return [run_id for make in _real_runs for run_id in make()]
