"""progress_summary against hand-built card states and review logs at fixed times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from learning.models import Bank, CardState, Question, ReviewLog, StudySettings
from learning.scheduling import study_day
from learning.services.progress import progress_summary, streak_length

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 11, 12, 15, 0, tzinfo=UTC)  # Wednesday; 10:00 in New York
TODAY = date(2025, 11, 12)
NEW_YORK = ZoneInfo("America/New_York")
_reps = count(1)


MakeQuestions = Callable[..., dict[str, list[Question]]]


@pytest.fixture
def make_questions(
    make_bank: Callable[..., Bank], make_question: Callable[..., object]
) -> MakeQuestions:
    """A bank with so many questions per category; returns them by category."""

    def _make(**per_category: int) -> dict[str, list[Question]]:
        drafts = [
            make_question(f"{category}-{n}", category=category)
            for category, total in per_category.items()
            for n in range(total)
        ]
        bank = make_bank(questions=drafts)
        found: dict[str, list[Question]] = {}
        for question in bank.questions.order_by("position"):
            found.setdefault(question.category, []).append(question)
        return found

    return _make


def _card(
    user: User,
    question: Question,
    *,
    stability: float = 10.0,
    reviewed_days_ago: float = 1,
    due: datetime | None = None,
    phase: str = "review",
) -> CardState:
    last_review = NOW - timedelta(days=reviewed_days_ago)
    return CardState.objects.create(
        user=user,
        question=question,
        phase=phase,
        step=None if phase == "review" else 0,
        stability=stability,
        difficulty=5.0,
        due=due or last_review + timedelta(days=stability),
        last_review=last_review,
        reps=1,
    )


def _log(
    user: User,
    question: Question,
    at: datetime,
    *,
    rating: int = 3,
    phase_before: str = "review",
    duration_ms: int | None = None,
) -> ReviewLog:
    return ReviewLog.objects.create(
        user=user,
        question=question,
        rating=rating,
        reviewed_at=at,
        duration_ms=duration_ms,
        reps=next(_reps),
        phase_before=phase_before,
        phase_after="review",
        due_after=at + timedelta(days=3),
    )


def _settings(user: User, *, zone: str = "UTC", starts: int = 4) -> None:
    StudySettings.objects.update_or_create(
        user=user, defaults={"time_zone": zone, "day_starts_at": starts}
    )


def test_a_new_learner_has_empty_progress(student: User) -> None:
    summary = progress_summary(user=student, now=NOW)

    assert summary.today == TODAY
    assert (summary.total_reviews, summary.reviews_today, summary.streak) == (0, 0, 0)
    assert summary.mastery == []
    assert summary.retention.reviews == 0
    assert summary.retention.percent is None
    assert summary.study_days == {}
    assert [day for day, _ in summary.forecast][0] == TODAY
    assert len(summary.forecast) == 30
    assert all(count == 0 for _, count in summary.forecast)
    assert (summary.time_today_ms, summary.time_recent_ms, summary.time_all_ms) == (None,) * 3


def test_mastery_is_the_share_recalled_with_at_least_90_percent(
    student: User, make_questions: MakeQuestions
) -> None:
    questions = make_questions(symptoms=4, acronym=2, tests=1)
    symptoms = questions["symptoms"]
    _card(student, symptoms[0], stability=10, reviewed_days_ago=3)  # R ≈ 0.97
    _card(student, symptoms[1], stability=5, reviewed_days_ago=5)  # R = 0.9 exactly
    _card(student, symptoms[2], stability=2, reviewed_days_ago=6)  # R ≈ 0.8
    _card(student, questions["acronym"][0], stability=1, reviewed_days_ago=30)

    mastery = progress_summary(user=student, now=NOW).mastery

    # In CATEGORIES order: acronym comes before symptoms, and tests after them.
    assert [row.category for row in mastery] == ["acronym", "symptoms", "tests"]
    acronym, symptoms_row, tests_row = mastery
    assert (symptoms_row.studied, symptoms_row.mastered, symptoms_row.unstudied) == (3, 2, 1)
    assert symptoms_row.percent == 67
    assert symptoms_row.label == "Symptoms"
    assert (acronym.studied, acronym.mastered, acronym.unstudied, acronym.percent) == (1, 0, 1, 0)
    assert (tests_row.studied, tests_row.mastered, tests_row.unstudied) == (0, 0, 1)


def test_one_day_past_its_stability_a_card_is_no_longer_mastered(
    student: User, make_questions: MakeQuestions
) -> None:
    question = make_questions(causes=1)["causes"][0]
    _card(student, question, stability=5, reviewed_days_ago=6)

    (row,) = progress_summary(user=student, now=NOW).mastery

    assert (row.studied, row.mastered) == (1, 0)


def test_unstudied_questions_count_only_in_banks_the_learner_started(
    student: User, make_questions: MakeQuestions
) -> None:
    started = make_questions(symptoms=3)
    make_questions(symptoms=5)  # another bank, never opened
    _card(student, started["symptoms"][0])
    retired = started["symptoms"][2]
    retired.retired_at = NOW
    retired.save()

    (row,) = progress_summary(user=student, now=NOW).mastery

    assert (row.studied, row.unstudied) == (1, 1)


def test_rounding_never_claims_all_or_nothing_falsely() -> None:
    from learning.services.progress import CategoryMastery

    assert CategoryMastery("x", "X", studied=200, mastered=199, unstudied=0).percent == 99
    assert CategoryMastery("x", "X", studied=200, mastered=1, unstudied=0).percent == 1
    assert CategoryMastery("x", "X", studied=40, mastered=12, unstudied=0).percent == 30
    assert CategoryMastery("x", "X", studied=0, mastered=0, unstudied=3).percent == 0


def test_true_retention_counts_passed_review_grades_of_the_last_30_days(
    student: User, make_questions: MakeQuestions
) -> None:
    question = make_questions(symptoms=1)["symptoms"][0]
    for rating in (2, 3, 4, 1):
        _log(student, question, NOW - timedelta(days=3), rating=rating)
    _log(student, question, NOW - timedelta(days=29), rating=3)  # study day 29 days back: in
    _log(student, question, NOW - timedelta(days=31), rating=1)  # too old
    _log(student, question, NOW - timedelta(days=1), rating=1, phase_before="learning")
    _log(student, question, NOW - timedelta(days=1), rating=1, phase_before="new")

    retention = progress_summary(user=student, now=NOW).retention

    assert (retention.reviews, retention.passed, retention.percent) == (5, 4, 80)


def test_another_learners_reviews_and_cards_never_count(
    student: User, other_student: User, make_questions: MakeQuestions
) -> None:
    questions = make_questions(symptoms=2)["symptoms"]
    _card(other_student, questions[0], due=NOW + timedelta(days=2))
    _log(other_student, questions[0], NOW - timedelta(hours=1), duration_ms=5000)
    _log(other_student, questions[0], NOW - timedelta(days=1), rating=1)
    _log(student, questions[1], NOW - timedelta(hours=2), duration_ms=1000)

    summary = progress_summary(user=student, now=NOW)

    assert (summary.total_reviews, summary.reviews_today) == (1, 1)
    assert summary.retention.reviews == 1
    assert summary.study_days == {TODAY: 1}
    assert summary.mastery == []
    assert sum(count for _, count in summary.forecast) == 0
    assert summary.time_all_ms == 1000


def test_time_studied_sums_durations_today_last_30_days_and_ever(
    student: User, make_questions: MakeQuestions
) -> None:
    question = make_questions(symptoms=1)["symptoms"][0]
    _log(student, question, NOW - timedelta(hours=1), duration_ms=60_000)
    _log(student, question, NOW - timedelta(hours=2))  # no duration: not counted, no error
    _log(student, question, NOW - timedelta(days=10), duration_ms=5 * 60_000)
    _log(student, question, NOW - timedelta(days=100), duration_ms=60 * 60_000)

    summary = progress_summary(user=student, now=NOW)

    assert summary.time_today_ms == 60_000
    assert summary.time_recent_ms == 6 * 60_000
    assert summary.time_all_ms == 66 * 60_000
    assert (summary.total_reviews, summary.reviews_today) == (4, 2)


def test_study_days_group_reviews_by_the_learners_day(
    student: User, make_questions: MakeQuestions
) -> None:
    question = make_questions(symptoms=1)["symptoms"][0]
    for hours in (1, 2, 3):
        _log(student, question, NOW - timedelta(hours=hours))
    _log(student, question, NOW - timedelta(days=2))
    _log(student, question, NOW - timedelta(days=364))  # the calendar's first day
    _log(student, question, NOW - timedelta(days=366))  # before the calendar

    summary = progress_summary(user=student, now=NOW)

    assert summary.study_days == {
        TODAY: 3,
        TODAY - timedelta(days=2): 1,
        TODAY - timedelta(days=364): 1,
    }
    assert summary.total_reviews == 6


def test_a_review_at_2_am_counts_for_the_day_before_in_new_york(
    student: User, make_questions: MakeQuestions
) -> None:
    _settings(student, zone="America/New_York", starts=4)
    question = make_questions(symptoms=1)["symptoms"][0]
    early = datetime(2025, 11, 11, 2, 0, tzinfo=NEW_YORK)  # 07:00 UTC
    late = datetime(2025, 11, 11, 5, 0, tzinfo=NEW_YORK)
    this_morning = datetime(2025, 11, 12, 3, 59, tzinfo=NEW_YORK)
    for at in (early, late, this_morning):
        _log(student, question, at)

    summary = progress_summary(user=student, now=NOW)

    assert summary.study_days == {date(2025, 11, 10): 1, date(2025, 11, 11): 2}
    assert summary.reviews_today == 0
    assert summary.streak == 2  # yesterday and the day before; today is not over yet


def test_study_days_match_the_scheduler_across_a_daylight_saving_change(
    student: User, make_questions: MakeQuestions
) -> None:
    # New York fell back on Sunday 2 November 2025 at 2 a.m.: 3:30 a.m. that day is only
    # 4.5 hours after midnight, and still the Saturday's study day with a 4 a.m. start.
    _settings(student, zone="America/New_York", starts=4)
    question = make_questions(symptoms=1)["symptoms"][0]
    moments = [
        datetime(2025, 11, 2, 3, 30, tzinfo=NEW_YORK),
        datetime(2025, 11, 2, 4, 30, tzinfo=NEW_YORK),
        datetime(2025, 3, 9, 3, 30, tzinfo=NEW_YORK),  # spring forward
        datetime(2025, 3, 9, 4, 30, tzinfo=NEW_YORK),
    ]
    for at in moments:
        _log(student, question, at)

    summary = progress_summary(user=student, now=NOW)

    expected: dict[date, int] = {}
    for at in moments:
        day = study_day(at, zone="America/New_York", day_starts_at=4)
        expected[day] = expected.get(day, 0) + 1
    assert summary.study_days == expected
    assert set(expected) == {
        date(2025, 11, 1),
        date(2025, 11, 2),
        date(2025, 3, 8),
        date(2025, 3, 9),
    }


def test_the_forecast_counts_cards_due_per_day_with_overdue_in_today(
    student: User, make_questions: MakeQuestions
) -> None:
    questions = make_questions(symptoms=7)["symptoms"]
    _card(student, questions[0], due=NOW - timedelta(days=40))  # long overdue
    _card(student, questions[1], due=NOW - timedelta(hours=1))
    _card(student, questions[2], due=NOW + timedelta(hours=6))  # 21:00, still today
    _card(student, questions[3], due=NOW + timedelta(days=1))
    _card(student, questions[4], due=NOW + timedelta(days=29))  # the last day shown
    _card(student, questions[5], due=NOW + timedelta(days=30))  # beyond
    _card(student, questions[6], due=NOW + timedelta(minutes=10), phase="learning")

    forecast = progress_summary(user=student, now=NOW).forecast

    assert forecast[0] == (TODAY, 4)
    assert forecast[1] == (TODAY + timedelta(days=1), 1)
    assert forecast[29] == (TODAY + timedelta(days=29), 1)
    assert sum(count for _, count in forecast) == 6


def test_the_forecast_follows_the_day_start_hour(
    student: User, make_questions: MakeQuestions
) -> None:
    _settings(student, zone="America/New_York", starts=4)
    questions = make_questions(symptoms=2)["symptoms"]
    _card(student, questions[0], due=datetime(2025, 11, 13, 3, 0, tzinfo=NEW_YORK))
    _card(student, questions[1], due=datetime(2025, 11, 13, 4, 0, tzinfo=NEW_YORK))

    forecast = progress_summary(user=student, now=NOW).forecast

    assert forecast[0] == (TODAY, 1)
    assert forecast[1] == (TODAY + timedelta(days=1), 1)


def test_the_streak_counts_back_from_today_or_yesterday(
    student: User, make_questions: MakeQuestions
) -> None:
    question = make_questions(symptoms=1)["symptoms"][0]
    for days_ago in (1, 2, 3, 5):
        _log(student, question, NOW - timedelta(days=days_ago))

    assert progress_summary(user=student, now=NOW).streak == 3

    _log(student, question, NOW - timedelta(hours=1))

    assert progress_summary(user=student, now=NOW).streak == 4


def test_a_streak_longer_than_the_calendar_is_counted_in_full(
    student: User, make_questions: MakeQuestions
) -> None:
    question = make_questions(symptoms=1)["symptoms"][0]
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=student,
            question=question,
            rating=3,
            reviewed_at=NOW - timedelta(days=days_ago),
            reps=days_ago + 1,
            phase_before="review",
            phase_after="review",
            due_after=NOW,
        )
        for days_ago in range(400)
    )

    summary = progress_summary(user=student, now=NOW)

    assert summary.streak == 400
    assert len(summary.study_days) == 365


@pytest.mark.parametrize(
    ("days_ago", "streak"),
    [((), 0), ((0,), 1), ((1,), 1), ((2,), 0), ((0, 1, 2), 3), ((1, 2, 4), 2), ((0, 2), 1)],
)
def test_streak_length_from_a_set_of_days(days_ago: tuple[int, ...], streak: int) -> None:
    days = {TODAY - timedelta(days=n) for n in days_ago}

    assert streak_length(days, today=TODAY) == streak
