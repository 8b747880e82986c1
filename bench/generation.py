"""Times the pure generator against a plain read of the same input, measured in the same run.

    .venv/bin/python bench/generation.py            # measure, print, refresh docs/performance.md
    .venv/bin/python bench/generation.py --no-write # measure and print only

Absolute times depend on the machine, so the number to compare across runs is the ratio
generation / baseline, where the baseline reads and decodes the same bytes in the same process.
A second table times each hostile input shape of issue 10 at 1 MB against the ~1 MB ordinary
article of the same run: each must give a bank or a one-line error within 3 times as long.
"""

from __future__ import annotations

import argparse
import gc
import math
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "ingestion" / "articles"
LARGE_BYTES = 1_000_000
LARGE_TITLE = "POEMS Syndrome and Related Conditions"
COMMAND = ".venv/bin/python bench/generation.py"

# Run from anywhere without relying on how the project was installed into the venv.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import SEED, header, write_section  # noqa: E402

from learning.ingestion import IngestionError, build_bank, decode_source  # noqa: E402
from tests.ingestion.hostile import SHAPES  # noqa: E402

HOSTILE_LIMIT = 3.0  # times the ordinary 1 MB article's generation time


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    data: bytes
    read: Callable[[], bytes]


@dataclass(frozen=True)
class Timing:
    per_call: float  # median over the repeats, seconds
    repeats: int
    loops: int  # calls per repeat

    def describe(self) -> str:
        return f"{self.repeats} × {self.loops:,}"


@dataclass(frozen=True)
class Result:
    case: Case
    questions: int
    generation: Timing
    baseline: Timing
    peak_bytes: int

    @property
    def ratio(self) -> float:
        return self.generation.per_call / self.baseline.per_call


def _plain_sections(text: str, *, markdown: bool) -> list[str]:
    """The article's lines without its title; Markdown becomes the seed's plain-text layout."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    lines = lines[1:]
    if markdown:
        lines = [re.sub(r"^#{1,6}\s+", "", re.sub(r"^\s*[-*]\s+", "  • ", line)) for line in lines]
    return lines


def _is_heading(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return (
        bool(line)
        and not before
        and not after
        and len(line) <= 90
        and not line.startswith("•")
        and not line.endswith((".", ":", ",", ";"))
    )


def _renumbered(lines: list[str], part: int) -> Iterator[str]:
    for index, line in enumerate(lines):
        yield f"{line.rstrip()} (part {part})" if _is_heading(lines, index) else line


def _large_article(target_bytes: int) -> bytes:
    """~target_bytes of plain text: the seed and the test articles, headings made distinct."""
    sources = [(SEED, False)]
    if ARTICLES.is_dir():
        sources += [(path, False) for path in sorted(ARTICLES.glob("*.txt"))]
        sources += [(path, True) for path in sorted(ARTICLES.glob("*.md"))]
    bodies = [
        _plain_sections(path.read_text(encoding="utf-8"), markdown=markdown)
        for path, markdown in sources
    ]
    chunks = [f"{LARGE_TITLE}\n\n"]
    size = len(chunks[0].encode())
    part = 0
    while size < target_bytes:
        body = bodies[part % len(bodies)]
        part += 1
        chunk = "\n".join(_renumbered(body, part)) + "\n\n"
        chunks.append(chunk)
        size += len(chunk.encode())
    return "".join(chunks).encode("utf-8")


def _per_run(fn: Callable[[], object], loops: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(loops):
        fn()
    return (time.perf_counter() - start) / loops


def _loops_for(fn: Callable[[], object], min_seconds: float) -> int:
    """Enough calls that one measurement lasts at least min_seconds (like timeit.autorange)."""
    loops = 1
    while True:
        elapsed = _per_run(fn, loops) * loops
        if elapsed >= min_seconds:
            return loops
        loops = max(loops + 1, math.ceil(loops * min_seconds / max(elapsed, 1e-9) * 1.1))


def _timing(fn: Callable[[], object], *, repeats: int, min_seconds: float) -> Timing:
    loops = _loops_for(fn, min_seconds) if min_seconds > 0 else 1
    per_call = statistics.median(_per_run(fn, loops) for _ in range(repeats))
    return Timing(per_call=per_call, repeats=repeats, loops=loops)


def _peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(case: Case, *, repeats: int, min_seconds: float) -> Result:
    def generate() -> object:
        return build_bank(decode_source(case.read()), filename=case.filename)

    def baseline() -> object:
        return case.read().decode("utf-8")

    questions = len(generate().questions)
    return Result(
        case=case,
        questions=questions,
        generation=_timing(generate, repeats=repeats, min_seconds=min_seconds),
        # The baseline is microseconds: always time it over >= 1 s so the clock does not dominate.
        baseline=_timing(baseline, repeats=repeats, min_seconds=max(min_seconds, 1.0)),
        peak_bytes=_peak(generate),
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:,.1f} µs"


def _mib(size: int) -> str:
    return f"{size / 2**20:,.2f} MiB"


def render(results: list[Result]) -> str:
    rows = [
        "| Input | Size | Questions | Generation (median) | Baseline (median) "
        "| Ratio gen/base | Repeats × calls (gen; base) | Peak memory (gen) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.case.name} | {len(r.case.data):,} B | {r.questions:,} "
            f"| {_ms(r.generation.per_call)} | {_ms(r.baseline.per_call)} | {r.ratio:,.0f}× "
            f"| {r.generation.describe()}; {r.baseline.describe()} | {_mib(r.peak_bytes)} |"
        )
    return "\n".join(
        [
            *header(),
            f"- Reproduce: `{COMMAND}`",
            "",
            *rows,
        ]
    )


@dataclass(frozen=True)
class Hostile:
    name: str
    size: int
    seconds: float  # median over the runs
    outcome: str  # "N questions" or "error: ..."


def measure_hostile(name: str, *, repeats: int) -> Hostile:
    filename, make = SHAPES[name]
    data = make(LARGE_BYTES).encode("utf-8")

    def generate() -> str:
        try:
            bank = build_bank(decode_source(data, filename), filename=filename)
        except IngestionError as error:
            return f"error: {error}"
        return f"{len(bank.questions):,} questions"

    outcome = generate()
    seconds = statistics.median(_per_run(generate, 1) for _ in range(repeats))
    return Hostile(name=name, size=len(data), seconds=seconds, outcome=outcome)


def render_hostile(hostile: list[Hostile], ordinary: float) -> str:
    rows = [
        f"Hostile inputs at ~1 MB against the ~1 MB article ({_ms(ordinary)} in this run); "
        f"the limit is {HOSTILE_LIMIT:.0f}×.",
        "",
        "| Shape | Size | Outcome | Generation (median) | × the 1 MB article | Within limit |",
        "|---|---:|---|---:|---:|:---:|",
    ]
    for h in hostile:
        ratio = h.seconds / ordinary
        outcome = h.outcome if len(h.outcome) <= 70 else h.outcome[:67] + "..."
        rows.append(
            f"| {h.name} | {h.size:,} B | {outcome} | {_ms(h.seconds)} | {ratio:.2f}× "
            f"| {'yes' if ratio <= HOSTILE_LIMIT else '**no**'} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--min-seconds", type=float, default=1.0, help="per measurement, seed")
    parser.add_argument("--repeats", type=int, default=5, help="measurements of the seed")
    parser.add_argument("--large-repeats", type=int, default=3, help="runs of the ~1 MB article")
    args = parser.parse_args()

    large = _large_article(LARGE_BYTES)
    cases = [
        (
            Case("Seed `poems-syndrome.txt`", SEED.name, SEED.read_bytes(), SEED.read_bytes),
            args.repeats,
            args.min_seconds,
        ),
        (
            Case("~1 MB article (in memory)", "large.txt", large, lambda: large),
            args.large_repeats,
            0,
        ),
    ]
    results = []
    for case, repeats, min_seconds in cases:
        print(f"measuring {case.name} ({len(case.data):,} bytes)...", file=sys.stderr, flush=True)
        results.append(measure(case, repeats=repeats, min_seconds=min_seconds))
    hostile = []
    for name in SHAPES:
        print(f"measuring hostile {name}...", file=sys.stderr, flush=True)
        hostile.append(measure_hostile(name, repeats=args.large_repeats))
    ordinary = results[-1].generation.per_call
    section = render(results) + "\n\n" + render_hostile(hostile, ordinary)
    print(section)
    if not args.no_write:
        write_section("generation", section, introduction="## Generation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
