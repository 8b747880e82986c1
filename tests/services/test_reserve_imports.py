"""The reserve through imports: the generator's flag and score are stored and follow re-imports;
an instructor's promotion or demotion is never overridden; learners' progress survives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from learning.ingestion import DraftBank, IngestionError
from learning.models import CardState, Question
from learning.scheduling import Rating
from learning.services.imports import ImportReport, bank_import
from learning.services.questions import QuestionContent, question_place, question_update
from learning.services.reviews import grade_token, review_record
from tests.conftest import DEFAULT_QUESTIONS, make_draft_bank

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _draft(**reserve: bool) -> DraftBank:
    """The default draft with the named questions (by key, `-` as `_`) in the reserve."""
    chosen = {key.replace("_", "-"): flag for key, flag in reserve.items()}
    return make_draft_bank(
        [
            replace(
                item,
                reserve=chosen.get(item.id, False),
                quality=0.2 if chosen.get(item.id) else 0.9,
                reasons=["asks a generic word"] if chosen.get(item.id) else [],
            )
            for item in DEFAULT_QUESTIONS
        ]
    )


def _import(draft: DraftBank) -> ImportReport:
    return bank_import(draft=draft, source_text="Article.", source_filename="poems.txt")


def _question(key: str) -> Question:
    return Question.objects.get(key=key)


def _active_keys() -> set[str]:
    return set(Question.objects.active().values_list("key", flat=True))


def test_the_generators_reserve_flag_quality_and_reasons_are_stored() -> None:
    _import(_draft(syn_1=True))

    held_back = _question("syn-1")
    assert (held_back.reserve, held_back.in_reserve, held_back.reserve_choice) == (True, True, None)
    assert held_back.quality == 0.2
    assert held_back.reasons == ["asks a generic word"]
    assert _question("acr-1").quality == 0.9
    assert _active_keys() == {"acr-1", "sym-1", "sym-2", "tst-1"}
    assert set(Question.objects.in_reserve().values_list("key", flat=True)) == {"syn-1"}


def test_the_report_counts_active_and_reserve_questions_apart() -> None:
    report = _import(_draft(syn_1=True, sym_2=True))

    assert (report.active, report.reserve) == (3, 2)
    assert report.by_category == {"acronym": 1, "symptoms": 1, "tests": 1}
    assert "3 active questions, 2 in reserve" in report.summary()


def test_a_reimport_moves_an_untouched_question_as_the_generator_now_says() -> None:
    _import(_draft(syn_1=True))

    report = _import(_draft(acr_1=True))

    assert _question("syn-1").in_reserve is False
    assert _question("syn-1").quality == 0.9
    acronym = _question("acr-1")
    assert (acronym.in_reserve, acronym.quality, acronym.reasons) == (
        True,
        0.2,
        ["asks a generic word"],
    )
    assert report.updated == 2 and report.created == 0


def test_a_reimport_keeps_an_instructors_promotion(instructor: User) -> None:
    _import(_draft(syn_1=True))
    question_place(question=_question("syn-1"), reserve=False, editor=instructor, now=NOW)

    report = _import(_draft(syn_1=True))

    promoted = _question("syn-1")
    assert (promoted.reserve, promoted.reserve_choice, promoted.in_reserve) == (True, False, False)
    assert promoted.reserve_chosen_by == instructor
    assert "syn-1" in _active_keys()
    assert (report.active, report.reserve) == (5, 0)


def test_a_reimport_keeps_an_instructors_demotion(instructor: User) -> None:
    _import(_draft())
    question_place(question=_question("sym-1"), reserve=True, editor=instructor, now=NOW)

    report = _import(_draft())

    demoted = _question("sym-1")
    assert (demoted.reserve, demoted.reserve_choice, demoted.in_reserve) == (False, True, True)
    assert "sym-1" not in _active_keys()
    assert (report.active, report.reserve) == (4, 1)


def test_a_placed_question_still_gets_the_generators_new_content_and_score(
    instructor: User,
) -> None:
    _import(_draft(syn_1=True))
    question_place(question=_question("syn-1"), reserve=False, editor=instructor, now=NOW)
    reworded = _draft(syn_1=True)
    reworded.questions[1] = replace(reworded.questions[1], prompt="Also called?", quality=0.4)

    _import(reworded)

    promoted = _question("syn-1")
    assert (promoted.prompt, promoted.quality, promoted.in_reserve) == ("Also called?", 0.4, False)
    # Placing is not editing: the generator keeps the wording.
    assert promoted.edited_at is None


def test_an_edited_question_keeps_its_score_and_place(instructor: User) -> None:
    _import(_draft())
    edited = _question("acr-1")
    content = replace(QuestionContent.of(edited), prompt="Edited prompt?")
    question_update(question=edited, content=content, editor=instructor, now=NOW)

    _import(_draft(acr_1=True))

    edited.refresh_from_db()
    assert (edited.prompt, edited.quality, edited.in_reserve) == ("Edited prompt?", 0.9, False)


def test_placing_is_idempotent_and_records_who_and_when(instructor: User) -> None:
    _import(_draft())
    question = _question("tst-1")

    question_place(question=question, reserve=True, editor=instructor, now=NOW)
    question_place(question=question, reserve=True, editor=instructor, now=NOW)

    question.refresh_from_db()
    assert (question.in_reserve, question.reserve_chosen_at) == (True, NOW)
    assert question.reserve_chosen_by == instructor


def _studied(student: User, key: str) -> tuple[object, ...]:
    question = _question(key)
    token = grade_token(user=student, question_id=question.pk, reps=0)
    review_record(user=student, question=question, rating=Rating.GOOD, token=token, now=NOW)
    return CardState.objects.values_list("pk", "due", "reps", "stability").get(
        user=student, question=question
    )


def test_a_question_the_generator_moves_to_the_reserve_keeps_its_learners_card(
    student: User,
) -> None:
    _import(_draft())
    before = _studied(student, "sym-1")

    _import(_draft(sym_1=True))

    assert _question("sym-1").in_reserve
    state = CardState.objects.values_list("pk", "due", "reps", "stability")
    assert state.get(user=student, question__key="sym-1") == before


def test_a_question_an_instructor_demotes_keeps_its_learners_card_and_resumes_it(
    student: User, instructor: User
) -> None:
    _import(_draft())
    before = _studied(student, "sym-2")
    question = _question("sym-2")

    question_place(question=question, reserve=True, editor=instructor, now=NOW)
    question_place(question=question, reserve=False, editor=instructor, now=NOW)

    state = CardState.objects.values_list("pk", "due", "reps", "stability")
    assert state.get(user=student, question=question) == before


def test_a_bad_quality_score_is_refused_and_nothing_is_written() -> None:
    draft = _draft()
    draft.questions[0] = replace(draft.questions[0], quality=1.5)

    with pytest.raises(IngestionError, match="quality"):
        _import(draft)

    assert not Question.objects.exists()
