"""Attempts written as `attempt_submit` leaves them, so report tests need no attempts service.

A submitted attempt has one AttemptAnswer per question (blank for those left unanswered),
each with `is_correct` set, and `score` / `max_score` counted from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from learning.models import Assignment, Attempt, AttemptAnswer, CardState, Membership, Question

# question id -> (answer given, correct?)
Answers = Mapping[int, tuple[str, bool]]


def _make_attempt(
    assignment: Assignment,
    student: User,
    answers: Answers | None = None,
    *,
    number: int = 1,
    submitted: bool = True,
    started_at: datetime | None = None,
    minutes: int = 10,
    deadline: datetime | None = None,
    closed_by_deadline: bool = False,
    question_ids: list[int] | None = None,
) -> Attempt:
    answers = answers or {}
    ids = list(question_ids if question_ids is not None else assignment.fixed_question_ids)
    started = started_at or timezone.now() - timedelta(hours=1)
    attempt = Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=number,
        question_ids=ids,
        started_at=started,
        deadline=deadline or min(assignment.due_at, started + timedelta(hours=2)),
        submitted_at=started + timedelta(minutes=minutes) if submitted else None,
        closed_by_deadline=closed_by_deadline,
        score=sum(ok for _, ok in answers.values()) if submitted else None,
        max_score=len(ids),
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question_id=qid,
            given=answers.get(qid, ("", False))[0],
            answered_at=started + timedelta(minutes=1),
            is_correct=answers.get(qid, ("", False))[1] if submitted else None,
        )
        for qid in ids
        if submitted or qid in answers
    )
    return attempt


def _join(classroom: Any, *users: User) -> None:
    Membership.objects.bulk_create(Membership(classroom=classroom, student=u) for u in users)


def _make_card(
    user: User, question: Question, *, stability: float, days_ago: float, **extra: Any
) -> CardState:
    """A card in review last seen `days_ago` days ago: recall ≥ 0.9 while days_ago ≲ stability."""
    last = timezone.now() - timedelta(days=days_ago)
    values: dict[str, Any] = {
        "phase": "review",
        "stability": stability,
        "difficulty": 5.0,
        "due": last + timedelta(days=stability),
        "last_review": last,
        "reps": 1,
    }
    values.update(extra)
    return CardState.objects.create(user=user, question=question, **values)


# Handed out as fixtures: test modules here cannot import this conftest.
@pytest.fixture
def make_attempt(db: None) -> Callable[..., Attempt]:
    return _make_attempt


@pytest.fixture
def make_card(db: None) -> Callable[..., CardState]:
    return _make_card


@pytest.fixture
def join(db: None) -> Callable[..., None]:
    return _join


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def _make(username: str, **fields: Any) -> User:
        return User.objects.create_user(username=username, password="x" * 12, **fields)

    return _make
