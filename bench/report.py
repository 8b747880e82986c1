"""What the benchmarks share: the seeded database they start from, the timing of pages through
the test Client against a trivial one, and what each writes beside its figures — the date, the
machine, the commit, and its own section of docs/performance.md between
`<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` markers, so each script replaces only
its own numbers."""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
SEED = ROOT / "fixtures" / "sources" / "poems-syndrome.txt"


def setup_django(db_path: Path) -> None:
    """Production-like settings on a throwaway SQLite file, for a bench that uses the test Client.

    Settings are read from the environment once, at django.setup(): everything is set first.
    """
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["HTTPS"] = "false"  # the test client speaks plain HTTP: no redirect to HTTPS
    # Production serves hashed static files through a manifest: collect them beside the
    # database, not into the project's own STATIC_ROOT.
    os.environ["STATIC_ROOT"] = str(db_path.parent / "static")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quizsite.settings"
    import django

    django.setup()


def seed_database() -> None:
    """The schema, the static files' manifest and the seed bank; Django must be set up."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("import_source", str(SEED), stdout=io.StringIO())


class Workload(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def requests(self) -> int: ...


class PageBench(Protocol):
    """A set of pages to time: what they are, one request, and an untimed check of one."""

    def workloads(self) -> list[Workload]: ...
    def get(self, workload: Workload) -> bytes: ...
    def check_and_count(self, workload: Workload) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Row:
    workload: Workload
    seconds: list[float]  # per request, one per repeat
    queries: int
    size: int  # response bytes

    @property
    def ms(self) -> float:
        return 1000 * statistics.median(self.seconds)


def measure(bench: PageBench, repeats: int) -> list[Row]:
    """Each repeat times every workload back to back, so machine noise hits them alike."""
    workloads = bench.workloads()
    counted = [bench.check_and_count(workload) for workload in workloads]
    seconds: list[list[float]] = [[] for _ in workloads]
    for repeat in range(repeats):
        print(f"  repeat {repeat + 1}/{repeats}", file=sys.stderr, flush=True)
        for index, workload in enumerate(workloads):
            started = time.perf_counter()
            for _ in range(workload.requests):
                bench.get(workload)
            seconds[index].append((time.perf_counter() - started) / workload.requests)
    return [
        Row(workload, seconds[i], counted[i][0], counted[i][1])
        for i, workload in enumerate(workloads)
    ]


def table(rows: list[Row]) -> list[str]:
    """The rows as a Markdown table, each against the first (the trivial view)."""
    trivial = rows[0].ms
    lines = [
        "| Workload | ms/request (median) | ÷ trivial | Queries/request | Response | Range (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        low, high = 1000 * min(row.seconds), 1000 * max(row.seconds)
        lines.append(
            f"| {row.workload.name} | {row.ms:,.2f} | {row.ms / trivial:,.1f}× | {row.queries} "
            f"| {row.size / 1024:,.0f} KiB | {low:,.2f}–{high:,.2f} |"
        )
    return lines


def header(*, machine_note: str = "") -> list[str]:
    """The first lines of every section: when, on what, from which commit."""
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [f"- Date: {today}", f"- Machine: {machine()}{machine_note}", f"- Commit: {commit()}"]


def machine() -> str:
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = f", {found.group(1).strip()}" if found else ""
    return (
        f"nproc {cpus}{model}, {platform.system()} {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (uncommitted changes)" if dirty else head


def write_section(name: str, section: str, *, introduction: str) -> None:
    """Replaces the section between this benchmark's markers, or appends it after
    `introduction` (a heading and a paragraph) the first time."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{section}\n{end}"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + introduction.strip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(f"\nwrote {DOC.relative_to(ROOT)}", file=sys.stderr)
