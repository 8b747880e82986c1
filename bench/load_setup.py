"""The server and the database of bench/load.py: gunicorn in production mode, a throwaway
SQLite file or PostgreSQL database, the simulated learners with their sessions, and the other
learners' million review logs."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from itertools import product
from pathlib import Path
from typing import Any

from report import seed_database

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_NAME = "bench_load"  # created and dropped here; never the tests' database
OTHER_LEARNERS = 500  # each with all 200 cards of the seed bank: 100,000 card states
LOGS_PER_CARD = 10  # 1,000,000 review logs
DAY = dt.timedelta(days=1)

# Logs the tracebacks of 500s, which Django with DEBUG off would only mail to the admins.
GUNICORN_CONFIG = """
import logging

def post_worker_init(worker):
    handler = logging.StreamHandler()
    handler.setLevel(logging.ERROR)
    logging.getLogger("django.request").addHandler(handler)
"""


def environment(database: str, folder: Path) -> dict[str, str]:
    """The production settings of the server, which the setup in this process shares."""
    url = (
        f"sqlite:///{folder / 'bench.sqlite3'}"
        if database == "sqlite"
        else f"{POSTGRES_SERVER}/{POSTGRES_NAME}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "HTTPS": "false",  # plain HTTP on loopback
        "SECRET_KEY": secrets.token_urlsafe(50),  # the server must accept the sessions made here
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
    }


@contextlib.contextmanager
def postgres_database(database: str) -> Iterator[None]:
    if database != "postgresql":
        yield
        return
    import psycopg

    def run(statement: str) -> None:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(statement)

    run(f"DROP DATABASE IF EXISTS {POSTGRES_NAME} WITH (FORCE)")  # left by an interrupted run
    run(f"CREATE DATABASE {POSTGRES_NAME}")
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        run(f"DROP DATABASE IF EXISTS {POSTGRES_NAME} WITH (FORCE)")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], folder: Path, workers: int) -> Iterator[str]:
    config = folder / "gunicorn.conf.py"
    config.write_text(GUNICORN_CONFIG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        PYTHON, "-m", "gunicorn", "quizsite.wsgi", "--config", str(config),
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--no-control-socket",  # its default path is shared by every gunicorn on the machine
    ]  # fmt: skip
    log = folder / "gunicorn.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            _wait_until_serving(f"{base}/accounts/login/", server)
        except RuntimeError:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


class Database:
    """The bank, the simulated learners and the other learners' rows; Django set up first."""

    def __init__(self, folder: Path, learners: int) -> None:
        from django.contrib.auth.models import User
        from django.test import Client
        from django.utils.crypto import get_random_string

        from learning.models import Bank, StudySettings

        seed_database()
        self.folder = folder
        self.bank = Bank.objects.get()
        self.question_ids = list(
            self.bank.questions.order_by("position").values_list("pk", flat=True)
        )
        users = [User.objects.create_user(f"bench-learner-{n}") for n in range(learners)]
        # No daily limit may end a learner's 200 new cards early.
        StudySettings.objects.bulk_create(
            StudySettings(user=user, new_per_day=9999, reviews_per_day=99999) for user in users
        )
        self.learner_ids = [user.pk for user in users]
        pool = []
        for user in users:
            browser = Client()
            browser.force_login(user)  # a session row, as a login through the form makes
            pool.append(
                {"session": browser.cookies["sessionid"].value, "csrf": get_random_string(32)}
            )
        self.pool = folder / "learners.json"
        self.pool.write_text(json.dumps({"slug": self.bank.slug, "learners": pool}))

    def forget_learners(self) -> None:
        """Every simulated learner back to 200 new cards, so a cycle phase never runs dry."""
        from learning.models import CardState, ReviewLog

        ReviewLog.objects.filter(user_id__in=self.learner_ids).delete()
        CardState.objects.filter(user_id__in=self.learner_ids).delete()

    def logged(self) -> int:
        from learning.models import ReviewLog

        return ReviewLog.objects.filter(user_id__in=self.learner_ids).count()

    def add_other_learners(self) -> None:
        """500 learners with every card of the bank in review, each card reviewed 10 times:
        100,000 card states (due from 30 days ago to a year ahead), 1,000,000 review logs
        (over the past year), on the same questions the simulated learners study."""
        from django.contrib.auth.models import User
        from django.db import connection
        from django.utils import timezone

        from learning.models import CardState, ReviewLog

        now = timezone.now()
        stamp = _stamper(connection)
        others = User.objects.bulk_create(
            User(username=f"bench-other-{n}", password="!") for n in range(OTHER_LEARNERS)
        )
        pairs = list(product([user.pk for user in others], self.question_ids))
        states = (
            (user, question, "review", 10.0, 5.0, stamp(now + DAY * (n % 395 - 30)),
             stamp(now - DAY * 11), LOGS_PER_CARD, 0)
            for n, (user, question) in enumerate(pairs)
        )  # fmt: skip
        insert_rows(
            CardState,
            ["user", "question", "phase", "stability", "difficulty", "due", "last_review",
             "reps", "lapses"],
            states,
        )  # fmt: skip
        logs = (
            (user, question, 3, stamp(now - DAY * (1 + (n * LOGS_PER_CARD + reps) % 364)),
             "study", "", reps, "review", "review", stamp(now), 0)
            for n, (user, question) in enumerate(pairs)
            for reps in range(1, LOGS_PER_CARD + 1)
        )  # fmt: skip
        insert_rows(
            ReviewLog,
            ["user", "question", "rating", "reviewed_at", "source", "given_answer", "reps",
             "phase_before", "phase_after", "due_after", "lapses_before"],
            logs,
        )  # fmt: skip
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")  # what autovacuum does shortly after a bulk load
            else:
                # The load's pages go from the write-ahead log into the database file now,
                # not in the middle of a measured phase, as they would in a database in use.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()


def _stamper(connection: Any) -> Any:
    """Datetimes as the backend stores them: psycopg takes them as they are, SQLite as text."""
    if connection.vendor == "postgresql":
        return lambda moment: moment
    cache: dict[dt.datetime, str] = {}
    adapt = connection.ops.adapt_datetimefield_value
    return lambda moment: cache.get(moment) or cache.setdefault(moment, adapt(moment))


def insert_rows(model: Any, names: list[str], rows: Iterable[tuple[object, ...]]) -> None:
    """Bulk insert in one transaction: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    table = quote(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
