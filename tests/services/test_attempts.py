"""Attempts: which questions, starting, answering."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User

from learning.models import (
    Assignment,
    Attempt,
    AttemptAnswer,
    Bank,
    Classroom,
    Membership,
    Question,
)
from learning.services.attempts import (
    AlreadySubmitted,
    NoAttemptsLeft,
    NotAMember,
    NotInAttempt,
    NotOpenYet,
    PastDue,
    TimeUp,
    assignment_questions,
    attempt_answer,
    attempt_start,
    attempt_submit,
)
from tests.services.quiz_clock import NOW

pytestmark = pytest.mark.django_db

MakeAssignment = Callable[..., Assignment]


def _q(bank: Bank, key: str) -> Question:
    return bank.questions.get(key=key)


# --- Which questions -------------------------------------------------------------------------


def test_a_fixed_set_is_asked_in_its_order_without_shuffle(quiz: Assignment, student: User) -> None:
    assert assignment_questions(assignment=quiz, student=student) == quiz.fixed_question_ids


def test_a_retired_question_is_left_out_of_new_attempts(
    quiz: Assignment, student: User, quiz_bank: Bank
) -> None:
    Question.objects.filter(bank=quiz_bank, key="quiz-tf").update(retired_at=NOW)

    ids = assignment_questions(assignment=quiz, student=student)

    assert _q(quiz_bank, "quiz-tf").pk not in ids
    assert len(ids) == 4


def test_shuffled_order_is_the_same_for_a_student_every_time_and_differs_between_students(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(shuffle=True, seed="fixed-seed")
    others = [User.objects.create_user(f"student-{n}") for n in range(6)]

    mine = assignment_questions(assignment=quiz, student=student)

    assert mine == assignment_questions(assignment=quiz, student=student)
    assert sorted(mine) == sorted(quiz.fixed_question_ids)
    orders = {tuple(assignment_questions(assignment=quiz, student=u)) for u in [student, *others]}
    assert len(orders) > 1


def test_a_per_student_draw_is_reproducible_within_scope_and_never_a_flashcard(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(
        draw=Assignment.DRAW_PER_STUDENT,
        question_count=2,
        seed="draw-seed",
        categories=["synonyms", "tests", "symptoms"],
    )
    others = [User.objects.create_user(f"student-{n}") for n in range(6)]
    allowed = set(
        quiz_bank.questions.filter(key__in=["quiz-mcq", "quiz-tf", "quiz-match"]).values_list(
            "pk", flat=True
        )
    )

    draws = [assignment_questions(assignment=quiz, student=u) for u in [student, *others]]

    assert draws[0] == assignment_questions(assignment=quiz, student=student)
    assert all(len(draw) == 2 and set(draw) <= allowed for draw in draws)
    assert len({frozenset(draw) for draw in draws}) > 1


# --- Starting --------------------------------------------------------------------------------


def test_starting_makes_attempt_one_with_the_questions_and_a_deadline_at_the_time_limit(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(time_limit_minutes=20)

    attempt = attempt_start(assignment=quiz, student=student, now=NOW)

    assert (attempt.number, attempt.started_at, attempt.submitted_at) == (1, NOW, None)
    assert attempt.deadline == NOW + timedelta(minutes=20)
    assert attempt.question_ids == quiz.fixed_question_ids


def test_the_deadline_is_the_due_date_when_that_comes_before_the_time_limit(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(
        time_limit_minutes=60,
        due_at=NOW + timedelta(minutes=15),
    )

    assert attempt_start(assignment=quiz, student=student, now=NOW).deadline == quiz.due_at


def test_starting_again_returns_the_attempt_in_progress(quiz: Assignment, student: User) -> None:
    first = attempt_start(assignment=quiz, student=student, now=NOW)

    again = attempt_start(assignment=quiz, student=student, now=NOW + timedelta(minutes=5))

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_it_refuses_a_student_who_is_not_in_the_class(
    quiz: Assignment, other_student: User
) -> None:
    with pytest.raises(NotAMember):
        attempt_start(assignment=quiz, student=other_student, now=NOW)
    assert not Attempt.objects.exists()


def test_it_refuses_before_the_assignment_opens(quiz: Assignment, student: User) -> None:
    with pytest.raises(NotOpenYet):
        attempt_start(assignment=quiz, student=student, now=quiz.opens_at - timedelta(seconds=1))
    assert not Attempt.objects.exists()


def test_it_refuses_at_and_after_the_due_date(quiz: Assignment, student: User) -> None:
    for moment in (quiz.due_at, quiz.due_at + timedelta(days=1)):
        with pytest.raises(PastDue):
            attempt_start(assignment=quiz, student=student, now=moment)
    assert not Attempt.objects.exists()


def test_a_second_attempt_beyond_the_limit_is_refused(quiz: Assignment, student: User) -> None:
    attempt_submit(attempt=attempt_start(assignment=quiz, student=student, now=NOW), now=NOW)

    with pytest.raises(NoAttemptsLeft, match="You have used your 1 attempt"):
        attempt_start(assignment=quiz, student=student, now=NOW + timedelta(minutes=1))
    assert Attempt.objects.count() == 1


def test_a_second_attempt_within_the_limit_gets_number_two(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(attempts_allowed=2)
    attempt_submit(attempt=attempt_start(assignment=quiz, student=student, now=NOW), now=NOW)

    second = attempt_start(assignment=quiz, student=student, now=NOW + timedelta(minutes=1))

    assert second.number == 2
    attempt_submit(attempt=second, now=NOW + timedelta(minutes=2))
    with pytest.raises(NoAttemptsLeft, match="your 2 attempts"):
        attempt_start(assignment=quiz, student=student, now=NOW + timedelta(minutes=3))


def test_an_expired_attempt_in_progress_is_closed_before_anything_else(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(time_limit_minutes=10, attempts_allowed=2)
    first = attempt_start(assignment=quiz, student=student, now=NOW)

    second = attempt_start(assignment=quiz, student=student, now=NOW + timedelta(minutes=11))

    first.refresh_from_db()
    assert first.is_submitted and first.closed_by_deadline
    assert first.submitted_at == first.deadline
    assert second.number == 2


# --- Answering -------------------------------------------------------------------------------


def test_an_answer_is_saved_as_given_and_replaced_by_the_next(
    quiz: Assignment, student: User, quiz_bank: Bank
) -> None:
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    question = _q(quiz_bank, "quiz-typed")

    attempt_answer(attempt=attempt, question=question, given="  Poly ", now=NOW)
    attempt_answer(attempt=attempt, question=question, given=" Polyneuro", now=NOW)

    answer = AttemptAnswer.objects.get()
    assert (answer.given, answer.is_correct) == (" Polyneuro", None)


def test_a_question_outside_the_attempt_is_refused(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(question_count=1)
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)

    with pytest.raises(NotInAttempt):
        attempt_answer(attempt=attempt, question=_q(quiz_bank, "quiz-mcq"), given="Lupus", now=NOW)
    assert not AttemptAnswer.objects.exists()


def test_an_answer_after_the_time_limit_is_ignored_and_the_attempt_closes_itself(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(time_limit_minutes=10)
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    attempt_answer(attempt=attempt, question=_q(quiz_bank, "quiz-tf"), given="True", now=NOW)

    with pytest.raises(TimeUp):
        attempt_answer(
            attempt=attempt,
            question=_q(quiz_bank, "quiz-mcq"),
            given="Crow-Fukase syndrome",
            now=NOW + timedelta(minutes=10),
        )

    attempt.refresh_from_db()
    assert attempt.closed_by_deadline and attempt.submitted_at == NOW + timedelta(minutes=10)
    assert attempt.score == 1
    assert AttemptAnswer.objects.get(question__key="quiz-mcq").given == ""


def test_an_answer_after_the_due_date_is_ignored(
    quiz_at: MakeAssignment, classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    quiz = quiz_at(due_at=NOW + timedelta(minutes=30))
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)

    with pytest.raises(TimeUp):
        attempt_answer(
            attempt=attempt,
            question=_q(quiz_bank, "quiz-tf"),
            given="True",
            now=quiz.due_at + timedelta(seconds=1),
        )

    attempt.refresh_from_db()
    assert attempt.score == 0 and attempt.closed_by_deadline


def test_an_answer_after_submitting_is_refused(
    quiz: Assignment, student: User, quiz_bank: Bank
) -> None:
    attempt = attempt_start(assignment=quiz, student=student, now=NOW)
    attempt_submit(attempt=attempt, now=NOW)

    with pytest.raises(AlreadySubmitted):
        attempt_answer(attempt=attempt, question=_q(quiz_bank, "quiz-tf"), given="True", now=NOW)
    assert AttemptAnswer.objects.get(question__key="quiz-tf").given == ""


# --- Later attempts after answers were shown -----------------------------------------------


def _submit_next(quiz: Assignment, student: User, now: datetime) -> list[int]:
    attempt = attempt_start(assignment=quiz, student=student, now=now)
    attempt_submit(attempt=attempt, now=now)
    return list(attempt.question_ids)


@pytest.mark.parametrize("draw", [Assignment.DRAW_PER_STUDENT, Assignment.DRAW_FIXED])
def test_after_answers_were_shown_the_next_attempt_asks_new_questions_while_there_are_any(
    quiz_at: Callable[..., Assignment], student: User, draw: str
) -> None:
    quiz = quiz_at(
        draw=draw, question_count=2, attempts_allowed=3, show_answers=Assignment.SHOW_IMMEDIATELY
    )

    first, second, third = (_submit_next(quiz, student, NOW) for _ in range(3))

    assert len(first) == len(second) == len(third) == 2
    assert not set(first) & set(second)
    # Five questions in scope: the third attempt gets the one left and one seen before.
    unseen = set(third) - set(first) - set(second)
    assert len(unseen) == 1


def test_a_fixed_sets_later_attempts_are_the_same_for_everyone(
    quiz_at: Callable[..., Assignment], student: User, other_student: User, classroom: Classroom
) -> None:
    Membership.objects.create(classroom=classroom, student=other_student)
    quiz = quiz_at(question_count=2, attempts_allowed=2, show_answers=Assignment.SHOW_IMMEDIATELY)

    sams = [_submit_next(quiz, student, NOW) for _ in range(2)]
    olgas = [_submit_next(quiz, other_student, NOW) for _ in range(2)]

    assert sams == olgas
    assert sams[0] == quiz.fixed_question_ids


def test_when_answers_wait_for_the_due_date_attempts_repeat_the_set(
    quiz_at: Callable[..., Assignment], student: User
) -> None:
    quiz = quiz_at(
        draw=Assignment.DRAW_PER_STUDENT,
        question_count=2,
        attempts_allowed=2,
        show_answers=Assignment.SHOW_AFTER_DUE,
    )

    first, second = (_submit_next(quiz, student, NOW) for _ in range(2))

    assert first == second
