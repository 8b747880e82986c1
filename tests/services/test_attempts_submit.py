"""Attempts: submitting, grading into scores and reviews, closing expired ones, and races."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from learning.models import (
    Assignment,
    AttemptAnswer,
    Bank,
    CardState,
    Classroom,
    Membership,
    Question,
    ReviewLog,
)
from learning.scheduling import Rating
from learning.services.attempts import (
    AlreadySubmitted,
    answer_is_correct,
    attempt_answer,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
)
from learning.services.reviews import grade_token, review_record
from tests.services.quiz_clock import NOW

pytestmark = pytest.mark.django_db

MakeAssignment = Callable[..., Assignment]


def _q(bank: Bank, key: str) -> Question:
    return bank.questions.get(key=key)


RIGHT = {
    "quiz-typed": "polyneuropthy",  # one typo is forgiven
    "quiz-mcq": "Crow-Fukase syndrome",
    "quiz-tf": "True",
    "quiz-cloze": "300 to 300,000 people",
    "quiz-match": json.dumps([["X-ray", "bone lesions"], ["Biopsy", "plasma cells"]]),
}
WRONG = {
    "quiz-typed": "Plasma cells",
    "quiz-mcq": "Lupus",
    "quiz-tf": "False",
    "quiz-cloze": "3000 people",
    "quiz-match": json.dumps([["Biopsy", "bone lesions"], ["X-ray", "plasma cells"]]),
}


# --- Submitting and grading ------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(RIGHT))
def test_each_type_is_graded_on_the_server(quiz_bank: Bank, key: str) -> None:
    question = _q(quiz_bank, key)

    assert answer_is_correct(question, RIGHT[key]) is True
    assert answer_is_correct(question, WRONG[key]) is False
    assert answer_is_correct(question, "") is False


def test_matching_is_right_only_with_every_pair_right(quiz_bank: Bank) -> None:
    question = _q(quiz_bank, "quiz-match")

    assert not answer_is_correct(question, json.dumps([["Biopsy", "plasma cells"]]))
    assert not answer_is_correct(question, "not json")
    assert not answer_is_correct(question, json.dumps({"Biopsy": "plasma cells"}))


def test_submitting_grades_every_answer_and_scores_the_attempt(
    quiz: Assignment, student: User, quiz_bank: Bank
) -> None:
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    for key in ("quiz-typed", "quiz-mcq", "quiz-match"):
        attempt_answer(attempt=attempt, question=_q(quiz_bank, key), given=RIGHT[key], now=NOW)
    attempt_answer(attempt=attempt, question=_q(quiz_bank, "quiz-tf"), given="False", now=NOW)

    submitted = attempt_submit(attempt=attempt, now=NOW + timedelta(minutes=3))

    assert (submitted.score, submitted.max_score) == (3, 5)
    assert submitted.submitted_at == NOW + timedelta(minutes=3)
    assert not submitted.closed_by_deadline
    verdicts = dict(AttemptAnswer.objects.values_list("question__key", "is_correct"))
    assert verdicts == {
        "quiz-typed": True,
        "quiz-mcq": True,
        "quiz-match": True,
        "quiz-tf": False,
        "quiz-cloze": False,  # left unanswered: a blank answer, counted wrong
    }
    assert AttemptAnswer.objects.get(question__key="quiz-cloze").given == ""


def test_only_one_submission_counts(quiz: Assignment, student: User) -> None:
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    attempt_submit(attempt=attempt, now=NOW)

    with pytest.raises(AlreadySubmitted):
        attempt_submit(attempt=attempt, now=NOW + timedelta(minutes=1))

    attempt.refresh_from_db()
    assert attempt.submitted_at == NOW
    assert AttemptAnswer.objects.count() == 5


def test_submitting_after_the_deadline_records_it_as_closed_at_the_deadline(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(time_limit_minutes=5)
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)

    submitted = attempt_submit(attempt=attempt, now=NOW + timedelta(hours=2))

    assert submitted.closed_by_deadline
    assert submitted.submitted_at == NOW + timedelta(minutes=5)


def test_every_answered_question_becomes_a_quiz_review_and_blank_ones_do_not(
    quiz: Assignment, student: User, quiz_bank: Bank
) -> None:
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    attempt_answer(attempt=attempt, question=_q(quiz_bank, "quiz-mcq"), given="Lupus", now=NOW)
    attempt_answer(
        attempt=attempt, question=_q(quiz_bank, "quiz-typed"), given=RIGHT["quiz-typed"], now=NOW
    )
    attempt_answer(attempt=attempt, question=_q(quiz_bank, "quiz-tf"), given="   ", now=NOW)

    attempt_submit(attempt=attempt, now=NOW)

    logs = {log.question.key: log for log in ReviewLog.objects.select_related("question")}
    assert set(logs) == {"quiz-mcq", "quiz-typed"}
    wrong, right = logs["quiz-mcq"], logs["quiz-typed"]
    assert (wrong.source, wrong.rating, wrong.was_correct, wrong.given_answer) == (
        "quiz",
        int(Rating.AGAIN),
        False,
        "Lupus",
    )
    assert (right.rating, right.was_correct, right.user) == (int(Rating.GOOD), True, student)
    assert CardState.objects.filter(user=student).count() == 2


def test_a_quiz_review_builds_on_the_card_the_student_already_studied(
    quiz: Assignment, student: User, quiz_bank: Bank
) -> None:
    question = _q(quiz_bank, "quiz-tf")
    token = grade_token(user=student, question_id=question.pk, reps=0)
    review_record(
        user=student,
        question=question,
        rating=Rating.GOOD,
        token=token,
        now=NOW - timedelta(days=3),
    )
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    attempt_answer(attempt=attempt, question=question, given="True", now=NOW)

    attempt_submit(attempt=attempt, now=NOW)

    assert CardState.objects.get(user=student, question=question).reps == 2
    assert ReviewLog.objects.filter(question=question, source="quiz").get().reps == 2


def test_closing_expired_attempts_submits_only_those_past_their_deadline(
    quiz_at: MakeAssignment,
    classroom: Classroom,
    quiz_bank: Bank,
    student: User,
    other_student: User,
) -> None:
    quiz = quiz_at(time_limit_minutes=10)
    Membership.objects.create(classroom=classroom, student=other_student)
    late = attempt_start(assignment=quiz, student=student, now=NOW)
    attempt_answer(attempt=late, question=_q(quiz_bank, "quiz-tf"), given="True", now=NOW)
    running = attempt_start(assignment=quiz, student=other_student, now=NOW + timedelta(minutes=5))

    closed = attempts_close_expired(assignments=[quiz], now=NOW + timedelta(minutes=12))

    late.refresh_from_db()
    running.refresh_from_db()
    assert closed == 1
    assert late.closed_by_deadline and late.score == 1 and late.submitted_at == late.deadline
    assert not running.is_submitted
    assert attempts_close_expired(assignments=[quiz], now=NOW + timedelta(minutes=12)) == 0
