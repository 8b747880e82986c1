"""The gradebook's rules on their own: which attempt counts, which status shows, time taken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learning.models import Assignment
from learning.services.gradebook import AttemptRow, Status, best_attempt, status_of

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _row(
    number: int = 1,
    *,
    score: int | None = None,
    max_score: int = 10,
    submitted: bool = True,
    deadline: datetime = NOW + HOUR,
    started: datetime = NOW - HOUR,
    minutes: int = 20,
) -> AttemptRow:
    return AttemptRow(
        pk=number,
        assignment_id=1,
        student_id=1,
        number=number,
        started_at=started,
        deadline=deadline,
        submitted_at=started + timedelta(minutes=minutes) if submitted else None,
        closed_by_deadline=False,
        score=score if submitted else None,
        max_score=max_score,
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([], None, id="no-attempt"),
        pytest.param([_row(1, submitted=False)], None, id="only-in-progress"),
        pytest.param([_row(1, score=3), _row(2, score=7), _row(3, score=5)], 2, id="highest"),
        pytest.param([_row(1, score=7), _row(2, score=7)], 1, id="tie-goes-to-the-earlier"),
        # Draws per student may differ in length: the share decides, not the raw score.
        pytest.param(
            [_row(1, score=4, max_score=5), _row(2, score=6, max_score=10)], 1, id="share"
        ),
        pytest.param([_row(1, score=0, max_score=0)], None, id="nothing-to-score"),
    ],
)
def test_the_best_attempt_is_the_highest_share_correct(
    rows: list[AttemptRow], expected: int | None
) -> None:
    best = best_attempt(rows)

    assert (best.number if best else None) == expected


@pytest.mark.parametrize(
    ("due", "rows", "expected"),
    [
        pytest.param(NOW + HOUR, [], Status.NOT_STARTED, id="not-started"),
        pytest.param(NOW - HOUR, [], Status.LATE, id="due-passed-nothing-handed-in"),
        pytest.param(NOW, [], Status.LATE, id="due-this-instant"),
        pytest.param(NOW + HOUR, [_row(submitted=False)], Status.IN_PROGRESS, id="open"),
        pytest.param(NOW - HOUR, [_row(score=5)], Status.SUBMITTED, id="submitted"),
        pytest.param(
            NOW + HOUR,
            [_row(1, score=5), _row(2, submitted=False)],
            Status.IN_PROGRESS,
            id="an-open-retry-shows-in-progress",
        ),
    ],
)
def test_status(due: datetime, rows: list[AttemptRow], expected: Status) -> None:
    assignment = Assignment(opens_at=NOW - 10 * HOUR, due_at=due)

    assert status_of(assignment, rows, now=NOW) is expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(_row(score=1, minutes=20), 20 * 60_000, id="handed-in"),
        pytest.param(_row(submitted=False), None, id="in-progress"),
        # Closed after its deadline (noticed late): it took until the deadline.
        pytest.param(_row(score=1, minutes=300, deadline=NOW), 60 * 60_000, id="capped"),
    ],
)
def test_time_taken(row: AttemptRow, expected: int | None) -> None:
    assert row.time_taken_ms == expected


def test_percent_has_one_decimal() -> None:
    assert _row(score=2, max_score=3).percent == 66.7
    assert _row(score=3, max_score=3).percent == 100.0
