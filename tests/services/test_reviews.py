"""Recording a grade once, refusing stale or foreign tokens, and undoing the latest grade."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing

from learning.models import Bank, CardState, Question, ReviewLog, StudySettings
from learning.scheduling import Rating
from learning.services.reviews import (
    AlreadyGraded,
    BadToken,
    NothingToUndo,
    grade_token,
    review_record,
    review_undo,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


@pytest.fixture
def bank(make_bank: Callable[..., Bank]) -> Bank:
    return make_bank()


@pytest.fixture
def question(bank: Bank) -> Question:
    return bank.questions.get(key="acr-1")


@pytest.fixture
def second(bank: Bank) -> Question:
    return bank.questions.get(key="syn-1")


def _reps(user: User, question: Question) -> int:
    card = CardState.objects.filter(user=user, question=question).first()
    return card.reps if card else 0


def _token(user: User, question: Question) -> str:
    """The token a page showing this card right now would carry."""
    return grade_token(user=user, question_id=question.pk, reps=_reps(user, question))


def _grade(user: User, question: Question, rating: Rating, *, now: datetime) -> ReviewLog:
    return review_record(
        user=user, question=question, rating=rating, token=_token(user, question), now=now
    )


def _card(user: User, question: Question) -> dict[str, Any]:
    """Every column of the card's row, to compare states exactly."""
    return CardState.objects.filter(user=user, question=question).values().get()


def test_the_first_grade_creates_the_card_state_and_one_review_log(
    student: User, question: Question
) -> None:
    log = review_record(
        user=student,
        question=question,
        rating=G,
        token=grade_token(user=student, question_id=question.pk, reps=0),
        now=NOW,
        source="practice",
        given_answer="nerve damage",
        was_correct=True,
        duration_ms=4200,
    )

    card = CardState.objects.get(user=student, question=question)
    assert (card.phase, card.step, card.reps, card.lapses) == ("learning", 1, 1, 0)
    assert (card.due, card.last_review) == (NOW + timedelta(minutes=10), NOW)
    assert card.stability is not None and card.difficulty is not None
    assert ReviewLog.objects.get() == log
    assert (log.user, log.question, log.rating, log.reviewed_at) == (student, question, 3, NOW)
    assert (log.source, log.given_answer, log.was_correct, log.duration_ms) == (
        "practice",
        "nerve damage",
        True,
        4200,
    )
    assert (log.reps, log.phase_before, log.memory_before, log.lapses_before) == (1, "new", None, 0)
    assert (log.phase_after, log.due_after) == ("learning", card.due)


def test_each_grade_uses_the_learners_own_steps(student: User, question: Question) -> None:
    StudySettings.objects.create(user=student, learning_steps=[3, 30])

    _grade(student, question, A, now=NOW)

    assert CardState.objects.get(user=student).due == NOW + timedelta(minutes=3)


def test_a_later_grade_updates_the_card_and_logs_what_it_was_before(
    student: User, question: Question
) -> None:
    _grade(student, question, G, now=NOW)
    before = CardState.objects.get(user=student, question=question)

    log = _grade(student, question, G, now=before.due)

    after = CardState.objects.get(user=student, question=question)
    assert (after.phase, after.reps, after.last_review) == ("review", 2, before.due)
    assert (log.reps, log.phase_before, log.phase_after) == (2, "learning", "review")
    assert log.memory_before == {
        "phase": "learning",
        "step": 1,
        "stability": before.stability,
        "difficulty": before.difficulty,
        "due": before.due.isoformat(),
        "last_review": NOW.isoformat(),
    }


def test_replaying_the_same_token_records_nothing_more(student: User, question: Question) -> None:
    token = _token(student, question)
    review_record(user=student, question=question, rating=G, token=token, now=NOW)
    graded = _card(student, question)

    with pytest.raises(AlreadyGraded):
        review_record(
            user=student, question=question, rating=G, token=token, now=NOW + timedelta(seconds=1)
        )

    assert ReviewLog.objects.count() == 1
    assert _card(student, question) == graded


def test_a_double_click_on_a_card_in_review_counts_once(student: User, question: Question) -> None:
    _grade(student, question, E, now=NOW)
    later = CardState.objects.get(user=student).due
    token = _token(student, question)

    review_record(user=student, question=question, rating=G, token=token, now=later)
    with pytest.raises(AlreadyGraded):
        review_record(user=student, question=question, rating=G, token=token, now=later)

    assert ReviewLog.objects.count() == 2
    assert CardState.objects.get(user=student).reps == 2


@pytest.mark.parametrize("earlier", [(), (E,)], ids=["new-card", "card-in-review"])
def test_two_tabs_showing_the_same_card_count_only_the_first_grade(
    student: User, question: Question, earlier: tuple[Rating, ...]
) -> None:
    now = NOW
    for rating in earlier:
        now = _grade(student, question, rating, now=now).due_after
    first_tab = _token(student, question)
    second_tab = _token(student, question)

    review_record(user=student, question=question, rating=E, token=first_tab, now=now)
    counted = _card(student, question)
    with pytest.raises(AlreadyGraded):
        review_record(user=student, question=question, rating=A, token=second_tab, now=now)

    assert ReviewLog.objects.count() == len(earlier) + 1
    assert ReviewLog.objects.latest("pk").rating == E
    assert _card(student, question) == counted


def _bad_token(
    which: str, *, student: User, other: User, question: Question, second: Question
) -> str:
    good = grade_token(user=student, question_id=question.pk, reps=0)
    _, rest = good.split(":", 1)
    forged = signing.b64_encode(b"[1,2,0]").decode()
    return {
        "other-user": grade_token(user=other, question_id=question.pk, reps=0),
        "other-card": grade_token(user=student, question_id=second.pk, reps=0),
        "tampered-signature": good[:-1] + ("A" if good[-1] != "A" else "B"),
        "tampered-payload": f"{forged}:{rest}",
        "other-salt": signing.dumps([student.pk, question.pk, 0]),
        "empty": "",
        "garbage": "not a token",
    }[which]


@pytest.mark.parametrize(
    "which",
    [
        "other-user",
        "other-card",
        "tampered-signature",
        "tampered-payload",
        "other-salt",
        "empty",
        "garbage",
    ],
)
def test_a_token_for_another_user_or_card_or_tampered_is_refused(
    student: User, other_student: User, question: Question, second: Question, which: str
) -> None:
    token = _bad_token(
        which, student=student, other=other_student, question=question, second=second
    )

    with pytest.raises(BadToken):
        review_record(user=student, question=question, rating=G, token=token, now=NOW)

    assert not ReviewLog.objects.exists()
    assert not CardState.objects.exists()


def test_the_other_users_own_token_still_works_for_them(
    student: User, other_student: User, question: Question
) -> None:
    _grade(student, question, G, now=NOW)

    _grade(other_student, question, A, now=NOW)

    assert CardState.objects.get(user=other_student).reps == 1
    assert CardState.objects.get(user=student).reps == 1


def test_a_lapse_is_counted_only_when_a_card_in_review_is_forgotten(
    student: User, question: Question
) -> None:
    now = NOW
    lapses = []
    phases = []
    for rating in (A, E, A, A, G, H, A):
        log = _grade(student, question, rating, now=now)
        now = log.due_after
        card = CardState.objects.get(user=student)
        lapses.append((log.lapses_before, card.lapses))
        phases.append(log.phase_before)

    assert phases == ["new", "learning", "review", "relearning", "relearning", "review", "review"]
    assert lapses == [(0, 0), (0, 0), (0, 1), (1, 1), (1, 1), (1, 1), (1, 2)]


@pytest.mark.parametrize("history", [(E,), (G,), (E, A), (E, G, H), (E, A, A)])
@pytest.mark.parametrize("last", [A, H, G, E])
def test_undo_restores_every_field_of_the_card_as_it_was(
    student: User, question: Question, history: tuple[Rating, ...], last: Rating
) -> None:
    now = NOW
    for rating in history:
        now = _grade(student, question, rating, now=now).due_after
    before = _card(student, question)
    log = _grade(student, question, last, now=now + timedelta(hours=1))

    undone = review_undo(user=student, review_id=log.pk)

    assert (undone.rating, undone.reps) == (last, before["reps"] + 1)
    assert _card(student, question) == before
    assert ReviewLog.objects.count() == len(history)
    assert not ReviewLog.objects.filter(pk=log.pk).exists()


def test_undoing_the_first_grade_makes_the_card_new_again(
    student: User, question: Question
) -> None:
    log = _grade(student, question, G, now=NOW)

    review_undo(user=student, review_id=log.pk)

    assert not CardState.objects.exists()
    assert not ReviewLog.objects.exists()


def test_only_the_latest_review_can_be_undone(
    student: User, question: Question, second: Question
) -> None:
    earlier = _grade(student, question, G, now=NOW)
    latest = _grade(student, second, G, now=NOW + timedelta(minutes=1))
    cards = list(CardState.objects.values())

    with pytest.raises(NothingToUndo):
        review_undo(user=student, review_id=earlier.pk)

    assert list(CardState.objects.values()) == cards
    assert ReviewLog.objects.count() == 2
    review_undo(user=student, review_id=latest.pk)
    with pytest.raises(NothingToUndo):
        review_undo(user=student, review_id=latest.pk)


def test_undo_steps_back_one_review_at_a_time(student: User, question: Question) -> None:
    first = _grade(student, question, E, now=NOW)
    after_first = _card(student, question)
    second = _grade(student, question, G, now=first.due_after)

    review_undo(user=student, review_id=second.pk)
    assert _card(student, question) == after_first
    review_undo(user=student, review_id=first.pk)

    assert not CardState.objects.exists()


def test_another_users_review_cannot_be_undone(
    student: User, other_student: User, question: Question
) -> None:
    theirs = _grade(other_student, question, G, now=NOW)

    with pytest.raises(NothingToUndo):
        review_undo(user=student, review_id=theirs.pk)
    _grade(student, question, G, now=NOW + timedelta(minutes=1))
    with pytest.raises(NothingToUndo):
        review_undo(user=student, review_id=theirs.pk)

    assert ReviewLog.objects.filter(user=other_student).count() == 1
    assert CardState.objects.filter(user=other_student).exists()


def test_there_is_nothing_to_undo_before_the_first_review(student: User) -> None:
    with pytest.raises(NothingToUndo):
        review_undo(user=student, review_id=1)


@pytest.mark.parametrize("history", [(), (E,)], ids=["new-card", "card-in-review"])
def test_after_an_undo_the_card_can_be_graded_again_with_a_fresh_token(
    student: User, question: Question, history: tuple[Rating, ...]
) -> None:
    now = NOW
    for rating in history:
        now = _grade(student, question, rating, now=now).due_after
    mistaken = _grade(student, question, A, now=now)
    review_undo(user=student, review_id=mistaken.pk)

    regraded = _grade(student, question, E, now=now + timedelta(seconds=5))

    assert ReviewLog.objects.count() == len(history) + 1
    assert ReviewLog.objects.latest("pk") == regraded
    card = CardState.objects.get(user=student)
    assert (card.reps, card.phase, card.lapses) == (len(history) + 1, "review", 0)
    assert regraded.phase_before == ("review" if history else "new")
