"""An S3-compatible server on loopback for the storage tests: moto's server (`moto_server`), a process
of its own that speaks S3's REST API over HTTP, so boto3 and django-storages go through their real
request path (signing, multipart uploads, listing, presigned URLs).

- `s3_server` (session scope): the server on a free port; `s3_server.env()` is the environment that
  points a process (web, worker) at it, `s3_server.bucket()` a fresh empty bucket.
- `s3_storages` (function scope): the project's file storages ("exports", "erp_inbox", "erp_outbox")
  switched to a new bucket of that server for the test, in this process; `s3_storages.env` is the
  environment that does the same for a worker or web process the test starts.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests
from django.conf import settings as django_settings

from tests.servers import _free_port
from tests.workers import wait_for

#: The names `config/settings.py` gives the product's file storages, with their S3 prefixes.
PREFIXES = {"exports": "exports", "erp_inbox": "erp/inbox", "erp_outbox": "erp/outbox"}
#: moto accepts any credentials; boto3 needs some to sign with.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "dziennik-tests", "AWS_SECRET_ACCESS_KEY": "dziennik-tests-secret"}
REGION = "eu-central-1"
_buckets = itertools.count(1)


@dataclass
class S3Server:
    url: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.url, region_name=REGION, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )  # fmt: skip

    def bucket(self) -> str:
        """A new, empty bucket (one per test: nothing leaks from one test into the next)."""
        name = f"dziennik-{os.getpid()}-{next(_buckets)}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    def env(self, bucket: str) -> dict[str, str]:
        """The environment that makes a project process keep its files in `bucket` of this server."""
        return {"AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": self.url, "AWS_S3_REGION_NAME": REGION,
                **CREDENTIALS}  # fmt: skip

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """Every key under `prefix` in `bucket`, sorted."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    port = _free_port()
    log = Path(tmp_path_factory.mktemp("s3")) / "moto.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = S3Server(f"http://127.0.0.1:{port}", process)

    def answers() -> bool:
        assert process.poll() is None, f"moto_server ended: {log.read_text(errors='replace')[-2000:]}"
        try:
            return requests.get(server.url, timeout=1).status_code < 500
        except requests.ConnectionError:
            return False

    wait_for(answers, "the S3 server (moto) to answer")
    os.environ.update({k: v for k, v in CREDENTIALS.items() if k not in os.environ})
    yield server
    process.terminate()
    process.wait(timeout=30)


@dataclass
class S3Storages:
    server: S3Server
    bucket: str

    @property
    def env(self) -> dict[str, str]:
        return self.server.env(self.bucket)

    def keys(self, prefix: str = "") -> list[str]:
        return self.server.keys(self.bucket, prefix)


@pytest.fixture
def s3_storages(s3_server, settings) -> S3Storages:
    """The product's file storages in a new bucket of `s3_server` for this test (as AWS_STORAGE_BUCKET_NAME
    and AWS_S3_ENDPOINT_URL would set them: the options of config/settings.py)."""
    bucket = s3_server.bucket()
    options = {
        "bucket_name": bucket, "endpoint_url": s3_server.url, "region_name": REGION, "addressing_style": "path",
        "file_overwrite": True, "querystring_auth": True, "querystring_expire": 300, "default_acl": None,
        "max_memory_size": 16 * 1024 * 1024,
        "access_key": CREDENTIALS["AWS_ACCESS_KEY_ID"], "secret_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }  # fmt: skip
    settings.STORAGES = {
        **django_settings.STORAGES,
        **{
            name: {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": prefix}}
            for name, prefix in PREFIXES.items()
        },
    }
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    return S3Storages(s3_server, bucket)
