"""Spaced repetition with FSRS-6 (the `fsrs` package), as pure functions.

No Django and no clock: every function that needs the time takes `now` (aware, any zone), so
tests run at fixed instants and the caller decides what "now" is. Times are stored in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum, StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from fsrs import Card, Scheduler, State
from fsrs import Rating as FsrsRating

MIN_RETENTION, MAX_RETENTION = 0.70, 0.97


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class Phase(StrEnum):
    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


_TO_STATE = {
    Phase.LEARNING: State.Learning,
    Phase.REVIEW: State.Review,
    Phase.RELEARNING: State.Relearning,
}
_TO_PHASE = {state: phase for phase, state in _TO_STATE.items()}


@dataclass(frozen=True)
class Memory:
    """What the scheduler knows about one learner and one card."""

    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.phase is Phase.NEW


@dataclass(frozen=True)
class Preferences:
    """A learner's scheduling settings. Steps are in minutes, as Anki shows them."""

    desired_retention: float = 0.90
    learning_steps: tuple[int, ...] = (1, 10)
    relearning_steps: tuple[int, ...] = (10,)
    maximum_interval_days: int = 36500

    def __post_init__(self) -> None:
        if not MIN_RETENTION <= self.desired_retention <= MAX_RETENTION:
            raise ValueError(
                f"desired retention must be between {MIN_RETENTION} and {MAX_RETENTION}"
            )
        if any(step <= 0 for step in (*self.learning_steps, *self.relearning_steps)):
            raise ValueError("learning and relearning steps must be positive minutes")


def review(memory: Memory, rating: Rating, *, now: datetime, prefs: Preferences) -> Memory:
    """The memory after grading a card at `now`."""
    card, _ = _scheduler(prefs).review_card(
        _to_card(memory, now), FsrsRating(int(rating)), review_datetime=_utc(now)
    )
    return Memory(
        phase=_TO_PHASE[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def preview(memory: Memory, *, now: datetime, prefs: Preferences) -> dict[Rating, timedelta]:
    """How long until the card comes back for each rating: the labels on the grade buttons."""
    return {
        rating: review(memory, rating, now=now, prefs=prefs).due - _utc(now)  # type: ignore[operator]
        for rating in Rating
    }


def recall_probability(memory: Memory, *, now: datetime, prefs: Preferences) -> float:
    """The chance the learner recalls the card at `now`; 0 for a card never studied."""
    if memory.is_new:
        return 0.0
    return float(_scheduler(prefs).get_card_retrievability(_to_card(memory, now), _utc(now)))


def is_due(memory: Memory, *, now: datetime) -> bool:
    return memory.is_new or memory.due is None or memory.due <= _utc(now)


def format_interval(delta: timedelta) -> str:
    """Anki-style short labels: '<1m', '10m', '3h', '4d', '2mo', '1.5y'."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    # Each unit is chosen by the figure it would print, so 59.7 minutes reads "1h", not "60m".
    minutes = seconds / 60
    if round(minutes) < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if round(hours) < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if round(days) < 30:
        return f"{round(days)}d"
    if round(days / 30, 1) < 12:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def study_day(now: datetime, *, zone: str, day_starts_at: int) -> date:
    """The learner's study day: with a 4 a.m. start, 2 a.m. still counts as yesterday."""
    local = _utc(now).astimezone(ZoneInfo(zone))
    return (local - timedelta(hours=day_starts_at)).date()


def day_bounds(day: date, *, zone: str, day_starts_at: int) -> tuple[datetime, datetime]:
    """The UTC instants a study day starts and ends (23 or 25 hours long across DST changes)."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(hour=day_starts_at), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(hour=day_starts_at), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def _one_decimal(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:g}"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def _to_card(memory: Memory, now: datetime) -> Card:
    if memory.is_new:
        # A new card enters learning at its first step, due now.
        return Card(card_id=0, state=State.Learning, step=0, due=_utc(now))
    return Card(
        card_id=0,  # an explicit id: the default reads the clock and sleeps a millisecond
        state=_TO_STATE[memory.phase],
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )


@lru_cache(maxsize=64)
def _scheduler(prefs: Preferences) -> Scheduler:
    # No fuzzing: the interval printed on each grade button must be the one that happens.
    return Scheduler(
        desired_retention=prefs.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in prefs.learning_steps),
        relearning_steps=tuple(timedelta(minutes=m) for m in prefs.relearning_steps),
        maximum_interval=prefs.maximum_interval_days,
        enable_fuzzing=False,
    )
