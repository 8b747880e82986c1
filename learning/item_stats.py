"""Item analysis of one assignment: how each question performed. Pure Python, no Django.

The input is one counted attempt per student (a `Sitting`); the service decides which.

- **Facility**: the share of sittings that had the question and answered it correctly. An
  unanswered question counts as not correct: the student saw it and did not get it.
- **Discrimination**: facility in the upper 27 % of students by score minus facility in the
  lower 27 % (Kelley's groups). Between -1 and 1; negative means weaker students did better.
- **Options**: how many sittings chose each option, zeros included, plus unanswered and any
  answer that is none of the options.
- **Flags** only once a question has `min_responses` sittings: below that, one student's slip
  would flag a sound question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

GROUP_SHARE = 0.27
HARD_BELOW = 0.2
MIN_RESPONSES = 5

HARD = "hard"
NEGATIVE_DISCRIMINATION = "negative_discrimination"
UNPICKED_OPTION = "unpicked_option"


@dataclass(frozen=True)
class Item:
    """A question as the statistics see it. `options` is empty for types without options."""

    id: int
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sitting:
    """One student's counted attempt."""

    student_id: int
    score: float  # share of the attempt's questions answered correctly, 0..1
    question_ids: frozenset[int]  # the questions this attempt had
    given: Mapping[int, str] = field(default_factory=dict)  # question id -> answer, if any
    correct: frozenset[int] = frozenset()  # question ids answered correctly


@dataclass(frozen=True)
class ItemStats:
    item_id: int
    responses: int  # sittings that had the question
    answered: int
    correct: int
    facility: float | None  # None: no sitting had the question
    discrimination: float | None  # None: too few students, or a group never had the question
    option_counts: tuple[tuple[str, int], ...]
    unanswered: int
    other: int  # answers matching none of the options
    flags: tuple[str, ...]

    @property
    def unpicked_options(self) -> tuple[str, ...]:
        return tuple(option for option, count in self.option_counts if count == 0)


def facility(correct: int, responses: int) -> float | None:
    return correct / responses if responses else None


def group_size(students: int) -> int:
    """Students in each of the upper and lower groups; 0 when there is no pair to compare."""
    if students < 2:
        return 0
    return max(1, round(GROUP_SHARE * students))


def upper_and_lower(sittings: Sequence[Sitting]) -> tuple[list[Sitting], list[Sitting]]:
    """The top and bottom 27 % by score; ties broken by student id, so the split is stable."""
    size = group_size(len(sittings))
    if not size:
        return [], []
    ranked = sorted(sittings, key=lambda sitting: (-sitting.score, sitting.student_id))
    return ranked[:size], ranked[-size:]


def discrimination(
    item_id: int, upper: Sequence[Sitting], lower: Sequence[Sitting]
) -> float | None:
    high = _facility_in(item_id, upper)
    low = _facility_in(item_id, lower)
    if high is None or low is None:
        return None
    return high - low


def option_counts(
    options: Sequence[str], answers: Sequence[str]
) -> tuple[tuple[tuple[str, int], ...], int, int]:
    """(counts per option in the options' order, unanswered, answers matching no option)."""
    counts = dict.fromkeys(options, 0)
    unanswered = other = 0
    for answer in answers:
        if not answer.strip():
            unanswered += 1
        elif answer in counts:
            counts[answer] += 1
        else:
            other += 1
    return tuple(counts.items()), unanswered, other


def flags_for(stats: ItemStats, *, min_responses: int = MIN_RESPONSES) -> tuple[str, ...]:
    if stats.responses < min_responses:
        return ()
    found = []
    if stats.facility is not None and stats.facility < HARD_BELOW:
        found.append(HARD)
    if stats.discrimination is not None and stats.discrimination < 0:
        found.append(NEGATIVE_DISCRIMINATION)
    if stats.unpicked_options:
        found.append(UNPICKED_OPTION)
    return tuple(found)


def analyse(
    items: Sequence[Item], sittings: Sequence[Sitting], *, min_responses: int = MIN_RESPONSES
) -> list[ItemStats]:
    upper, lower = upper_and_lower(sittings)
    return [
        _item_stats(item, sittings, upper, lower, min_responses=min_responses) for item in items
    ]


def _item_stats(
    item: Item,
    sittings: Sequence[Sitting],
    upper: Sequence[Sitting],
    lower: Sequence[Sitting],
    *,
    min_responses: int,
) -> ItemStats:
    had = [sitting for sitting in sittings if item.id in sitting.question_ids]
    answers = [sitting.given.get(item.id, "") for sitting in had]
    correct = sum(item.id in sitting.correct for sitting in had)
    counts, unanswered, other = option_counts(item.options, answers)
    stats = ItemStats(
        item_id=item.id,
        responses=len(had),
        answered=sum(bool(answer.strip()) for answer in answers),
        correct=correct,
        facility=facility(correct, len(had)),
        discrimination=discrimination(item.id, upper, lower),
        option_counts=counts,
        unanswered=unanswered,
        other=other,
        flags=(),
    )
    return replace(stats, flags=flags_for(stats, min_responses=min_responses))


def _facility_in(item_id: int, group: Sequence[Sitting]) -> float | None:
    had = [sitting for sitting in group if item_id in sitting.question_ids]
    return facility(sum(item_id in sitting.correct for sitting in had), len(had))
