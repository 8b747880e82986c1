"""Attempts racing each other: concurrent starts make one attempt, concurrent submits one
submission, and the submission's reviews are recorded once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from learning.models import Assignment, Attempt, AttemptAnswer, ReviewLog
from learning.services.assignments import (
    AssignmentStarted,
    QuestionSetLocked,
    assignment_delete,
    assignment_save,
)
from learning.services.attempts import (
    AlreadySubmitted,
    AssignmentGone,
    AttemptRefused,
    attempt_answer,
    attempt_start,
    attempt_submit,
)
from tests.concurrency.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)

TABS = 4


def test_concurrent_starts_make_exactly_one_attempt(
    make_quiz: Callable[..., Assignment], student: User
) -> None:
    quiz = make_quiz(attempts_allowed=3)
    now = timezone.now()

    results = run_together(
        [lambda: attempt_start(assignment=quiz, student=student, now=now)] * TABS
    )

    assert all(isinstance(result, Attempt) for result in results), results
    assert Attempt.objects.filter(assignment=quiz, student=student).count() == 1
    assert {result.pk for result in results} == {Attempt.objects.get().pk}  # type: ignore[union-attr]


def test_concurrent_submits_make_exactly_one_submission(
    make_quiz: Callable[..., Assignment], student: User
) -> None:
    quiz = make_quiz()
    now = timezone.now()
    attempt = attempt_start(assignment=quiz, student=student, now=now)
    question = quiz.bank.questions.get(key="quiz-tf")
    attempt_answer(attempt=attempt, question=question, given="True", now=now)

    results = run_together([lambda: attempt_submit(attempt=attempt, now=now)] * TABS)

    assert sum(isinstance(result, Attempt) for result in results) == 1, results
    assert sum(isinstance(result, AlreadySubmitted) for result in results) == TABS - 1, results
    assert ReviewLog.objects.count() == 1
    assert AttemptAnswer.objects.count() == quiz.question_count


def test_a_delete_racing_starts_either_keeps_the_attempt_or_leaves_nothing(
    make_quiz: Callable[..., Assignment], student: User
) -> None:
    quiz = make_quiz()
    now = timezone.now()

    def start() -> Attempt:
        return attempt_start(assignment=quiz, student=student, now=now)

    results = run_together([lambda: assignment_delete(assignment=quiz), start, start, start])

    unexpected = [
        r
        for r in results
        if isinstance(r, Exception) and not isinstance(r, AttemptRefused | AssignmentStarted)
    ]
    assert unexpected == []
    if Assignment.objects.filter(pk=quiz.pk).exists():
        assert isinstance(results[0], AssignmentStarted)
        assert Attempt.objects.filter(assignment=quiz).count() == 1
    else:
        assert results[0] is None
        assert Attempt.objects.count() == 0
        assert all(isinstance(r, AssignmentGone) for r in results[1:])


def test_an_edit_racing_a_first_start_never_changes_a_started_question_set(
    make_quiz: Callable[..., Assignment], student: User
) -> None:
    quiz = make_quiz()
    now = timezone.now()

    def edit() -> Assignment:
        fewer = Assignment.objects.get(pk=quiz.pk)
        fewer.question_count = 4
        return assignment_save(assignment=fewer)

    def start() -> Attempt:
        return attempt_start(assignment=quiz, student=student, now=now)

    results = run_together([edit, start, start])

    unexpected = [r for r in results if isinstance(r, Exception)]
    assert unexpected in ([], [results[0]]), results
    saved = Assignment.objects.get(pk=quiz.pk)
    attempt = Attempt.objects.get(assignment=quiz)
    # Whichever came first, the attempt asks the questions the assignment now names.
    assert attempt.question_ids == saved.fixed_question_ids
    if isinstance(results[0], Exception):
        assert isinstance(results[0], QuestionSetLocked)
        assert saved.question_count == 5
    else:
        assert saved.question_count == 4
