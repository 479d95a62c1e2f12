"""Demo runs of the BaseLinker tab: one product export a day, with its problems."""

from __future__ import annotations

import datetime as dt

from eventlog import demo
from eventlog.messages import Message
from eventlog.models import Run, RunStatus

from . import codes
from .tab import BASELINKER, EXPORT_RUN

PROBLEMS = [
    ("ERP_PRODUCT_NO_CATEGORY", "Produkt „{name}” (kod {code}) nie ma przypisanej kategorii."),
    ("ERP_EAN_INVALID", "Nieprawidłowy kod EAN „590123412345” produktu „{name}” (kod {code})."),
    ("ERP_PRICE_MISSING", "Brak ceny produktu „{name}” (kod {code})."),
    ("ERP_STOCK_NEGATIVE", "Ujemny stan magazynowy (-3) produktu „{name}” (kod {code})."),
]


@demo.daily_run
def product_export(d: demo.Draw, day_start: dt.datetime) -> tuple[Run, list[demo.Row]]:
    """The day's export run with its event register."""
    start = day_start + dt.timedelta(hours=2, minutes=d.r.randrange(60))
    end = start + dt.timedelta(seconds=d.r.randrange(30, 900))
    problems = d.r.choice([0, 0, 0, 2, 5, 12])
    received = d.r.randrange(800, 5000)
    tab = BASELINKER.slug
    counters = {"received": received, "created": d.r.randrange(0, 50), "problems": problems}
    summary = Message(codes.EXPORT_SUMMARY, {"received": received, "problems": problems})
    run = Run(kind=EXPORT_RUN.code, tab=tab, status=RunStatus.SUCCEEDED, started_at=start, finished_at=end,
              counters=counters, progress_done=received, progress_total=received,
              summary=summary.stored(), summary_message=summary.as_param())  # fmt: skip
    rows: list[demo.Row] = []
    for i in range(problems):
        code_, name = d.product()
        msg_code, text = PROBLEMS[i % len(PROBLEMS)]
        rows.append({
            "tab": tab, "occurred_at": start + dt.timedelta(seconds=i + 1), "severity": "warning",
            "event_type": "product_problem", "message": text.format(name=name, code=f"K-{code_}"),
            "message_code": msg_code, "object_type": "product", "object_id": code_,
            "data": {"code": f"K-{code_}", "name": name},
        })  # fmt: skip
    rows.append({
        "tab": tab, "occurred_at": end, "severity": "warning" if problems else "success",
        "event_type": "product_export", "message": Message(codes.EXPORT_DONE, {"problems": problems}),
        "data": {"added": counters["created"], "updated": received - counters["created"], "problems": problems},
    })  # fmt: skip
    return run, rows
