"""Learners never meet a reserve question: not in study, quizzes, progress or class memory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from learning.ingestion import DraftQuestion
from learning.models import Assignment, Bank, CardState, Classroom, Question
from learning.services.assignments import assignment_save, assignment_scope
from learning.services.attempts import assignment_questions
from learning.services.class_memory import class_memory_summary
from learning.services.progress import progress_summary
from learning.services.reviews import study_queue

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
MakeBank = Callable[..., Bank]
MakeQuestion = Callable[..., DraftQuestion]


def _bank(make_bank: MakeBank, make_question: MakeQuestion) -> Bank:
    """Two symptoms questions: `kept` is active, `held` is in the generator's reserve."""
    return make_bank(
        questions=[
            make_question("kept", type="typed", answer="Fatigue"),
            make_question("held", type="typed", answer="Fever", reserve=True, quality=0.1),
        ]
    )


def _card(user: User, question: Question, *, due: datetime = NOW - timedelta(hours=1)) -> None:
    CardState.objects.create(
        user=user,
        question=question,
        phase="review",
        stability=30.0,
        difficulty=5.0,
        due=due,
        last_review=NOW - timedelta(days=1),
        reps=2,
    )


def test_a_reserve_question_is_never_studied_even_when_its_card_is_due(
    student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = _bank(make_bank, make_question)
    held = bank.questions.get(key="held")
    _card(student, held)

    queue = study_queue(user=student, bank=bank, categories=[], now=NOW)

    assert queue.question is not None and queue.question.key == "kept"
    assert (queue.new, queue.due) == (1, 0)


def test_assignments_draw_only_active_questions(
    classroom: Classroom, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = _bank(make_bank, make_question)

    scope = assignment_scope(bank=bank, categories=[], question_types=[])

    assert list(scope.values_list("key", flat=True)) == ["kept"]


def test_a_question_sent_to_the_reserve_leaves_a_fixed_set_for_new_attempts(
    student: User,
    classroom: Classroom,
    make_bank: MakeBank,
    make_question: MakeQuestion,
) -> None:
    bank = make_bank(
        questions=[make_question(f"q{n}", type="typed", answer=f"A{n}") for n in range(3)]
    )
    assignment = assignment_save(
        assignment=Assignment(
            classroom=classroom,
            bank=bank,
            title="Quiz",
            question_count=3,
            opens_at=NOW - timedelta(hours=1),
            due_at=NOW + timedelta(days=1),
            seed="seed",
        )
    )
    bank.questions.filter(key="q1").update(reserve_choice=True)

    ids = assignment_questions(assignment=assignment, student=student)

    assert sorted(Question.objects.filter(pk__in=ids).values_list("key", flat=True)) == [
        "q0",
        "q2",
    ]


def test_progress_counts_only_active_questions(
    student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = _bank(make_bank, make_question)
    _card(student, bank.questions.get(key="held"), due=NOW + timedelta(days=3))
    bank.questions.create(
        key="extra", category="symptoms", type="flashcard", prompt="P?", answer="A", reserve=True
    )

    (row,) = progress_summary(user=student, now=NOW).mastery

    # The studied reserve card no longer counts; the active question is still to study.
    assert (row.category, row.studied, row.unstudied) == ("symptoms", 0, 1)
    assert all(count == 0 for _, count in progress_summary(user=student, now=NOW).forecast)


def test_class_memory_counts_only_active_questions(
    student: User,
    classroom: Classroom,
    make_bank: MakeBank,
    make_question: MakeQuestion,
    make_assignment: Callable[..., Assignment],
) -> None:
    bank = _bank(make_bank, make_question)
    assignment = make_assignment(classroom, bank=bank, question_count=1)
    _card(student, bank.questions.get(key="held"))

    memory = class_memory_summary(assignments=[assignment], students=[(student, "sam")], now=NOW)

    (category,) = memory.categories
    assert category.questions == 1
    (row,) = memory.students
    assert row.overall.recalled == 0 and row.overdue == 0
