"""PostgreSQL restarts while requests flow; once it is back, every request succeeds again
without restarting the app. What makes that true: CONN_HEALTH_CHECKS, which replaces a
persistent connection that died with the server before a request uses it."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from learning.models import Bank
from tests.faults.servers import database_url, gunicorn, production_env, required, status_of

pytestmark = pytest.mark.django_db(transaction=True)


def _restart_postgres() -> None:
    versions = sorted(Path("/etc/postgresql").glob("*/main"))
    if not versions or not shutil.which("pg_ctlcluster"):
        required("pg_ctlcluster and a cluster under /etc/postgresql are needed to restart it")
    if os.geteuid() != 0:
        required("restarting PostgreSQL needs root")
    version = versions[-1].parent.name
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
    subprocess.run(command, check=True, timeout=120)
    deadline = time.monotonic() + 60
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        assert time.monotonic() < deadline, "PostgreSQL did not come back within 60 s"
        time.sleep(0.2)


def test_every_request_succeeds_once_postgres_is_back(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("restarting the database server is a PostgreSQL test")
    Bank.objects.create(slug="a-bank", title="A bank", is_published=True)
    # A learner's page: every request reads the session, the user and the banks.
    browser = Client()
    browser.force_login(User.objects.create_user("learner"))
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    env = production_env(
        database_url(connection.settings_dict),
        tmp_path / "static",
        CONN_MAX_AGE="600",
        CONN_HEALTH_CHECKS="true",
    )
    # Two app servers: requests flow to one during the restart; the other sits idle on a
    # persistent connection the restart killed, which only the health check can notice.
    with gunicorn(env) as busy, gunicorn(env) as idle:
        pages = [f"{busy}/", f"{idle}/"]
        assert [status_of(page, cookie=cookie) for page in pages] == [200, 200]
        flowing, stop = [], threading.Event()

        def flow() -> None:
            while not stop.is_set():
                flowing.append(status_of(pages[0], cookie=cookie))
                time.sleep(0.05)

        traffic = threading.Thread(target=flow)
        traffic.start()
        try:
            connection.close()  # this process's own connection dies with the server too
            _restart_postgres()
        finally:
            stop.set()
            traffic.join()

        after = [status_of(page, cookie=cookie) for page in pages for _ in range(10)]

    assert flowing, "no request was sent while the database restarted"
    assert 200 in flowing
    assert after == [200] * len(after)
