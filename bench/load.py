"""Load benchmark: gunicorn on loopback under locust, the review cycle against a trivial view.

    .venv/bin/python bench/load.py                          # both databases, refresh the doc
    .venv/bin/python bench/load.py --seconds 3 --no-write   # a quick try
    .venv/bin/python bench/load.py --database sqlite        # one database only

The app runs as in production (DEBUG off, collected static files, persistent connections)
under gunicorn, on a throwaway database: a SQLite file with the project's settings (WAL,
IMMEDIATE transactions) and a PostgreSQL database this script creates and drops itself. Each
database is measured small (the seed bank) and then large (1,000,000 review logs and 100,000
card states of other learners). At each size the phases alternate: trivial, cycle, trivial,
cycle, each run by bench/load_generator.py in its own process. After every cycle phase the
review logs in the database must equal the grades the load generator saw succeed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Iterator
from itertools import product
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
GENERATOR = BENCH / "load_generator.py"
SEED = ROOT / "fixtures" / "sources" / "poems-syndrome.txt"
COMMAND = ".venv/bin/python bench/load.py"
DATABASES = ["sqlite", "postgresql"]
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_NAME = "bench_load"  # created and dropped here; never the tests' database
SECONDS = 15.0
WARM = 2.0
# `make serve`'s rule, two sync workers per core plus one: a worker waiting on the database
# (a commit, a lock) leaves the core to another.
WORKERS = 2 * (os.cpu_count() or 1) + 1
USERS = 10  # two requests queued per worker: no worker idles waiting for the load generator
LEARNERS = 40  # 200 new cards each; a user moves on to the next learner when one is done
PLAN = ["trivial", "cycle", "trivial", "cycle"]
OTHER_LEARNERS = 500  # each with all 200 cards of the seed bank: 100,000 card states
LOGS_PER_CARD = 10  # 1,000,000 review logs
DAY = dt.timedelta(days=1)

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
from report import commit, machine, write_section  # noqa: E402

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
    ]  # fmt: skip
    with (folder / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(f"{base}/accounts/login/", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see its log")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


class Database:
    """The bank, the simulated learners and the other learners' rows; Django set up first."""

    def __init__(self, folder: Path, learners: int) -> None:
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.test import Client
        from django.utils.crypto import get_random_string

        from learning.models import Bank, StudySettings

        quiet = {"verbosity": 0, "stdout": io.StringIO()}
        call_command("migrate", **quiet)
        call_command("createcachetable", **quiet)
        call_command("collectstatic", interactive=False, **quiet)
        call_command("import_source", str(SEED), stdout=io.StringIO())
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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does shortly after a bulk load
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


def run_phase(db: Database, base: str, kind: str, args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    if kind == "cycle":
        db.forget_learners()
    connection.close()  # hold no connection (nor SQLite lock) while the server works
    out = db.folder / "phase.json"
    command = [
        PYTHON, str(GENERATOR), "--host", base, "--kind", kind, "--users", str(args.users),
        "--seconds", str(args.seconds), "--warm", str(args.warm), "--out", str(out),
        "--learners", str(db.pool),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    result = json.loads(out.read_text())
    if kind == "cycle":
        result["logged"] = db.logged()
        connection.close()
    rate = len(result["times_ms"]) / args.seconds
    print(f"    {kind}: {rate:,.0f} requests/s, status {result['status']}", file=sys.stderr)
    return result


def measure_database(database: str, args: argparse.Namespace) -> dict[str, Any]:
    """Everything for one database, in this (child) process: Django is set up for it here."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as name:
        folder = Path(name)
        env = environment(database, folder)
        os.environ.update(env)
        import django

        django.setup()
        phases: dict[str, list[dict[str, Any]]] = {}
        with postgres_database(database):
            print(f"{database}: setting up the small database...", file=sys.stderr, flush=True)
            db = Database(folder, args.learners)
            with gunicorn(env, folder, args.workers) as base:
                run_phase(db, base, "trivial", argparse.Namespace(**{**vars(args), "seconds": 1}))
                for size in ["small", "large"]:
                    if size == "large":
                        print(f"{database}: adding 1,000,000 review logs...", file=sys.stderr)
                        started = time.perf_counter()
                        db.add_other_learners()
                        print(f"  took {time.perf_counter() - started:.0f} s", file=sys.stderr)
                    print(f"{database}, {size}:", file=sys.stderr, flush=True)
                    phases[size] = [run_phase(db, base, kind, args) for kind in PLAN]
        server_log = (folder / "gunicorn.log").read_text(errors="replace")
    return {
        "database": database,
        "phases": phases,
        "tracebacks": server_log.count("Traceback"),
        "locked": server_log.count("database is locked"),
    }


def summarize(phases: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    chosen = [phase for phase in phases if phase["kind"] == kind]
    times = [time_ms for phase in chosen for time_ms in phase["times_ms"]]
    seconds = sum(phase["seconds"] for phase in chosen)
    statuses = [(code, count) for phase in chosen for code, count in phase["status"].items()]
    return {
        "rate": len(times) / seconds,
        "rates": [len(phase["times_ms"]) / phase["seconds"] for phase in chosen],
        "p50": statistics.median(times) if times else float("nan"),
        "p99": statistics.quantiles(times, n=100, method="inclusive")[98]
        if len(times) > 1
        else float("nan"),
        "errors": sum(phase["errors"] for phase in chosen),
        "server_errors": sum(count for code, count in statuses if code.startswith("5")),
        "graded": [phase.get("grades_ok", 0) for phase in chosen],
        "logged": [phase.get("logged", 0) for phase in chosen],
    }


def problems(result: dict[str, Any]) -> list[str]:
    """What would make the figures wrong or the app at fault: the run then fails."""
    found = []
    for size, phases in result["phases"].items():
        for number, phase in enumerate(phases, 1):
            where = f"{result['database']}, {size}, phase {number} ({phase['kind']})"
            server = {code: n for code, n in phase["status"].items() if code.startswith("5")}
            if server:
                found.append(f"{where}: server errors {server}")
            if phase["kind"] == "cycle" and phase["logged"] != phase["grades_ok"]:
                found.append(
                    f"{where}: {phase['logged']} review logs for {phase['grades_ok']} grades"
                )
            if phase["already_graded"]:
                found.append(f"{where}: {phase['already_graded']} grades refused as repeats")
            if phase["pool_ran_dry"]:
                found.append(f"{where}: learners ran out of cards; raise --learners")
            if phase["exceptions"]:
                found.append(f"{where}: load generator failed: {phase['exception_messages']}")
    if result["locked"]:
        found.append(f"{result['database']}: 'database is locked' {result['locked']} times")
    return found


LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
WORKLOADS = {"trivial": "Trivial: login page, anonymous GET", "cycle": "Cycle: grade + next card"}


def render(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = [
        "| Database | Data | Workload | Requests/s | Per phase | p50 ms | p99 ms | Errors "
        "| Cycle ÷ trivial | Review logs = grades |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for size, phases in result["phases"].items():
            trivial = summarize(phases, "trivial")
            for kind in ["trivial", "cycle"]:
                row = summarize(phases, kind)
                ratio = f"{row['rate'] / trivial['rate']:.2f}" if kind == "cycle" else ""
                checked = " + ".join(
                    f"{logged:,}" + (" ✓" if logged == graded else f" ≠ {graded:,}")
                    for logged, graded in zip(row["logged"], row["graded"], strict=True)
                )
                table.append(
                    f"| {LABELS[result['database']]} | {size} | {WORKLOADS[kind]} "
                    f"| {row['rate']:,.0f} | {' / '.join(f'{r:,.0f}' for r in row['rates'])} "
                    f"| {row['p50']:.1f} | {row['p99']:.1f} | {row['errors']} | {ratio} "
                    f"| {checked if kind == 'cycle' else ''} |"
                )
    server_logs = "; ".join(
        f"{LABELS[r['database']]}: {r['tracebacks']} tracebacks, "
        f"{r['locked']} × 'database is locked'"
        for r in results
    )
    return "\n".join(
        [
            f"- Date: {today}",
            f"- Machine: {machine()} — shared with other work while it ran; the load "
            "generator runs on the same 2 cores as the server.",
            f"- Commit: {commit()}",
            f"- Reproduce: `{_command(args)}`",
            f"- gunicorn: {args.workers} sync workers; locust: {args.users} users, no think "
            f"time; each phase {args.seconds:g} s measured after {args.warm:g} s unmeasured; "
            f"phases {', '.join(PLAN)} per database and size.",
            f"- Server log: {server_logs}.",
            "",
            *table,
        ]
    )


def _command(args: argparse.Namespace) -> str:
    extra = []
    defaults = {"seconds": SECONDS, "warm": WARM, "users": USERS, "workers": WORKERS}
    defaults["learners"] = LEARNERS
    for name, default in defaults.items():
        if getattr(args, name) != default:
            extra.append(f"--{name} {getattr(args, name):g}")
    if args.database != DATABASES:
        extra += [f"--database {name}" for name in args.database]
    return " ".join([COMMAND, *extra])


EXPLANATION = """## Load

`bench/load.py` serves the app as in production — gunicorn with sync workers on loopback,
DEBUG off, static files collected, persistent database connections — and loads it with
[locust](https://locust.io) (`bench/load_generator.py`, headless, as a library), each user
sending its next request as soon as the last is answered. Two workloads alternate in one run,
trivial, cycle, trivial, cycle, so drift of the machine hits both: **Trivial** = an anonymous
GET of the login page (no query), **Cycle** = a logged-in learner's htmx POST grading the
shown card with the token of the previous response, answered by the next card (as in the
review-cycle benchmark, but through HTTP with many learners at once). Each simulated learner
has a session made in the database and 200 new cards; a user done with one takes the next.
Both on SQLite (a file, the project's WAL settings) and on PostgreSQL (a database the script
creates and drops), each first **small** (the seed bank) and then **large** (plus 1,000,000
review logs and 100,000 card states of 500 other learners, on the same bank). After each
cycle phase the review logs in the database must equal the grades that got a 200 (✓), with
no 5xx; otherwise the script fails. p50/p99 are over every request of the workload's two
phases. The figures come from a shared 2-core machine that also runs the load generator, so
compare the cycle ÷ trivial ratio and the databases with each other rather than the raw
requests/s.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="measured seconds a phase")
    parser.add_argument("--warm", type=float, default=WARM, help="unmeasured seconds first")
    parser.add_argument("--users", type=int, default=USERS, help="concurrent locust users")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn sync workers")
    parser.add_argument("--learners", type=int, default=LEARNERS, help="simulated learners")
    parser.add_argument(
        "--database", action="append", choices=DATABASES, help="repeatable; default both"
    )
    parser.add_argument("--one", choices=DATABASES, help=argparse.SUPPRESS)  # the child's part
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.database = args.database or DATABASES
    if args.one:
        Path(args.results).write_text(json.dumps(measure_database(args.one, args)))
        return 0

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-load-results-") as folder:
        for database in args.database:
            out = Path(folder) / f"{database}.json"
            # Django reads its settings once per process: one process per database.
            subprocess.run(
                [PYTHON, __file__, *sys.argv[1:], "--one", database, "--results", str(out)],
                check=True,
            )
            results.append(json.loads(out.read_text()))
    section = render(results, args)
    print(section)
    found = [problem for result in results for problem in problems(result)]
    for problem in found:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if found:
        return 1
    if not args.no_write:
        write_section("load", section, introduction=EXPLANATION)
        print("\nwrote docs/performance.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
