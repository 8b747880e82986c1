"""The pure FSRS wrapper, at fixed instants and without a database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from learning.scheduling import (
    Memory,
    Phase,
    Preferences,
    Rating,
    day_bounds,
    format_interval,
    is_due,
    preview,
    recall_probability,
    review,
    study_day,
)

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
NEW_YORK = "America/New_York"
DEFAULTS = Preferences()
THREE_STEPS = Preferences(learning_steps=(1, 10, 60), relearning_steps=(10,))

A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def _walk(ratings: tuple[Rating, ...], prefs: Preferences) -> tuple[Memory, datetime]:
    """Grades a new card in turn, each time when it falls due; returns it and its due time."""
    memory, now = Memory(), NOW
    for rating in ratings:
        memory = review(memory, rating, now=now, prefs=prefs)
        assert memory.due is not None
        now = memory.due
    return memory, now


def _review_card(*, stability: float = 10.0, days_since: int = 10) -> Memory:
    """A card in review, last seen `days_since` days before NOW."""
    return Memory(
        phase=Phase.REVIEW,
        stability=stability,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - timedelta(days=days_since),
    )


# (grades so far, next grade, phase after, step after, due after or None for "whole days")
TRANSITIONS = [
    pytest.param((), A, Phase.LEARNING, 0, timedelta(minutes=1), id="new-again-learns"),
    pytest.param((), H, Phase.LEARNING, 0, timedelta(minutes=5.5), id="new-hard-learns"),
    pytest.param((), G, Phase.LEARNING, 1, timedelta(minutes=10), id="new-good-learns"),
    pytest.param((), E, Phase.REVIEW, None, None, id="new-easy-graduates"),
    pytest.param((G,), G, Phase.LEARNING, 2, timedelta(minutes=60), id="step1-good-advances"),
    pytest.param((G, G), G, Phase.REVIEW, None, None, id="last-step-good-graduates"),
    pytest.param((G,), E, Phase.REVIEW, None, None, id="learning-easy-graduates"),
    pytest.param((G,), A, Phase.LEARNING, 0, timedelta(minutes=1), id="step1-again-resets"),
    pytest.param((G, G), A, Phase.LEARNING, 0, timedelta(minutes=1), id="step2-again-resets"),
    pytest.param((E,), A, Phase.RELEARNING, 0, timedelta(minutes=10), id="review-again-lapses"),
    pytest.param((E,), H, Phase.REVIEW, None, None, id="review-hard-stays"),
    pytest.param((E,), G, Phase.REVIEW, None, None, id="review-good-stays"),
    pytest.param((E,), E, Phase.REVIEW, None, None, id="review-easy-stays"),
    pytest.param((E, A), G, Phase.REVIEW, None, None, id="relearning-good-returns"),
    pytest.param((E, A), A, Phase.RELEARNING, 0, timedelta(minutes=10), id="relearning-again"),
]


@pytest.mark.parametrize(("before", "rating", "phase", "step", "interval"), TRANSITIONS)
def test_each_grade_moves_the_card_to_the_expected_phase_and_step(
    before: tuple[Rating, ...],
    rating: Rating,
    phase: Phase,
    step: int | None,
    interval: timedelta | None,
) -> None:
    memory, now = _walk(before, THREE_STEPS)

    after = review(memory, rating, now=now, prefs=THREE_STEPS)

    assert (after.phase, after.step) == (phase, step)
    assert after.last_review == now
    assert after.due is not None
    if interval is None:
        days = after.due - now
        assert days >= timedelta(days=1)
        assert days % timedelta(days=1) == timedelta(0)  # reviews come back in whole days
    else:
        assert after.due - now == interval


def test_a_new_card_has_no_memory_until_its_first_grade() -> None:
    memory = Memory()

    after = review(memory, G, now=NOW, prefs=DEFAULTS)

    assert memory.is_new
    assert (memory.stability, memory.difficulty, memory.due) == (None, None, None)
    assert not after.is_new
    assert after.stability is not None and after.stability > 0
    assert after.difficulty is not None and 1 <= after.difficulty <= 10


def test_with_the_default_steps_two_goods_graduate_a_new_card() -> None:
    memory, _ = _walk((G, G), DEFAULTS)

    assert memory.phase is Phase.REVIEW


def test_the_time_zone_of_now_does_not_change_the_result() -> None:
    in_tokyo = NOW.astimezone(ZoneInfo("Asia/Tokyo"))

    assert review(Memory(), G, now=in_tokyo, prefs=DEFAULTS) == review(
        Memory(), G, now=NOW, prefs=DEFAULTS
    )
    assert review(Memory(), G, now=in_tokyo, prefs=DEFAULTS).due.tzinfo == UTC


PREVIEW_CASES = [
    pytest.param((), id="new"),
    pytest.param((G,), id="learning"),
    pytest.param((E,), id="review"),
    pytest.param((E, A), id="relearning"),
    pytest.param((E, G, G, H), id="mature"),
]


@pytest.mark.parametrize("before", PREVIEW_CASES)
@pytest.mark.parametrize("prefs", [DEFAULTS, THREE_STEPS, Preferences(desired_retention=0.8)])
def test_the_preview_shows_exactly_the_interval_each_grade_then_gives(
    before: tuple[Rating, ...], prefs: Preferences
) -> None:
    memory, now = _walk(before, prefs)

    intervals = preview(memory, now=now, prefs=prefs)

    assert list(intervals) == [A, H, G, E]
    for rating, interval in intervals.items():
        assert review(memory, rating, now=now, prefs=prefs).due == now + interval


def test_the_grade_buttons_of_a_new_card_follow_the_learning_steps() -> None:
    labels = {
        rating.label: format_interval(interval)
        for rating, interval in preview(Memory(), now=NOW, prefs=DEFAULTS).items()
    }

    assert list(labels) == ["Again", "Hard", "Good", "Easy"]
    assert (labels["Again"], labels["Hard"], labels["Good"]) == ("1m", "6m", "10m")
    assert labels["Easy"].endswith("d")


def test_the_intervals_grow_with_the_grade() -> None:
    intervals = preview(_review_card(), now=NOW, prefs=DEFAULTS)

    assert intervals[A] < intervals[H] < intervals[G] < intervals[E]


@pytest.mark.parametrize(("higher", "lower"), [(0.97, 0.90), (0.90, 0.80), (0.80, 0.70)])
@pytest.mark.parametrize("rating", [H, G, E])
def test_a_higher_desired_retention_gives_shorter_intervals(
    higher: float, lower: float, rating: Rating
) -> None:
    strict = preview(_review_card(), now=NOW, prefs=Preferences(desired_retention=higher))
    relaxed = preview(_review_card(), now=NOW, prefs=Preferences(desired_retention=lower))

    assert strict[rating] < relaxed[rating]


def test_the_maximum_interval_caps_every_grade() -> None:
    capped = Preferences(maximum_interval_days=5)

    intervals = preview(_review_card(stability=100.0, days_since=100), now=NOW, prefs=capped)

    assert max(intervals.values()) == timedelta(days=5)


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(0), "<1m"),
        (timedelta(seconds=59), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59), "59m"),
        (timedelta(minutes=59, seconds=40), "1h"),
        (timedelta(hours=3), "3h"),
        (timedelta(hours=23, minutes=40), "1d"),
        (timedelta(days=1), "1d"),
        (timedelta(days=4), "4d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=29, hours=14), "1mo"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=300), "10mo"),
        (timedelta(days=364), "1y"),
        (timedelta(days=365), "1y"),
        (timedelta(days=438), "1.2y"),
        (timedelta(days=36500), "100y"),
    ],
)
def test_intervals_read_like_anki_buttons(interval: timedelta, label: str) -> None:
    assert format_interval(interval) == label


def test_a_new_card_has_no_chance_of_recall() -> None:
    assert recall_probability(Memory(), now=NOW, prefs=DEFAULTS) == 0.0


@pytest.mark.parametrize("stability", [1, 4, 10, 100])
def test_recall_is_ninety_percent_when_the_days_elapsed_equal_the_stability(
    stability: int,
) -> None:
    memory = _review_card(stability=float(stability), days_since=stability)

    assert recall_probability(memory, now=NOW, prefs=DEFAULTS) == pytest.approx(0.9, abs=1e-6)


def test_recall_fades_from_certain_at_the_review_onwards() -> None:
    memory = _review_card(stability=10.0, days_since=0)

    chances = [
        recall_probability(memory, now=NOW + timedelta(days=days), prefs=DEFAULTS)
        for days in (0, 1, 5, 10, 30, 365)
    ]

    assert chances[0] == pytest.approx(1.0)
    assert chances == sorted(chances, reverse=True)
    assert len(set(chances)) == len(chances)
    assert chances[-1] > 0


@pytest.mark.parametrize(
    ("memory", "now", "due"),
    [
        (Memory(), NOW, True),
        (_review_card(), NOW, True),
        (_review_card(), NOW - timedelta(seconds=1), False),
        (_review_card(), NOW + timedelta(days=3), True),
    ],
)
def test_a_card_is_due_when_new_or_its_due_time_has_come(
    memory: Memory, now: datetime, due: bool
) -> None:
    assert is_due(memory, now=now) is due


@pytest.mark.parametrize("retention", [0.0, 0.5, 0.69, 0.971, 0.98, 1.0])
def test_a_desired_retention_outside_seventy_to_ninety_seven_percent_is_refused(
    retention: float,
) -> None:
    with pytest.raises(ValueError, match="desired retention"):
        Preferences(desired_retention=retention)


@pytest.mark.parametrize("retention", [0.70, 0.85, 0.97])
def test_a_desired_retention_within_the_range_is_accepted(retention: float) -> None:
    assert Preferences(desired_retention=retention).desired_retention == retention


@pytest.mark.parametrize(
    "steps",
    [
        {"learning_steps": (0,)},
        {"learning_steps": (1, -10)},
        {"relearning_steps": (0,)},
        {"relearning_steps": (-5,)},
    ],
)
def test_steps_that_are_not_positive_minutes_are_refused(steps: dict[str, tuple[int, ...]]) -> None:
    with pytest.raises(ValueError, match="steps"):
        Preferences(**steps)  # type: ignore[arg-type]


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        pytest.param(_utc(2026, 7, 2, 3, 30), date(2026, 7, 1), id="23:30-EDT"),
        pytest.param(_utc(2026, 7, 2, 6, 0), date(2026, 7, 1), id="02:00-EDT-is-yesterday"),
        pytest.param(_utc(2026, 7, 2, 7, 59), date(2026, 7, 1), id="03:59-EDT-is-yesterday"),
        pytest.param(_utc(2026, 7, 2, 8, 0), date(2026, 7, 2), id="04:00-EDT-starts-the-day"),
        pytest.param(_utc(2026, 7, 2, 12, 0), date(2026, 7, 2), id="08:00-EDT"),
        pytest.param(_utc(2026, 3, 8, 7, 30), date(2026, 3, 7), id="03:30-after-spring-forward"),
        pytest.param(_utc(2026, 3, 8, 8, 0), date(2026, 3, 8), id="04:00-after-spring-forward"),
        pytest.param(_utc(2026, 11, 1, 5, 30), date(2026, 10, 31), id="01:30-EDT-fall-back"),
        pytest.param(_utc(2026, 11, 1, 6, 30), date(2026, 10, 31), id="01:30-EST-fall-back"),
        pytest.param(_utc(2026, 11, 1, 8, 59), date(2026, 10, 31), id="03:59-EST-fall-back"),
        pytest.param(_utc(2026, 11, 1, 9, 0), date(2026, 11, 1), id="04:00-EST-fall-back"),
        pytest.param(
            datetime(2026, 7, 2, 2, 0, tzinfo=ZoneInfo(NEW_YORK)),
            date(2026, 7, 1),
            id="local-02:00-given-in-new-york-time",
        ),
    ],
)
def test_the_study_day_in_new_york_starts_at_four_in_the_morning(
    moment: datetime, day: date
) -> None:
    assert study_day(moment, zone=NEW_YORK, day_starts_at=4) == day


@pytest.mark.parametrize(
    ("day", "start", "hours"),
    [
        pytest.param(date(2026, 7, 1), _utc(2026, 7, 1, 8), 24, id="summer"),
        pytest.param(date(2026, 1, 15), _utc(2026, 1, 15, 9), 24, id="winter"),
        pytest.param(date(2026, 3, 7), _utc(2026, 3, 7, 9), 23, id="spring-forward"),
        pytest.param(date(2026, 3, 8), _utc(2026, 3, 8, 8), 24, id="after-spring-forward"),
        pytest.param(date(2026, 10, 31), _utc(2026, 10, 31, 8), 25, id="fall-back"),
        pytest.param(date(2026, 11, 1), _utc(2026, 11, 1, 9), 24, id="after-fall-back"),
    ],
)
def test_day_bounds_are_utc_and_last_23_or_25_hours_across_dst_changes(
    day: date, start: datetime, hours: int
) -> None:
    begins, ends = day_bounds(day, zone=NEW_YORK, day_starts_at=4)

    assert begins == start
    assert ends - begins == timedelta(hours=hours)
    assert begins.tzinfo == UTC and ends.tzinfo == UTC


def test_day_bounds_in_utc_with_a_midnight_start_are_calendar_days() -> None:
    assert day_bounds(date(2026, 3, 2), zone="UTC", day_starts_at=0) == (
        _utc(2026, 3, 2),
        _utc(2026, 3, 3),
    )


@pytest.mark.parametrize("first", [_utc(2026, 3, 6), _utc(2026, 10, 30), _utc(2026, 6, 30)])
def test_every_instant_falls_within_the_bounds_of_its_own_study_day(first: datetime) -> None:
    for half_hours in range(4 * 48):
        moment = first + timedelta(minutes=30 * half_hours)
        start, end = day_bounds(
            study_day(moment, zone=NEW_YORK, day_starts_at=4), zone=NEW_YORK, day_starts_at=4
        )
        assert start <= moment < end, moment


NAIVE = datetime(2026, 3, 2, 15, 0)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: review(Memory(), G, now=NAIVE, prefs=DEFAULTS), id="review"),
        pytest.param(lambda: preview(_review_card(), now=NAIVE, prefs=DEFAULTS), id="preview"),
        pytest.param(
            lambda: recall_probability(_review_card(), now=NAIVE, prefs=DEFAULTS),
            id="recall_probability",
        ),
        pytest.param(lambda: is_due(_review_card(), now=NAIVE), id="is_due"),
        pytest.param(lambda: study_day(NAIVE, zone=NEW_YORK, day_starts_at=4), id="study_day"),
    ],
)
def test_naive_datetimes_are_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()
