"""Question review writes, and the promise that an instructor's work survives re-import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from learning.ingestion import DraftBank, DraftQuestion
from learning.models import Bank, Question
from learning.services.imports import bank_import
from learning.services.questions import (
    MANUAL_KEY_PREFIX,
    QuestionContent,
    question_create,
    question_restore,
    question_retire,
    question_update,
)

pytestmark = pytest.mark.django_db

MakeDraft = Callable[..., DraftBank]
MakeQuestion = Callable[..., DraftQuestion]


def _content(**overrides: object) -> QuestionContent:
    values: dict[str, object] = {
        "category": "symptoms",
        "type": "flashcard",
        "prompt": "What is the most common symptom?",
        "answer": "Nerve damage",
        "source_quote": "Most people have nerve damage.",
    }
    values.update(overrides)
    return QuestionContent(**values)  # type: ignore[arg-type]


def _import(draft: DraftBank) -> Bank:
    return bank_import(draft=draft, source_text="text", source_filename="poems.txt").bank


def _errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_an_edit_changes_the_content_and_marks_who_and_when(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    question = make_bank().questions.get(key="acr-1")
    now = timezone.now()
    content = replace(QuestionContent.of(question), prompt="Which name is also used?")

    question_update(question=question, content=content, editor=instructor, now=now)

    question.refresh_from_db()
    assert question.prompt == "Which name is also used?"
    assert (question.edited_at, question.edited_by) == (now, instructor)


def test_an_mcq_answer_must_be_one_of_its_options(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    question = make_bank().questions.get(key="syn-1")
    content = replace(QuestionContent.of(question), answer="Crow Fukase")

    with pytest.raises(ValidationError) as error:
        question_update(question=question, content=content, editor=instructor, now=timezone.now())

    assert "must be one of the options" in _errors(error)["choices"][0]
    question.refresh_from_db()
    assert question.answer == "Answer for syn-1" and question.edited_at is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"type": "mcq", "choices": ["Only one"], "answer": "Only one"}, "choices", "two options"),
        ({"type": "mcq", "choices": ["A", "A"], "answer": "A"}, "choices", "different"),
        (
            {"type": "true_false", "choices": ["True", "False"], "answer": "Yes"},
            "choices",
            "one of",
        ),
        ({"type": "flashcard", "choices": ["A", "B"]}, "choices", "only for multiple choice"),
        ({"type": "matching", "pairs": [["A", "1"]], "answer": ""}, "pairs", "two pairs"),
        ({"type": "matching", "pairs": [["A", "1"], ["A", "2"]]}, "pairs", "different"),
        ({"type": "typed", "pairs": [["A", "1"], ["B", "2"]]}, "pairs", "only for matching"),
        ({"type": "cloze", "prompt": "No blank here."}, "prompt", "needs a blank"),
        ({"answer": "   "}, "answer", "correct answer"),
        ({"category": "gossip"}, "category", "not a valid choice"),
        ({"source_quote": ""}, "source_quote", "blank"),
    ],
)
def test_unsound_content_is_refused_with_the_field_to_fix(
    make_bank: Callable[..., Bank],
    instructor: User,
    overrides: dict[str, object],
    field: str,
    message: str,
) -> None:
    bank = make_bank()

    with pytest.raises(ValidationError) as error:
        question_create(
            bank=bank, content=_content(**overrides), editor=instructor, now=timezone.now()
        )

    assert message in " ".join(_errors(error)[field])
    assert not bank.questions.filter(key__startswith=MANUAL_KEY_PREFIX).exists()


def test_a_question_keeps_its_type(make_bank: Callable[..., Bank], instructor: User) -> None:
    question = make_bank().questions.get(key="syn-1")
    content = replace(QuestionContent.of(question), type="flashcard", choices=[])

    with pytest.raises(ValidationError):
        question_update(question=question, content=content, editor=instructor, now=timezone.now())


def test_a_written_question_gets_a_manual_key_comes_last_and_is_marked_edited(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    bank = make_bank()
    now = timezone.now()

    question = question_create(bank=bank, content=_content(), editor=instructor, now=now)

    assert question.key.startswith(MANUAL_KEY_PREFIX) and len(question.key) > 10
    assert question.position == bank.questions.exclude(pk=question.pk).count()
    assert (question.edited_at, question.edited_by) == (now, instructor)
    assert question.retired_at is None


def test_a_true_false_question_gets_true_and_false_options_by_default(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    content = _content(type="true_false", answer="False")

    question = question_create(
        bank=make_bank(), content=content, editor=instructor, now=timezone.now()
    )

    assert question.choices == ["True", "False"]


def test_a_matching_question_without_an_answer_spells_out_its_pairs(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    content = _content(type="matching", answer="", pairs=[["Biopsy", "cells"], ["X-ray", "bone"]])

    question = question_create(
        bank=make_bank(), content=content, editor=instructor, now=timezone.now()
    )

    assert question.answer == "Biopsy – cells; X-ray – bone"


def test_retire_and_restore_mark_the_question_as_reviewed(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    question = make_bank().questions.get(key="sym-1")
    now = timezone.now()

    question_retire(question=question, editor=instructor, now=now)
    question.refresh_from_db()
    assert question.retired_at == now and question.edited_by == instructor

    later = now + timedelta(minutes=1)
    question_restore(question=question, editor=instructor, now=later)
    question.refresh_from_db()
    assert question.retired_at is None and question.edited_at == later


def test_retiring_twice_keeps_the_first_retirement_time(
    make_bank: Callable[..., Bank], instructor: User
) -> None:
    question = make_bank().questions.get(key="sym-1")
    first = timezone.now()

    question_retire(question=question, editor=instructor, now=first)
    question_retire(question=question, editor=instructor, now=first + timedelta(hours=1))

    question.refresh_from_db()
    assert question.retired_at == first


# Re-import: the import service must leave the instructor's work alone.


def test_an_edit_through_the_service_survives_a_reimport(
    make_draft: MakeDraft, make_question: MakeQuestion, instructor: User
) -> None:
    draft = make_draft([make_question("a", type="mcq", choices=["X", "Y"], answer="X")])
    bank = _import(draft)
    question = bank.questions.get(key="a")
    content = replace(QuestionContent.of(question), prompt="Better wording?", choices=["X", "Z"])
    question_update(question=question, content=content, editor=instructor, now=timezone.now())

    _import(make_draft([make_question("a", type="mcq", choices=["X", "Y", "W"], answer="X")]))

    question.refresh_from_db()
    assert question.prompt == "Better wording?"
    assert question.choices == ["X", "Z"]
    assert question.retired_at is None


def test_a_written_question_is_not_retired_by_a_reimport(
    make_draft: MakeDraft, make_question: MakeQuestion, instructor: User
) -> None:
    bank = _import(make_draft([make_question("a"), make_question("b")]))
    manual = question_create(bank=bank, content=_content(), editor=instructor, now=timezone.now())

    report = bank_import(
        draft=make_draft([make_question("a")]), source_text="text", source_filename="poems.txt"
    )

    manual.refresh_from_db()
    assert manual.retired_at is None
    assert manual.prompt == "What is the most common symptom?"
    assert Question.objects.get(key="b").retired_at is not None  # generated and gone: retired
    assert report.retired == 1
    assert report.active == 2  # "a" and the written one


def test_a_question_the_instructor_retired_stays_retired_after_a_reimport(
    make_draft: MakeDraft, make_question: MakeQuestion, instructor: User
) -> None:
    draft = make_draft([make_question("a"), make_question("b")])
    bank = _import(draft)
    question = bank.questions.get(key="a")
    question_retire(question=question, editor=instructor, now=timezone.now())

    report = bank_import(draft=draft, source_text="text", source_filename="poems.txt")

    question.refresh_from_db()
    assert question.retired_at is not None
    assert report.restored == 0 and report.active == 1
