"""What one learner's progress page shows, read in a fixed handful of grouped queries.

Per-day numbers are grouped in the database, never by loading every review: a year of study
is at most two rows per day. Study days follow the learner's time zone and the hour their day
starts, exactly as `scheduling.study_day` defines them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, DateTimeField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractHour, Greatest, TruncDate
from django.db.models.lookups import LessThan

from learning.ingestion import CATEGORIES
from learning.models import Assignment, Bank, CardState, Question, ReviewLog, StudySettings
from learning.models.bank import active_questions, category_label
from learning.models.reviews import MEMORY_FIELDS, memory_from_row
from learning.scheduling import (
    Memory,
    Phase,
    Preferences,
    Rating,
    day_bounds,
    recall_probability,
    study_day,
)
from learning.services.reviews import memory_from_json

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

MASTERED_AT = 0.9
CALENDAR_DAYS = 365
FORECAST_DAYS = 30
RECENT_DAYS = 30


@dataclass(frozen=True)
class CategoryMastery:
    category: str
    label: str
    studied: int
    mastered: int
    unstudied: int  # active questions not yet seen, in banks the learner has started

    @property
    def percent(self) -> int:
        return share_percent(self.mastered, self.studied)


def share_percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percentage, 0 when there is nothing to count."""
    if not whole:
        return 0
    # Rounding must not claim 100 % with a card left, or 0 % with one mastered.
    percent = round(100 * part / whole)
    if part < whole:
        percent = min(percent, 99)
    return max(percent, 1) if part else percent


@dataclass(frozen=True)
class Retention:
    reviews: int  # grades of cards in the review phase
    passed: int  # of which not "Again"

    @property
    def percent(self) -> int | None:
        return round(100 * self.passed / self.reviews) if self.reviews else None


@dataclass(frozen=True)
class Progress:
    today: date
    total_reviews: int
    reviews_today: int
    mastery: list[CategoryMastery]
    retention: Retention
    study_days: dict[date, int]  # study day -> reviews, for the calendar's window
    forecast: list[tuple[date, int]]  # today (with everything overdue) and the next days
    streak: int
    time_today_ms: int | None
    time_recent_ms: int | None
    time_all_ms: int | None


def progress_summary(*, user: AbstractBaseUser, now: datetime) -> Progress:
    study = StudySettings.for_user(user)
    zone, starts = study.time_zone, study.day_starts_at
    today = study_day(now, zone=zone, day_starts_at=starts)
    today_start, today_end = day_bounds(today, zone=zone, day_starts_at=starts)
    calendar_first = today - timedelta(days=CALENDAR_DAYS - 1)
    calendar_start = day_bounds(calendar_first, zone=zone, day_starts_at=starts)[0]
    recent_first = today - timedelta(days=RECENT_DAYS - 1)
    recent_start = day_bounds(recent_first, zone=zone, day_starts_at=starts)[0]

    logs = ReviewLog.objects.for_user(user)
    today_q = Q(reviewed_at__gte=today_start, reviewed_at__lt=today_end)
    recent_q = Q(reviewed_at__gte=recent_start, reviewed_at__lt=today_end)
    # Passed or failed is a quiz's verdict too: kept out until the quiz shows its answers.
    recent_reviews = recent_q & Q(phase_before=Phase.REVIEW.value) & ~hidden_quiz_reviews(now)
    totals = logs.aggregate(
        total=Count("pk"),
        today=Count("pk", filter=today_q),
        ms_all=Sum("duration_ms"),
        ms_today=Sum("duration_ms", filter=today_q),
        ms_recent=Sum("duration_ms", filter=recent_q),
        graded=Count("pk", filter=recent_reviews),
        passed=Count("pk", filter=recent_reviews & Q(rating__gt=Rating.AGAIN.value)),
    )

    days = _per_study_day(logs.between(calendar_start, today_end), "reviewed_at", zone, starts)
    streak = streak_length(days, today=today)
    if calendar_first in days and streak >= (today - calendar_first).days:
        # Rare: the streak reaches the calendar's first day, so look further back, once.
        older = logs.filter(reviewed_at__lt=calendar_start)
        streak = streak_length(
            days.keys() | _per_study_day(older, "reviewed_at", zone, starts).keys(), today=today
        )

    return Progress(
        today=today,
        total_reviews=totals["total"],
        reviews_today=totals["today"],
        mastery=_mastery(user, now=now, study=study),
        retention=Retention(reviews=totals["graded"], passed=totals["passed"]),
        study_days=days,
        forecast=_forecast(user, now=now, today=today, zone=zone, starts=starts),
        streak=streak,
        time_today_ms=totals["ms_today"],
        time_recent_ms=totals["ms_recent"],
        time_all_ms=totals["ms_all"],
    )


def streak_length(days: Collection[date], *, today: date) -> int:
    """Consecutive study days ending today, or yesterday: today is not lost until it ends."""
    day = today if today in days else today - timedelta(days=1)
    length = 0
    while day in days:
        length += 1
        day -= timedelta(days=1)
    return length


def _per_study_day(rows: QuerySet, field: str, zone: str, starts: int) -> dict[date, int]:
    """Counts per study day, grouped by (local date, before the day-start hour) in the database.

    A moment before the start hour belongs to the previous study day. Grouping on the local
    wall-clock hour, not on a shifted instant, keeps days right across daylight-saving changes.
    """
    tz = ZoneInfo(zone)
    grouped = (
        rows.order_by()
        .annotate(
            local_date=TruncDate(field, tzinfo=tz),
            early=Case(
                When(LessThan(ExtractHour(field, tzinfo=tz), starts), then=Value(1)),
                default=Value(0),
            ),
        )
        .values_list("local_date", "early")
        .annotate(count=Count("pk"))
    )
    counts: Counter[date] = Counter()
    for local_date, early, count in grouped:
        counts[local_date - timedelta(days=early)] += count
    return dict(counts)


def _forecast(
    user: AbstractBaseUser, *, now: datetime, today: date, zone: str, starts: int
) -> list[tuple[date, int]]:
    last = today + timedelta(days=FORECAST_DAYS - 1)
    end = day_bounds(last, zone=zone, day_starts_at=starts)[1]
    cards = (
        CardState.objects.for_user(user)
        .filter(active_questions(prefix="question__"), due__lt=end)
        # Overdue cards are due now: they count for today, however long ago they fell due.
        .annotate(when=Greatest(F("due"), Value(now, output_field=DateTimeField())))
    )
    counts = _per_study_day(cards, "when", zone, starts)
    return [
        (day, counts.get(day, 0))
        for day in (today + timedelta(days=offset) for offset in range(FORECAST_DAYS))
    ]


def _mastery(
    user: AbstractBaseUser, *, now: datetime, study: StudySettings
) -> list[CategoryMastery]:
    prefs = study.preferences
    studied: Counter[str] = Counter()
    mastered: Counter[str] = Counter()
    rows = (
        CardState.objects.for_user(user)
        .filter(active_questions(prefix="question__"))
        .values_list("question_id", "question__category", *MEMORY_FIELDS)
    )
    unstudied = _unstudied_per_category(user)
    hidden = hidden_quiz_memories(user_ids=[user.pk], now=now)
    for question_id, category, *values in rows:
        memory = hidden.get((user.pk, question_id), memory_from_row(*values))
        if memory is None:
            unstudied[category] += 1  # only a quiz has seen it, and its verdict is not out
            continue
        studied[category] += 1
        if is_mastered(memory, now=now, prefs=prefs):
            mastered[category] += 1
    return [
        CategoryMastery(
            category=category,
            label=category_label(category),
            studied=studied[category],
            mastered=mastered[category],
            unstudied=unstudied[category],
        )
        for category in ordered_categories(studied.keys() | unstudied.keys())
    ]


def hidden_quiz_reviews(now: datetime) -> Q:
    """Quiz reviews from attempts whose assignment does not show its answers yet."""
    hidden = Assignment.answers_hidden_q(now, prefix="attempt__assignment__")
    return Q(source="quiz", attempt__isnull=False) & hidden


def hidden_quiz_memories(
    *, user_ids: Collection[int], now: datetime
) -> dict[tuple[int, int], Memory | None]:
    """(user id, question id) -> the card's memory from before its first quiz review whose
    verdict the student may not see yet (None: the card was new then).

    A quiz graded Again or Good changes the card, and mastery read from it would tell the
    student which questions they got wrong before the answer policy does; until then their
    mastery and their class memory read the card as it was before that quiz.
    """
    rows = (
        ReviewLog.objects.filter(hidden_quiz_reviews(now), user_id__in=list(user_ids))
        .order_by("reviewed_at", "pk")
        .values_list("user_id", "question_id", "memory_before")
    )
    before: dict[tuple[int, int], Memory | None] = {}
    for user_id, question_id, memory in rows:
        before.setdefault((user_id, question_id), memory and memory_from_json(memory))
    return before


def is_mastered(memory: Memory, *, now: datetime, prefs: Preferences) -> bool:
    """One rule for "remembered", the scheduler's: see `scheduling.recall_probability`.

    The learner's progress page and the instructor's class memory both count with it.
    """
    return recall_probability(memory, now=now, prefs=prefs) >= MASTERED_AT


def _unstudied_per_category(user: AbstractBaseUser) -> Counter[str]:
    started = Bank.objects.visible_to(user).filter(questions__card_states__user=user)
    rows = (
        Question.objects.active()
        .filter(bank__in=started)
        .exclude(card_states__user=user)
        .order_by()
        .values_list("category")
        .annotate(count=Count("pk"))
    )
    return Counter(dict(rows))


def ordered_categories(categories: Iterable[str]) -> list[str]:
    """The generator's category order; unknown ones after, alphabetically."""
    known = [category for category in CATEGORIES if category in set(categories)]
    return known + sorted(set(categories) - set(CATEGORIES))
