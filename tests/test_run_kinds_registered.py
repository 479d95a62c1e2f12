"""Every run kind a worker knows, the web process knows too: its run pages name the kind and label
its counters (a kind registered only where its task module is imported showed its code,
"prestashop_stock_push", and raw counter keys on the panel)."""

import json
import subprocess
import sys

from django.conf import settings

_PROBE = """
import json, django
django.setup()
from eventlog import runs
web = sorted(k.code for k in runs.all_kinds())
from config.celery import app
app.loader.import_default_modules()
print(json.dumps([web, sorted(k.code for k in runs.all_kinds())]))
"""


def test_a_web_process_knows_every_run_kind_a_worker_knows():
    # A fresh process: this test process has imported every module long ago.
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=True
    )
    web, worker = json.loads(done.stdout.strip().splitlines()[-1])
    assert web == worker
    assert {"prestashop_stock_push", "prestashop_analysis", "sms_send", "allegro_poll"} <= set(web)
