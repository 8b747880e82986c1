"""Times the review cycle (grade + next card) against a trivial view, at 10 and 100,000 cards.

    .venv/bin/python bench/review_cycle.py            # measure, print, refresh docs/performance.md
    .venv/bin/python bench/review_cycle.py --no-write # measure and print only

Everything runs in one process on a throwaway SQLite file, through Django's test Client (the
whole middleware stack, no network). Each repeat times every workload back to back, so machine
noise hits them alike; the numbers to compare across runs are the ratios, not requests/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ".venv/bin/python bench/review_cycle.py"
REPEATS = 7
LARGE_ROWS = 100_000
OTHER_BANK_SIZE = 200
TRIVIAL_REQUESTS = 300
CYCLE_REQUESTS = 100  # at most the seed bank's 200 cards, so every grade has a next card

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import header, seed_database, setup_django, write_section  # noqa: E402

DAY = dt.timedelta(days=1)
FIELD = re.compile(rb'name="(question|token)" value="([^"]+)"')


@dataclass(frozen=True)
class Workload:
    name: str
    requests: int
    prepare: Callable[[], object]  # untimed; returns what `run` needs
    run: Callable[[object, int], None]  # sends that many requests
    records: bool  # whether each request records one review


@dataclass(frozen=True)
class Row:
    database: str
    workload: str
    rates: list[float]  # requests/s, one per repeat
    requests: int
    queries: int

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


FLOOR_URL = "/bench-floor/"


def add_floor_view() -> None:
    """A signed-in POST to a view that does no work, in this process only (not in the app).

    It pays what every study request pays before any code of ours runs: the middleware, the
    session's and the user's reads, login_required. The cycle can be no faster than this.
    """
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.urls import path
    from django.views.decorators.http import require_POST

    import quizsite.urls

    @require_POST
    @login_required
    def floor(request: HttpRequest) -> HttpResponse:
        return HttpResponse(request.user.get_username())

    # Before the first request, while the URL resolver is still unbuilt.
    quizsite.urls.urlpatterns.append(path(FLOOR_URL.strip("/") + "/", floor))


class Bench:
    """The database, the learner and the workloads; Django is imported only after setup."""

    def __init__(self) -> None:
        from django.contrib.auth.models import User
        from django.test import Client

        from learning.models import Bank, StudySettings

        seed_database()
        self.bank = Bank.objects.get()
        self.questions = list(self.bank.questions.order_by("position"))
        self.learner = User.objects.create_user("bench-learner")
        # No daily limit may end a timed run early.
        StudySettings.objects.create(user=self.learner, new_per_day=9999, reviews_per_day=99999)
        self.now = dt.datetime.now(dt.UTC)
        self.anonymous = Client()
        self.client = Client()
        self.client.force_login(self.learner)
        self.session_url = f"/study/{self.bank.slug}/"
        self.grade_url = f"/study/{self.bank.slug}/grade/"

    def small_database(self) -> None:
        """Ten card states, another learner's, so the table is not empty."""
        from django.contrib.auth.models import User

        other = User.objects.create_user("bench-other")
        self._states([(other.pk, q.pk) for q in self.questions[:10]], due=lambda n: DAY * 30)

    def others_database(self) -> None:
        """100,000 card states and 100,000 review logs of 500 other learners.

        Each holds every card of the studied bank; dues run from 30 days ago to a year ahead and
        every log is from before today.
        """
        from django.contrib.auth.models import User

        others = User.objects.bulk_create(
            User(username=f"bench-other-{n}", password="!")
            for n in range(LARGE_ROWS // len(self.questions))
        )
        pairs = [(user.pk, q.pk) for user in others for q in self.questions]
        self._states(pairs, due=lambda n: DAY * (n % 395 - 30))
        self._logs(pairs)

    def own_database(self) -> None:
        """Instead of the others' rows: 100,000 card states and logs of the learner themself.

        They sit on 100,000 questions in 500 other banks, with the same spread of dues, so the
        studied bank's queries must not wade through the learner's other banks.
        """
        from learning.models import Bank, CardState, Question, ReviewLog

        CardState.objects.filter(user__username__startswith="bench-other-").delete()
        ReviewLog.objects.filter(user__username__startswith="bench-other-").delete()
        banks = Bank.objects.bulk_create(
            Bank(slug=f"other-{n}", title=f"Other bank {n}", is_published=True)
            for n in range(LARGE_ROWS // OTHER_BANK_SIZE)
        )
        questions = Question.objects.bulk_create(
            (
                Question(
                    bank=bank,
                    key=f"q{n}",
                    category="symptoms",
                    type="flashcard",
                    prompt=f"Prompt {n}?",
                    answer=f"Answer {n}",
                    source_quote="A sentence of the article.",
                    position=n,
                )
                for bank in banks
                for n in range(OTHER_BANK_SIZE)
            ),
            batch_size=5000,
        )
        pairs = [(self.learner.pk, question.pk) for question in questions]
        self._states(pairs, due=lambda n: DAY * (n % 395 - 30))
        self._logs(pairs)

    def _states(self, pairs: list[tuple[int, int]], *, due: Callable[[int], dt.timedelta]) -> None:
        """Cards in review, the n-th due `due(n)` from the start of the run."""
        from learning.models import CardState

        CardState.objects.bulk_create(
            (
                CardState(
                    user_id=user_id,
                    question_id=question_id,
                    phase="review",
                    stability=10.0,
                    difficulty=5.0,
                    due=self.now + due(n),
                    last_review=self.now - DAY * 11,
                    reps=3,
                )
                for n, (user_id, question_id) in enumerate(pairs)
            ),
            batch_size=5000,
        )

    def _logs(self, pairs: list[tuple[int, int]]) -> None:
        from learning.models import ReviewLog

        ReviewLog.objects.bulk_create(
            (
                ReviewLog(
                    user_id=user_id,
                    question_id=question_id,
                    rating=3,
                    reviewed_at=self.now - DAY * (1 + n % 364),
                    reps=3,
                    phase_before="review",
                    phase_after="review",
                    due_after=self.now,
                )
                for n, (user_id, question_id) in enumerate(pairs)
            ),
            batch_size=5000,
        )

    def workloads(self) -> list[Workload]:
        return [
            Workload(
                "Trivial: login page, anonymous GET", TRIVIAL_REQUESTS, _nothing, self._login, False
            ),
            Workload(
                "Floor: signed-in htmx POST, empty view",
                TRIVIAL_REQUESTS,
                _nothing,
                self._floor,
                False,
            ),
            Workload(
                "Cycle: grade a new card + next card", CYCLE_REQUESTS, self._new, self._cycle, True
            ),
            Workload(
                "Cycle: grade a due review + next card",
                CYCLE_REQUESTS,
                self._due,
                self._cycle,
                True,
            ),
        ]

    def _login(self, _: object, requests: int) -> None:
        for _ in range(requests):
            response = self.anonymous.get("/accounts/login/")
            assert response.status_code == 200, response.status_code

    def _floor(self, _: object, requests: int) -> None:
        for _ in range(requests):
            response = self.client.post(FLOOR_URL, {"rating": "3"}, headers={"HX-Request": "true"})
            assert response.status_code == 200, response.status_code

    def _forget_studied_bank(self) -> None:
        from learning.models import CardState, ReviewLog

        CardState.objects.filter(user=self.learner, question__bank=self.bank).delete()
        ReviewLog.objects.filter(user=self.learner, question__bank=self.bank).delete()

    def _new(self) -> tuple[str, str]:
        self._forget_studied_bank()
        return self._first_card()

    def _due(self) -> tuple[str, str]:
        """Every card of the bank in review and overdue by a day or more."""
        self._forget_studied_bank()
        self._states([(self.learner.pk, q.pk) for q in self.questions], due=lambda n: -DAY)
        return self._first_card()

    def _first_card(self) -> tuple[str, str]:
        return _card_fields(self.client.get(self.session_url).content)

    def _cycle(self, card: object, requests: int) -> None:
        question, token = card  # type: ignore[misc]
        for _ in range(requests):
            response = self.client.post(
                self.grade_url,
                {"question": question, "token": token, "rating": "3"},
                headers={"HX-Request": "true"},
            )
            assert response.status_code == 200, response.content[:300]
            question, token = _card_fields(response.content)

    def check_and_count(self, workload: Workload) -> int:
        """Untimed: one request's queries, and that a run records exactly one review a grade."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from learning.models import ReviewLog

        state = workload.prepare()
        with CaptureQueriesContext(connection) as captured:
            workload.run(state, 1)
        queries = len(captured)  # read now: the next request clears the connection's log
        state = workload.prepare()
        before = ReviewLog.objects.filter(user=self.learner).count()
        workload.run(state, workload.requests)
        recorded = ReviewLog.objects.filter(user=self.learner).count() - before
        assert recorded == (workload.requests if workload.records else 0), recorded
        return queries


def _nothing() -> None:
    return None


def _card_fields(html: bytes) -> tuple[str, str]:
    found = dict(FIELD.findall(html))
    if b"question" not in found or b"token" not in found:
        raise AssertionError(f"no next card in the response: {html[:500]!r}")
    return found[b"question"].decode(), found[b"token"].decode()


def measure(bench: Bench, database: str, repeats: int) -> list[Row]:
    workloads = bench.workloads()
    queries = [bench.check_and_count(workload) for workload in workloads]
    rates: list[list[float]] = [[] for _ in workloads]
    for repeat in range(repeats):
        print(f"  {database}: repeat {repeat + 1}/{repeats}", file=sys.stderr, flush=True)
        for index, workload in enumerate(workloads):
            state = workload.prepare()
            started = time.perf_counter()
            workload.run(state, workload.requests)
            rates[index].append(workload.requests / (time.perf_counter() - started))
    return [
        Row(database, workload.name, rates[i], workload.requests, queries[i])
        for i, workload in enumerate(workloads)
    ]


# The steps of study_grade, timed by wrapping them where the view looks them up.
STEPS = {
    "_posted_card": "validate the form, read the posted card with its bank",
    "review_record": "record the grade (card read + write, log insert, in a transaction)",
    "_next_card_context": "choose the next card, count what is left today",
    "_render": "render the card fragment",
}


@dataclass(frozen=True)
class Split:
    workload: str
    total: float  # ms per request
    steps: dict[str, float]  # ms per request, by STEPS key


def split(bench: Bench) -> list[Split]:
    """Where a cycle's time goes: one extra run of each cycle, its steps wrapped in timers."""
    from learning.views import study

    spent = dict.fromkeys(STEPS, 0.0)
    originals = {name: getattr(study, name) for name in STEPS}

    def timed(name: str) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    results = []
    try:
        for name in STEPS:
            setattr(study, name, timed(name))
        for workload in bench.workloads():
            if not workload.name.startswith("Cycle"):
                continue
            state = workload.prepare()
            spent.update(dict.fromkeys(STEPS, 0.0))
            started = time.perf_counter()
            workload.run(state, workload.requests)
            total = time.perf_counter() - started
            per = 1000 / workload.requests
            results.append(
                Split(workload.name, total * per, {k: v * per for k, v in spent.items()})
            )
    finally:
        for name, original in originals.items():
            setattr(study, name, original)
    return results


def orm_and_sql(bench: Bench, repeats: int = 2000) -> tuple[float, float]:
    """ms for one read of a card by (user, question): through the ORM, and as plain SQL."""
    from django.db import connection

    from learning.models import CardState

    user, question = bench.learner, bench.questions[0]
    started = time.perf_counter()
    for _ in range(repeats):
        CardState.objects.filter(user=user, question=question).first()
    orm = time.perf_counter() - started
    table = CardState._meta.db_table
    sql = f"SELECT * FROM {table} WHERE user_id = %s AND question_id = %s ORDER BY id LIMIT 1"
    started = time.perf_counter()
    for _ in range(repeats):
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk, question.pk])
            cursor.fetchall()
    plain = time.perf_counter() - started
    return orm * 1000 / repeats, plain * 1000 / repeats


def _command(args: argparse.Namespace) -> str:
    extra = [f"--repeats {args.repeats}"] if args.repeats != REPEATS else []
    return " ".join([COMMAND, *extra])


def render_split(rows: list[Row], splits: list[Split], orm_sql: tuple[float, float]) -> list[str]:
    small = {row.workload.split(":")[0]: 1000 / row.rate for row in rows if row.database == "small"}
    names = [item.workload.removeprefix("Cycle: ") for item in splits]
    lines = [
        "Where a cycle's time goes (small database; one more run of each cycle with the view's "
        "steps timed, the floor and the trivial view from the table above), ms per request:",
        "",
        "| Step | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
        "| Floor: middleware, session and user reads (empty view) | "
        + " | ".join(f"{small['Floor']:.2f}" for _ in splits)
        + " |",
    ]
    for key, label in STEPS.items():
        lines.append(f"| {label} | " + " | ".join(f"{i.steps[key]:.2f}" for i in splits) + " |")
    rest = [i.total - small["Floor"] - sum(i.steps.values()) for i in splits]
    lines += [
        "| the rest (htmx and grade-view glue, noise) | "
        + " | ".join(f"{value:.2f}" for value in rest)
        + " |",
        "| **Cycle** | " + " | ".join(f"**{i.total:.2f}**" for i in splits) + " |",
        "| Half the trivial view's throughput allows | "
        + " | ".join(f"{2 * small['Trivial']:.2f}" for _ in splits)
        + " |",
        "",
        f"One read of a card by (user, question), 2,000 times: {orm_sql[0]:.3f} ms through the "
        f"ORM, {orm_sql[1]:.3f} ms as the same SQL through Django's cursor "
        f"({orm_sql[0] / orm_sql[1]:.0f}×).",
    ]
    return lines


def render(
    rows: list[Row],
    repeats: int,
    databases: dict[str, str],
    *,
    command: str,
    splits: list[Split],
    orm_sql: tuple[float, float],
) -> str:
    trivial = {row.database: row.rate for row in rows if row.workload.startswith("Trivial")}
    small = {row.workload: row for row in rows if row.database == "small"}
    table = [
        "| Database | Workload | Requests/s (median) | ms/request | ÷ trivial | Queries/request "
        "| Range |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        table.append(
            f"| {row.database} | {row.workload} | {row.rate:,.0f} | {1000 / row.rate:.2f} "
            f"| {row.rate / trivial[row.database]:.2f} | {row.queries} "
            f"| {min(row.rates):,.0f}–{max(row.rates):,.0f} |"
        )
    summary = []
    for row in rows:
        if row.database == "small" or not row.workload.startswith("Cycle"):
            continue
        base = small[row.workload]
        ratio, base_ratio = row.rate / trivial[row.database], base.rate / trivial["small"]
        summary.append(
            f"| {row.database} | {row.workload.removeprefix('Cycle: ')} | {base_ratio:.2f} "
            f"| {ratio:.2f} | {1 - row.rate / base.rate:+.0%} | {1 - ratio / base_ratio:+.0%} |"
        )
    return "\n".join(
        [
            *header(),
            f"- Reproduce: `{command}` (SQLite in a temporary file, the project's defaults; "
            "DEBUG off)",
            f"- Median of {repeats} repeats; each repeat sends {TRIVIAL_REQUESTS} trivial "
            f"requests, then {CYCLE_REQUESTS} grades per cycle workload.",
            *(f"- **{name}**: {text}" for name, text in databases.items()),
            "",
            *table,
            "",
            "| Database | Cycle | ÷ trivial, small | ÷ trivial, here (target ≥ 0.5) "
            "| Slowdown vs small, raw | Slowdown vs small, ÷ trivial (target ≤ 20 %) |",
            "|---|---|---:|---:|---:|---:|",
            *summary,
            "",
            *render_split(rows, splits, orm_sql),
        ]
    )


EXPLANATION = """## Review cycle

`bench/review_cycle.py` measures the study loop's server side through Django's test Client in
one process (the whole middleware stack with sessions, CSRF and htmx, but no network or WSGI
server), on a throwaway SQLite file with the seed bank imported. **Cycle** = one htmx POST to
`study_grade` with the token taken from the previous response, answered by the next card's
fragment: the grade is recorded, committed, and the next card chosen and rendered. Two kinds:
grading new cards (the row is inserted) and grading overdue reviews (the row is updated).
**Trivial** = an anonymous GET of the login page, the cheapest real page (a template with a
form, no query). **Floor** = a signed-in htmx POST to a view that does nothing, added by the
bench in its own process: the middleware, the session's and the user's reads and
`login_required`, which every study request pays before any code of ours runs. Each runs with
a nearly empty table (**small**), then with 100,000 card states and review logs of other
learners (**others**), then with 100,000 of the learner's own in other banks instead
(**own**). "÷ trivial" divides by the trivial view measured in the same phase,
so drift of the machine between phases cancels out; the raw slowdown is shown beside it.

"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed runs of each workload")
    args = parser.parse_args()

    databases = {
        "small": "the seed bank (200 questions), 10 card states of another learner.",
        "others": "plus 100,000 card states and 100,000 review logs of 500 other learners, "
        "each holding all 200 cards of the studied bank (dues from 30 days ago to a year "
        "ahead, logs from before today).",
        "own": "instead of those, 100,000 card states and 100,000 review logs of the learner "
        "themself, on 100,000 questions in 500 other banks (same spread of dues).",
    }
    with tempfile.TemporaryDirectory(prefix="bench-review-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        add_floor_view()
        print("setting up the small database...", file=sys.stderr, flush=True)
        bench = Bench()
        bench.small_database()
        rows = measure(bench, "small", args.repeats)
        splits, orm_sql = split(bench), orm_and_sql(bench)
        print("adding 100,000 card states of other learners...", file=sys.stderr, flush=True)
        bench.others_database()
        rows += measure(bench, "others", args.repeats)
        print("replacing them with 100,000 of the learner's own...", file=sys.stderr, flush=True)
        bench.own_database()
        rows += measure(bench, "own", args.repeats)

    section = render(
        rows,
        args.repeats,
        databases,
        command=_command(args),
        splits=splits,
        orm_sql=orm_sql,
    )
    print(section)
    if not args.no_write:
        write_section("review-cycle", section, introduction=EXPLANATION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
