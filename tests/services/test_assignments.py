from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from learning.answer_leaks import conflicts
from learning.models import Assignment, Attempt, Bank, Classroom, Question
from learning.services.assignments import (
    AssignmentStarted,
    GiveAways,
    NotEnoughQuestions,
    QuestionSetLocked,
    assignment_delete,
    assignment_save,
    assignment_scope,
    quiz_items,
)
from learning.services.attempts import AssignmentGone, assignment_questions, attempt_start
from learning.services.imports import source_import
from tests.conftest import draft_question
from tests.ingestion.conftest import SEED
from tests.services.quiz_clock import NOW

pytestmark = pytest.mark.django_db

GRADABLE_KEYS = {"quiz-typed", "quiz-mcq", "quiz-tf", "quiz-cloze", "quiz-match"}


def _unsaved(classroom: Classroom, bank: Bank, **overrides: object) -> Assignment:
    values: dict[str, object] = {
        "classroom": classroom,
        "bank": bank,
        "title": "Quiz",
        "question_count": 3,
        "opens_at": NOW - timedelta(hours=1),
        "due_at": NOW + timedelta(days=1),
        "seed": "seed-1",
    }
    values.update(overrides)
    return Assignment(**values)


def _keys(ids: list[int]) -> list[str]:
    keys = dict(Question.objects.filter(pk__in=ids).values_list("pk", "key"))
    return [keys[pk] for pk in ids]


def test_a_fixed_set_is_picked_at_save_in_the_banks_order_and_never_holds_a_flashcard(
    classroom: Classroom, quiz_bank: Bank
) -> None:
    assignment = assignment_save(assignment=_unsaved(classroom, quiz_bank))

    keys = _keys(assignment.fixed_question_ids)
    assert len(keys) == 3 and set(keys) <= GRADABLE_KEYS
    positions = list(
        Question.objects.filter(pk__in=assignment.fixed_question_ids)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert assignment.fixed_question_ids == positions


def test_the_same_seed_picks_the_same_set(classroom: Classroom, quiz_bank: Bank) -> None:
    first = assignment_save(assignment=_unsaved(classroom, quiz_bank))
    second = assignment_save(assignment=_unsaved(classroom, quiz_bank))

    assert first.fixed_question_ids == second.fixed_question_ids


def test_categories_and_types_narrow_the_scope(classroom: Classroom, quiz_bank: Bank) -> None:
    assignment = assignment_save(
        assignment=_unsaved(
            classroom,
            quiz_bank,
            question_count=1,
            categories=["synonyms", "acronym"],
            question_types=["true_false", "typed"],
        )
    )

    assert _keys(assignment.fixed_question_ids)[0] in {"quiz-tf", "quiz-typed"}
    with pytest.raises(NotEnoughQuestions):
        assignment_save(
            assignment=_unsaved(
                classroom, quiz_bank, question_count=3, question_types=["true_false", "typed"]
            )
        )


def test_it_says_how_many_questions_there_are_when_too_few(
    classroom: Classroom, quiz_bank: Bank
) -> None:
    with pytest.raises(NotEnoughQuestions) as refused:
        assignment_save(assignment=_unsaved(classroom, quiz_bank, question_count=6))

    assert refused.value.available == 5
    assert "Only 5 active questions match" in str(refused.value)
    assert not Assignment.objects.exists()


def test_flashcards_alone_are_not_enough(classroom: Classroom, quiz_bank: Bank) -> None:
    with pytest.raises(NotEnoughQuestions, match="No active question"):
        assignment_save(
            assignment=_unsaved(
                classroom,
                quiz_bank,
                question_count=1,
                question_types=["flashcard"],
                categories=["symptoms"],
            )
        )


def test_retired_questions_do_not_count(classroom: Classroom, quiz_bank: Bank) -> None:
    quiz_bank.questions.filter(key__in=["quiz-mcq", "quiz-tf"]).update(retired_at=NOW)

    with pytest.raises(NotEnoughQuestions) as refused:
        assignment_save(assignment=_unsaved(classroom, quiz_bank, question_count=4))

    assert refused.value.available == 3


def test_a_per_student_draw_keeps_no_fixed_set(classroom: Classroom, quiz_bank: Bank) -> None:
    assignment = assignment_save(
        assignment=_unsaved(classroom, quiz_bank, draw=Assignment.DRAW_PER_STUDENT)
    )

    assert assignment.fixed_question_ids == []


def test_once_attempts_exist_the_question_set_is_locked(
    classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    assignment = assignment_save(assignment=_unsaved(classroom, quiz_bank))
    attempt_start(assignment=assignment, student=student, now=NOW)
    picked = list(assignment.fixed_question_ids)

    assignment.question_count = 2
    with pytest.raises(QuestionSetLocked):
        assignment_save(assignment=assignment)

    assignment.refresh_from_db()
    assert (assignment.question_count, assignment.fixed_question_ids) == (3, picked)


def test_other_settings_still_change_and_move_deadlines_of_attempts_in_progress(
    classroom: Classroom, quiz_bank: Bank, student: User
) -> None:
    assignment = assignment_save(assignment=_unsaved(classroom, quiz_bank))
    attempt = attempt_start(assignment=assignment, student=student, now=NOW)
    picked = list(assignment.fixed_question_ids)

    assignment.title = "Quiz one"
    assignment.time_limit_minutes = 30
    assignment_save(assignment=assignment)

    attempt.refresh_from_db()
    assert attempt.deadline == NOW + timedelta(minutes=30)
    assert Assignment.objects.get().fixed_question_ids == picked
    assert Attempt.objects.get().question_ids == attempt.question_ids


def test_an_assignment_nobody_started_is_deleted(quiz: Assignment) -> None:
    assignment_delete(assignment=quiz)

    assert not Assignment.objects.filter(pk=quiz.pk).exists()


def test_a_started_assignment_is_not_deleted_and_keeps_its_attempts(
    quiz: Assignment, student: User
) -> None:
    attempt_start(assignment=quiz, student=student, now=NOW)
    pk = quiz.pk

    with pytest.raises(AssignmentStarted, match="cannot be deleted"):
        assignment_delete(assignment=quiz)

    assert quiz.pk == pk  # the caller's object still names it
    assert Assignment.objects.filter(pk=pk).exists()
    assert Attempt.objects.filter(assignment_id=pk).count() == 1


def test_a_deleted_assignment_cannot_be_started(quiz: Assignment, student: User) -> None:
    assignment_delete(assignment=quiz)

    with pytest.raises(AssignmentGone):
        attempt_start(assignment=quiz, student=student, now=NOW)

    assert Attempt.objects.count() == 0


# --- Questions that give each other's answers away -------------------------------------------

LEAKY = [
    draft_question(
        "asks",
        category="synonyms",
        type="typed",
        prompt="What else is POEMS syndrome called?",
        answer="Crow-Fukase syndrome",
        accepted_answers=["Crow-Fukase syndrome"],
    ),
    draft_question(
        "tells",
        category="synonyms",
        type="true_false",
        prompt="Crow-Fukase syndrome is another name for POEMS syndrome.",
        answer="True",
        choices=["True", "False"],
    ),
    draft_question(
        "apart",
        category="epidemiology",
        type="typed",
        prompt="How many people have it?",
        answer="300 to 300,000",
        accepted_answers=["300 to 300,000"],
    ),
]
SEEDS = [f"seed-{n}" for n in range(20)]


def test_a_fixed_set_never_holds_a_question_and_its_give_away(
    classroom: Classroom, make_bank: Callable[..., Bank]
) -> None:
    bank = make_bank(questions=LEAKY)

    for seed in SEEDS:
        quiz = _unsaved(classroom, bank, question_count=2, seed=seed)
        keys = set(_keys(assignment_save(assignment=quiz).fixed_question_ids))
        assert len(keys) == 2 and keys != {"asks", "tells"}, seed


def test_a_per_student_draw_never_holds_a_question_and_its_give_away(
    classroom: Classroom, make_bank: Callable[..., Bank]
) -> None:
    bank = make_bank(questions=LEAKY)
    quiz = _unsaved(classroom, bank, question_count=2, draw=Assignment.DRAW_PER_STUDENT)
    quiz = assignment_save(assignment=quiz)
    students = [User.objects.create_user(username=f"student-{n}") for n in range(20)]

    for student in students:
        keys = set(_keys(assignment_questions(assignment=quiz, student=student)))
        assert len(keys) == 2 and keys != {"asks", "tells"}, student


def test_a_set_the_give_aways_make_impossible_is_refused_with_the_reason(
    classroom: Classroom, make_bank: Callable[..., Bank]
) -> None:
    bank = make_bank(questions=LEAKY)

    for draw in (Assignment.DRAW_FIXED, Assignment.DRAW_PER_STUDENT):
        quiz = _unsaved(classroom, bank, question_count=3, draw=draw)
        with pytest.raises(GiveAways, match="Only 2 questions .* giving away another's answer"):
            assignment_save(assignment=quiz)
    assert not Assignment.objects.exists()


def test_a_quiz_over_the_seed_article_keeps_every_answer_to_itself(
    classroom: Classroom,
) -> None:
    bank = source_import(data=SEED.read_bytes(), filename=SEED.name).bank
    scope = assignment_scope(bank=bank, categories=[], question_types=[])
    items = list(quiz_items(list(scope.values_list("pk", flat=True))))
    assert len(conflicts(items)) > 10  # the bank itself is full of them

    quiz = assignment_save(assignment=_unsaved(classroom, bank, question_count=15))

    chosen = set(quiz.fixed_question_ids)
    assert conflicts([item for item in items if item.id in chosen]) == []
