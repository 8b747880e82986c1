"""The importer (the command, or the worker running an upload) killed with SIGKILL in the
middle of writing leaves no partial bank: the bank is written in one transaction, which dies
with the process."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from learning.ingestion import build_bank, decode_source
from learning.models import Bank, ImportJob, Question
from learning.services.import_jobs import import_job_create
from tests.faults.servers import PYTHON, ROOT, database_url, production_env
from tests.services.long_articles import long_article

pytestmark = pytest.mark.django_db(transaction=True)

SEED = ROOT / "fixtures" / "sources" / "poems-syndrome.txt"
FILES = 8  # the same article under eight titles: enough writing to be caught in the middle


def _articles(folder: Path) -> list[Path]:
    title, body = SEED.read_text(encoding="utf-8").lstrip().split("\n", 1)
    paths = []
    for n in range(FILES):
        path = folder / f"article-{n}.txt"
        path.write_text(f"{title} (copy {n})\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def _writing(settings_dict: dict[str, object], importer: int) -> bool:
    """Whether the importer holds an open write transaction right now."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(str(settings_dict["NAME"]), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # locked: a writer is inside its transaction
            return True
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return bool(cursor.fetchone()[0])


def test_a_killed_import_leaves_no_partial_bank(tmp_path: Path) -> None:
    paths = [str(path) for path in _articles(tmp_path)]
    env = production_env(database_url(connection.settings_dict), tmp_path / "static")
    command = [str(PYTHON), "manage.py", "import_source", *paths]
    importer = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not _writing(connection.settings_dict, importer.pid):
        assert importer.poll() is None, "the import finished before it was caught writing"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.005)
    connection.close()  # PostgreSQL: the probe's connection must not see a snapshot from before

    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)

    assert importer.returncode == -signal.SIGKILL
    assert Bank.objects.count() == 0
    assert Question.objects.count() == 0
    # Nothing is left locked or half-written: the same import then runs to the end.
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    assert Bank.objects.count() == FILES
    assert (
        Question.objects.count()
        == FILES * Question.objects.filter(bank__slug__endswith="-0").count()
    )


def test_a_killed_import_worker_leaves_no_partial_bank(
    tmp_path: Path, instructor: User, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = production_env(database_url(connection.settings_dict), tmp_path / "static")
    command = [
        str(PYTHON), "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
        "--interval", "0.05",
    ]  # fmt: skip
    # Thousands of questions: long enough a write to be caught in the middle of it.
    data = long_article(300)
    job = import_job_create(owner=instructor, data=data, filename="long.md", publish=True)
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (_status(job) == "saving" and _writing(connection.settings_dict, worker.pid)):
            assert worker.poll() is None, "the worker stopped before it was caught writing"
            assert _status(job) != "done", "the import finished before it was caught writing"
            assert time.monotonic() < deadline, "the worker never started writing"
            time.sleep(0.005)
        connection.close()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    assert Bank.objects.count() == 0
    assert Question.objects.count() == 0
    assert _status(job) == "saving"  # never "done" without its bank
    # Nothing is left locked or half-written: a new worker imports the same upload again.
    again = import_job_create(owner=instructor, data=data, filename="long.md", publish=True)
    finished = subprocess.run([*command, "--batch"], cwd=ROOT, env=env, timeout=300)
    assert finished.returncode == 0
    assert _status(again) == "done"
    # Every question the generator makes of it is there, active and reserve alike.
    expected = build_bank(decode_source(data), filename="long.md")
    assert Bank.objects.get().questions.count() == len(expected.questions)


def _status(job: ImportJob) -> str:
    job.refresh_from_db(fields=["status"])
    connection.close()  # PostgreSQL: the next look must not reuse this snapshot's connection
    return job.status
