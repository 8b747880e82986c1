"""A quiz's reviews show in mastery, retention and class memory only once its answers do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User

from learning.models import Assignment, Bank, Question
from learning.scheduling import Rating
from learning.services.attempts import attempt_answer, attempt_start, attempt_submit
from learning.services.class_memory import class_memory_summary
from learning.services.progress import progress_summary
from learning.services.reviews import grade_token, review_record
from tests.services.quiz_clock import NOW

pytestmark = pytest.mark.django_db

MakeQuiz = Callable[..., Assignment]
DUE = NOW + timedelta(days=1)
AFTER_SUBMITTING = NOW + timedelta(minutes=5)
AFTER_DUE = DUE + timedelta(minutes=5)


def _take_quiz(quiz: Assignment, student: User, answers: dict[str, str]) -> None:
    """Start, answer (right or wrong as given) and submit at NOW."""
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    for key, given in answers.items():
        question = quiz.bank.questions.get(key=key)
        attempt_answer(attempt=attempt, question=question, given=given, now=NOW)
    attempt_submit(attempt=attempt, now=NOW)


# Right for the acronym, wrong for the synonym: the mastery per category tells which.
ONE_RIGHT_ONE_WRONG = {"quiz-typed": "Polyneuropathy", "quiz-mcq": "Lupus"}


def _mastery(student: User, now: datetime) -> dict[str, tuple[int, int]]:
    """category -> (studied, mastered)"""
    summary = progress_summary(user=student, now=now)
    return {row.category: (row.studied, row.mastered) for row in summary.mastery}


def test_before_the_due_date_a_quiz_leaves_the_mastery_as_it_was(
    quiz_at: MakeQuiz, student: User
) -> None:
    quiz = quiz_at(due_at=DUE, show_answers=Assignment.SHOW_AFTER_DUE)

    _take_quiz(quiz, student, ONE_RIGHT_ONE_WRONG)

    mastery = _mastery(student, AFTER_SUBMITTING)
    assert mastery["acronym"] == (0, 0)
    assert mastery["synonyms"] == (0, 0)
    # Once the answers are out, the quiz counts like any review.
    assert _mastery(student, AFTER_DUE)["acronym"] == (1, 1)
    assert _mastery(student, AFTER_DUE)["synonyms"][0] == 1


def test_answers_shown_right_after_submitting_count_at_once(
    quiz_at: MakeQuiz, student: User
) -> None:
    quiz = quiz_at(due_at=DUE, show_answers=Assignment.SHOW_IMMEDIATELY)

    _take_quiz(quiz, student, ONE_RIGHT_ONE_WRONG)

    mastery = _mastery(student, AFTER_SUBMITTING)
    assert mastery["acronym"][0] == 1
    assert mastery["synonyms"][0] == 1


def test_answers_never_shown_never_count(quiz_at: MakeQuiz, student: User) -> None:
    quiz = quiz_at(due_at=DUE, show_answers=Assignment.SHOW_NEVER)

    _take_quiz(quiz, student, ONE_RIGHT_ONE_WRONG)

    assert _mastery(student, AFTER_DUE + timedelta(days=30))["acronym"] == (0, 0)


def _study_well(student: User, question: Question) -> None:
    """Three spaced Goods before NOW: a card in review, recalled for weeks."""
    for reps, days_ago in enumerate([20, 15, 8]):
        review_record(
            user=student,
            question=question,
            rating=Rating.GOOD,
            token=grade_token(user=student, question_id=question.pk, reps=reps),
            now=NOW - timedelta(days=days_ago),
        )


def test_a_card_studied_before_the_quiz_reads_as_it_was_before_it(
    quiz_at: MakeQuiz, student: User, quiz_bank: Bank
) -> None:
    due = NOW + timedelta(days=5)
    quiz = quiz_at(due_at=due, show_answers=Assignment.SHOW_AFTER_DUE)
    _study_well(student, quiz_bank.questions.get(key="quiz-mcq"))

    _take_quiz(quiz, student, ONE_RIGHT_ONE_WRONG)  # the synonym wrong: Again, a lapse

    # Days later the lapse would have faded below 90 %; the studied card has not.
    assert _mastery(student, due - timedelta(days=1))["synonyms"] == (1, 1)
    assert _mastery(student, due + timedelta(minutes=5))["synonyms"] == (1, 0)


def test_a_quiz_failure_stays_out_of_retention_until_the_answers_are_out(
    quiz_at: MakeQuiz, student: User, quiz_bank: Bank
) -> None:
    quiz = quiz_at(due_at=DUE, show_answers=Assignment.SHOW_AFTER_DUE)
    _study_well(student, quiz_bank.questions.get(key="quiz-mcq"))
    before = progress_summary(user=student, now=NOW).retention

    _take_quiz(quiz, student, {"quiz-mcq": "Lupus"})

    assert progress_summary(user=student, now=AFTER_SUBMITTING).retention == before
    after_due = progress_summary(user=student, now=AFTER_DUE).retention
    assert (after_due.reviews, after_due.passed) == (before.reviews + 1, before.passed)


def test_class_memory_waits_for_the_answer_policy_too(quiz_at: MakeQuiz, student: User) -> None:
    quiz = quiz_at(due_at=DUE, show_answers=Assignment.SHOW_AFTER_DUE)
    _take_quiz(quiz, student, ONE_RIGHT_ONE_WRONG)

    def recalled(now: datetime) -> int:
        summary = class_memory_summary(assignments=[quiz], students=[(student, "sam")], now=now)
        return summary.students[0].overall.recalled

    assert recalled(AFTER_SUBMITTING) == 0
    assert recalled(AFTER_DUE) == 1
