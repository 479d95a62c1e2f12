"""Demo data of the ERP sync (`make run`, `seed_journal`): two real imports of the example packages and an export.

Everything goes through the real importer and exporter, so the ERP tab shows genuine
runs: a clean import, an import with problems (with its Details view and XLSX), and an
export of a few orders into the outbox.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from eventlog import demo
from eventlog.models import Run

from . import exporter, importer, jobs
from .models import Order, OrderLine, Product

EXAMPLES = Path(settings.BASE_DIR) / "examples" / "erp"

_CUSTOMERS = (
    ("Anna Nowak", "anna.nowak@example.com"), ("Piotr Wiśniewski", "piotr.w@example.com"),
    ("Katarzyna Wójcik", "k.wojcik@example.com"), ("Tomasz Kamiński", "tomasz.kaminski@example.com"),
)  # fmt: skip


@demo.real_runs
def seed_demo() -> list[int]:
    """Fill an empty catalogue with the examples and send a few orders; returns the runs' ids (none if done)."""
    if Product.objects.exists() or Run.objects.filter(kind__in=[importer.KIND, exporter.KIND]).exists():
        return []
    runs = []
    for name in ("catalogue.xml", "catalogue-with-problems.xml"):
        path = EXAMPLES / name
        runs.append(jobs.import_file(importer.new_run(source="inbox", file_name=name, path=path)).pk)
    products = list(Product.objects.exclude(code__startswith="=").order_by("code")[:6])
    now = timezone.now()
    for i, (customer, email) in enumerate(_CUSTOMERS, 1):
        order = Order.objects.create(
            number=f"ZAM/{now:%Y}/{i:05d}", placed_at=now - dt.timedelta(hours=6 - i), customer_name=customer,
            customer_email=email,
        )  # fmt: skip
        for product in products[i - 1 : i + 1]:
            OrderLine.objects.create(
                order=order, product_code=product.code, name=product.name, quantity=Decimal(i), unit_price=product.price
            )
    runs.append(exporter.run_export(exporter.new_run(source="schedule")).pk)
    return runs
