"""Times a bank page of an 11,539-question bank (the size of the penetration test's), against a
trivial view measured in the same run.

    .venv/bin/python bench/bank_page.py            # measure, print, refresh docs/performance.md
    .venv/bin/python bench/bank_page.py --no-write # measure and print only

One process, a throwaway SQLite file, Django's test Client (the whole middleware stack, no
network). Each repeat times every workload back to back, so machine noise hits them alike; the
numbers to compare across runs are the ratios, not milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ".venv/bin/python bench/bank_page.py"
QUESTIONS = 11_539
RESERVE_EVERY = 10  # one question in ten is in the reserve
REPEATS = 5
TRIVIAL_REQUESTS = 200
PAGE_REQUESTS = 20
CATEGORIES = ("symptoms", "causes", "tests", "treatments", "prognosis", "overview")

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import (  # noqa: E402
    Row,
    header,
    measure,
    seed_database,
    setup_django,
    table,
    write_section,
)


@dataclass(frozen=True)
class Workload:
    name: str
    url: str
    requests: int
    who: str  # "anonymous", "student" or "instructor"


class Bench:
    def __init__(self) -> None:
        from django.contrib.auth.models import Group, User
        from django.test import Client

        from learning.models import Bank, Question
        from learning.roles import INSTRUCTORS_GROUP

        seed_database()
        self.bank = Bank.objects.create(slug="big", title="Big bank", is_published=True)
        Question.objects.bulk_create(
            (
                Question(
                    bank=self.bank,
                    key=f"q-{n}",
                    category=CATEGORIES[n % len(CATEGORIES)],
                    type="flashcard",
                    prompt=f"Which finding number {n} does the article describe?",
                    answer=f"Finding {n}, described over a sentence of ordinary length.",
                    source_quote=f"The article says finding {n} happens in some people. " * 3,
                    section="Symptoms",
                    position=n,
                    quality=0.2 if n % RESERVE_EVERY == 0 else 0.9,
                    reasons=["repeats another question's prompt"] if n % RESERVE_EVERY == 0 else [],
                    reserve=n % RESERVE_EVERY == 0,
                )
                for n in range(QUESTIONS)
            ),
            batch_size=2000,
        )
        teacher = User.objects.create_user("bench-instructor")
        teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
        student = User.objects.create_user("bench-student")
        self.clients = {"anonymous": Client(), "student": Client(), "instructor": Client()}
        self.clients["student"].force_login(student)
        self.clients["instructor"].force_login(teacher)

    def workloads(self) -> list[Workload]:
        page = "/banks/big/"
        return [
            Workload(
                "Trivial: login page, anonymous GET",
                "/accounts/login/",
                TRIVIAL_REQUESTS,
                "anonymous",
            ),
            Workload("Bank page, first page", page, PAGE_REQUESTS, "student"),
            Workload("Bank page, page 300", f"{page}?page=300", PAGE_REQUESTS, "student"),
            Workload("Bank page, one category", f"{page}?category=tests", PAGE_REQUESTS, "student"),
            Workload("Bank page, search", f"{page}?q=number+1234", PAGE_REQUESTS, "student"),
            Workload(
                "Bank page, all answers shown", f"{page}?answers=shown", PAGE_REQUESTS, "student"
            ),
            Workload("Bank page, instructor", page, PAGE_REQUESTS, "instructor"),
            Workload("Reserve tab, instructor", "/banks/big/reserve/", PAGE_REQUESTS, "instructor"),
        ]

    def get(self, workload: Workload) -> bytes:
        response = self.clients[workload.who].get(workload.url)
        assert response.status_code == 200, (workload.url, response.status_code)
        return response.content

    def check_and_count(self, workload: Workload) -> tuple[int, int]:
        """Untimed: one request's queries and size, and that a bank page shows one page."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.get(workload)
        with CaptureQueriesContext(connection) as captured:
            body = self.get(workload).decode()
        queries = len(captured)
        if workload.url.startswith("/banks/"):
            shown = body.count('<li class="question')
            assert 0 < shown <= 25, (workload.url, shown)
        return queries, len(body.encode())


def render(rows: list[Row], repeats: int) -> str:
    return "\n".join(
        [
            *header(),
            f"- Reproduce: `{COMMAND}` (SQLite in a temporary file, the project's defaults; "
            "DEBUG off)",
            f"- Data: one published bank of {QUESTIONS:,} flashcards in {len(CATEGORIES)} "
            f"categories, one in {RESERVE_EVERY} of them in the reserve.",
            f"- Median of {repeats} repeats; each repeat sends {TRIVIAL_REQUESTS} trivial "
            f"requests, then {PAGE_REQUESTS} of each bank page.",
            "",
            *table(rows),
        ]
    )


EXPLANATION = """## Bank page

`bench/bank_page.py` times the bank page of an 11,539-question bank through Django's test
Client in one process, on a throwaway SQLite file: the first page, a late page, one category,
a search, every answer shown, and the instructor's page and Reserve tab. **Trivial** = an
anonymous GET of the login page in the same run. The page lists 25 questions at a time, so its
size no longer grows with the bank (the penetration test measured 11.8 MB for this bank before
pagination); the query count is fixed too (tests/views/test_bank_detail_queries.py checks 10
against 1,000 questions), and what still grows is the database's work: counting the matches,
the categories present, and sorting them in catalogue order for the page.

"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        print(f"building a bank of {QUESTIONS:,} questions...", file=sys.stderr, flush=True)
        bench = Bench()
        section = render(measure(bench, args.repeats), args.repeats)
    print(section)
    if not args.no_write:
        write_section("bank-page", section, introduction=EXPLANATION)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
