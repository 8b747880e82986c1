"""Load benchmark: gunicorn on loopback under locust, the review cycle against a trivial view.

    .venv/bin/python bench/load.py                          # both databases, refresh the doc
    .venv/bin/python bench/load.py --seconds 3 --no-write   # a quick try
    .venv/bin/python bench/load.py --database sqlite        # one database only
    .venv/bin/python bench/load.py --hostile                # every page, hostile uploads in flight

It needs locust, which the tests do not: `.venv/bin/pip install -e '.[bench]'` once.

The app runs as in production (DEBUG off, collected static files, persistent connections)
under gunicorn, on a throwaway database: a SQLite file with the project's settings (WAL,
IMMEDIATE transactions) and a PostgreSQL database this script creates and drops itself. Each
database is measured small (the seed bank) and then large (1,000,000 review logs and 100,000
card states of other learners). At each size the phases alternate, trivial then cycle for
--rounds rounds, each run by bench/load_generator.py in its own process. After every cycle
phase the review logs in the database must equal the grades the load generator saw succeed.
`--hostile` is a run of its own (bench/load_hostile.py): every page while two hostile uploads
are in flight.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
GENERATOR = BENCH / "load_generator.py"
COMMAND = ".venv/bin/python bench/load.py"
DATABASES = ["sqlite", "postgresql"]
SECONDS = 15.0
WARM = 2.0
# `make serve`'s rule, two sync workers per core plus one: a worker waiting on the database
# (a commit, a lock) leaves the core to another.
WORKERS = 2 * (os.cpu_count() or 1) + 1
USERS = 10  # two requests queued per worker: no worker idles waiting for the load generator
LEARNERS = 60  # 200 new cards each; a user moves on to the next learner when one is done
ROUNDS = 3  # trivial then cycle, this many times at each size: drift hits both workloads

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
import load_hostile  # noqa: E402
from load_setup import Database, environment, gunicorn, postgres_database  # noqa: E402
from report import header, write_section  # noqa: E402


def run_phase(
    db: Database, base: str, kind: str, seconds: float, args: argparse.Namespace
) -> dict[str, Any]:
    from django.db import connection

    if kind == "cycle":
        db.forget_learners()
    connection.close()  # hold no connection (nor SQLite lock) while the server works
    out = db.folder / "phase.json"
    command = [
        PYTHON, str(GENERATOR), "--host", base, "--kind", kind, "--users", str(args.users),
        "--seconds", str(seconds), "--warm", str(args.warm), "--out", str(out),
        "--learners", str(db.pool),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    result = json.loads(out.read_text())
    if kind == "cycle":
        result["logged"] = db.logged()
        connection.close()
    rate = len(result["times_ms"]) / seconds
    print(f"    {kind}: {rate:,.0f} requests/s, status {result['status']}", file=sys.stderr)
    return result


def measure_database(database: str, args: argparse.Namespace) -> dict[str, Any]:
    """Everything for one database, in this (child) process: Django is set up for it here."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as name:
        folder = Path(name)
        env = environment(database, folder)
        if args.hostile:
            env = load_hostile.hostile_environment(env)
        os.environ.update(env)
        import django

        django.setup()
        if args.hostile:
            return measure_hostile(database, env, folder, args)
        phases: dict[str, list[dict[str, Any]]] = {}
        with postgres_database(database):
            print(f"{database}: setting up the small database...", file=sys.stderr, flush=True)
            db = Database(folder, args.learners)
            with gunicorn(env, folder, args.workers) as base:
                print(f"{database}: warming up the workers...", file=sys.stderr, flush=True)
                run_phase(db, base, "trivial", 1, args)
                for size in ["small", "large"]:
                    if size == "large":
                        print(f"{database}: adding 1,000,000 review logs...", file=sys.stderr)
                        started = time.perf_counter()
                        db.add_other_learners()
                        print(f"  took {time.perf_counter() - started:.0f} s", file=sys.stderr)
                    print(f"{database}, {size}:", file=sys.stderr, flush=True)
                    plan = ["trivial", "cycle"] * args.rounds
                    phases[size] = [run_phase(db, base, kind, args.seconds, args) for kind in plan]
        server_log = (folder / "gunicorn.log").read_text(errors="replace")
    return {
        "database": database,
        "phases": phases,
        "logged_500s": server_log.count("Internal Server Error:"),
        "locked": server_log.count("database is locked"),
    }


def measure_hostile(
    database: str, env: dict[str, str], folder: Path, args: argparse.Namespace
) -> dict[str, Any]:
    from django.db import connection

    with postgres_database(database):
        print(f"{database}: setting up the database...", file=sys.stderr, flush=True)
        db = Database(folder, args.learners)
        pool = load_hostile.instructor_pool()
        connection.close()
        with gunicorn(env, folder, args.workers) as base, load_hostile.import_worker(env, folder):
            run_phase(db, base, "trivial", 1, args)  # warms the workers
            feeder = load_hostile.Feeder(base, pool)
            pages = load_hostile.watched_job(feeder, folder)
            feeder.start()
            phases = []
            for _ in range(args.rounds):
                for mode in ["quiet", "hostile"]:
                    feeder.in_flight = load_hostile.IN_FLIGHT if mode == "hostile" else 0
                    while feeder.unfinished() < feeder.in_flight and not feeder.failure:
                        time.sleep(0.1)  # both hostile uploads in flight before measuring
                    phases.append({**_pages_phase(base, pages, folder, args), "mode": mode})
                    feeder.in_flight = 0
                    load_hostile.wait_for_quiet(feeder)
            feeder.stopping.set()
            feeder.join()
            jobs = load_hostile.jobs_outcome(feeder.jobs)
        server_log = (folder / "gunicorn.log").read_text(errors="replace")
    return {
        "database": database,
        "users": args.users,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "phases": phases,
        "jobs": jobs,
        "upload_ms": feeder.upload_ms,
        "feeder_failure": feeder.failure,
        "logged_500s": server_log.count("Internal Server Error:"),
    }


def _pages_phase(base: str, pages: Path, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    out = folder / "phase.json"
    command = [
        PYTHON, str(GENERATOR), "--host", base, "--kind", "pages", "--users", str(args.users),
        "--seconds", str(args.seconds), "--warm", str(args.warm), "--out", str(out),
        "--learners", str(pages),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    result = json.loads(out.read_text())
    rate = len(result["times_ms"]) / args.seconds
    print(f"    pages: {rate:,.0f} requests/s, status {result['status']}", file=sys.stderr)
    return result


def summarize(phases: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    chosen = [phase for phase in phases if phase["kind"] == kind]
    times = [time_ms for phase in chosen for time_ms in phase["times_ms"]]
    seconds = sum(phase["seconds"] for phase in chosen)
    return {
        "rate": len(times) / seconds,
        "rates": [len(phase["times_ms"]) / phase["seconds"] for phase in chosen],
        "p50": statistics.median(times) if times else float("nan"),
        "p99": statistics.quantiles(times, n=100, method="inclusive")[98]
        if len(times) > 1
        else float("nan"),
        "errors": sum(phase["errors"] for phase in chosen),
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
    if result["logged_500s"]:
        found.append(f"{result['database']}: {result['logged_500s']} 500s in the server log")
    if result["locked"]:
        found.append(f"{result['database']}: 'database is locked' {result['locked']} times")
    return found


LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
WORKLOADS = {"trivial": "Trivial: login page, anonymous GET", "cycle": "Cycle: grade + next card"}


def render(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    table = [
        "| Database | Data | Workload | Requests/s | Per phase | p50 ms | p99 ms | Errors "
        "| Cycle ÷ trivial (by round) | Review logs = grades |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for size, phases in result["phases"].items():
            trivial = summarize(phases, "trivial")
            for kind in ["trivial", "cycle"]:
                row = summarize(phases, kind)
                ratio = _ratio(row, trivial) if kind == "cycle" else ""
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
        f"{LABELS[r['database']]}: {r['logged_500s']} internal server errors logged, "
        f"{r['locked']} × 'database is locked'"
        for r in results
    )
    return "\n".join(
        [
            *header(
                machine_note=" — shared with other work while it ran; the load generator runs "
                "on the same 2 cores as the server."
            ),
            f"- Reproduce: `{_command(args)}`",
            f"- gunicorn: {args.workers} sync workers; locust: {args.users} users, no think "
            f"time; each phase {args.seconds:g} s measured after {args.warm:g} s unmeasured; "
            f"{args.rounds} rounds of trivial then cycle per database and size. The machine's "
            f"load average (1 min) when the run started: {args.load_before:.1f}.",
            f"- Server log: {server_logs}.",
            "",
            *table,
        ]
    )


def _ratio(cycle: dict[str, Any], trivial: dict[str, Any]) -> str:
    """Over all phases, and each cycle phase over the trivial phase just before it."""
    rounds = [c / t for c, t in zip(cycle["rates"], trivial["rates"], strict=True)]
    return f"{cycle['rate'] / trivial['rate']:.2f} ({min(rounds):.2f}–{max(rounds):.2f})"


def _command(args: argparse.Namespace) -> str:
    extra = []
    defaults = {"seconds": SECONDS, "warm": WARM, "users": USERS, "workers": WORKERS}
    defaults["rounds"] = ROUNDS
    defaults["learners"] = LEARNERS
    for name, default in defaults.items():
        if getattr(args, name) != default:
            extra.append(f"--{name} {getattr(args, name):g}")
    if args.database != DATABASES:
        extra += [f"--database {name}" for name in args.database]
    return " ".join([COMMAND, *extra])


def _hostile_command(args: argparse.Namespace) -> str:
    extra = ["--hostile"]
    if args.seconds != SECONDS:
        extra.append(f"--seconds {args.seconds:g}")
    if args.rounds != load_hostile.ROUNDS:
        extra.append(f"--rounds {args.rounds}")
    if args.users != USERS:
        extra.append(f"--users {args.users}")
    if args.database != DATABASES:
        extra += [f"--database {name}" for name in args.database]
    return " ".join([COMMAND, *extra])


EXPLANATION = """## Load

`bench/load.py` serves the app as in production — gunicorn with sync workers on loopback,
DEBUG off, static files collected, persistent database connections — and loads it with
[locust](https://locust.io) (`bench/load_generator.py`, headless, as a library), each user
sending its next request as soon as the last is answered. Two workloads alternate in one run
(trivial, cycle, trivial, cycle...), so drift of the machine hits both: **Trivial** = an anonymous
GET of the login page (no query), **Cycle** = a logged-in learner's htmx POST grading the
shown card with the token of the previous response, answered by the next card (as in the
review-cycle benchmark, but through HTTP with many learners at once). Each simulated learner
has a session made in the database and 200 new cards; a user done with one takes the next.
Both on SQLite (a file, the project's WAL settings) and on PostgreSQL (a database the script
creates and drops), each first **small** (the seed bank) and then **large** (plus 1,000,000
review logs and 100,000 card states of 500 other learners, on the same bank). After each
cycle phase the review logs in the database must equal the grades that got a 200 (✓), with
no 5xx; otherwise the script fails. Requests/s and p50/p99 are over every request of the
workload's phases at that size; the ratio in brackets is each cycle phase over the trivial
phase just before it. The figures come from a shared 2-core machine that also runs the load
generator and, while it ran, other people's test suites, so single phases swing by a factor
of two: compare the ratios and the databases with each other rather than the raw requests/s.
"""


def main() -> int:
    if importlib.util.find_spec("locust") is None:
        print("locust is not installed: run .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="measured seconds a phase")
    parser.add_argument(
        "--rounds", type=int, help=f"trivial+cycle pairs ({ROUNDS}); quiet+hostile pairs (2)"
    )
    parser.add_argument("--warm", type=float, default=WARM, help="unmeasured seconds first")
    parser.add_argument("--users", type=int, default=USERS, help="concurrent locust users")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn sync workers")
    parser.add_argument("--learners", type=int, default=LEARNERS, help="simulated learners")
    parser.add_argument(
        "--database", action="append", choices=DATABASES, help="repeatable; default both"
    )
    parser.add_argument(
        "--hostile", action="store_true", help="every page, with hostile uploads in flight"
    )
    parser.add_argument("--one", choices=DATABASES, help=argparse.SUPPRESS)  # the child's part
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.database = args.database or DATABASES
    if args.rounds is None:
        args.rounds = load_hostile.ROUNDS if args.hostile else ROUNDS
    if args.one:
        Path(args.results).write_text(json.dumps(measure_database(args.one, args)))
        return 0

    args.load_before = os.getloadavg()[0]  # other work on the machine
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
    if args.hostile:
        section = load_hostile.render(results, header(), _hostile_command(args), args.load_before)
        found = [problem for result in results for problem in load_hostile.problems(result)]
    else:
        section = render(results, args)
        found = [problem for result in results for problem in problems(result)]
    print(section)
    for problem in found:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if found:
        return 1
    if not args.no_write:
        if args.hostile:
            write_section("load-hostile", section, introduction=load_hostile.EXPLANATION)
        else:
            write_section("load", section, introduction=EXPLANATION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
