"""Times the instructor's reports for a class of 300 students × 50 questions, against a trivial
view measured in the same run.

    .venv/bin/python bench/reports.py            # measure, print, refresh docs/performance.md
    .venv/bin/python bench/reports.py --no-write # measure and print only

Everything runs in one process on a throwaway SQLite file, through Django's test Client (the
whole middleware stack, no network). Each repeat times every workload back to back, so machine
noise hits them alike; the numbers to compare across runs are the ratios, not milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ".venv/bin/python bench/reports.py"
REPEATS = 5
STUDENTS = 300
QUESTIONS = 50
TRIVIAL_REQUESTS = 200
REPORT_REQUESTS = 10

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

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Workload:
    name: str
    url: str
    requests: int
    anonymous: bool = False


class Bench:
    """The class, its attempts and cards; Django is imported only after setup."""

    def __init__(self) -> None:
        from django.contrib.auth.models import Group, User
        from django.test import Client

        from learning.models import Bank, Classroom
        from learning.roles import INSTRUCTORS_GROUP

        seed_database()
        self.bank = Bank.objects.get()
        self.questions = list(self.bank.questions.order_by("position")[:QUESTIONS])
        self.now = dt.datetime.now(dt.UTC)
        teacher = User.objects.create_user("bench-instructor")
        teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
        self.classroom = Classroom.objects.create(name="Bench class", instructor=teacher)
        self.client = Client()
        self.client.force_login(teacher)
        self.anonymous = Client()

    def build(self) -> None:
        from django.contrib.auth.models import User

        from learning.models import Assignment, Membership

        self.assignment = Assignment.objects.create(
            classroom=self.classroom,
            bank=self.bank,
            title="Bench quiz",
            question_count=QUESTIONS,
            fixed_question_ids=[q.pk for q in self.questions],
            opens_at=self.now - 10 * DAY,
            due_at=self.now - DAY,
        )
        students = User.objects.bulk_create(
            User(username=f"bench-student-{n:03}", password="!") for n in range(STUDENTS)
        )
        Membership.objects.bulk_create(
            Membership(classroom=self.classroom, student=student) for student in students
        )
        self._attempts(students)
        self._cards(students)

    def _attempts(self, students: list) -> None:
        """One submitted attempt each; student n gets the first (n % 51) questions right."""
        from learning.models import Attempt, AttemptAnswer

        attempts = Attempt.objects.bulk_create(
            Attempt(
                assignment=self.assignment,
                student=student,
                number=1,
                question_ids=self.assignment.fixed_question_ids,
                started_at=self.now - 2 * DAY,
                deadline=self.now - DAY,
                submitted_at=self.now - 2 * DAY + dt.timedelta(minutes=20 + n % 30),
                score=n % (QUESTIONS + 1),
                max_score=QUESTIONS,
            )
            for n, student in enumerate(students)
        )
        AttemptAnswer.objects.bulk_create(
            (
                AttemptAnswer(
                    attempt=attempt,
                    question=question,
                    given=_given(question, right=m < n % (QUESTIONS + 1), n=n),
                    answered_at=self.now - 2 * DAY,
                    is_correct=m < n % (QUESTIONS + 1),
                )
                for n, attempt in enumerate(attempts)
                for m, question in enumerate(self.questions)
            ),
            batch_size=5000,
        )

    def _cards(self, students: list) -> None:
        """Every student holds a card on every question, with a spread of memory."""
        from learning.models import CardState

        CardState.objects.bulk_create(
            (
                CardState(
                    user=student,
                    question=question,
                    phase="review",
                    stability=1.0 + (n + m) % 40,
                    difficulty=5.0,
                    due=self.now + DAY * ((n + m) % 30 - 10),
                    last_review=self.now - DAY * ((n * m) % 12),
                    reps=3,
                )
                for n, student in enumerate(students)
                for m, question in enumerate(self.questions)
            ),
            batch_size=5000,
        )

    def workloads(self) -> list[Workload]:
        pk, quiz = self.classroom.pk, self.assignment.pk
        return [
            Workload(
                "Trivial: login page, anonymous GET", "/accounts/login/", TRIVIAL_REQUESTS, True
            ),
            Workload("Gradebook", f"/classes/{pk}/gradebook/", REPORT_REQUESTS),
            Workload("Gradebook CSV", f"/classes/{pk}/gradebook.csv", REPORT_REQUESTS),
            Workload("Item analysis", f"/assignments/{quiz}/analysis/", REPORT_REQUESTS),
            Workload("Class memory", f"/classes/{pk}/memory/", REPORT_REQUESTS),
        ]

    def get(self, workload: Workload) -> bytes:
        client = self.anonymous if workload.anonymous else self.client
        response = client.get(workload.url)
        assert response.status_code == 200, (workload.url, response.status_code)
        return response.content

    def check_and_count(self, workload: Workload) -> tuple[int, int]:
        """Untimed: one request's queries and size, and that the page covers every student."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.get(workload)  # the first visit creates the instructor's study settings
        with CaptureQueriesContext(connection) as captured:
            body = self.get(workload).decode()
        queries = len(captured)  # read now: the next request clears the connection's log
        if "analysis" in workload.url:
            assert f"{STUDENTS} students counted" in body, body[:500]
        elif not workload.anonymous:
            assert body.count("bench-student-") >= STUDENTS, workload.url
        return queries, len(body.encode())


def _given(question: object, *, right: bool, n: int) -> str:
    answer: str = question.answer  # type: ignore[attr-defined]
    choices: list[str] = question.choices  # type: ignore[attr-defined]
    if right or not choices:
        return answer if right else "a wrong answer"
    wrong = [choice for choice in choices if choice != answer]
    return wrong[n % len(wrong)] if wrong else ""


def render(rows: list[Row], repeats: int, *, command: str) -> str:
    return "\n".join(
        [
            *header(),
            f"- Reproduce: `{command}` (SQLite in a temporary file, the project's defaults; "
            "DEBUG off)",
            f"- Data: one class of {STUDENTS} students, one assignment of {QUESTIONS} questions "
            f"of the seed bank (all types); each student submitted once ({STUDENTS * QUESTIONS:,} "
            f"answers) and holds a card on every question ({STUDENTS * QUESTIONS:,} card states).",
            f"- Median of {repeats} repeats; each repeat sends {TRIVIAL_REQUESTS} trivial "
            f"requests, then {REPORT_REQUESTS} of each report, signed in as the instructor.",
            "",
            *table(rows),
        ]
    )


EXPLANATION = """## Reports

`bench/reports.py` times the instructor's reports through Django's test Client in one process
(the whole middleware stack, no network), on a throwaway SQLite file: the gradebook page, its
CSV, the item analysis of the assignment and the class memory page, for 300 students × 50
questions. **Trivial** = an anonymous GET of the login page, measured in the same run; "÷
trivial" is how many trivial requests one report costs. The query counts do not depend on the
number of students (tests/reports/test_report_queries.py checks 3 against 300), so the time
left is Python: building rows, the statistics, recall probabilities and the template.

"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed runs of each workload")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        print(f"building {STUDENTS} students × {QUESTIONS} questions...", file=sys.stderr)
        bench = Bench()
        bench.build()
        rows = measure(bench, args.repeats)

    extra = f" --repeats {args.repeats}" if args.repeats != REPEATS else ""
    section = render(rows, args.repeats, command=COMMAND + extra)
    print(section)
    if not args.no_write:
        write_section("reports", section, introduction=EXPLANATION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
